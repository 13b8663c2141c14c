from django.utils.functional import SimpleLazyObject

from .selectors import unread_count


def inbox(request):
    """The unread count of the bell in the navbar, read only when a template shows it."""
    user = getattr(request, "user", None)

    def _unread() -> int:
        return unread_count(user=user) if user is not None and user.is_authenticated else 0

    return {"unread_notifications": SimpleLazyObject(_unread)}
