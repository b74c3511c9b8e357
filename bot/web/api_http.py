"""Conditional GET for the open data API: an ETag of the data's version and
the request, Last-Modified from the newest import, 304 decided before the
answer is built, and answers built once per data version (bounded, per app)."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime

from flask import Response, current_app, request
from sqlalchemy import func, select

from bot.data.db import as_utc
from bot.data.models import ImportRecord
from bot.data.store import IndicatorStore
from bot.web.services import services


def _last_modified(store: IndicatorStore) -> datetime | None:
    with store.database.session() as session:
        moment = session.scalar(select(func.max(ImportRecord.imported_at)))
    return as_utc(moment).replace(microsecond=0) if moment is not None else None


def conditional(build: Callable[[], Response], variant: str = "") -> Response:
    """`build`'s response with an ETag of the data's version and the request
    (and `variant`: the format content negotiation chose), or 304 when the
    client holds it already (checked before building)."""
    store = services().store
    version = store.data_version()
    etag = hashlib.sha256(f"{version}|{request.full_path}|{variant}".encode()).hexdigest()[:32]
    # When the data last changed moves only with its version: asked once per version.
    seen: dict[tuple[int, int], datetime | None] = current_app.extensions.setdefault("api_last_modified", {})
    if version not in seen:
        seen.clear()
        seen[version] = _last_modified(store)
    modified = seen[version]
    not_modified = request.if_none_match.contains(etag) or (
        not request.if_none_match
        and modified is not None
        and request.if_modified_since is not None
        and modified <= request.if_modified_since
    )
    response = Response(status=304) if not_modified else _built(etag, build)
    response.set_etag(etag)
    if modified is not None:
        response.last_modified = modified
    return response


class _Answers:
    """Built answers by ETag (the data's version and the request): the data
    changes only when an import lands, and the same series is asked for again
    and again, so an answer is built once per version. Bounded, per process."""

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._kept: OrderedDict[str, tuple[bytes, int, list[tuple[str, str]]]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, etag: str) -> Response | None:
        with self._lock:
            kept = self._kept.get(etag)
            if kept is None:
                return None
            self._kept.move_to_end(etag)
        body, status, headers = kept
        return Response(body, status=status, headers=headers)

    def keep(self, etag: str, response: Response) -> None:
        if response.status_code != 200 or response.is_streamed:
            return
        kept = (response.get_data(), response.status_code, list(response.headers.items()))
        with self._lock:
            self._kept[etag] = kept
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)


def _built(etag: str, build: Callable[[], Response]) -> Response:
    # One store of answers per app: another app (a test's) may have another database at the same version.
    answers: _Answers = current_app.extensions.setdefault("api_answers", _Answers())
    found = answers.get(etag)
    if found is None:
        found = build()
        answers.keep(etag, found)
    return found
