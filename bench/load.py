"""Load benchmark: gunicorn with production settings on PostgreSQL and Redis, every main page hit
by wrk at 32 concurrent connections with a real session per role.

    make bench-load                    # or: .venv/bin/python bench/load.py
    BENCH_SECONDS=10 make bench-load

Environment (all optional):
    DATABASE_URL        postgres://postgres@127.0.0.1:5432/fokuss_bench (created, migrated and
                        seeded with the demo data when missing)
    REDIS_URL           redis://127.0.0.1:6379/3
    BENCH_SECONDS       15      wrk duration per page
    BENCH_WARMUP        2       wrk warm-up seconds per page (not measured)
    BENCH_CONNECTIONS   32
    BENCH_THREADS       2       wrk threads
    BENCH_PORT          8765
    BENCH_TIMEOUT       10s     wrk's request timeout (a timed-out request counts as an error)
    BENCH_WORKERS       gunicorn workers when the repository has no gunicorn.conf.py (default 5);
                        with gunicorn.conf.py set WEB_CONCURRENCY / GUNICORN_THREADS instead
    BENCH_GUNICORN_ARGS extra gunicorn arguments, e.g. "--worker-class gthread --threads 4"
    BENCH_PAGES         comma-separated labels to run only some pages
    BENCH_PREPARE       0 skips migrate / collectstatic / seed_demo (a second run on the same database)
    BENCH_BROWSERS      32      browsers per role: each its own session and CSRF cookie, so each has
                                its own entry in the page cache, as 32 people would; wrk's
                                requests go round them
    BENCH_NATIONAL      1 loads bench/national_data.py beside the demo forum (7,285 forums, 75,266
                        villages with their secretaries, 2.1 million deadlines; once, into
                        fokuss_bench_national by default) extended with assessments, trainings,
                        attendance and deliveries, and the kabupaten account's Banyumas
                        grown to its real 27 forums and 331 villages: the forum pages are still
                        the demo forum's
    BENCH_WRITE_EVERY   0       seconds between two writes to the demo forum during each page's run
                                (its data version bumped, as any service write does): every browser's
                                next page is rendered afresh. 0: no writes

Prints one table: page, req/s, p50/p95/p99 (ms), errors (non-2xx/3xx and socket errors), ratio to
the trivial view, queries per page (measured once in-process through the test client, rendered and
from the page cache) and the RSS of every gunicorn worker after the run. Asserts nothing; it is not
a test.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import shlex
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import load_data

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
BIN = Path(PYTHON).parent

SECONDS = int(os.environ.get("BENCH_SECONDS", "15"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "2"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
WRK_THREADS = int(os.environ.get("BENCH_THREADS", "2"))
PORT = int(os.environ.get("BENCH_PORT", "8765"))
TIMEOUT = os.environ.get("BENCH_TIMEOUT", "10s")  # wrk drops slower responses from the latencies
NATIONAL = os.environ.get("BENCH_NATIONAL", "") == "1"
ONLY = {p.strip() for p in os.environ.get("BENCH_PAGES", "").split(",") if p.strip()}
BROWSERS = max(1, int(os.environ.get("BENCH_BROWSERS", "32")))
WRITE_EVERY = float(os.environ.get("BENCH_WRITE_EVERY", "0"))

ENV = {
    "DJANGO_SETTINGS_MODULE": "fokuss.settings.prod",
    "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/fokuss_bench"
                                   + ("_national" if NATIONAL else "")),
    "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/3"),
    "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret-key-0123456789abcdef-not-for-production"),
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "SECURE_SSL_REDIRECT": "false",
    "STATIC_ROOT": str(ROOT / "var" / "bench-static"),
    "BENCH_HELLO": "true",
    "LOG_LEVEL": "WARNING",
}
os.environ.update(ENV)

# The round of browsers (a request() function costs wrk some speed: anonymous pages go without).
WRK_BROWSERS = """
cookies = {__COOKIES__}
counter = 0
request = function()
  counter = counter % #cookies + 1
  wrk.headers["Cookie"] = cookies[counter]
  return wrk.format()
