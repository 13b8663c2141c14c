import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from competency import selectors, services
from competency.models import Assessment, Framework
from tests.competency.factories import RoundFactory, assess, competency, framework

TODAY = datetime.date(2026, 1, 10)


@pytest.fixture
def round_a(world):
    return RoundFactory(forum=world.forum_a, starts_on=datetime.date(2026, 1, 5))


def _all(level):
    return {c.code: level for c in framework().competencies.all()}


def test_self_assessment_waits_for_validation_and_never_overwrites(world, round_a):
    a = world.users["sekdes_a"]
    rows = services.assessments_self_submit(round=round_a, person=a, village=world.a1, levels=_all(2),
                                            notes={"KOMP-TIK": "Surat saya ketik sendiri"}, today=TODAY)
    assert len(rows) == 9 and {r.status for r in rows} == {Assessment.Status.SUBMITTED}
    assert selectors.current_levels(person_ids=[a.pk]) == {}
    tik = next(r for r in rows if r.competency.code == "KOMP-TIK")
    apl = next(r for r in rows if r.competency.code == "KOMP-APL")
    # the board validates TIK as proposed and sets APL to 1
    result = services.assessments_validate(assessments=[tik, apl], levels={tik.pk: 2, apl.pk: 1},
                                           by=world.users["pengurus"], note="Belum bisa input sendiri")
    apl.refresh_from_db()
    assert apl.level == 2 and apl.status == Assessment.Status.REVIEWED  # the proposal stays as history
    assert result[1].method == Assessment.Method.BOARD and result[1].level == 1
    assert selectors.current_levels(person_ids=[a.pk]) == {(a.pk, "KOMP-TIK"): 2, (a.pk, "KOMP-APL"): 1}
    assert Assessment.objects.filter(person=a).count() == 10
    with pytest.raises(ValidationError, match="sudah diproses"):
        services.assessments_validate(assessments=[tik], by=world.users["pengurus"])


def test_self_assessment_bad_input_saves_nothing(world, round_a):
    a = world.users["sekdes_a"]
    levels = _all(2)
    levels["KOMP-INT"] = 7
    with pytest.raises(ValidationError, match="tingkat 1 sampai 4"):
        services.assessments_self_submit(round=round_a, person=a, village=world.a1, levels=levels, today=TODAY)
    del levels["KOMP-INT"]
    with pytest.raises(ValidationError, match=r"1 dari 9 kompetensi belum dijawab \(Kepemimpinan"):
        services.assessments_self_submit(round=round_a, person=a, village=world.a1, levels=levels, today=TODAY)
    round_a.ends_on = datetime.date(2026, 1, 8)
    with pytest.raises(ValidationError, match="tidak sedang berjalan"):
        services.assessments_self_submit(round=round_a, person=a, village=world.a1, levels=_all(3), today=TODAY)
    assert not Assessment.objects.exists()


def test_assessment_record_checks_file_method_and_date(world, round_a):
    kw = dict(round=round_a, person=world.users["sekdes_a"], village=world.a1, competency=competency("KOMP-TIK"),
              level=3, assessor=world.users["pendamping"], assessed_on=TODAY)
    with pytest.raises(ValidationError) as exc:
        services.assessment_record(method="pendamping", evidence_file=SimpleUploadedFile("bukti.pdf", b"MZ\x90\x00exe"),
                                   **kw)
    assert "Jenis berkas tidak diterima" in str(exc.value)
    with pytest.raises(ValidationError, match="Metode"):
        services.assessment_record(method="self", **kw)
    with pytest.raises(ValidationError, match="masa depan"):
        services.assessment_record(method="board", **{**kw, "assessed_on": datetime.date(2099, 1, 1)})
    assert not Assessment.objects.exists()
    row = services.assessment_record(method="pendamping", **kw)
    assert row.status == Assessment.Status.SUBMITTED


@pytest.mark.parametrize("levels,letter", [
    ([3, 3, 3, 3, 3, 1, 1, 1, 1], "A"),  # 5 of 9: more than half
    ([4, 4, 4, 4, 1, 1, 1, 1, 1], "B"),  # 4 of 9: at least a third
    ([3, 3, 3, 2, 2, 2, 2, 2, 2], "B"),  # exactly a third
    ([3, 3, 2, 2, 2, 2, 2, 2, 2], "C"),
    ([4, 4, 4, 4, None, None, None, None, None], ""),  # fewer than half assessed
    ([4, 4, 4, 4, 4, None, None, None, None], "A"),  # unassessed count as below 3
])
def test_grade_rule(levels, letter):
    grade = selectors.grade_for(levels)
    assert grade.letter == letter
    assert str(grade.total) in grade.explanation


