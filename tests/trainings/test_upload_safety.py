"""Event material uploads never run as a page (issue 11 §1)."""

import datetime
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.samples import DOCX, HTML, PDF, POLYGLOT, assert_served_safely, docx
from trainings import services
from trainings.models import Material

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(world):
    now = timezone.now()
    event = services.event_create(
        forum=world.forum_a, created_by=world.users["pengurus"], kind="pelatihan", title="Bimtek",
        starts_at=now + datetime.timedelta(days=5), ends_at=now + datetime.timedelta(days=5, hours=3),
        venue="Aula", registration_deadline=now + datetime.timedelta(days=3), hours=3)
    services.event_publish(event=event, by=world.users["pengurus"])
    return event


def _upload(client, event, content, name):
    return client.post(f"/kegiatan/{event.pk}/materi/", {"title": "Modul", "file": SimpleUploadedFile(name, content)},
                       follow=True)


def test_polyglot_named_html_is_refused(world, event, login):
    response = _upload(login(world.users["pengurus"]), event, POLYGLOT, "bukti.html")
    assert "Berkas PDF tidak valid" in response.content.decode()
    assert not Material.objects.exists()


def test_html_is_refused(world, event, login):
    response = _upload(login(world.users["pengurus"]), event, HTML, "modul.pdf")
    assert "Jenis berkas tidak diterima" in response.content.decode()
    assert not Material.objects.exists()


def test_real_pdf_named_html_is_stored_and_served_as_pdf(world, event, login):
    client = login(world.users["pengurus"])
    _upload(client, event, PDF, "x.html")
    m = Material.objects.get()
    assert re.fullmatch(r"trainings/\d{4}/[0-9a-f]{32}\.pdf", m.file.name)
    assert (m.content_type, m.original_name) == ("application/pdf", "x.html")
    response = login(world.users["sekdes_a"]).get(f"/kegiatan/materi/{m.pk}/")
    assert_served_safely(response, content_type="application/pdf", disposition='inline; filename="x.pdf"')


def test_office_material_is_a_download(world, event, login):
    m = services.material_add(event=event, title="Format", uploaded=SimpleUploadedFile("format.xlsx", docx()),
                              by=world.users["pengurus"])
    assert m.file.name.endswith(".docx") and m.content_type == DOCX
    response = login(world.users["sekdes_a"]).get(f"/kegiatan/materi/{m.pk}/")
    assert_served_safely(response, content_type=DOCX, disposition='attachment; filename="format.docx"')


def test_old_material_recorded_as_html_is_a_sandboxed_download(world, event, login):
    m = Material(event=event, title="Lama", content_type="text/html", original_name="bukti.html")
    m.file.save("bukti.html", ContentFile(POLYGLOT))
    response = login(world.users["sekdes_a"]).get(f"/kegiatan/materi/{m.pk}/")
    assert_served_safely(response, content_type="application/octet-stream",
                         disposition='attachment; filename="bukti.bin"')
