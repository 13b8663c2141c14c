"""Templates ask the policy (``{% can "<action>" obj as allowed %}``); they never decide from role
flags. ``actor.is_board`` and friends are true for a role held in *any* forum, so a template that
reads them shows a board member of forum B the board's buttons in forum A."""

from pathlib import Path

from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"
ROLE_FLAGS = ("actor.is_", "is_superuser")


def _offenders() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(TEMPLATES.rglob("*")):
        if not path.is_file() or path.suffix not in (".html", ".txt", ".xml"):
            continue
        text = path.read_text(encoding="utf-8")
        lines = [f"{n}: {line.strip()[:120]}" for n, line in enumerate(text.splitlines(), 1)
                 if any(flag in line for flag in ROLE_FLAGS)]
        if lines:
            found[path.relative_to(TEMPLATES).as_posix()] = lines
    return found


def test_no_template_decides_from_role_flags():
    offenders = _offenders()
    assert not offenders, "templates reading role flags instead of {% can %}:\n" + "\n".join(
        f"{name}\n  " + "\n  ".join(lines) for name, lines in offenders.items())
