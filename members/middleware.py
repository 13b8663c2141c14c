"""Request middleware of the members layer: who the user is in the portal (``request.actor``,
``request.forum``), the download log, and the second factor for those who can change things
(MFARequiredMiddleware: a signed-in user whose actor ``needs_mfa`` -- board, camat office, staff,
see fokuss.policy.Actor.needs_mfa -- and who has no TOTP authenticator yet is sent to the TOTP
setup page from every page, until it is done)."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from fokuss.policy import ANONYMOUS

from .models import AccessLog, AuditAction
from .selectors import actor_and_forum_cached, has_totp_cached
from .services import access_log_record, log_action


def _forum_chosen(request) -> int | None:
    chosen = request.session.get("forum_id")
    return int(chosen) if isinstance(chosen, int | str) and str(chosen).isdigit() else None


class ActorMiddleware:
    """Attach ``request.actor`` (roles derived from posts) and ``request.forum`` (the forum the
    user works in now; chosen in the session when a person belongs to several)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Not lazy: views test ``request.forum is None``, and a signed-in request needs both.
        if request.user.is_authenticated:
            request.actor, request.forum = actor_and_forum_cached(request.user, chosen=_forum_chosen(request))
        else:
            request.actor, request.forum = ANONYMOUS, None
        return self.get_response(request)


DOWNLOAD_TYPES = ("application/pdf", "text/csv", "application/octet-stream", "text/calendar", "image/", "application/vnd.")


EXPORT_FORMATS = ("csv", "xlsx")


class DownloadAuditMiddleware:
    """Record every file or document a signed-in user downloads (PDFs, uploads, exports)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        content_type = response.headers.get("Content-Type", "")
        if (
            response.status_code == 200
            and request.user.is_authenticated
            and content_type.startswith(DOWNLOAD_TYPES)
            and not request.path.startswith(settings.STATIC_URL)
        ):
            access_log_record(action=AccessLog.Action.DOWNLOAD, user=request.user, request=request,
                              detail=content_type[:100])
            fmt = request.GET.get("format")
            if fmt in EXPORT_FORMATS and getattr(request, "forum", None) is not None:
                # a table export (fokuss.exports) goes into the forum's audit trail too
                log_action(actor=request.user, action=AuditAction.EXPORT_DOWNLOADED, obj=request.forum,
                           data={"path": request.path, "format": fmt, "query": request.GET.urlencode()[:300]})
        return response


SETUP_URL_NAME = "mfa_activate_totp"
# What a user who still has to set up TOTP may reach: the setup itself (with the password
# check allauth asks before it), the recovery codes shown after it, logout, language, health.
ALLOWED_URL_NAMES = frozenset({
    SETUP_URL_NAME,
    "mfa_index",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    "account_reauthenticate",
    "account_logout",
    "switch_language",
    "healthz",
    "web_manifest",
    "service_worker",
    "offline",
})


def mfa_setup_required(request) -> bool:
    """True when this signed-in user must set up TOTP before using the portal."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return request.actor.needs_mfa and not has_totp_cached(user)


class MFARequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith(settings.STATIC_URL):
            return None
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name in ALLOWED_URL_NAMES:
            return None
        if not mfa_setup_required(request):
            return None
        messages.warning(request, _("Akun Anda dapat mengubah data forum, jadi wajib memakai verifikasi dua "
                                    "langkah. Pasang aplikasi autentikator dulu sebelum melanjutkan."))
        if getattr(request, "htmx", False):
            response = HttpResponse()  # htmx follows this header with a full page load
            response["HX-Redirect"] = reverse(SETUP_URL_NAME)
            return response
        return redirect(SETUP_URL_NAME)
