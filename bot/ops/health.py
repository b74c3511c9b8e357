"""Readiness: can this instance do its job right now? What an operator paged
at night looks at first, and what a load balancer asks before sending traffic.

Each check says ok or not and why; the whole is ready when every check is."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select, text

from bot.data.db import Database, as_utc, upsert_insert
from bot.data.models import Heartbeat, InboxEvent, OutboxItem, utcnow
from bot.data.models.chat import unanswered

SCHEDULER = "scheduler"
WATCHED_FOLDER = "watched-folder"  # its last run and outcome, for people to read


@dataclass(frozen=True)
class Limits:
    heartbeat: timedelta = timedelta(seconds=120)  # the scheduler beats every 30 s
    inbox_age: timedelta = timedelta(seconds=60)  # a question waiting a minute is an incident
    outbox_age: timedelta = timedelta(minutes=30)  # the oldest request due and still unsent


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def beat(database: Database, name: str = SCHEDULER, holder: str = "") -> None:
    """Record that `name` is alive (the active scheduler calls this on a timer)."""
    with database.session() as session:
        insert = upsert_insert(session)(Heartbeat).values(name=name, beat_at=utcnow(), holder=holder[:100])
        session.execute(
            insert.on_conflict_do_update(index_elements=["name"], set_={"beat_at": utcnow(), "holder": holder[:100]})
        )


def readiness(database: Database, limits: Limits = Limits()) -> list[Check]:
    now = utcnow()
    try:
        with database.session() as session:
            session.execute(text("SELECT 1"))
            beat_at = session.scalar(select(Heartbeat.beat_at).where(Heartbeat.name == SCHEDULER))
            folder = session.execute(
                select(Heartbeat.beat_at, Heartbeat.holder).where(Heartbeat.name == WATCHED_FOLDER)
            ).first()
            inbox_oldest = session.scalar(select(func.min(InboxEvent.received_at)).where(unanswered(InboxEvent.state)))
            outbox_oldest = session.scalar(
                select(func.min(OutboxItem.next_attempt_at)).where(
                    OutboxItem.state == "pending", OutboxItem.next_attempt_at <= now
                )
            )
    except Exception as error:  # any failure to reach or read the database
        return [Check("database", False, f"unreachable: {type(error).__name__}")]

    def age(moment: Any) -> timedelta | None:
        return now - as_utc(moment) if moment is not None else None

    checks = [Check("database", True, "reachable")]
    heartbeat = age(beat_at)
    if heartbeat is None:
        checks.append(Check("scheduler", False, "no scheduler has ever run on this database"))
    else:
        fresh = heartbeat <= limits.heartbeat
        checks.append(Check("scheduler", fresh, f"last heartbeat {heartbeat.total_seconds():.0f} s ago"))
    for name, oldest, limit in (
        ("inbox", age(inbox_oldest), limits.inbox_age),
        ("outbox", age(outbox_oldest), limits.outbox_age),
    ):
        if oldest is None:
            checks.append(Check(name, True, "nothing waiting"))
        else:
            checks.append(Check(name, oldest <= limit, f"oldest waiting {oldest.total_seconds():.0f} s"))
    if folder is not None:  # informative: a file set aside does not make the service unready
        ran = age(folder.beat_at)
        seconds = ran.total_seconds() if ran is not None else 0
        checks.append(Check("watched folder", True, f"last run {seconds:.0f} s ago: {folder.holder}"))
    return checks


def as_json(checks: list[Check]) -> dict[str, Any]:
    return {"ready": all(check.ok for check in checks), "checks": [asdict(check) for check in checks]}
