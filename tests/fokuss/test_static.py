"""Served static files: the Bootstrap Icons subset covers every icon the templates use, and
production serves hashed, compressed files."""

import importlib.util
import re
from pathlib import Path

from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[2]
ICONS = ROOT / "static" / "vendor" / "bootstrap-icons"


def _build_icons():
    spec = importlib.util.spec_from_file_location("build_icons", ROOT / "scripts" / "build_icons.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_icon_used_in_a_template_is_in_the_served_subset():
    used = _build_icons().used_icons()
    assert "bell" in used  # the navbar bell: the scan does find icons
    css = (ICONS / "bootstrap-icons.min.css").read_text()
    served = dict(re.findall(r'\.bi-([a-z0-9-]+)::before\{content:"\\([0-9a-f]+)"\}', css))
    missing = sorted(used - set(served))
    assert not missing, f"run scripts/build_icons.py: icons missing from the subset: {missing}"
    cmap = TTFont(ICONS / "fonts" / "bootstrap-icons.woff2").getBestCmap()
    assert not [name for name in used if int(served[name], 16) not in cmap]


def test_the_full_icon_set_is_not_served():
    assert not (ICONS / "fonts" / "bootstrap-icons.woff").exists()
    assert (ICONS / "fonts" / "bootstrap-icons.woff2").stat().st_size < 20_000
    assert not list(ROOT.glob("static/**/bootstrap-icons.svg"))


def test_production_stores_hashed_compressed_static_files():
    text = (ROOT / "fokuss" / "settings" / "prod.py").read_text()
    assert "whitenoise.storage.CompressedManifestStaticFilesStorage" in text
    import brotli  # noqa: F401  (whitenoise writes .br files only when brotli is importable)
