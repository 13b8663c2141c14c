"""Request middleware of the members layer: who the user is in the portal (``request.actor``,
``request.forum``) and the download log."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from fokuss import policy

from .models import AccessLog, Forum
from .selectors import actor_for
from .services import access_log_record


def _current_forum(request):
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
        request.actor = SimpleLazyObject(lambda: actor_for(request.user))
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
            access_log_record(action=AccessLog.Action.DOWNLOAD, user=request.user, request=request,
                              detail=content_type[:100])
        return response
