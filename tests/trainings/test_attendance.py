import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.trainings.factories import AttendanceFactory, EventFactory
from trainings import services
from trainings.models import Attendance, Registration

pytestmark = pytest.mark.django_db


def _running_event(world, **kw):
    now = timezone.now()
    return EventFactory(forum=world.forum_a, starts_at=now - datetime.timedelta(minutes=30),
                        ends_at=now + datetime.timedelta(hours=3), **kw)


def test_checkin_with_the_current_code_records_arrival(world):
    event = services.checkin_code_rotate(event=_running_event(world))
    row = services.checkin_scan(event=event, person=world.users["sekdes_a"], code=event.checkin_code)
    assert (row.status, row.method, row.village_id) == ("hadir", "qr", world.a1.pk)
    assert row.position_label == "Sekretaris Desa"
    assert row.arrived_at is not None


def test_checkin_with_an_expired_code_is_refused(world):
    event = _running_event(world)
    past = timezone.now() - datetime.timedelta(minutes=30)
    event = services.checkin_code_rotate(event=event, now=past)
    with pytest.raises(ValidationError) as exc:
        services.checkin_scan(event=event, person=world.users["sekdes_a"], code=event.checkin_code)
    assert "kedaluwarsa" in exc.value.messages[0]
    with pytest.raises(ValidationError):
        services.checkin_scan(event=event, person=world.users["sekdes_a"], code="salah")
    assert not Attendance.objects.exists()


def test_fill_absent_marks_izin_and_alpa(world):
    event = _running_event(world)
    Registration.objects.create(event=event, person=world.users["sekdes_a"], response="izin", reason="Sakit gigi")
    Registration.objects.create(event=event, person=world.users["sekdes_b"], response="hadir")
    Registration.objects.create(event=event, person=world.users["pengurus"], response="hadir")
    services.attendance_mark(event=event, person_id=world.users["pengurus"].pk, status="hadir",
                             by=world.users["pengurus"])
    assert services.attendance_fill_absent(event=event, by=world.users["pengurus"]) == 2
    statuses = dict(event.attendances.values_list("person_id", "status"))
    assert statuses == {world.users["sekdes_a"].pk: "izin", world.users["sekdes_b"].pk: "alpa",
                        world.users["pengurus"].pk: "hadir"}
    board = event.attendances.get(person=world.users["pengurus"])
    assert board.position_label == "Ketua FOKUSS"


def test_scores_out_of_range_are_refused(world):
    row = AttendanceFactory(event=EventFactory(forum=world.forum_a), person=world.users["sekdes_a"])
    with pytest.raises(ValidationError):
        services.attendance_scores(attendance=row, pre_score="120", post_score="80")
    row.refresh_from_db()
    assert row.pre_score is None and row.post_score is None


def test_marking_someone_outside_the_forum_is_refused(world):
    """Neither invited nor holding a post in the forum on the day of the event."""
    event = _running_event(world)
    with pytest.raises(ValidationError) as exc:
        services.attendance_mark(event=event, person_id=world.users["other_forum"].pk, status="hadir",
                                 by=world.users["pengurus"])
    assert "bukan peserta atau anggota forum" in exc.value.messages[0]
    assert not Attendance.objects.exists()
    row = services.attendance_mark(event=event, person_id=world.users["camat"].pk, status="hadir",
                                   by=world.users["pengurus"])
    assert row.status == "hadir"  # the camat office holds a post in the forum's kecamatan
