from __future__ import annotations

from django.db.models import QuerySet

from .models import ActionItem


def my_action_items(*, user, include_done: bool = False) -> QuerySet[ActionItem]:
    qs = ActionItem.objects.filter(owner=user).select_related("forum")
    if not include_done:
        qs = qs.filter(done_at__isnull=True)
    return qs.order_by("done_at", "due_on", "pk")


def action_items_for_source(*, source) -> list[ActionItem]:
    from django.contrib.contenttypes.models import ContentType

    ct = ContentType.objects.get_for_model(source)
    return list(ActionItem.objects.filter(source_type=ct, source_id=source.pk).select_related("owner"))
