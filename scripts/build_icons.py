"""Build the served Bootstrap Icons from the full vendored set, keeping only the icons the
templates use: static/vendor/bootstrap-icons/bootstrap-icons.min.css (the @font-face, the shared
.bi rule and one rule per used icon) and fonts/bootstrap-icons.woff2 (a subset of the font).

    .venv/bin/python scripts/build_icons.py          # after adding an icon (class "bi bi-<name>")
    .venv/bin/python scripts/build_icons.py --check  # exit 1 when the built files are stale

The full set (npm bootstrap-icons, unmodified) stays in assets/bootstrap-icons/, outside the static
folders, so it is never collected or served. tests/fokuss/test_static.py fails when a template
uses an icon the built CSS lacks.
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "assets" / "bootstrap-icons"
TARGET = ROOT / "static" / "vendor" / "bootstrap-icons"
TEMPLATE_DIRS = [ROOT / "templates", *ROOT.glob("*/templates")]
ICON_CLASS = re.compile(r"\bbi-([a-z0-9]+(?:-[a-z0-9]+)*)")
RULE = re.compile(r'\.bi-([a-z0-9-]+)::before\{content:"\\([0-9a-f]+)"\}')


def used_icons() -> set[str]:
    names: set[str] = set()
    for folder in TEMPLATE_DIRS:
        for path in folder.rglob("*.html"):
            names |= set(ICON_CLASS.findall(path.read_text(encoding="utf-8")))
    return names


def build() -> tuple[str, bytes]:
    css = (SOURCE / "bootstrap-icons.min.css").read_text(encoding="utf-8")
    codepoints = {name: int(code, 16) for name, code in RULE.findall(css)}
    unknown = sorted(used_icons() - set(codepoints))
    if unknown:
        raise SystemExit(f"not a Bootstrap Icons name: {', '.join(unknown)}")
    used = sorted(used_icons())
    header = css[: css.index("*/") + 2]
    shared = re.search(r"\.bi::before,[^{]+\{[^}]+\}", css).group(0)
    rules = "".join(f'.bi-{name}::before{{content:"\\{codepoints[name]:x}"}}' for name in used)
    font_face = ('@font-face{font-display:block;font-family:bootstrap-icons;'
                 'src:url("fonts/bootstrap-icons.woff2") format("woff2")}')
    note = f"\n/* Subset: {len(used)} icons used by the templates (scripts/build_icons.py) */\n"
    out_css = header + note + font_face + shared + rules + "\n"

    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]  # keep the licence and copyright names
    font = TTFont(SOURCE / "fonts" / "bootstrap-icons.woff2")
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=[codepoints[name] for name in used])
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.flavor = "woff2"
    font.save(buffer, reorderTables=False)
    return out_css, buffer.getvalue()


def main() -> int:
    css, font = build()
    css_path = TARGET / "bootstrap-icons.min.css"
    font_path = TARGET / "fonts" / "bootstrap-icons.woff2"
    if "--check" in sys.argv:
        current = css_path.read_text(encoding="utf-8") if css_path.exists() else ""
        if current != css or not font_path.exists():
            print("static/vendor/bootstrap-icons is stale: run scripts/build_icons.py")
            return 1
        return 0
    font_path.parent.mkdir(parents=True, exist_ok=True)
    css_path.write_text(css, encoding="utf-8")
    font_path.write_bytes(font)
    (TARGET / "LICENSE").write_text((SOURCE / "LICENSE").read_text(encoding="utf-8"), encoding="utf-8")
    print(f"{css_path.relative_to(ROOT)}: {len(css)} bytes; {font_path.relative_to(ROOT)}: {len(font)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
