import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from actions.models import ActionItem
from notifications.models import Delivery
from tests.trainings.factories import AttendanceFactory, EventFactory
from trainings import services
from trainings.models import (
    Attendance,
    Certificate,
    CertificateRun,
    Event,
    Feedback,
    IssuedDocument,
    Minutes,
    Registration,
)

pytestmark = pytest.mark.django_db


def _times(days=10, hours=6):
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)
    return start, start + datetime.timedelta(hours=hours)


# Events -------------------------------------------------------------------------------------------

def test_event_that_ends_before_it_starts_is_refused(world):
    start, _end = _times()
    with pytest.raises(ValidationError) as exc:
        services.event_create(forum=world.forum_a, created_by=world.users["pengurus"], kind="pelatihan",
                              title="Bimtek Siskeudes", starts_at=start, ends_at=start - datetime.timedelta(hours=1),
                              venue="Aula")
    assert "Waktu selesai harus sesudah waktu mulai." in exc.value.message_dict["ends_at"]
    assert not Event.objects.exists()


def test_event_villages_of_another_forum_are_refused(world):
    start, end = _times()
    with pytest.raises(ValidationError) as exc:
        services.event_create(forum=world.forum_a, created_by=world.users["pengurus"], kind="rapat",
                              title="Rapat", starts_at=start, ends_at=end, venue="Balai desa", audience="villages",
                              audience_villages=[world.a1, world.b1])
    assert "audience_villages" in exc.value.message_dict
    assert not Event.objects.exists()


def test_event_needs_a_place_and_a_deadline_before_the_start(world):
    start, end = _times()
    with pytest.raises(ValidationError) as exc:
        services.event_create(forum=world.forum_a, created_by=world.users["pengurus"], kind="rapat", title="Rapat",
                              starts_at=start, ends_at=end, registration_deadline=start + datetime.timedelta(days=1))
    assert set(exc.value.message_dict) == {"venue", "registration_deadline"}


def test_publish_invites_the_audience_issues_the_letter_and_plans_messages(world, draft_event):
    count = services.event_publish(event=draft_event, by=world.users["pengurus"])

    assert count == 3  # the serving secretaries of a1, a2, a3
    invited = set(Registration.objects.filter(event=draft_event).values_list("person_id", flat=True))
    assert invited == {world.users[r].pk for r in ("sekdes_a", "sekdes_b", "pengurus")}
    letter = IssuedDocument.objects.get(event=draft_event, kind="undangan")
    assert letter.number.startswith("001/UND/FOKUSS/")
    assert hashlib.sha256(letter.file.read()).hexdigest() == letter.sha256
    keys = set(Delivery.objects.values_list("key", "slot", "recipient_id"))
    assert (f"event:{draft_event.pk}:invite", "invite", world.users["sekdes_a"].pk) in keys
    draft_event.refresh_from_db()
    assert draft_event.status == "published"
    with pytest.raises(ValidationError):
        services.event_publish(event=draft_event, by=world.users["pengurus"])


def test_gap_audience_uses_people_with_gap(world, draft_event, monkeypatch):
    calls = []

    def fake(*, forum, competency_code, max_level=2):
        calls.append((forum.pk, competency_code))
        return [world.users["sekdes_b"].pk]

    monkeypatch.setattr("competency.selectors.people_with_gap", fake)
    draft_event.audience, draft_event.audience_competency = "gap", "T03"
    draft_event.save()
    assert services.event_publish(event=draft_event, by=world.users["pengurus"]) == 1
    assert calls == [(world.forum_a.pk, "T03")]
    assert list(draft_event.registrations.values_list("person_id", flat=True)) == [world.users["sekdes_b"].pk]


# RSVP ---------------------------------------------------------------------------------------------

def test_waiting_list_and_automatic_promotion(world):
    event = EventFactory(forum=world.forum_a, capacity=1)
    a, b = world.users["sekdes_a"], world.users["sekdes_b"]
    assert services.rsvp_respond(event=event, person=a, response="hadir").response == "hadir"
    assert services.rsvp_respond(event=event, person=b, response="hadir").response == "menunggu"

    services.rsvp_respond(event=event, person=a, response="tidak_hadir")

    assert Registration.objects.get(event=event, person=b).response == "hadir"
    assert Delivery.objects.filter(key=f"event:{event.pk}:waitlist", recipient=b).exists()


def test_rsvp_after_the_deadline_is_refused(world):
    event = EventFactory(forum=world.forum_a, registration_deadline=timezone.now() - datetime.timedelta(hours=1))
    with pytest.raises(ValidationError) as exc:
        services.rsvp_respond(event=event, person=world.users["sekdes_a"], response="hadir")
    assert "Batas konfirmasi kehadiran sudah lewat" in exc.value.messages[0]
    assert not Registration.objects.exists()


