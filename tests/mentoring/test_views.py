"""Mentoring pages: the plan list, a plan, accepting a suggestion, creating a plan, moving the stage,
logging a session and importing a WhatsApp chat. Each: the happy path, the refusals, and bad input
that gives a clear message and saves nothing."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from mentoring import services
from mentoring.models import MentoringPlan, MentoringSession, MentorKind, Stage, StageChange
from tests import factories as f
from tests.competency.factories import RoundFactory, assess, competency
from tests.mentoring.factories import PlanFactory

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def gap_world(world):
    world.round = RoundFactory(forum=world.forum_a, starts_on=datetime.date(2026, 1, 5))
    assess(world.users["sekdes_a"], "KOMP-TIK", 1, round=world.round)
    return world


@pytest.fixture
def plan(gap_world):
    """sekdes_a mentored by the board's ketua, started ten days ago."""
    w = gap_world
    return services.plan_create(forum=w.forum_a, mentee=w.users["sekdes_a"], mentor=w.users["pengurus"],
                                competency=competency("KOMP-TIK"), goal="Naik ke 3", target_level=3,
                                by=w.users["pengurus"], started_on=TODAY - 10 * DAY)


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# List ---------------------------------------------------------------------------------------

def test_list_shows_the_board_every_plan_and_a_secretary_her_own(world, plan, login):
    other = PlanFactory(mentee=world.users["sekdes_b"], village=world.a2, mentor=world.users["pengurus"],
                        started_on=TODAY - 60 * DAY)
    page = login(world.users["pengurus"]).get(reverse("mentoring:index")).content.decode()
    assert "Sri Uji Wahyuni" in page and "Yuli Uji Kartika" in page
    assert "macet" in page  # the other plan had no session for 60 days
    assert reverse("mentoring:suggestions") in page  # the board may manage
    page = login(world.users["sekdes_b"]).get(reverse("mentoring:index")).content.decode()
    assert "Yuli Uji Kartika" in page and "Sri Uji Wahyuni" not in page
    assert reverse("mentoring:suggestions") not in page
    assert f'href="{reverse("mentoring:plan_detail", args=[other.pk])}"' in page


def test_list_filters_by_status(world, plan, login):
    client = login(world.users["pengurus"])
    services.plan_close(plan=plan, status="dihentikan", by=world.users["pengurus"], note="Pindah tugas")
    assert "Sri Uji Wahyuni" not in client.get(reverse("mentoring:index")).content.decode()
    assert "Sri Uji Wahyuni" in client.get(reverse("mentoring:index"), {"status": "dihentikan"}).content.decode()
    assert "Sri Uji Wahyuni" in client.get(reverse("mentoring:index"), {"status": "semua"}).content.decode()


def _grow_plans(world, n: int) -> None:
    """``n`` more active plans in forum A, each with a new mentee, village and one session."""
    start = world.forum_a.district.villages.count()
    for i in range(n):
        village = f.VillageFactory(district=world.forum_a.district, code=f"33.02.19.{4000 + start + i}")
        mentee = f.TenureFactory(village=village).user
        p = PlanFactory(mentee=mentee, village=village, mentor=world.users["pengurus"], started_on=TODAY - 40 * DAY)
        MentoringSession.objects.create(forum=world.forum_a, held_on=TODAY - 2 * DAY, topic="x").plans.add(p)


LIST_QUERIES = 9  # the request's own (session, user, actor, forum, ...) and the page's


def test_list_runs_the_same_exact_queries_at_3_and_30_plans(world, login, django_assert_num_queries):
    client = login(world.users["pengurus"])
    _grow_plans(world, 3)
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(reverse("mentoring:index")).status_code == 200
    _grow_plans(world, 27)
    assert MentoringPlan.objects.filter(forum=world.forum_a).count() == 30
    with django_assert_num_queries(LIST_QUERIES):
        page = client.get(reverse("mentoring:index"))
    assert page.status_code == 200 and len(page.context["plans"]) == 30


# Detail -------------------------------------------------------------------------------------

