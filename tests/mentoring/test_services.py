import datetime
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from actions.models import ActionItem
from competency.models import Assessment
from competency.selectors import current_levels
from mentoring import services
from mentoring.models import MentoringPlan, MentoringSession, MentorKind, Stage, StageChange
from mentoring.selectors import mentor_suggestions
from tests import factories as f
from tests.competency.factories import RoundFactory, assess, competency
from tests.mentoring.factories import PlanFactory

SAMPLES = Path(__file__).resolve().parent / "samples"
TODAY = timezone.localdate()


@pytest.fixture
def forum_a(world):
    return world.forum_a


def _peer(world, name, level4_in="KOMP-TIK", rnd=None):
    user = f.TenureFactory(village=f.VillageFactory(district=world.forum_a.district), user__full_name=name).user
    assess(user, level4_in, 4, round=rnd)
    return user


@pytest.fixture
def gap_world(world):
    world.round = RoundFactory(forum=world.forum_a, starts_on=datetime.date(2026, 1, 5))
    assess(world.users["sekdes_a"], "KOMP-TIK", 1, round=world.round)
    return world


def _gap(gaps, mentee, code="KOMP-TIK"):
    return next(g for g in gaps if g.mentee == mentee and g.competency.code == code)


def test_suggestions_rank_peers_then_pendamping_then_board_with_reasons(gap_world):
    w = gap_world
    peer = _peer(w, "Ani Uji Ahli", rnd=w.round)
    gaps = mentor_suggestions(forum=w.forum_a, today=TODAY)
    gap = _gap(gaps, w.users["sekdes_a"])
    assert gap.level == 1
    assert [(s.mentor, s.kind) for s in gap.suggestions] == [
        (peer, MentorKind.PEER), (w.users["pendamping"], MentorKind.PENDAMPING), (w.users["pengurus"], MentorKind.BOARD)]
    assert any("Tingkat 4" in r for r in gap.suggestions[0].reasons)
    assert any("Kalikidang" in r for r in gap.suggestions[1].reasons)
    assert any("Beban: 0 dari 3" in r for r in gap.suggestions[0].reasons)


def test_load_cap_leaves_full_mentors_out_and_ties_go_to_fewer_mentees(gap_world):
    w = gap_world
    busy = _peer(w, "Budi Uji Sibuk", rnd=w.round)
    free = _peer(w, "Yayuk Uji Luang", rnd=w.round)
    # same base score; one active mentee lowers Budi's score below Yayuk's
    mentee_x = f.TenureFactory(village=f.VillageFactory(district=w.forum_a.district)).user
    PlanFactory(mentee=mentee_x, village=mentee_x.tenures.first().village, mentor=busy,
                competency=competency("KOMP-APL"))
    gap = _gap(mentor_suggestions(forum=w.forum_a, today=TODAY), w.users["sekdes_a"])
    assert [s.mentor for s in gap.suggestions][:2] == [free, busy]
    # equal scores and equal loads: by name
    w.forum_a.mentor_load_cap = 1
    w.forum_a.save()
    gap = _gap(mentor_suggestions(forum=w.forum_a, today=TODAY), w.users["sekdes_a"])
    assert busy not in [s.mentor for s in gap.suggestions] and gap.full == 1
    # plan_create enforces the cap too
    with pytest.raises(ValidationError, match="batas forum 1"):
        services.plan_create(forum=w.forum_a, mentee=w.users["sekdes_a"], mentor=busy,
                             competency=competency("KOMP-TIK"), goal="x", target_level=3, by=w.users["pengurus"])


def test_ties_are_broken_by_name(gap_world):
    w = gap_world
    zed = _peer(w, "Zaenal Uji", rnd=w.round)
    ade = _peer(w, "Ade Uji", rnd=w.round)
    gap = _gap(mentor_suggestions(forum=w.forum_a, today=TODAY), w.users["sekdes_a"])
    assert [s.mentor for s in gap.suggestions][:2] == [ade, zed]


