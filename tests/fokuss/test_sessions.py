"""Sessions: cached, written through to the database, and working on the database alone while
the cache is down."""

import pytest

from fokuss.sessions import SessionStore


class _DownCache:
    def __getattr__(self, name):
        def _raise(*args, **kwargs):
            raise ConnectionError("cache down")
        return _raise

    def __contains__(self, key):
        raise ConnectionError("cache down")


@pytest.mark.django_db
def test_a_session_is_served_from_the_cache_and_kept_in_the_database(django_assert_num_queries):
    store = SessionStore()
    store["x"] = 1
    store.save()
    with django_assert_num_queries(0):
        assert SessionStore(store.session_key).load() == {"x": 1}


@pytest.mark.django_db
def test_sessions_work_on_the_database_while_the_cache_is_down():
    store = SessionStore()
    store["x"] = 1
    store.save()
    down = SessionStore(store.session_key)
    down._cache = _DownCache()
    assert down.load() == {"x": 1}
    assert down.exists(store.session_key) is True
    down.create()  # a new key (sign-in) checks exists() against the cache first
    assert down.session_key and down.session_key != store.session_key
    down.delete(store.session_key)
    fresh = SessionStore(store.session_key)
    fresh._cache = _DownCache()
    assert fresh.load() == {}  # gone from the database
