"""Walk the URLconf and check every URL against every role.

A URL name without an entry in some tests/<app>/matrix.py fails ``test_every_url_has_an_entry``.
Every request runs inside a rolled-back savepoint so POST cases do not change the world.
Besides the status, every 200 answered to a role of forum A is checked for forum B's marker
(tests.world.MARKER) in its content: pages, exports and PDFs (as text) never show forum B's rows.
"""

from __future__ import annotations

import importlib.util
import io
import subprocess
import zipfile
from pathlib import Path

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.pdftext import pdftotext
from tests.world import MARKER, ROLES, build_world

TESTS_DIR = Path(__file__).resolve().parent
# The Django admin is guarded by is_staff as a whole; admin:index stands for all of its URLs.
EXEMPT_NAMESPACES = {"admin"}
FORUM_A_ROLES = ("sekdes_a", "sekdes_b", "pengurus", "camat", "pendamping")


def body_text(response) -> str:
    """The text a person would see in the response: PDFs as text, XLSX/DOCX/ZIP as their XML
    parts, everything else decoded."""
    data = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if data.startswith(b"%PDF"):
        try:
            return pdftotext(data)
        except subprocess.CalledProcessError:  # a stored file that only looks like a PDF
            return data.decode("latin-1")
    if data.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return " ".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    return data.decode("utf-8" if "charset" not in kind else kind.split("charset=")[-1], "replace")


def _url_names(resolver: URLResolver | None = None, prefix: str = "") -> set[str]:
    resolver = resolver or get_resolver()
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            if ns in EXEMPT_NAMESPACES:
                continue
            names |= _url_names(pattern, f"{prefix}{ns}:" if ns else prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(prefix + pattern.name)
    return names


def _matrix_modules():
    for path in sorted(TESTS_DIR.glob("*/matrix.py")):
        spec = importlib.util.spec_from_file_location(f"matrix_{path.parent.name}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        yield module


MODULES = list(_matrix_modules())
CASES: dict[str, list] = {}
for _module in MODULES:
    for _name, _case in _module.CASES.items():
        assert _name not in CASES, f"{_name} has entries in two matrix files"
        CASES[_name] = _case if isinstance(_case, list) else [_case]


def test_every_url_has_an_entry():
    missing = sorted(_url_names() - set(CASES))
    assert not missing, f"URLs without an access-matrix entry: {missing}"


def test_no_stale_entries():
    stale = sorted(set(CASES) - _url_names() - {"admin:index"})
    assert not stale, f"access-matrix entries for URLs that no longer exist: {stale}"


@pytest.fixture
def matrix_world(db):
    world = build_world()
    for module in MODULES:
        if hasattr(module, "setup"):
            module.setup(world)
    return world


@pytest.mark.parametrize("url_name", sorted(CASES))
def test_url_against_every_role(url_name, matrix_world, client):
    failures = []
    for index, case in enumerate(CASES[url_name]):
        url = reverse(url_name, kwargs=case.resolve(case.kwargs, matrix_world)) + case.query
        for role in ROLES:
            user = matrix_world.users[role]
            client.logout()
            if user is not None:
                client.force_login(user)
            with transaction.atomic():
                if case.method == "post":
                    response = client.post(url, data=case.resolve(case.data, matrix_world))
                else:
                    response = client.get(url)
                transaction.set_rollback(True)
            if response.status_code != case.expect[role]:
                failures.append(f"case {index} {case.method.upper()} {url} as {role}: "
                                f"got {response.status_code}, expected {case.expect[role]}")
            elif response.status_code == 200 and role in FORUM_A_ROLES and MARKER in body_text(response):
                failures.append(f"case {index} {case.method.upper()} {url} as {role}: shows forum B's rows ({MARKER})")
    assert not failures, "\n".join(failures)
