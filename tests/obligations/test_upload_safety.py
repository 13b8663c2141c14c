"""Deadline evidence uploads never run as a page (issue 11 §1)."""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from obligations.models import Submission
from tests.obligations.factories import deadline, obligation, submit
from tests.samples import HTML, PDF, PNG, POLYGLOT, assert_served_safely

pytestmark = pytest.mark.django_db


@pytest.fixture
def d1(world):
    import datetime

    from django.utils import timezone

    return deadline(obligation(world.forum_a), world.a1, due_on=timezone.localdate() + datetime.timedelta(days=10))


def _post(client, d, content, name):
    return client.post(f"/kewajiban/tenggat/{d.pk}/kirim/", {"file": SimpleUploadedFile(name, content)})


def test_polyglot_named_html_is_refused_and_nothing_saved(world, d1, login):
    client = login(world.users["sekdes_a"])
    response = _post(client, d1, POLYGLOT, "bukti.html")
    assert response.status_code == 400
    assert "Berkas PDF tidak valid" in response.content.decode()
    assert not Submission.objects.exists()


def test_html_file_is_refused(world, d1, login):
    response = _post(login(world.users["sekdes_a"]), d1, HTML, "bukti.pdf")
    assert response.status_code == 400 and "Jenis berkas tidak diterima" in response.content.decode()
    assert not Submission.objects.exists()


def test_real_pdf_named_html_is_stored_as_pdf_and_served_as_pdf(world, d1, login):
    client = login(world.users["sekdes_a"])
    assert _post(client, d1, PDF, "x.html").status_code == 302
    s = Submission.objects.get(deadline=d1)
    assert re.fullmatch(r"reports/\d{4}/[0-9a-f]{32}\.pdf", s.file.name)
    assert (s.file_type, s.original_name) == ("application/pdf", "x.html")
    board = login(world.users["pengurus"])
    response = board.get(f"/kewajiban/penyampaian/{s.pk}/berkas/")
    assert_served_safely(response, content_type="application/pdf", disposition='inline; filename="x.pdf"')
    assert b"".join(response.streaming_content) == PDF


def test_image_is_inline_under_its_detected_extension(world, d1):
    s = submit(d1, world.users["sekdes_a"], file=SimpleUploadedFile("foto desa.txt", PNG))
    assert s.file.name.endswith(".png") and s.original_name == "foto desa.txt"


def test_old_row_recorded_as_html_is_a_sandboxed_download(world, d1, login):
    """A file stored before the checks (a .html name, text/html recorded) is never shown as a page."""
    s = submit(d1, world.users["sekdes_a"], reference_number="140/1/2026")
    s.file.save("bukti.html", ContentFile(POLYGLOT), save=False)
    s.file_type, s.original_name = "text/html", "bukti.html"
    s.save()
    response = login(world.users["pengurus"]).get(f"/kewajiban/penyampaian/{s.pk}/berkas/")
    assert_served_safely(response, content_type="application/octet-stream",
                         disposition='attachment; filename="bukti.bin"')
