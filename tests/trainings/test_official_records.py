"""Official records keep their event: an event with attendance, minutes, issued documents or
certificates cannot be deleted, through a cascade or in the admin (which explains why)."""

import datetime

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from members.models import User
from tests import factories as f
from tests.trainings.factories import AttendanceFactory, EventFactory
from trainings.models import Certificate, Event, IssuedDocument, Minutes

pytestmark = pytest.mark.django_db


def _document(event, kind="undangan", code="KODE-1", **extra):
    return IssuedDocument.objects.create(forum=event.forum, event=event, kind=kind, number=f"005/{code}",
                                         issued_on=datetime.date(2026, 3, 1), code=code, **extra)


def _final_minutes(event):
    return Minutes.objects.create(event=event, status=Minutes.Status.FINAL, opening="Rapat dibuka")


@pytest.mark.parametrize("record", ["minutes", "document", "certificate", "attendance"])
def test_an_event_with_an_official_record_cannot_be_deleted(world, record):
    event = EventFactory(forum=world.forum_a)
    if record == "minutes":
        kept = _final_minutes(event)
    elif record == "document":
        kept = _document(event)
    elif record == "certificate":
        kept = Certificate.objects.create(event=event, person=world.users["sekdes_a"], number="001",
                                          document=_document(event, kind="sertifikat"))
    else:
        kept = AttendanceFactory(event=event, person=world.users["sekdes_a"], village=world.a1)
    with pytest.raises(ProtectedError):
        event.delete()
    assert Event.objects.filter(pk=event.pk).exists()
    assert type(kept).objects.filter(pk=kept.pk).exists()


def test_minutes_with_their_issued_document_cannot_be_deleted(world):
    event = EventFactory(forum=world.forum_a)
    minutes = _final_minutes(event)
    _document(event, kind="notulen", minutes=minutes)
    with pytest.raises(ProtectedError):
        minutes.delete()


def test_an_event_without_records_can_still_be_deleted(world):
    event = EventFactory(forum=world.forum_a)
    event.delete()
    assert not Event.objects.filter(pk=event.pk).exists()


def test_the_admin_lists_the_protected_records_instead_of_failing(client, world):
    event = EventFactory(forum=world.forum_a)
    _final_minutes(event)
    _document(event)
    admin = User.objects.create_superuser(email="admin@contoh.test", full_name="Admin Situs", password="x")
    f.give_totp(admin)
    client.force_login(admin)
    url = reverse("admin:trainings_event_delete", args=[event.pk])
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "memerlukan penghapusan objek terlindungi" in html
    assert "Notulen:" in html and "Dokumen terbit:" in html
    assert client.post(url, {"post": "yes"}).status_code == 200
    response = client.post(reverse("admin:trainings_event_changelist"),
                           {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"})
    assert response.status_code == 200
    assert Event.objects.filter(pk=event.pk).exists()
