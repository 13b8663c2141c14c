"""Writes for members, by subject: regions (village import), audit (audit trail, access log), people
(invitations, profile), secretaries (tenures, secretary invitations and transfers), personal_data
(UU 27/2022). The names are re-exported here; callers import from ``members.services``.

Every function is keyword-only, runs in a transaction and raises django ValidationError with a
translatable message for bad input, so that nothing is ever half-saved.
"""

from .audit import (
    access_log_record,
    access_logs_purge,
    log_action,
)
from .people import (
    INACTIVE_ACCOUNT_MESSAGE,
    invitation_accept,
    invitation_send,
    user_invite,
    user_update_profile,
)
from .personal_data import (
    consent_record,
    profile_view_record,
    user_set_whatsapp_visibility,
)
from .regions import (
    VILLAGE_CSV_COLUMNS,
    ImportResult,
    regions_import_csv,
)
from .secretaries import (
    invitation_transfer_accept,
    secretary_invite,
    secretary_replace,
    tenure_close,
    tenure_open,
)

__all__ = [
    "INACTIVE_ACCOUNT_MESSAGE",
    "ImportResult",
    "VILLAGE_CSV_COLUMNS",
    "access_log_record",
    "access_logs_purge",
    "consent_record",
    "invitation_accept",
    "invitation_send",
    "invitation_transfer_accept",
    "log_action",
    "profile_view_record",
    "regions_import_csv",
    "secretary_invite",
    "secretary_replace",
    "tenure_close",
    "tenure_open",
    "user_invite",
    "user_set_whatsapp_visibility",
    "user_update_profile",
]
