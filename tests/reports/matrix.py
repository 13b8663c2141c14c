"""Access matrix of the composed read-side pages (reports/)."""

import datetime

from tests.access import OVERSEE_PAGE, READERS_A, Case, forum_a_object, roles

BOARD_POST = roles(403, pengurus=302, other_forum=302)
PROFILE_READERS = ("sekdes_a", "pengurus", "camat", "pendamping")
# the village profile's private part and its PDF: own secretary and pendamping, board, camat office,
# kabupaten staff (fokuss.policy "village.profile")
VILLAGE_PROFILE_READERS = ("sekdes_a", "pengurus", "camat", "pendamping", "kabupaten")


def setup(world):
    from django.core.files.base import ContentFile

    from reports.models import ReportFile
    from reports.rollup import scope_key

    world.kabupaten_pdf = ReportFile.objects.create(
        kind=ReportFile.Kind.KABUPATEN, requested_by=world.users["kabupaten"], forum=world.forum_a,
        key=str(datetime.date.today().year), scope=scope_key([world.forum_a.pk, world.forum_b.pk]),
        status=ReportFile.Status.READY, progress=100)
    world.kabupaten_pdf.file.save("rekap-uji.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))


def _quarter(w):
    today = datetime.date.today()
    return {"period": f"{today.year}-T{(today.month - 1) // 3 + 1}"}


def _person(w):
    return {"person_id": w.users["sekdes_a"].pk}


CASES = {
    "reports:capacity": Case(expect=OVERSEE_PAGE),
    "reports:capacity_pdf": Case(kwargs=lambda w: {"period": str(datetime.date.today().year)},
                             expect={**OVERSEE_PAGE, "pengurus": 302, "camat": 302, "other_forum": 302,
                                     "kabupaten": 302},
                             note="before issuing: to the reader's own draft, else to the page (never rendered "
                                  "on request); the other forum's board gets its own forum's"),
    "reports:capacity_xlsx": Case(kwargs=_quarter, expect=OVERSEE_PAGE),
    "reports:capacity_progress": Case(kwargs=_quarter, expect=OVERSEE_PAGE),
    "reports:capacity_draft": Case(method="post", kwargs=_quarter,
                                   expect={**OVERSEE_PAGE, "pengurus": 302, "camat": 302, "other_forum": 302,
                                           "kabupaten": 302},
                                   note="every reader may ask for the draft PDF: made in the background"),
    "reports:capacity_draft_status": Case(kwargs=_quarter, expect=OVERSEE_PAGE),
    "reports:capacity_save": Case(method="post", kwargs=_quarter, data={"hambatan": "x"}, expect=BOARD_POST,
                                  note="camat office reads, never writes"),
    "reports:capacity_issue": Case(method="post", kwargs=_quarter, expect=BOARD_POST,
                                   note="refused with a message while the narrative is empty: no task"),
    "reports:kabupaten": Case(expect=roles(403, kabupaten=200),
                              note="the roll-up is for kabupaten staff (and the admin) only"),
    "reports:kabupaten_pdf": Case(kwargs=lambda w: {"year": datetime.date.today().year},
                                  expect=roles(403, kabupaten=302),
                                  note="the old address: to the newest stored PDF, else to the page"),
    "reports:kabupaten_pdf_request": Case(method="post", kwargs=lambda w: {"year": datetime.date.today().year},
                                          expect=roles(403, kabupaten=302), note="made in the background"),
    "reports:kabupaten_pdf_status": Case(kwargs=lambda w: {"year": datetime.date.today().year},
                                         expect=roles(403, kabupaten=200)),
    "reports:report_file": Case(kwargs=lambda w: {"pk": w.kabupaten_pdf.pk}, expect=roles(403, kabupaten=200),
                                note="a roll-up PDF: only the person who asked for it (tests/reports/test_report_files.py)"),
    "reports:facilitated": [
        Case(expect=roles(403, pendamping=200),
             note="only a pendamping with villages assigned in the forum today; others have the directory"),
        Case(query="?format=csv", expect=roles(403, pendamping=200), note="the pendamping exports their own rows"),
    ],
    "reports:person_profile": [
        Case(kwargs=_person, expect=forum_a_object(allowed=PROFILE_READERS)),
        Case(kwargs=lambda w: {"person_id": w.users["sekdes_b"].pk},
             expect=forum_a_object(allowed=("sekdes_b", "pengurus", "camat")),
             note="the pendamping is not assigned to a2; sekdes_a may not see sekdes_b's levels"),
        Case(kwargs=lambda w: {"person_id": w.users["camat"].pk}, expect=roles(404),
             note="never a secretary of the forum"),
    ],
    "reports:village_profile": [
        Case(kwargs=lambda w: {"code": w.a1.code}, expect=forum_a_object(allowed=READERS_A),
             note="every member reads the public part; the private part is tested in test_village_profile"),
        Case(kwargs=lambda w: {"code": w.b1.code}, expect={**roles(404), "other_forum": 200, "kabupaten": 200},
             note="forum B lies in the same kabupaten: its staff read it too"),
        Case(kwargs={"code": "33.02.19.9999"}, expect=roles(404), note="no such village"),
    ],
    "reports:village_profile_pdf": [
        Case(kwargs=lambda w: {"code": w.a1.code}, expect=forum_a_object(allowed=VILLAGE_PROFILE_READERS),
             note="sekdes_b asks for another village's profile PDF: 403"),
        Case(kwargs=lambda w: {"code": w.a2.code},
             expect=forum_a_object(allowed=("sekdes_b", "pengurus", "camat", "kabupaten")),
             note="the pendamping is assigned to a1 only"),
        Case(kwargs=lambda w: {"code": w.b1.code}, expect={**roles(404), "other_forum": 200, "kabupaten": 200}),
    ],
}
