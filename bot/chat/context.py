"""Where each one-to-one chat's last question about figures is kept, so a
follow-up ("แล้วเดือนก่อนล่ะ") can complete it (see `nlp.context`)."""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import JSON, DateTime, bindparam, text

from bot.data.db import Database, as_utc, retry_on_disconnect
from bot.data.models import utcnow
from nlp.context import frame_from_dict, frame_to_dict
from nlp.frame import Frame


class ContextStore:
    """In the database (any process may answer a chat's next message). It is
    read and written for every question, so each is one statement on the
    autocommit engine the inbox uses, not an ORM session. It is deleted with
    the rest of a user's data (`UserStore.forget`)."""

    def __init__(self, database: Database, idle: timedelta, clock: Callable[[], datetime] = utcnow) -> None:
        self.database = database
        self.idle = idle
        self.clock = clock
        # Plain SQL both databases read alike: the ORM's statement building
        # cost more than the statement itself on every question.
        self._select = text("SELECT frame, updated_at FROM chat_contexts WHERE user_id = :user_id").columns(
            frame=JSON, updated_at=DateTime(timezone=True)
        )
        self._upsert = text(
            "INSERT INTO chat_contexts (user_id, frame, updated_at) VALUES (:user_id, :frame, :updated_at) "
            "ON CONFLICT (user_id) DO UPDATE SET frame = excluded.frame, updated_at = excluded.updated_at"
        ).bindparams(bindparam("frame", type_=JSON), bindparam("updated_at", type_=DateTime(timezone=True)))

    def recall(self, user_id: str) -> Frame | None:
        """The chat's last question, unless it is older than the idle time."""

        def read() -> Any:
            with self.database.quick.connect() as connection:
                return connection.execute(self._select, {"user_id": user_id}).first()

        row = retry_on_disconnect(read)
        if row is None or self.clock() - as_utc(row.updated_at) > self.idle:
            return None
        return frame_from_dict(dict(row.frame))

    def keep(self, user_id: str, frame: Frame) -> None:
        values = {"user_id": user_id, "frame": frame_to_dict(frame), "updated_at": self.clock()}

        def write() -> None:
            with self.database.quick.connect() as connection:
                connection.execute(self._upsert, values)

        retry_on_disconnect(write)


class SessionContexts:
    """In a dict of the staff member's own session (the chat simulator)."""

    KEY = "simulated_context"

    def __init__(self, session: MutableMapping[str, Any]) -> None:
        self.session = session

    def recall(self, user_id: str) -> Frame | None:
        stored = self.session.get(self.KEY)
        return frame_from_dict(stored) if isinstance(stored, dict) else None

    def keep(self, user_id: str, frame: Frame) -> None:
        self.session[self.KEY] = frame_to_dict(frame)
