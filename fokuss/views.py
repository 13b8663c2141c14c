"""Project-level views: health check and language switch."""

from __future__ import annotations

import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
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
