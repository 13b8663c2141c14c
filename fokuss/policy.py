"""The one access-policy module: "may this user do X on this object?" and "which rows may they see?".

Roles are derived from the posts a person holds today:
- sekdes: an open SecretaryTenure (village -> district -> forum)
- board (pengurus): a BoardPosition of a forum whose period covers today
- kecamatan: a KecamatanStaff post in the forum's district
- pendamping: a FacilitatorAssignment on villages
- kabupaten: a KabupatenStaff post in the regency of the forum's kecamatan (reads figures and
  reports of every forum of the regency, side by side; never edits, never takes part)
- admin: a superuser (every forum)

The actor is built by ``members.selectors.actor_for`` (from the posts held on a day) and attached
to every request as ``request.actor``. This module knows no app: rules read only the actor and the
object's ``forum_id`` / ``village_id`` / ``person_id`` (and a few fields named in the rules).

- Views fetch and check in one call: ``fetch(actor, "<action>", Model_or_queryset, pk=...)``
  returns the object or raises Http404 / PermissionDenied (the ``access_stream_by_id`` idea);
  apps wrap it per entity (``trainings.selectors.event_for`` ...).
- Forum-wide actions check the forum: ``require(actor, "<action>", request.forum)``.
- Templates ask ``{% can "<action>" obj as allowed %}`` (fokuss/templatetags/policy.py); they never
  decide from role flags such as ``actor.is_board``, which are true for a role in *any* forum.
- Querysets are narrowed with ``forum_ids(actor)`` / ``private_village_ids(actor, forum)``.
- Services trust their caller: they do not call the policy.
Objects are located by convention: every domain object has ``forum_id`` (field or property) and,
when it concerns one village or one person, ``village_id`` / ``person_id``.

Refusal semantics: an object of a forum the actor cannot see is 404 (its existence is not revealed);
an object of the actor's forum that their role may not touch is 403.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.http import Http404

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    is_superuser: bool = False
    is_staff: bool = False
    # village_id -> forum_id of the villages where the user is the serving secretary
    own_villages: dict[int, int] = field(default_factory=dict)
    board_forums: frozenset[int] = frozenset()
    kecamatan_forums: frozenset[int] = frozenset()
    # village_id -> forum_id of the villages assigned to the user as pendamping
    facilitated_villages: dict[int, int] = field(default_factory=dict)
    # forums whose kecamatan lies in a regency where the user is kabupaten staff
    kabupaten_forums: frozenset[int] = frozenset()

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def participant_forums(self) -> frozenset[int]:
        """Forums the user takes part in (secretary, board, camat office, pendamping)."""
        return (
            frozenset(self.own_villages.values())
            | self.board_forums
            | self.kecamatan_forums
            | frozenset(self.facilitated_villages.values())
        )

    @property
    def forum_ids(self) -> frozenset[int]:
        """Forums the user may see: those they take part in and, for kabupaten staff, every
        forum of their regency."""
        return self.participant_forums | self.kabupaten_forums

    @property
    def is_sekdes(self) -> bool:
        return bool(self.own_villages)

    @property
    def is_board(self) -> bool:
        return bool(self.board_forums)

    @property
    def is_kecamatan(self) -> bool:
        return bool(self.kecamatan_forums)

    @property
    def is_facilitator(self) -> bool:
        return bool(self.facilitated_villages)

    @property
    def is_kabupaten(self) -> bool:
        return bool(self.kabupaten_forums)

    @property
    def needs_mfa(self) -> bool:
        """The one rule for who must sign in with a second factor (TOTP): those who can change
        or oversee a forum's data, and site staff. Secretaries and pendamping may opt in.
        Kabupaten staff read every forum of a regency: they sign in with TOTP too."""
        return self.is_superuser or self.is_staff or self.is_board or self.is_kecamatan or self.is_kabupaten

    # Role tests for one forum --------------------------------------------------------------
    def member_of(self, forum_id: int | None) -> bool:
        return self.is_superuser or forum_id in self.forum_ids

    def participant_of(self, forum_id: int | None) -> bool:
        """Takes part in the forum (may register for its events, give feedback); kabupaten
        staff only look on."""
        return self.is_superuser or forum_id in self.participant_forums

    def board_of(self, forum_id: int | None) -> bool:
        return self.is_superuser or forum_id in self.board_forums

    def kecamatan_of(self, forum_id: int | None) -> bool:
        return forum_id in self.kecamatan_forums

    def overseer_of(self, forum_id: int | None) -> bool:
        """Board or camat office: may read everything of the forum."""
        return self.board_of(forum_id) or self.kecamatan_of(forum_id)

    def kabupaten_of(self, forum_id: int | None) -> bool:
        return forum_id in self.kabupaten_forums

    def reader_of(self, forum_id: int | None) -> bool:
        """Reads the forum's figures and reports: board, camat office, kabupaten staff."""
        return self.overseer_of(forum_id) or self.kabupaten_of(forum_id)

    def secretary_of(self, village_id: int | None) -> bool:
        return village_id in self.own_villages

    def facilitator_of(self, village_id: int | None) -> bool:
        return village_id in self.facilitated_villages


