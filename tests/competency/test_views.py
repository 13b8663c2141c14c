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
    response = client.post(reverse("competency:self_assess"), {**_levels(2, skip=("KOMP-INT",)), "aksi": "kirim"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "1 dari 9 kompetensi belum dijawab (Kepemimpinan &amp; Integritas Sekretariat)" in page
    assert "Jawaban Anda sudah disimpan sebagai draf" in page and "8 dari 9</strong>" in page
    assert " required" not in page  # the server says what is missing, not the browser
    assert not Assessment.objects.exists()
    response = client.post(reverse("competency:self_assess"), {**_levels(2), "aksi": "kirim"})
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


def test_self_assessment_step_by_step_with_a_draft(world, open_round, login):
    from competency.models import SelfAssessmentDraft

    a = world.users["sekdes_a"]
    client = login(a)
    url = reverse("competency:self_assess")
    codes = list(framework().competencies.values_list("code", flat=True))
    page = client.get(url).content.decode()
    assert "0 dari 9</strong>" in page and "?langkah=1" in page
    step = client.get(url + "?langkah=1").content.decode()
    assert "Kompetensi 1 dari 9" in step and step.count('type="radio"') == 4
    response = client.post(url + "?langkah=1", {f"level_{codes[0]}": 3, f"note_{codes[0]}": "ada SK", "aksi": "lanjut"})
    assert response.status_code == 302 and response["Location"].endswith("?langkah=2")
    response = client.post(url + "?langkah=2", {f"level_{codes[1]}": 2, "aksi": "kembali"})
    assert response["Location"].endswith("?langkah=1")
    response = client.post(url + "?langkah=9", {f"level_{codes[8]}": 1, "aksi": "draf"})
    assert response.status_code == 302 and response["Location"] == url
    page = client.get(url).content.decode()
    assert "3 dari 9</strong>" in page and "Draf tersimpan: 3 dari 9 kompetensi terjawab" in page
    assert 'href="?langkah=3"' in page  # "Lanjutkan" goes to the first unanswered step
    back = client.get(url + "?langkah=1").content.decode()
    assert 'value="3" checked' in back and "ada SK" in back  # the draft is shown again
    # the last step leads back to the overview; sending with a gap lists it
    assert client.post(url + "?langkah=9", {"aksi": "lanjut"})["Location"] == url
    page = client.post(url, {"aksi": "kirim"}).content.decode()
    assert "6 dari 9 kompetensi belum dijawab" in page and 'href="?langkah=3"' in page
    assert not Assessment.objects.exists()
    client.post(url, {**{f"level_{c}": 2 for c in codes[2:8]}, "aksi": "draf"})
    response = client.post(url, {"aksi": "kirim"})
    assert response.status_code == 302
    assert dict(Assessment.objects.filter(person=a).values_list("competency__code", "level"))[codes[0]] == 3
    assert not SelfAssessmentDraft.objects.exists()


@pytest.mark.parametrize("raw", ["abc", "0", "10", "-1", "1e3", "99999999999999999999", "١", " "])
def test_self_assessment_bad_step_shows_the_overview(world, open_round, login, raw):
    client = login(world.users["sekdes_a"])
    response = client.get(reverse("competency:self_assess"), {"langkah": raw})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kompetensi 1 dari" not in page and 'data-testid="self-assess-steps"' in page
    response = client.post(reverse("competency:self_assess") + f"?langkah={raw}", {"aksi": "lanjut"})
    assert response.status_code == 302


@pytest.mark.parametrize("data", [
    {"level_KOMP-TIK": "9", "aksi": "draf"},
    {"level_KOMP-TIK": "dua", "aksi": "kirim"},
    {"level_KOMP-TIK": ["1", "2"], "aksi": "lanjut"},
    {"note_KOMP-TIK": "x" * 3000, "aksi": "draf"},
    {"level_KOMP-XXX": "2", "aksi": "hapus-semua"},
])
def test_self_assessment_bad_draft_input_is_refused_without_saving(world, open_round, login, data):
    from competency.models import SelfAssessmentDraft

    client = login(world.users["sekdes_a"])
    response = client.post(reverse("competency:self_assess"), data)
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert not SelfAssessmentDraft.objects.exists()
    else:  # unknown fields and actions are ignored (a repeated field counts once): nothing is sent
        assert SelfAssessmentDraft.objects.get().levels in ({}, {"KOMP-TIK": 2}) and not Assessment.objects.exists()


def test_empty_states_offer_the_next_action(world, open_round, login):
    board = login(world.users["pengurus"])
    queue = board.get(reverse("competency:validation_queue")).content.decode()
    assert "Tidak ada penilaian yang menunggu validasi." in queue and reverse("competency:heatmap") in queue
    plans = board.get(reverse("mentoring:index")).content.decode()
    assert "Belum ada rencana pendampingan di sini." in plans
    assert f'href="{reverse("mentoring:suggestions")}">Lihat saran mentor' in plans
    camat = login(world.users["camat"]).get(reverse("mentoring:index")).content.decode()
    assert "Belum ada rencana pendampingan di sini." in camat and "Lihat saran mentor" not in camat
    calendar = login(world.users["sekdes_a"]).get(reverse("obligations:calendar")).content.decode()
    assert "Tidak ada tenggat bulan ini." in calendar and "Lihat bulan berikutnya" in calendar
