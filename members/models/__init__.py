"""Regions, forums, people and the posts they hold.

A forum belongs to one kecamatan (District); every domain row belongs to a forum directly or
through its village. Roles are not flags on the user: they are derived from the posts a person
holds (SecretaryTenure, BoardPosition, KecamatanStaff, FacilitatorAssignment) on a given day.

One module per subject: regions (province to village, the forum), people (the user), posts (who
holds which post on a day), invitations, records (access log, personal data, audit trail). The
names are re-exported here: migrations and callers keep importing from ``members.models``.
"""

from .invitations import (
    Invitation,
)
from .people import (
    User,
    UserHistory,
    UserManager,
    WhatsappVisibility,
)
from .posts import (
    BoardPosition,
    BoardPositionQuerySet,
    FacilitatorAssignment,
    KabupatenStaff,
    KecamatanStaff,
    PostQuerySet,
    SecretaryTenure,
    TenureQuerySet,
)
from .records import (
    AccessLog,
    AuditAction,
    AuditEntry,
    Consent,
    ProfileView,
)
from .regions import (
    District,
    Forum,
    Province,
    Regency,
    Village,
)

__all__ = [
    "AccessLog",
    "AuditAction",
    "AuditEntry",
    "BoardPosition",
    "BoardPositionQuerySet",
    "Consent",
    "District",
    "FacilitatorAssignment",
    "Forum",
    "Invitation",
    "KabupatenStaff",
    "KecamatanStaff",
    "PostQuerySet",
    "ProfileView",
    "Province",
    "Regency",
    "SecretaryTenure",
    "TenureQuerySet",
    "User",
    "UserHistory",
    "UserManager",
    "Village",
    "WhatsappVisibility",
]
