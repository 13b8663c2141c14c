"""Report PDFs are made in Celery (the kabupaten roll-up, the capacity report's draft): asked for on
the page, their progress polled, the person who asked notified, the stored file served only to
them (a roll-up only while they read the same forums); staff of another kabupaten never get it."""

import datetime
import hashlib

import pytest
from django.urls import reverse
from pypdf import PdfReader

from notifications.models import Delivery
from reports import services
from reports.models import ReportFile
from tests.pdftext import pdftotext
from tests.reports.test_kabupaten import _other_kabupaten

pytestmark = pytest.mark.django_db

YEAR = datetime.date.today().year


def _ask(client, django_capture_on_commit_callbacks, *, execute: bool):
    with django_capture_on_commit_callbacks(execute=execute) as callbacks:
        response = client.post(reverse("reports:kabupaten_pdf_request", kwargs={"year": YEAR}))
    return response, callbacks


def test_asked_then_made_in_the_background_with_progress_and_a_notification(
        world, login, media, django_capture_on_commit_callbacks, monkeypatch):
    sent = []
    monkeypatch.setattr("fokuss.tasks.send", lambda task, args=(), kwargs=None, **o: sent.append((task, args)))
    client = login(world.users["kabupaten"])
    response, _callbacks = _ask(client, django_capture_on_commit_callbacks, execute=True)
    assert response.status_code == 302 and response["Location"] == f"/laporan/kabupaten/?tahun={YEAR}"
    report = ReportFile.objects.get()
    assert sent == [("reports.tasks.report_file_render", (report.pk,))]  # the page did not render it
    assert (report.status, report.progress, report.file.name) == ("rendering", 0, "")
    page = client.get(f"/laporan/kabupaten/?tahun={YEAR}").content.decode()
    assert "PDF sedang dibuat" in page and 'hx-trigger="every 2s"' in page and 'role="progressbar"' in page
    # asking again while it is being made: refused with a message, no second row
    again = client.post(reverse("reports:kabupaten_pdf_request", kwargs={"year": YEAR}), follow=True)
    assert "sedang dibuat" in again.content.decode() and ReportFile.objects.count() == 1

    services.report_file_render(file_id=report.pk)  # what the worker runs
    report.refresh_from_db()
    assert (report.status, report.progress) == ("ready", 100)
    data = report.file.read()
    assert hashlib.sha256(data).hexdigest() == report.sha256
    text = pdftotext(data)
    assert "Kabupaten Banyumas" in text and "Sokaraja" in text and "Kembaran" in text
    assert PdfReader(report.file.path).metadata.title == f"Rekap forum sekretaris desa Banyumas {YEAR}"
    assert Delivery.objects.filter(recipient=world.users["kabupaten"], key=f"report_file:{report.pk}",
                                   channel="inapp").exists()
    status = client.get(reverse("reports:kabupaten_pdf_status", kwargs={"year": YEAR})).content.decode()
    assert "hx-trigger" not in status and "Unduh PDF" in status
    download = client.get(reverse("reports:report_file", kwargs={"pk": report.pk}))
    assert download.status_code == 200 and b"".join(download.streaming_content) == data
    # the old address now leads to the stored file
    old = client.get(reverse("reports:kabupaten_pdf", kwargs={"year": YEAR}))
    assert old["Location"] == reverse("reports:report_file", kwargs={"pk": report.pk})


def test_a_failed_rendering_is_shown_and_may_be_asked_again(world, login, media, monkeypatch):
    report = services.kabupaten_report_request(forum=world.forum_a, year=YEAR, by=world.users["kabupaten"],
                                               forum_ids=[world.forum_a.pk, world.forum_b.pk])
    monkeypatch.setattr("reports.services.render_pdf", lambda **kw: 1 / 0)
    from reports.tasks import report_file_render

    with pytest.raises(ZeroDivisionError):
        report_file_render(report.pk)
    report.refresh_from_db()
    assert report.status == "failed" and "division" in report.error
    client = login(world.users["kabupaten"])
    assert "Pembuatan PDF gagal" in client.get(reverse("reports:kabupaten_pdf_status", kwargs={"year": YEAR})).content.decode()
    assert client.post(reverse("reports:kabupaten_pdf_request", kwargs={"year": YEAR})).status_code == 302
    assert ReportFile.objects.filter(status="rendering").count() == 1


