"""Webhooks for partner systems: the endpoints admins register and the
events they are told of (`release.published`, `data.revised`,
`announcement.sent`). An event becomes one durable message per endpoint
that wants it, written in the transaction of what caused it (the import,
the settling of an announcement), so no event is lost or told twice;
`webhook_outbox.py` signs and sends them (Standard Webhooks)."""

from __future__ import annotations

import base64
import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from bot.data.audit import AuditAction, record
from bot.data.db import Database, as_utc, upsert_insert
from bot.data.models import Announcement, WebhookEndpoint, WebhookMessage, utcnow
from bot.ingest.importer import ImportSummary
from bot.ops.fetch import FetchError, FetchPolicy, checked_address
from bot.ops.sealed import fernet_for

RELEASE_PUBLISHED = "release.published"
DATA_REVISED = "data.revised"
ANNOUNCEMENT_SENT = "announcement.sent"
TEST_EVENT = "webhook.test"
EVENTS = (RELEASE_PUBLISHED, DATA_REVISED, ANNOUNCEMENT_SENT)
KEY_SALT = "webhook-secrets-v1"


class WebhookError(ValueError):
    """A registration refused; the message says why, for the admin, and
    `reason` names the kind, for the console to say it in the admin's language."""

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason


class SecretBox:
    """Signing secrets at rest, encrypted with a key of their own derived from SECRET_KEY."""

    def __init__(self, secret_key: str) -> None:
        self.fernet = fernet_for(secret_key, KEY_SALT)

    def seal(self, secret: str) -> str:
        return self.fernet.encrypt(secret.encode()).decode()

    def open(self, sealed: str) -> str:
        return self.fernet.decrypt(sealed.encode()).decode()


def new_signing_secret() -> str:
    """Standard Webhooks' form: `whsec_` and 24 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


@dataclass(frozen=True)
class EndpointView:
    id: int
    url: str
    description: str
    events: list[str]
    enabled: bool
    disabled_reason: str | None
    failing_since: datetime | None
    waiting: int
    delivered: int


class WebhookEndpoints:
    """Registering, listing, enabling and removing endpoints (admins only, audited)."""

    def __init__(self, database: Database, secret_key: str, policy: FetchPolicy) -> None:
        self.database = database
        self.box = SecretBox(secret_key)
        self.policy = policy

    def register(self, url: str, events: Iterable[str], description: str, by: str) -> tuple[int, str]:
        """The new endpoint's id and its signing secret (shown once, to give to the partner)."""
        chosen = [event for event in EVENTS if event in set(events)]
        if not chosen:
            raise WebhookError(f"choose at least one event: {', '.join(EVENTS)}", "events")
        if len(url) > 1000 or not url.lower().startswith("https://"):
            raise WebhookError("the address must start with https:// and be at most 1000 characters", "https")
        try:
            checked_address(url, self.policy)
        except FetchError as error:
            # Unresolvable may pass later; anything else here is an address that is not public.
            raise WebhookError(str(error), "unresolved" if error.retryable else "not public") from None
        secret = new_signing_secret()
        with self.database.session() as session:
            endpoint = WebhookEndpoint(
                url=url,
                description=description.strip()[:300],
                events=chosen,
                secret_encrypted=self.box.seal(secret),
                enabled=True,
                created_by=by,
            )
            session.add(endpoint)
            session.flush()
            record(session, by, AuditAction.WEBHOOK_ADD, f"webhook:{endpoint.id}", url=url, events=chosen)
            return endpoint.id, secret

    def secret_of(self, endpoint: WebhookEndpoint) -> str:
        return self.box.open(endpoint.secret_encrypted)

    def endpoints(self) -> list[EndpointView]:
        with self.database.session() as session:
            counts: dict[tuple[int, str], int] = {
                (endpoint_id, state): int(count)
                for endpoint_id, state, count in session.execute(
                    select(WebhookMessage.endpoint_id, WebhookMessage.state, func.count()).group_by(
                        WebhookMessage.endpoint_id, WebhookMessage.state
                    )
                )
            }
            return [
                EndpointView(
                    row.id,
                    row.url,
                    row.description,
                    list(row.events),
                    row.enabled,
                    row.disabled_reason,
                    as_utc(row.failing_since) if row.failing_since else None,
                    sum(counts.get((row.id, state), 0) for state in ("pending", "claimed", "failed")),
                    counts.get((row.id, "sent"), 0),
                )
                for row in session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id))
            ]

    def messages(self, endpoint_id: int, limit: int = 50) -> list[WebhookMessage]:
        """The delivery log of one endpoint, newest first."""
        with self.database.session() as session:
            query = (
                select(WebhookMessage)
                .where(WebhookMessage.endpoint_id == endpoint_id)
                .order_by(WebhookMessage.id.desc())
                .limit(limit)
            )
            rows = list(session.scalars(query))
            session.expunge_all()
            return rows

    def enable(self, endpoint_id: int, by: str) -> None:
        """Enabled again: what was given up while it was disabled is sent after all."""
        with self.database.session() as session:
            endpoint = session.get(WebhookEndpoint, endpoint_id)
            if endpoint is None:
                raise WebhookError("no such endpoint")
            endpoint.enabled, endpoint.disabled_reason, endpoint.failing_since = True, None, None
            session.execute(
                update(WebhookMessage)
                .where(WebhookMessage.endpoint_id == endpoint_id, WebhookMessage.state == "abandoned")
                .values(state="pending", next_attempt_at=utcnow())
            )
            record(session, by, AuditAction.WEBHOOK_ENABLE, f"webhook:{endpoint_id}")

    def remove(self, endpoint_id: int, by: str) -> None:
        with self.database.session() as session:
            session.execute(delete(WebhookMessage).where(WebhookMessage.endpoint_id == endpoint_id))
            removed = session.execute(delete(WebhookEndpoint).where(WebhookEndpoint.id == endpoint_id))
            if not removed.rowcount:  # type: ignore[attr-defined]
                raise WebhookError("no such endpoint")
            record(session, by, AuditAction.WEBHOOK_REMOVE, f"webhook:{endpoint_id}")

    def send_test(self, endpoint_id: int, by: str) -> None:
        """A `webhook.test` event for this endpoint alone, through the same outbox."""
        with self.database.session() as session:
            endpoint = session.get(WebhookEndpoint, endpoint_id)
            if endpoint is None:
                raise WebhookError("no such endpoint")
            key = f"{TEST_EVENT}:{uuid.uuid4().hex}"
            _owe(session, [endpoint.id], TEST_EVENT, key, {"requested_by": "staff", "note": "a test event"})
            record(session, by, AuditAction.WEBHOOK_TEST, f"webhook:{endpoint_id}")


