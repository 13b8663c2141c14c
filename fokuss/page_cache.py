"""Whole pages cached per person under the data versions (fokuss/cache.py): the main pages many
people open every morning and few change (dashboards, deadlines, matrix, heatmap, profiles, events).

``@page_cached()`` goes under ``@forum_required`` on a view. A GET by a signed-in user in a forum
is answered from the cache when the same person opened the same address, in the same language,
on the same day (or minute, ``per="minute"``, for pages that change with the time of day), and
nothing it depends on changed since:

- the forum's data version and the shared one (any write to the forum's rows),
- the version of who holds which post (the actor: roles, villages, the forum switcher),
- the person's own version (their bell, the PDFs made for them).

Writes bump those versions in the same request (and again on commit), so the next request after a
change always renders afresh: exact invalidation, no waiting for a timeout.

The access check still runs on every request: the decorators above (``forum_required``) and the
middleware (second factor) run before; what the view itself checks (``policy.require``, the
object's forum) was decided for the same person, posts, forum and day when the page was stored,
and only 200 pages are stored.

What makes a request pass the cache by, rendering as usual: not a GET; an htmx request (partial
markup); no CSRF cookie yet (the page's forms carry a token of the secret in that cookie, which is
therefore part of the key); flash messages waiting to be shown. What keeps a page out of the cache:
a status other than 200, not HTML, a cookie set, the session or the CSRF secret changed, messages
added while rendering.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Literal

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation

from .cache import ENTRY_TIMEOUT, page_versions

Period = Literal["day", "minute"]
ForumsOf = Callable[[HttpRequest], "Iterable[int] | None"]
_FORMATS: dict[str, str] = {"day": "%Y%m%d", "minute": "%Y%m%d%H%M"}

# On a hit the response says so (tests and the load benchmark read it; it reveals nothing).
HIT_HEADER = "X-Page-Cache"


def _csrf_secret(request: HttpRequest) -> str | None:
    """The CSRF secret the page's tokens are made from, if it came with the request unchanged."""
    sent = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    if not sent or request.META.get("CSRF_COOKIE") != sent:  # none yet, malformed, or rotated
        return None
    return sent


def page_key(request: HttpRequest, *, per: Period = "day", forums: ForumsOf | None = None) -> str | None:
    """The cache key of this request's page, or None when the request must be rendered."""
    if request.method != "GET" or request.headers.get("HX-Request"):
        return None
    user, forum = request.user, getattr(request, "forum", None)
    if forum is None or not user.is_authenticated:
        return None
    secret = _csrf_secret(request)
    if secret is None or len(get_messages(request)):
        return None
    forum_ids = [forum.pk] if forums is None else forums(request)
    if forum_ids is None:
        return None
    parts = [page_versions(forum_ids, user.pk), user.pk, secret, translation.get_language(),
             request.get_full_path(), timezone.localtime().strftime(_FORMATS[per])]
    return f"page:{forum.pk}:{hashlib.sha256(repr(parts).encode()).hexdigest()}"


def _storable(request: HttpRequest, response: HttpResponse, secret_before: str | None) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and not response.cookies
        and not len(get_messages(request))  # none were waiting (page_key): these were added by the view
        and not (hasattr(request, "session") and request.session.modified)
        and _csrf_secret(request) == secret_before
    )


def page_cached(*, per: Period = "day", forums: ForumsOf | None = None) -> Callable:
    """Cache the view's page per person under the data versions (see the module docstring).
    ``forums(request)``: the forums whose rows the page shows, when not only the current forum's
    (a kabupaten roll-up); None from it renders every time (too many to follow: the admin's all)."""
    if per not in _FORMATS:
        raise ValueError(f"per must be one of {sorted(_FORMATS)}")

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            key = page_key(request, per=per, forums=forums)
            if key is None:
                return view(request, *args, **kwargs)
            found = cache.get(key)
            if found is not None:
                content, headers = found
                response = HttpResponse(zlib.decompress(content), headers=headers)
                response[HIT_HEADER] = "hit"
                get_token(request)  # as the rendered page did: the CSRF cookie's expiry is renewed
                return response
            secret = _csrf_secret(request)
            response = view(request, *args, **kwargs)
            if _storable(request, response, secret):
                # Keyed again: a view that records something (a profile view) moved a version, and
                # what it rendered was read after its own write.
                key = page_key(request, per=per, forums=forums) or key
                # The view's own headers (Content-Type ...); the middleware adds theirs on every response.
                # Compressed (HTML shrinks about 6 times, in well under a millisecond): a copy per
                # person and browser adds up (the cache's Redis evicts the least recently used).
                cache.set(key, (zlib.compress(response.content, 1), dict(response.headers)), timeout=ENTRY_TIMEOUT)
            return response

        return wrapper

    return decorator
