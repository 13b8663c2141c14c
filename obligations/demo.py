"""Demo data for the obligation calendar: the 17 obligations, deadlines for the 18 villages from
three years back to next year, a history of submissions (each village with its own punctuality,
so on-time rates show something), overdue items mostly from the last year with a few old ones,
every status in the current window, an RPJMDes counted from a
kepala desa's inauguration, and reminder deliveries in every state."""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.utils import timezone

from members.models import BoardPosition, SecretaryTenure, Village
from notifications.models import Channel, Delivery, Notification

from . import services
from .models import Deadline, DeadlineState, Submission

# A one-page PDF used as the evidence of a few demo submissions.
DEMO_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
REJECT_REASONS = [
    "Lampiran tanda terima kecamatan belum ada.",
    "Berkas yang diunggah bukan Perdes yang sudah diundangkan.",
    "Tanda tangan kepala desa belum ada di halaman pengesahan.",
]


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def seed(*, forum, today: datetime.date, log: Callable[[str], None]) -> None:
    rng = random.Random(2017)  # nosec B311  # repeatable demo data, not security
    services.obligations_seed(forum=forum)
    for year in range(today.year - 3, today.year + 2):
        services.deadlines_generate(forum=forum, year=year)
    villages = list(Village.objects.filter(district_id=forum.district_id).order_by("code"))
    by_name = {v.name: v for v in villages}
    secretaries = dict(SecretaryTenure.objects.held_on(today).filter(village__in=villages)
                       .values_list("village_id", "user_id"))
    board = list(BoardPosition.objects.held_on(today).filter(forum=forum)
                 .values_list("user_id", flat=True))
    verifier = board[0] if board else None

    # A kepala desa inaugurated 40 days ago: RPJMDes due in about 50 days; one in 2022, done.
    services.term_event_record(village=by_name["Kedondong"], forum=forum, occurred_on=today - datetime.timedelta(days=40),
                               note="Pelantikan kepala desa hasil pilkades serentak")
    services.term_event_record(village=by_name["Pamijen"], forum=forum, occurred_on=datetime.date(2022, 6, 14),
                               note="Pelantikan kepala desa periode 2022-2030")

    # Each village has its own punctuality (share of deadlines handed in on time).
    punctuality = {v.pk: 0.55 + 0.43 * ((i * 7) % 18) / 17 for i, v in enumerate(villages)}
    punctuality[by_name["Kalikidang"].pk] = 0.9
    deadlines = list(Deadline.objects.filter(forum=forum, due_on__lt=today + datetime.timedelta(days=60))
                     .select_related("obligation").order_by("due_on", "pk"))
    submissions: list[Submission] = []
    changed: list[Deadline] = []
    recent = today - datetime.timedelta(days=45)
    year_ago = today - datetime.timedelta(days=365)
    # Overdue items are mostly recent (a few percent of last year's), with a few old ones, one of
    # them Kalikidang's IPPD of two years ago (shown collapsed on her "Tenggat saya").
    old_kalikidang = (by_name["Kalikidang"].pk, "ippd", today.year - 2)
    for d in deadlines:
        submitter = secretaries.get(d.village_id)
        if submitter is None:
            continue
        if d.due_on < recent:
            roll = rng.random()
            if (d.village_id, d.obligation.code, d.year) == old_kalikidang or roll < (0.002 if d.due_on < year_ago else 0.03):
                continue  # never handed in: stays "terlambat"
            on_time = roll < punctuality[d.village_id]
            offset = -rng.randint(0, 12) if on_time else rng.randint(1, 40)
            sent = d.due_on + datetime.timedelta(days=offset)
            if rng.random() < 0.08:  # rejected once, then resubmitted
                submissions.append(Submission(
                    deadline=d, submitted_by_id=submitter, submitted_at=_at(sent - datetime.timedelta(days=6)),
                    reference_number=f"{d.obligation.code.upper()}/{d.period}/R", status=Submission.Status.DITOLAK,
                    verified_by_id=verifier, verified_at=_at(sent - datetime.timedelta(days=4)),
                    reason=rng.choice(REJECT_REASONS)))
            submissions.append(Submission(
                deadline=d, submitted_by_id=submitter, submitted_at=_at(sent),
                reference_number=f"{d.obligation.code.upper()}/{d.period}/{d.village_id}",
                status=Submission.Status.TERVERIFIKASI, verified_by_id=verifier,
                verified_at=_at(min(sent + datetime.timedelta(days=3), today))))
            d.state, d.completed_on = DeadlineState.TERVERIFIKASI, sent
            changed.append(d)
        else:
            # The current window: a mix of every status.
            roll = rng.random()
            if d.due_on > today + datetime.timedelta(days=20) or roll < 0.30:
                continue  # belum (or terlambat when already due)
            sent = min(d.due_on - datetime.timedelta(days=rng.randint(0, 5)), today - datetime.timedelta(days=1))
            if roll < 0.55:
                submissions.append(Submission(deadline=d, submitted_by_id=submitter, submitted_at=_at(sent),
                                              reference_number=f"{d.obligation.code.upper()}/{d.period}/{d.village_id}",
                                              note="Sudah diserahkan ke kecamatan."))
                d.state = DeadlineState.DIKIRIM
            elif roll < 0.68:
                submissions.append(Submission(deadline=d, submitted_by_id=submitter, submitted_at=_at(sent),
                                              reference_number=f"{d.obligation.code.upper()}/{d.period}/{d.village_id}",
                                              status=Submission.Status.DITOLAK, verified_by_id=verifier,
                                              verified_at=_at(today), reason=rng.choice(REJECT_REASONS)))
                d.state = DeadlineState.DITOLAK
            else:
                submissions.append(Submission(deadline=d, submitted_by_id=submitter, submitted_at=_at(sent),
                                              reference_number=f"{d.obligation.code.upper()}/{d.period}/{d.village_id}",
                                              status=Submission.Status.TERVERIFIKASI, verified_by_id=verifier,
                                              verified_at=_at(today)))
                d.state, d.completed_on = DeadlineState.TERVERIFIKASI, sent
            changed.append(d)
    Submission.objects.bulk_create(submissions, batch_size=1000)
    Deadline.objects.bulk_update(changed, ["state", "completed_on"], batch_size=1000)

    # Kalikidang (the demo sekdes) shows every status in her list.
    kalikidang = by_name["Kalikidang"]
    window = list(Deadline.objects.filter(village=kalikidang, due_on__gte=today - datetime.timedelta(days=40),
                                          due_on__lte=today + datetime.timedelta(days=60))
                  .select_related("obligation").order_by("due_on"))
    wanted = {"terlambat": None, "ditolak": None, "dikirim": None, "terverifikasi": None}
    past = [d for d in window if d.due_on < today]
    future = [d for d in window if d.due_on >= today]
    picks = (past[:3] + future[:1]) if len(past) >= 3 else (past + future)[:4]
    sekdes = secretaries.get(kalikidang.pk)
    for d, status in zip(picks, wanted, strict=False):
        d.submissions.all().delete()
        d.state, d.completed_on = DeadlineState.BELUM, None
        when = _at(min(d.due_on, today) - datetime.timedelta(days=2))
        if status == "ditolak":
            Submission.objects.create(deadline=d, submitted_by_id=sekdes, submitted_at=when,
                                      reference_number="140/27/2026", status=Submission.Status.DITOLAK,
                                      verified_by_id=verifier, verified_at=_at(today), reason=REJECT_REASONS[0])
            d.state = DeadlineState.DITOLAK
        elif status == "dikirim":
            s = Submission(deadline=d, submitted_by_id=sekdes, submitted_at=when, note="Scan tanda terima terlampir.",
                           file_type="application/pdf", original_name="tanda-terima.pdf")
            s.file.save("tanda-terima.pdf", ContentFile(DEMO_PDF), save=False)
            s.save()
            d.state = DeadlineState.DIKIRIM
        elif status == "terverifikasi":
            Submission.objects.create(deadline=d, submitted_by_id=sekdes, submitted_at=when, reference_number="140/31/2026",
                                      status=Submission.Status.TERVERIFIKASI, verified_by_id=verifier,
                                      verified_at=_at(today))
            d.state, d.completed_on = DeadlineState.TERVERIFIKASI, when.date()
        d.save(update_fields=["state", "completed_on"])
    states = dict.fromkeys(["belum", "dikirim", "terverifikasi", "ditolak", "terlambat"], 0)
    for d in Deadline.objects.filter(forum=forum).only("state", "due_on"):
        states[d.status_on(today)] += 1
    log(f"  {Deadline.objects.filter(forum=forum).count()} tenggat, {Submission.objects.count()} penyampaian, "
        + ", ".join(f"{k} {v}" for k, v in states.items()))
    _seed_deliveries(forum=forum, today=today, sekdes=sekdes, board=board, kalikidang=kalikidang, log=log)


