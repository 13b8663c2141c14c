"""Reads for trainings and meetings, by subject: events (fetch-and-check for events, speakers
and materials; the event page, lists and month calendar; form initial values), attendance
(sheet, rates, check-in screen, trainings attended), minutes, documents (PDF contexts,
verification link), certificates, and people (who someone was on a day).

Each runs a fixed number of queries whatever the number of rows. Views fetch objects through the
per-entity helpers (``event_for``, ``minutes_for`` ...), which fetch and check in one call
through ``fokuss.policy.fetch``. The names are re-exported here for callers outside the package
(``from trainings import selectors``)."""

from .attendance import (
    EVIDENCE_KINDS,
    RateRow,
    SheetRow,
    TrainingEvidence,
    attendance_for,
    attendance_rates,
    attendance_sheet,
    checkin_code_valid,
    checkin_screen,
    trainings_attended,
)
from .certificates import (
    certificate_for,
    certificate_progress,
    certificates_page,
    latest_certificate_run,
    my_certificates,
)
from .documents import (
    certificate_context,
    document_by_code,
    invitation_context,
    invitation_document,
    minutes_context,
    minutes_document,
    verification,
    verify_url,
)
from .events import (
    EVENT_FIELDS,
    audience_ids,
    calendar_month,
    event_create_initial,
    event_for,
    event_form_initial,
    event_list_page,
    event_page,
    event_url,
    events_between,
    material_for,
    publish_preview,
    speaker_for,
    upcoming_for_user,
)
from .minutes import (
    SEARCH_MAX,
    archive_years,
    latest_minutes,
    minutes_archive,
    minutes_document_of,
    minutes_for,
    minutes_form_initial,
    minutes_page,
    minutes_pending,
)
from .people import day_bounds, local_date, people_context

__all__ = [
    "EVENT_FIELDS", "EVIDENCE_KINDS", "SEARCH_MAX", "archive_years", "minutes_archive", "minutes_document_of", "RateRow", "SheetRow", "TrainingEvidence",
    "attendance_for", "attendance_rates", "audience_ids", "attendance_sheet", "calendar_month", "certificate_context",
    "certificate_for", "certificate_progress", "certificates_page", "day_bounds", "checkin_code_valid", "checkin_screen", "document_by_code",
    "event_create_initial", "event_for", "event_form_initial", "event_list_page", "event_page", "event_url",
    "events_between", "invitation_context", "invitation_document", "latest_certificate_run", "latest_minutes",
    "local_date", "material_for", "minutes_context", "minutes_document", "minutes_for", "minutes_form_initial",
    "minutes_page", "minutes_pending", "my_certificates", "people_context", "publish_preview", "speaker_for", "trainings_attended", "upcoming_for_user",
    "verification", "verify_url",
]
