"""Announcements: release drafts made from imports, staff-written notices,
their life cycle and their schedule.

States: draft -> approved -> scheduled -> sending -> sent | partly_failed |
failed, or cancelled before sending starts. A release draft is made once per
new month (never for revisions, a first backfill or a re-import)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.analytics import change, ranking, round2
from bot.charts import ChartSpec
from bot.config import Settings
from bot.db import Database
from bot.importer import ImportSummary, import_files
from bot.models import Announcement, Delivery, utcnow
from bot.store import Snapshot, build_snapshot
from bot.subscriptions import TOPICS
from nlp.lexicon import TOTAL
from nlp.thaidate import YearMonth
from publishers.x import split_thread

EDITABLE_STATES = frozenset({"draft", "approved", "scheduled"})
FINAL_STATES = frozenset({"sent", "partly_failed", "failed", "cancelled"})
CHART_MONTHS = 24


class AnnouncementError(Exception):
    """An action not allowed in the announcement's state, with the reason."""


@dataclass(frozen=True)
class AnnouncementPolicy:
    """The configuration switches that govern announcements."""

    require_approval: bool
    send_time: time
    time_zone: ZoneInfo
    release_audience: str  # "topics" (subscribers) or "all" (every friend)
    channels: tuple[str, ...]
    holidays: frozenset[date]
    public_base_url: str

    @classmethod
    def from_settings(cls, settings: Settings) -> AnnouncementPolicy:
        hour, _, minute = settings.RELEASE_SEND_TIME.partition(":")
        holidays = frozenset(date.fromisoformat(day.strip()) for day in settings.HOLIDAYS.split(",") if day.strip())
        return cls(
            require_approval=settings.ANNOUNCEMENT_REQUIRE_APPROVAL,
            send_time=time(int(hour), int(minute or 0)),
            time_zone=ZoneInfo(settings.TZ_NAME),
            release_audience=settings.RELEASE_AUDIENCE,
            channels=settings.announcement_channels,
            holidays=holidays,
            public_base_url=settings.public_base_url,
        )

    def default_send_time(self, now: datetime) -> datetime:
        """The send time on the next working day (weekends and holidays skipped)."""
        day = now.astimezone(self.time_zone).date() + timedelta(days=1)
        while day.weekday() >= 5 or day in self.holidays:
            day += timedelta(days=1)
        return datetime.combine(day, self.send_time, tzinfo=self.time_zone)


def as_utc(moment: datetime) -> datetime:
    """SQLite returns naive datetimes; every stored time is UTC."""
    return moment.replace(tzinfo=ZoneInfo("UTC")) if moment.tzinfo is None else moment.astimezone(ZoneInfo("UTC"))


# --- release drafts ---------------------------------------------------------------


def import_releases(
    database: Database,
    paths: list[Path],
    settings: Settings,
    dataset: str | None = None,
    dry_run: bool = False,
    progress: bool = False,
) -> tuple[list[ImportSummary], list[int]]:
    """Import release files and, in the same transaction, draft the
    announcement of any new month: both happen, or neither."""
    policy = AnnouncementPolicy.from_settings(settings)
    drafted: list[int] = []

    def draft(session: Session, summaries: list[ImportSummary]) -> None:
        drafted.extend(a.id for a in draft_release_announcements(session, summaries, policy))

    summaries = import_files(database, paths, dataset=dataset, dry_run=dry_run, progress=progress, in_transaction=draft)
    return summaries, ([] if dry_run else drafted)


def draft_release_announcements(
    session: Session, summaries: list[ImportSummary], policy: AnnouncementPolicy, now: datetime | None = None
) -> list[Announcement]:
    """Inside the import's transaction: one draft per month that is new in
    these files, unless the import was the first backfill or changed nothing."""
    months: set[YearMonth] = set()
    for summary in summaries:
        if summary.is_backfill or summary.earlier_import is not None or not summary.changed:
            continue
        months.update(summary.new_months)
    if not months:
        return []
    snapshot = build_snapshot(session)
    import_id = next((s.import_id for s in reversed(summaries) if s.import_id is not None), None)
    created = []
    for month in sorted(months):
        key = f"release:{month.iso()}"
        if session.scalar(select(Announcement.id).where(Announcement.dedupe_key == key)) is not None:
            continue
        draft = compose_release(snapshot, month, policy)
        announcement = Announcement(
            kind="release",
            dedupe_key=key,
            period=month.iso(),
            title=draft.title,
            text=draft.text,
            image_url=draft.image_url,
            line_flex=draft.flex,
            audience="all" if policy.release_audience == "all" else "topics",
            topics=list(TOPICS),
            channels=list(policy.channels),
            state="draft",
            import_id=import_id,
            versions=draft_versions(draft.title, draft.text, None),
            edited_versions=[],
        )
        session.add(announcement)
        session.flush()
        _create_deliveries(session, announcement)
        if not policy.require_approval:
            _schedule(announcement, policy.default_send_time(now or utcnow()), "system")
        created.append(announcement)
    return created


