"""Reads for members. Each returns a fixed number of queries whatever the number of villages."""

from __future__ import annotations

import base64
import datetime
import mimetypes
from dataclasses import dataclass

from django.db.models import CharField, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from fokuss import policy
from fokuss.cache import PEOPLE, forum_cached
from fokuss.exports import Table
from fokuss.policy import ANONYMOUS, Actor

from .models import (
    AuditEntry,
    BoardPosition,
    Consent,
    FacilitatorAssignment,
    Forum,
    Invitation,
    KabupatenStaff,
    KecamatanStaff,
    ProfileView,
    SecretaryTenure,
    User,
    Village,
)

# Who holds which post on a day -----------------------------------------------------------------
# The one place that answers it: every post model has ``objects.held_on(day)``; the actor, the
# pages, the reminders and the reports all go through these.

ROLES = ("sekdes", "board", "kecamatan", "pendamping")


def forum_people(*, forum: Forum, day: datetime.date, roles: tuple[str, ...] = ROLES) -> QuerySet[User]:
    """Active users holding, on ``day``, one of ``roles`` in the forum: serving secretaries of its
    villages ("sekdes"), its board ("board"), the camat office of its kecamatan ("kecamatan") and
    the pendamping of its villages ("pendamping"). One query when evaluated."""
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles: {sorted(unknown)}")
    held = {
        "sekdes": Q(pk__in=SecretaryTenure.objects.held_on(day)
                    .filter(village__district_id=forum.district_id).values("user_id")),
        "board": Q(pk__in=BoardPosition.objects.held_on(day).filter(forum=forum).values("user_id")),
        "kecamatan": Q(pk__in=KecamatanStaff.objects.held_on(day)
                       .filter(district_id=forum.district_id).values("user_id")),
        "pendamping": Q(pk__in=FacilitatorAssignment.objects.held_on(day)
                        .filter(village__district_id=forum.district_id).values("user_id")),
    }
    condition = Q(pk__in=[])
    for role in roles:
        condition |= held[role]
    return User.objects.filter(condition, is_active=True).order_by("full_name")


def forum_ids_of_user(*, user: User) -> set[int]:
    """The forums where the person holds or held any post (one query)."""
    return set(Forum.objects.filter(
        Q(board_positions__user=user) | Q(district__villages__tenures__user=user)
        | Q(district__staff__user=user) | Q(district__villages__facilitator_assignments__user=user),
    ).values_list("pk", flat=True).distinct())


def actor_and_forum_cached(user, *, chosen: int | None,
                           today: datetime.date | None = None) -> tuple[Actor, Forum | None]:
    """What every signed-in request needs first, in one cache read: the user's actor
    (:func:`actor_for`) and the forum they work in now (the one ``chosen`` in the session when they
    may read it, else their first; with its district and regency, or None). Cached per user, choice
    and day under the version of who holds which post (fokuss.cache.PEOPLE; members/signals.py
    bumps it on every change to posts, forums, regions, accounts and second factors), so an ended
    post counts on the next request."""
    today = today or timezone.localdate()

    def compute() -> tuple[Actor, Forum | None]:
        actor = actor_for(user, today=today)
        allowed = policy.forum_ids(actor)
        qs = Forum.objects.select_related("district__regency")
        if allowed is not None:
            if not allowed:
                return actor, None
            qs = qs.filter(pk__in=allowed)
        forum = qs.filter(pk=chosen).first() if chosen else None
        return actor, forum or qs.order_by("pk").first()

    return forum_cached(PEOPLE, "actor-and-forum", [user.pk, chosen, today], compute)


def has_totp_cached(user) -> bool:
    """Whether the user has a TOTP authenticator (asked on every request of the board, camat office
    and staff); cached like :func:`actor_and_forum_cached`, the version moves when an authenticator changes."""
    from allauth.mfa.models import Authenticator

    return forum_cached(PEOPLE, "has-totp", [user.pk], lambda: Authenticator.objects.filter(
        user_id=user.pk, type=Authenticator.Type.TOTP).exists())


