"""Action items due (from minutes and mentoring sessions): one reminder rule for both.

The owner is reminded the day before (slot ``H-1``), on the day (``H-0``) and the day after it is
overdue (``H+1``) while the item is open. One query, whatever the number of items. The text:
templates/notifications/messages/action_item_due.txt.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from notifications.services import Message

from .models import ActionItem

OFFSETS = (1, 0, -1)  # days left: H-1, H-0, H+1


def due_messages(*, now: datetime.datetime) -> Iterator[Message]:
    today = timezone.localtime(now).date()
    dates = {today + datetime.timedelta(days=d): d for d in OFFSETS}
    url = reverse("actions:my_tasks")
    rows = (
        ActionItem.objects.filter(done_at__isnull=True, due_on__in=list(dates), owner__is_active=True)
        .values_list("pk", "title", "due_on", "owner_id", "forum_id", "source_label")
        .order_by()
    )
    for pk, title, due_on, owner_id, forum_id, source in rows:
        left = dates[due_on]
        due = date_format(due_on, "l, j F Y")
        slot = "H-1" if left > 0 else "H-0" if left == 0 else "H+1"
        yield Message(key=f"actionitem:{pk}", slot=slot, recipient_id=owner_id, kind="action_item_due",
                      context={"title": title, "source": source or _("tanpa asal"), "due": due, "left": left},
                      url=url, forum_id=forum_id)