def test_detail_offers_each_role_only_what_it_may_do(world, plan, login):
    url = reverse("mentoring:plan_detail", args=[plan.pk])
    board = login(world.users["pengurus"]).get(url).content.decode()
    assert 'data-testid="advance-stage"' in board and 'data-testid="import-link"' in board
    assert reverse("mentoring:plan_close", args=[plan.pk]) in board
    mentee = login(world.users["sekdes_a"]).get(url).content.decode()
    assert "Penyadaran" in mentee
    assert 'data-testid="advance-stage"' not in mentee and 'data-testid="import-link"' not in mentee
    assert reverse("mentoring:plan_close", args=[plan.pk]) not in mentee
    pendamping = login(world.users["pendamping"]).get(url).content.decode()  # a1 is hers
    assert 'data-testid="import-link"' in pendamping and 'data-testid="advance-stage"' not in pendamping
    assert login(world.users["sekdes_b"]).get(url).status_code == 403
    assert login(world.users["other_forum"]).get(url).status_code == 404
    assert login(world.users["pengurus"]).get(reverse("mentoring:plan_detail", args=[999999])).status_code == 404


def test_a_closed_plan_offers_no_action(world, plan, login):
    services.plan_close(plan=plan, status="dihentikan", by=world.users["pengurus"], note="Pindah tugas")
    page = login(world.users["pengurus"]).get(reverse("mentoring:plan_detail", args=[plan.pk])).content.decode()
    assert 'data-testid="advance-stage"' not in page and 'data-testid="import-link"' not in page
    assert reverse("mentoring:plan_close", args=[plan.pk]) not in page


# Suggestions and plans ------------------------------------------------------------------------

def _pair(world, mentor="pendamping", code="KOMP-TIK"):
    return {"mentee": world.users["sekdes_a"].pk, "mentor": world.users[mentor].pk,
            "competency": competency(code).pk, "level": "1"}


def test_accepting_a_suggestion_creates_the_plan(gap_world, login):
    w = gap_world
    page = login(w.users["pengurus"]).get(reverse("mentoring:suggestions")).content.decode()
    assert "Dewi Uji Pendamping" in page
    response = login(w.users["pengurus"]).post(reverse("mentoring:suggestion_accept"), _pair(w))
    plan = MentoringPlan.objects.get()
    assert response.status_code == 302 and response.url == reverse("mentoring:plan_detail", args=[plan.pk])
    assert (plan.mentee, plan.mentor, plan.mentor_kind) == (w.users["sekdes_a"], w.users["pendamping"],
                                                            MentorKind.PENDAMPING)
    assert plan.stage == Stage.PENYADARAN and plan.baseline_level == 1


def test_accepting_a_suggestion_is_the_boards(gap_world, login):
    w = gap_world
    for role, status in (("sekdes_a", 403), ("camat", 403), ("pendamping", 403), ("other_forum", 404)):
        assert login(w.users[role]).post(reverse("mentoring:suggestion_accept"), _pair(w)).status_code == status, role
    assert not MentoringPlan.objects.exists()


@pytest.mark.parametrize("data", [
    {"mentee": "abc"}, {"mentor": ""}, {"competency": "99999999999999999999"}, {"mentee": "0"},
])
def test_accepting_a_malformed_pair_is_404_and_saves_nothing(gap_world, login, data):
    w = gap_world
    response = login(w.users["pengurus"]).post(reverse("mentoring:suggestion_accept"), {**_pair(w), **data})
    assert response.status_code == 404
    assert not MentoringPlan.objects.exists()


def test_accepting_an_ineligible_mentor_says_why_and_saves_nothing(gap_world, login):
    w = gap_world
    client = login(w.users["pengurus"])
    response = client.post(reverse("mentoring:suggestion_accept"), _pair(w, mentor="sekdes_b"), follow=True)
    assert response.status_code == 200
    assert any("Mentor harus sekdes pada tingkat 4" in m for m in _messages(response))
    assert not MentoringPlan.objects.exists() and not StageChange.objects.exists()


