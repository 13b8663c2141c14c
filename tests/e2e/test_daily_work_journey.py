"""Daily work on a 360 px phone, driven by what people read on the screen: the board records a
meeting that already took place and writes its minutes (an agenda item added without saving,
a follow-up linked to it by choosing it); the board sees who an invitation reaches before it is
sent; a sekdes finds "Sertifikat saya" in the menu. Each page on the way passes the axe check."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.e2e


def _open_menu(page, menu: str, item: str) -> None:
    """On a phone the menu is folded behind the "Menu" button."""
    toggler = page.get_by_role("button", name="Menu")
    if toggler.is_visible():
        toggler.click()
    page.get_by_role("button", name=menu).or_(page.get_by_role("link", name=menu, exact=True)).first.click()
    page.get_by_role("link", name=item, exact=True).click()
    page.wait_for_load_state("networkidle")


def test_board_records_a_past_meeting_and_writes_its_minutes(page, demo, login):
    from trainings.models import Event, FollowUp

    day = timezone.localdate() - datetime.timedelta(days=4)
    login(page, "ketua@fokuss.test")
    page.goto("/kegiatan/")
    page.get_by_role("link", name="Catat rapat yang sudah berlangsung").click()
    page.wait_for_load_state("networkidle")
    assert "tanpa undangan" in page.locator("main").inner_text()
    page.get_by_label("Judul").fill("Rapat Koordinasi Sekdes Tertunda")
    page.get_by_label("Mulai (WIB)").fill(f"{day.isoformat()}T09:00")
    page.get_by_label("Selesai (WIB)").fill(f"{day.isoformat()}T11:30")
    page.get_by_label("Tempat", exact=True).fill("Balai Desa Wiradadi")
    page.get_by_label("Susunan acara").fill("Pembukaan\nEvaluasi laporan desa")
    page.get_by_role("button", name="Simpan sebagai terlaksana").click()
    page.wait_for_load_state("networkidle")
    main = page.locator("main").inner_text()
    assert "dicatat sebagai terlaksana" in main and "Batalkan kegiatan" not in main
    assert_accessible(page)
    event = Event.objects.get(title="Rapat Koordinasi Sekdes Tertunda")
    assert event.status == "held" and not event.registrations.exists()

    # attendance: the secretaries of the day are on the sheet
    page.get_by_role("link", name="Isi daftar hadir").click()
    page.wait_for_load_state("networkidle")
    first = page.locator("[data-testid=sheet-row]").first
    first.get_by_role("button", name="Hadir").click()
    expect(page.locator("[data-testid=sheet-row]").first.locator("[data-testid=sheet-status]")).to_contain_text("Hadir")
    page.get_by_role("button", name="sisanya izin/alpa").click()
    page.wait_for_load_state("networkidle")
    assert "ditandai izin/alpa" in page.locator("main").inner_text()

    # minutes: an agenda item added without saving, a follow-up chosen by its title
    page.goto(f"/kegiatan/{event.pk}/")
    assert "Hadir" in page.locator("[data-testid=attendance-summary]").inner_text()
    page.get_by_role("button", name="Tulis notulen").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Tambah mata acara").click()
    new_title = page.locator("input[name=item-2-title]")
    new_title.wait_for()
    new_title.fill("Iuran kas forum")
    page.get_by_role("button", name="Tambah tindak lanjut").click()
    page.locator("input[name=tl-1-what]").wait_for()
    assert page.locator("input[name=item-2-title]").input_value() == "Iuran kas forum"  # typed text kept
    page.locator("select[name=tl-0-item]").select_option(label="3. Iuran kas forum")
    page.locator("input[name=tl-0-what]").fill("Menyetor iuran kas semester II")
    page.locator("select[name=tl-0-owner]").select_option(label="Sri Wahyuni")
    page.get_by_role("button", name="Simpan draf").click()
    page.wait_for_load_state("networkidle")
    assert "Draf notulen disimpan" in page.locator("main").inner_text()
    follow_up = FollowUp.objects.get(item__minutes__event=event)
    assert follow_up.item.title == "Iuran kas forum" and follow_up.item.position == 3
    assert_accessible(page)


def test_board_sees_who_an_invitation_reaches_before_sending(page, demo, login):
    from trainings.models import Event

    start = timezone.localtime() + datetime.timedelta(days=12)
    login(page, "ketua@fokuss.test")
    page.goto("/kegiatan/")
    page.get_by_role("link", name=re.compile(r"Jadwalkan$")).click()  # the icon's glyph precedes the text
    page.wait_for_load_state("networkidle")
    page.get_by_label("Judul").fill("Bimtek Penyusunan RKPDes")
    page.get_by_label("Mulai (WIB)").fill(start.strftime("%Y-%m-%dT08:00"))
    page.get_by_label("Selesai (WIB)").fill(start.strftime("%Y-%m-%dT15:00"))
    page.get_by_label("Tempat", exact=True).fill("Aula Kantor Kecamatan Sokaraja")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name="Umumkan & undang").click()
    page.wait_for_load_state("networkidle")
    confirm = page.locator("main").inner_text()
    assert "Undangan akan dikirim ke 18 orang." in confirm
    assert "Notifikasi di portal: 18 orang" in confirm and "Email:" in confirm and "WhatsApp:" in confirm
    event = Event.objects.get(title="Bimtek Penyusunan RKPDes")
    assert event.status == "draft" and not event.registrations.exists()  # nothing sent yet
    assert_accessible(page)
    page.get_by_role("button", name="Ya, kirim undangan ke 18 orang").click()
    page.wait_for_load_state("networkidle")
    assert "undangan dikirim ke 18 orang" in page.locator("main").inner_text()
    event.refresh_from_db()
    assert event.status == "published" and event.registrations.count() == 18


def test_sekdes_finds_my_certificates(page, demo, login):
    from members.models import User
    from trainings.models import Certificate

    sekdes = User.objects.get(email="sekdes@fokuss.test")
    numbers = list(Certificate.objects.filter(person=sekdes).values_list("number", flat=True))
    login(page, "sekdes@fokuss.test")
    page.goto("/")
    _open_menu(page, "Kegiatan", "Sertifikat saya")
    assert page.get_by_role("heading", name="Sertifikat saya").is_visible()
    listing = page.locator("[data-testid=my-certificates]").inner_text()
    if numbers:
        assert all(n in listing for n in numbers)
        href = page.get_by_role("link", name="Unduh PDF").first.get_attribute("href")
        response = page.request.get(href)
        assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    else:
        assert "Belum ada sertifikat atas nama Anda." in listing
    assert_accessible(page)