def test_rsvp_to_another_forums_event_is_refused(world):
    event = EventFactory(forum=world.forum_a)
    with pytest.raises(ValidationError) as exc:
        services.rsvp_respond(event=event, person=world.users["other_forum"], response="hadir")
    assert "bukan anggota forum" in exc.value.messages[0]
    assert not Registration.objects.exists()


def test_izin_needs_a_reason(world):
    event = EventFactory(forum=world.forum_a)
    with pytest.raises(ValidationError) as exc:
        services.rsvp_respond(event=event, person=world.users["sekdes_a"], response="izin", reason="  ")
    assert "reason" in exc.value.message_dict
    reg = services.rsvp_respond(event=event, person=world.users["sekdes_a"], response="izin", reason="Musrenbangdes")
    assert (reg.response, reg.reason) == ("izin", "Musrenbangdes")


# Attendance ---------------------------------------------------------------------------------------

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


# Minutes ------------------------------------------------------------------------------------------

def _past_meeting(world):
    start = timezone.now() - datetime.timedelta(days=2)
    event = EventFactory(forum=world.forum_a, kind="rapat", title="Rapat rutin Maret", starts_at=start,
                         ends_at=start + datetime.timedelta(hours=3), agenda="Laporan keuangan\nPersiapan bimtek")
    for role in ("sekdes_a", "sekdes_b", "pengurus"):
        services.attendance_mark(event=event, person_id=world.users[role].pk, status="hadir", by=world.users["pengurus"])
    return event


def _content(world, **over):
    data = dict(chair=world.users["pengurus"], notulis=world.users["sekdes_b"], opening="Dibuka pukul 09.00.",
                closing="Ditutup pukul 12.00.", items=[
                    {"title": "Laporan keuangan", "discussion": "Saldo kas Rp 2.500.000.", "decision": "Diterima.",
                     "follow_ups": [{"what": "Kirim rekap kas", "owner": world.users["sekdes_a"],
                                     "due_on": datetime.date(2026, 4, 1)}]},
                    {"title": "Persiapan bimtek", "discussion": "Narasumber dari DPMD.", "decision": "", "follow_ups": []},
                ])
    data.update(over)
    return data


def test_minutes_finalise_creates_action_items_and_a_stored_pdf(world):
    event = _past_meeting(world)
    minutes = services.minutes_start(event=event, by=world.users["sekdes_b"])
    assert list(minutes.items.values_list("title", flat=True)) == ["Laporan keuangan", "Persiapan bimtek"]
    services.minutes_save(minutes=minutes, by=world.users["sekdes_b"], **_content(world))
    services.minutes_finalise(minutes=minutes, by=world.users["sekdes_b"])

    minutes.refresh_from_db()
    assert minutes.is_final and minutes.number.startswith("001/NOT/FOKUSS/")
    item = ActionItem.objects.get()
    assert (item.owner, item.title, item.source_label) == (world.users["sekdes_a"], "Kirim rekap kas",
                                                          "Notulen Rapat rutin Maret")
    assert item.source_url == f"/kegiatan/notulen/{minutes.pk}/"
    document = IssuedDocument.objects.get(minutes=minutes)
    assert hashlib.sha256(document.file.read()).hexdigest() == document.sha256


def test_editing_final_minutes_is_refused_and_nothing_changes(world):
    event = _past_meeting(world)
    minutes = services.minutes_start(event=event, by=world.users["sekdes_b"])
    services.minutes_save(minutes=minutes, by=world.users["sekdes_b"], **_content(world))
    services.minutes_finalise(minutes=minutes, by=world.users["sekdes_b"])
    with pytest.raises(ValidationError) as exc:
        services.minutes_save(minutes=minutes, by=world.users["pengurus"],
                              **_content(world, opening="Diubah diam-diam."))
    assert "sudah final" in exc.value.messages[0]
    minutes.refresh_from_db()
    assert minutes.opening == "Dibuka pukul 09.00."
    assert minutes.items.count() == 2
    with pytest.raises(ValidationError):
        services.minutes_finalise(minutes=minutes, by=world.users["pengurus"])


def test_correction_makes_a_new_revision_without_duplicating_action_items(world):
    event = _past_meeting(world)
    first = services.minutes_start(event=event, by=world.users["sekdes_b"])
    services.minutes_save(minutes=first, by=world.users["sekdes_b"], **_content(world))
    services.minutes_finalise(minutes=first, by=world.users["sekdes_b"])
    with pytest.raises(ValidationError):
        services.minutes_correct(minutes=first, by=world.users["pengurus"], note="")

    second = services.minutes_correct(minutes=first, by=world.users["pengurus"], note="Salah tulis saldo")
    data = _content(world)
    data["items"][0]["discussion"] = "Saldo kas Rp 2.750.000."
    data["items"][1]["follow_ups"] = [{"what": "Undang narasumber DPMD", "owner": world.users["pengurus"],
                                       "due_on": None}]
    services.minutes_save(minutes=second, by=world.users["pengurus"], **data)
    services.minutes_finalise(minutes=second, by=world.users["pengurus"])

    second.refresh_from_db()
    first.refresh_from_db()
    assert second.revision == 2 and second.number == f"{first.number}/Rev.2"
    assert first.is_final and first.items.first().discussion == "Saldo kas Rp 2.500.000."
    assert sorted(ActionItem.objects.values_list("title", flat=True)) == ["Kirim rekap kas", "Undang narasumber DPMD"]


