from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject

from . import policy


class UserLanguageMiddleware:
    """Indonesian first. The language is the signed-in user's saved choice, else the cookie set
    by the language switch, else LANGUAGE_CODE (id). The browser's Accept-Language is ignored on
    purpose: many phones in Indonesia are set to English, but the forum works in Indonesian."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        supported = dict(settings.LANGUAGES)
        user = getattr(request, "user", None)
        language = None
        if user is not None and user.is_authenticated and user.language in supported:
            language = user.language
        if language is None:
            cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            language = cookie if cookie in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response


def _current_forum(request):
    from members.models import Forum

    actor = request.actor
    if not actor.is_authenticated:
        return None
    allowed = policy.forum_ids(actor)
    qs = Forum.objects.select_related("district__regency")
    if allowed is not None:
        if not allowed:
            return None
        qs = qs.filter(pk__in=allowed)
    chosen = request.session.get("forum_id")
    forum = qs.filter(pk=chosen).first() if chosen else None
    return forum or qs.order_by("pk").first()


class ActorMiddleware:
    """Attach ``request.actor`` (roles derived from posts) and ``request.forum`` (the forum the
    user works in now; chosen in the session when a person belongs to several)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.actor = SimpleLazyObject(lambda: policy.actor_for(request.user))
        # Not lazy: views test ``request.forum is None``.
        request.forum = _current_forum(request) if request.user.is_authenticated else None
        return self.get_response(request)


DOWNLOAD_TYPES = ("application/pdf", "application/octet-stream", "text/calendar", "image/", "application/vnd.")


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
            from members.models import AccessLog
            from members.services import access_log_record

            access_log_record(action=AccessLog.Action.DOWNLOAD, user=request.user, request=request,
                              detail=content_type[:100])
        return response
