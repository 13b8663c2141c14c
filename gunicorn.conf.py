"""gunicorn settings for the web service (docker-compose, Dockerfile, bench/load.py).

Every value can be changed from the environment; command-line flags win over this file.
Worker class and counts (gthread, 2 x cores + 1 processes of 2 threads) were chosen by measurement
with bench/load.py, see bench/README.md.
"""

import os

_cpus = os.cpu_count() or 1

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
# 2 x cores + 1 processes of 2 threads: a kept-alive connection stays with the process that took it,
# so with few processes one of them can end up with most of the connections and a core to itself
# while the other idles (3 x 4 served the same page at 260-330 or 600-700 req/s from run to run;
# 5 x 2 at 700-890 with p95 50-140 ms, bench/README.md).
workers = int(os.environ.get("WEB_CONCURRENCY", str(2 * _cpus + 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
# Recycling workers is off: a fresh worker compiles its templates and opens its connections again,
# and under load every restart showed as a p95 of 550-850 ms even on a trivial view (bench/README.md).
# Worker memory stays flat (about 80-130 MB after a run); GUNICORN_MAX_REQUESTS=N turns it on.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "200"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))  # PDFs are rendered in the request
graceful_timeout = 30
keepalive = 5
# Import Django once in the master: workers fork with the code already loaded (faster start,
# memory shared copy-on-write). Nothing opens a database or broker connection at import time.
preload_app = True
# Access log off by default (the proxy in front logs requests); GUNICORN_ACCESSLOG=- turns it on.
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
control_socket_disable = True


def post_fork(server, worker):
    """Never share a connection opened in the master with the forked workers."""
    from django.db import connections

    connections.close_all()
