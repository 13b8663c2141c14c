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

    def stub(*, person_ids):
        return {a.pk: [TrainingEvidence(1, "Bimtek Siskeudes 2026", "pelatihan", datetime.date(2026, 2, 3), 16,
                                        ["KOMP-APL"], "hadir", 55, 85, "001/BIMTEK/2026")]}

    monkeypatch.setattr(selectors, "trainings_attended", stub)
    page = login(a).get(reverse("reports:person_profile", args=[a.pk])).content.decode()
    assert "Bimtek Siskeudes 2026" in page and "001/BIMTEK/2026" in page and "55 → 85" in page


def test_profile_keeps_its_address_and_my_profile_leads_there(world, login):
    a = world.users["sekdes_a"]
    assert reverse("reports:person_profile", args=[a.pk]) == f"/kompetensi/orang/{a.pk}/"
    response = login(a).get(reverse("competency:my_profile"))
    assert response.status_code == 302 and response["Location"] == f"/kompetensi/orang/{a.pk}/"
