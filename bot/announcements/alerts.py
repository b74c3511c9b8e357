"""Alerts on what a subscriber cares about: a condition on one indicator of
one sector ("the auto MPI falls more than 5% on a year before", "capacity
utilization above 70%"), set from the chat (LINE) or the public site
(e-mail). An import is checked against every alert in its own transaction:
a release month that meets a condition owes one notice (`alert_notices`,
unique per alert and month), sent by the worker (`alert_outbox.py`). A
revision of an older month owes one only to an alert that asked for them."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.answers.analytics import change
from bot.catalog import Speaker
from bot.data.db import Database
from bot.data.models import Alert, AlertNotice
from bot.data.store import Snapshot, build_snapshot
from bot.ingest.importer import ImportSummary
from bot.ops.sealed import SealedTokens
from nlp.thaidate import YearMonth

MAX_ALERTS = 10  # per address: an alert is a promise to write; a long list is a subscription
MEASURES = ("level", "change")
DIRECTIONS = ("above", "below")
COMPARISONS = ("yoy", "mom")
LIMIT = Decimal(100000)
MANAGE_LINK_LIFETIME = timedelta(days=400)  # as long as the unsubscribe link: mail sits unread for months


def alert_manage_tokens(secret_key: str) -> SealedTokens:
    """Tokens of the link in every alert e-mail that lists the address's alerts to remove:
    the address sealed, so a link seen in a log reveals nobody."""
    return SealedTokens(secret_key, "alerts-manage-v1", MANAGE_LINK_LIFETIME)


class AlertError(ValueError):
    """An alert refused; `reason` names the kind, for the chat or the site to say in the user's language."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class AlertSpec:
    """What an alert watches. A change is in percent, or in points for an
    indicator that is itself a percentage (capacity utilization)."""

    indicator: str
    sector: str
    measure: str  # level, change
    direction: str  # above, below
    threshold: Decimal
    comparison: str = ""  # yoy, mom for a change
    on_revisions: bool = False

    @classmethod
    def read(cls, fields: dict[str, str], snapshot: Snapshot) -> AlertSpec:
        """From a button's or a form's fields, each checked against the data held."""
        indicator, sector = fields.get("indicator", ""), fields.get("sector") or "TOTAL"
        if indicator not in snapshot.indicators:
            raise AlertError(f"no indicator {indicator!r}", "indicator")
        if sector not in snapshot.sectors:
            raise AlertError(f"no sector {sector!r}", "sector")
        measure, direction = fields.get("measure", ""), fields.get("direction", "")
        if measure not in MEASURES or direction not in DIRECTIONS:
            raise AlertError("the condition must be a level or a change, above or below", "condition")
        try:
            threshold = Decimal(fields.get("threshold", "").strip().replace(",", ""))
        except InvalidOperation:
            raise AlertError("the threshold must be a number", "threshold") from None
        if not threshold.is_finite() or abs(threshold) >= LIMIT:
            raise AlertError("the threshold must be a number", "threshold")
        comparison = fields.get("comparison", "") if measure == "change" else ""
        if measure == "change" and comparison not in COMPARISONS:
            comparison = "yoy"
        on_revisions = fields.get("revisions", "") in ("1", "true", "on")
        return cls(indicator, sector, measure, direction, threshold.quantize(Decimal("0.01")), comparison, on_revisions)

    def fields(self) -> dict[str, str]:
        """As a button carries it (LINE postback data) and `read` reads it back."""
        found = {
            "indicator": self.indicator,
            "sector": self.sector,
            "measure": self.measure,
            "direction": self.direction,
            "threshold": format(self.threshold.normalize(), "f"),
        }
        if self.comparison:
            found["comparison"] = self.comparison
        if self.on_revisions:
            found["revisions"] = "1"
        return found

    @classmethod
    def of(cls, row: Alert) -> AlertSpec:
        return cls(
            row.indicator, row.sector, row.measure, row.direction, Decimal(row.threshold), row.comparison,
            row.on_revisions,
        )  # fmt: skip

    def figures(self, snapshot: Snapshot, month: YearMonth) -> dict[str, Any] | None:
        """The figures of `month` when they meet the condition, else None."""
        point = snapshot.point(self.indicator, self.sector, month)
        if point is None:
            return None
        current = point.value
        found: dict[str, Any] = {"value": str(current), "preliminary": point.preliminary}
        measured = current
        if self.measure == "change":
            base_month = month.shift(-12 if self.comparison == "yoy" else -1)
            base = snapshot.point(self.indicator, self.sector, base_month)
            moved = change(current, base.value, self.in_points(snapshot)) if base is not None else None
            if base is None or moved is None:
                return None
            measured = moved
            found.update(base=str(base.value), base_period=base_month.iso(), change=str(round(moved, 2)))
        crossed = measured > self.threshold if self.direction == "above" else measured < self.threshold
        return found if crossed else None

    def unit(self, said: Speaker, snapshot: Snapshot) -> str:
        """How a change is written after its number: "5%", or "5 points" of a rate."""
        return " " + said.say("points") if self.in_points(snapshot) else "%"

    def in_points(self, snapshot: Snapshot) -> bool:
        return snapshot.changes_in_points(self.indicator)

    def describe(self, said: Speaker, snapshot: Snapshot) -> str:
        """The condition in words: "ดัชนีผลผลิตอุตสาหกรรม ยานยนต์ ลดลงเกิน 5% เทียบเดือนเดียวกันปีก่อน"."""
        row = snapshot.indicators.get(self.indicator)
        name = said.local(row, "name") if row is not None else self.indicator
        sector = snapshot.sectors.get(self.sector)
        if sector is not None and not sector.is_total:
            name = said.say("%(indicator)s of %(sector)s", indicator=name, sector=said.sector_short(sector))
        amount = format(abs(self.threshold).normalize(), "f")
        if self.measure == "level":
            if self.direction == "above":
                return said.say("%(name)s above %(amount)s", name=name, amount=amount)
            return said.say("%(name)s below %(amount)s", name=name, amount=amount)
        unit = self.unit(said, snapshot)
        against = (
            said.say("on the same month a year before") if self.comparison == "yoy" else said.say("on the month before")
        )
        if self.direction == "below" and self.threshold == 0:
            return said.say("%(name)s falls %(against)s", name=name, against=against)
        if self.direction == "above" and self.threshold == 0:
            return said.say("%(name)s rises %(against)s", name=name, against=against)
        if self.direction == "below" and self.threshold < 0:
            return said.say(
                "%(name)s falls more than %(amount)s%(unit)s %(against)s",
                name=name, amount=amount, unit=unit, against=against,
            )  # fmt: skip
        if self.direction == "above" and self.threshold > 0:
            return said.say(
                "%(name)s rises more than %(amount)s%(unit)s %(against)s",
                name=name, amount=amount, unit=unit, against=against,
            )  # fmt: skip
        signed = format(self.threshold.normalize(), "f")
        if self.direction == "above":
            return said.say(
                "the change of %(name)s %(against)s is above %(amount)s%(unit)s",
                name=name, amount=signed, unit=unit, against=against,
            )  # fmt: skip
        return said.say(
            "the change of %(name)s %(against)s is below %(amount)s%(unit)s",
            name=name, amount=signed, unit=unit, against=against,
        )  # fmt: skip


