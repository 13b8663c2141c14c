import datetime

from tests.access import (
    ALL_A,
    BOARD,
    OVERSEE_PAGE,
    OVERSEERS,
    READERS_A,
    Case,
    forum_a_object,
    members_only,
    roles,
)
from tests.world import MARKER, ROLES

PUBLIC = {role: 200 for role in ROLES}


def setup(world):
    from django.core import signing
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from trainings import services
    from trainings.models import Attendance, Event, Material

    now = timezone.now()
    pengurus = world.users["pengurus"]
    # an upcoming training of forum A, announced (registrations for a1, a2, a3 and the letter)
    world.tr_event = services.event_create(
        forum=world.forum_a, created_by=pengurus, kind="pelatihan", title="Bimtek Siskeudes",
        starts_at=now + datetime.timedelta(days=5), ends_at=now + datetime.timedelta(days=5, hours=6),
        venue="Aula Kecamatan", registration_deadline=now + datetime.timedelta(days=3), hours=8)
    services.event_publish(event=world.tr_event, by=pengurus)
    world.tr_speaker = services.speaker_add(event=world.tr_event, name="Drs. Hartono", institution="DPMD")
    world.tr_material = Material(event=world.tr_event, title="Modul", content_type="application/pdf")
    world.tr_material.file.save("modul.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    world.tr_draft_event = Event.objects.create(forum=world.forum_a, title="Draf rapat", starts_at=now
                                             + datetime.timedelta(days=20), ends_at=now
                                             + datetime.timedelta(days=20, hours=2), venue="Balai")
    # a meeting that took place but was left a draft: the board records it as held
    world.tr_past_draft = Event.objects.create(forum=world.forum_a, kind="rapat", title="Rapat lalu",
                                               starts_at=now - datetime.timedelta(days=2),
                                               ends_at=now - datetime.timedelta(days=2, hours=-2), venue="Balai")
    # a meeting that took place, with attendance, final minutes, a draft correction and a certificate
    world.tr_past = Event.objects.create(forum=world.forum_a, kind="pelatihan", title="Bimtek Perdes",
                                      starts_at=now - datetime.timedelta(days=3),
                                      ends_at=now - datetime.timedelta(days=3) + datetime.timedelta(hours=5),
                                      venue="Aula", status="published", hours=6)
    for role in ("sekdes_a", "sekdes_b", "pengurus"):
        services.attendance_mark(event=world.tr_past, person_id=world.users[role].pk, status="hadir", by=pengurus)
    minutes = services.minutes_start(event=world.tr_past, by=world.users["sekdes_b"])
    services.minutes_finalise(minutes=minutes, by=pengurus)
    world.tr_final_minutes = minutes
    world.tr_draft_minutes = services.minutes_correct(minutes=minutes, by=pengurus, note="Koreksi ejaan")
    attendance = Attendance.objects.get(event=world.tr_past, person=world.users["sekdes_a"])
    world.tr_certificate = services.certificate_issue(event=world.tr_past, attendance=attendance,
                                                   day=timezone.localdate())
    world.tr_attendance = attendance
    world.tr_event_b = Event.objects.create(forum=world.forum_b, title=f"Rapat FOSKEM {MARKER}", starts_at=now
                                         + datetime.timedelta(days=5), ends_at=now + datetime.timedelta(days=5, hours=2),
                                         venue="Ledug", status="published")
    world.tr_ical_token = signing.Signer(salt="trainings.ical").sign(str(world.users["sekdes_a"].pk))


def _ev(w):
    return {"pk": w.tr_event.pk}


def _past(w):
    return {"pk": w.tr_past.pk}


# A sekdes / pendamping / camat POSTing to a board action is refused with 403; the other forum 404.
BOARD_POST = forum_a_object(allowed=BOARD, ok=302)

