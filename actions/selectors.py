from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from fokuss import policy

from .models import ActionItem


def action_item_for(actor: policy.Actor, pk, action: str = "action_item.complete") -> ActionItem:
    """One of the actor's own action items; someone else's is 404 (not their item)."""
    return policy.fetch(actor, action, ActionItem.objects.filter(owner_id=actor.user_id), pk=pk)


def my_action_items(*, user, include_done: bool = False) -> QuerySet[ActionItem]:
    qs = ActionItem.objects.filter(owner=user).select_related("forum")
    if not include_done:
        qs = qs.filter(done_at__isnull=True)
    return qs.order_by("done_at", "due_on", "pk")


def action_items_for_source(*, source) -> list[ActionItem]:
    ct = ContentType.objects.get_for_model(source)
    return list(ActionItem.objects.filter(source_type=ct, source_id=source.pk).select_related("owner"))
