import datetime

from tests.access import BOARD, OVERSEE_PAGE, Case, forum_a_object, members_only, roles
from tests.world import MARKER, ROLES

VILLAGE_A1 = ("sekdes_a", "pengurus", "camat", "pendamping")


def setup(world):
    from django.core import signing

    from tests.obligations.factories import deadline, obligation, pdf_upload, submit

    today = datetime.date.today()
    world.obligation_a = obligation(world.forum_a)
    world.obligation_b = obligation(world.forum_b, name=f"Laporan Forum B {MARKER}")
    world.deadline_a1 = deadline(world.obligation_a, world.a1, due_on=today + datetime.timedelta(days=7))
    world.deadline_a1_sent = deadline(world.obligation_a, world.a1, due_on=today - datetime.timedelta(days=3),
                                      period="TA lama")
    world.submission_a1 = submit(world.deadline_a1_sent, world.users["sekdes_a"], file=pdf_upload())
    world.ical_token = signing.Signer(salt="reports.ical").sign(str(world.users["sekdes_a"].pk))


def _remind_data(w):
    return {"deadline": [w.deadline_a1.pk], "next": "/kewajiban/"}


CASES = {
    "obligations:my_deadlines": Case(expect=members_only()),
    "obligations:deadline_detail": Case(kwargs=lambda w: {"pk": w.deadline_a1.pk}, expect=forum_a_object(allowed=VILLAGE_A1)),
    "obligations:deadline_submit": Case(
        method="post", kwargs=lambda w: {"pk": w.deadline_a1.pk}, data={"reference_number": "140/1/2026"},
        expect=forum_a_object(ok=302, allowed=("sekdes_a", "pengurus")),
        note="the secretary of the village, or the board for her"),
    "obligations:submission_verify": Case(
        method="post", kwargs=lambda w: {"pk": w.submission_a1.pk}, data={"decision": "terima"},
        expect=forum_a_object(ok=302, allowed=("pengurus", "camat"))),
    "obligations:submission_file": Case(kwargs=lambda w: {"pk": w.submission_a1.pk},
                                    expect=forum_a_object(allowed=VILLAGE_A1)),
    "obligations:matrix": Case(expect=OVERSEE_PAGE),
    "obligations:missing": Case(expect=OVERSEE_PAGE),
    "obligations:remind": Case(method="post", data=_remind_data,
                           expect=roles(403, pengurus=302, camat=302, other_forum=302),
                           note="other_forum posts in its own forum: the id is not found there, nothing is sent"),
    "obligations:on_time": Case(expect=OVERSEE_PAGE),
    "obligations:calendar": Case(expect=members_only()),
    "obligations:ical": [
        Case(kwargs=lambda w: {"token": w.ical_token}, expect={r: 200 for r in ROLES},
             note="calendar apps cannot sign in: the signed token is the key"),
        Case(kwargs={"token": "1:palsu"}, expect={r: 404 for r in ROLES}),
    ],
    "obligations:obligations": Case(expect=members_only()),
    "obligations:obligation_edit": Case(kwargs=lambda w: {"pk": w.obligation_a.pk}, expect=forum_a_object(allowed=BOARD)),
    "obligations:generate": Case(method="post", data={"year": "2030"}, expect=roles(403, pengurus=302, other_forum=302)),
    "obligations:term_event": Case(expect=roles(403, pengurus=200, other_forum=200)),
}
