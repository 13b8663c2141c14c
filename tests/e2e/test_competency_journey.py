"""Competency and mentoring in real Chromium: a sekdes assesses herself, the board validates and
accepts a suggested mentor, the mentor logs a session by importing a WhatsApp chat export and
moves the plan to the next stage."""

import re

import pytest

from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.e2e


def test_self_assessment_to_mentoring_session_from_whatsapp(page, demo, login, tmp_path):
    from competency.models import Framework
    from members.models import Forum

    codes = list(Framework.current(forum=Forum.objects.get(short_name="FOKUSS")).competencies.values_list("code", flat=True))

    # 1. Sri Wahyuni (Kalikidang) assesses herself: level 2 everywhere, 1 for Siskeudes
    login(page, "sekdes@fokuss.test")
    for step, code in enumerate(codes, start=1):  # one competency per step on a phone
        page.goto(f"/kompetensi/penilaian-diri/?langkah={step}")
        page.check(f"input[name='level_{code}'][value='{1 if code == 'KOMP-APL' else 2}']")
        if code == "KOMP-APL":
            page.fill("textarea[name='note_KOMP-APL']", "Input APBDes masih dibantu operator")
        page.get_by_role("button", name="Simpan draf").click()
        page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Kirim penilaian diri").click()
    page.wait_for_load_state("networkidle")
    assert "menunggu validasi pengurus" in page.locator("main").inner_text()
    profile_path = page.url

    # 2. the board validates
    page.context.clear_cookies()
    login(page, "ketua@fokuss.test")
    page.goto("/kompetensi/validasi/")
    page.click("[data-testid=validation-queue] >> text=Sri Wahyuni")
    page.click("[data-testid=validate-submit]")
    page.wait_for_load_state("networkidle")
    assert "Penilaian tervalidasi." in page.locator("main").inner_text()
    assert page.locator("[data-testid=assessments]").inner_text().count("Tervalidasi") >= 9
    person_id = re.search(r"/orang/(\d+)/", profile_path).group(1)

    # 3. ... and accepts the first mentor suggested for Sri's Siskeudes gap
    page.goto(f"/pendampingan/saran/?mentee={person_id}")
    gap = page.locator("[data-testid=gap]", has_text="Pengoperasian Siskeudes")
    first = gap.locator("[data-testid=suggestion]").first
    assert "Tingkat 4 (mampu mendampingi) di KOMP-APL" in first.inner_text()
    mentor_name = first.locator("strong").inner_text().strip()
    first.locator("[data-testid=accept]").click()
    page.wait_for_load_state("networkidle")
    assert f"{mentor_name} mendampingi Sri Wahyuni" in page.locator("main").inner_text()
    assert "Penyadaran" in page.locator("[data-testid=current-stage]").inner_text()
    plan_path = "/" + page.url.split("/", 3)[3]

    # 4. the mentor imports the WhatsApp chat as a session
    page.context.clear_cookies()
    from members.models import User

    login(page, User.objects.get(full_name=mentor_name).email)
    page.goto(plan_path)
    page.click("[data-testid=import-link]")
    from django.utils import timezone

    d1 = d2 = timezone.localdate()  # the plan started today; so does the chat
    chat = tmp_path / "Chat WhatsApp dengan Sri Wahyuni.txt"
    chat.write_text(
        f"{d1:%d/%m/%y} 08.10 - Mentor: Bu Sri, sudah bisa login Siskeudes?\n"
        f"{d1:%d/%m/%y} 08.12 - Sri Wahyuni: Sudah Bu 🙏 tapi menu penganggaran\nbelum muncul\n"
        f"{d1:%d/%m/%y} 08.15 - Mentor: <Media tidak disertakan>\n"
        f"{d2:%d/%m/%y} 19.40 - Sri Wahyuni: Sudah bisa input RAB bidang 1 ✅\n", encoding="utf-8")
    page.set_input_files("input[name=chat_file]", str(chat))
    page.fill("input[name=start]", d1.isoformat())
    page.fill("input[name=end]", d2.isoformat())
    page.fill("input[name=topic]", "Login dan input RAB di Siskeudes")
    page.fill("input[name=step_0_title]", "Input RAB bidang 2")
    page.select_option("select[name=step_0_owner]", label="Sri Wahyuni (mentee)")
    page.click("[data-testid=import-submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=sessions]").count() == 1, page.locator("main").inner_text()
    sessions = page.locator("[data-testid=sessions]").inner_text()
    assert "Login dan input RAB di Siskeudes" in sessions and "WhatsApp" in sessions
    assert "menu penganggaran\nbelum muncul" in sessions
    assert "Input RAB bidang 2" in page.locator("[data-testid=next-steps]").inner_text()

    # 5. ... and moves the plan to the next stage
    page.click("[data-testid=advance-stage]")
    page.wait_for_load_state("networkidle")
    assert "Transformasi kemampuan" in page.locator("[data-testid=current-stage]").inner_text()
    assert mentor_name in page.locator("[data-testid=stage-history]").inner_text()

    # the mentee sees the next step on her "Tugas saya" page
    page.context.clear_cookies()
    login(page, "sekdes@fokuss.test")
    page.goto("/tugas/")
    assert "Input RAB bidang 2" in page.locator("main").inner_text()


def test_sekdes_self_assesses_step_by_step_with_a_draft(page, demo, login):
    """At 360 px: one competency per step, a draft kept between visits with "x dari 9", and the
    server (not a browser popup) naming what is missing when sending too early."""
    login(page, "sekdes@fokuss.test")
    main = page.locator("main")
    page.goto("/kompetensi/penilaian-diri/")
    assert "0 dari 9 kompetensi terjawab" in main.inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Mulai", exact=True).click()
    for step in range(1, 5):
        assert f"Kompetensi {step} dari 9" in main.inner_text()
        if step == 1:
            assert_accessible(page)
        main.get_by_text("Mampu dengan bimbingan", exact=True).click()
        page.get_by_role("button", name="Simpan & lanjut").click()
        page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Simpan draf").click()
    page.wait_for_load_state("networkidle")
    assert "Draf tersimpan: 4 dari 9 kompetensi terjawab" in page.locator("body").inner_text()

    # she leaves, comes back later: the draft is there
    page.goto("/")
    page.goto("/kompetensi/penilaian-diri/")
    assert "4 dari 9 kompetensi terjawab" in main.inner_text()

    # sending too early: the server lists what is missing, in Indonesian
    page.get_by_role("button", name="Kirim penilaian diri").click()
    page.wait_for_load_state("networkidle")
    errors = page.get_by_role("alert").filter(has_text="belum dijawab")
    assert "5 dari 9 kompetensi belum dijawab" in errors.inner_text()
    assert "Jawaban Anda sudah disimpan sebagai draf" in errors.inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Lanjutkan").click()
    for step in range(5, 10):
        assert f"Kompetensi {step} dari 9" in main.inner_text()
        main.get_by_text("Mampu mandiri", exact=True).click()
        page.get_by_role("button", name="Simpan & tinjau" if step == 9 else "Simpan & lanjut").click()
        page.wait_for_load_state("networkidle")
    assert "9 dari 9 kompetensi terjawab" in main.inner_text()
    page.get_by_role("button", name="Kirim penilaian diri").click()
    page.wait_for_load_state("networkidle")
    assert "Penilaian diri terkirim dan menunggu validasi pengurus." in page.locator("body").inner_text()