def _seed_deliveries(*, forum, today, sekdes, board, kalikidang, log) -> None:
    """Reminder deliveries in every state (inserted as they would be after sending: nothing is
    enqueued by the demo)."""
    overdue = list(Deadline.objects.filter(forum=forum, state__in=["belum", "ditolak"], due_on__lt=today,
                                           due_on__gte=today - datetime.timedelta(days=40))
                   .select_related("obligation", "village").order_by("due_on", "village__code", "pk")[:6])
    upcoming = list(Deadline.objects.filter(forum=forum, state="belum", due_on__gte=today)
                    .select_related("obligation", "village").order_by("due_on", "village__code", "pk")[:6])
    secretaries = dict(SecretaryTenure.objects.held_on(today).filter(village__district_id=forum.district_id)
                       .values_list("village_id", "user_id"))
    now = _at(today, 8)
    rows: list[Delivery] = []
    notes: list[tuple[int, str, str, str, datetime.datetime]] = []

    def add(d, slot, channel, status, *, attempts=1, error="", recipient=None, not_before=None, digest=False):
        """A reminder as the sweep writes it: the rule's slot (H-7, H+1, H+7) keeps it exactly-once,
        the subject and body tell the real days left or late on the day it went out."""
        recipient = recipient or secretaries.get(d.village_id)
        if recipient is None:
            return
        step = int(slot[2:])
        sent_day = d.due_on - datetime.timedelta(days=step) if slot.startswith("H-") else d.due_on + datetime.timedelta(days=step)
        sent_day = min(sent_day, today)
        left = (d.due_on - sent_day).days
        when = _at(sent_day, 8)
        if left >= 0:
            subject = f"Pengingat H-{left}: {d.obligation.name[:100]} Desa {d.village.name}"
            body = (f"{d.obligation.name} ({d.period}) Desa {d.village.name} jatuh tempo "
                    f"{services.long_date(d.due_on)}, {left} hari lagi. Disampaikan kepada: {d.obligation.submitted_to}.")
        else:
            subject = f"Terlambat {-left} hari: {d.obligation.name[:100]} Desa {d.village.name}"
            body = (f"{d.obligation.name} ({d.period}) Desa {d.village.name} sudah lewat {-left} hari dari jatuh tempo "
                    f"{services.long_date(d.due_on)} dan belum terverifikasi. Segera kirim buktinya di portal.")
        rows.append(Delivery(key=f"deadline:{d.pk}", recipient_id=recipient, channel=channel, slot=slot,
                             forum=forum, subject=subject, body=body, url=services.deadline_url(d.pk), status=status,
                             attempts=attempts, last_error=error, not_before=not_before, digest=digest,
                             created_at=when, sent_at=when if status == Delivery.Status.SENT else None,
                             enqueued_at=None if digest else when))
        if channel == Channel.INAPP and status == Delivery.Status.SENT:
            notes.append((recipient, subject, body, services.deadline_url(d.pk), when))

    for d in upcoming:
        left = (d.due_on - today).days
        slot = f"H-{min((n for n in d.obligation.reminder_days if n >= left), default=left)}"
        add(d, slot, Channel.INAPP, Delivery.Status.SENT)
        add(d, slot, Channel.EMAIL, Delivery.Status.SENT)
        add(d, slot, Channel.WHATSAPP, Delivery.Status.SENT)
    for i, d in enumerate(overdue):
        late = (today - d.due_on).days
        if late >= 7:  # the day-7 escalation went out too
            add(d, "H+1", Channel.INAPP, Delivery.Status.SENT)
        slot = "H+7" if late >= 7 else "H+1"
        add(d, slot, Channel.INAPP, Delivery.Status.SENT)
        if i % 3 == 0:
            add(d, slot, Channel.WHATSAPP, Delivery.Status.FAILED, attempts=5, error="gateway WhatsApp menjawab dengan galat HTTP 500")
        elif i % 3 == 1:
            add(d, slot, Channel.WHATSAPP, Delivery.Status.FAILED, attempts=1, error="gateway WhatsApp menolak pesan: invalid target")
        else:
            add(d, slot, Channel.WHATSAPP, Delivery.Status.RETRYING, attempts=2, error="gateway WhatsApp tidak menjawab dalam batas waktu",
                not_before=now + datetime.timedelta(minutes=4))
        add(d, slot, Channel.EMAIL, Delivery.Status.PENDING, attempts=0, digest=True)
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    inapp = {(r.recipient_id, r.subject): r for r in Delivery.objects.filter(forum=forum, channel=Channel.INAPP)}
    Notification.objects.bulk_create([
        Notification(recipient_id=r, title=s, body=b, url=u, created_at=when, delivery=inapp.get((r, s)))
        for r, s, b, u, when in notes
    ], ignore_conflicts=True)
    counts = {s: Delivery.objects.filter(forum=forum, status=s).count() for s in Delivery.Status.values}
    log("  pengiriman: " + ", ".join(f"{k} {v}" for k, v in counts.items() if v))


def seed_neighbour(*, forum, today: datetime.date, log: Callable[[str], None]) -> None:
    """A neighbouring forum of the kabupaten (roll-up demo): its obligations, this year's and last
    year's deadlines, and a history of submissions with the forum's own punctuality."""
    services.obligations_seed(forum=forum)
    for year in (today.year - 1, today.year):
        services.deadlines_generate(forum=forum, year=year)
    rng = random.Random(forum.district.code)  # nosec B311  # repeatable demo data, not security
    punctuality = 0.5 + rng.random() * 0.4
    serving = set(SecretaryTenure.objects.held_on(today).filter(village__district_id=forum.district_id)
                  .values_list("village_id", flat=True))
    changed = []
    for d in Deadline.objects.filter(forum=forum, due_on__lt=today):
        if d.village_id not in serving or rng.random() > 0.85:
            continue
        late = rng.random() > punctuality
        d.completed_on = d.due_on + datetime.timedelta(days=rng.randint(1, 20) if late else -rng.randint(0, 10))
        d.state = DeadlineState.TERVERIFIKASI
        changed.append(d)
    Deadline.objects.bulk_update(changed, ["state", "completed_on"])
    log(f"  {forum.short_name}: {len(changed)} tenggat terverifikasi")