@dataclass(frozen=True)
class ReleaseDraft:
    title: str
    text: str
    image_url: str | None
    flex: dict[str, Any]


def _yoy(snapshot: Snapshot, indicator: str, sector: str, month: YearMonth) -> Decimal | None:
    current = snapshot.point(indicator, sector, month)
    base = snapshot.point(indicator, sector, month.shift(-12))
    if current is None or base is None:
        return None
    in_points = snapshot.indicators[indicator].change_kind == "points"
    return change(current.value, base.value, in_points)


def _moved(value: Decimal | None, in_points: bool) -> str:
    if value is None:
        return "(ไม่มีข้อมูลปีก่อน)"
    rounded = round2(value)
    word = "เพิ่มขึ้น" if rounded > 0 else "ลดลง" if rounded < 0 else "ทรงตัว"
    sign = "+" if rounded > 0 else ""
    return f"{word} {sign}{rounded:,.2f}{' จุด' if in_points else '%'}"


def compose_release(snapshot: Snapshot, month: YearMonth, policy: AnnouncementPolicy) -> ReleaseDraft:
    """The Thai release text: MPI and capacity utilization with YoY and
    direction, the sectors that moved most, the other indices, the
    preliminary mark and the source; plus the LINE Flex card with the chart."""
    mpi = snapshot.point("MPI", TOTAL, month)
    capu = snapshot.point("CAPU", TOTAL, month)
    preliminary = any(p.preliminary for p in (mpi, capu) if p is not None)
    sample = any(p.dataset != "OIE" for p in snapshot.points.values() if p.period == month)
    prelim_mark = " (ตัวเลขเบื้องต้น)" if preliminary else ""
    title = f"ดัชนีเศรษฐกิจอุตสาหกรรม เดือน{month.thai()}{prelim_mark}"
    lines = [f"📊 {title}"]
    if mpi is not None:
        lines.append(
            f"• ดัชนีผลผลิตอุตสาหกรรม (MPI) {mpi.value:,.2f} {_moved(_yoy(snapshot, 'MPI', TOTAL, month), False)} "
            "เทียบกับเดือนเดียวกันของปีก่อน"
        )
    if capu is not None:
        lines.append(
            f"• อัตราการใช้กำลังการผลิต ร้อยละ {capu.value:,.2f} "
            f"{_moved(_yoy(snapshot, 'CAPU', TOTAL, month), True)} เทียบกับเดือนเดียวกันของปีก่อน"
        )
    ranked = ranking(snapshot, "MPI", month, "yoy", in_points=False)
    names = {code: row.name_th.removeprefix("การผลิต") for code, row in snapshot.sectors.items()}
    if ranked:
        up = [item for item in ranked[:3] if item.change > 0]
        down = [item for item in reversed(ranked[-3:]) if item.change < 0]
        if up:
            lines.append("• สาขาที่ขยายตัวสูง: " + ", ".join(f"{names[i.sector]} +{round2(i.change)}%" for i in up))
        if down:
            lines.append("• สาขาที่หดตัวมาก: " + ", ".join(f"{names[i.sector]} {round2(i.change)}%" for i in down))
    others = []
    for code, label in (("SHIPMENT", "ดัชนีการส่งสินค้า"), ("INVENTORY", "ดัชนีสินค้าสำเร็จรูปคงคลัง")):
        point = snapshot.point(code, TOTAL, month)
        if point is not None:
            others.append(f"{label} {point.value:,.2f} ({_moved(_yoy(snapshot, code, TOTAL, month), False)})")
    if others:
        lines.append("• " + ", ".join(others))
    source = "ที่มา: ข้อมูลตัวอย่าง (สังเคราะห์) ไม่ใช่ตัวเลขทางการของ สศอ." if sample else "ที่มา: สำนักงานเศรษฐกิจอุตสาหกรรม (สศอ.)"
    if preliminary:
        lines.append("หมายเหตุ: ตัวเลขเบื้องต้น อาจมีการปรับปรุง")
    lines.append(source)
    text = "\n".join(lines)

    chart = ChartSpec("MPI", TOTAL, month.shift(-(CHART_MONTHS - 1)), month)
    image_url = f"{policy.public_base_url}/charts/{chart.key(snapshot)}.png"
    flex = _release_bubble(title, lines[1:-1], source, image_url)
    return ReleaseDraft(title=title, text=text, image_url=image_url, flex=flex)


