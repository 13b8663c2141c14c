from .models import Notification


def unread_count(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_for(*, user, limit: int = 50) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user)[:limit])
