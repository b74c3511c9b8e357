"""Release files fetched from where they are published, against a local HTTPS
server (reached through the guarded fetch as an allowed internal host): a
file's URL with a conditional GET, and a CKAN-shaped `package_show`. A new
file is imported and its announcement drafted once; an unchanged one is not
fetched again; a broken one is recorded and stores nothing; addresses inside
are refused and credentials never shown."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.announcements.jobs import release_source_poller
from bot.config import Settings
from bot.data.db import Database
from bot.data.models import Announcement, ReleaseSource
from bot.ingest.importer import import_files
from tests.fakes.https import https_server
from tests.helpers import SAMPLE_DIR, snapshot

RELEASE = (SAMPLE_DIR / "next-release.csv").read_bytes()
BROKEN = b"indicator,tsic,year,month,value,preliminary\nMPI,TOTAL,2569,13,abc,1\n"


@dataclass
class Publisher:
    """A web server publishing files (with ETags) and a CKAN portal's package_show."""

    files: dict[str, tuple[bytes, str]] = field(default_factory=dict)  # path -> (content, etag)
    resources: list[dict[str, Any]] = field(default_factory=list)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    port: int = 0
    ca_file: str = ""

    def url(self, path: str) -> str:
        return f"https://localhost:{self.port}{path}"

    def trusted(self, settings: Settings, **overrides: str) -> Settings:
        """Settings that may fetch from this server (an intranet host with its own CA)."""
        return settings.with_overrides(FETCH_ALLOWED_HOSTS="localhost", FETCH_CA_BUNDLE=self.ca_file, **overrides)


