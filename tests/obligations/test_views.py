import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fokuss.cache import forum_version_bump
from notifications.models import Delivery
from obligations import services
from obligations.models import Deadline, Obligation, Submission
from tests import factories as f
from tests.obligations.factories import deadline, obligation, pdf_upload, submit

TODAY = timezone.localdate()


def _days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def ob(world):
    return obligation(world.forum_a)


@pytest.fixture
def d1(ob, world):
    return deadline(ob, world.a1, due_on=_days(10))


@pytest.mark.django_db
def test_sekdes_submits_evidence_and_sees_it_pending(world, d1, login):
    client = login(world.users["sekdes_a"])
    response = client.post(f"/kewajiban/tenggat/{d1.pk}/kirim/", {"file": pdf_upload(), "note": "Sudah ke kecamatan"})
    assert response.status_code == 302
    s = Submission.objects.get(deadline=d1)
    assert s.file and s.file_type == "application/pdf" and s.note == "Sudah ke kecamatan"
    page = client.get(f"/kewajiban/tenggat/{d1.pk}/").content.decode()
    assert 'data-status="dikirim"' in page and "berkas bukti" in page
    assert client.get(f"/kewajiban/penyampaian/{s.pk}/berkas/").status_code == 200


@pytest.mark.django_db
def test_wrong_file_in_the_form_gets_a_clear_message_and_nothing_saved(world, d1, login):
    client = login(world.users["sekdes_a"])
    bad = SimpleUploadedFile("bukti.pdf", b"<html>bukan pdf</html>" * 10, content_type="application/pdf")
    response = client.post(f"/kewajiban/tenggat/{d1.pk}/kirim/", {"file": bad})
    assert response.status_code == 400
    assert "Jenis berkas tidak diterima" in response.content.decode()
    empty = client.post(f"/kewajiban/tenggat/{d1.pk}/kirim/", {"reference_number": "", "note": "x"})
    assert "Lampirkan berkas bukti atau isi nomor surat" in empty.content.decode()
    d1.refresh_from_db()
    assert d1.state == "belum" and not Submission.objects.exists()


@pytest.mark.django_db
def test_reject_without_reason_then_with_reason_then_verify(world, d1, login):
    s = submit(d1, world.users["sekdes_a"])
    board = login(world.users["pengurus"])
    response = board.post(f"/kewajiban/penyampaian/{s.pk}/periksa/", {"decision": "tolak", "reason": ""}, follow=True)
    assert "Tuliskan alasan penolakan" in response.content.decode()
    s.refresh_from_db()
    assert s.status == "dikirim"
    board.post(f"/kewajiban/penyampaian/{s.pk}/periksa/", {"decision": "tolak", "reason": "Kurang tanda terima"})
    d1.refresh_from_db()
    assert d1.state == "ditolak"
    again = submit(d1, world.users["sekdes_a"], reference_number="140/2/2026")
    camat = login(world.users["camat"])
    camat.post(f"/kewajiban/penyampaian/{again.pk}/periksa/", {"decision": "terima"})
    d1.refresh_from_db()
    assert d1.state == "terverifikasi"
    # the other forum's board cannot even see it
    other = login(world.users["other_forum"])
    assert other.post(f"/kewajiban/penyampaian/{again.pk}/periksa/", {"decision": "tolak", "reason": "x"}).status_code == 404


@pytest.mark.django_db
def test_my_deadlines_sorted_by_urgency_with_colour(world, ob, login):
    late = deadline(ob, world.a1, due_on=_days(-3), period="TA 2024")
    soon = deadline(ob, world.a1, due_on=_days(5), period="TA 2026")
    later = deadline(ob, world.a1, due_on=_days(40), period="TA 2027")
    sent = deadline(ob, world.a1, due_on=_days(1), period="TA 2025")
    submit(sent, world.users["sekdes_a"])
    deadline(ob, world.a2, due_on=_days(2))  # another village: not hers
    page = login(world.users["sekdes_a"]).get("/kewajiban/").content.decode()
    order = [page.index(f"/kewajiban/tenggat/{d.pk}/") for d in (late, soon, later, sent)]
    assert order == sorted(order)
    assert 'data-status="terlambat"' in page and "solid var(--bs-danger)" in page
    assert page.count('data-testid="deadline-row"') == 4