def test_rejecting_a_suggestion_hides_the_pair(gap_world, login):
    w = gap_world
    client = login(w.users["pengurus"])
    assert client.post(reverse("mentoring:suggestion_reject"), _pair(w)).status_code == 302
    page = client.get(reverse("mentoring:suggestions"), {"kompetensi": "KOMP-TIK"}).content.decode()
    assert "Dewi Uji Pendamping" not in page


def test_plan_form_creates_a_group_and_refuses_bad_input(gap_world, login):
    w = gap_world
    client = login(w.users["pengurus"])
    form = client.get(reverse("mentoring:plan_create"))
    assert {u.pk for u in form.context["form"].fields["mentees"].queryset} == {
        w.users[r].pk for r in ("sekdes_a", "sekdes_b", "pengurus")}
    data = {"mentees": [w.users["sekdes_a"].pk, w.users["sekdes_b"].pk], "mentor": w.users["pengurus"].pk,
            "competency": competency("KOMP-TIK").pk, "goal": " ", "target_level": 3}
    response = client.post(reverse("mentoring:plan_create"), data)
    assert response.status_code == 200 and "goal" in response.context["form"].errors
    # the pendamping of a1 may mentor sekdes_a but not sekdes_b (a2): the whole group is refused
    response = client.post(reverse("mentoring:plan_create"),
                           {**data, "goal": "Arsip digital", "mentor": w.users["pendamping"].pk})
    assert response.status_code == 200 and "Mentor harus sekdes pada tingkat 4" in response.content.decode()
    assert not MentoringPlan.objects.exists() and not StageChange.objects.exists()
    response = client.post(reverse("mentoring:plan_create"), {**data, "goal": "Arsip digital"})
    assert response.status_code == 302
    assert set(MentoringPlan.objects.values_list("mentee", flat=True)) == {w.users["sekdes_a"].pk,
                                                                         w.users["sekdes_b"].pk}
    assert login(w.users["sekdes_a"]).post(reverse("mentoring:plan_create"), data).status_code == 403


# Stage ----------------------------------------------------------------------------------------

