"""Project-level views: health check and language switch."""

from __future__ import annotations

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


def _check_broker() -> str:
    from fokuss.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
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
