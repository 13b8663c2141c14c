"""The reports' targets (issue 14), on synthetic data; prints figures, asserts nothing.

1. The 18-village capacity report of a year with its charts and lampiran (one profile page per
   village): figures + charts + PDF, as a draft and as the official PDF/A-3b with the XLSX
   embedded (what the issuing task renders). Median of 3 after a warm-up. Target <= 1.5 s.
2. The Banyumas roll-up, 331 villages in 27 kecamatan forums, rendered in the background: the
   body of the Celery task reports.tasks.report_file_render (figures, chart, PDF, storage,
   notification). Median of 3. Target <= 20 s.
3. The capacity report's per-village table as XLSX at 300 villages, the whole request (session,
   actor, selector, workbook, audit row), and the report's figure workbook (.xlsx address).
   Median of 5. Target <= 2 s.

    .venv/bin/python bench/bench_reports.py    (BENCH_REPORTS_PARTS=23 skips part 1)
"""

from __future__ import annotations

import datetime
import os
import random
import statistics
import time

from _django import setup

FOUNDED = datetime.date(2017, 1, 17)


def _median(fn, repeat: int) -> tuple[float, float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), max(times)


def _forum(*, code: str, name: str, villages: int, regency, years: range, assess: bool):
    """A forum with ``villages`` villages, a secretary each, the obligation calendar's deadlines of
    ``years`` (two thirds kept on time), a training per quarter with attendance, and (``assess``)
    validated levels in every competency."""
    from django.db.models import F

    from competency.models import Assessment
    from members.models import SecretaryTenure, User, Village
    from obligations import services as obligation_services
    from obligations.models import Deadline
    from tests import factories as f
    from tests.competency.factories import RoundFactory
    from tests.trainings.factories import EventFactory, wib
    from trainings.models import Attendance

    district = f.DistrictFactory(code=code, name=name, regency=regency)
    forum = f.ForumFactory(district=district, short_name=f"FORUM {name.upper()}", founded_on=FOUNDED)
    Village.objects.bulk_create(Village(district=district, code=f"{code}.{2001 + i}", name=f"{name} Desa {i + 1:03d}")
                                for i in range(villages))
    rows = list(Village.objects.filter(district=district).order_by("code"))
    users = User.objects.bulk_create(User(email=f"sekdes.{code}.{i}@bench.test", full_name=f"Sekdes {name} {i + 1:03d}")
                                     for i in range(villages))
    SecretaryTenure.objects.bulk_create(SecretaryTenure(user=u, village=v, started_on=datetime.date(2015, 1, 1))
                                        for u, v in zip(users, rows, strict=True))
    board = f.BoardPositionFactory(forum=forum, user=users[0]).user
    obligation_services.obligations_seed(forum=forum)
    for year in years:
        obligation_services.deadlines_generate(forum=forum, year=year)
    today = datetime.date.today()
    # earlier years: everything handed in, one in three late; this year: one in six still open
    due = Deadline.objects.filter(forum=forum, due_on__lt=today)
    pks = list(due.values_list("pk", "due_on"))
    Deadline.objects.filter(pk__in=[pk for pk, _d in pks if pk % 3]).update(state="terverifikasi",
                                                                             completed_on=F("due_on"))
    Deadline.objects.filter(pk__in=[pk for pk, d in pks if not pk % 3 and (d.year < today.year or pk % 2)]).update(
        state="terverifikasi", completed_on=F("due_on") + datetime.timedelta(days=5))
    rng = random.Random(code)
    for year in years:
        for month in (2, 5, 8, 11):
            if datetime.date(year, month, 20) >= today:
                continue
            event = EventFactory(forum=forum, starts_at=wib(year, month, 20, 9), ends_at=wib(year, month, 20, 15))
            Attendance.objects.bulk_create(
                Attendance(event=event, person=u, village=v, status=rng.choice(["hadir", "hadir", "hadir", "alpa", "izin"]))
                for u, v in zip(users, rows, strict=True))
    if assess:
        from competency.services import framework_load_seed

        framework = framework_load_seed()
        competencies = list(framework.competencies.all())
        round_ = RoundFactory(forum=forum, framework=framework, starts_on=datetime.date(today.year, 1, 10))
        Assessment.objects.bulk_create(
            Assessment(forum=forum, person=u, village=v, competency=c, level=rng.randint(1, 4), round=round_,
                       method=Assessment.Method.choices[0][0], assessor=u, status=Assessment.Status.VALIDATED,
                       assessed_on=round_.starts_on)
            for u, v in zip(users, rows, strict=True) for c in competencies)
    return forum, board


