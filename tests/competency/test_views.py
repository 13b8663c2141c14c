import datetime

import pytest
from django.urls import reverse

from competency.models import Assessment
from tests.competency.factories import RoundFactory, framework


@pytest.fixture
def open_round(world):
    return RoundFactory(forum=world.forum_a, starts_on=datetime.date(2026, 1, 5))


def _levels(level, skip=()):
    return {f"level_{c.code}": level for c in framework().competencies.all() if c.code not in skip}


def test_self_assessment_then_board_validation(world, open_round, login):
    a = world.users["sekdes_a"]
    client = login(a)
    response = client.post(reverse("competency:self_assess"), _levels(2, skip=("KOMP-INT",)))
    assert response.status_code == 200
    assert "Pilih tingkat untuk kompetensi ini." in response.content.decode()
    assert not Assessment.objects.exists()
    response = client.post(reverse("competency:self_assess"), _levels(2))
    assert response.status_code == 302
    assert Assessment.objects.filter(person=a, status="submitted").count() == 9
    # another secretary cannot see her levels
    assert login(world.users["sekdes_b"]).get(reverse("reports:person_profile", args=[a.pk])).status_code == 403
    client = login(world.users["pengurus"])
    assert "Sri Uji Wahyuni" in client.get(reverse("competency:validation_queue")).content.decode()
    pending = Assessment.objects.filter(person=a).order_by("pk")
    data = {f"level_{x.pk}": 2 for x in pending}
    data[f"level_{pending[0].pk}"] = 9
    response = client.post(reverse("competency:validate", args=[a.pk]), data)
    assert response.status_code == 200 and not Assessment.objects.filter(status="validated").exists()
    data[f"level_{pending[0].pk}"] = 1
    response = client.post(reverse("competency:validate", args=[a.pk]), data)
    assert response.status_code == 302
    assert Assessment.objects.filter(person=a, status="validated").count() == 9
    page = client.get(reverse("reports:person_profile", args=[a.pk])).content.decode()
    assert "Grade kompetensi" in page and "Lebih dari separuh" not in page
    heat = client.get(reverse("competency:heatmap")).content.decode()
    assert 'data-testid="heatmap"' in heat and "Sri Uji Wahyuni" in heat


def test_training_needs_link_only_when_trainings_offers_event_create(world, open_round, login, monkeypatch):
    from django.urls import NoReverseMatch

    from competency import views

    a = world.users["sekdes_a"]
    for c in framework().competencies.all():
        Assessment.objects.create(forum=world.forum_a, round=open_round, person=a, village=world.a1, competency=c,
                                  level=1, method="board", assessor=a, assessed_on=open_round.starts_on,
                                  status="validated")
    client = login(world.users["pengurus"])

    def missing(name, *args, **kwargs):
        if name == "trainings:event_create":
            raise NoReverseMatch(name)
        return reverse(name, *args, **kwargs)

    monkeypatch.setattr(views, "reverse", missing)
    page = client.get(reverse("competency:needs")).content.decode()
    assert 'data-testid="schedule-training"' not in page and "Tautan penjadwalan" in page
    monkeypatch.setattr(views, "reverse", lambda name, *a, **k: "/kegiatan/baru/" if name == "trainings:event_create"
                        else reverse(name, *a, **k))
    page = client.get(reverse("competency:needs")).content.decode()
    assert "/kegiatan/baru/?competency=KOMP-TIK&amp;audience=gap" in page


def test_dashboard_cards(world, open_round, login):
    from tests.competency.factories import assess

    for code in ("KOMP-TIK", "KOMP-APL", "KOMP-REG", "KOMP-ADM", "KOMP-KEU"):
        assess(world.users["pengurus"], code, 3, round=open_round)
    assess(world.users["sekdes_a"], "KOMP-TIK", 2, round=open_round, status="submitted")
    page = login(world.users["pengurus"]).get(reverse("members:dashboard")).content.decode()
    assert "1 sekretaris menunggu validasi penilaian." in page
    assert "5 dari 9 kompetensi" in page and "0 rencana aktif" in page
