"""The guarded fetch, attacked as the security review did: plain http,
loopback, private and link-local addresses, names that resolve inside,
redirects to any of them, oversized and slow answers, content that is not
the type claimed. Each refusal happens before any connection to the target
(the internal server counts its requests)."""

from __future__ import annotations

import io
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from bot.announcements.images import ImageLoader
from bot.answers.charts import ChartCache
from bot.data.store import IndicatorStore
from bot.ops.fetch import FetchError, FetchPolicy, fetch, redacted_url
from publishers.base import PermanentFailure
from tests.fakes.https import https_server

PNG = io.BytesIO()
Image.new("RGB", (4, 4), "green").save(PNG, format="PNG")


@dataclass
class Site:
    """Paths answered as (status, content type, body, extra headers)."""

    routes: dict[str, tuple[int, str, bytes, dict[str, str]]] = field(default_factory=dict)
    hits: list[str] = field(default_factory=list)
    port: int = 0
    ca_file: str = ""
    trickle: bool = False


def handler_for(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_GET(self) -> None:
            site.hits.append(self.path)
            status, kind, body, headers = site.routes.get(self.path, (404, "text/plain", b"none", {}))
            self.send_response(status)
            self.send_header("Content-Type", kind)
            if not site.trickle:
                self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            if site.trickle:
                for byte in body:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.2)
            else:
                self.wfile.write(body)

    return Handler


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    found = Site()
    with https_server(handler_for(found), tmp_path) as (port, ca_file):
        found.port, found.ca_file = port, str(ca_file)
        yield found


@pytest.fixture
def internal() -> Iterator[Site]:
    """A plain-http service inside (what an attacker wants read)."""
    found = Site(routes={"/secret": (200, "image/png", b"internal secret", {})})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(found))
    found.port = server.server_address[1]
    import threading

    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield found
    server.shutdown()
    server.server_close()


def trusting(site: Site, **changes: Any) -> FetchPolicy:
    return FetchPolicy(allowed_hosts=frozenset({"localhost"}), ca_bundle=site.ca_file, **changes)


def test_an_allowed_https_host_is_fetched(site: Site) -> None:
    site.routes["/chart.png"] = (200, "image/png", PNG.getvalue(), {})
    found = fetch(f"https://localhost:{site.port}/chart.png", trusting(site), {"image/png"})
    assert found.content == PNG.getvalue()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{internal}/secret",
        "https://127.0.0.1:{internal}/secret",
        "https://[::1]:{internal}/secret",
        "https://169.254.169.254/latest/meta-data/",
        "https://10.1.2.3/",
        "https://192.168.0.1/",
        "https://0.0.0.0:{internal}/secret",
        "ftp://localhost/file",
        "https://user:pass@localhost:{internal}/secret",
    ],
)
def test_internal_and_non_https_addresses_are_refused_unfetched(internal: Site, url: str) -> None:
    with pytest.raises(FetchError):
        fetch(url.format(internal=internal.port), FetchPolicy())
    assert internal.hits == []


def test_a_name_that_resolves_inside_is_refused(internal: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    real = socket.getaddrinfo

    def resolve(host: str, *args: Any, **kwargs: Any) -> Any:
        return real("127.0.0.1", *args, **kwargs) if host == "images.example.org" else real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    with pytest.raises(FetchError, match="not a public"):
        fetch(f"https://images.example.org:{internal.port}/secret", FetchPolicy())
    assert internal.hits == []


@pytest.mark.parametrize("target", ["http://127.0.0.1:{internal}/secret", "https://127.0.0.1:{internal}/secret"])
def test_a_redirect_inside_is_refused(site: Site, internal: Site, target: str) -> None:
    site.routes["/image.png"] = (302, "text/plain", b"", {"Location": target.format(internal=internal.port)})
    with pytest.raises(FetchError):
        fetch(f"https://localhost:{site.port}/image.png", trusting(site), {"image/png"})
    assert site.hits == ["/image.png"]
    assert internal.hits == []


def test_size_type_and_time_are_capped(site: Site) -> None:
    site.routes["/big.png"] = (200, "image/png", b"x" * 2048, {})
    site.routes["/page.png"] = (200, "text/html", b"<html>", {})
    with pytest.raises(FetchError, match="more than"):
        fetch(f"https://localhost:{site.port}/big.png", trusting(site), {"image/png"}, max_bytes=1024)
    with pytest.raises(FetchError, match="text/html"):
        fetch(f"https://localhost:{site.port}/page.png", trusting(site), {"image/png"})
    site.trickle = True
    site.routes["/slow.png"] = (200, "image/png", b"y" * 40, {})
    started = time.monotonic()
    with pytest.raises(FetchError, match="too long"):
        fetch(f"https://localhost:{site.port}/slow.png", trusting(site, timeout_seconds=1.0), {"image/png"})
    assert time.monotonic() - started < 4


def test_an_announcement_image_must_be_the_image_it_claims(site: Site, store: IndicatorStore, tmp_path: Path) -> None:
    """The reported attack: the image fetched at send time through a redirect to
    an internal address, its body mailed as an attachment."""
    loader = ImageLoader(ChartCache(store, tmp_path, "https://bot.example"), trusting(site))
    site.routes["/real.png"] = (200, "image/png", PNG.getvalue(), {})
    site.routes["/fake.png"] = (200, "image/png", b"<html>not an image</html>", {})
    site.routes["/hop.png"] = (301, "text/plain", b"", {"Location": "http://127.0.0.1:1/secret"})
    assert loader(f"https://localhost:{site.port}/real.png") == PNG.getvalue()
    with pytest.raises(PermanentFailure, match="not the image/png"):
        loader(f"https://localhost:{site.port}/fake.png")
    with pytest.raises(PermanentFailure, match="only https"):
        loader(f"https://localhost:{site.port}/hop.png")


def test_credentials_in_addresses_are_never_shown() -> None:
    shown = redacted_url("https://user:hunter2@portal.example/files/mpi.csv?token=s3cr3t&id=7")
    assert "hunter2" not in shown
    assert "s3cr3t" not in shown
    assert shown == "https://portal.example/files/mpi.csv?token=***&id=***"