def _grow(world, n):
    """Forum A with n villages, each with a secretary and the year's deadlines of 3 obligations."""
    from members.models import SecretaryTenure, User, Village

    have = Village.objects.filter(district=world.forum_a.district).count()
    villages = Village.objects.bulk_create([Village(district=world.forum_a.district, code=f"33.02.19.{3000 + i}",
                                                    name=f"Desa {i}") for i in range(have, n)])
    users = User.objects.bulk_create([User(email=f"g{i}@contoh.test", full_name=f"Sekdes {i}") for i in range(have, n)])
    SecretaryTenure.objects.bulk_create([SecretaryTenure(user=u, village=v, started_on=datetime.date(2020, 1, 1))
                                         for u, v in zip(users, villages, strict=True)])
    if not Obligation.objects.filter(forum=world.forum_a).exists():
        services.obligations_seed(forum=world.forum_a)
        Obligation.objects.filter(forum=world.forum_a).exclude(code__in=["lppd", "kas-bulanan", "dd-realisasi"]).update(
            active=False)
    services.deadlines_generate(forum=world.forum_a, year=TODAY.year)
    for d in Deadline.objects.filter(forum=world.forum_a, state="belum").order_by("pk")[:20]:
        submit(d, world.users["pengurus"])


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("url,role", [
    ("/kewajiban/matriks/", "pengurus"),
    ("/kewajiban/belum-kirim/", "camat"),
    ("/kewajiban/ketepatan-waktu/", "pengurus"),
    ("/laporan/kapasitas/", "camat"),
    ("/kewajiban/kalender/", "camat"),
    ("/", "camat"),  # dashboard with the progress panel
    ("/", "sekdes_a"),  # dashboard with my next deadlines
    ("/kewajiban/", "sekdes_a"),
])
def test_pages_run_a_constant_number_of_queries(world, login, url, role):
    client = login(world.users[role])

    def count_after_a_data_change() -> int:
        client.get(url)  # the user's actor and forum, cached per user while their posts stay
        forum_version_bump(world.forum_a.pk)  # the page's data: computed afresh
        return _count(client, url)

    _grow(world, 18)
    small = count_after_a_data_change()
    _grow(world, 300)
    big = count_after_a_data_change()
    assert big == small, f"{url}: {small} queries at 18 villages, {big} at 300"


@pytest.mark.django_db
def test_matrix_shows_every_village_and_status(world, login):
    _grow(world, 18)
    page = login(world.users["pengurus"]).get(f"/kewajiban/matriks/?tahun={TODAY.year}").content.decode()
    assert page.count('class="sticky-col small fw-semibold') == 18
    assert "dot-dikirim" in page and ("dot-belum" in page or "dot-terlambat" in page)


@pytest.mark.django_db
def test_missing_page_and_one_click_reminder_for_all(world, ob, login):
    for v in (world.a1, world.a2, world.a3):
        deadline(ob, v, due_on=_days(-2), period="TA 2025")
    done = Deadline.objects.get(village=world.a3)
    submit(done, world.users["pengurus"])
    client = login(world.users["pengurus"])
    page = client.get(f"/kewajiban/belum-kirim/?kewajiban={ob.pk}&periode=TA 2025").content.decode()
    assert 'data-testid="open-count">2<' in page
    response = client.post("/kewajiban/ingatkan/", {"kewajiban": ob.pk, "periode": "TA 2025", "semua": "1",
                                                   "next": "/kewajiban/belum-kirim/"}, follow=True)
    assert "Pengingat dikirim ke 2 sekretaris desa" in response.content.decode()
    reminded = set(Delivery.objects.filter(channel="inapp").values_list("recipient_id", flat=True))
    assert reminded == {world.users["sekdes_a"].pk, world.users["sekdes_b"].pk}


@pytest.mark.django_db
def test_on_time_rate_per_village_and_obligation(world, ob, login):

    for i, v in enumerate((world.a1, world.a2)):
        d = deadline(ob, v, due_on=_days(-30), period="TA X")
        s = services.submission_create(deadline=d, user=world.users["pengurus"], reference_number="1",
                                       now=timezone.now() - datetime.timedelta(days=40 if i == 0 else 10))
        services.submission_verify(submission=s, user=world.users["pengurus"], approve=True)
    page = login(world.users["pengurus"]).get("/kewajiban/ketepatan-waktu/").content.decode()
    assert 'title="1/1">100%' in page and 'title="0/1">0%' in page and 'title="1/2">50%' in page