CASES = {
    "trainings:minutes_archive": [
        Case(expect=OVERSEE_PAGE, note="board and camat office; kabupaten staff read the forums of their regency "
                                       "(final minutes are open to them already); the other forum's board gets its "
                                       "own forum's archive; secretaries and the pendamping open minutes from the event"),
        Case(query="?format=xlsx&tahun=9999&jenis=x&q=Perdes", expect=OVERSEE_PAGE,
             note="the export follows the page's rule; bad filters are dropped, never an error"),
    ],
    "trainings:event_list": Case(expect=members_only()),
    "trainings:calendar": Case(expect=members_only()),
    "trainings:ical": [
        Case(kwargs=lambda w: {"token": w.tr_ical_token}, expect=PUBLIC, note="signed token instead of a login"),
        Case(kwargs={"token": "palsu"}, expect={r: 404 for r in ROLES}),
    ],
    "trainings:event_create": [
        Case(expect=roles(403, pengurus=200, other_forum=200)),
        Case(query="?competency=T03&audience=gap", expect=roles(403, pengurus=200, other_forum=200)),
    ],
    "trainings:attendance_report": Case(expect=OVERSEE_PAGE),
    "trainings:verify": [
        Case(kwargs=lambda w: {"code": w.tr_certificate.document.code}, expect=PUBLIC),
        Case(kwargs={"code": "tidak-ada"}, expect={r: 404 for r in ROLES}),
    ],
    "trainings:event_detail": [
        Case(kwargs=_ev, expect=forum_a_object(allowed=READERS_A)),
        Case(kwargs=lambda w: {"pk": w.tr_draft_event.pk}, expect=forum_a_object(allowed=BOARD),
             note="drafts only for the board"),
        Case(kwargs=lambda w: {"pk": w.tr_event_b.pk}, expect={**roles(404), "other_forum": 200, "kabupaten": 200},
             note="forum B lies in the same kabupaten"),
    ],
    "trainings:event_edit": Case(kwargs=_ev, expect=forum_a_object(allowed=BOARD)),
    "trainings:event_publish": [
        Case(kwargs=lambda w: {"pk": w.tr_draft_event.pk}, expect=forum_a_object(allowed=BOARD),
             note="the confirmation step: how many people, which channels"),
        Case(method="post", kwargs=lambda w: {"pk": w.tr_draft_event.pk}, expect=BOARD_POST),
    ],
    "trainings:event_record_held": Case(method="post", kwargs=lambda w: {"pk": w.tr_past_draft.pk}, expect=BOARD_POST),
    "trainings:my_certificates": Case(expect=members_only(), note="each person's own certificates"),
    "trainings:event_cancel": Case(method="post", kwargs=_ev, expect=BOARD_POST),
    "trainings:invitation_pdf": Case(kwargs=_ev, expect=forum_a_object(allowed=READERS_A)),
    "trainings:rsvp": Case(method="post", kwargs=_ev, data={"response": "hadir"},
                           expect=forum_a_object(allowed=ALL_A, ok=302),
                           note="kabupaten staff look on: they do not register"),
    "trainings:speaker_add": Case(method="post", kwargs=_ev, data={"name": "Tamu", "institution": "BPD"},
                                  expect=BOARD_POST),
    "trainings:speaker_remove": Case(method="post", kwargs=lambda w: {"pk": w.tr_speaker.pk}, expect=BOARD_POST),
    "trainings:material_upload": Case(method="post", kwargs=_ev, expect=BOARD_POST),
    "trainings:material_download": Case(kwargs=lambda w: {"pk": w.tr_material.pk},
                                        expect=forum_a_object(allowed=READERS_A)),
    "trainings:attendance": Case(kwargs=_past, expect=forum_a_object(allowed=BOARD)),
    "trainings:attendance_fill": Case(method="post", kwargs=_past, expect=BOARD_POST),
    "trainings:scores": Case(method="post", kwargs=_past, data=lambda w: {"attendance": w.tr_attendance.pk,
                                                                          "pre_score": "60", "post_score": "80"},
                             expect=BOARD_POST),
    "trainings:checkin_display": Case(kwargs=_ev, expect=forum_a_object(allowed=BOARD)),
    "trainings:checkin_code": Case(method="post", kwargs=_ev, expect=forum_a_object(allowed=BOARD)),
    "trainings:checkin": Case(kwargs=lambda w: {"pk": w.tr_event.pk, "code": "kode"},
                              expect=forum_a_object(allowed=ALL_A)),
    "trainings:minutes_start": Case(method="post", kwargs=_past, expect=BOARD_POST),
    "trainings:minutes_detail": [
        Case(kwargs=lambda w: {"pk": w.tr_final_minutes.pk}, expect=forum_a_object(allowed=READERS_A)),
        Case(kwargs=lambda w: {"pk": w.tr_draft_minutes.pk}, expect=forum_a_object(allowed=OVERSEERS + ("sekdes_b",)),
             note="a draft: board, camat office and the notulis (sekdes_b); not the kabupaten"),
    ],
    "trainings:minutes_edit": Case(kwargs=lambda w: {"pk": w.tr_draft_minutes.pk},
                                   expect=forum_a_object(allowed=BOARD + ("sekdes_b",))),
    "trainings:minutes_finalise": Case(method="post", kwargs=lambda w: {"pk": w.tr_draft_minutes.pk},
                                       expect=forum_a_object(allowed=BOARD + ("sekdes_b",), ok=302)),
    "trainings:minutes_correct": Case(method="post", kwargs=lambda w: {"pk": w.tr_final_minutes.pk},
                                      data={"correction_note": "Salah"}, expect=BOARD_POST),
    "trainings:minutes_pdf": [
        Case(kwargs=lambda w: {"pk": w.tr_final_minutes.pk}, expect=forum_a_object(allowed=READERS_A)),
        Case(kwargs=lambda w: {"pk": w.tr_draft_minutes.pk}, expect=forum_a_object(allowed=OVERSEERS + ("sekdes_b",))),
    ],
    "trainings:certificates": Case(kwargs=_past, expect=forum_a_object(allowed=BOARD)),
    "trainings:certificates_progress": Case(kwargs=_past, expect=forum_a_object(allowed=BOARD)),
    "trainings:certificate_pdf": Case(kwargs=lambda w: {"pk": w.tr_certificate.pk},
                                      expect=forum_a_object(allowed=("sekdes_a", "pengurus", "camat", "pendamping")),
                                      note="the holder, the board, the camat office, the pendamping of a1"),
    "trainings:feedback": Case(kwargs=_past, expect=forum_a_object(allowed=ALL_A)),
}
