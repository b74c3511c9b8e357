"""Files uploaded in the console, kept in the database (any web process may
serve the confirmation) until their import is confirmed or cancelled. Nothing
of them reaches the indicator store before confirmation."""

from __future__ import annotations

import secrets
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Sequence
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path, PurePath
from typing import Generic, TypeVar

from sqlalchemy import delete, select

from bot.data.db import Database
from bot.data.models import StagedUpload, utcnow

KEEP_FOR = timedelta(days=1)


MAX_NAME_CHARS = 120


def safe_name(name: str) -> str:
    """The file's own name as a plain name in a folder: without any folder a
    browser may send, control or invisible characters, or a name that means
    a folder itself (".", ".."); shortened to MAX_NAME_CHARS keeping its
    extension, which says how the file is read."""
    printable = "".join(char for char in name.replace("\\", "/") if char.isprintable())
    base = PurePath(printable).name.strip()
    if base.strip(".") == "":
        base = "upload"
    suffix = PurePath(base).suffix[:10]
    if len(base) > MAX_NAME_CHARS:
        base = base[: MAX_NAME_CHARS - len(suffix)] + suffix
    return base


class StagedUploads:
    def __init__(self, database: Database) -> None:
        self.database = database

    def stage(self, files: Sequence[tuple[str, bytes]], by: str) -> str:
        """Keep the files; returns the batch token that names them."""
        batch = secrets.token_urlsafe(24)
        with self.database.session() as session:
            session.execute(delete(StagedUpload).where(StagedUpload.created_at < utcnow() - KEEP_FOR))
            session.add_all(
                StagedUpload(batch=batch, file_name=safe_name(name), content=content, uploaded_by=by)
                for name, content in files
            )
        return batch

    def names(self, batch: str) -> list[str]:
        with self.database.session() as session:
            query = select(StagedUpload.file_name).where(StagedUpload.batch == batch).order_by(StagedUpload.id)
            return list(session.scalars(query))

    @contextmanager
    def as_files(self, batch: str) -> Iterator[list[Path]]:
        """The batch's files written to a private folder under their own names, for the importer."""
        with self.database.session() as session:
            rows = session.execute(
                select(StagedUpload.file_name, StagedUpload.content)
                .where(StagedUpload.batch == batch)
                .order_by(StagedUpload.id)
            ).all()
        with tempfile.TemporaryDirectory(prefix="oie-upload-") as folder:
            paths = []
            for index, (name, content) in enumerate(rows):
                subfolder = Path(folder) / str(index)  # two files of one name stay apart
                subfolder.mkdir()
                path = subfolder / name
                path.write_bytes(content)
                paths.append(path)
            yield paths

    def discard(self, batch: str) -> None:
        with self.database.session() as session:
            session.execute(delete(StagedUpload).where(StagedUpload.batch == batch))


Outcome = TypeVar("Outcome")


class PreviewCache(Generic[Outcome]):
    """A staged batch's preview, worked out once per state of the store: reading
    a large workbook is seconds of CPU, and staff reopen and reload the page.
    Kept per process, bounded; a new import (a new data version) computes anew."""

    def __init__(self, size: int = 16) -> None:
        self.size = size
        self._found: OrderedDict[tuple[str, Hashable], Outcome] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, batch: str, version: Hashable, compute: Callable[[], Outcome]) -> Outcome:
        key = (batch, version)
        with self._lock:
            if key in self._found:
                self._found.move_to_end(key)
                return self._found[key]
        outcome = compute()
        with self._lock:
            self._found[key] = outcome
            while len(self._found) > self.size:
                self._found.popitem(last=False)
        return outcome
