from django.utils.functional import SimpleLazyObject


def portal(request):
    user = getattr(request, "user", None)

    def _unread() -> int:
        from notifications.selectors import unread_count

        return unread_count(user=user) if user is not None and user.is_authenticated else 0

    return {
        "actor": getattr(request, "actor", None),
        "current_forum": getattr(request, "forum", None),
        "unread_notifications": SimpleLazyObject(_unread),
    }
