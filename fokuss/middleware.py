from django.utils import translation
from django.utils.functional import SimpleLazyObject

from . import policy


class UserLanguageMiddleware:
    """A signed-in user's saved language wins over the browser's; anonymous users get the
    cookie set by the language switch, else Indonesian (LocaleMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


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
