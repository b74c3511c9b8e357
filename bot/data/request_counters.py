"""Rate-limit counters in the service's database, as a storage backend of
the `limits` library (Flask-Limiter's storage), registered as
`database://`.

Written here because `limits` ships memory, Redis, Memcached, MongoDB and
etcd storages but none on SQL, and the service's one shared store on every
deployment (SQLite on one machine, PostgreSQL behind several workers) is
its database. Fixed windows only: one upsert per request."""

from __future__ import annotations

import time
from typing import Any

from limits.storage import Storage
from sqlalchemy import delete, select, text
from sqlalchemy.exc import SQLAlchemyError

from bot.data.db import Database, retry_on_disconnect
from bot.data.models import RequestCounter

# One statement both databases read alike: a new window starts at zero.
_COUNT = text(
    "INSERT INTO request_counters (key, hits, expires_at) VALUES (:key, :amount, :expires_at) "
    "ON CONFLICT (key) DO UPDATE SET "
    "hits = CASE WHEN request_counters.expires_at <= :now THEN :amount ELSE request_counters.hits + :amount END, "
    "expires_at = CASE WHEN request_counters.expires_at <= :now THEN :expires_at "
    "ELSE request_counters.expires_at END "
    "RETURNING hits"
)


class DatabaseStorage(Storage):
    STORAGE_SCHEME = ["database"]  # noqa: RUF012  (the base class declares it a plain attribute)

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options: Any) -> None:
        database = options.get("database")
        if not isinstance(database, Database):
            raise ValueError("database:// rate-limit storage needs storage_options={'database': Database}")
        self.database = database
        super().__init__(uri, wrap_exceptions=wrap_exceptions)

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        values = {"key": key, "amount": amount, "expires_at": now + expiry, "now": now}

        def count() -> int:
            with self.database.quick.connect() as connection:
                return int(connection.execute(_COUNT, values).scalar_one())

        return retry_on_disconnect(count)

    def _row(self, key: str) -> tuple[int, float] | None:
        with self.database.quick.connect() as connection:
            row = connection.execute(
                select(RequestCounter.hits, RequestCounter.expires_at).where(RequestCounter.key == key)
            ).first()
        if row is None or row.expires_at <= time.time():
            return None
        return int(row.hits), float(row.expires_at)

    def get(self, key: str) -> int:
        row = self._row(key)
        return row[0] if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._row(key)
        return row[1] if row else time.time()

    def check(self) -> bool:
        try:
            with self.database.quick.connect() as connection:
                connection.execute(select(1))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        with self.database.quick.connect() as connection:
            return int(connection.execute(delete(RequestCounter)).rowcount)

    def clear(self, key: str) -> None:
        with self.database.quick.connect() as connection:
            connection.execute(delete(RequestCounter).where(RequestCounter.key == key))

    def purge_expired(self) -> int:
        """Drop windows that ended (run now and then: each client leaves one row per limit)."""
        with self.database.quick.connect() as connection:
            result = connection.execute(delete(RequestCounter).where(RequestCounter.expires_at <= time.time()))
        return int(result.rowcount)