ANONYMOUS = Actor(user_id=None)


# Rules ------------------------------------------------------------------------------------
# Each rule gets (actor, obj) and answers True/False. obj is the object acted on (a Forum, a
# Village, or any domain row with forum_id / village_id / person_id).

Rule = Callable[[Actor, object], bool]


def _forum(obj) -> int | None:
    return getattr(obj, "forum_id", None)


def _village(obj) -> int | None:
    if obj.__class__.__name__ == "Village":
        return obj.pk
    return getattr(obj, "village_id", None)


def _is_member(a: Actor, obj) -> bool:
    return a.member_of(_forum(obj))


def _is_board(a: Actor, obj) -> bool:
    return a.board_of(_forum(obj))


def _is_overseer(a: Actor, obj) -> bool:
    return a.overseer_of(_forum(obj))


def _is_reader(a: Actor, obj) -> bool:
    """Figures and reports (read-only): board, camat office and kabupaten staff."""
    return a.reader_of(_forum(obj))


def _is_participant(a: Actor, obj) -> bool:
    return a.participant_of(_forum(obj))


def _village_insider(a: Actor, obj) -> bool:
    """Own secretary, assigned pendamping, board or camat office of that village's forum."""
    return a.overseer_of(_forum(obj)) or a.secretary_of(_village(obj)) or a.facilitator_of(_village(obj))


def _serves_in_forum(a: Actor, obj) -> bool:
    """Secretary of a village of this forum (today)."""
    return _forum(obj) in a.own_villages.values()


def _is_recipient(a: Actor, obj) -> bool:
    return a.user_id is not None and getattr(obj, "recipient_id", None) == a.user_id


def _is_owner(a: Actor, obj) -> bool:
    return a.user_id is not None and getattr(obj, "owner_id", None) == a.user_id


def _person_insider(a: Actor, obj) -> bool:
    """Personal data (competency levels): the person, the board, the camat office and the
    pendamping of the person's current village."""
    if a.overseer_of(_forum(obj)):
        return True
    if getattr(obj, "person_id", None) == a.user_id and a.user_id is not None:
        return True
    return a.facilitator_of(_village(obj))


def _mentor(obj) -> int | None:
    return getattr(obj, "mentor_id", None)


def _secretary_in_forum(a: Actor, obj) -> bool:
    return _forum(obj) in a.own_villages.values()


def _facilitator_in_forum(a: Actor, obj) -> bool:
    return _forum(obj) in a.facilitated_villages.values()
def _whatsapp_visible(a: Actor, obj) -> bool:
    """A person's WhatsApp number, by their own choice (``obj.visibility``): "forum" every member
    of the forum the page belongs to; "board" the board, the camat office and the pendamping of a
    village where the person serves (``obj.village_ids``); "nobody" only the person."""
    if a.user_id is not None and getattr(obj, "person_id", None) == a.user_id:
        return True
    visibility = getattr(obj, "visibility", "nobody")
    if visibility == "forum":
        return a.participant_of(_forum(obj))  # kabupaten staff look on: not members
    if visibility == "board":
        return a.overseer_of(_forum(obj)) or any(a.facilitator_of(v) for v in getattr(obj, "village_ids", ()))
    return False


def _event_status(obj) -> str | None:
    """The status of the event a row belongs to (the event itself, or a material of it); None for
    a forum, which stands for "the forum's events" in forum-wide checks."""
    event = obj if hasattr(obj, "starts_at") else getattr(obj, "event", None)
    return getattr(event, "status", None)


