"""Shared pieces of the fuzz tests (tests/test_fuzz_forms.py, tests/test_fuzz_params.py).

The world is the access matrix's (tests/world.py plus every app's matrix setup); each request runs
in a rolled-back savepoint, so one world serves every example of a test. The property: no answer
is a 5xx, and an answer that is not a success (anything but a redirect) leaves every table as it
was (no half-saved row).
"""

from __future__ import annotations

import datetime
import decimal

from django.apps import apps
from django.db import models, transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from tests.test_access_matrix import CASES, MODULES
from tests.world import build_world

FUZZ_SETTINGS = settings(max_examples=25, deadline=None, derandomize=True, database=None,
                         suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                                HealthCheck.filter_too_much, HealthCheck.data_too_large])
EXAMPLES = FUZZ_SETTINGS.max_examples
PROJECT_APPS = ("members", "notifications", "actions", "obligations", "competency", "mentoring", "trainings",
                "reports", "privacy")
# Rows a failed request may legitimately add: the audit of sign-ins and downloads.
UNCOUNTED = {"members.accesslog"}

NASTY_WORDS = [
    "", " ", "\x00", "NaN", "nan", "-NaN", "sNaN", "inf", "-inf", "Infinity", "1e309", "-1", "0", "1.5", "1,5",
    "99999999999999999999", "-99999999999999999999", "9" * 40, str(2**63), str(2**63 - 1), "0x10", "1_000",
    "0001-01-01", "9999-12-31", "0001-01", "9999-12", "2026-02-30", "2026-13-01", "31/12/2026", "10000-01-01",
    "null", "None", "true", "[]", "{}", "<script>alert(1)</script>", "' OR 1=1 --", "１２３", "٣", "\u202e",
    "x" * 5000,
]
NASTY = st.one_of(
    st.sampled_from(NASTY_WORDS),
    st.text(max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31)).map(str),
)


def fuzz_world(db):
    world = build_world()
    for module in MODULES:
        if hasattr(module, "setup"):
            module.setup(world)
    return world


def other_forum_ids(world) -> list[str]:
    """Ids of forum B's rows, to try where forum A's ids are expected."""
    ids = {world.b1.pk, world.users["other_forum"].pk, world.forum_b.pk}
    for value in vars(world).values():
        if isinstance(value, models.Model) and getattr(value, "forum_id", None) == world.forum_b.pk:
            ids.add(value.pk)
    return [str(i) for i in sorted(ids)]


def allowed_case(url_name: str, world, method: str | None = None):
    """The first matrix case of ``url_name`` (of ``method`` if given) with a role of forum A that
    may use it (expected status below 400): (case, role, kwargs)."""
    order = ["pengurus", "sekdes_a", "sekdes_b", "camat", "pendamping", "anonymous"]
    for case in CASES[url_name]:
        if method and case.method != method:
            continue
        for role in order:
            if case.expect[role] < 400 and not (role == "anonymous" and case.expect[role] == 302):
                return case, role, case.resolve(case.kwargs, world)
    return None


def row_counts() -> dict[str, int]:
    counts = {}
    for label in PROJECT_APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.label_lower not in UNCOUNTED:
                counts[model._meta.label_lower] = model._default_manager.count()
    return counts


def plain(value):
    """A generated form value as the browser would send it."""
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, (list, tuple, set, frozenset)) or hasattr(value, "model"):
        return [plain(v) for v in value]
    if isinstance(value, bool):
        return "on" if value else ""
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return "" if value is None else str(value)


def fuzz_request(client, user, method: str, url: str, data=None):
    """One request as ``user`` inside a rolled-back savepoint. No 5xx; for a POST that is not
    answered with a redirect, every table keeps its number of rows (nothing half-saved)."""
    client.logout()
    if user is not None:
        client.force_login(user)
    what = f"{method.upper()} {url} {str(data)[:300]}"
    with transaction.atomic():
        before = row_counts() if method == "post" else None
        response = getattr(client, method)(url, data=data if data is not None else {})
        assert response.status_code < 500, f"{what}: {response.status_code}"
        if before is not None and response.status_code not in (301, 302, 303):
            after = row_counts()
            changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
            assert not changed, f"{what}: answered {response.status_code} but rows changed {changed}"
        transaction.set_rollback(True)
    return response