def _owe(session: Session, endpoint_ids: list[int], event_type: str, key: str, data: dict[str, Any]) -> None:
    """One message per endpoint, once per event key (a repeat is ignored)."""
    if not endpoint_ids:
        return
    now = utcnow()
    rows = [
        {
            "endpoint_id": endpoint_id,
            "event_key": key,
            "event_type": event_type,
            "message_id": f"msg_{uuid.uuid4().hex}",
            "payload": {"type": event_type, "timestamp": now.isoformat(), "data": data},
            "state": "pending",
            "attempts": 0,
            "next_attempt_at": now,
            "created_at": now,
        }
        for endpoint_id in endpoint_ids
    ]
    statement = upsert_insert(session)(WebhookMessage).on_conflict_do_nothing(
        index_elements=["endpoint_id", "event_key"]
    )
    session.execute(statement, rows)


def emit(session: Session, event_type: str, key: str, data: dict[str, Any]) -> None:
    """Owe the event to every enabled endpoint that asked for it, in the caller's transaction."""
    wanting = [
        endpoint.id
        for endpoint in session.scalars(select(WebhookEndpoint).where(WebhookEndpoint.enabled.is_(True)))
        if event_type in endpoint.events
    ]
    _owe(session, wanting, event_type, key, data)


def emit_import_events(session: Session, summaries: list[ImportSummary], public_base_url: str) -> None:
    """In the import's transaction: `release.published` for an import that
    brought new months, `data.revised` for one that changed stored values
    (a first backfill or a re-import is neither)."""
    base = public_base_url.rstrip("/")
    for summary in summaries:
        if summary.import_id is None or summary.is_backfill or summary.earlier_import is not None:
            continue
        months = sorted(month.iso() for month in summary.new_months)
        common = {"import_id": summary.import_id, "file_name": summary.file_name, "dataset": summary.dataset}
        if months:
            links = {
                "releases": [f"{base}/releases/{month}" for month in months],
                "sdmx": f"{base}/sdmx/data/OIE,DF_INDUSTRY,1.0/all?startPeriod={months[0]}",
            }
            data = {**common, "months": months, "new_values": summary.total("new"), "links": links}
            emit(session, RELEASE_PUBLISHED, f"{RELEASE_PUBLISHED}:import:{summary.import_id}", data)
        revised = summary.total("revised") + summary.total("finalized")
        if revised:
            changed = sorted({value.key.period.iso() for value in summary.revised_values})
            data = {
                **common,
                "revised_values": summary.total("revised"),
                "finalized_values": summary.total("finalized"),
            }
            data["months"] = changed
            data["links"] = {"api": f"{base}/api/v1/releases"}
            emit(session, DATA_REVISED, f"{DATA_REVISED}:import:{summary.import_id}", data)


def emit_announcement_sent(session: Session, announcement: Announcement, channels: list[str]) -> None:
    """In the transaction that settles it: the announcement went out."""
    data = {
        "announcement_id": announcement.id,
        "title": announcement.title,
        "period": announcement.period,
        "channels": channels,
        "link": announcement.link_url,
    }
    emit(session, ANNOUNCEMENT_SENT, f"{ANNOUNCEMENT_SENT}:{announcement.id}", data)