def test_heatmap_round_filter_counts_and_privacy(world):
    a, b = world.users["sekdes_a"], world.users["sekdes_b"]
    r1 = RoundFactory(forum=world.forum_a, starts_on=datetime.date(2018, 8, 1), name="Pemetaan Agustus 2018")
    r2 = RoundFactory(forum=world.forum_a, starts_on=datetime.date(2026, 1, 5))
    assess(a, "KOMP-TIK", 1, round=r1)
    assess(a, "KOMP-TIK", 3, round=r2)
    assess(b, "KOMP-TIK", 2, round=r2)
    data = selectors.heatmap(forum=world.forum_a)
    assert data.round == r2
    tik = data.columns[0]
    assert tik.competency.code == "KOMP-TIK" and tik.counts == {3: 1, 2: 1} and tik.gaps == 1 and tik.unknown == 1
    old = selectors.heatmap(forum=world.forum_a, round_id=r1.pk)
    assert [r.cells[0] for r in old.rows if r.person == a] == [1]
    ordered = selectors.heatmap(forum=world.forum_a, sort="KOMP-TIK", desc=True)
    assert [r.person for r in ordered.rows][:2] == [a, b]
    mine = selectors.heatmap(forum=world.forum_a, village_ids={world.a1.pk})
    assert [r.person for r in mine.rows] == [a]


def test_training_needs_ranked_by_gaps(world):
    r = RoundFactory(forum=world.forum_a)
    for user in (world.users["sekdes_a"], world.users["sekdes_b"]):
        assess(user, "KOMP-REG", 1, round=r)
    assess(world.users["pengurus"], "KOMP-REG", 2, round=r)
    assess(world.users["sekdes_a"], "KOMP-TIK", 2, round=r)
    assess(world.users["sekdes_b"], "KOMP-TIK", 4, round=r)
    needs = selectors.training_needs(forum=world.forum_a)
    assert [(n.competency.code, n.gaps) for n in needs[:2]] == [("KOMP-REG", 3), ("KOMP-TIK", 1)]
    assert needs[0].level1 == 2 and needs[0].assessed == 3


def test_new_framework_version_keeps_old_assessments(world, round_a):
    old = assess(world.users["sekdes_a"], "KOMP-TIK", 2, round=round_a)
    draft = services.framework_draft_create(forum=world.forum_a, by=world.users["pengurus"])
    assert services.framework_draft_create(forum=world.forum_a, by=world.users["pengurus"]) == draft  # one at a time
    c = draft.competencies.get(code="KOMP-TIK")
    with pytest.raises(ValidationError, match="keempat tingkat"):
        services.competency_update(competency=c, name="Literasi Digital", group="Teknis", description="",
                                   evidence="", descriptors={1: "a", 2: "b", 3: "c"})
    services.competency_update(competency=c, name="Literasi Digital", group="Teknis", description="Baru",
                               evidence="x\n\ny", descriptors={1: "a", 2: "b", 3: "c", 4: "d"})
    services.framework_publish(framework=draft, by=world.users["pengurus"])
    assert Framework.current(forum=world.forum_a) == draft
    assert Framework.current(forum=world.forum_b).forum_id is None  # the other forum keeps the standard
    old.refresh_from_db()
    assert old.competency.framework.version == 1 and old.competency.name != "Literasi Digital"
    with pytest.raises(ValidationError, match="sudah terbit"):
        services.competency_update(competency=c, name="X", group="Teknis", description="", evidence="",
                                   descriptors={1: "a", 2: "b", 3: "c", 4: "d"})
    # the current level is found across versions by code
    assert selectors.people_with_gap(forum=world.forum_a, competency_code="KOMP-TIK") == [world.users["sekdes_a"].pk]
    new_round = services.round_create(forum=world.forum_a, name="Pemetaan 2027", starts_on=datetime.date(2027, 1, 4))
    assert new_round.framework == draft


