"""Release files fetched from where they are published, on the scheduler's
interval: a file's URL (fetched with a conditional GET: `If-None-Match` /
`If-Modified-Since`), or a dataset on a CKAN open-data portal
(`package_show`, then its newest CSV or XLSX resource, by `last_modified`).

A fetched file goes through exactly the importer a dropped file does (same
validation, one transaction, the release announcement drafted with it); a
file already imported changes nothing. Each source's last fetch and how it
ended (imported, unchanged, failed with the reason) is kept in
`release_sources` for staff to see; a failure stores no figures."""

from __future__ import annotations

import hashlib
import json
import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlencode, urlsplit

from sqlalchemy import select

from bot.data.db import Database
from bot.data.models import ReleaseSource, utcnow
from bot.ingest.importer import ImportSummary
from bot.ingest.records import ReleaseFileError
from bot.ops.fetch import FetchError, FetchPolicy, fetch, redacted_url

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_CKAN_ANSWER_BYTES = 2 * 1024 * 1024
RELEASE_FORMATS = {"csv": ".csv", "xlsx": ".xlsx"}
# What portals serve release files as (the file's name or declared format then decides).
RELEASE_MEDIA_TYPES = frozenset(
    {
        "text/csv",
        "text/plain",
        "application/csv",
        "application/octet-stream",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.ms-excel",
    }
)

ImportFiles = Callable[[list[Path]], tuple[list[ImportSummary], list[int]]]


class SourceError(Exception):
    """A source that could not be fetched or read (the reason is shown to staff)."""


@dataclass(frozen=True)
class Fetched:
    content: bytes | None  # None: unchanged since the last fetch (304)
    etag: str | None
    last_modified: str | None
    suffix: str


@dataclass(frozen=True)
class SourceResult:
    key: str
    status: str  # imported, unchanged, failed
    detail: str


def ckan_key(portal: str, dataset: str) -> str:
    return f"ckan:{redacted_url(portal.rstrip('/'))}#{dataset}"


