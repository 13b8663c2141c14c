"""Charts on screen (fokuss.charts, the one SVG helper): the on-time rate per year on the board's,
the camat office's and kabupaten staff's dashboards, the grade distribution on the board's, and a
person's competency levels per round on their profile."""

import datetime
import re

import pytest
from django.utils import timezone

from competency.models import Competency
from obligations.models import Deadline
from reports.selectors import grade_counts, person_profile, profile_chart, yearly_on_time
from tests.competency.factories import RoundFactory, assess, framework
from tests.obligations.factories import deadline, obligation

pytestmark = pytest.mark.django_db


def _desc(svg: str) -> str:
    return re.search(r"<desc[^>]*>(.*?)</desc>", svg, re.S).group(1)


def test_on_time_rate_per_year_counts_deadlines_done_by_their_due_date(world):
    today = timezone.localdate()
    ob = obligation(world.forum_a)
    due = datetime.date(today.year - 1, 3, 31)
    on_time = deadline(ob, world.a1, due_on=due, period="A")
    late = deadline(ob, world.a2, due_on=due, period="B")
    deadline(ob, world.a3, due_on=due, period="C")  # never handed in
    Deadline.objects.filter(pk=on_time.pk).update(state="terverifikasi", completed_on=due)
    Deadline.objects.filter(pk=late.pk).update(state="terverifikasi", completed_on=due + datetime.timedelta(days=3))
    rows = {y: (ok, n) for y, ok, n in yearly_on_time(forum=world.forum_a, today=today)}
    assert rows[today.year - 1] == (1, 3)
    assert list(rows)[-1] == today.year  # every year up to this one, a gap where nothing was due


def test_grade_distribution_of_the_serving_secretaries(world):
    today = timezone.localdate()
    r = RoundFactory(forum=world.forum_a, starts_on=today - datetime.timedelta(days=10))
    for code in Competency.objects.filter(framework=framework()).values_list("code", flat=True):
        assess(world.users["sekdes_a"], code, 3, round=r)
        assess(world.users["sekdes_b"], code, 1, round=r)
    before, now = grade_counts(forum=world.forum_a, days=(today - datetime.timedelta(days=30), today))
    assert dict(now) == {"A": 1, "B": 0, "C": 1, "-": 1}  # pengurus has no assessment yet
    assert dict(before) == {"A": 0, "B": 0, "C": 0, "-": 3}


@pytest.mark.parametrize("role, on_time, grades", [
    ("pengurus", True, True), ("kabupaten", True, False), ("sekdes_a", False, False), ("pendamping", False, False)])
def test_dashboard_charts_per_role(world, login, role, on_time, grades):
    html = login(world.users[role]).get("/").content.decode()
    assert ('data-testid="chart-on-time"' in html) is on_time
    assert ('data-testid="chart-grades"' in html) is grades
    if on_time:
        assert "Ketepatan waktu per tahun" in html and 'role="img"' in html
    if grades:
        assert "Sebaran grade sekretaris desa" in html


def test_camat_dashboard_shows_the_on_time_trend(world, login):
    html = login(world.users["camat"]).get("/").content.decode()
    assert 'data-testid="camat-trend-rates"' in html and "Tepat waktu, kehadiran dan sekdes grade A per tahun" in html and "<svg" in html


def test_profile_chart_shows_levels_per_round(world, login):
    person = world.users["sekdes_a"]
    assert profile_chart(person_profile(forum=world.forum_a, person_id=person.pk)) is None  # nothing to draw
    first = RoundFactory(forum=world.forum_a, name="Pemetaan Satu", starts_on=datetime.date(2025, 2, 1))
    second = RoundFactory(forum=world.forum_a, name="Pemetaan Dua", starts_on=datetime.date(2026, 2, 1))
    assess(person, "KOMP-TIK", 1, round=first)
    assess(person, "KOMP-TIK", 3, round=second)
    svg = profile_chart(person_profile(forum=world.forum_a, person_id=person.pk))
    assert "Pemetaan Satu: " in _desc(svg) and "Pemetaan Dua: " in _desc(svg)
    assert "TIK 1" in _desc(svg) and "TIK 3" in _desc(svg)
    page = login(world.users["pengurus"]).get(f"/kompetensi/orang/{person.pk}/").content.decode()
    assert 'data-testid="profile-chart"' in page and "TIK: " in page


def test_share_of_grade_a_per_year_counts_who_served_at_each_years_end(world):
    from reports.selectors import Period, capacity_figures
    from reports.selectors.camat import independent_share_by_year

    today = timezone.localdate()
    last_year = RoundFactory(forum=world.forum_a, starts_on=datetime.date(today.year - 1, 3, 1))
    this_year = RoundFactory(forum=world.forum_a, starts_on=datetime.date(today.year, 1, 2))
    codes = list(Competency.objects.filter(framework=framework()).values_list("code", flat=True))
    for code in codes:
        assess(world.users["sekdes_a"], code, 3, round=last_year)
        assess(world.users["sekdes_b"], code, 1, round=this_year)
    figures = capacity_figures(forum=world.forum_a, period=Period(today.year), today=today)
    shares = independent_share_by_year(figures=figures, years=[today.year - 2, today.year - 1, today.year], today=today)
    assert shares[today.year - 2] is None  # nobody graded yet
    assert shares[today.year - 1] == 100  # sekdes_a alone had a grade (A)
    assert shares[today.year] == 50  # sekdes_a A, sekdes_b C; the pengurus has no grade