end
"""
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH %d %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), e.status,
    e.connect + e.read + e.write + e.timeout))
end
"""

ACCOUNTS = {
    "sekdes": "sekdes@fokuss.test",
    "ketua": "ketua@fokuss.test",
    "camat": "camat@fokuss.test",
    "pendamping": "pendamping@fokuss.test",
    "kabupaten": "kabupaten@fokuss.test",
}


@dataclass
class Page:
    label: str
    role: str | None  # None: anonymous
    names: tuple[str, ...]  # URL names tried in order (apps move; the first that reverses wins)
    fallback: str = ""  # a path used when no name reverses
    kwargs: str = ""  # which object the URL needs: "village", "event", "person"


PAGES = [
    Page("trivial view", None, (), "/bench-hello"),
    Page("dashboard sekdes", "sekdes", ("members:dashboard",), "/"),
    Page("dashboard ketua", "ketua", ("members:dashboard",), "/"),
    Page("dashboard camat", "camat", ("members:dashboard",), "/"),
    Page("dashboard pendamping", "pendamping", ("members:dashboard",), "/"),
    Page("dashboard kabupaten", "kabupaten", ("members:dashboard",), "/"),
    Page("my deadlines", "sekdes", ("obligations:my_deadlines", "reports:my_deadlines"), "/laporan/"),
    Page("matrix", "ketua", ("obligations:matrix", "reports:matrix"), "/laporan/matriks/"),
    Page("not submitted", "ketua", ("obligations:missing", "reports:missing"), "/laporan/belum-kirim/"),
    Page("heatmap", "ketua", ("competency:heatmap",), "/kompetensi/"),
    Page("competency profile", "ketua", ("reports:person_profile", "competency:profile"), kwargs="person"),
    Page("directory", "ketua", ("members:directory",), "/anggota/"),
    Page("village page", "ketua", ("reports:village_profile",), kwargs="village"),
    Page("event list", "ketua", ("trainings:event_list",), "/kegiatan/"),
    Page("event detail", "ketua", ("trainings:event_detail",), kwargs="event"),
    Page("mentoring list", "ketua", ("mentoring:index",), "/pendampingan/"),
    Page("capacity report", "ketua", ("reports:capacity",), "/laporan/kapasitas/"),
    Page("kabupaten roll-up", "kabupaten", ("reports:kabupaten",), "/laporan/kabupaten/"),
    Page("healthz", None, ("healthz",), "/healthz"),
]


def resolve(page: Page) -> str:
    from django.urls import NoReverseMatch, reverse

    kwargs = {}
    if page.kwargs:
        from competency.models import Assessment
        from members.models import SecretaryTenure
        from trainings.models import Event

        if page.kwargs == "village":
            tenure = SecretaryTenure.objects.filter(user__email=ACCOUNTS["sekdes"], ended_on__isnull=True).first()
            kwargs = {"code": tenure.village.code}
        elif page.kwargs == "event":
            event = Event.objects.order_by("-starts_at").first()
            kwargs = {"pk": event.pk}
        elif page.kwargs == "person":
            person = Assessment.objects.values_list("person_id", flat=True).order_by("person_id").first()
            kwargs = {"person_id": person}
    for name in page.names:
        try:
            return reverse(name, kwargs=kwargs or None)
        except NoReverseMatch:
            continue
    if not page.fallback:
        raise SystemExit(f"{page.label}: none of {page.names} reverses")
    return page.fallback


