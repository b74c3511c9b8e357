"""Slow clients: a client that trickles its request holds a gunicorn thread
for as long as it likes (gunicorn has no request-header timeout), so the
web process runs behind a buffering nginx. This runs the shipped
deploy/nginx/site.conf under Debian's nginx in front of gunicorn as the
Procfile starts it: many trickling clients, and /healthz still answers at
once; straight to gunicorn, a few of them are enough to stall it."""

from __future__ import annotations

import http.client
import os
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from bot.data.db import Database
from tests.e2e.conftest import installed
from tests.fakes.line_api import FakeLineApi
from tests.helpers import PROJECT_ROOT
from tests.processes import GUNICORN, free_port, production_env, running, wait_until_serving

NGINX_DIR = PROJECT_ROOT / "deploy" / "nginx"
WEB_THREADS = 4
UNVERIFIED = ssl._create_unverified_context()  # the test's own self-signed certificate


def site_for_test(folder: Path, web_port: int, tls_port: int, plain_port: int) -> Path:
    """deploy/nginx/site.conf with only what a test machine changes: ports,
    the snippets' folder, a self-signed certificate, no IPv6."""
    subprocess.run(
        [installed("openssl"), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
         "-keyout", str(folder / "site.key"), "-out", str(folder / "site.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    site = (NGINX_DIR / "site.conf").read_text(encoding="utf-8")
    for shipped, local in {
        "/etc/nginx/oie-bot/": f"{NGINX_DIR}/",
        "127.0.0.1:8000": f"127.0.0.1:{web_port}",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{tls_port} ssl http2;",
        "listen 80;": f"listen 127.0.0.1:{plain_port};",
        "/etc/ssl/certs/stats.example.go.th.pem": str(folder / "site.pem"),
        "/etc/ssl/private/stats.example.go.th.key": str(folder / "site.key"),
    }.items():
        assert shipped in site, shipped
        site = site.replace(shipped, local)
    site = "\n".join(line for line in site.splitlines() if "[::]" not in line)
    (folder / "site.conf").write_text(site, encoding="utf-8")
    temp_paths = "".join(
        f"    {kind}_temp_path {folder / kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must reach the test's private folder
    main = folder / "nginx.conf"
    main.write_text(
        f"{user}pid {folder}/nginx.pid;\nerror_log {folder}/error.log warn;\nevents {{ worker_connections 512; }}\n"
        f"http {{\n    access_log off;\n{temp_paths}    include {folder}/site.conf;\n}}\n",
        encoding="utf-8",
    )
    return main


@contextmanager
def nginx(config: Path, tls_port: int) -> Iterator[None]:
    program = installed("nginx")
    checked = subprocess.run([program, "-t", "-c", str(config)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen([program, "-c", str(config), "-g", "daemon off;"], stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", tls_port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None, "nginx stopped"
                assert time.monotonic() < deadline, "nginx did not start"
                time.sleep(0.1)
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)


HALF_A_HEADER = b"GET /healthz HTTP/1.1\r\nHost: stats.example.go.th\r\nX-Slow: "
HALF_A_BODY = b'POST /callback HTTP/1.1\r\nHost: stats.example.go.th\r\nContent-Length: 900\r\n\r\n{"events": ['


def trickling_clients(stack: ExitStack, port: int, count: int, tls: bool) -> None:
    """Clients that start a request (half its header, or the header and part
    of its body) and send nothing more, as a slow or hostile client does
    between its one-byte-a-second sends."""
    for number in range(count):
        connection = stack.enter_context(socket.create_connection(("127.0.0.1", port), timeout=5))
        if tls:
            connection = stack.enter_context(UNVERIFIED.wrap_socket(connection, server_hostname="localhost"))
        connection.sendall(HALF_A_BODY if number % 2 else HALF_A_HEADER)
    time.sleep(0.5)  # let the server pick them up


def http_status_without_following(url: str) -> int:
    host, port = url.removeprefix("http://").split("/", 1)[0].split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=5)
    try:
        connection.request("GET", "/" + url.split("/", 3)[3])
        return connection.getresponse().status
    finally:
        connection.close()


def healthz_seconds(url: str, timeout: float) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=timeout, context=UNVERIFIED) as response:
        assert response.status == 200
    return time.perf_counter() - started


def test_behind_the_shipped_nginx_trickling_clients_hold_no_gunicorn_thread(
    database: Database, database_url: str, fake_line: FakeLineApi, tmp_path: Path
) -> None:
    web_port, tls_port, plain_port = free_port(), free_port(), free_port()
    direct = f"http://127.0.0.1:{web_port}"
    env = production_env(
        database_url, fake_line, PORT=str(web_port), WEB_CONCURRENCY="1", WEB_THREADS=str(WEB_THREADS),
        TRUSTED_PROXIES="1",
    )  # fmt: skip
    log = tmp_path / "web.log"
    config = site_for_test(tmp_path, web_port, tls_port, plain_port)
    with running(GUNICORN, env, log) as web:
        wait_until_serving(direct, web, log)

        # Straight to gunicorn: as many trickling clients as it has threads stall it.
        with ExitStack() as stack:
            trickling_clients(stack, web_port, WEB_THREADS + 1, tls=False)
            with pytest.raises((TimeoutError, urllib.error.URLError)):
                healthz_seconds(f"{direct}/healthz", timeout=3)
        wait_until_serving(direct, web, log)  # the threads are free once those clients go

        with nginx(config, tls_port), ExitStack() as stack:
            trickling_clients(stack, tls_port, 50, tls=True)
            proxied = f"https://127.0.0.1:{tls_port}"
            assert max(healthz_seconds(f"{proxied}/healthz", timeout=3) for _ in range(10)) < 1.0
            # The app believes the proxy (TRUSTED_PROXIES=1): the answer asks for HTTPS from now on.
            with urllib.request.urlopen(f"{proxied}/", timeout=10, context=UNVERIFIED) as page:
                assert page.headers["Strict-Transport-Security"].startswith("max-age=31536000")
            # Plain http is sent to https, and a body over the cap never reaches gunicorn.
            request = urllib.request.Request(f"{proxied}/callback", data=b"x" * (2 * 1024 * 1024), method="POST")
            with pytest.raises(urllib.error.HTTPError) as too_large:
                urllib.request.urlopen(request, timeout=10, context=UNVERIFIED)
            assert too_large.value.code == 413
            redirect = http_status_without_following(f"http://127.0.0.1:{plain_port}/healthz")
            assert redirect == 301
