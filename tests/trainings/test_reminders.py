import datetime

import pytest

from tests.trainings.factories import AttendanceFactory, EventFactory, wib
from trainings import selectors, services
from trainings.models import Registration
from trainings.reminders import due_messages

pytestmark = pytest.mark.django_db
NOW = wib(2026, 3, 10, 7, 0)


def test_reminders_before_event_before_deadline_and_for_late_minutes(world, django_assert_num_queries):
    a, b, ketua = world.users["sekdes_a"], world.users["sekdes_b"], world.users["pengurus"]
    soon = EventFactory(forum=world.forum_a, title="Bimtek H-3", starts_at=wib(2026, 3, 13, 8),
                        ends_at=wib(2026, 3, 13, 16), registration_deadline=wib(2026, 3, 11, 16))
    Registration.objects.create(event=soon, person=a, response="hadir")
    Registration.objects.create(event=soon, person=b)  # no answer yet
    EventFactory(forum=world.forum_a, title="Nanti", starts_at=wib(2026, 3, 20, 8), ends_at=wib(2026, 3, 20, 9))
    late = EventFactory(forum=world.forum_a, kind="rapat", title="Rapat Februari", starts_at=wib(2026, 3, 7, 9),
                        ends_at=wib(2026, 3, 7, 12))
    drafted = EventFactory(forum=world.forum_a, kind="rapat", title="Rapat lain", starts_at=wib(2026, 3, 3, 9),
                           ends_at=wib(2026, 3, 3, 12))
    services.minutes_start(event=drafted, by=b)  # b is the notulis of that draft
    done = EventFactory(forum=world.forum_a, kind="rapat", title="Rapat final", starts_at=wib(2026, 3, 7, 13),
                        ends_at=wib(2026, 3, 7, 15))
    m = services.minutes_start(event=done, by=ketua)
    services.minutes_finalise(minutes=m, by=ketua, now=wib(2026, 3, 8, 9), render=False)

    with django_assert_num_queries(5):
        messages = list(due_messages(now=NOW))

    got = {(m.key, m.slot, m.recipient_id) for m in messages}
    assert got == {
        (f"event:{soon.pk}", "H-3", a.pk),
        (f"event:{soon.pk}:rsvp", "H-1", b.pk),
        (f"minutes:event:{late.pk}", "H+3", ketua.pk),  # no draft: the board
        (f"minutes:event:{drafted.pk}", "H+7", b.pk),  # the notulis of the draft
    }
    assert all(m.forum_id == world.forum_a.pk and m.url for m in messages)


def test_attendance_rates_count_excused_absences_apart(world):
    a, b = world.users["sekdes_a"], world.users["sekdes_b"]
    for i, (sa, sb) in enumerate([("hadir", "izin"), ("hadir", "sakit"), ("alpa", "hadir"), ("hadir", "hadir")]):
        event = EventFactory(forum=world.forum_a, starts_at=wib(2025, 2 + i, 10, 9), ends_at=wib(2025, 2 + i, 10, 12))
        AttendanceFactory(event=event, person=a, village=world.a1, status=sa)
        AttendanceFactory(event=event, person=b, village=world.a2, status=sb)
    people, villages, events = selectors.attendance_rates(forum=world.forum_a, start=datetime.date(2025, 1, 1),
                                                          end=datetime.date(2025, 12, 31))
    rows = {r.label: r for r in people}
    assert events == 4
    assert (rows["Sri Uji Wahyuni"].rate, rows["Sri Uji Wahyuni"].rate_unexcused) == (75.0, 75.0)
    assert (rows["Yuli Uji Kartika"].rate, rows["Yuli Uji Kartika"].rate_unexcused) == (50.0, 100.0)
    assert [r.label for r in villages] == ["Wiradadi", "Kalikidang"]  # unexcused-aware rate first


def _reminder_load(world, n: int) -> None:
    """n events three days ahead with a participant each, n meetings whose minutes are late."""
    for i in range(n):
        soon = EventFactory(forum=world.forum_a, starts_at=wib(2026, 3, 13, 8, i), ends_at=wib(2026, 3, 13, 16))
        Registration.objects.create(event=soon, person=world.users["sekdes_a"], response="hadir")
        EventFactory(forum=world.forum_a, kind="rapat", starts_at=wib(2026, 3, 7, 9, i), ends_at=wib(2026, 3, 7, 12))


def test_reminders_run_the_same_queries_whatever_the_number_of_events(world, django_assert_num_queries):
    _reminder_load(world, 2)
    with django_assert_num_queries(5):
        assert len(list(due_messages(now=NOW))) == 4
    _reminder_load(world, 25)
    with django_assert_num_queries(5):
        assert len(list(due_messages(now=NOW))) == 54