def count_queries(path: str, browser: str | None) -> tuple[int, str]:
    """Queries of the page rendered (after a write moved the data versions) and from the page cache."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from fokuss.cache import forum_version_bump

    client = Client()
    for part in (browser.split("; ") if browser else []):
        name, value = part.split("=", 1)
        client.cookies[name] = value
    client.get(path)  # first request warms per-process caches
    forum_version_bump(None)  # the shared version: every forum's pages render afresh
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        counts.append(len(ctx.captured_queries))
    return response.status_code, f"{counts[0]} / {counts[1]}"


def http_status(path: str, browser: str | None) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    headers = {"Cookie": browser} if browser else {}
    conn.request("GET", path, headers=headers)
    status = conn.getresponse().status
    conn.close()
    return status


def start_gunicorn() -> subprocess.Popen:
    bind = f"127.0.0.1:{PORT}"
    if (ROOT / "gunicorn.conf.py").exists():
        cmd = [str(BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"), "--bind", bind]
    else:
        cmd = [str(BIN / "gunicorn"), "--bind", bind, "--workers", os.environ.get("BENCH_WORKERS", "5")]
    cmd += shlex.split(os.environ.get("BENCH_GUNICORN_ARGS", "")) + ["fokuss.wsgi:application"]
    print("$", " ".join(cmd), flush=True)
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ}, start_new_session=True)
    for _ in range(120):
        try:
            if http_status("/bench-hello", None) == 200:
                return proc
        except OSError:
            pass
        if proc.poll() is not None:
            raise SystemExit("gunicorn exited")
        time.sleep(0.5)
    stop(proc)
    raise SystemExit("gunicorn did not answer /bench-hello within 60 s")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def worker_rss_mb(master: int) -> list[float]:
    rss = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        ppid = re.search(r"^PPid:\s+(\d+)", text, re.M)
        vm = re.search(r"^VmRSS:\s+(\d+) kB", text, re.M)
        if ppid and vm and int(ppid.group(1)) == master:
            rss.append(int(vm.group(1)) / 1024)
    return sorted(rss)


def fetch(path: str, session_key: str | None, encoding: str) -> tuple[int, bytes, str]:
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    headers = {"Accept-Encoding": encoding}
    if session_key:
        headers["Cookie"] = session_key
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return len(body), body, response.getheader("Content-Encoding") or ""


def first_load(path: str, session_key: str | None, encoding: str) -> tuple[int, list[str]]:
    """Bytes a browser with an empty cache downloads for one page: the HTML, its stylesheets and
    scripts, and the woff2 fonts those stylesheets use (response bodies as sent, compressed when
    the server compresses)."""
    import gzip

    size, _, _ = fetch(path, session_key, encoding)
    _, html, _ = fetch(path, session_key, "identity")
    text = html.decode()
    assets = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', text)
    assets += re.findall(r'<script[^>]+src="([^"]+)"', text)
    total, files = size, [f"{path} {size}"]
    for asset in list(assets):
        n, body, sent = fetch(asset, None, encoding)
        total += n
        files.append(f"{asset} {n}{' ' + sent if sent else ''}")
        if asset.split("?")[0].endswith(".css"):
            css = gzip.decompress(body).decode() if sent == "gzip" else fetch(asset, None, "identity")[1].decode()
            base = asset.rsplit("/", 1)[0]
            for font in re.findall(r'url\("?([^")]+\.woff2[^")]*)"?\)', css):
                url = font if font.startswith("/") else f"{base}/{font}"
                n = fetch(url.split("?")[0], None, encoding)[0]
                total += n
                files.append(f"{url} {n}")
    return total, files


def wrk(path: str, browsers: list[str], seconds: int) -> dict:
    """wrk on one page, its requests going round the browsers (none: anonymous)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        if browsers:
            f.write(WRK_BROWSERS.replace("__COOKIES__", ", ".join(f'"{b}"' for b in browsers)))
        f.write(WRK_SCRIPT)
    cmd = ["wrk", f"-t{WRK_THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", TIMEOUT, "--latency",
           "-s", f.name]
    try:
        out = subprocess.run(cmd + [f"http://127.0.0.1:{PORT}{path}"], capture_output=True, text=True,
                             check=True).stdout
    finally:
        Path(f.name).unlink(missing_ok=True)
    line = next(line for line in out.splitlines() if line.startswith("BENCH "))
    requests, duration, p50, p95, p99, status_errors, socket_errors = (int(x) for x in line.split()[1:])
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": requests / (duration / 1e6),
        "p50": p50 / 1000, "p95": p95 / 1000, "p99": p99 / 1000,
        "errors": (int(non2xx.group(1)) if non2xx else status_errors) + socket_errors,
    }


