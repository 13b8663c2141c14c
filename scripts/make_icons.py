"""Draw the portal's app icons (static/icons/) with Pillow: the demo emblem's open book in a ring,
white on the theme green. Run again after changing the colours: python scripts/make_icons.py"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

GREEN = (20, 108, 67)  # #146c43, the theme colour (white on it: 6.5:1)
WHITE = (255, 255, 255)
OUT = Path(__file__).resolve().parent.parent / "static" / "icons"


def emblem(size: int, *, maskable: bool) -> Image.Image:
    scale = 4  # draw large, then downsample for smooth edges
    s = size * scale
    image = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if maskable:
        draw.rectangle((0, 0, s, s), fill=GREEN)
        content = 0.62  # inside the 80 % safe zone of maskable icons
    else:
        draw.ellipse((0, 0, s - 1, s - 1), fill=GREEN)
        content = 0.80
    c = s / 2
    r = s * content / 2
    ring = max(2, int(s * 0.035))
    draw.ellipse((c - r, c - r, c + r, c + r), outline=WHITE, width=ring)
    # The open book of the demo emblem (viewBox 200: M52 72 L100 86 L148 72 L148 128 L100 142 L52 128 Z).
    k = 2 * r * 0.9 / 200

    def pt(x: float, y: float) -> tuple[float, float]:
        return (c + (x - 100) * k, c + (y - 107) * k)

    line = max(2, int(s * 0.03))
    book = [pt(52, 72), pt(100, 86), pt(148, 72), pt(148, 128), pt(100, 142), pt(52, 128)]
    draw.polygon(book, fill=WHITE)
    draw.line([pt(100, 88), pt(100, 140)], fill=GREEN, width=line)
    for y in (92, 104, 116):
        draw.line([pt(62, y), pt(90, y + 8)], fill=GREEN, width=max(1, line // 2))
        draw.line([pt(110, y + 8), pt(138, y)], fill=GREEN, width=max(1, line // 2))
    return image.resize((size, size), Image.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        emblem(size, maskable=False).save(OUT / f"icon-{size}.png", optimize=True)
        emblem(size, maskable=True).save(OUT / f"icon-maskable-{size}.png", optimize=True)
    # iOS draws its own rounded corners and shows transparency as black: full-bleed square.
    emblem(180, maskable=True).convert("RGB").save(OUT / "apple-touch-icon.png", optimize=True)
    emblem(32, maskable=False).save(OUT / "favicon-32.png", optimize=True)
    emblem(48, maskable=False).save(OUT / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])


if __name__ == "__main__":
    main()
