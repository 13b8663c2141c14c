"""Assessment evidence uploads never run as a page (issue 11 §1)."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from competency import services
from competency.models import Assessment
from tests.competency.factories import RoundFactory, competency
from tests.samples import DOCX, HTML, PDF, POLYGLOT, assert_served_safely, docx

pytestmark = pytest.mark.django_db


def _record(world, content, name):
    round_a = RoundFactory(forum=world.forum_a, starts_on=datetime.date(2026, 1, 5))
    return services.assessment_record(
        round=round_a, person=world.users["sekdes_a"], village=world.a1, competency=competency("KOMP-TIK"),
        level=3, method="board", assessor=world.users["pengurus"], assessed_on=datetime.date(2026, 1, 10),
        evidence_file=SimpleUploadedFile(name, content))


def test_polyglot_named_html_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        _record(world, POLYGLOT, "bukti.html")
    assert "Berkas PDF tidak valid" in " ".join(exc.value.message_dict["evidence_file"])
    assert not Assessment.objects.exists()


def test_html_is_refused(world):
    with pytest.raises(ValidationError, match="Jenis berkas tidak diterima"):
        _record(world, HTML, "bukti.pdf")


def test_real_pdf_named_html_is_stored_and_served_as_pdf(world, login):
    row = _record(world, PDF, "x.html")
    assert re.fullmatch(r"competency/\d{4}/[0-9a-f]{32}\.pdf", row.evidence_file.name)
    assert (row.content_type, row.original_name) == ("application/pdf", "x.html")
    response = login(world.users["pengurus"]).get(f"/kompetensi/bukti/{row.pk}/")
    assert_served_safely(response, content_type="application/pdf", disposition='inline; filename="x.pdf"')


def test_office_document_is_always_a_download(world, login):
    row = _record(world, docx(), "catatan.pdf")
    assert row.evidence_file.name.endswith(".docx") and row.content_type == DOCX
    response = login(world.users["sekdes_a"]).get(f"/kompetensi/bukti/{row.pk}/")
    assert_served_safely(response, content_type=DOCX, disposition='attachment; filename="catatan.docx"')