def _release_bubble(title: str, bullets: list[str], source: str, image_url: str) -> dict[str, Any]:
    return {
        "type": "bubble",
        "hero": {"type": "image", "url": image_url, "size": "full", "aspectRatio": "16:10", "aspectMode": "fit"},
        "body": {
            "type": "box",
            "layout": "vertical",
            "spacing": "sm",
            "contents": [
                {"type": "text", "text": title, "weight": "bold", "size": "md", "wrap": True, "color": "#0b6e4f"},
                *({"type": "text", "text": line, "size": "sm", "wrap": True} for line in bullets),
                {"type": "text", "text": source, "size": "xxs", "color": "#999999", "wrap": True},
            ],
        },
    }


# --- staff actions -------------------------------------------------------------------


def draft_versions(title: str, text: str, link_url: str | None) -> dict[str, Any]:
    """Each channel's form of an announcement: an X thread within X's limit,
    a Facebook post, an e-mail subject and body. Staff may edit each."""
    with_link = f"{text}\n{link_url}" if link_url else text
    return {
        "x": split_thread(with_link),
        "facebook": with_link,
        "email": {"subject": title, "text": text},
    }


def _refresh_versions(announcement: Announcement) -> None:
    drafted = draft_versions(announcement.title, announcement.text, announcement.link_url)
    kept = {
        name: value for name, value in (announcement.versions or {}).items() if name in announcement.edited_versions
    }
    announcement.versions = {**drafted, **kept}


def _create_deliveries(session: Session, announcement: Announcement) -> None:
    for channel in announcement.channels:
        session.add(Delivery(announcement_id=announcement.id, channel=channel, state="pending"))
    session.flush()


def _schedule(announcement: Announcement, at: datetime, by: str) -> None:
    announcement.state = "scheduled"
    announcement.scheduled_at = as_utc(at)
    announcement.updated_at = utcnow()
    if announcement.approved_by is None:
        announcement.approved_by = by


def _validate_topics(topics: list[str]) -> list[str]:
    for topic in topics:
        if topic not in TOPICS:
            raise AnnouncementError(f"unknown topic {topic!r}: use all, indicator:CODE or sector:NN")
    return topics


