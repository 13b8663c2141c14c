"""The capacity report (laporan kapasitas): figures per village and for the forum, the page and
its PDF in Indonesian official form."""

import datetime

import pytest

from obligations.models import Deadline
from reports import selectors
from tests.competency.factories import RoundFactory, assess
from tests.obligations.factories import deadline, obligation
from tests.pdftext import pdftotext
from tests.reports.drafts import capacity_draft_pdf
from tests.trainings.factories import EventFactory, wib
from trainings.models import Attendance

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def year_of_work(world):
    """Forum A in 2026: a1 kept two of three deadlines, a2 none (one still open); a1's secretary
    attended one training and was excused from another; sekdes_a is at level 3 in most
    competencies."""
    ob = obligation(world.forum_a)
    on_time = [deadline(ob, world.a1, due_on=datetime.date(2026, m, 10), period=f"2026-{m:02d}") for m in (3, 4)]
    deadline(ob, world.a1, due_on=datetime.date(2026, 5, 10), period="2026-05")  # never sent
    deadline(ob, world.a2, due_on=datetime.date(2026, 6, 10), period="2026-06")  # never sent
    deadline(ob, world.a1, due_on=datetime.date(2026, 12, 10), period="2026-12")  # not due yet: not counted
    deadline(ob, world.a1, due_on=datetime.date(2025, 3, 10), period="2025-03")  # another year
    for d in on_time:
        Deadline.objects.filter(pk=d.pk).update(state="terverifikasi", completed_on=d.due_on - datetime.timedelta(days=2))
    for month, status in ((2, "hadir"), (7, "izin")):
        event = EventFactory(forum=world.forum_a, starts_at=wib(2026, month, 5, 9), ends_at=wib(2026, month, 5, 15))
        Attendance.objects.create(event=event, person=world.users["sekdes_a"], village=world.a1, status=status)
    round_ = RoundFactory(forum=world.forum_a, starts_on=datetime.date(2026, 2, 1))
    for code in ("KOMP-TIK", "KOMP-APL", "KOMP-REG", "KOMP-ADM", "KOMP-KEU", "KOMP-REN"):
        assess(world.users["sekdes_a"], code, 3, round=round_, village=world.a1)
    assess(world.users["sekdes_b"], "KOMP-KEU", 1, round=round_, village=world.a2)
    return ob


def test_figures_per_village_and_for_the_forum(world, year_of_work):
    report = selectors.capacity_figures(forum=world.forum_a, period=selectors.Period(2026), today=TODAY)
    rows = {r.village.pk: r for r in report.rows}
    a1, a2 = rows[world.a1.pk], rows[world.a2.pk]
    assert (a1.due, a1.on_time, a1.overdue_open, a1.on_time_rate) == (3, 2, 1, 66.7)
    assert (a2.due, a2.on_time, a2.overdue_open, a2.on_time_rate) == (1, 0, 1, 0.0)
    assert (a1.attended, a1.expected, a1.attendance_rate) == (1, 1, 100.0)  # izin does not count against her
    assert a1.grade.letter == "A" and a2.grade.letter == ""
    assert a1.tenure.user == world.users["sekdes_a"]
    assert (report.due, report.on_time, report.overdue_open) == (4, 2, 2)
    assert dict(report.grade_counts)["A"] == 1
    assert dict(report.events_by_kind)["Pelatihan / bimtek"] == 2
    assert world.b1.pk not in rows  # only forum A's villages
    assert [n.competency.code for n in report.needs] == ["KOMP-KEU"]
    earlier = selectors.capacity_figures(forum=world.forum_a, period=selectors.Period(2025), today=TODAY)
    assert {r.village.pk: r.due for r in earlier.rows}[world.a1.pk] == 1


def test_pdf_in_indonesian_official_form(world, year_of_work, login, settings, media):
    world.users["camat"].language = "en"
    world.users["camat"].save(update_fields=["language"])
    text = pdftotext(capacity_draft_pdf(login(world.users["camat"]), "2026"))
    assert "LAPORAN PERKEMBANGAN KAPASITAS SEKRETARIS DESA" in text
    assert "Tahun 2026" in text and "Keadaan per" in text
    for title in ("A. Pendahuluan", "B. Kegiatan", "C. Hasil", "D. Simpulan dan Saran", "E. Penutup",
                  "Lampiran I. Rekapitulasi per Desa"):
        assert title in text
    for village in (world.a1, world.a2, world.a3):
        assert village.name in text
    a1 = next(r for r in selectors.capacity_figures(forum=world.forum_a, period=selectors.Period(2026)).rows if r.village == world.a1)
    rate = f"{a1.on_time_rate:.1f}".replace(".", ",").removesuffix(",0")  # Indonesian comma, also for English
    assert f"{rate}% ({a1.on_time}/{a1.due})" in text
    assert "Ketua FOKUSS" in text and "Halaman 1 dari" in text


def test_years_outside_the_forum_life_are_not_found(world, login):
    client = login(world.users["pengurus"])
    before = client.get("/laporan/kapasitas/2016.pdf")  # before FOKUSS was founded: the page says why
    assert before.status_code == 400 and "sebelum FOKUSS berdiri" in before.content.decode()
    next_year = datetime.date.today().year + 1
    assert "belum dimulai" in client.get(f"/laporan/kapasitas/{next_year}.pdf").content.decode()
    page = client.get("/laporan/kapasitas/?tahun=abc")
    assert page.status_code == 400 and 'data-testid="capacity-table"' in page.content.decode()
    assert "tidak dikenal" in page.content.decode()


def test_pdf_address_before_issuing_leads_to_the_page_or_the_users_own_draft(world, year_of_work, login, media,
                                                                            monkeypatch):
    """Nothing is rendered on request: no draft yet gives the page (where it is asked for); a ready
    draft of someone else does not count."""
    def never(**kwargs):
        raise AssertionError("rendered on request")

    capacity_draft_pdf(login(world.users["pengurus"]), "2026")  # the board's own draft, made in the background
    monkeypatch.setattr("reports.services.capacity_draft_render", never)
    response = login(world.users["camat"]).get("/laporan/kapasitas/2026.pdf")
    assert response.status_code == 302 and response["Location"] == "/laporan/kapasitas/?periode=2026"
