"""End to end: erase a person who has rows in every app; they cannot sign in, their name, email
and number are gone from every row the inventory anonymises, official records still count."""

import datetime

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models

from members.models import AccessLog, Consent, Invitation, ProfileView, User
from members.services import access_log_record, profile_view_record
from mentoring.models import MentoringSession
from notifications.models import Delivery, Notification
from notifications.services import Message, deliveries_plan
from obligations.models import Submission
from privacy.inventory import INVENTORY
from privacy.models import ErasureRequest
from privacy.services import erasure_request_create, erasure_request_fulfil, person_erase
from tests import factories as f
from tests.competency.factories import AssessmentFactory, RoundFactory
from tests.mentoring.factories import PlanFactory
from tests.obligations.factories import deadline, obligation, submit
from tests.trainings.factories import AttendanceFactory, EventFactory, RegistrationFactory
from trainings.models import Attendance, Feedback, Minutes

D = datetime.date


@pytest.fixture
def erased_world(world, django_capture_on_commit_callbacks, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    w = world
    sri = w.users["sekdes_a"]
    sri.nip = "198001012010011001"
    sri.save()
    w.name, w.email, w.whatsapp = sri.full_name, sri.email, sri.whatsapp
    board = w.users["pengurus"]
    rnd = RoundFactory(forum=w.forum_a)
    w.assessment = AssessmentFactory(round=rnd, person=sri, assessor=board, village=w.a1, level=3,
                                     evidence_note=f"Bukti dari {sri.full_name}: SK dan foto",
                                     original_name="bukti.pdf")
    w.assessment.evidence_file.save("bukti.pdf", ContentFile(b"%PDF-1.4 bukti"), save=True)
    w.evidence_name = w.assessment.evidence_file.name
    plan = PlanFactory(village=w.a1, mentee=sri, mentor=board, goal=f"{sri.full_name} naik ke tingkat 3")
    session = MentoringSession.objects.create(forum=w.forum_a, held_on=D(2026, 2, 1), topic="Siskeudes",
                                              notes=f"{sri.full_name} kesulitan posting jurnal", logged_by=board)
    session.plans.add(plan)
    w.session = session
    event = EventFactory(forum=w.forum_a)
    RegistrationFactory(event=event, person=sri, response="izin", reason="Sakit, opname di RSUD")
    AttendanceFactory(event=event, person=sri, village=w.a1)
    Feedback.objects.create(event=event, person=sri, rating=4, comments=f"Salam, {sri.full_name}")
    Minutes.objects.create(event=event, chair=board, notulis=sri, opening="Rapat dibuka")
    w.event = event
    d = deadline(obligation(w.forum_a), w.a1, due_on=D(2027, 3, 31))
    submit(d, sri)
    w.deadline = d
    with django_capture_on_commit_callbacks(execute=False):
        deliveries_plan(messages=[
            Message(key="deadline:1", slot="H-7", recipient_id=sri.pk, subject="Tenggat LPPD",
                    body=f"Halo {sri.full_name}, kirim LPPD. Hubungi {sri.whatsapp}."),
            Message(key="deadline:1", slot="H+1", recipient_id=board.pk, subject=f"{sri.full_name} terlambat",
                    body=f"{sri.full_name} ({sri.email}) belum mengirim LPPD."),
        ])
    access_log_record(action=AccessLog.Action.LOGIN, user=sri, detail=f"masuk {sri.email}")
    profile_view_record(viewer=board, person=sri, forum=w.forum_a)
    Invitation.objects.create(user=sri, forum=w.forum_a, token="tok-sri", expires_at="2030-01-01T00:00:00Z")
    with django_capture_on_commit_callbacks(execute=True):
        person_erase(person=sri, by=None)
    sri.refresh_from_db()
    w.sri = sri
    return w


def _text_fields(model):
    return [f.attname for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField)) and not isinstance(f, models.FileField)]


@pytest.mark.django_db
def test_the_erased_person_cannot_sign_in_and_their_account_is_anonymous(erased_world):
    sri = erased_world.sri
    assert authenticate(username=erased_world.email, password=f.PASSWORD) is None
    assert authenticate(username=sri.email, password=f.PASSWORD) is None
    assert not sri.is_active and not sri.has_usable_password()
    assert sri.full_name == f"Anggota terhapus #{sri.pk}"
    assert sri.email == f"terhapus-{sri.pk}@anonim.invalid"
    assert sri.whatsapp == "" and sri.nip == ""


