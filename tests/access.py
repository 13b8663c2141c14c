"""Vocabulary for the access matrix (tests/test_access_matrix.py).

Each app keeps its entries in ``tests/<app>/matrix.py``:
    def setup(world) -> None          # optional: create the app's objects on the world
    CASES: dict[str, Case | list[Case]]   # URL name -> case(s)
Every role of tests.world.ROLES must have an expected status in every case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.world import ROLES

LOGIN = 302  # anonymous users are sent to the login page


@dataclass(frozen=True)
class Case:
    expect: dict[str, int]
    kwargs: Callable | dict = field(default_factory=dict)
    method: str = "get"
    data: Callable | dict = field(default_factory=dict)
    query: str = ""
    note: str = ""

    def __post_init__(self):
        missing = [r for r in ROLES if r not in self.expect]
        extra = [r for r in self.expect if r not in ROLES]
        if missing or extra:
            raise ValueError(f"case must name every role: missing {missing}, unknown {extra}")

    def resolve(self, value, world):
        return value(world) if callable(value) else value


def roles(default: int, **overrides: int) -> dict[str, int]:
    """Expected statuses: ``default`` for every role (kabupaten included), anonymous redirected
    to login unless overridden."""
    result = {role: default for role in ROLES}
    result["anonymous"] = LOGIN
    result.update(overrides)
    return result


def members_only(ok: int = 200, **overrides: int) -> dict[str, int]:
    """Any signed-in member of a forum; the other forum's admin sees their own forum's page."""
    return roles(ok, **overrides)


def forum_a_object(ok: int = 200, denied: int = 403, allowed: tuple[str, ...] = (), **overrides: int) -> dict[str, int]:
    """An object of forum A: roles in ``allowed`` get ``ok``, other forum-A roles ``denied``
    (kabupaten staff read forum A: they are ``denied`` unless allowed), the other forum 404."""
    base = {r: (ok if r in allowed else denied) for r in ROLES}
    base["anonymous"] = LOGIN
    base["other_forum"] = 404
    base.update(overrides)
    return base


# Forum-A roles that take part (RSVP, check in, give feedback); kabupaten staff only look on.
ALL_A = ("sekdes_a", "sekdes_b", "pengurus", "camat", "pendamping")
# Forum-A roles that read a forum-wide page or a published object (kabupaten staff included).
READERS_A = ALL_A + ("kabupaten",)
OVERSEERS = ("pengurus", "camat")
# Figures and reports: board, camat office, kabupaten staff (fokuss.policy "report.download" & co.);
# the other forum's board sees the same page for its own forum.
OVERSEE_PAGE = {"anonymous": LOGIN, "sekdes_a": 403, "sekdes_b": 403, "pengurus": 200, "camat": 200,
                "pendamping": 403, "other_forum": 200, "kabupaten": 200}
BOARD = ("pengurus",)