def _sees_event(a: Actor, obj) -> bool:
    """A member sees the forum's announced (or cancelled) events; a draft only the board sees."""
    if _event_status(obj) == "draft":
        return _is_board(a, obj)
    return _is_member(a, obj)


def _minutes_draft_reader(a: Actor, obj) -> bool:
    """A draft of minutes: the board, the camat office and its notulis."""
    return _is_overseer(a, obj) or (a.user_id is not None and getattr(obj, "notulis_id", None) == a.user_id)


def _minutes_reader(a: Actor, obj) -> bool:
    """Final minutes: every member; a draft: see _minutes_draft_reader."""
    if getattr(obj, "status", None) == "final":
        return _is_member(a, obj)
    return _minutes_draft_reader(a, obj)


RULES: dict[str, Rule] = {
    # members -------------------------------------------------------------------------------
    "forum.view": _is_member,
    "forum.manage": _is_board,
    "forum.oversee": _is_reader,  # the forum's summary figures on the dashboard
    "village.view": _is_member,
    "village.view_private": _village_insider,
    "village.manage": _is_board,
    # the village profile's private part (competency, trainings, mentoring, deadline record) and its
    # PDF: the village's own secretary and pendamping, board, camat office and kabupaten staff;
    # another village's secretary sees only the public part (secretary, tenure history, pendamping)
    "village.profile": lambda a, o: a.reader_of(_forum(o)) or a.secretary_of(_village(o)) or a.facilitator_of(_village(o)),
    "forum.serve": _serves_in_forum,  # "my village" card, own competency profile, self-assessment
    # a forum: has villages assigned as pendamping in it today ("Desa dampingan saya", the directory's filter)
    "village.facilitated": _facilitator_in_forum,
    "member.invite": _is_board,
    "person.whatsapp": _whatsapp_visible,
    "audit.view": _is_overseer,  # the who-did-what timeline of a record
    # notifications -------------------------------------------------------------------------
    "delivery.view_all": _is_board,
    "delivery.resend": _is_board,
    "notification.read": _is_recipient,
    # actions -------------------------------------------------------------------------------
    "action_item.complete": _is_owner,
    # a forum: may own follow-ups ("Tugas saya" in the menus): secretaries, the board, pendamping;
    # the camat office and kabupaten staff only look on, their list is always empty
    "action_item.own": lambda a, o: _secretary_in_forum(a, o) or a.board_of(_forum(o)) or _facilitator_in_forum(a, o),
    # reports (deadlines) -------------------------------------------------------------------
    "obligation.manage": _is_board,
    "deadline.view": _village_insider,
    "deadline.submit": lambda a, o: a.secretary_of(_village(o)) or a.board_of(_forum(o)),
    "deadline.verify": _is_overseer,
    "deadline.remind": _is_overseer,
    "deadline.overview": _is_reader,
    # a forum: has deadlines of their own ("Tenggat saya"): the secretary or the pendamping of a
    # village of the forum; the camat office and kabupaten staff have none
    "deadline.own": lambda a, o: _secretary_in_forum(a, o) or _facilitator_in_forum(a, o),
    "obligation.view": _is_member,
    "report.download": _is_reader,  # reports, roll-up and every table export (fokuss.exports)
    "report.write": _is_board,  # the capacity report's narrative, issuing it
    "report.camat_dashboard": lambda a, o: a.kecamatan_of(_forum(o)),  # headline figures and trends
    # obj: the current forum; the roll-up shows every forum of the actor's regency side by side
    "kabupaten.rollup": lambda a, o: a.is_superuser or a.kabupaten_of(_forum(o)),
    # trainings -----------------------------------------------------------------------------
    "event.view": _sees_event,  # reads obj.status: a draft only for the board
    "event.manage": _is_board,  # schedule, publish, speakers, materials, attendance, certificates
    "event.rsvp": _is_participant,
    "event.checkin": _is_participant,
    "event.report": _is_reader,  # attendance rates, feedback summary
    "material.download": _sees_event,  # reads obj.event.status: a draft event's material only for the board
    "minutes.view": _minutes_reader,  # reads obj.status: final for every member, a draft for a few
    "minutes.edit": lambda a, o: _is_board(a, o) or (a.user_id is not None
                                                     and getattr(o, "notulis_id", None) == a.user_id),
    "minutes.correct": _is_board,
    # a forum: the archive of its final minutes (final minutes themselves are open to every member)
    "minutes.archive": _is_reader,
    "certificate.view": _person_insider,
    "feedback.submit": _is_participant,
    # competency / mentoring ----------------------------------------------------------------
    "competency.view_person": _person_insider,
    "competency.manage": _is_board,
    # which assessment method an actor may use for a person (obj: the person's competency data):
    # the board records its own and peer assessments; the assigned pendamping records as pendamping
    "competency.assess_board": _is_board,
    "competency.assess_peer": _is_board,
    "competency.assess_pendamping": lambda a, o: a.facilitator_of(_village(o)),
    # may record an assessment by some method
    "competency.assess": lambda a, o: any(RULES[f"competency.assess_{m}"](a, o)
                                          for m in ("board", "peer", "pendamping")),
    "competency.self_assess": lambda a, o: (a.user_id is not None and getattr(o, "person_id", None) == a.user_id
                                            and a.secretary_of(_village(o))),
    # a forum: serves as secretary in it (has an own competency profile and a self-assessment)
    "competency.own_profile": _secretary_in_forum,
    # a forum: reads the map of more villages than one's own (board, camat office, pendamping)
    "competency.view_map": lambda a, o: a.reader_of(_forum(o)) or _facilitator_in_forum(a, o),
    "competency.validate": _is_board,
    "competency.overview": _is_member,  # rows narrowed with private_village_ids
    "competency.needs": _is_reader,
    "mentoring.view": _is_reader,
    "mentoring.manage": _is_board,
    # a plan: mentor and mentee see their own; the assigned pendamping sees and logs for their villages
    "mentoring.view_plan": lambda a, o: (_is_overseer(a, o) or (a.user_id is not None and a.user_id in (
                                         getattr(o, "mentee_id", None), _mentor(o)))
                                         or a.facilitator_of(_village(o))),
    "mentoring.log_session": lambda a, o: (a.board_of(_forum(o)) or (a.user_id is not None and a.user_id == _mentor(o))
                                           or a.facilitator_of(_village(o))),
    "mentoring.advance": lambda a, o: a.board_of(_forum(o)) or (a.user_id is not None and a.user_id == _mentor(o)),
    "mentoring.close": _is_board,
}