def actor_for(user, *, today: datetime.date | None = None) -> Actor:
    """The actor for a user from the posts they hold on ``today`` (four small queries)."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    today = today or timezone.localdate()
    own = dict(
        SecretaryTenure.objects.held_on(today).filter(user_id=user.pk)
        .values_list("village_id", "village__district__forum")
    )
    board = BoardPosition.objects.held_on(today).filter(user_id=user.pk)
    # The camat office's forums and the kabupaten staff's forums in one query (a UNION, tagged).
    kecamatan = (KecamatanStaff.objects.held_on(today).filter(user_id=user.pk, district__forum__isnull=False)
                 .annotate(kind=Value("kecamatan", output_field=CharField())).values_list("kind", "district__forum")
                 .order_by())
    kabupaten = (Forum.objects.filter(district__regency_id__in=KabupatenStaff.objects.held_on(today)
                                      .filter(user_id=user.pk).values("regency_id"))
                 .annotate(kind=Value("kabupaten", output_field=CharField())).values_list("kind", "pk").order_by())
    overseen = list(kecamatan.union(kabupaten, all=True))
    facilitated = dict(
        FacilitatorAssignment.objects.held_on(today).filter(user_id=user.pk, village__district__forum__isnull=False)
        .values_list("village_id", "village__district__forum")
    )
    return Actor(
        user_id=user.pk,
        is_superuser=user.is_superuser,
        is_staff=user.is_staff,
        own_villages={v: f for v, f in own.items() if f is not None},
        board_forums=frozenset(board.values_list("forum_id", flat=True)),
        kecamatan_forums=frozenset(f for kind, f in overseen if kind == "kecamatan"),
        facilitated_villages=facilitated,
        kabupaten_forums=frozenset(f for kind, f in overseen if kind == "kabupaten"),
    )



@dataclass(frozen=True)
class DirectoryRow:
    village: Village
    tenure: SecretaryTenure | None

    @property
    def secretary(self) -> User | None:
        return self.tenure.user if self.tenure else None


def directory_table(rows: list[DirectoryRow], *, actor: Actor, forum_id: int) -> Table:
    """The directory as an export table (fokuss.exports): what the page shows, no more (a
    WhatsApp number only where the person's choice lets this viewer see it: rule
    "person.whatsapp"; at most one query)."""
    shown = visible_whatsapp(actor, [r.secretary for r in rows], forum_id=forum_id)
    return Table(
        headers=[_("Desa"), _("Kode desa"), _("Sekretaris desa"), _("Status"), _("Sejak"), _("WhatsApp")],
        rows=[[r.village.name, r.village.code, r.secretary.full_name if r.secretary else "",
               r.tenure.get_status_display() if r.tenure else _("Kosong"),
               r.tenure.started_on if r.tenure else "",
               r.secretary.whatsapp if r.secretary and r.secretary.pk in shown else ""] for r in rows],
    )


def forum_villages(*, forum: Forum) -> QuerySet[Village]:
    return Village.objects.filter(district_id=forum.district_id).order_by("name")


def vacant_villages(*, forum: Forum, day: datetime.date | None = None) -> QuerySet[Village]:
    """Villages of the forum with no secretary serving on ``day``."""
    day = day or timezone.localdate()
    return forum_villages(forum=forum).exclude(pk__in=SecretaryTenure.objects.held_on(day).values("village_id"))


def directory_rows(*, forum: Forum, search: str = "", day: datetime.date | None = None,
                   village_ids: set[int] | None = None) -> list[DirectoryRow]:
    """The forum's villages (only ``village_ids`` when given: a pendamping's own) with the
    secretary serving on ``day`` (2 queries)."""
    day = day or timezone.localdate()
    serving = SecretaryTenure.objects.held_on(day)
    villages = forum_villages(forum=forum)
    if village_ids is not None:
        villages = villages.filter(pk__in=village_ids)
    villages = villages.prefetch_related(
        Prefetch(
            "tenures",
            queryset=serving.select_related("user"),
            to_attr="open_tenures",
        )
    )
    if search:
        villages = villages.filter(
            Q(name__icontains=search)
            | Q(tenures__in=serving.filter(user__full_name__icontains=search))
        ).distinct()
    return [DirectoryRow(village=v, tenure=(v.open_tenures[0] if v.open_tenures else None)) for v in villages]


def village_for(actor: Actor, code: str, action: str = "village.view") -> Village:
    """The village with this Kemendagri code if the actor may do ``action`` on it (404 / 403 otherwise)."""
    return policy.fetch(actor, action, Village.objects.select_related("district__regency__province", "district__forum"),
                        code=code)


def village_tenures(*, village: Village) -> list[SecretaryTenure]:
    return list(village.tenures.select_related("user").order_by("-started_on"))


def village_facilitators(*, village: Village, today: datetime.date | None = None) -> list[FacilitatorAssignment]:
    today = today or timezone.localdate()
    return list(FacilitatorAssignment.objects.held_on(today).filter(village=village).select_related("user"))


def board_current(*, forum: Forum, today: datetime.date | None = None) -> list[BoardPosition]:
    today = today or timezone.localdate()
    order = {p: i for i, p in enumerate(BoardPosition.Position.values)}
    rows = list(
        BoardPosition.objects.held_on(today).filter(forum=forum).select_related("user")
    )
    return sorted(rows, key=lambda b: (order.get(b.position, 99), b.field, b.user.full_name))


def forum_letterhead(*, forum: Forum) -> dict:
    """What official documents print in their letterhead (kop surat): the forum's lines and its
    logo as a data URL (WeasyPrint loads nothing from outside), plus the place for the date line.
    The template is ``pdf/_kop.html``."""
    logo = ""
    if forum.logo:
        try:
            with forum.logo.open("rb") as fh:
                data = fh.read()
        except OSError:
            data = b""
        if data:
            mime = mimetypes.guess_type(forum.logo.name or "")[0] or "image/png"
            logo = f"data:{mime};base64," + base64.b64encode(data).decode("ascii")
    lines = forum.letterhead_lines or [forum.name, f"Kecamatan {forum.district.name}", forum.address]
    return {"forum": forum, "kop_lines": [line for line in lines if line], "kop_logo": logo,
            "place": forum.district.name}


def board_signatory(*, forum: Forum, position: str, today: datetime.date | None = None) -> User | None:
    """Who signs as ketua / sekretaris on official documents on a given day."""
    today = today or timezone.localdate()
    row = (
        BoardPosition.objects.held_on(today).filter(forum=forum, position=position)
        .select_related("user")
        .first()
    )
    return row.user if row else None


def forum_summary(*, forum: Forum, day: datetime.date | None = None) -> dict[str, int]:
    """Counts for the board and camat dashboards (3 queries)."""
    day = day or timezone.localdate()
    villages = forum_villages(forum=forum)
    open_tenures = SecretaryTenure.objects.held_on(day).filter(village__district_id=forum.district_id)
    return {
        "villages": villages.count(),
        "filled": open_tenures.count(),
        "acting": open_tenures.exclude(status=SecretaryTenure.Status.DEFINITIF).count(),
    }


def forum_summary_cached(*, forum: Forum) -> dict[str, int]:
    """forum_summary of today under the forum's data version (fokuss/cache.py)."""
    day = timezone.localdate()
    return forum_cached(forum.pk, "forum-summary", [day], lambda: forum_summary(forum=forum, day=day))