@pytest.mark.django_db
def test_ical_feed_lists_own_deadlines(world, d1, login):
    page = login(world.users["sekdes_a"]).get("/kewajiban/kalender/").content.decode()
    url = re.search(r'value="https?://[^/"]+(/kalender/[^"]+\.ics)"', page).group(1)  # the one calendar feed
    feed = login(None).get(url)
    assert feed["Content-Type"].startswith("text/calendar")
    body = feed.content.decode().replace("\r\n ", "")  # unfold long iCalendar lines
    assert "BEGIN:VEVENT" in body and "Kalikidang" in body and f"deadline-{d1.pk}@fokuss" in body


@pytest.mark.django_db
def test_board_edits_obligation_and_generates_a_year(world, ob, login):
    past = deadline(ob, world.a1, due_on=_days(-100), period="TA lama")
    client = login(world.users["pengurus"])
    response = client.post(f"/kewajiban/daftar/{ob.pk}/ubah/", {
        "name": "LPPD baru", "legal_basis": "Permendagri", "due_rule": '{"month": 4, "day": 30, "fiscal_year_offset": 1}',
        "submitted_to": "Camat", "evidence": "x", "notes": "", "approximate": "on", "active": "on",
        "reminder_days_text": "21, 7"})
    assert response.status_code == 302
    ob.refresh_from_db()
    assert ob.name == "LPPD baru" and ob.reminder_days == [21, 7] and ob.due_rule["month"] == 4
    past.refresh_from_db()
    assert past.due_on == _days(-100)
    bad = client.post(f"/kewajiban/daftar/{ob.pk}/ubah/", {"name": "X", "due_rule": '{"bulan": 1}',
                                                            "reminder_days_text": "7"})
    assert "Aturan jatuh tempo" in bad.content.decode()
    ob.refresh_from_db()
    assert ob.name == "LPPD baru"
    client.post("/kewajiban/daftar/buat-tenggat/", {"year": "2031"})
    assert Deadline.objects.filter(year=2031, village__in=[world.a1, world.a2, world.a3]).count() == 3


@pytest.mark.django_db
def test_term_event_form_creates_rpjmdes(world, login):
    services.obligations_seed(forum=world.forum_a)
    client = login(world.users["pengurus"])
    client.post("/kewajiban/pelantikan/", {"village": world.a2.pk, "occurred_on": "2026-10-05", "note": "Kades baru"})
    d = Deadline.objects.get(obligation__code="rpjmdes")
    assert d.village == world.a2 and d.due_on == datetime.date(2027, 1, 5)
    response = client.post("/kewajiban/pelantikan/", {"village": f.VillageFactory().pk, "occurred_on": "2026-10-05"})
    assert response.status_code == 200 and Deadline.objects.filter(obligation__code="rpjmdes").count() == 1


@pytest.mark.django_db
def test_verifying_another_forums_submission_is_refused_and_nothing_changes(world, login):
    ob_b = obligation(world.forum_b)
    d = deadline(ob_b, world.b1, due_on=_days(30))
    s = submit(d, world.users["other_forum"])
    response = login(world.users["pengurus"]).post(f"/kewajiban/penyampaian/{s.pk}/periksa/", {"decision": "terima"})
    assert response.status_code == 404
    s.refresh_from_db(), d.refresh_from_db()
    assert s.status == "dikirim" and s.verified_by is None and d.state == "dikirim"


