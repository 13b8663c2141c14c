import datetime

from django.utils import timezone

from mentoring.models import MentoringSession
from mentoring.reminders import due_messages
from notifications.services import Message
from tests.mentoring.factories import PlanFactory

WIB = timezone.get_fixed_timezone(7 * 60)


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(8, 0), tzinfo=WIB)


def test_stalled_plans_nudge_mentor_and_mentee_once_per_month(world, django_assert_num_queries):
    a, boss = world.users["sekdes_a"], world.users["pengurus"]
    start = datetime.date(2026, 1, 5)
    stalled = PlanFactory(mentee=a, village=world.a1, mentor=boss, started_on=start)
    fresh = PlanFactory(mentee=world.users["sekdes_b"], village=world.a2, mentor=boss, started_on=start,
                        competency=stalled.competency)
    MentoringSession.objects.create(forum=world.forum_a, held_on=datetime.date(2026, 2, 20), topic="x").plans.add(fresh)
    PlanFactory(mentee=world.users["pengurus"], village=world.a3, mentor=a, started_on=start, status="selesai")
    with django_assert_num_queries(2):  # the plans, and who holds a post in their forum that day
        messages = list(due_messages(now=_at(datetime.date(2026, 3, 1))))
    assert all(isinstance(m, Message) for m in messages)
    assert {(m.key, m.slot, m.recipient_id) for m in messages} == {
        (f"mentoring-plan:{stalled.pk}:stalled", "2026-03", a.pk),
        (f"mentoring-plan:{stalled.pk}:stalled", "2026-03", boss.pk),
    }
    assert "Belum ada sesi" in messages[0].rendered("inapp").body and messages[0].url.endswith(f"/rencana/{stalled.pk}/")
    # same slot all month long (the Delivery unique key makes it once); next month a new slot
    assert {m.slot for m in due_messages(now=_at(datetime.date(2026, 3, 28)))} == {"2026-03"}
    later = {(m.key, m.slot) for m in due_messages(now=_at(datetime.date(2026, 4, 2)))}
    assert (f"mentoring-plan:{stalled.pk}:stalled", "2026-04") in later
    # the fresh plan stalls 30 days after its last session; the forum can change N
    assert not [m for m in due_messages(now=_at(datetime.date(2026, 3, 21))) if str(fresh.pk) in m.key]
    assert [m for m in due_messages(now=_at(datetime.date(2026, 3, 22))) if f":{fresh.pk}:" in m.key]
    world.forum_a.stalled_mentoring_days = 60
    world.forum_a.save()
    assert not [m for m in due_messages(now=_at(datetime.date(2026, 3, 22))) if f":{fresh.pk}:" in m.key]


def test_messages_plan_exactly_once_through_deliveries(world):
    from notifications.models import Delivery
    from notifications.services import deliveries_plan

    PlanFactory(mentee=world.users["sekdes_a"], village=world.a1, mentor=world.users["pengurus"],
                started_on=datetime.date(2026, 1, 5))
    now = _at(datetime.date(2026, 3, 1))
    deliveries_plan(messages=list(due_messages(now=now)))
    first = Delivery.objects.count()
    deliveries_plan(messages=list(due_messages(now=now + datetime.timedelta(days=3))))
    assert first >= 2 and Delivery.objects.count() == first