def test_previous_success_and_rejection(gap_world):
    w = gap_world
    zed = _peer(w, "Zaenal Uji", rnd=w.round)
    ade = _peer(w, "Ade Uji", rnd=w.round)
    # Zaenal once brought someone from 1 to 3 in this competency
    other = f.TenureFactory(village=f.VillageFactory(district=w.forum_a.district)).user
    PlanFactory(mentee=other, village=other.tenures.first().village, mentor=zed, status="selesai", baseline_level=1,
                final_level=3, mentor_kind=MentorKind.PEER)
    gap = _gap(mentor_suggestions(forum=w.forum_a, today=TODAY), w.users["sekdes_a"])
    assert gap.suggestions[0].mentor == zed
    assert any("Pernah berhasil" in r for r in gap.suggestions[0].reasons)
    services.suggestion_reject(forum=w.forum_a, mentee=w.users["sekdes_a"], mentor=zed, competency_code="KOMP-TIK",
                               by=w.users["pengurus"])
    gap = _gap(mentor_suggestions(forum=w.forum_a, today=TODAY), w.users["sekdes_a"])
    assert zed not in [s.mentor for s in gap.suggestions] and gap.suggestions[0].mentor == ade


def test_no_suggestion_once_a_plan_is_active(gap_world):
    w = gap_world
    plan = services.plan_create(forum=w.forum_a, mentee=w.users["sekdes_a"], mentor=w.users["pendamping"],
                                competency=competency("KOMP-TIK"), goal="Naik ke 3", target_level=3,
                                by=w.users["pengurus"])
    assert plan.mentor_kind == MentorKind.PENDAMPING and plan.baseline_level == 1 and plan.stage == Stage.PENYADARAN
    assert plan.stage_changes.count() == 1
    assert not [g for g in mentor_suggestions(forum=w.forum_a, today=TODAY) if g.mentee == w.users["sekdes_a"]]
    with pytest.raises(ValidationError, match="sudah punya rencana"):
        services.plan_create(forum=w.forum_a, mentee=w.users["sekdes_a"], mentor=w.users["pengurus"],
                             competency=competency("KOMP-TIK"), goal="x", target_level=3, by=w.users["pengurus"])


def test_plan_create_bad_input(gap_world):
    w = gap_world
    kw = dict(forum=w.forum_a, mentee=w.users["sekdes_a"], competency=competency("KOMP-TIK"), goal="Tujuan",
              target_level=3, by=w.users["pengurus"])
    with pytest.raises(ValidationError, match="Mentor harus sekdes pada tingkat 4"):
        services.plan_create(mentor=w.users["sekdes_b"], **kw)  # level unknown, not board, not pendamping
    with pytest.raises(ValidationError, match="tidak boleh sama"):
        services.plan_create(mentor=w.users["sekdes_a"], **kw)
    with pytest.raises(ValidationError, match="sasaran 2 sampai 4"):
        services.plan_create(mentor=w.users["pengurus"], **{**kw, "target_level": 1})
    assess(w.users["sekdes_a"], "KOMP-TIK", 2, round=w.round, on=datetime.date(2026, 1, 6))
    with pytest.raises(ValidationError, match="di atas tingkat sekarang"):
        services.plan_create(mentor=w.users["pengurus"], **{**kw, "target_level": 2})
    with pytest.raises(ValidationError, match="sedang menjabat"):
        services.plan_create(mentor=w.users["pengurus"], **{**kw, "mentee": w.users["camat"]})
    with pytest.raises(ValidationError, match="tujuan"):
        services.plan_create(mentor=w.users["pengurus"], **{**kw, "goal": " "})
    assert not MentoringPlan.objects.exists()


@pytest.fixture
def plan(gap_world):
    w = gap_world
    return services.plan_create(forum=w.forum_a, mentee=w.users["sekdes_a"], mentor=w.users["pengurus"],
                                competency=competency("KOMP-TIK"), goal="Naik ke 3", target_level=3,
                                by=w.users["pengurus"], started_on=TODAY - datetime.timedelta(days=10))


def _session(plan, by, days_ago=1, **kw):
    return services.session_log(plans=[plan], held_on=TODAY - datetime.timedelta(days=days_ago), mode="tatap_muka",
                                duration_minutes=60, topic="Latihan surel", by=by, **kw)


