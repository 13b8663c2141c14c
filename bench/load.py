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


def manage(*args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env={**os.environ}, check=True)


def ensure_database() -> None:
    url = urlsplit(ENV["DATABASE_URL"])
    if not url.scheme.startswith("postgres"):
        return
    import psycopg2

    name = url.path.lstrip("/")
    conn = psycopg2.connect(host=url.hostname, port=url.port or 5432, user=url.username,
                            password=url.password or None, dbname="postgres")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cur.fetchone():
            print(f"creating database {name}", flush=True)
            cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def prepare() -> None:
    ensure_database()
    manage("migrate", "--noinput", "-v0")
    manage("collectstatic", "--noinput", "-v0")  # before the seed: it renders PDFs with static files
    manage("seed_demo")


def sessions() -> dict[str, list[str]]:
    """``BROWSERS`` server-side sessions per role, as allauth's login would leave them (password and,
    when MFA is on, a second factor already passed), so the benchmark does not depend on the login
    form; each as the Cookie header of a browser with its own CSRF cookie."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.utils.crypto import get_random_string

    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys = {}
    now = time.time()
    for role, email in ACCOUNTS.items():
        user = get_user_model().objects.get(email=email)
        keys[role] = []
        for _ in range(BROWSERS):
            session = store()
            session[SESSION_KEY] = user._meta.pk.value_to_string(user)
            session[BACKEND_SESSION_KEY] = "allauth.account.auth_backends.AuthenticationBackend"
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session["account_authentication_methods"] = [
                {"method": "password", "at": now, "email": email},
                {"method": "mfa", "at": now, "type": "totp"},
            ]
            session.save()
            # Every signed-in browser holds a CSRF cookie from the sign-in page on (the pages' forms
            # carry tokens of it, and the page cache keys each page by it: fokuss/page_cache.py).
            keys[role].append(f"sessionid={session.session_key}; csrftoken={get_random_string(32)}")
    return keys


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


def load_national() -> None:
    """The national-scale data beside the demo forum, once per database."""
    from members.models import Village

    if Village.objects.count() >= 70_000:
        return
    sys.path.insert(0, str(ROOT / "bench"))
    from national_data import generate

    generate(first_province=51)


def extend_national() -> None:
    """What bench/national_data.py leaves out, for every synthetic forum: an assessment round with
    each secretary's validated levels in every competency of the standard framework, a training per
    quarter of this year with the secretaries' attendance at the first, and a sent in-app delivery
    per secretary. Once per database (about 1.3 million rows)."""
    import datetime

    from django.db import transaction
    from django.utils import timezone

    from competency.models import Assessment, AssessmentRound
    from competency.services import framework_load_seed
    from members.models import BoardPosition, Forum, SecretaryTenure
    from notifications.models import Delivery
    from trainings.models import Attendance, Event

    synthetic = Forum.objects.filter(district__regency__province__code__gte="51")
    if AssessmentRound.objects.filter(forum__in=synthetic).exists():
        return
    started = time.perf_counter()
    framework = framework_load_seed()
    competencies = list(framework.competencies.all())
    year = timezone.localdate().year
    ketua = dict(BoardPosition.objects.filter(forum__in=synthetic).values_list("forum_id", "user_id"))
    forum_ids = list(synthetic.values_list("pk", flat=True))
    tenures = list(SecretaryTenure.objects.filter(village__district__forum__in=forum_ids, ended_on__isnull=True)
                   .values_list("user_id", "village_id", "village__district__forum"))
    tz = timezone.get_current_timezone()
    with transaction.atomic():
        rounds = AssessmentRound.objects.bulk_create(
            [AssessmentRound(forum_id=f, framework=framework, name=f"Pemetaan {year}",
                             starts_on=datetime.date(year, 1, 10)) for f in forum_ids], batch_size=5000)
        round_of = {r.forum_id: r.pk for r in rounds}
        events = Event.objects.bulk_create(
            [Event(forum_id=f, kind=Event.Kind.PELATIHAN, title=f"Bimtek triwulan {q}", venue="Aula kecamatan",
                   starts_at=datetime.datetime(year, 3 * q - 1, 20, 9, tzinfo=tz),
                   ends_at=datetime.datetime(year, 3 * q - 1, 20, 15, tzinfo=tz), status=Event.Status.PUBLISHED,
                   hours=6) for f in forum_ids for q in (1, 2, 3, 4)], batch_size=5000)
        first_event = {}
        for e in events:
            first_event.setdefault(e.forum_id, e.pk)
        rows = [Assessment(forum_id=f, round_id=round_of[f], person_id=u, village_id=v, competency=c,
                           level=1 + (u + i) % 4, method=Assessment.Method.choices[0][0], assessor_id=ketua.get(f, u),
                           status=Assessment.Status.VALIDATED, assessed_on=datetime.date(year, 1, 20))
                for u, v, f in tenures for i, c in enumerate(competencies)]
        Assessment.objects.bulk_create(rows, batch_size=10000)
        Attendance.objects.bulk_create(
            [Attendance(event_id=first_event[f], person_id=u, village_id=v, status="hadir") for u, v, f in tenures],
            batch_size=10000)
        Delivery.objects.bulk_create(
            [Delivery(key=f"bench:{u}", recipient_id=u, channel="inapp", slot="H-7", forum_id=f,
                      subject="Tenggat APBDes", body="Tenggat dalam 7 hari.", status=Delivery.Status.SENT)
             for u, _v, f in tenures], batch_size=10000)
    print(f"national data extended: {len(rounds)} rounds, {len(rows)} assessments, {len(events)} events, "
          f"{len(tenures)} attendances and deliveries in {time.perf_counter() - started:.0f} s", flush=True)


def load_kabupaten() -> None:
    """The kabupaten account's Banyumas as it is: 27 kecamatan forums and 331 villages (the demo has
    3 and 53); the added forums as ``bench_reports.py`` builds them (secretaries, this year's
    deadlines, a training per quarter with attendance, validated levels). Once per database."""
    import datetime

    from members.models import Forum, KabupatenStaff, Village

    regency = KabupatenStaff.objects.select_related("regency").get(user__email=ACCOUNTS["kabupaten"]).regency
    forums = Forum.objects.filter(district__regency=regency).count()
    if forums >= 27:
        return
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_reports import _forum

    missing, villages = 27 - forums, 331 - Village.objects.filter(district__regency=regency).count()
    sizes = [villages // missing + (1 if i < villages % missing else 0) for i in range(missing)]
    year = datetime.date.today().year
    for i, size in enumerate(sizes, start=1):
        _forum(code=f"{regency.code}.{40 + i:02d}", name=f"Kecamatan Sintetis {i:02d}", villages=size,
               regency=regency, years=range(year, year + 1), assess=True)
    print(f"kabupaten {regency.name}: {Forum.objects.filter(district__regency=regency).count()} forums, "
          f"{Village.objects.filter(district__regency=regency).count()} villages", flush=True)


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
        prepare()
    import django

    django.setup()
    if NATIONAL:
        load_national()
        extend_national()
        load_kabupaten()
    keys = sessions()
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
