"""Deadline reminders for the sweep (notifications.services.reminders_sweep).

Rules, all day-granular in WIB:
- lead days: an open deadline (belum / ditolak) whose due date is exactly one of its obligation's
  reminder days away -> its village's secretary, slot ``H-<n>``;
- overdue, day 1 -> the secretary (``deadline:<pk>`` slot ``H+1``) and the board of the forum,
  one summary per obligation and period (``overdue:<obligation pk>:<period>`` slot ``H+1``);
- overdue, day 7 -> the same, and the camat office of the kecamatan (slot ``H+7``).

Days the sweep missed (no SweepDay row, e.g. the server was down all day; at most three) are
caught up: their reminders go out with their own slot, so nothing is sent twice, and with the
real number of days left or late in the text.

A fixed number of queries, whatever the number of villages: one for the reminder days in use,
one for the days the sweep missed, one for the candidate deadlines (with their secretary as a
correlated subquery), two for the board and camat office of the forums concerned.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import BoardPosition, KecamatanStaff, SecretaryTenure
from notifications.selectors import missed_sweep_days
from notifications.services import Message

from .models import OPEN_STATES, Deadline, Obligation
from .services import long_date

ESCALATION_DAYS = (1, 7)  # days overdue: 1 -> secretary + board, 7 -> also the camat office


def _lead_days() -> set[int]:
    found: set[int] = set()
    for days in Obligation.objects.filter(active=True).values_list("reminder_days", flat=True).distinct():
        found.update(int(d) for d in days or [])
    return found


def due_messages(*, now: datetime.datetime) -> Iterator[Message]:

    today = timezone.localtime(now).date()
    lead = _lead_days()
    days = [today, *reversed(missed_sweep_days(today=today))]  # today first: its slot wins
    dates = {day + datetime.timedelta(days=d) for day in days for d in lead}
    dates |= {day - datetime.timedelta(days=d) for day in days for d in ESCALATION_DAYS}
    secretary = SecretaryTenure.objects.held_on(today).filter(village_id=OuterRef("village_id"))
    rows = list(
        Deadline.objects.filter(due_on__in=sorted(dates), state__in=OPEN_STATES, obligation__active=True)
        .annotate(secretary_id=Subquery(secretary.values("user_id")[:1]))
        .values_list("pk", "due_on", "period", "village_id", "village__name", "forum_id", "obligation_id",
                     "obligation__name", "obligation__submitted_to", "obligation__reminder_days", "secretary_id")
        .order_by()
    )
    if not rows:
        return
    detail = reverse("obligations:deadline_detail", args=[0])[:-2]  # ".../tenggat/" (faster than reverse per row)
    missing = reverse("obligations:missing")
    dates_text: dict[datetime.date, str] = {}
    overdue: dict[tuple, list] = defaultdict(list)
    for pk, due_on, period, _village_id, village, forum_id, obligation_id, doc, to, reminder_days, secretary_id in rows:
        left = (due_on - today).days
        # the slot is the rule's day (H-7, H+1), met today or on a day the sweep missed; the text
        # always tells the real days left or late
        if left >= 0:
            step = next((n for n in ((due_on - day).days for day in days) if n in (reminder_days or [])), None)
        else:
            step = next((n for n in ((day - due_on).days for day in days) if n in ESCALATION_DAYS), None)
        if step is None:
            continue
        due_text = dates_text.get(due_on) or dates_text.setdefault(due_on, long_date(due_on))
        url = f"{detail}{pk}/"
        if left >= 0:
            slot = f"H-{step}"
            subject = _("Pengingat %(slot)s: %(doc)s Desa %(village)s") % {"slot": f"H-{left}", "doc": doc[:100],
                                                                            "village": village}
            body = (_("%(doc)s (%(period)s) Desa %(village)s jatuh tempo %(due)s, %(left)s hari lagi. "
                      "Disampaikan kepada: %(to)s. Unggah bukti atau nomor surat di portal.")
                    if left else
                    _("%(doc)s (%(period)s) Desa %(village)s jatuh tempo hari ini, %(due)s. "
                      "Disampaikan kepada: %(to)s. Unggah bukti atau nomor surat di portal."))
            body = body % {"doc": doc, "period": period, "village": village, "due": due_text, "left": left, "to": to}
        else:
            slot = f"H+{step}"
            subject = _("Terlambat %(n)s hari: %(doc)s Desa %(village)s") % {"n": -left, "doc": doc[:100],
                                                                              "village": village}
            body = _("%(doc)s (%(period)s) Desa %(village)s sudah lewat %(n)d hari dari jatuh tempo %(due)s dan "
                     "belum terverifikasi. Segera kirim buktinya di portal.") % {
                "doc": doc, "period": period, "village": village, "due": due_text, "n": -left}
            overdue[(forum_id, obligation_id, period, step, doc, due_on)].append(village)
        if secretary_id is not None:
            yield Message(key=f"deadline:{pk}", slot=slot, recipient_id=secretary_id, subject=subject, body=body,
                          url=url, forum_id=forum_id)
    if not overdue:
        return
    forums = {key[0] for key in overdue}
    board: dict[int, set[int]] = defaultdict(set)
    for forum_id, user_id in BoardPosition.objects.held_on(today).filter(
        forum_id__in=forums
    ).values_list("forum_id", "user_id"):
        board[forum_id].add(user_id)
    camat: dict[int, set[int]] = defaultdict(set)
    if any(key[3] >= 7 for key in overdue):
        for forum_id, user_id in KecamatanStaff.objects.held_on(today).filter(
            district__forum__in=forums,
        ).values_list("district__forum", "user_id"):
            camat[forum_id].add(user_id)
    for (forum_id, obligation_id, period, late, doc, due_on), villages in overdue.items():
        recipients = set(board[forum_id]) | (camat[forum_id] if late >= 7 else set())
        names = ", ".join(sorted(villages)[:25]) + (" …" if len(villages) > 25 else "")
        subject = _("%(n)d desa terlambat %(days)d hari: %(doc)s") % {"n": len(villages), "days": (today - due_on).days,
                                                                        "doc": doc[:100]}
        body = _("%(doc)s (%(period)s), jatuh tempo %(due)s (%(days)d hari lalu), belum terverifikasi di %(n)d desa: "
                 "%(names)s.") % {"doc": doc, "period": period, "due": long_date(due_on), "n": len(villages),
                                  "names": names, "days": (today - due_on).days}
        url = f"{missing}?kewajiban={obligation_id}&periode={period}"
        for user_id in sorted(recipients):
            yield Message(key=f"overdue:{obligation_id}:{period.replace(' ', '')}", slot=f"H+{late}",
                          recipient_id=user_id, subject=subject, body=body, url=url, forum_id=forum_id)