def test_stage_transitions(plan, world):
    boss = world.users["pengurus"]
    with pytest.raises(ValidationError, match="paling sedikit satu sesi"):
        services.plan_stage_change(plan=plan, to_stage=2, by=boss)
    _session(plan, boss)
    with pytest.raises(ValidationError, match="tidak boleh dilompati"):
        services.plan_stage_change(plan=plan, to_stage=3, by=boss)
    with pytest.raises(ValidationError, match="sudah berada"):
        services.plan_stage_change(plan=plan, to_stage=1, by=boss)
    with pytest.raises(ValidationError, match="Tahap tidak dikenal"):
        services.plan_stage_change(plan=plan, to_stage=5, by=boss)
    plan = services.plan_stage_change(plan=plan, to_stage=2, by=boss, note="Sadar pentingnya arsip digital")
    assert plan.stage == Stage.TRANSFORMASI
    with pytest.raises(ValidationError, match="paling sedikit satu sesi"):
        services.plan_stage_change(plan=plan, to_stage=3, by=boss)  # the old session belongs to stage 1
    with pytest.raises(ValidationError, match="alasan mundur"):
        services.plan_stage_change(plan=plan, to_stage=1, by=boss)
    services.plan_stage_change(plan=plan, to_stage=1, by=boss, note="Perlu diulang")
    assert list(plan.stage_changes.values_list("from_stage", "to_stage")) == [(None, 1), (1, 2), (2, 1)]
    services.plan_close(plan=plan, status="dihentikan", by=boss, note="Pindah tugas")
    with pytest.raises(ValidationError, match="tidak dapat berpindah tahap"):
        services.plan_stage_change(plan=plan, to_stage=2, by=boss)


def test_close_requires_reassessment_and_records_before_after(plan, world):
    boss = world.users["pengurus"]
    with pytest.raises(ValidationError, match="penilaian ulang"):
        services.plan_close(plan=plan, status="selesai", by=boss)
    with pytest.raises(ValidationError, match="alasan"):
        services.plan_close(plan=plan, status="dihentikan", by=boss)
    with pytest.raises(ValidationError, match="tingkat 1 sampai 4"):
        services.plan_close(plan=plan, status="selesai", by=boss, after_level=9)
    assert Assessment.objects.filter(method="mentoring").count() == 0
    plan.refresh_from_db()
    assert plan.status == "aktif"
    plan = services.plan_close(plan=plan, status="selesai", by=boss, after_level=3, note="Sudah mandiri")
    assert (plan.baseline_level, plan.final_level, plan.status) == (1, 3, "selesai")
    assert plan.final_assessment.method == "mentoring" and plan.final_assessment.is_validated
    a = world.users["sekdes_a"]
    assert current_levels(person_ids=[a.pk])[(a.pk, "KOMP-TIK")] == 3
    with pytest.raises(ValidationError, match="sudah ditutup"):
        services.plan_close(plan=plan, status="selesai", by=boss, after_level=4)


def test_session_next_steps_become_action_items(plan, world):
    boss, a = world.users["pengurus"], world.users["sekdes_a"]
    steps = [services.NextStep(title="Kirim contoh surat", owner_id=a.pk, due_on=TODAY + datetime.timedelta(days=7))]
    session = _session(plan, boss, next_steps=steps)
    item = ActionItem.objects.get()
    assert item.owner == a and item.source == session and item.source_url.endswith(f"/rencana/{plan.pk}/")
    with pytest.raises(ValidationError, match="mentor atau mentee"):
        _session(plan, boss, next_steps=[services.NextStep("x", world.users["camat"].pk, None)])
    with pytest.raises(ValidationError, match="masa depan"):
        _session(plan, boss, days_ago=-2)
    with pytest.raises(ValidationError, match="sebelum rencana dimulai"):
        _session(plan, boss, days_ago=30)
    assert MentoringSession.objects.count() == 1 and ActionItem.objects.count() == 1