def test_the_file_is_only_for_the_person_who_asked_over_the_same_forums(world, login, media):
    report = services.kabupaten_report_request(forum=world.forum_a, year=YEAR, by=world.users["kabupaten"],
                                               forum_ids=[world.forum_a.pk, world.forum_b.pk])
    services.report_file_render(file_id=report.pk)
    url = reverse("reports:report_file", kwargs={"pk": report.pk})
    _forum, purbalingga = _other_kabupaten(world)
    assert login(purbalingga).get(url).status_code == 404  # staff of another kabupaten
    colleague = world.users["kabupaten"].__class__.objects.create(email="rekan@kab.test", full_name="Rekan Uji")
    from tests import factories as f

    f.KabupatenStaffFactory(regency=world.forum_a.district.regency, user=colleague)
    assert login(colleague).get(url).status_code == 404  # the same kabupaten, but not theirs
    assert login(world.users["camat"]).get(url).status_code == 403
    assert login(world.users["kabupaten"]).get(url).status_code == 200


@pytest.mark.parametrize("year", [1990, YEAR + 1, 99999])
def test_years_out_of_reach_are_not_found(world, login, year):
    client = login(world.users["kabupaten"])
    assert client.post(f"/laporan/kabupaten/{year}/pdf/").status_code == 404
    assert client.get(f"/laporan/kabupaten/{year}/pdf/status/").status_code == 404
    assert not ReportFile.objects.exists()


def test_kabupaten_staff_of_another_kabupaten_are_refused_the_roll_up_of_banyumas(world, login):
    _forum, purbalingga = _other_kabupaten(world)
    client = login(purbalingga)
    body = client.get("/laporan/kabupaten/?format=csv").content.decode("utf-8-sig")
    assert "Purbalingga" in body and "Sokaraja" not in body and "Kembaran" not in body
    # choosing a Banyumas forum is ignored: their pages stay on their own forum
    session = client.session
    session["forum_id"] = world.forum_a.pk
    session.save()
    page = client.get("/laporan/kapasitas/").content.decode()
    assert "Desa Uji Purbalingga" in page and "Kalikidang" not in page
    assert client.get(f"/desa/{world.a1.code}/").status_code == 404


def test_capacity_draft_made_in_the_background_for_the_camat_office(
        world, login, media, django_capture_on_commit_callbacks, monkeypatch):
    sent = []
    monkeypatch.setattr("fokuss.tasks.send", lambda task, args=(), kwargs=None, **o: sent.append((task, args)))
    client = login(world.users["camat"])
    key = f"{YEAR}-T{(datetime.date.today().month - 1) // 3 + 1}"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/laporan/kapasitas/{key}/draf/").status_code == 302
    draft = ReportFile.objects.get(kind="kapasitas")
    assert sent == [("reports.tasks.report_file_render", (draft.pk,))] and draft.forum == world.forum_a
    page = client.get(f"/laporan/kapasitas/?periode={key}").content.decode()
    assert 'role="progressbar"' in page and f"/laporan/kapasitas/{key}/draf/status/" in page
    services.report_file_render(file_id=draft.pk)
    status = client.get(f"/laporan/kapasitas/{key}/draf/status/").content.decode()
    url = reverse("reports:report_file", kwargs={"pk": draft.pk})
    assert url in status and "hx-trigger" not in status
    text = pdftotext(b"".join(client.get(url).streaming_content))
    assert "DRAF" in text and "Kalikidang" in text
    assert Delivery.objects.filter(recipient=world.users["camat"], key=f"report_file:{draft.pk}").exists()
    # the board of the same forum may read the report, but this file is the camat office's
    assert login(world.users["pengurus"]).get(url).status_code == 404
    assert login(world.users["sekdes_a"]).get(url).status_code == 403
    assert login(world.users["other_forum"]).get(url).status_code == 404
