import pytest
from django.conf import settings
from django.core.cache import cache
from django.middleware.csrf import _get_new_csrf_string
from django.utils import translation

from tests.world import build_world


@pytest.fixture(autouse=True)
def _indonesian():
    translation.activate("id")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: the test database is rolled back after each test (and
    SQLite reuses row ids), so a page cached under a forum's data version must not outlive it."""
    cache.clear()
    yield


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def login(client):
    """login(user) signs the test client in as that user and returns the client. The client holds a
    CSRF cookie from the start, as a browser does after the sign-in page: so the first page a test
    opens is already stored in the page cache (fokuss/page_cache.py) and every later request in
    the test goes through it."""

    def _login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
            client.cookies[settings.CSRF_COOKIE_NAME] = _get_new_csrf_string()
        return client

    return _login
