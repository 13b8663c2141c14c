"""Render time of an A4 page with 4 charts (line, grouped bars, stacked bars, stage bars):
the SVG helper alone, then the whole page as a draft PDF and as an official PDF (tagged PDF/A-3b
with an embedded XLSX). Median of 5 runs after one warm-up (fonts). Needs no database.
Prints figures; asserts nothing.

    .venv/bin/python bench/bench_charts_pdf.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fokuss.settings.test")

import django  # noqa: E402

django.setup()

from django.utils import translation  # noqa: E402

from fokuss.charts import Series, bar_chart, line_chart, stacked_bar_chart, stage_bars  # noqa: E402
from fokuss.pdf import html_to_pdf, pdf_page_count  # noqa: E402

REPEAT = 5
QUARTERS = [f"{year} T{q}" for year in (2025, 2026) for q in (1, 2, 3, 4)]
COMPETENCIES = [
    "Penyusunan RKPDes",
    "Penyusunan APBDes",
    "Administrasi umum",
    "Administrasi kependudukan",
    "Pelayanan publik",
    "Pengelolaan aset desa",
    "Pelaporan",
    "Kearsipan",
]


def charts() -> list[str]:
    return [
        line_chart(
            title="Ketepatan waktu penyampaian laporan",
            series=[
                Series("Forum", list(zip(QUARTERS, [55, 60, 62.5, 70, 72, None, 80, 85], strict=True))),
                Series("Kecamatan", list(zip(QUARTERS, [50, 52, 58, 61, 66, 70, 71, 75], strict=True))),
            ],
        ),
        bar_chart(
            title="Sebaran nilai sekretaris desa",
            categories=["A", "B", "C"],
            series=[
                Series("Semester ini", [("A", 6), ("B", 9), ("C", 3)]),
                Series("Semester lalu", [("A", 4), ("B", 8), ("C", 6)]),
            ],
        ),
        stacked_bar_chart(
            title="Tingkat kompetensi per kompetensi",
            categories=COMPETENCIES,
            stacks=[
                Series(f"Tingkat {level}", [(c, (i + level * 3) % 7) for i, c in enumerate(COMPETENCIES)])
                for level in (1, 2, 3, 4)
            ],
        ),
        stage_bars(
            title="Rencana pendampingan per tahap",
            stages=[
                ("Penyadaran", 5),
                ("Transformasi kemampuan", 8),
                ("Peningkatan kemampuan intelektual", 4),
                ("Kemandirian", 2),
            ],
        ),
    ]


def page(svgs: list[str]) -> str:
    cells = "".join(
        f'<div style="width:8.4cm;display:inline-block;vertical-align:top;margin:0 0.2cm 0.4cm 0">{s}</div>'
        for s in svgs
    )
    return (
        '<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Grafik kapasitas</title>'
        '<link rel="stylesheet" href="css/pdf-base.css"></head><body>'
        f'<div class="judul">Grafik Perkembangan Kapasitas</div>{cells}</body></html>'
    )


def median_seconds(fn) -> float:
    fn()  # warm-up: font loading, imports
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    translation.activate("id")
    html = page(charts())
    xlsx = b"PK\x03\x04" + b"0" * 20_000
    svg_s = median_seconds(charts)
    draft_s = median_seconds(lambda: html_to_pdf(html=html))
    official_s = median_seconds(
        lambda: html_to_pdf(
            html=html,
            official=True,
            author="FOKUSS",
            subject="Grafik",
            attachments=[("angka.xlsx", xlsx, "Angka")],
        )
    )
    pages = pdf_page_count(html_to_pdf(html=html))
    print(f"4 charts, SVG only        : {svg_s * 1000:7.1f} ms (median of {REPEAT})")
    print(f"A4 page, draft PDF        : {draft_s * 1000:7.1f} ms ({pages} page)")
    print(f"A4 page, official PDF/A-3b: {official_s * 1000:7.1f} ms (tagged, 20 kB XLSX embedded)")


if __name__ == "__main__":
    main()
