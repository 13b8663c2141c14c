"""Helpers for the obligations tests: a forum's obligation calendar, deadlines and submissions."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from obligations import services
from obligations.models import Deadline, Obligation
from tests.samples import PDF, PNG  # noqa: F401 - imported from here by other tests


def pdf_upload(name: str = "bukti.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def obligation(forum, *, code: str = "lppd", reminder_days=(30, 14, 7, 1), recurrence="yearly",
               due_rule=None, name: str = "Laporan Penyelenggaraan Pemerintahan Desa (LPPD)") -> Obligation:
    return Obligation.objects.create(
        forum=forum, code=code, name=name, recurrence=recurrence,
        due_rule=due_rule or {"month": 3, "day": 31, "fiscal_year_offset": 1},
        submitted_to="Bupati melalui Camat", reminder_days=list(reminder_days), evidence="Dokumen LPPD",
    )


def deadline(obligation_, village, *, due_on: datetime.date, period: str | None = None, state: str = "belum") -> Deadline:
    return Deadline.objects.create(obligation=obligation_, village=village, forum=obligation_.forum,
                                   period=period or f"TA {due_on.year - 1}", year=due_on.year, due_on=due_on,
                                   state=state)


def submit(d: Deadline, user, **kwargs):
    kwargs.setdefault("reference_number", "140/12/2026")
    return services.submission_create(deadline=d, user=user, **kwargs)