def tenure_of_user(*, user: User, forum: Forum | None = None, day: datetime.date | None = None) -> SecretaryTenure | None:
    """The secretary post the user holds on the day (in the forum's district, when given)."""
    day = day or timezone.localdate()
    tenures = SecretaryTenure.objects.held_on(day).filter(user=user)
    if forum is not None:
        tenures = tenures.filter(village__district_id=forum.district_id)
    return tenures.select_related("village__district").first()


def active_user(*, pk: int | None) -> User | None:
    """An active account by id (e.g. the owner of a calendar feed token), or None."""
    if pk is None:
        return None
    return User.objects.filter(pk=pk, is_active=True).first()


def invitation_by_token(*, token: str) -> Invitation | None:
    """The invitation behind an emailed link (the token is the credential), or None."""
    return Invitation.objects.select_related("user", "forum").filter(token=token).first()


def forum_invitations(*, forum: Forum, limit: int = 50) -> list[Invitation]:
    return list(Invitation.objects.filter(forum=forum).select_related("user", "invited_by")[:limit])


# Personal data (UU 27/2022) -----------------------------------------------------------------


def whatsapp_consented_ids(user_ids) -> set[int]:
    """Of these users, those whose latest WhatsApp consent is "given" (one query per 10,000)."""
    ids = sorted(set(user_ids))
    found: set[int] = set()
    latest = (Consent.objects.filter(person_id=OuterRef("pk"), purpose=Consent.Purpose.WHATSAPP)
              .order_by("-recorded_at", "-pk").values("given")[:1])
    for start in range(0, len(ids), 10_000):
        found.update(
            User.objects.filter(pk__in=ids[start:start + 10_000]).annotate(consent=Subquery(latest))
            .filter(consent=True).values_list("pk", flat=True)
        )
    return found


