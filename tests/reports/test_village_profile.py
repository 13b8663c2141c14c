"""The village profile (reports:village_profile at /desa/<code>/) and its PDF: figures from the
selector, who sees the private part, the PDF's text equal to the selector's figures, the download
in the audit trail, hostile addresses, and an exact query count at two data sizes."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from fokuss.cache import forum_version_bump
from members.models import AccessLog, AuditEntry, ProfileView
from mentoring.models import MentoringPlan, MentorKind, Stage
from obligations.models import Deadline
from reports import selectors
from tests import factories as f
from tests.competency.factories import RoundFactory, assess, competency
from tests.mentoring.factories import PlanFactory
from tests.obligations.factories import deadline, obligation
from tests.pdftext import pdftotext
from tests.trainings.factories import AttendanceFactory, EventFactory, wib

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)


def _verified(d: Deadline, on: datetime.date) -> None:
    Deadline.objects.filter(pk=d.pk).update(state="terverifikasi", completed_on=on)


def build(world, *, today=TODAY, n: int = 1) -> dict:
    """Village a1 with ``n`` of every kind of row: a former secretary assessed in an older round,
    sekdes_a assessed now, trainings, mentoring as mentee and as mentor, deadlines over two years."""
    w, a1, sekdes = world, world.a1, world.users["sekdes_a"]
    old = f.UserFactory(full_name="Mantan Uji Sekdes")
    r1 = RoundFactory(forum=w.forum_a, name="Pemetaan 2018", starts_on=datetime.date(2018, 8, 1))
    r2 = RoundFactory(forum=w.forum_a, name="Pemetaan 2026", starts_on=datetime.date(2026, 2, 1))
    assess(old, "KOMP-TIK", 1, round=r1, village=a1)
    assess(sekdes, "KOMP-TIK", 3, round=r2, village=a1)
    assess(sekdes, "KOMP-ADM", 4, round=r2, village=a1)
    assess(world.users["sekdes_b"], "KOMP-TIK", 4, round=r2, village=world.a2)  # another village: not counted
    ob = obligation(w.forum_a)
    for i in range(n):
        year = 2025 + i % 2
        _verified(deadline(ob, a1, due_on=datetime.date(year, 3, 10 + i % 15), period=f"ok-{i}"),
                  datetime.date(year, 3, 1))  # on time
        _verified(deadline(ob, a1, due_on=datetime.date(year, 4, 10), period=f"late-{i}"),
                  datetime.date(year, 5, 1))  # late
        deadline(ob, a1, due_on=today - datetime.timedelta(days=3 + i), period=f"overdue-{i}")
        deadline(ob, a1, due_on=today + datetime.timedelta(days=10 + i), period=f"open-{i}")
        ev = EventFactory(forum=w.forum_a, title=f"Bimtek Uji Profil {i}", starts_at=wib(2026, 6, 1 + i % 20, 9),
                          hours=6)
        AttendanceFactory(event=ev, person=sekdes, village=a1, status="hadir")
        AttendanceFactory(event=EventFactory(forum=w.forum_a, title=f"Studi Uji {i}", kind="studi_banding",
                                             starts_at=wib(2026, 7, 1 + i % 20, 9)),
                          person=sekdes, village=a1, status="izin")
        AttendanceFactory(event=ev, person=world.users["sekdes_b"], village=world.a2, status="hadir")  # not a1
    deadline(ob, world.a2, due_on=today - datetime.timedelta(days=2), period="a2-overdue")  # not a1
    PlanFactory(mentee=sekdes, village=a1, mentor=world.users["pengurus"], stage=Stage.TRANSFORMASI)
    PlanFactory(mentee=world.users["sekdes_b"], village=world.a2, mentor=sekdes, mentor_kind=MentorKind.PEER,
                status=MentoringPlan.Status.SELESAI, baseline_level=1, final_level=3)
    PlanFactory(mentee=world.users["sekdes_b"], village=world.a2, mentor=world.users["pengurus"],
                competency=competency("KOMP-ADM"))
    return {"r1": r1, "r2": r2, "old": old}


def _profile(world, today=TODAY):
    village = type(world.a1).objects.select_related("district__regency__province", "district__forum").get(
        pk=world.a1.pk)
    return selectors.village_profile(village=village, private=True, today=today)


def test_selector_figures(world):
    build(world, n=2)
    p = _profile(world)
    assert p.secretary == world.users["sekdes_a"]
    # levels per round follow the village's secretary of that round
    assert [(r.round.name, r.person, r.mean) for r in p.rounds] == [
        ("Pemetaan 2018", "Mantan Uji Sekdes", 1.0), ("Pemetaan 2026", "Sri Uji Wahyuni", 3.5)]
    tik = next(row for row in p.levels if row.competency.code == "KOMP-TIK")
    assert (tik.levels, tik.current, tik.change) == ([1, 3], 3, 2)
    # trainings of the village only (the attendance keeps the village of the day)
    assert len(p.trainings) == 4 and p.attended == 2 and p.training_hours == 12
    assert {t.status for t in p.trainings} == {"hadir", "izin"}
    # mentoring: sekdes_a as mentee and as mentor; not sekdes_b's plan with the board
    assert sorted((pl.mentee_id == world.users["sekdes_a"].pk, pl.stage) for pl in p.plans) == [
        (False, Stage.PENYADARAN), (True, Stage.TRANSFORMASI)]
    assert p.active_plans == 1
    # deadline record: 2025 and 2026 each one on time, one late; overdue and open of a1 only
    years = {y.year: (y.on_time, y.due) for y in p.years}
    assert years[2025] == (1, 2) and years[2026] == (1, 4)  # 2026 also counts the 2 overdue ones
    assert (p.on_time, p.due, p.on_time_rate) == (2, 6, 33.3)
    assert [d.period for d in p.overdue] == ["overdue-1", "overdue-0"]
    assert [d.period for d in p.open_items] == ["open-0", "open-1"]


def test_public_part_only_for_another_village_secretary(world):
    build(world)
    village = type(world.a1).objects.select_related("district__forum").get(pk=world.a1.pk)
    p = selectors.village_profile(village=village, private=False, today=TODAY)
    assert p.tenures and not p.rounds and not p.trainings and not p.plans and not p.years and not p.overdue


@pytest.mark.parametrize("role, private", [("sekdes_a", True), ("pendamping", True), ("pengurus", True),
                                           ("camat", True), ("kabupaten", True), ("sekdes_b", False)])
def test_page_private_part_by_role(world, login, role, private):
    build(world, today=timezone.localdate())
    response = login(world.users[role]).get(reverse("reports:village_profile", args=[world.a1.code]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="tenures"' in html and "Sri Uji Wahyuni" in html  # the tenure history is public
    for marker in ('id="h-competency"', 'id="h-deadlines"', 'id="h-trainings"', 'id="h-mentoring"',
                   'data-testid="profile-pdf"'):
        assert (marker in html) is private, marker
    if private:
        assert "Bimtek Uji Profil 0" in html and "<svg" in html


def test_viewing_someone_elses_profile_is_recorded_for_them(world, login):
    build(world, today=timezone.localdate())
    login(world.users["pengurus"]).get(reverse("reports:village_profile", args=[world.a1.code]))
    login(world.users["sekdes_a"]).get(reverse("reports:village_profile", args=[world.a1.code]))  # own: not recorded
    assert list(ProfileView.objects.values_list("viewer_id", "person_id")) == [
        (world.users["pengurus"].pk, world.users["sekdes_a"].pk)]


def test_pdf_shows_the_selectors_figures_and_is_logged(world, login):
    today = timezone.localdate()
    build(world, today=today, n=2)
    response = login(world.users["camat"]).get(reverse("reports:village_profile_pdf", args=[world.a1.code]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdftotext(response.content)
    p = _profile(world, today=today)
    for title in ("PROFIL DESA KALIKIDANG", "A. Sekretaris Desa dan Riwayat Jabatan", "B. Tingkat Kompetensi",
                  "C. Pelatihan yang Diikuti", "D. Pendampingan", "E. Ketepatan Waktu Penyampaian Laporan",
                  "FOKUSS"):
        assert title in text, title
    rate = f"{p.on_time_rate:g}".replace(".", ",")
    assert f"{rate}% ({p.on_time} dari {p.due} tenggat)" in text
    assert f"Tenggat lewat tempo ({len(p.overdue)})" in text
    assert f"Tenggat berjalan ({len(p.open_items)})" in text
    assert f"{p.attended} kegiatan dihadiri, {p.training_hours:g} jam pelajaran" in text
    assert f"Grade {p.grade.letter or '-'}: {p.grade.explanation}" in text
    for y in p.years:
        assert f"{y.on_time}/{y.due}" in text
    for name in ("Sri Uji Wahyuni", "Mantan Uji Sekdes", "Bimtek Uji Profil 1", "Dewi Uji Pendamping",
                 "Pemetaan 2018", "Transformasi kemampuan"):
        assert name in text, name
    entry = AuditEntry.objects.get(action="export.downloaded")
    assert (entry.object_type, entry.object_id, entry.actor, entry.data["format"]) == (
        "members.village", world.a1.pk, world.users["camat"], "pdf")
    assert AccessLog.objects.filter(action="download", user=world.users["camat"],
                                    path=reverse("reports:village_profile_pdf", args=[world.a1.code])).exists()


def test_pdf_refused_to_another_village_secretary_and_to_another_forum(world, login):
    url = reverse("reports:village_profile_pdf", args=[world.a1.code])
    assert login(world.users["sekdes_b"]).get(url).status_code == 403
    assert login(world.users["other_forum"]).get(url).status_code == 404
    assert login(world.users["sekdes_a"]).get(url).status_code == 200
    assert not AuditEntry.objects.filter(actor=world.users["sekdes_b"]).exists()


@pytest.mark.parametrize("code", ["33.02.20.2001", "9" * 40, "abc", "33.02.19.2001x", "%00", "-1", "0"])
@pytest.mark.parametrize("name", ["reports:village_profile", "reports:village_profile_pdf"])
def test_bad_village_codes_are_404(world, login, name, code):
    client = login(world.users["pengurus"])
    if code == "33.02.20.2001":
        assert code == world.b1.code  # the other forum's village
    url = reverse(name, args=["X"]).replace("/X/", f"/{code}/")
    assert client.get(url).status_code == 404


def test_replacing_the_secretary_returns_to_the_village_page(world, login):
    client = login(world.users["pengurus"])
    url = reverse("members:village_replace_secretary", args=[world.a1.code])
    response = client.post(url, {"ended_on": "2026-06-30", "end_reason": "mutasi", "email": "baru@contoh.test",
                                 "full_name": "Pengganti Uji", "status": "definitif", "started_on": "2026-07-01"},
                           follow=True)
    assert response.redirect_chain == [("../", 302)]
    assert response.request["PATH_INFO"] == reverse("reports:village_profile", args=[world.a1.code])


def grow(world, n: int, st: dict) -> None:
    """Bring a1's rows of every kind to ``n``: rounds with assessments, tenures, trainings, plans,
    deadlines (on time, overdue, open), audit entries."""
    from competency.models import Assessment
    from members.models import SecretaryTenure

    today = timezone.localdate()
    if "ob" not in st:
        st["ob"] = obligation(world.forum_a)
        st["tik"] = competency("KOMP-TIK")
        st["n"] = 0
    for i in range(st["n"], n):
        person = f.UserFactory(full_name=f"Sekdes Lama {i}")
        SecretaryTenure.objects.create(user=person, village=world.a1, status="definitif",
                                       started_on=datetime.date(2000 + i % 15, 1, 1),
                                       ended_on=datetime.date(2000 + i % 15, 6, 30), end_reason="mutasi")
        rnd = RoundFactory(forum=world.forum_a, name=f"Putaran {i}", starts_on=datetime.date(2016, 1, 1)
                           + datetime.timedelta(days=40 * i))
        Assessment.objects.create(forum=world.forum_a, round=rnd, person=world.users["sekdes_a"], village=world.a1,
                                  competency=st["tik"], level=1 + i % 4, method="board",
                                  assessor=world.users["pengurus"], assessed_on=rnd.starts_on, status="validated",
                                  validated_at=timezone.now())
        ev = EventFactory(forum=world.forum_a, starts_at=wib(2025, 1 + i % 12, 1 + i % 27, 9))
        AttendanceFactory(event=ev, person=world.users["sekdes_a"], village=world.a1)
        MentoringPlan.objects.create(forum=world.forum_a, mentee=f.UserFactory(), mentor=world.users["sekdes_a"],
                                     mentor_kind="peer", competency=st["tik"], goal="g", started_on=today,
                                     status="selesai")
        done = deadline(st["ob"], world.a1, due_on=datetime.date(2017 + i % 9, 3, 1 + i % 28), period=f"d{i}")
        _verified(done, done.due_on)
        deadline(st["ob"], world.a1, due_on=today - datetime.timedelta(days=1 + i), period=f"o{i}")
        deadline(st["ob"], world.a1, due_on=today + datetime.timedelta(days=1 + i), period=f"n{i}")
        AuditEntry.objects.create(action="export.downloaded", object_type="members.village", object_id=world.a1.pk,
                                  object_repr="a1", forum=world.forum_a)
    st["n"] = n


# role -> exact queries of the village page (the same at 3 and at 30 of every row)
PAGE_QUERIES = {
    "pengurus": 16,  # profile + has today's profile view been recorded (1; it was) + the audit timeline
    "sekdes_a": 14,  # own village: no profile view recorded, no audit timeline
    "sekdes_b": 5,  # the public part only
}


@pytest.mark.parametrize("role", sorted(PAGE_QUERIES))
def test_exact_queries_at_two_sizes(world, login, django_assert_num_queries, role):
    client = login(world.users[role])
    url = reverse("reports:village_profile", args=[world.a1.code])
    st: dict = {}
    grow(world, 3, st)
    client.get(url)  # warm the per-process caches
    for n in (3, 30):
        grow(world, n, st)
        client.get("/")  # the user's actor and forum, cached per user while their posts stay
        forum_version_bump(world.forum_a.pk)
        with django_assert_num_queries(PAGE_QUERIES[role]):
            response = client.get(url)
        assert response.status_code == 200
        assert response.content.decode().count("Sekdes Lama ") == n