def main() -> None:
    setup(name="reports")
    import tempfile

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from fokuss.pdf import pdf_page_count, render_pdf
    from members.models import Regency, Village
    from reports import selectors, services
    from reports.models import ReportFile
    from tests import factories as f

    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="fokuss-bench-media-")
    today = datetime.date.today()
    years = range(2017, today.year + 1)
    banyumas = Regency.objects.filter(code="33.02").first() or f.RegencyFactory(code="33.02", name="Banyumas")

    # 1. The 18-village capacity report --------------------------------------------------------
    start = time.perf_counter()
    sokaraja, board = _forum(code="33.02.19", name="Sokaraja", villages=18, regency=banyumas, years=years, assess=True)
    print(f"data: 18 villages, deadlines and trainings {years.start}-{years.stop - 1} "
          f"({time.perf_counter() - start:.1f} s to build)")
    period = selectors.Period(today.year)

    def draft() -> bytes:
        with translation.override("id"):
            figures = selectors.capacity_figures(forum=sokaraja, period=period, today=today)
            context = selectors.capacity_document_context(figures=figures, report=None, today=today)
            return render_pdf(template_name="pdf/reports/kapasitas.html", context=context)

    def official() -> bytes:
        with translation.override("id"):
            figures = selectors.capacity_figures(forum=sokaraja, period=period, today=today)
            xlsx = selectors.capacity_xlsx(figures)
            context = selectors.capacity_document_context(figures=figures, report=None, today=today)
            return render_pdf(template_name="pdf/reports/kapasitas.html", context=context, official=True,
                              title="Laporan Perkembangan Kapasitas Sekretaris Desa", author=sokaraja.name,
                              subject=period.label, attachments=[("angka.xlsx", xlsx, "Angka laporan")])

    parts = os.environ.get("BENCH_REPORTS_PARTS", "123")  # e.g. "23": skip the capacity PDF
    pages = pdf_page_count(draft()) if "1" in parts else 0  # warm-up (fonts)
    for label, fn in (("draft PDF", draft), ("official PDF/A-3b + XLSX", official)) if "1" in parts else ():
        median, lo, hi = _median(fn, 3)
        print(f"capacity report {period.key}, 18 villages, 4 charts, {pages} pages (lampiran: 18 profiles), {label}: "
              f"median {median:.3f} s (min {lo:.3f}, max {hi:.3f})  [target <= 1.5 s]")

    # 2. The Banyumas roll-up: 331 villages in 27 forums, in the background ---------------------
    start = time.perf_counter()
    sizes = [18] + [12] * 25 + [13]  # 27 forums, 331 villages
    assert len(sizes) == 27 and sum(sizes) == 331
    for i, size in enumerate(sizes[1:], start=1):
        _forum(code=f"33.02.{40 + i:02d}", name=f"Kecamatan {i:02d}", villages=size, regency=banyumas,
               years=range(today.year, today.year + 1), assess=True)
    staff = f.KabupatenStaffFactory(regency=banyumas).user
    forum_ids = list(sokaraja.__class__.objects.filter(district__regency=banyumas).values_list("pk", flat=True))
    n_villages = Village.objects.filter(district__regency=banyumas).count()
    print(f"data: {len(forum_ids)} forums, {n_villages} villages ({time.perf_counter() - start:.1f} s to build)")
    times, queries = [], 0
    for _ in range(3):
        report = services.kabupaten_report_request(forum=sokaraja, year=today.year, by=staff, forum_ids=forum_ids)
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            report = services.report_file_render(file_id=report.pk)
            times.append(time.perf_counter() - start)
        queries = len(captured)
        assert report.status == ReportFile.Status.READY
    print(f"kabupaten roll-up PDF, {len(forum_ids)} forums / {n_villages} villages, task body: median "
          f"{statistics.median(times):.3f} s (min {min(times):.3f}, max {max(times):.3f}), {queries} queries, "
          f"{report.file.size:,} bytes  [target <= 20 s]")

    # 3. 300-village XLSX ----------------------------------------------------------------------
    big, big_board = _forum(code="33.02.99", name="Besar", villages=300, regency=banyumas,
                            years=range(today.year, today.year + 1), assess=True)
    client = Client()
    client.force_login(big_board)
    session = client.session
    session["forum_id"] = big.pk
    session.save()
    for label, url, query in (("per-village table export (?format=xlsx)", "/laporan/kapasitas/",
                               {"periode": period.key, "format": "xlsx"}),
                              ("figure workbook (.xlsx)", f"/laporan/kapasitas/{period.key}.xlsx", {})):
        client.get(url, query)  # warm-up
        times = []
        for _ in range(5):
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get(url, query)
                times.append(time.perf_counter() - start)
            assert response.status_code == 200, response.status_code
        print(f"capacity {label}, 300 villages: median {statistics.median(times):.3f} s (min {min(times):.3f}, "
              f"max {max(times):.3f}), {len(captured)} queries, {len(response.content):,} bytes  [target <= 2 s]")


if __name__ == "__main__":
    main()