def test_stage_advances_after_a_session(world, plan, login):
    url = reverse("mentoring:stage_change", args=[plan.pk])
    client = login(world.users["pengurus"])
    response = client.post(url, {"to_stage": "2"}, follow=True)
    assert any("paling sedikit satu sesi" in m for m in _messages(response))
    plan.refresh_from_db()
    assert plan.stage == Stage.PENYADARAN and plan.stage_changes.count() == 1
    response = client.post(url, {"to_stage": "tujuh"}, follow=True)
    assert any("Tahap tidak dikenal" in m for m in _messages(response))
    services.session_log(plans=[plan], held_on=TODAY - DAY, mode="tatap_muka", duration_minutes=60, topic="Surel",
                         by=world.users["pengurus"])
    response = client.post(url, {"to_stage": "2", "note": "Sadar"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.stage == Stage.TRANSFORMASI


def test_stage_is_moved_by_the_board_or_the_mentor_only(world, plan, login):
    url = reverse("mentoring:stage_change", args=[plan.pk])
    services.session_log(plans=[plan], held_on=TODAY - DAY, mode="tatap_muka", duration_minutes=60, topic="Surel",
                         by=world.users["pengurus"])
    for role, status in (("sekdes_a", 403), ("pendamping", 403), ("camat", 403), ("other_forum", 404)):
        assert login(world.users[role]).post(url, {"to_stage": "2"}).status_code == status, role
    plan.refresh_from_db()
    assert plan.stage == Stage.PENYADARAN


# Sessions -------------------------------------------------------------------------------------

def _session_data(**kw):
    return {"held_on": (TODAY - DAY).isoformat(), "mode": "tatap_muka", "duration_minutes": 60,
            "topic": "Latihan surel", "notes": "", **kw}


def test_logging_a_session_with_a_next_step(world, plan, login):
    a = world.users["sekdes_a"]
    client = login(world.users["pendamping"])  # assigned to a1, the mentee's village
    response = client.post(reverse("mentoring:session_create", args=[plan.pk]),
                           _session_data(step_0_title="Kirim contoh surat", step_0_owner=a.pk))
    assert response.status_code == 302
    session = MentoringSession.objects.get()
    assert list(session.plans.all()) == [plan] and session.logged_by == world.users["pendamping"]
    from actions.models import ActionItem

    assert ActionItem.objects.get().owner == a


@pytest.mark.parametrize("data,message", [
    (_session_data(held_on=(TODAY + 2 * DAY).isoformat()), "masa depan"),
    (_session_data(held_on=(TODAY - 30 * DAY).isoformat()), "sebelum rencana dimulai"),
    (_session_data(topic=""), "This field is required|wajib"),
    (_session_data(duration_minutes="lama"), "bilangan|number"),
    (_session_data(step_0_title="Tanpa penanggung jawab"), "Pilih penanggung jawab."),
])
def test_a_bad_session_says_why_and_saves_nothing(world, plan, login, data, message):
    import re

    response = login(world.users["pengurus"]).post(reverse("mentoring:session_create", args=[plan.pk]), data)
    assert response.status_code == 200
    assert re.search(message, response.content.decode())
    assert not MentoringSession.objects.exists()


def test_sessions_are_logged_by_the_board_mentor_or_pendamping_only(world, plan, login):
    url = reverse("mentoring:session_create", args=[plan.pk])
    for role, status in (("sekdes_a", 403), ("sekdes_b", 403), ("camat", 403), ("other_forum", 404)):
        assert login(world.users[role]).post(url, _session_data()).status_code == status, role
    assert not MentoringSession.objects.exists()


# WhatsApp import --------------------------------------------------------------------------------

def _chat(text: str):
    return SimpleUploadedFile("chat.txt", text.encode("utf-8"), content_type="text/plain")


def _import_data(text, start, end):
    return {"chat_file": _chat(text), "start": start.isoformat(), "end": end.isoformat(), "topic": "Surel",
            "duration_minutes": 20}


def test_importing_a_chat_creates_a_session(world, plan, login):
    d1, d2 = TODAY - 3 * DAY, TODAY - DAY
    text = (f"{d1:%d/%m/%Y} 09.00 - Bambang: Bu, sudah coba kirim surel?\n"
            f"{d2:%d/%m/%Y} 19.31 - Sri: Sudah Pak, terima kasih\n")
    response = login(world.users["pengurus"]).post(reverse("mentoring:session_import", args=[plan.pk]),
                                                   _import_data(text, d1, d2))
    assert response.status_code == 302
    session = MentoringSession.objects.get()
    assert session.mode == "whatsapp" and session.held_on == d2 and "terima kasih" in session.notes


def test_importing_a_broken_chat_names_the_line_and_saves_nothing(world, plan, login):
    d = TODAY - 2 * DAY
    bad = f"{d:%d/%m/%Y} 09.00 - Bambang: Halo\n{d:%d/%m/%Y} 25.61 - Sri: jam rusak\n"
    client = login(world.users["pengurus"])
    response = client.post(reverse("mentoring:session_import", args=[plan.pk]), _import_data(bad, d, d))
    assert response.status_code == 200 and "Baris 2" in response.content.decode()
    good = f"{d:%d/%m/%Y} 09.00 - Bambang: Halo\n"
    response = client.post(reverse("mentoring:session_import", args=[plan.pk]), _import_data(good, d, d - DAY))
    assert response.status_code == 200 and "sebelum tanggal awal" in response.content.decode()
    assert not MentoringSession.objects.exists()


def test_importing_is_refused_to_others_and_on_a_closed_plan(world, plan, login):
    d = TODAY - DAY
    text = f"{d:%d/%m/%Y} 09.00 - Bambang: Halo\n"
    url = reverse("mentoring:session_import", args=[plan.pk])
    for role, status in (("sekdes_a", 403), ("sekdes_b", 403), ("camat", 403), ("other_forum", 404)):
        assert login(world.users[role]).post(url, _import_data(text, d, d)).status_code == status, role
    services.plan_close(plan=plan, status="dihentikan", by=world.users["pengurus"], note="Pindah tugas")
    assert login(world.users["pengurus"]).post(url, _import_data(text, d, d)).status_code == 404
    assert not MentoringSession.objects.exists()