@dataclass(frozen=True)
class AlertView:
    id: int
    spec: AlertSpec
    language: str


class AlertBook:
    """Each address's alerts, on one channel ("line": a LINE user id; "email")."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def add(self, channel: str, address: str, spec: AlertSpec, language: str) -> tuple[int, bool]:
        """The alert's id, and whether it is new (the same condition twice is one alert)."""
        with self.database.session() as session:
            mine = list(session.scalars(select(Alert).where(Alert.channel == channel, Alert.address == address)))
            for row in mine:
                if replace(AlertSpec.of(row), on_revisions=spec.on_revisions) == spec:
                    row.on_revisions = row.on_revisions or spec.on_revisions
                    return row.id, False
            if len(mine) >= MAX_ALERTS:
                raise AlertError(f"at most {MAX_ALERTS} alerts per address", "too_many")
            row = Alert(
                channel=channel, address=address, indicator=spec.indicator, sector=spec.sector, measure=spec.measure,
                comparison=spec.comparison, direction=spec.direction, threshold=spec.threshold,
                on_revisions=spec.on_revisions, language=language,
            )  # fmt: skip
            session.add(row)
            session.flush()
            return row.id, True

    def list(self, channel: str, address: str) -> list[AlertView]:
        with self.database.session() as session:
            rows = session.scalars(
                select(Alert).where(Alert.channel == channel, Alert.address == address).order_by(Alert.id)
            )
            return [AlertView(row.id, AlertSpec.of(row), row.language) for row in rows]

    def remove(self, channel: str, address: str, alert_id: int | None = None) -> int:
        """One alert of this address, or (without an id) all of them; how many went."""
        with self.database.session() as session:
            query = delete(Alert).where(Alert.channel == channel, Alert.address == address)
            if alert_id is not None:
                query = query.where(Alert.id == alert_id)
            return int(session.execute(query).rowcount or 0)  # type: ignore[attr-defined]


def owe_alert_notices(session: Session, summaries: list[ImportSummary], release_months: Iterable[YearMonth]) -> int:
    """In the import's transaction: one notice for each alert a release month
    meets, and for each alert that asked for revisions, one for each revised
    older month that now meets it. How many were owed."""
    months = sorted(release_months)
    revised = [
        (summary.import_id, value)
        for summary in summaries
        if summary.import_id is not None and not summary.is_backfill and summary.earlier_import is None
        for value in summary.revised_values
        if value.key.period not in months
    ]
    if not months and not revised:
        return 0
    alerts = list(session.scalars(select(Alert)))
    if not alerts:
        return 0
    snapshot = build_snapshot(session)
    owed = {(alert_id, key) for alert_id, key in session.execute(select(AlertNotice.alert_id, AlertNotice.event_key))}
    count = 0
    for alert in alerts:
        spec = AlertSpec.of(alert)
        events: list[tuple[str, YearMonth, dict[str, Any] | None]] = [
            (month.iso(), month, spec.figures(snapshot, month)) for month in months
        ]
        if spec.on_revisions:
            events += [
                (f"{value.key.period.iso()}:r{import_id}", value.key.period, spec.figures(snapshot, value.key.period))
                for import_id, value in revised
                if (value.key.indicator, value.key.sector) == (spec.indicator, spec.sector)
            ]
        for key, month, figures in events:
            if figures is None or (alert.id, key) in owed:
                continue
            session.add(
                AlertNotice(
                    alert_id=alert.id, event_key=key, period=month.iso(), figures=figures,
                    retry_key=str(uuid.uuid4()), state="pending", attempts=0,
                )
            )  # fmt: skip
            owed.add((alert.id, key))
            count += 1
    return count
