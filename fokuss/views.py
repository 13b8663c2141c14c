"""Project-level views: health check, language switch, and what makes the portal an installable
app that can be read offline (web app manifest, service worker, offline page)."""

from __future__ import annotations

import hashlib
import json
import threading
import time
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import get_template, render_to_string
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _check_cache() -> str:
    cache.set("healthz", "1", 10)
    if cache.get("healthz") != "1":
        raise RuntimeError("cache did not return the value just written")
    return "ok"


def _probe_broker() -> None:
    """One round trip to the broker over a connection from the Celery app's pool (kept open between
    calls, never a new connection per call)."""
    from fokuss.celery import app

    with app.pool.acquire(block=True, timeout=2) as conn:
        try:
            conn.ensure_connection(max_retries=1, timeout=2)
            client = getattr(conn.default_channel, "client", None)
            if client is not None and hasattr(client, "ping"):
                client.ping()  # Redis: a pooled connection that is "connected" may still be dead
        except Exception:
            conn.close()  # the next acquire reconnects instead of reusing a broken connection
            raise


_broker_lock = threading.Lock()
_broker_result: tuple[float, Exception | None] | None = None  # (checked at, error or None)


def _check_broker() -> str:
    """The broker's state, probed at most once per HEALTHZ_BROKER_TTL_SECONDS in this process; a
    failure is remembered for the same window, so a down broker keeps answering 503."""
    global _broker_result
    with _broker_lock:
        now = time.monotonic()
        if _broker_result is None or now - _broker_result[0] >= settings.HEALTHZ_BROKER_TTL_SECONDS:
            try:
                _probe_broker()
                error = None
            except Exception as exc:  # noqa: BLE001 - reported by healthz, never raised from here
                error = exc
            _broker_result = (time.monotonic(), error)
        error = _broker_result[1]
    if error is not None:
        raise error
    return "ok"


HEALTH_CHECKS = {"database": _check_database, "cache": _check_cache, "broker": _check_broker}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    status: dict[str, str] = {}
    for name, check in HEALTH_CHECKS.items():
        try:
            status[name] = check()
        except Exception as exc:  # noqa: BLE001 - any failure is reported, never raised
            status[name] = f"error: {exc.__class__.__name__}"
    healthy = all(value == "ok" for value in status.values())
    return JsonResponse({"status": "ok" if healthy else "error", "checks": status}, status=200 if healthy else 503)


@require_POST
def switch_language(request: HttpRequest):
    """Save the choice on the user (so emails and reminders use it too) and in the cookie."""
    language = request.POST.get("language", "")
    if language in dict(settings.LANGUAGES) and request.user.is_authenticated:
        request.user.language = language
        request.user.save(update_fields=["language"])
    response = set_language(request)
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return redirect("members:dashboard") if response.status_code != 302 else response
    return response


def bench_hello(request: HttpRequest) -> HttpResponse:
    """The trivial view of the load benchmark: the full middleware stack, no query, no template.
    Routed only when settings.BENCH_HELLO is true."""
    return HttpResponse("hello", content_type="text/plain")


# --- Installable app and offline reading -------------------------------------------------------
THEME_COLOR = "#146c43"  # the navbar green (white text on it: 6.5:1)
BACKGROUND_COLOR = "#f6f7f9"  # the page background of portal.css
# The shell of base.html that the service worker keeps for offline use (static paths).
SHELL_ASSETS = (
    "vendor/bootstrap/css/bootstrap.min.css",
    "vendor/bootstrap-icons/bootstrap-icons.min.css",
    "vendor/bootstrap-icons/fonts/bootstrap-icons.woff2",
    "css/portal.css",
    "vendor/bootstrap/js/bootstrap.bundle.min.js",
    "vendor/htmx/htmx.min.js",
    "js/portal.js",
    "icons/icon-192.png",
    "icons/icon-512.png",
    "icons/icon-maskable-192.png",
    "icons/icon-maskable-512.png",
    "icons/apple-touch-icon.png",
    "icons/favicon-32.png",
    "icons/logo.svg",
)
# Pages whose last-seen version is kept for reading offline (network first), by URL name. A name
# that does not exist (an app renamed or moved a page) is skipped, so the list follows the URLconf.
OFFLINE_PAGES = (
    "members:dashboard",
    "obligations:my_deadlines",
    "reports:my_deadlines",
    "actions:my_tasks",
    "trainings:event_list",
)


def _offline_page_paths() -> list[str]:
    paths = []
    for name in OFFLINE_PAGES:
        try:
            path = reverse(name)
        except NoReverseMatch:
            continue
        if path not in paths:
            paths.append(path)
    return paths


def _shell_version() -> str:
    # Computed once per process in production; on every request while developing, so that an
    # edited portal.css reaches the phone without a restart.
    return _compute_shell_version() if settings.DEBUG else _cached_shell_version()


def _compute_shell_version() -> str:
    """Changes whenever a precached file, the service worker or settings.PWA_CACHE_VERSION changes,
    so that a deploy replaces the old caches (the static files are not fingerprinted)."""
    digest = hashlib.sha256(str(getattr(settings, "PWA_CACHE_VERSION", "1")).encode())
    for asset in SHELL_ASSETS:
        found = finders.find(asset)
        if found:
            digest.update(Path(found).read_bytes())
    for template in ("fokuss/sw.js", "fokuss/offline.html", "base.html"):
        digest.update(Path(get_template(template).origin.name).read_bytes())
    return digest.hexdigest()[:12]


_cached_shell_version = lru_cache(maxsize=1)(_compute_shell_version)


@require_GET
def web_manifest(request: HttpRequest) -> JsonResponse:
    forum = getattr(request, "forum", None)
    data = {
        "name": "FOKUSS — Forum Sekretaris Desa",
        "short_name": getattr(forum, "short_name", "") or "FOKUSS",
        "description": gettext("Portal Forum Komunikasi Sekretaris Desa"),
        "lang": "id",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "icons": [
            {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png", "purpose": "any"},
            {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any"},
            {"src": static("icons/icon-maskable-192.png"), "sizes": "192x192", "type": "image/png",
             "purpose": "maskable"},
            {"src": static("icons/icon-maskable-512.png"), "sizes": "512x512", "type": "image/png",
             "purpose": "maskable"},
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    patch_cache_control(response, private=True, max_age=3600)
    return response


@never_cache
@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, from the site root so that its scope is the whole site."""
    config = {
        "version": _shell_version(),
        "shell": [static(asset) for asset in SHELL_ASSETS],
        "offlineUrl": reverse("offline"),
        "pages": _offline_page_paths(),
        "staticUrl": settings.STATIC_URL,
        # Signing in or out clears the pages kept for the previous user.
        "sessionUrls": [reverse("account_login"), reverse("account_logout")],
    }
    body = render_to_string("fokuss/sw.js", {"config": json.dumps(config)})
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """Shown by the service worker for pages not kept offline. Nothing personal on it: it is
    cached once for every user of the phone."""
    return render(request, "fokuss/offline.html")