def test_group_session_needs_the_same_mentor(plan, world):
    boss = world.users["pengurus"]
    b_plan = services.plan_create(forum=world.forum_a, mentee=world.users["sekdes_b"], mentor=boss,
                                  competency=competency("KOMP-TIK"), goal="x", target_level=3, by=boss,
                                  started_on=TODAY - datetime.timedelta(days=5))
    session = services.session_log(plans=[plan, b_plan], held_on=TODAY, mode="daring", duration_minutes=45,
                                   topic="Kelas kecil", by=boss)
    assert set(session.plans.all()) == {plan, b_plan}
    other = services.plan_create(forum=world.forum_a, mentee=world.users["sekdes_a"], mentor=world.users["pendamping"],
                                 competency=competency("KOMP-APL"), goal="x", target_level=3, by=boss)
    with pytest.raises(ValidationError, match="mentor yang sama"):
        services.session_log(plans=[plan, other], held_on=TODAY, mode="daring", duration_minutes=45, topic="x",
                             by=boss)


def _chat(text: str, name="chat.txt"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/plain")


def test_whatsapp_import_creates_one_session_from_the_range(plan, world):
    d1 = TODAY - datetime.timedelta(days=3)
    d2 = TODAY - datetime.timedelta(days=1)
    text = (f"{d1:%d/%m/%Y} 09.00 - Bambang: Bu, sudah coba kirim surel ke kecamatan?\n"
            f"{d1:%d/%m/%Y} 09.05 - Sri: Sudah Pak 🙏\nlampiran PDF-nya masuk\n"
            f"{d2:%d/%m/%Y} 19.30 - Bambang: <Media tidak disertakan>\n"
            f"{d2:%d/%m/%Y} 19.31 - Sri: Terima kasih\n")
    session = services.session_import_whatsapp(plans=[plan], upload=_chat(text), start=d1, end=d2, topic="Surel",
                                               duration_minutes=20, by=world.users["pengurus"])
    assert session.mode == "whatsapp" and session.held_on == d2 and session.imported_from == "chat.txt"
    assert "Sudah Pak 🙏\nlampiran PDF-nya masuk" in session.notes and "Terima kasih" in session.notes


@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.glob("*.txt")))
def test_whatsapp_import_accepts_every_sample_format(sample, world):
    from mentoring.whatsapp import parse_chat

    boss = world.users["pengurus"]
    raw = (SAMPLES / sample).read_bytes()
    days = sorted({m.sent_at.date() for m in parse_chat(raw)})
    plan = PlanFactory(mentee=world.users["sekdes_a"], village=world.a1, mentor=boss, started_on=days[0])
    session = services.session_import_whatsapp(plans=[plan], upload=_chat(raw.decode("utf-8-sig"), sample),
                                               start=days[0], end=days[-1], topic="Impor", duration_minutes=30, by=boss)
    assert session.notes and session.held_on == days[-1]


def test_whatsapp_import_bad_file_says_which_line_and_saves_nothing(plan, world):
    d = TODAY - datetime.timedelta(days=2)
    bad = f"{d:%d/%m/%Y} 09.00 - Bambang: Halo\n{d:%d/%m/%Y} 25.61 - Sri: jam rusak\n"
    with pytest.raises(ValidationError) as exc:
        services.session_import_whatsapp(plans=[plan], upload=_chat(bad), start=d, end=d, topic="x",
                                         duration_minutes=10, by=world.users["pengurus"])
    assert "Baris 2" in str(exc.value.message_dict["chat_file"])
    with pytest.raises(ValidationError, match="Baris 1"):
        services.session_import_whatsapp(plans=[plan], upload=_chat("ini bukan ekspor chat\n"), start=d, end=d,
                                         topic="x", duration_minutes=10, by=world.users["pengurus"])
    good = f"{d:%d/%m/%Y} 09.00 - Bambang: Halo\n"
    with pytest.raises(ValidationError, match="Tidak ada pesan"):
        services.session_import_whatsapp(plans=[plan], upload=_chat(good), start=d - datetime.timedelta(days=9),
                                         end=d - datetime.timedelta(days=8), topic="x", duration_minutes=10,
                                         by=world.users["pengurus"])
    with pytest.raises(ValidationError, match="sebelum tanggal awal"):
        services.session_import_whatsapp(plans=[plan], upload=_chat(good), start=d, end=d - datetime.timedelta(1),
                                         topic="x", duration_minutes=10, by=world.users["pengurus"])
    assert not MentoringSession.objects.exists()
    assert StageChange.objects.count() == 1