@pytest.fixture
def publisher(tmp_path: Path) -> Iterator[Publisher]:
    published = Publisher()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_GET(self) -> None:
            path = self.path.split("?")[0]
            published.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            if path == "/api/3/action/package_show":
                body = json.dumps({"success": True, "result": {"name": "oie-mpi", "resources": published.resources}})
                self._send(200, body.encode(), "application/json")
            elif path in published.files:
                content, etag = published.files[path]
                if self.headers.get("If-None-Match") == etag:
                    self._send(304, b"", "text/csv")
                else:
                    self._send(200, content, "text/csv; charset=utf-8", {"ETag": etag})
            else:
                self._send(404, b"not here", "text/plain")

        def _send(self, status: int, body: bytes, kind: str, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

    with https_server(Handler, tmp_path) as (port, ca_file):
        published.port, published.ca_file = port, str(ca_file)
        yield published


@pytest.fixture
def loaded(database: Database) -> Database:
    import_files(database, [SAMPLE_DIR / "indicators.csv"])
    return database


def releases_drafted(database: Database) -> int:
    with database.session() as session:
        return int(
            session.scalar(select(func.count()).select_from(Announcement).where(Announcement.kind == "release")) or 0
        )


def test_a_published_file_is_imported_once_then_not_fetched_again(
    settings: Settings, loaded: Database, publisher: Publisher
) -> None:
    publisher.files["/files/mpi-2569-10.csv"] = (RELEASE, '"v1"')
    configured = publisher.trusted(settings, RELEASE_SOURCE_URLS=publisher.url("/files/mpi-2569-10.csv"))
    poller = release_source_poller(configured, loaded)
    (first,) = poller.poll()
    assert first.status == "imported", first.detail
    assert releases_drafted(loaded) == 1  # the announcement of the new month, drafted with the import

    (second,) = poller.poll()
    assert second.status == "unchanged"
    assert publisher.requests[-1][1]["if-none-match"] == '"v1"'  # a conditional GET, answered 304
    assert releases_drafted(loaded) == 1

    publisher.files["/files/mpi-2569-10.csv"] = (RELEASE, '"v2"')  # a new ETag, the same bytes
    (third,) = poller.poll()
    assert third.status == "unchanged"
    assert third.detail == "the same file as before"


def test_a_ckan_dataset_gives_its_newest_release_file(
    settings: Settings, loaded: Database, publisher: Publisher
) -> None:
    publisher.files["/dl/old.csv"] = (BROKEN, '"old"')
    publisher.files["/dl/new.csv"] = (RELEASE, '"new"')
    publisher.resources = [
        {"format": "CSV", "url": publisher.url("/dl/old.csv"), "last_modified": "2026-10-25T03:00:00"},
        {"format": "CSV", "url": publisher.url("/dl/new.csv"), "last_modified": "2026-11-25T03:00:00"},
        {"format": "PDF", "url": publisher.url("/dl/report.pdf"), "last_modified": "2026-11-26T03:00:00"},
    ]
    configured = publisher.trusted(settings, CKAN_PORTAL_URL=publisher.url(""), CKAN_DATASETS="oie-mpi")
    poller = release_source_poller(configured, loaded)
    (result,) = poller.poll()
    assert result.status == "imported", result.detail
    assert result.key == f"ckan:{publisher.url('')}#oie-mpi"
    fetched = [path for path, _ in publisher.requests if path.startswith("/dl/")]
    assert fetched == ["/dl/new.csv"]
    (again,) = poller.poll()
    assert again.status == "unchanged"  # the resource's last_modified has not moved: nothing downloaded
    assert [path for path, _ in publisher.requests if path.startswith("/dl/")] == ["/dl/new.csv"]


def test_a_broken_file_is_recorded_and_stores_nothing(
    settings: Settings, loaded: Database, publisher: Publisher
) -> None:
    publisher.files["/files/broken.csv"] = (BROKEN, '"b1"')
    configured = publisher.trusted(
        settings, RELEASE_SOURCE_URLS=f"{publisher.url('/files/broken.csv')},{publisher.url('/files/missing.csv')}"
    )
    before = snapshot(loaded)
    broken, missing = release_source_poller(configured, loaded).poll()
    assert broken.status == "failed"
    assert "month" in broken.detail or "13" in broken.detail
    assert missing.status == "failed"
    assert "HTTP 404" in missing.detail
    assert snapshot(loaded) == before
    assert releases_drafted(loaded) == 0
    with loaded.session() as session:
        recorded = {row.key: row.status for row in session.scalars(select(ReleaseSource))}
    assert set(recorded.values()) == {"failed"}


def test_a_ckan_resource_at_an_internal_address_is_not_fetched(
    settings: Settings, loaded: Database, publisher: Publisher
) -> None:
    """The reported attack: a portal's resource URL pointing inside; its
    answer's first line used to be shown to staff."""
    publisher.files["/dl/new.csv"] = (b"internal-only first line\n", '"x"')
    inside = publisher.url("/dl/new.csv").replace("localhost", "127.0.0.1")
    publisher.resources = [{"format": "CSV", "url": inside, "last_modified": "2026-11-25T03:00:00"}]
    configured = publisher.trusted(settings, CKAN_PORTAL_URL=publisher.url(""), CKAN_DATASETS="oie-mpi")
    (result,) = release_source_poller(configured, loaded).poll()
    assert result.status == "failed"
    assert "not a public" in result.detail
    assert "internal-only" not in result.detail
    assert not [path for path, _ in publisher.requests if path.startswith("/dl/")]


def test_credentials_in_a_source_address_are_used_but_never_shown(
    settings: Settings, loaded: Database, publisher: Publisher, caplog: pytest.LogCaptureFixture
) -> None:
    publisher.files["/files/mpi.csv"] = (RELEASE, '"v1"')
    configured = publisher.trusted(settings, RELEASE_SOURCE_URLS=publisher.url("/files/mpi.csv?token=s3cr3t-key"))
    (result,) = release_source_poller(configured, loaded).poll()
    assert result.status == "imported", result.detail
    assert publisher.requests[-1][0] == "/files/mpi.csv?token=s3cr3t-key"  # the portal got its key
    assert "s3cr3t" not in result.key
    with loaded.session() as session:
        assert all("s3cr3t" not in row.key for row in session.scalars(select(ReleaseSource)))
    assert "s3cr3t" not in str(configured.redacted())
    assert "s3cr3t" not in caplog.text
