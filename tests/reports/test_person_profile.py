"""The person profile (moved up from competency: it reads trainings and mentoring too)."""

import datetime
from dataclasses import dataclass

import pytest
from django.urls import reverse

from reports import selectors

pytestmark = pytest.mark.django_db


def test_profile_shows_trainings_from_the_trainings_app(world, login, monkeypatch):
    """The profile composes competency, trainings (trainings_attended) and mentoring."""

    @dataclass
    class TrainingEvidence:
        event_id: int
        title: str
        kind: str
        date: datetime.date
        hours: float
        competency_codes: list
        attendance_status: str
        pre_score: float | None
        post_score: float | None
        certificate_number: str

    a = world.users["sekdes_a"]

    def stub(*, person_ids, forum=None):
        return {a.pk: [TrainingEvidence(1, "Bimtek Siskeudes 2026", "pelatihan", datetime.date(2026, 2, 3), 16,
                                        ["KOMP-APL"], "hadir", 55, 85, "001/BIMTEK/2026")]}

    monkeypatch.setattr("reports.selectors.profiles.trainings_attended", stub)
    page = login(a).get(reverse("reports:person_profile", args=[a.pk])).content.decode()
    assert "Bimtek Siskeudes 2026" in page and "001/BIMTEK/2026" in page and "55 → 85" in page


def test_profile_keeps_its_address_and_my_profile_leads_there(world, login):
    a = world.users["sekdes_a"]
    assert reverse("reports:person_profile", args=[a.pk]) == f"/kompetensi/orang/{a.pk}/"
    response = login(a).get(reverse("competency:my_profile"))
    assert response.status_code == 302 and response["Location"] == f"/kompetensi/orang/{a.pk}/"


def test_board_sees_only_its_own_forums_evidence_the_person_sees_all(world, login):
    """A secretary who moved from forum B to forum A: forum A's board sees the assessments and
    trainings from forum A's activities only; the person sees all of their own."""
    from tests import factories as f
    from tests.competency.factories import RoundFactory, assess
    from tests.trainings.factories import AttendanceFactory, EventFactory, wib

    mover = world.users["sekdes_a"]
    f.TenureFactory(village=world.b1, user=mover, started_on=datetime.date(2020, 1, 1),
                    ended_on=datetime.date(2023, 12, 31), end_reason="mutasi")
    round_b = RoundFactory(forum=world.forum_b, name="Pemetaan ZZFORUMB")
    assess(mover, "KOMP-TIK", 4, round=round_b, evidence_note="Bukti ZZFORUMB")
    round_a = RoundFactory(forum=world.forum_a, name="Pemetaan FOKUSS 2026")
    assess(mover, "KOMP-TIK", 2, round=round_a)
    for forum, title in ((world.forum_b, "Bimtek ZZFORUMB"), (world.forum_a, "Bimtek FOKUSS")):
        event = EventFactory(forum=forum, title=title, starts_at=wib(2026, 2, 3, 9), ends_at=wib(2026, 2, 3, 12))
        AttendanceFactory(event=event, person=mover, pre_score=40, post_score=80)

    seen_by_board = selectors.person_profile(forum=world.forum_a, person_id=mover.pk,
                                             viewer_id=world.users["pengurus"].pk)
    assert {a.round.name for a in seen_by_board.assessments} == {"Pemetaan FOKUSS 2026"}
    assert [t.title for t in seen_by_board.trainings] == ["Bimtek FOKUSS"]
    seen_by_self = selectors.person_profile(forum=world.forum_a, person_id=mover.pk, viewer_id=mover.pk)
    assert {a.round.name for a in seen_by_self.assessments} == {"Pemetaan FOKUSS 2026", "Pemetaan ZZFORUMB"}
    assert {t.title for t in seen_by_self.trainings} == {"Bimtek FOKUSS", "Bimtek ZZFORUMB"}

    url = reverse("reports:person_profile", args=[mover.pk])
    assert "ZZFORUMB" not in login(world.users["pengurus"]).get(url).content.decode()
    assert "Bimtek ZZFORUMB" in login(mover).get(url).content.decode()