def whatsapp_consent_of(*, user: User) -> Consent | None:
    return Consent.objects.filter(person=user, purpose=Consent.Purpose.WHATSAPP).order_by("-recorded_at", "-pk").first()


@dataclass(frozen=True)
class WhatsappSubject:
    """What the "person.whatsapp" rule reads: whose number, shown in which forum, the person's
    choice, and the villages where the person serves that the viewer facilitates."""

    person_id: int
    forum_id: int | None
    visibility: str
    village_ids: frozenset[int] = frozenset()


def facilitated_people_ids(actor: Actor, *, day: datetime.date | None = None) -> dict[int, frozenset[int]]:
    """People serving as secretary in the villages the actor facilitates: person id -> villages.
    No query for an actor who facilitates no village, one otherwise."""
    if not actor.facilitated_villages:
        return {}
    day = day or timezone.localdate()
    found: dict[int, set[int]] = {}
    rows = (SecretaryTenure.objects.held_on(day).filter(village_id__in=list(actor.facilitated_villages))
            .values_list("user_id", "village_id"))
    for user_id, village_id in rows:
        found.setdefault(user_id, set()).add(village_id)
    return {k: frozenset(v) for k, v in found.items()}


def visible_whatsapp(viewer_actor: Actor, people, *, forum_id: int | None,
                     facilitated: dict[int, frozenset[int]] | None = None) -> set[int]:
    """Ids of ``people`` (User rows) whose WhatsApp number the viewer may see on a page of the
    forum ``forum_id``, by each person's ``whatsapp_visibility`` (rule "person.whatsapp").
    At most one query (none when ``facilitated`` is given)."""
    if facilitated is None:
        facilitated = facilitated_people_ids(viewer_actor)
    visible = set()
    for person in people:
        if person is None or not person.whatsapp:
            continue
        subject = WhatsappSubject(person_id=person.pk, forum_id=forum_id, visibility=person.whatsapp_visibility,
                                  village_ids=facilitated.get(person.pk, frozenset()))
        if policy.can(viewer_actor, "person.whatsapp", subject):
            visible.add(person.pk)
    return visible


def profile_views_of(*, person: User, limit: int = 200) -> list[ProfileView]:
    """Who opened the person's competency profile, newest first (one query)."""
    return list(ProfileView.objects.filter(person=person).select_related("viewer", "forum")[:limit])


def belongs_to_forum(*, user: User, forum: Forum) -> bool:
    """Whether the person holds or held a post in the forum, or joined it through one of its
    invitations. Someone who does not can only be moved in by an invitation they accept
    (members.services: kind ``transfer``). One query."""
    district = forum.district_id
    held = (
        Exists(SecretaryTenure.objects.filter(user=user, village__district_id=district))
        | Exists(BoardPosition.objects.filter(user=user, forum=forum))
        | Exists(KecamatanStaff.objects.filter(user=user, district_id=district))
        | Exists(FacilitatorAssignment.objects.filter(user=user, village__district_id=district))
        | Exists(Invitation.objects.filter(user=user, forum=forum)
                 .filter(Q(kind=Invitation.Kind.ACCOUNT) | Q(accepted_at__isnull=False)))
    )
    return User.objects.filter(held, pk=user.pk).exists()


# Audit trail -------------------------------------------------------------------------------------


def audit_timeline(obj, limit: int = 20) -> QuerySet[AuditEntry]:
    """The latest audit entries about ``obj``, newest first, with their actors: one query, run
    only when the template iterates it (the timeline partial asks ``audit.view`` first, so a
    reader who may not see it costs no query)."""
    return (AuditEntry.objects.filter(object_type=AuditEntry.type_of(obj), object_id=obj.pk)
            .select_related("actor").order_by("-created_at", "-pk")[:limit])
