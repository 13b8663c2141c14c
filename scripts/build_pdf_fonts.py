"""Build the fonts of the PDF documents (static/fonts/Naskah*.ttf) from Liberation 2.

    .venv/bin/python scripts/build_pdf_fonts.py [SOURCE_DIR]

SOURCE_DIR holds LiberationSerif-{Regular,Bold,Italic,BoldItalic}.ttf and
LiberationSans-{Regular,Bold}.ttf (default: Debian's fonts-liberation2,
/usr/share/fonts/truetype/liberation2).

Why: WeasyPrint subsets every embedded font on every PDF it writes, and the cost grows with the
font's glyph and layout tables. The full Liberation fonts (400 KB each: Latin, Greek, Cyrillic,
Hebrew, with hinting) made that about a quarter of the capacity report's render time. The documents
are Indonesian: Latin with Latin-1 and Latin Extended-A, typographic punctuation, arrows and a few
math signs cover them (anything else still falls back to the system's fonts). Kerning and
ligatures are kept; hinting is dropped (PDF viewers do not use it).

The Open Font License reserves the names "Liberation", "Arimo" and "Tinos" for the original
fonts, so the subsets carry the names the stylesheet already uses: "Naskah Serif" and
"Naskah Sans" (licence: static/fonts/LICENSE-Liberation-OFL.txt).
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "static" / "fonts"
DEFAULT_SOURCE = Path("/usr/share/fonts/truetype/liberation2")

UNICODES = (
    "U+0020-007E,U+00A0-017F,"  # Basic Latin, Latin-1, Latin Extended-A
    "U+2010-2027,U+2030-203A,"  # dashes, quotes, bullet, ellipsis, per mille, guillemets
    "U+20AC,U+2122,U+2190-2193,U+2212,U+2264-2265,U+FFFD"
)

FONTS = {  # source file -> (family, style, target file)
    "LiberationSerif-Regular.ttf": ("Naskah Serif", "Regular", "NaskahSerif-Regular.ttf"),
    "LiberationSerif-Bold.ttf": ("Naskah Serif", "Bold", "NaskahSerif-Bold.ttf"),
    "LiberationSerif-Italic.ttf": ("Naskah Serif", "Italic", "NaskahSerif-Italic.ttf"),
    "LiberationSerif-BoldItalic.ttf": ("Naskah Serif", "Bold Italic", "NaskahSerif-BoldItalic.ttf"),
    "LiberationSans-Regular.ttf": ("Naskah Sans", "Regular", "NaskahSans-Regular.ttf"),
    "LiberationSans-Bold.ttf": ("Naskah Sans", "Bold", "NaskahSans-Bold.ttf"),
}


def rename(font: TTFont, family: str, style: str) -> None:
    """Give the subset its own names (OFL: no reserved font name on a modified version)."""
    full = f"{family} {style}" if style != "Regular" else family
    postscript = f"{family.replace(' ', '')}-{style.replace(' ', '')}"
    names = {1: family, 2: style, 3: f"{postscript};subset of Liberation 2", 4: full, 6: postscript,
             16: family, 17: style}
    table = font["name"]
    table.names = [n for n in table.names if n.nameID not in names and n.nameID not in (18, 21, 22)]
    for name_id, value in names.items():
        table.setName(value, name_id, 3, 1, 0x409)  # Windows, Unicode BMP, English (US)
        table.setName(value, name_id, 1, 0, 0)  # Macintosh, Roman, English


def build(source: Path) -> None:
    options = subset.Options()
    options.layout_features = ["kern", "liga"]
    options.hinting = False
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    unicodes = subset.parse_unicodes(UNICODES)
    for src, (family, style, target) in FONTS.items():
        font = TTFont(source / src)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=unicodes)
        subsetter.subset(font)
        rename(font, family, style)
        font.save(TARGET / target)
        print(f"{target}: {(TARGET / target).stat().st_size:,} bytes")


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SOURCE)
