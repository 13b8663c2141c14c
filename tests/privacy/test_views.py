"""The personal-data page: export, profile views, erasure request; the public privacy notice."""

import io
import json
import zipfile

import pytest
from django.core.files.base import ContentFile

from members.models import AccessLog, ProfileView
from privacy.models import ErasureRequest
from tests.competency.factories import AssessmentFactory, RoundFactory
from tests.pdftext import pdftotext


@pytest.mark.django_db
def test_json_export_is_an_attachment_with_all_their_rows_and_is_logged(world, login):
    sri = world.users["sekdes_a"]
    AssessmentFactory(round=RoundFactory(forum=world.forum_a), person=sri, assessor=world.users["pengurus"])
    response = login(sri).get("/data-pribadi/unduh.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["orang"]["email"] == sri.email
    sections = data["data"]
    assert sections["members.User"]["baris"][0]["full_name"] == sri.full_name
    assert "password" not in sections["members.User"]["baris"][0]
    assert {"members.SecretaryTenure", "competency.Assessment", "members.Consent"} <= set(sections)
    assert AccessLog.objects.filter(user=sri, action="download", detail__contains="json").exists()


@pytest.mark.django_db
def test_the_export_holds_only_their_own_rows(world, login):
    data = json.loads(login(world.users["sekdes_a"]).get("/data-pribadi/unduh.json").content)
    tenures = data["data"]["members.SecretaryTenure"]["baris"]
    assert {t["user_id"] for t in tenures} == {world.users["sekdes_a"].pk}


@pytest.mark.django_db
def test_zip_export_has_json_pdf_summary_and_their_files(world, login, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    sri = world.users["sekdes_a"]
    a = AssessmentFactory(round=RoundFactory(forum=world.forum_a), person=sri, assessor=sri)
    a.evidence_file.save("bukti.pdf", ContentFile(b"%PDF-1.4 bukti saya"), save=True)
    response = login(sri).get("/data-pribadi/unduh.zip")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert "data-pribadi.json" in names and "ringkasan-data-pribadi.pdf" in names
    assert any(n.startswith("berkas/competency.Assessment/") for n in names)
    text = pdftotext(archive.read("ringkasan-data-pribadi.pdf"))
    assert "RINGKASAN DATA PRIBADI" in text.upper() and sri.full_name in text
    assert AccessLog.objects.filter(user=sri, action="download", detail__contains="zip").exists()


@pytest.mark.django_db
def test_profile_views_are_recorded_for_others_and_listed_for_the_person(world, login):
    sri = world.users["sekdes_a"]
    assert login(world.users["pengurus"]).get(f"/kompetensi/orang/{sri.pk}/").status_code == 200
    assert login(sri).get(f"/kompetensi/orang/{sri.pk}/").status_code == 200  # own view: not recorded
    assert list(ProfileView.objects.values_list("viewer_id", "person_id")) == [(world.users["pengurus"].pk, sri.pk)]
    body = login(sri).get("/data-pribadi/").content.decode()
    assert "Bambang Uji Ketua" in body


@pytest.mark.django_db
def test_erasure_request_from_the_page(world, login):
    client = login(world.users["sekdes_a"])
    assert client.post("/data-pribadi/hapus/", {"reason": "Pensiun"}).status_code == 302
    assert ErasureRequest.objects.get(person=world.users["sekdes_a"]).status == "open"
    again = client.post("/data-pribadi/hapus/", {"reason": "Pensiun"})
    assert again.status_code == 400 and again.context["erasure_form"].non_field_errors()
    assert ErasureRequest.objects.count() == 1
    too_long = login(world.users["sekdes_b"]).post("/data-pribadi/hapus/", {"reason": "x" * 2001})
    assert too_long.status_code == 400 and not ErasureRequest.objects.filter(person=world.users["sekdes_b"]).exists()


@pytest.mark.django_db
def test_the_privacy_notice_is_public_and_linked(client):
    body = client.get("/kebijakan-privasi/").content.decode()
    assert "UU 27/2022" in body and "2 (dua) tahun" in body
    assert 'href="/kebijakan-privasi/"' in client.get("/accounts/login/").content.decode()