class SourcePoller:
    def __init__(
        self,
        database: Database,
        import_files: ImportFiles,
        urls: list[str],
        ckan_portal: str = "",
        ckan_datasets: list[str] | None = None,
        policy: FetchPolicy | None = None,
    ) -> None:
        self.database = database
        self.import_files = import_files
        # Keys are what staff see: an address's credentials are never part of them.
        self.urls = {f"url:{redacted_url(url)}": url for url in urls}
        self.keys = [*self.urls, *(ckan_key(ckan_portal, name) for name in ckan_datasets or [])]
        self.ckan_portal = ckan_portal
        self.policy = policy or FetchPolicy(timeout_seconds=120)

    def poll(self) -> list[SourceResult]:
        return [self.poll_one(key) for key in self.keys]

    def poll_one(self, key: str) -> SourceResult:
        state = self._state(key)
        try:
            fetched = self._fetch(key, state)
            if fetched.content is None:
                return self._record(key, "unchanged", "not modified since the last fetch", fetched)
            digest = hashlib.sha256(fetched.content).hexdigest()
            if digest == state.fetched_sha256:
                return self._record(key, "unchanged", "the same file as before", fetched, digest)
            detail, import_id = self._import(fetched)
            return self._record(key, "imported", detail, fetched, digest, import_id)
        except (SourceError, FetchError, ReleaseFileError, ValueError) as error:
            log.warning("release source %s failed: %s", key, type(error).__name__)
            return self._record(key, "failed", str(error)[:2000] or type(error).__name__, None)

    # --- fetching ---

    def _fetch(self, key: str, state: ReleaseSource) -> Fetched:
        if key in self.urls:
            return self._get(self.urls[key], state)
        dataset = key.rpartition("#")[2]
        resource = self._newest_resource(self.ckan_portal, dataset)
        stamp = str(resource.get("last_modified") or resource.get("created") or "")
        if stamp and stamp == state.last_modified:
            return Fetched(None, state.etag, stamp, "")
        fetched = self._get(str(resource["url"]), ReleaseSource(key=key), str(resource.get("format", "")))
        return Fetched(fetched.content, fetched.etag, stamp or fetched.last_modified, fetched.suffix)

    def _get(self, url: str, state: ReleaseSource, declared_format: str = "") -> Fetched:
        headers = {}
        if state.etag:
            headers["If-None-Match"] = state.etag
        if state.last_modified:
            headers["If-Modified-Since"] = state.last_modified
        found = fetch(url, self.policy, RELEASE_MEDIA_TYPES, headers, MAX_FILE_BYTES)
        if found.status == 304:
            return Fetched(None, state.etag, state.last_modified, "")
        suffix = _suffix(url, declared_format, found.content_type)
        return Fetched(found.content, found.headers.get("ETag"), found.headers.get("Last-Modified"), suffix)

    def _newest_resource(self, portal: str, dataset: str) -> dict[str, Any]:
        address = f"{portal}/api/3/action/package_show?{urlencode({'id': dataset})}"
        portal = redacted_url(portal)  # as staff see it
        found = fetch(address, self.policy, {"application/json"}, max_bytes=MAX_CKAN_ANSWER_BYTES)
        try:
            body = json.loads(found.content)
        except ValueError:
            raise SourceError(f"{portal}: package_show did not answer JSON") from None
        if not isinstance(body, dict) or not body.get("success") or not isinstance(body.get("result"), dict):
            raise SourceError(f"{portal}: dataset {dataset!r} not available")
        resources = [
            item
            for item in body["result"].get("resources", [])
            if isinstance(item, dict) and str(item.get("format", "")).lower() in RELEASE_FORMATS and item.get("url")
        ]
        if not resources:
            raise SourceError(f"{portal}: dataset {dataset!r} has no CSV or XLSX resource")
        return max(resources, key=lambda item: str(item.get("last_modified") or item.get("created") or ""))

    # --- importing and recording ---

    def _import(self, fetched: Fetched) -> tuple[str, int | None]:
        assert fetched.content is not None
        with tempfile.TemporaryDirectory(prefix="oie-release-") as folder:
            path = Path(folder) / f"release{fetched.suffix}"
            path.write_bytes(fetched.content)
            summaries, drafted = self.import_files([path])
        summary = summaries[0]
        detail = f"{summary.total('new')} new, {summary.total('revised')} revised"
        if drafted:
            detail += f"; drafted announcement(s) {', '.join(f'#{number}' for number in drafted)}"
        return detail, summary.import_id

    def _state(self, key: str) -> ReleaseSource:
        with self.database.session() as session:
            found = session.get(ReleaseSource, key)
            return found if found is not None else ReleaseSource(key=key)

    def _record(
        self,
        key: str,
        status: str,
        detail: str,
        fetched: Fetched | None,
        digest: str | None = None,
        import_id: int | None = None,
    ) -> SourceResult:
        with self.database.session() as session:
            row = session.get(ReleaseSource, key) or ReleaseSource(key=key, status="new", detail="")
            row.status, row.detail, row.checked_at = status, detail, utcnow()
            if fetched is not None:
                row.etag, row.last_modified = fetched.etag, fetched.last_modified
            if digest is not None:
                row.fetched_sha256 = digest
            if import_id is not None:
                row.import_id = import_id
            session.merge(row)
        return SourceResult(key, status, detail)


def _suffix(url: str, declared_format: str, content_type: str) -> str:
    """The file's kind, as the portal declares it, by its name, or by its content type."""
    if declared_format.lower() in RELEASE_FORMATS:
        return RELEASE_FORMATS[declared_format.lower()]
    name = PurePosixPath(urlsplit(url).path).suffix.lower()
    if name in RELEASE_FORMATS.values():
        return name
    if "spreadsheetml" in content_type:
        return ".xlsx"
    if "csv" in content_type or "text/plain" in content_type:
        return ".csv"
    raise SourceError(f"{redacted_url(url)}: not a CSV or XLSX file ({content_type or 'no content type'})")


def source_states(database: Database) -> list[ReleaseSource]:
    """Every source fetched so far, for the console."""
    with database.session() as session:
        return list(session.scalars(select(ReleaseSource).order_by(ReleaseSource.key)))
