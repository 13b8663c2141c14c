"""The deadline rules of the sweep: lead days, overdue escalation (board on day 1, camat office on
day 7), and a query count that does not grow with the number of villages."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from members.models import Consent, SecretaryTenure, User, Village
from notifications.models import Delivery
from notifications.services import reminders_sweep
from obligations import reminders
from tests import factories as f
from tests.obligations.factories import deadline, obligation

NOW = timezone.make_aware(datetime.datetime(2026, 11, 23, 9, 0))
TODAY = NOW.date()


def _days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


@pytest.mark.django_db
def test_lead_days_and_escalation(world):
    ob = obligation(world.forum_a, reminder_days=(30, 14, 7, 1))
    h7 = deadline(ob, world.a1, due_on=_days(7), period="TA 2026")
    deadline(ob, world.a2, due_on=_days(8), period="TA 2026")  # not a lead day
    deadline(ob, world.a3, due_on=_days(7), period="TA 2026", state="terverifikasi")  # done
    late1 = deadline(ob, world.a2, due_on=_days(-1), period="TA 2025")
    late7 = deadline(ob, world.a1, due_on=_days(-7), period="TA 2024")
    deadline(ob, world.a3, due_on=_days(-7), period="TA 2024", state="dikirim")  # handed in: no escalation

    messages = list(reminders.due_messages(now=NOW))
    by = {(m.key, m.slot, m.recipient_id): m for m in messages}
    sekdes_a, sekdes_b = world.users["sekdes_a"].pk, world.users["sekdes_b"].pk
    board, camat = world.users["pengurus"].pk, world.users["camat"].pk

    lead = by[(f"deadline:{h7.pk}", "H-7", sekdes_a)].rendered("inapp")
    assert "Desa Kalikidang" in lead.subject and "TA 2026" in lead.subject and "7 hari lagi" in lead.subject
    assert "Senin, 30 November 2026" in lead.body and "7 hari lagi" in lead.body
    assert by[(f"deadline:{h7.pk}", "H-7", sekdes_a)].url == f"/kewajiban/tenggat/{h7.pk}/"
    assert (f"deadline:{late1.pk}", "H+1", sekdes_b) in by
    assert (f"deadline:{late7.pk}", "H+7", sekdes_a) in by
    # the board gets one summary per obligation and period, the camat office only from day 7
    assert (f"overdue:{ob.pk}:TA2025", "H+1", board) in by
    assert (f"overdue:{ob.pk}:TA2025", "H+1", camat) not in by
    assert (f"overdue:{ob.pk}:TA2024", "H+7", board) in by
    summary = by[(f"overdue:{ob.pk}:TA2024", "H+7", camat)].rendered("inapp")
    assert "1 desa terlambat 7 hari" in summary.subject and "Kalikidang" in summary.body
    assert len(messages) == 6


@pytest.mark.django_db
def test_inactive_obligation_and_other_forum_secretary_are_separate(world):
    ob = obligation(world.forum_a, reminder_days=(7,))
    ob_b = obligation(world.forum_b, reminder_days=(7,))
    deadline(ob, world.a1, due_on=_days(7))
    deadline(ob_b, world.b1, due_on=_days(7))
    messages = list(reminders.due_messages(now=NOW))
    assert {(m.recipient_id, m.forum_id) for m in messages} == {
        (world.users["sekdes_a"].pk, world.forum_a.pk), (world.users["other_forum"].pk, world.forum_b.pk)}
    ob.active = False
    ob.save()
    assert [m.recipient_id for m in reminders.due_messages(now=NOW)] == [world.users["other_forum"].pk]


def _forum_with(n: int):
    """A forum of n villages, each with a secretary and deadlines due in 7 days and 1 day ago."""
    district = f.DistrictFactory(code=f"33.0{n % 10}.{n % 90 + 10}", name=f"Kec {n}")
    forum = f.ForumFactory(district=district)
    villages = Village.objects.bulk_create(
        [Village(district=district, code=f"{district.code}.{2001 + i}", name=f"Desa {n}-{i}") for i in range(n)])
    users = User.objects.bulk_create(
        [User(email=f"s{n}-{i}@contoh.test", full_name=f"Sekdes {i}", whatsapp=f"+628127{n:03d}{i:04d}")
         for i in range(n)])
    Consent.objects.bulk_create([Consent(person=u, purpose="whatsapp", given=True) for u in users])
    SecretaryTenure.objects.bulk_create(
        [SecretaryTenure(user=u, village=v, started_on=datetime.date(2020, 1, 1)) for u, v in zip(users, villages, strict=True)])
    f.BoardPositionFactory(forum=forum)
    f.KecamatanStaffFactory(district=district)
    ob = obligation(forum, reminder_days=(7,))
    from obligations.models import Deadline

    Deadline.objects.bulk_create(
        [Deadline(obligation=ob, village=v, forum=forum, period="TA 2026", year=2026, due_on=_days(7)) for v in villages]
        + [Deadline(obligation=ob, village=v, forum=forum, period="TA 2025", year=2026, due_on=_days(-7)) for v in villages])
    return forum


def _sweep_queries(n: int) -> tuple[int, int]:
    _forum_with(n)
    with CaptureQueriesContext(connection) as ctx:
        result = reminders_sweep(now=NOW)
    return len(ctx.captured_queries), result.created


@pytest.mark.django_db
def test_sweep_query_count_does_not_grow_with_villages():
    small, created_small = _sweep_queries(18)
    Delivery.objects.all().delete()
    big, created_big = _sweep_queries(300)
    # 18 secretaries x 2 reminders x 3 channels, plus one summary each to the board and camat office
    assert created_small == 18 * 2 * 3 + 2 * 3
    assert created_big > created_small
    assert big == small, f"{small} queries for 18 villages, {big} for 300"


@pytest.mark.django_db
def test_sweeping_twice_creates_nothing_new(world):
    ob = obligation(world.forum_a, reminder_days=(7,))
    deadline(ob, world.a1, due_on=_days(7))
    first = reminders_sweep(now=NOW)
    second = reminders_sweep(now=NOW + datetime.timedelta(minutes=5))
    assert first.created == 3 and second.created == 0
    assert Delivery.objects.count() == 3


@pytest.mark.django_db
def test_days_the_sweep_missed_are_caught_up_once(world):
    """The server was down for two days (the last sweep finished three days ago): the reminders of
    those days go out today, with their own slot and the real days in the text, and only once."""
    from notifications.models import SweepDay

    ob = obligation(world.forum_a, reminder_days=(7, 1))
    SweepDay.objects.create(day=_days(-3))
    missed_lead = deadline(ob, world.a1, due_on=_days(5), period="2026-11")  # its H-7 fell on day -2
    missed_late = deadline(ob, world.a2, due_on=_days(-2), period="2026-10")  # its H+1 fell on day -1
    deadline(ob, world.a3, due_on=_days(3), period="2026-12")  # its H-7 fell on day -4, a day that was swept
    messages = list(reminders.due_messages(now=NOW))
    by = {(m.key, m.slot): m for m in messages if m.key.startswith("deadline:")}
    assert set(by) == {(f"deadline:{missed_lead.pk}", "H-7"), (f"deadline:{missed_late.pk}", "H+1")}
    lead = by[(f"deadline:{missed_lead.pk}", "H-7")].rendered("inapp")
    assert lead.subject.startswith("5 hari lagi:") and "5 hari lagi" in lead.body  # the slot is H-7, the text the real count
    late = by[(f"deadline:{missed_late.pk}", "H+1")].rendered("inapp")
    assert "Terlambat 2 hari" in late.subject and "sudah lewat 2 hari" in late.body
    assert "H+1" not in late.subject + late.body  # the slot is the rule's; the label is the real day count
    summary = next(m for m in messages if m.key == f"overdue:{ob.pk}:2026-10")
    assert summary.slot == "H+1" and "terlambat 2 hari" in summary.rendered("inapp").subject

    first = reminders_sweep(now=NOW)
    assert first.created > 0 and SweepDay.objects.filter(day=TODAY).exists()
    assert reminders_sweep(now=NOW + datetime.timedelta(hours=1)).created == 0
    # the next day nothing was missed: nothing of these is planned again
    assert not [m for m in reminders.due_messages(now=NOW + datetime.timedelta(days=1))
                if m.key in (f"deadline:{missed_lead.pk}", f"deadline:{missed_late.pk}")]


@pytest.mark.django_db
def test_a_long_outage_catches_up_at_most_three_days():
    from notifications.models import SweepDay
    from notifications.selectors import missed_sweep_days

    assert missed_sweep_days(today=TODAY) == []  # never swept: nothing to catch up
    SweepDay.objects.create(day=_days(-10))
    assert missed_sweep_days(today=TODAY) == [_days(-3), _days(-2), _days(-1)]
    SweepDay.objects.create(day=_days(-1))
    assert missed_sweep_days(today=TODAY) == []
