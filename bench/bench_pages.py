"""Latency and query count of the foundation pages (directory, dashboards, village page) for a
forum of 18 and of 300 villages. Prints a table; asserts nothing.

    .venv/bin/python bench/bench_pages.py            # SQLite scratch file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fokuss_bench .venv/bin/python bench/bench_pages.py
"""

from __future__ import annotations

import statistics
import time

from _django import setup

setup(name="pages")

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from tests import factories as f  # noqa: E402
from tests.world import build_world  # noqa: E402

REPEAT = 15


def grow(world, n: int) -> None:
    from members.models import SecretaryTenure

    have = SecretaryTenure.objects.filter(village__district=world.forum_a.district).count()
    for i in range(n - have):
        village = f.VillageFactory(district=world.forum_a.district, code=f"33.02.19.{3000 + have + i}", name=f"Desa {have + i}")
        f.TenureFactory(village=village)


def measure(client: Client, path: str) -> tuple[float, int]:
    client.get(path)  # warm up
    times = []
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(path)
            times.append(time.perf_counter() - start)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(times) * 1000, len(queries)


def main() -> None:
    world = build_world()
    print(f"database: {connection.vendor}; median of {REPEAT} requests")
    print(f"{'villages':>8}  {'role':<10} {'page':<28} {'ms':>7} {'queries':>8}")
    for size in (18, 300):
        grow(world, size)
        for role, path in [("sekdes_a", "/"), ("pengurus", "/"), ("camat", "/"), ("sekdes_a", "/anggota/"),
                           ("sekdes_a", f"/desa/{world.a1.code}/")]:
            client = Client()
            client.force_login(world.users[role])
            ms, queries = measure(client, path)
            print(f"{size:>8}  {role:<10} {path:<28} {ms:>7.1f} {queries:>8}")


if __name__ == "__main__":
    main()
