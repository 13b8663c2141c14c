"""Writes for trainings and meetings, by subject: events (schedule, announce, speakers,
materials), rsvp, attendance (incl. QR check-in), minutes, documents (numbering, invitation
letter, minutes and certificate PDFs) and certificates (+ feedback).

Every function is keyword-only, runs in one transaction and raises ValidationError with an
Indonesian message for bad input, leaving nothing half-saved. Services trust their caller: the
view has checked the policy. The names are re-exported here for callers outside the package
(``from trainings import services``)."""

from .attendance import (
    CHECKIN_MINUTES,
    attendance_fill_absent,
    attendance_mark,
    attendance_scores,
    checkin_code_current,
    checkin_code_rotate,
    checkin_scan,
)
from .certificates import certificate_issue, certificate_run_execute, certificate_run_start, feedback_submit
from .documents import (
    ROMAN,
    certificate_render,
    document_ensure_file,
    document_number,
    forum_document_issue,
    invitation_letter_issue,
    minutes_document_issue,
    minutes_pdf,
    new_code,
)
from .events import (
    audience_ids,  # a read, kept here for callers from before it moved to the selectors
    event_cancel,
    event_create,
    event_publish,
    event_record_held,
    event_update,
    material_add,
    speaker_add,
    speaker_remove,
)
from .minutes import minutes_correct, minutes_finalise, minutes_save, minutes_start
from .rsvp import rsvp_respond

__all__ = [
    "CHECKIN_MINUTES", "ROMAN",
    "attendance_fill_absent", "attendance_mark", "attendance_scores", "audience_ids", "certificate_issue",
    "certificate_render", "certificate_run_execute", "certificate_run_start", "checkin_code_current",
    "checkin_code_rotate", "checkin_scan", "document_ensure_file", "document_number", "event_cancel", "forum_document_issue",
    "event_create", "event_publish", "event_record_held", "event_update", "feedback_submit", "invitation_letter_issue",
    "material_add", "minutes_correct", "minutes_document_issue", "minutes_finalise", "minutes_pdf",
    "minutes_save", "minutes_start", "new_code", "rsvp_respond", "speaker_add", "speaker_remove",
]
