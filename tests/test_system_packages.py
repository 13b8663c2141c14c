"""`make test` on a fresh machine: the Debian packages the suite needs are installed first, or
it stops before any test with one line naming them and the command that installs them."""

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(args, **env):
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "SYSTEM_PACKAGES_NO_INSTALL": "1", **env})


def test_a_missing_package_stops_with_one_line_saying_how():
    result = _run(["scripts/system-packages"], SYSTEM_PACKAGES_ASSUME_MISSING="chromium poppler-utils")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "chromium poppler-utils" in lines[0]
    assert "apt-get install -y --no-install-recommends chromium poppler-utils" in lines[0]


def test_make_test_stops_before_running_any_test():
    result = _run(["make", "--no-print-directory", "test", "PYTEST_ARGS=--collect-only -q"],
                  SYSTEM_PACKAGES_ASSUME_MISSING="chromium")
    assert result.returncode != 0
    assert "Missing Debian packages: chromium;" in result.stderr
    assert "pytest" not in result.stdout and "collected" not in result.stdout


def test_nothing_missing_passes_quietly():
    result = _run(["scripts/system-packages"])
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_ci_calls_the_same_step():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "scripts/system-packages" in ci
    assert "apt-get" not in ci
