"""The webhook events already taken for processing."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from bot.data.db import Database
from bot.data.models import ProcessedEvent, utcnow

LEDGER_RETENTION = timedelta(days=14)


class EventLedgerStore:
    """Claims webhook events in the database; the primary key on the event id
    makes a claim succeed once across redeliveries and web workers."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._claims = 0

    def claim(self, event_id: str, event_type: str) -> bool:
        try:
            with self.database.session() as session:
                session.add(ProcessedEvent(event_id=event_id, event_type=event_type[:32]))
        except IntegrityError:
            return False
        self._claims += 1
        if self._claims % 1000 == 1:
            self.purge()
        return True

    def purge(self) -> None:
        """Forget claims older than LINE could redeliver."""
        with self.database.session() as session:
            session.execute(delete(ProcessedEvent).where(ProcessedEvent.received_at < utcnow() - LEDGER_RETENTION))