class AnnouncementService:
    def __init__(self, database: Database, policy: AnnouncementPolicy) -> None:
        self.database = database
        self.policy = policy

    def create(
        self,
        text: str,
        title: str = "",
        image_url: str | None = None,
        link_url: str | None = None,
        audience: str = "all",
        topics: list[str] | None = None,
        channels: list[str] | None = None,
        created_by: str = "staff",
    ) -> int:
        if not text.strip():
            raise AnnouncementError("an announcement needs text")
        if audience not in ("all", "topics"):
            raise AnnouncementError("audience must be 'all' or 'topics'")
        chosen_topics = _validate_topics(topics or [])
        if audience == "topics" and not chosen_topics:
            raise AnnouncementError("audience 'topics' needs at least one --topic")
        with self.database.session() as session:
            announcement = Announcement(
                kind="custom",
                title=title.strip() or text.strip().splitlines()[0][:100],
                text=text.strip(),
                image_url=image_url,
                link_url=link_url,
                audience=audience,
                topics=chosen_topics,
                channels=list(channels or self.policy.channels),
                state="draft",
                created_by=created_by,
                edited_versions=[],
            )
            _refresh_versions(announcement)
            session.add(announcement)
            session.flush()
            _create_deliveries(session, announcement)
            return announcement.id

    def _locked(self, session: Session, announcement_id: int) -> Announcement:
        query = select(Announcement).where(Announcement.id == announcement_id)
        if session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update()  # the scheduler may be moving it to the outbox
        announcement = session.scalar(query)
        if announcement is None:
            raise AnnouncementError(f"no announcement #{announcement_id}")
        return announcement

    def approve(self, announcement_id: int, by: str = "staff") -> None:
        with self.database.session() as session:
            announcement = self._locked(session, announcement_id)
            if announcement.state != "draft":
                raise AnnouncementError(f"#{announcement_id} is {announcement.state}; only a draft can be approved")
            announcement.state = "approved"
            announcement.approved_by = by
            announcement.updated_at = utcnow()

    def schedule(self, announcement_id: int, at: datetime | None = None, by: str = "staff") -> datetime:
        with self.database.session() as session:
            announcement = self._locked(session, announcement_id)
            if announcement.state == "draft" and self.policy.require_approval:
                raise AnnouncementError(f"#{announcement_id} needs approval before it can be scheduled")
            if announcement.state not in EDITABLE_STATES:
                raise AnnouncementError(f"#{announcement_id} is {announcement.state}; it can no longer be scheduled")
            now = utcnow()
            when = at or self.policy.default_send_time(now)
            if as_utc(when) < now - timedelta(minutes=1):
                raise AnnouncementError(f"{when:%Y-%m-%d %H:%M} is in the past; schedule a later time, or now")
            _schedule(announcement, when, by)
            return as_utc(when)

    def cancel(self, announcement_id: int) -> None:
        with self.database.session() as session:
            announcement = self._locked(session, announcement_id)
            if announcement.state not in EDITABLE_STATES:
                raise AnnouncementError(
                    f"#{announcement_id} is {announcement.state}; only an announcement that has not started "
                    "sending can be cancelled"
                )
            announcement.state = "cancelled"
            announcement.updated_at = utcnow()
            for delivery in announcement.deliveries:
                delivery.state = "cancelled"

    def edit(self, announcement_id: int, **changes: Any) -> None:
        """Change text, title, image, link, audience, topics or one channel's
        version (`version_x`, `version_facebook`, `version_email_subject`,
        `version_email_text`) until sending starts."""
        allowed = {
            "text", "title", "image_url", "link_url", "audience", "topics",
            "version_x", "version_facebook", "version_email_subject", "version_email_text",
        }  # fmt: skip
        unknown = set(changes) - allowed
        if unknown:
            raise AnnouncementError(f"cannot edit {', '.join(sorted(unknown))}")
        with self.database.session() as session:
            announcement = self._locked(session, announcement_id)
            if announcement.state not in EDITABLE_STATES:
                raise AnnouncementError(f"#{announcement_id} is {announcement.state}; it can no longer be edited")
            if "topics" in changes:
                _validate_topics(changes["topics"])
            versions = dict(announcement.versions or {})
            edited = set(announcement.edited_versions or [])
            for name, value in changes.items():
                if name == "version_x":
                    versions["x"] = split_thread(value)
                    edited.add("x")
                elif name == "version_facebook":
                    versions["facebook"] = value
                    edited.add("facebook")
                elif name.startswith("version_email_"):
                    email = dict(versions.get("email") or {})
                    email[name.removeprefix("version_email_")] = value
                    versions["email"] = email
                    edited.add("email")
                else:
                    setattr(announcement, name, value)
            announcement.versions = versions
            announcement.edited_versions = sorted(edited)
            if {"text", "title", "link_url"} & set(changes):
                announcement.line_flex = None  # the card showed the old text
                _refresh_versions(announcement)
            announcement.updated_at = utcnow()

    def list(self, state: str | None = None) -> list[dict[str, Any]]:
        with self.database.session() as session:
            query = select(Announcement).options(selectinload(Announcement.deliveries)).order_by(Announcement.id)
            if state:
                query = query.where(Announcement.state == state)
            return [describe(announcement) for announcement in session.scalars(query)]

    def get(self, announcement_id: int) -> dict[str, Any]:
        with self.database.session() as session:
            announcement = session.get(Announcement, announcement_id)
            if announcement is None:
                raise AnnouncementError(f"no announcement #{announcement_id}")
            return describe(announcement)


def describe(announcement: Announcement) -> dict[str, Any]:
    """The JSON form used by `python -m bot announcements --json`."""
    return {
        "id": announcement.id,
        "kind": announcement.kind,
        "period": announcement.period,
        "title": announcement.title,
        "state": announcement.state,
        "scheduled_at": as_utc(announcement.scheduled_at).isoformat() if announcement.scheduled_at else None,
        "audience": announcement.audience,
        "topics": announcement.topics,
        "text": announcement.text,
        "versions": announcement.versions,
        "deliveries": [
            {
                "channel": delivery.channel,
                "state": delivery.state,
                "recipients": delivery.recipients,
                "remote_ids": delivery.remote_ids[:20],
                "error": delivery.error,
            }
            for delivery in announcement.deliveries
        ],
    }