@contextlib.contextmanager
def writes_every(seconds: float):
    """While the block runs, bump the demo forum's data version every ``seconds`` (what any write
    through a service does to the cache): each browser's next page is rendered afresh."""
    if not seconds:
        yield
        return
    from fokuss.cache import forum_version_bump
    from members.models import Forum

    forum_id = Forum.objects.order_by("pk").values_list("pk", flat=True).first()
    stop_event = threading.Event()

    def run() -> None:
        while not stop_event.wait(seconds):
            forum_version_bump(forum_id)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop_event.set()
        thread.join()


def main() -> None:
    if os.environ.get("BENCH_PREPARE", "1") != "0":
        load_data.prepare(ENV["DATABASE_URL"])
    import django

    django.setup()
    if NATIONAL:
        load_data.load_national()
        load_data.load_kabupaten(ACCOUNTS["kabupaten"])
    keys = load_data.sessions(ACCOUNTS, BROWSERS)
    pages = [p for p in PAGES if not ONLY or p.label in ONLY or p.label == "trivial view"]
    targets = [(page, resolve(page)) for page in pages]
    queries = {}
    for page, path in targets:
        if path == "/bench-hello":
            queries[page.label] = (200, "0")
            continue
        queries[page.label] = count_queries(path, keys[page.role][0] if page.role else None)

    print(f"load average before the run: {os.getloadavg()[0]:.1f}", flush=True)
    proc = start_gunicorn()
    rows = []
    try:
        for page, path in targets:
            browsers = keys[page.role] if page.role else []
            status = http_status(path, browsers[0] if browsers else None)
            if WARMUP:
                wrk(path, browsers, WARMUP)
            with writes_every(WRITE_EVERY):
                result = wrk(path, browsers, SECONDS)
            rows.append((page, path, status, result))
            print(f"  {page.label:22} {path:32} {status} {result['rps']:8.1f} req/s p95 {result['p95']:7.1f} ms",
                  flush=True)
        rss = worker_rss_mb(proc.pid)
        from django.urls import reverse

        dashboard = reverse("members:dashboard")
        loads = {enc: first_load(dashboard, keys["ketua"][0], enc) for enc in ("br", "gzip", "identity")}
    finally:
        stop(proc)

    print()
    for enc, (total, files) in loads.items():
        print(f"first load of the ketua dashboard, Accept-Encoding {enc}: {total / 1024:.0f} KB")
        if enc == "br":
            print("  " + "\n  ".join(files))
    hello = rows[0][3]["rps"] if rows and rows[0][0].label == "trivial view" else None
    print()
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    print(f"wrk -t{WRK_THREADS} -c{CONNECTIONS} -d{SECONDS}s; {BROWSERS} browsers per role; "
          f"writes: {f'every {WRITE_EVERY:g} s' if WRITE_EVERY else 'none'}; {os.cpu_count()} CPUs; "
          f"database {urlsplit(ENV['DATABASE_URL']).scheme}; cache/broker redis")
    print()
    print("| page | path | status | req/s | p50 ms | p95 ms | p99 ms | errors | vs trivial | queries (rendered / cached) |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for page, path, status, r in rows:
        ratio = f"{100 * r['rps'] / hello:.1f} %" if hello else "-"
        q = queries[page.label]
        print(f"| {page.label} ({page.role or 'anonymous'}) | `{path}` | {status} | {r['rps']:.0f} | {r['p50']:.0f} | "
              f"{r['p95']:.0f} | {r['p99']:.0f} | {r['errors']} | {ratio} | {q[1]} |")
    print()
    print("worker RSS after the run (MB): " + ", ".join(f"{x:.0f}" for x in rss))


if __name__ == "__main__":
    main()
