"""Fuzz every GET parameter the URLconf's views read, on every page that reads one.

The parameters are found in each view's source (``request.GET.get("x")``, ``request.GET["x"]``
and the fokuss.params helpers), so a new parameter is fuzzed without a new entry. Values: text
(unicode, NUL, very long), numbers (NaN, infinity, huge, negative), dates and months from year 1
to 9999, and ids of forum B's rows. Property: no 5xx. Run with ``-s`` to see the inventory.
"""

from __future__ import annotations

import inspect
import re

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzzing import (
    EXAMPLES,
    FUZZ_SETTINGS,
    NASTY,
    allowed_case,
    fuzz_request,
    fuzz_world,
    other_forum_ids,
)

PARAM_PATTERNS = [
    (re.compile(r"request\.GET\.get\(\s*[\"']([\w-]+)[\"']"), None),
    (re.compile(r"request\.GET\[\s*[\"']([\w-]+)[\"']\s*\]"), None),
    (re.compile(r"params\.(?:date|id)_param\(\s*request\s*,\s*[\"']([\w-]+)[\"']"), None),
    (re.compile(r"params\.year_param\(\s*request\s*(?:,\s*[\"']([\w-]+)[\"'])?"), "tahun"),
    (re.compile(r"params\.month_param\(\s*request\s*(?:,\s*[\"']([\w-]+)[\"'])?"), "bulan"),
]


def _views(resolver: URLResolver | None = None, prefix: str = ""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            yield from _views(pattern, f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + pattern.name, pattern.callback


def view_params(view) -> set[str]:
    """The GET parameters a view reads (its own source and the module helpers it calls)."""
    view = inspect.unwrap(view)
    try:
        source = inspect.getsource(view)
    except (OSError, TypeError):
        return set()
    module = inspect.getmodule(view)
    # Helpers of the same module the view calls (e.g. obligations.views._year).
    for name in set(re.findall(r"\b(_\w+)\(", source)):
        helper = getattr(module, name, None)
        if inspect.isfunction(helper):
            source += inspect.getsource(helper)
    names = set()
    for pattern, default in PARAM_PATTERNS:
        for match in pattern.finditer(source):
            names.add(match.group(1) or default)
    return names


# Read in a way the patterns do not see (a loop over names).
EXTRA = {"mentoring:plan_create": {"mentor", "competency"}}


def pages_with_params() -> dict[str, set[str]]:
    return {name: params | EXTRA.get(name, set()) for name, view in _views() if (params := view_params(view))}


def test_parameters_are_found():
    pages = pages_with_params()
    assert {"tahun"} <= pages["reports:capacity"] and {"bulan"} <= pages["obligations:calendar"]
    assert {"dari", "sampai"} <= pages["trainings:attendance_report"]


def _fuzz_page(client, user, url: str, params: set[str], value) -> None:
    @FUZZ_SETTINGS
    @given(query=st.fixed_dictionaries({}, optional={p: value for p in sorted(params)}))
    def get(query):
        fuzz_request(client, user, "get", url, query)

    get()


def test_fuzz_every_get_parameter(db, client):
    world = fuzz_world(db)
    other_ids = other_forum_ids(world)
    value = st.one_of(NASTY, st.sampled_from(other_ids), st.just(""), st.lists(NASTY, min_size=2, max_size=3))
    done, failures = [], []
    for url_name, params in sorted(pages_with_params().items()):
        found = allowed_case(url_name, world, "get")
        if found is None:
            continue
        case, role, kwargs = found
        try:
            _fuzz_page(client, world.users[role], reverse(url_name, kwargs=kwargs), params, value)
        except Exception as exc:  # noqa: BLE001 - collect every page's failure, then fail once
            failures.append(f"{url_name}: {type(exc).__name__}: {str(exc)[:1500]}")
        else:
            done.append(f"{url_name} as {role}: {', '.join(sorted(params))}")
    n_params = sum(len(line.split(": ", 1)[1].split(", ")) for line in done)
    print(f"\nfuzzed {n_params} parameters on {len(done)} pages, {EXAMPLES} examples per page:\n  " + "\n  ".join(done))
    assert not failures, "\n\n".join(failures)
