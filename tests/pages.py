"""Helpers for tests that count a page's queries around the page cache (fokuss/page_cache.py)."""

from django.conf import settings
from django.middleware.csrf import _get_new_csrf_string

# A page served whole from the cache runs one query: the session's user (auth middleware).
PAGE_CACHE_HIT_QUERIES = 1


def new_browser_secret(client) -> None:
    """The same person in another browser (another CSRF secret): the page is rendered again, while
    its parts cached per person and forum data version ({% forumcache %}, panels) are reused."""
    client.cookies[settings.CSRF_COOKIE_NAME] = _get_new_csrf_string()
