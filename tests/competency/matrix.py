from tests.access import BOARD, OVERSEE_PAGE, Case, forum_a_object, members_only, roles

PROFILE_READERS = ("sekdes_a", "pengurus", "camat", "pendamping")


def setup(world):
    from django.core.files.base import ContentFile

    from competency.models import Assessment
    from competency.services import framework_draft_create
    from tests.competency.factories import RoundFactory, assess

    world.round_a = RoundFactory(forum=world.forum_a, name="Pemetaan uji")
    a = world.users["sekdes_a"]
    world.assessment_a = assess(a, "KOMP-TIK", 2, round=world.round_a, village=world.a1,
                                assessor=world.users["pengurus"])
    world.assessment_a.evidence_file.save("bukti.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    assess(a, "KOMP-APL", 1, round=world.round_a, village=world.a1, status=Assessment.Status.SUBMITTED,
           method=Assessment.Method.SELF)
    world.draft = framework_draft_create(forum=world.forum_a, by=world.users["pengurus"])
    world.draft_competency = world.draft.competencies.first()


def _person(w):
    return {"person_id": w.users["sekdes_a"].pk}


CASES = {
    "competency:heatmap": Case(expect=members_only()),
    "competency:my_profile": Case(expect=roles(302)),
    "competency:assess": Case(kwargs=_person, expect=forum_a_object(allowed=("pengurus", "pendamping"))),
    "competency:validate": Case(kwargs=_person, expect=forum_a_object(allowed=BOARD)),
    "competency:self_assess": Case(expect=roles(200, camat=404, pendamping=404, kabupaten=404),
                                   note="only people serving as secretary in their forum"),
    "competency:validation_queue": Case(expect=roles(403, pengurus=200, other_forum=200)),
    "competency:evidence_file": Case(kwargs=lambda w: {"pk": w.assessment_a.pk},
                                     expect=forum_a_object(allowed=PROFILE_READERS)),
    "competency:needs": Case(expect=OVERSEE_PAGE),
    "competency:framework": Case(expect=members_only()),
    "competency:framework_draft": Case(method="post", expect=roles(403, pengurus=302, other_forum=302)),
    "competency:competency_edit": Case(kwargs=lambda w: {"pk": w.draft_competency.pk},
                                       expect=forum_a_object(allowed=BOARD),
                                       note="forum A's draft: another forum edits its own draft only"),
    "competency:framework_publish": Case(method="post", kwargs=lambda w: {"pk": w.draft.pk},
                                         expect=forum_a_object(302, allowed=BOARD)),
    "competency:round_create": Case(expect=roles(403, pengurus=200, other_forum=200)),
}
