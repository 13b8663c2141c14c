"""The one reminder rule for action items: the owner, the day before (H-1), on the day (H-0) and
the day after (H+1), while the item is open; exactly once per slot however often the sweep runs.

Decided: an owner who no longer holds a post (a secretary moved on) is still reminded while their
account is active: the follow-up was taken on by the person, and the board can reassign it. An
inactive account is never reminded."""

import datetime

import pytest
from django.utils import timezone

from actions.models import ActionItem
from actions.reminders import due_messages
from actions.services import action_item_complete, action_item_create
from members.models import SecretaryTenure
from notifications import tasks
from notifications.models import Delivery
from notifications.services import deliveries_plan

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 12, 10)
NOW = timezone.make_aware(datetime.datetime(2026, 12, 10, 8, 0))


def _item(world, due_on, owner="sekdes_a", title="Kirim berita acara") -> ActionItem:
    return action_item_create(forum=world.forum_a, owner=world.users[owner], title=title, due_on=due_on)


def _slots(now=NOW) -> dict[int, str]:
    return {int(m.key.split(":")[1]): m.slot for m in due_messages(now=now)}


def test_due_windows_give_one_slot_each(world):
    items = {d: _item(world, TODAY + datetime.timedelta(days=d), title=f"Tugas {d}") for d in (-2, -1, 0, 1, 2)}
    assert _slots() == {items[1].pk: "H-1", items[0].pk: "H-0", items[-1].pk: "H+1"}


def test_an_item_without_a_due_date_is_never_reminded(world):
    _item(world, None)
    assert _slots() == {}


def test_the_owner_only_is_reminded_with_the_items_forum_and_the_tasks_page(world):
    item = _item(world, TODAY, owner="sekdes_b")
    [message] = due_messages(now=NOW)
    assert message.recipient_id == world.users["sekdes_b"].pk and message.forum_id == world.forum_a.pk
    assert message.key == f"actionitem:{item.pk}" and message.url == "/tugas/"
    assert message.rendered("inapp").subject == "Hari ini batas waktu: Kirim berita acara"


def test_a_completed_item_is_not_reminded(world):
    item = _item(world, TODAY)
    action_item_complete(item=item, user=world.users["sekdes_a"])
    assert _slots() == {}


def test_an_inactive_owner_is_not_reminded(world):
    _item(world, TODAY)
    world.users["sekdes_a"].is_active = False
    world.users["sekdes_a"].save(update_fields=["is_active"])
    assert _slots() == {}


def test_an_owner_who_no_longer_holds_a_post_is_still_reminded(world):
    item = _item(world, TODAY)
    SecretaryTenure.objects.filter(user=world.users["sekdes_a"]).update(ended_on=TODAY - datetime.timedelta(days=30),
                                                                        end_reason="mutasi")
    assert _slots() == {item.pk: "H-0"}


def test_exactly_once_per_slot_however_often_the_sweep_runs(world, monkeypatch):
    monkeypatch.setattr(tasks.send_deliveries, "apply_async", lambda args, kwargs=None, **_: None)
    item = _item(world, TODAY + datetime.timedelta(days=1))
    first = deliveries_plan(messages=due_messages(now=NOW), now=NOW)
    later = NOW + datetime.timedelta(minutes=5)
    assert first > 0 and deliveries_plan(messages=due_messages(now=later), now=later) == 0
    # the next day is a new slot (H-0): new rows, once
    tomorrow = NOW + datetime.timedelta(days=1)
    assert deliveries_plan(messages=due_messages(now=tomorrow), now=tomorrow) == first
    assert deliveries_plan(messages=due_messages(now=tomorrow), now=tomorrow) == 0
    slots = set(Delivery.objects.filter(key=f"actionitem:{item.pk}").values_list("slot", flat=True))
    assert slots == {"H-1", "H-0"}


def test_one_query_whatever_the_number_of_items(world, django_assert_num_queries):
    for n in range(3):
        _item(world, TODAY, title=f"Tugas {n}")
    with django_assert_num_queries(1):
        assert len(list(due_messages(now=NOW))) == 3
    for n in range(3, 60):
        _item(world, TODAY, title=f"Tugas {n}")
    with django_assert_num_queries(1):
        assert len(list(due_messages(now=NOW))) == 60
