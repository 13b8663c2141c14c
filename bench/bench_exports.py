"""Time of a 300-village obligations-matrix XLSX export (the whole request: session, actor,
selector, workbook), with 17 obligations and a year of deadlines (monthly ones: 12 per village),
and the same as CSV. Median of 5 runs after one warm-up; prints the exact query count too.
Target: <= 2 s for the XLSX. Prints figures; asserts nothing.

    .venv/bin/python bench/bench_exports.py
"""

from __future__ import annotations

import datetime
import statistics
import time

from _django import setup

REPEAT = 5
VILLAGES = 300


def main() -> None:
    setup(name="exports")
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from members.models import SecretaryTenure, User, Village
    from obligations import services as obligation_services
    from tests import factories as f

    district = f.DistrictFactory(code="33.02.19", name="Sokaraja")
    forum = f.ForumFactory(district=district, short_name="FOKUSS")
    Village.objects.bulk_create(Village(district=district, code=f"33.02.19.{2001 + i}", name=f"Desa {i:03d}")
                                for i in range(VILLAGES))
    villages = list(Village.objects.filter(district=district))
    users = User.objects.bulk_create(User(email=f"sekdes{i}@bench.test", full_name=f"Sekdes {i:03d}")
                                     for i in range(VILLAGES))
    SecretaryTenure.objects.bulk_create(SecretaryTenure(user=u, village=v, started_on=datetime.date(2015, 1, 1))
                                        for u, v in zip(users, villages, strict=True))
    board = f.BoardPositionFactory(forum=forum, user=users[0]).user
    obligation_services.obligations_seed(forum=forum)
    year = datetime.date.today().year
    created = obligation_services.deadlines_generate(forum=forum, year=year)
    client = Client()
    client.force_login(board)
    url = reverse("obligations:matrix")

    for fmt in ("xlsx", "csv"):
        client.get(url, {"tahun": year, "format": fmt})  # warm-up
        times = []
        for _ in range(REPEAT):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url, {"tahun": year, "format": fmt})
                times.append(time.perf_counter() - start)
            assert response.status_code == 200, response.status_code
        print(f"matrix {fmt.upper():4} {VILLAGES} villages, {created} deadlines: median {statistics.median(times):.3f} s "
              f"(min {min(times):.3f}, max {max(times):.3f}), {len(queries)} queries, {len(response.content):,} bytes"
              + ("  [target <= 2 s]" if fmt == "xlsx" else ""))


if __name__ == "__main__":
    main()
