import datetime

from tests.access import BOARD, OVERSEE_PAGE, Case, forum_a_object, members_only, roles


def setup(world):
    from mentoring.models import MentoringPlan, MentorKind
    from tests.competency.factories import competency

    start = datetime.date(2026, 1, 5)
    world.plan_a = MentoringPlan.objects.create(
        forum=world.forum_a, mentee=world.users["sekdes_a"], village=world.a1, mentor=world.users["pengurus"],
        mentor_kind=MentorKind.BOARD, competency=competency("KOMP-TIK"), goal="Uji", started_on=start)
    # sekdes_a mentors sekdes_b (a2: not the pendamping's village)
    world.plan_b = MentoringPlan.objects.create(
        forum=world.forum_a, mentee=world.users["sekdes_b"], village=world.a2, mentor=world.users["sekdes_a"],
        mentor_kind=MentorKind.PEER, competency=competency("KOMP-APL"), goal="Uji", started_on=start)


def _pair(w):
    from tests.competency.factories import competency

    return {"mentee": w.users["sekdes_b"].pk, "mentor": w.users["pengurus"].pk, "competency": competency("KOMP-REG").pk}


PLAN_A = lambda w: {"pk": w.plan_a.pk}  # noqa: E731
PLAN_B = lambda w: {"pk": w.plan_b.pk}  # noqa: E731

CASES = {
    "mentoring:index": Case(expect=members_only()),
    "mentoring:suggestions": Case(expect=roles(403, pengurus=200, other_forum=200)),
    "mentoring:suggestion_accept": Case(method="post", data=_pair, expect=roles(403, pengurus=302, other_forum=404),
                                        note="another forum's mentee is 404"),
    "mentoring:suggestion_reject": Case(method="post", data=_pair, expect=roles(403, pengurus=302, other_forum=404)),
    "mentoring:plan_create": Case(expect=roles(403, pengurus=200, other_forum=200)),
    "mentoring:plan_detail": [
        Case(kwargs=PLAN_A, expect=forum_a_object(allowed=("sekdes_a", "pengurus", "camat", "pendamping"))),
        Case(kwargs=PLAN_B, expect=forum_a_object(allowed=("sekdes_a", "sekdes_b", "pengurus", "camat")),
             note="mentor and mentee see their plan; the pendamping only for her villages"),
    ],
    "mentoring:stage_change": [
        Case(method="post", kwargs=PLAN_A, data={"to_stage": "2"}, expect=forum_a_object(ok=302, allowed=BOARD)),
        Case(method="post", kwargs=PLAN_B, data={"to_stage": "2"},
             expect=forum_a_object(ok=302, allowed=("sekdes_a", "pengurus")), note="the mentor may move the stage"),
    ],
    "mentoring:plan_close": Case(kwargs=PLAN_A, expect=forum_a_object(allowed=BOARD)),
    "mentoring:session_create": [
        Case(kwargs=PLAN_A, expect=forum_a_object(allowed=("pengurus", "pendamping"))),
        Case(kwargs=PLAN_B, expect=forum_a_object(allowed=("sekdes_a", "pengurus"))),
    ],
    "mentoring:session_import": [
        Case(kwargs=PLAN_A, expect=forum_a_object(allowed=("pengurus", "pendamping"))),
        Case(kwargs=PLAN_B, expect=forum_a_object(allowed=("sekdes_a", "pengurus"))),
    ],
    "mentoring:effect": Case(expect=OVERSEE_PAGE),
}