def test_a_correction_takes_no_number_of_its_own(world):
    """Minutes 001 and its Rev.2 are followed by 002, not 003: no gap in the register."""
    first_event = _past_meeting(world)
    first = services.minutes_start(event=first_event, by=world.users["sekdes_b"])
    services.minutes_save(minutes=first, by=world.users["sekdes_b"], **_content(world))
    services.minutes_finalise(minutes=first, by=world.users["sekdes_b"])
    second = services.minutes_correct(minutes=first, by=world.users["pengurus"], note="Salah tulis saldo")
    services.minutes_save(minutes=second, by=world.users["pengurus"], **_content(world))
    services.minutes_finalise(minutes=second, by=world.users["pengurus"])
    other = services.minutes_start(event=_past_meeting(world), by=world.users["sekdes_b"])
    services.minutes_save(minutes=other, by=world.users["sekdes_b"], **_content(world))
    services.minutes_finalise(minutes=other, by=world.users["sekdes_b"])
    first.refresh_from_db()
    other.refresh_from_db()
    assert first.number.startswith("001/NOT/") and other.number.startswith("002/NOT/")


def test_minutes_without_agenda_items_are_refused(world):
    event = _past_meeting(world)
    minutes = services.minutes_start(event=event, by=world.users["sekdes_b"])
    with pytest.raises(ValidationError):
        services.minutes_save(minutes=minutes, by=world.users["sekdes_b"], **_content(world, items=[]))
    assert minutes.items.count() == 2  # the draft kept its agenda
    with pytest.raises(ValidationError) as exc:
        services.minutes_save(minutes=minutes, by=world.users["sekdes_b"], **_content(world, items=[
            {"title": "X", "follow_ups": [{"what": "Tanpa pemilik", "owner": None}]}]))
    assert "penanggung jawab" in exc.value.messages[0]


# Certificates and feedback ------------------------------------------------------------------------

def test_certificate_run_issues_one_certificate_per_attendee(world):
    event = _past_meeting(world)
    event.kind = Event.Kind.PELATIHAN
    event.save()
    services.attendance_mark(event=event, person_id=world.users["sekdes_b"].pk, status="izin",
                             by=world.users["pengurus"])
    run = services.certificate_run_start(event=event, by=world.users["pengurus"])
    assert run.total == 2
    run = services.certificate_run_execute(run_id=run.pk)
    assert (run.status, run.done) == (CertificateRun.Status.DONE, 2)
    holders = set(Certificate.objects.values_list("person_id", flat=True))
    assert holders == {world.users["sekdes_a"].pk, world.users["pengurus"].pk}
    with pytest.raises(ValidationError):
        services.certificate_run_start(event=event, by=world.users["pengurus"])


def test_a_certificate_run_cut_off_by_a_dead_worker_finishes_when_delivered_again(world):
    from trainings.models import Attendance

    event = _past_meeting(world)
    event.kind = Event.Kind.PELATIHAN
    event.save()
    run = services.certificate_run_start(event=event, by=world.users["pengurus"])
    first = Attendance.objects.filter(event=event, status="hadir").order_by("pk").first()
    services.certificate_issue(event=event, attendance=first, day=services.local_date(event.ends_at))
    CertificateRun.objects.filter(pk=run.pk).update(status=CertificateRun.Status.RUNNING, done=1)  # worker died here
    run = services.certificate_run_execute(run_id=run.pk)
    assert run.total == 3
    assert (run.status, run.done) == (CertificateRun.Status.DONE, 3)
    assert Certificate.objects.filter(event=event).count() == 3  # the one issued before the crash is not repeated


def test_feedback_only_from_attendees_with_a_valid_rating(world):
    event = _past_meeting(world)
    with pytest.raises(ValidationError):
        services.feedback_submit(event=event, person=world.users["sekdes_a"], rating=6)
    with pytest.raises(ValidationError):
        services.feedback_submit(event=event, person=world.users["camat"], rating=5)
    services.feedback_submit(event=event, person=world.users["sekdes_a"], rating=5, comments="Bermanfaat")
    with pytest.raises(ValidationError):
        services.feedback_submit(event=event, person=world.users["sekdes_a"], rating=4)
    assert list(Feedback.objects.values_list("rating", flat=True)) == [5]


def test_minutes_status_helpers(world):
    event = _past_meeting(world)
    minutes = services.minutes_start(event=event, by=world.users["sekdes_b"])
    assert minutes.status == Minutes.Status.DRAFT and minutes.chair == world.users["pengurus"]
    with pytest.raises(ValidationError):
        services.minutes_start(event=event, by=world.users["sekdes_b"])
