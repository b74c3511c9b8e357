"""gunicorn settings of the web process (the Procfile's `web:` line).

The web process verifies and stores LINE webhooks, serves the site, the API
and the staff console. Threads (gthread) keep slow clients from holding a
whole worker; requests are short, so timeouts are too."""

from __future__ import annotations

import gc
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from dotenv import dotenv_values

# Read as the app reads its settings: the environment, else the project's .env.
_settings = {
    **{name: value for name, value in dotenv_values(Path(__file__).resolve().parent / ".env").items() if value},
    **os.environ,
}

# Behind a proxy (TRUSTED_PROXIES), listen on loopback only: a client that reached
# gunicorn directly could otherwise claim any address in X-Forwarded-For. BIND overrides.
_behind_proxy = _settings.get("TRUSTED_PROXIES", "0").strip() not in ("", "0")
bind = _settings.get("BIND") or f"{'127.0.0.1' if _behind_proxy else '0.0.0.0'}:{_settings.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("WEB_THREADS", "8"))  # more threads, bigger inbox group commits
worker_class = "gthread"
timeout = 30  # a worker silent this long is restarted
graceful_timeout = 30  # on SIGTERM, requests in flight get this long to finish
keepalive = 5
# Behind a reverse proxy that sets X-Forwarded-*: see TRUSTED_PROXIES in the README. The app
# reads the same variable (Settings.FORWARDED_ALLOW_IPS), so both believe the same proxies.
forwarded_allow_ips = _settings.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Prometheus multiprocess mode: every worker writes its counters to files in
# this folder, and /metrics adds them up. It must be set before any worker
# imports prometheus-client, so here, in the master.
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="oie-metrics-")


def on_starting(server: Any) -> None:
    # Counters of a previous run would be added to this one's.
    folder = os.environ["PROMETHEUS_MULTIPROC_DIR"]
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder, exist_ok=True)


def child_exit(server: Any, worker: Any) -> None:
    from bot.ops.metrics import mark_process_dead

    mark_process_dead(worker.pid)


def post_worker_init(worker: Any) -> None:
    # The app is loaded: move its long-lived objects (the Thai dictionary, the
    # SDK's models) out of the collector's way, or each full collection walks
    # them all and stalls every request in flight for a couple of hundred ms.
    gc.freeze()