def can(actor: Actor, action: str, obj=None) -> bool:
    rule = RULES[action]  # an unknown action is a programming error, not a refusal
    if not actor.is_authenticated:
        return False
    if obj is None:
        raise ValueError(f"policy action {action!r} needs an object (a forum or a row of one)")
    return bool(rule(actor, obj))


def require(actor: Actor, action: str, obj) -> None:
    """Raise Http404 when the object lies outside the actor's forums, PermissionDenied when the
    actor's role may not do the action there."""
    if can(actor, action, obj):
        return
    if not actor.member_of(_forum(obj)):
        raise Http404
    raise PermissionDenied


def forum_ids(actor: Actor) -> frozenset[int] | None:
    """Forums whose rows the actor may see; None means all (admin)."""
    return None if actor.is_superuser else actor.forum_ids


def private_village_ids(actor: Actor, *, forum_id: int) -> set[int] | None:
    """Villages of a forum whose private data (deadlines, competency) the actor may read;
    None means every village of the forum (board, camat office, kabupaten staff: the overview
    pages show every village; a kabupaten user still opens no single deadline or file)."""
    if actor.reader_of(forum_id):
        return None
    own = {v for v, f in actor.own_villages.items() if f == forum_id}
    facilitated = {v for v, f in actor.facilitated_villages.items() if f == forum_id}
    return own | facilitated


def fetch(actor: Actor, action: str, source: type[M] | models.QuerySet[M], **lookup) -> M:
    """Fetch-and-check in one call: the object matching ``lookup`` if the actor may do ``action``
    on it; otherwise Http404 (missing, malformed id, or outside the actor's forums) or
    PermissionDenied (their role may not). Views never fetch first and check later."""
    queryset = source if isinstance(source, models.QuerySet) else source._default_manager.all()
    try:
        obj = queryset.get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError, OverflowError, ValidationError):
        raise Http404 from None
    require(actor, action, obj)
    return obj