def test_round_create_bad_input(world):
    with pytest.raises(ValidationError, match="Isi nama putaran"):
        services.round_create(forum=world.forum_a, name=" ", starts_on=TODAY)
    framework()
    with pytest.raises(ValidationError, match="sebelum tanggal mulai"):
        services.round_create(forum=world.forum_a, name="X", starts_on=TODAY, ends_on=TODAY - datetime.timedelta(1))


def test_a_forums_framework_versions_are_its_own(world):
    """Forum B's board drafts and publishes its own version; forum A still sees the standard, new
    rounds of A use the standard and B's draft competencies are not A's to edit."""
    standard = framework()
    draft_b = services.framework_draft_create(forum=world.forum_b, by=world.users["other_forum"])
    assert draft_b.forum == world.forum_b and draft_b.version == standard.version + 1
    draft_a = services.framework_draft_create(forum=world.forum_a, by=world.users["pengurus"])
    assert draft_a != draft_b and draft_a.version == draft_b.version  # versions are counted per forum
    services.framework_publish(framework=draft_b, by=world.users["other_forum"])
    assert Framework.current(forum=world.forum_b) == draft_b
    assert Framework.current(forum=world.forum_a) == standard
    round_a = services.round_create(forum=world.forum_a, name="Pemetaan 2026", starts_on=datetime.date(2026, 2, 1))
    assert round_a.framework == standard
    assert set(Framework.visible_to(forum=world.forum_a)) == {standard, draft_a}


def test_draft_merges_answers_and_submit_removes_it(world, round_a):
    from competency.models import SelfAssessmentDraft

    a = world.users["sekdes_a"]
    codes = list(framework().competencies.values_list("code", flat=True))
    services.self_assessment_draft_save(round=round_a, person=a, levels={codes[0]: 2, codes[1]: "3"},
                                        notes={codes[0]: "  dibantu operator "}, today=TODAY)
    draft = services.self_assessment_draft_save(round=round_a, person=a, levels={codes[1]: None, codes[2]: 1},
                                                notes={codes[1]: ""}, today=TODAY)
    assert draft.levels == {codes[0]: 2, codes[1]: 3, codes[2]: 1}  # an empty value keeps the earlier answer
    assert draft.notes == {codes[0]: "dibantu operator"}
    assert SelfAssessmentDraft.objects.count() == 1 and not Assessment.objects.exists()
    state = selectors.self_assessment_state(round=round_a, person=a)
    assert (state.answered, state.total, state.next_step) == (3, 9, 4)
    with pytest.raises(ValidationError, match="6 dari 9 kompetensi belum dijawab") as exc:
        services.assessments_self_submit(round=round_a, person=a, village=world.a1, levels=draft.levels, today=TODAY)
    assert exc.value.code == "missing"
    assert SelfAssessmentDraft.objects.count() == 1  # nothing lost
    draft = services.self_assessment_draft_save(round=round_a, person=a, levels={c: 2 for c in codes[3:]}, today=TODAY)
    services.assessments_self_submit(round=round_a, person=a, village=world.a1, levels=draft.levels,
                                     notes=draft.notes, today=TODAY)
    assert Assessment.objects.filter(person=a, status="submitted").count() == 9
    assert Assessment.objects.get(person=a, competency__code=codes[0]).evidence_note == "dibantu operator"
    assert not SelfAssessmentDraft.objects.exists()
    assert selectors.self_assessment_state(round=round_a, person=a).sent_on == TODAY


def test_draft_rejects_bad_levels_unknown_codes_and_closed_rounds(world, round_a):
    from competency.models import SelfAssessmentDraft

    a = world.users["sekdes_a"]
    for bad in (0, 5, "x", "1.5"):
        with pytest.raises(ValidationError, match="tingkat 1 sampai 4"):
            services.self_assessment_draft_save(round=round_a, person=a, levels={"KOMP-TIK": bad}, today=TODAY)
    with pytest.raises(ValidationError, match="tidak dikenal"):
        services.self_assessment_draft_save(round=round_a, person=a, levels={"KOMP-XXX": 2}, today=TODAY)
    round_a.ends_on = datetime.date(2026, 1, 8)
    with pytest.raises(ValidationError, match="tidak sedang berjalan"):
        services.self_assessment_draft_save(round=round_a, person=a, levels={"KOMP-TIK": 2}, today=TODAY)
    assert not SelfAssessmentDraft.objects.exists()
