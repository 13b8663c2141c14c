"""Trainings journey in real Chromium: the board schedules and announces a training, a sekdes
RSVPs and checks in by opening the organiser's QR link, the notulis writes and finalises the
minutes, the camat office downloads the minutes PDF."""

import datetime
import re
import subprocess

import pytest
from django.utils import timezone

pytestmark = pytest.mark.e2e


def _local(dt: datetime.datetime) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def _logout(page):
    page.context.clear_cookies()


def test_training_from_schedule_to_minutes_pdf(page, demo, login):
    from trainings.models import Event

    start = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(days=3)
    # 1. the board schedules the training and announces it
    login(page, "ketua@fokuss.test")
    page.goto("/kegiatan/baru/")
    page.select_option("select[name=kind]", "pelatihan")
    page.fill("input[name=title]", "Bimtek Arsip Desa Digital")
    page.fill("input[name=starts_at]", _local(start))
    page.fill("input[name=ends_at]", _local(start + datetime.timedelta(hours=6)))
    page.fill("input[name=registration_deadline]", _local(start - datetime.timedelta(days=1)))
    page.fill("input[name=venue]", "Aula Kantor Kecamatan Sokaraja")
    page.fill("input[name=capacity]", "20")
    page.fill("textarea[name=agenda]", "Pembukaan\nPraktik arsip digital\nPenutup")
    page.check("input[name=audience][value=all]")
    page.click("[data-testid=save-event]")
    page.wait_for_load_state("networkidle")
    assert "Bimtek Arsip Desa Digital" in page.locator("[data-testid=event-title]").inner_text()
    page.click("[data-testid=publish]")
    page.wait_for_load_state("networkidle")
    assert "Undangan akan dikirim ke 18 orang." in page.locator("[data-testid=publish-count]").inner_text()
    page.click("[data-testid=publish-send]")
    page.wait_for_load_state("networkidle")
    assert "undangan dikirim ke 18 orang" in page.locator("main").inner_text()
    event = Event.objects.get(title="Bimtek Arsip Desa Digital")
    event_url = f"/kegiatan/{event.pk}/"

    # 2. a sekdes answers hadir
    _logout(page)
    login(page, "sekdes@fokuss.test")
    page.goto(event_url)
    page.check("[data-testid=rsvp-form] input[name=response][value=hadir]")
    page.click("[data-testid=rsvp-submit]")
    page.wait_for_load_state("networkidle")
    assert "Jawaban Anda tercatat: Hadir" in page.locator("main").inner_text()

    # 3. on the day: the organiser shows the QR code, the sekdes opens its link and checks in
    Event.objects.filter(pk=event.pk).update(starts_at=timezone.now() - datetime.timedelta(minutes=20),
                                             ends_at=timezone.now() + datetime.timedelta(hours=4))
    _logout(page)
    login(page, "ketua@fokuss.test")
    page.goto(f"{event_url}presensi/qr/")
    assert page.locator("[data-testid=checkin-qr]").is_visible()
    checkin_path = re.search(r"/kegiatan/\d+/hadir/\w+/", page.locator("[data-testid=checkin-url]").inner_text()).group(0)
    _logout(page)
    login(page, "sekdes@fokuss.test")
    page.goto(checkin_path)
    page.click("[data-testid=checkin-confirm]")
    page.wait_for_load_state("networkidle")
    assert "Kehadiran Anda tercatat" in page.locator("main").inner_text()
    assert "Hadir" in page.locator("[data-testid=my-attendance]").inner_text()

    # 4. after the meeting the ketua starts the minutes and appoints the notulis
    Event.objects.filter(pk=event.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=5),
                                             ends_at=timezone.now() - datetime.timedelta(hours=1))
    _logout(page)
    login(page, "ketua@fokuss.test")
    page.goto(event_url)
    page.click("[data-testid=start-minutes]")
    page.wait_for_load_state("networkidle")
    page.select_option("select[name=notulis]", label="Yuliana Kartikasari")
    page.click("[data-testid=save-minutes]")
    page.wait_for_load_state("networkidle")
    assert "Draf notulen disimpan" in page.locator("main").inner_text()

    # 5. the notulis writes the discussion, a follow-up, and finalises
    _logout(page)
    login(page, "sekdes2@fokuss.test")
    page.goto(event_url)
    page.click("[data-testid=edit-minutes]")
    page.fill("textarea[name=item-1-discussion]", "Peserta mempraktikkan pemindaian dan penamaan arsip.")
    page.fill("textarea[name=item-1-decision]", "Setiap desa memindai arsip tahun berjalan.")
    page.select_option("select[name=tl-0-item]", "2")
    page.fill("input[name=tl-0-what]", "Mengirim contoh daftar arsip digital")
    page.select_option("select[name=tl-0-owner]", label="Sri Wahyuni")
    page.fill("input[name=tl-0-due_on]", str(timezone.localdate() + datetime.timedelta(days=14)))
    page.once("dialog", lambda d: d.accept())
    page.click("[data-testid=finalise-minutes]")
    page.wait_for_load_state("networkidle")
    assert "Final" in page.locator("[data-testid=minutes-status]").inner_text()

    # the follow-up is on the owner's "Tugas saya"
    _logout(page)
    login(page, "sekdes@fokuss.test")
    page.goto("/tugas/")
    assert "Mengirim contoh daftar arsip digital" in page.locator("[data-testid=my-tasks]").inner_text()

    # 6. the camat office downloads the minutes PDF
    _logout(page)
    login(page, "camat@fokuss.test")
    page.goto(event_url)
    href = page.locator("[data-testid=minutes-card] [data-testid=minutes-pdf]").get_attribute("href")
    response = page.request.get(href)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    text = subprocess.run(["pdftotext", "-", "-"], input=response.body(), capture_output=True,
                          check=True).stdout.decode()
    text = re.sub(r"\s+", " ", text)
    assert "NOTULEN" in text and "Bimtek Arsip Desa Digital" in text and "Sri Wahyuni" in text
    assert "Peserta mempraktikkan pemindaian" in text
