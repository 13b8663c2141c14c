"""Run every benchmark script (bench/bench_*.py) one after another, each in its own process, and
print its figures under a heading. `make bench`; the load benchmark (`make bench-load`) needs wrk,
gunicorn, PostgreSQL and Redis and is run on its own. A script that fails is reported and the
others still run; the exit status says whether all of them finished.

    .venv/bin/python bench/run_all.py [name ...]     # e.g. run_all.py exports sweep
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def scripts(names: list[str]) -> list[Path]:
    found = sorted(HERE.glob("bench_*.py"))
    if not names:
        return found
    wanted = {n.removeprefix("bench_").removesuffix(".py") for n in names}
    return [p for p in found if p.stem.removeprefix("bench_") in wanted]


def main() -> int:
    failed = []
    for script in scripts(sys.argv[1:]):
        print(f"\n=== {script.stem} ===", flush=True)
        started = time.perf_counter()
        result = subprocess.run([sys.executable, str(script)], cwd=HERE, check=False)
        print(f"--- {script.stem}: exit {result.returncode}, {time.perf_counter() - started:.1f} s", flush=True)
        if result.returncode:
            failed.append(script.stem)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
