"""Where each one-to-one chat's last question about figures is kept, so a
follow-up ("แล้วเดือนก่อนล่ะ") can complete it (see `nlp.context`)."""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete

from bot.data.db import Database, as_utc, upsert_insert
from bot.data.models import ChatContext, utcnow
from nlp.context import frame_from_dict, frame_to_dict
from nlp.parser import Frame


class ContextStore:
    """In the database (any process may answer a chat's next message)."""

    def __init__(self, database: Database, idle: timedelta, clock: Callable[[], datetime] = utcnow) -> None:
        self.database = database
        self.idle = idle
        self.clock = clock

    def recall(self, user_id: str) -> Frame | None:
        """The chat's last question, unless it is older than the idle time."""
        with self.database.session() as session:
            row = session.get(ChatContext, user_id)
            if row is None or self.clock() - as_utc(row.updated_at) > self.idle:
                return None
            return frame_from_dict(dict(row.frame))

    def keep(self, user_id: str, frame: Frame) -> None:
        values = {"user_id": user_id, "frame": frame_to_dict(frame), "updated_at": self.clock()}
        with self.database.session() as session:
            insert = upsert_insert(session)(ChatContext).values(values)
            session.execute(
                insert.on_conflict_do_update(
                    index_elements=["user_id"], set_={"frame": values["frame"], "updated_at": values["updated_at"]}
                )
            )

    def forget(self, user_id: str) -> None:
        with self.database.session() as session:
            session.execute(delete(ChatContext).where(ChatContext.user_id == user_id))


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

    def forget(self, user_id: str) -> None:
        self.session.pop(self.KEY, None)
