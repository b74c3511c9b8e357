"""Where each one-to-one chat's last question about figures is kept, so a
follow-up ("แล้วเดือนก่อนล่ะ") can complete it (see `nlp.context`)."""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from bot.data.db import Database, as_utc, retry_on_disconnect, upsert_insert
from bot.data.models import ChatContext, utcnow
from nlp.context import frame_from_dict, frame_to_dict
from nlp.parser import Frame


class ContextStore:
    """In the database (any process may answer a chat's next message). It is
    read and written for every question, so each is one statement on the
    autocommit engine the inbox uses, not an ORM session. It is deleted with
    the rest of a user's data (`UserStore.forget`)."""

    def __init__(self, database: Database, idle: timedelta, clock: Callable[[], datetime] = utcnow) -> None:
        self.database = database
        self.idle = idle
        self.clock = clock
        self._select = select(ChatContext.frame, ChatContext.updated_at)
        self._upsert = upsert_insert(database.engine)(ChatContext)

    def recall(self, user_id: str) -> Frame | None:
        """The chat's last question, unless it is older than the idle time."""

        def read() -> Any:
            with self.database.quick.connect() as connection:
                return connection.execute(self._select.where(ChatContext.user_id == user_id)).first()

        row = retry_on_disconnect(read)
        if row is None or self.clock() - as_utc(row.updated_at) > self.idle:
            return None
        return frame_from_dict(dict(row.frame))

    def keep(self, user_id: str, frame: Frame) -> None:
        values = {"user_id": user_id, "frame": frame_to_dict(frame), "updated_at": self.clock()}
        statement = self._upsert.values(values).on_conflict_do_update(
            index_elements=["user_id"], set_={"frame": values["frame"], "updated_at": values["updated_at"]}
        )

        def write() -> None:
            with self.database.quick.connect() as connection:
                connection.execute(statement)

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