@pytest.mark.django_db
def test_short_name_period_and_old_overdue_collapsed(world, login):
    ippd = obligation(world.forum_a, code="ippd", name="Informasi Penyelenggaraan Pemerintahan Desa kepada masyarakat (IPPD)")
    lppd = obligation(world.forum_a, code="lppd-x", name="Laporan Penyelenggaraan Pemerintahan Desa akhir tahun")
    lppd.short_name = "LPPDes"
    lppd.save()
    old = deadline(ippd, world.a1, due_on=_days(-600), period="TA 2022")
    recent = deadline(lppd, world.a1, due_on=_days(-20), period="TA 2025")
    page = login(world.users["sekdes_a"]).get("/kewajiban/").content.decode()
    # on a phone the short name and the period, never a title cut mid-word
    assert '<span class="d-sm-none">IPPD <span class="text-nowrap">TA 2022</span>' in page
    assert '<span class="d-sm-none">LPPDes <span class="text-nowrap">TA 2025</span>' in page
    assert "Periode TA 2022" in page  # under the full name on wider screens
    details = page[page.index('data-testid="old-deadlines"'):]
    assert f"/kewajiban/tenggat/{old.pk}/" in details and f"/kewajiban/tenggat/{recent.pk}/" not in details
    assert "1 tenggat terlambat lebih dari setahun" in details
    assert page.index(f"/kewajiban/tenggat/{recent.pk}/") < page.index('data-testid="old-deadlines"')
    assert "Tenggat desa dampingan" not in page and 'data-testid="village-group"' not in page


def test_short_name_falls_back_to_the_abbreviation_in_brackets_then_the_code():
    from obligations.models import short_name_of

    assert short_name_of(name="Laporan (LKPPD)", short_name=" LKPPDes ", code="lkppd") == "LKPPDes"
    assert short_name_of(name="Informasi kepada masyarakat (IPPD)", code="ippd") == "IPPD"
    assert short_name_of(name="Laporan kas bulanan", code="kas-bulanan") == "KAS-BULANAN"


@pytest.mark.django_db
def test_seeded_calendar_has_short_names(world):
    services.obligations_seed(forum=world.forum_a)
    shorts = dict(Obligation.objects.filter(forum=world.forum_a).values_list("code", "short_name"))
    assert shorts["ippd"] == "IPPD" and shorts["lppd"] == "LPPDes" and shorts["apbdes-penetapan"] == "Perdes APBDes"
    assert all(shorts.values()) and max(len(s) for s in shorts.values()) <= 22


@pytest.mark.django_db
def test_pendamping_sees_deadlines_grouped_per_village(world, ob, login):
    from members.models import FacilitatorAssignment

    FacilitatorAssignment.objects.create(user=world.users["pendamping"], village=world.a2, role="pld",
                                         started_on=_days(-400))
    a1_late = deadline(ob, world.a1, due_on=_days(-3), period="TA 2025")
    a2_soon = deadline(ob, world.a2, due_on=_days(4), period="TA 2026")
    deadline(ob, world.a3, due_on=_days(4), period="TA 2026")  # not hers
    page = login(world.users["pendamping"]).get("/kewajiban/").content.decode()
    assert "Tenggat desa dampingan" in page
    groups = re.findall(r'data-testid="village-group" data-village="([^"]+)"', page)
    assert groups == sorted([world.a1.name, world.a2.name])
    first = page[page.index(f'data-village="{world.a1.name}"'):page.index(f'data-village="{world.a2.name}"')]
    assert f"/kewajiban/tenggat/{a1_late.pk}/" in first and "1 terlambat" in first
    assert f"/kewajiban/tenggat/{a2_soon.pk}/" in page[page.index(f'data-village="{world.a2.name}"'):]
    assert page.count('data-testid="deadline-row"') == 2


@pytest.mark.django_db
def test_empty_deadlines_offer_the_calendar(world, login):
    page = login(world.users["sekdes_a"]).get("/kewajiban/").content.decode()
    assert "Tidak ada tenggat dalam 120 hari ke depan." in page and "/kewajiban/kalender/" in page


@pytest.mark.django_db
def test_dashboard_panel_lists_recent_deadlines_before_year_old_ones(world, ob, login):
    old = deadline(ob, world.a1, due_on=_days(-500), period="TA 2024")
    recent = deadline(ob, world.a1, due_on=_days(-10), period="TA 2025")
    page = login(world.users["sekdes_a"]).get("/").content.decode()
    panel = page[page.index('data-testid="panel-my-deadlines"'):]
    assert panel.index(f"/kewajiban/tenggat/{recent.pk}/") < panel.index(f"/kewajiban/tenggat/{old.pk}/")
    assert "LPPD <span" in panel  # the short name, with the period beside it
