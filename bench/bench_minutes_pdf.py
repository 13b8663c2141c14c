"""Render time of the minutes (notulen) PDF: a realistic 2-page document (body with two agenda
items and follow-ups on page 1, daftar hadir of 18 secretaries on page 2). Measures the context
selector + template + WeasyPrint (what finalising or downloading costs); target <= 0.5 s.
Prints figures; asserts nothing.

    .venv/bin/python bench/bench_minutes_pdf.py
"""

from __future__ import annotations

import datetime
import os
import statistics
import time

from _django import setup

setup(name="minutes-pdf")

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from tests import factories as f  # noqa: E402
from tests.world import build_world  # noqa: E402

REPEAT = 15
NAMES = ["Sri Wahyuni", "Yuliana Kartikasari", "Heru Santoso", "Endang Purwaningsih", "Rina Marlina", "Tri Wibowo",
         "Nur Hidayati", "Slamet Riyadi", "Siti Rohmah", "Wahyu Setiawan", "Ratna Sari Dewi", "Joko Susilo",
         "Lestari Handayani", "Agung Nugroho", "Puji Astuti", "Darmanto", "Eko Prasetyo", "Bambang Sutrisno"]


def build():
    from trainings import services
    from trainings.models import Attendance, Event

    world = build_world()
    tz = datetime.timezone(datetime.timedelta(hours=7))
    event = Event.objects.create(forum=world.forum_a, kind="rapat", title="Rapat Rutin FOKUSS Maret 2026",
                                 status="published", venue="Balai Desa Kalikidang",
                                 starts_at=datetime.datetime(2026, 3, 10, 9, tzinfo=tz),
                                 ends_at=datetime.datetime(2026, 3, 10, 12, tzinfo=tz))
    for i, name in enumerate(NAMES):
        village = f.VillageFactory(district=world.forum_a.district, code=f"33.02.19.{3100 + i}", name=f"Desa {i:02d}")
        user = f.TenureFactory(village=village, user__full_name=name).user
        Attendance.objects.create(event=event, person=user, village=village, position_label="Sekretaris Desa",
                                  status="hadir" if i % 6 else "izin",
                                  arrived_at=datetime.datetime(2026, 3, 10, 8, 50, tzinfo=tz))
    minutes = services.minutes_start(event=event, by=world.users["pengurus"])
    owner = world.users["sekdes_a"]
    services.minutes_save(minutes=minutes, by=world.users["pengurus"], chair=world.users["pengurus"],
                          notulis=world.users["sekdes_b"], opening="Rapat dibuka oleh Ketua dengan salam dan doa.",
                          closing="Rapat ditutup pukul 12.00 WIB.", items=[
                              {"title": "Laporan pengurus", "discussion": "Ketua menyampaikan kegiatan bulan lalu.",
                               "decision": "Laporan diterima.", "follow_ups": [
                                   {"what": "Mengirim rekap kas forum", "owner": owner, "due_on": None}]},
                              {"title": "Evaluasi laporan desa", "discussion": "Tiga desa terlambat.",
                               "decision": "Saling mengingatkan.", "follow_ups": []}])
    services.minutes_finalise(minutes=minutes, by=world.users["pengurus"],
                              now=datetime.datetime(2026, 3, 11, 9, tzinfo=tz), render=False)
    minutes.refresh_from_db()
    return minutes


def main() -> None:
    from fokuss.pdf import pdf_page_count, render_pdf
    from trainings import selectors
    from trainings.models import IssuedDocument

    minutes = build()
    document = IssuedDocument.objects.get(minutes=minutes)

    def render() -> bytes:
        from trainings.models import Minutes

        m = Minutes.objects.select_related("event__forum__district", "chair", "notulis").get(pk=minutes.pk)
        return render_pdf(template_name="pdf/trainings/notulen.html",
                          context=selectors.minutes_context(minutes=m, document=document))

    start = time.perf_counter()
    first = render()
    if os.environ.get("BENCH_PDF_OUT"):  # to look at the document: pdftoppm -png -r 60 <file> page
        with open(os.environ["BENCH_PDF_OUT"], "wb") as fh:
            fh.write(first)
    cold = time.perf_counter() - start
    times = []
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as queries:
            t = time.perf_counter()
            data = render()
            times.append(time.perf_counter() - t)
    print(f"database: {connection.vendor}; minutes PDF, {pdf_page_count(first)} pages, {len(data) / 1024:.0f} KiB, "
          f"{len(queries)} queries")
    print(f"first render (cold, fonts loaded): {cold:.3f} s")
    print(f"median of {REPEAT}: {statistics.median(times):.3f} s; min {min(times):.3f} s; max {max(times):.3f} s "
          f"(target <= 0.5 s)")


if __name__ == "__main__":
    main()