@pytest.mark.django_db
def test_name_email_and_number_appear_in_no_row_the_inventory_anonymises(erased_world):
    w = erased_world
    needles = [w.name, w.email, w.whatsapp]
    found = []
    for label, entry in INVENTORY.items():
        if entry.decision != "anonymise":
            continue
        model = apps.get_model(label)
        for row in model._default_manager.values(*_text_fields(model)):
            for field, value in row.items():
                if any(n and n in (value or "") for n in needles):
                    found.append((label, field, value))
    assert not found


@pytest.mark.django_db
def test_deleted_rows_are_gone_and_consent_is_withdrawn(erased_world):
    sri = erased_world.sri
    assert not Notification.objects.filter(recipient=sri).exists()
    assert not ProfileView.objects.filter(person=sri).exists()
    assert not Invitation.objects.filter(user=sri).exists()
    latest = Consent.objects.filter(person=sri, purpose="whatsapp").order_by("-recorded_at", "-pk").first()
    assert latest is not None and latest.given is False
    assert not Delivery.objects.filter(recipient=sri, status="pending").exists()
    assert AccessLog.objects.get(user=sri).ip is None


@pytest.mark.django_db
def test_evidence_is_removed_but_the_level_still_counts(erased_world):
    w = erased_world
    w.assessment.refresh_from_db()
    assert w.assessment.evidence_note == "" and not w.assessment.evidence_file
    assert w.assessment.level == 3
    assert not default_storage.exists(w.evidence_name)
    w.session.refresh_from_db()
    assert w.session.notes == "" and w.session.topic == "Siskeudes"


@pytest.mark.django_db
def test_official_records_still_exist_and_count(erased_world):
    w = erased_world
    sri = w.sri
    assert Submission.objects.filter(deadline=w.deadline, submitted_by=sri).count() == 1
    w.deadline.refresh_from_db()
    assert w.deadline.state != "belum"
    assert Attendance.objects.filter(event=w.event, person=sri, status="hadir").count() == 1
    assert Minutes.objects.filter(event=w.event, notulis=sri).exists()
    assert Feedback.objects.get(event=w.event, person=sri).rating == 4


@pytest.mark.django_db
def test_erasure_request_goes_through_the_admin_action(world, client):
    admin = User.objects.create_superuser(email="admin@contoh.test", password=f.PASSWORD, full_name="Admin Uji")
    f.give_totp(admin)
    client.force_login(admin)
    sri = world.users["sekdes_b"]
    request = erasure_request_create(person=sri, reason="Pindah tugas")
    with pytest.raises(ValidationError):
        erasure_request_create(person=sri, reason="lagi")
    response = client.post("/admin/privacy/erasurerequest/", {"action": "anonymise",
                                                                     "_selected_action": [request.pk]})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == ErasureRequest.Status.DONE and request.decided_by is not None
    sri.refresh_from_db()
    assert sri.full_name.startswith("Anggota terhapus") and not sri.is_active
    with pytest.raises(ValidationError):
        erasure_request_fulfil(erasure_request=request, by=request.decided_by)


@pytest.mark.django_db
def test_a_person_cannot_erase_themselves_through_the_service(world):
    with pytest.raises(ValidationError):
        person_erase(person=world.users["sekdes_a"], by=world.users["sekdes_a"])
    assert User.objects.get(pk=world.users["sekdes_a"].pk).is_active


def test_report_drafts_that_may_name_the_person_go_with_their_files(world, django_capture_on_commit_callbacks,
                                                                     settings, tmp_path):
    from reports.models import ReportFile

    settings.MEDIA_ROOT = tmp_path
    sri = world.users["sekdes_a"]

    def stored(*, by, forum, kind="kapasitas", key="2026"):
        row = ReportFile.objects.create(kind=kind, requested_by=by, forum=forum, key=key, status="ready")
        row.file.save(f"{kind}-{row.pk}.pdf", ContentFile(b"%PDF-1.7 draf"))
        return row

    own = stored(by=sri, forum=world.forum_a, kind="kabupaten")
    board_draft = stored(by=world.users["pengurus"], forum=world.forum_a)  # lists Sri as a village's secretary
    other_forum = stored(by=world.users["other_forum"], forum=world.forum_b)
    paths = {r.pk: r.file.name for r in (own, board_draft, other_forum)}
    with django_capture_on_commit_callbacks(execute=True):
        person_erase(person=sri, by=None)
    assert list(ReportFile.objects.values_list("pk", flat=True)) == [other_forum.pk]
    assert not default_storage.exists(paths[own.pk]) and not default_storage.exists(paths[board_draft.pk])
    assert default_storage.exists(paths[other_forum.pk])
