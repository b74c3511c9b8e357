"""Release announcements drafted from imports, and each channel's version of
an announcement.

A release draft is made in the import's transaction, once per month new in
the files (never for revisions, a first backfill or a re-import): the Thai
text with the MPI and capacity utilization and their year-on-year change,
the sectors that moved most, the other indices, the preliminary mark and the
source, and the chart. Each channel then drafts its own version of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.announcements.approval import content_hash
from bot.announcements.policy import AnnouncementPolicy, as_utc
from bot.announcements.states import AnnouncementKind, AnnouncementState, DeliveryState
from bot.announcements.topics import EVERY_TOPIC
from bot.answers.analytics import biggest_moves, change, ranking, round2
from bot.answers.model import ChartSpec
from bot.answers.texts import release as wording
from bot.config import Settings
from bot.data.audit import COMMAND_LINE, SYSTEM, AuditAction, record
from bot.data.datasets import all_official
from bot.data.db import Database
from bot.data.models import Announcement, Delivery, Observation, utcnow
from bot.data.store import Snapshot, build_snapshot
from bot.ingest.importer import ImportSummary, import_files
from nlp.thaidate import YearMonth
from nlp.vocabulary import INDICATOR_TERMS, TOTAL
from publishers.base import AnnouncementContent, ReleaseCard
from publishers.registry import channel_classes

CHART_MONTHS = 24


def import_releases(
    database: Database,
    paths: list[Path],
    settings: Settings,
    dataset: str | None = None,
    dry_run: bool = False,
    progress: bool = False,
    by: str = COMMAND_LINE,
) -> tuple[list[ImportSummary], list[int]]:
    """Import release files and, in the same transaction, draft the
    announcement of any new month and record who imported what: all happen,
    or nothing does."""
    policy = AnnouncementPolicy.from_settings(settings)
    drafted: list[int] = []

    def draft(session: Session, summaries: list[ImportSummary]) -> None:
        drafted.extend(a.id for a in draft_release_announcements(session, summaries, policy))
        for summary in summaries:
            if summary.import_id is not None:
                counts = {name: summary.total(name) for name in ("new", "revised", "finalized")}
                record(session, by, AuditAction.IMPORT, f"import:{summary.import_id}", file=summary.file_name, **counts)

    summaries = import_files(database, paths, dataset=dataset, dry_run=dry_run, progress=progress, in_transaction=draft)
    return summaries, ([] if dry_run else drafted)


def preview_releases(
    database: Database, paths: list[Path], settings: Settings
) -> tuple[list[ImportSummary], list[str]]:
    """What importing the files would do, and the months whose release would
    be drafted, with nothing stored (a dry run in a transaction rolled back)."""
    policy = AnnouncementPolicy.from_settings(settings)
    periods: list[str] = []

    def draft(session: Session, summaries: list[ImportSummary]) -> None:
        periods.extend(a.period or "" for a in draft_release_announcements(session, summaries, policy))

    return import_files(database, paths, dry_run=True, in_transaction=draft), periods


def _latest_month_held_before(session: Session, import_ids: list[int]) -> YearMonth | None:
    """The newest month the store held before these imports brought anything."""
    index = Observation.year * 12 + Observation.month - 1
    query = select(func.max(index))
    if import_ids:
        query = query.where(Observation.first_import_id.not_in(import_ids))
    found = session.scalar(query)
    return YearMonth.from_index(int(found)) if found is not None else None


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
    import_ids = [s.import_id for s in summaries if s.import_id is not None]
    held_before = _latest_month_held_before(session, import_ids)
    if held_before is not None:
        # Older months filled in now are history: reported by the import, never announced.
        months = {month for month in months if month > held_before}
    if not months:
        return []
    snapshot = build_snapshot(session)
    import_id = import_ids[-1] if import_ids else None
    created = []
    for month in sorted(months):
        key = f"release:{month.iso()}"
        if session.scalar(select(Announcement.id).where(Announcement.dedupe_key == key)) is not None:
            continue
        content = compose_release(snapshot, month, policy.public_base_url)
        announcement = Announcement(
            kind=AnnouncementKind.RELEASE,
            dedupe_key=key,
            period=month.iso(),
            title=content.title,
            text=content.text,
            image_url=content.image_url,
            link_url=content.link_url,
            audience=policy.release_audience,
            topics=[str(topic) for topic in EVERY_TOPIC],
            channels=list(policy.channels),
            state=AnnouncementState.DRAFT,
            import_id=import_id,
            versions=channel_versions(content),
            edited_versions=[],
            authors=[SYSTEM],
        )
        session.add(announcement)
        session.flush()
        create_deliveries(session, announcement)
        if not policy.require_approval:
            set_schedule(announcement, policy.default_send_time(now or utcnow()), "system")
        created.append(announcement)
    return created


@dataclass(frozen=True)
class _Headline:
    code: str
    value: Decimal
    yoy: Decimal | None
    in_points: bool


def _headline(snapshot: Snapshot, code: str, month: YearMonth) -> _Headline | None:
    current = snapshot.point(code, TOTAL, month)
    if current is None:
        return None
    in_points = snapshot.indicators[code].change_kind == "points"
    base = snapshot.point(code, TOTAL, month.shift(-12))
    yoy = change(current.value, base.value, in_points) if base is not None else None
    return _Headline(code, current.value, yoy, in_points)


def compose_release(snapshot: Snapshot, month: YearMonth, public_base_url: str) -> AnnouncementContent:
    """The release text of a month, with its card and chart."""
    mpi, capu = snapshot.point("MPI", TOTAL, month), snapshot.point("CAPU", TOTAL, month)
    preliminary = any(point.preliminary for point in (mpi, capu) if point is not None)
    official = all_official(point.dataset for point in snapshot.points.values() if point.period == month)
    title = wording.title(month, preliminary)
    bullets: list[str] = []
    for code in ("MPI", "CAPU"):
        found = _headline(snapshot, code, month)
        if found is not None:
            name = INDICATOR_TERMS[code].display_th
            bullets.append(wording.headline(name, found.value, found.yoy, found.in_points))
    bullets += _movers(snapshot, month)
    others = [
        wording.other_index(INDICATOR_TERMS[code].display_th, found.value, found.yoy)
        for code in ("SHIPMENT", "INVENTORY")
        if (found := _headline(snapshot, code, month)) is not None
    ]
    if others:
        bullets.append("• " + ", ".join(others))
    if preliminary:
        bullets.append(wording.PRELIMINARY_NOTE)
    source = wording.SOURCE_OIE if official else wording.SOURCE_SAMPLE
    text = "\n".join([f"📊 {title}", *bullets, source])
    chart = ChartSpec("MPI", TOTAL, month.shift(-(CHART_MONTHS - 1)), month)
    image_url = f"{public_base_url}/charts/{chart.key(snapshot)}.png"
    card = ReleaseCard(title=title, lines=tuple(bullets), source=source, image_url=image_url)
    # The month's page on the public site: the whole release, every sector, what was revised.
    link_url = f"{public_base_url}/releases/{month.iso()}"
    return AnnouncementContent(title=title, text=text, image_url=image_url, link_url=link_url, card=card)


def _movers(snapshot: Snapshot, month: YearMonth) -> list[str]:
    """The three divisions that grew most and the three that shrank most, year on year."""
    ranked = ranking(snapshot, "MPI", month, "yoy", in_points=False)
    names = {code: row.name_th.removeprefix("การผลิต") for code, row in snapshot.sectors.items()}
    lines = []
    up, down = biggest_moves(ranked, 3)
    if up:
        lines.append(wording.sectors_up([f"{names[i.sector]} +{round2(i.change)}%" for i in up]))
    if down:
        lines.append(wording.sectors_down([f"{names[i.sector]} {round2(i.change)}%" for i in down]))
    return lines


def channel_versions(content: AnnouncementContent) -> dict[str, Any]:
    """Every channel's own version of the content, keyed by channel name;
    channels that send the plain text have none."""
    versions = {}
    for name, publisher in channel_classes().items():
        version = publisher.draft_version(content)
        if version is not None:
            versions[name] = version
    return versions


def create_deliveries(session: Session, announcement: Announcement) -> None:
    for channel in announcement.channels:
        session.add(Delivery(announcement_id=announcement.id, channel=channel, state=DeliveryState.PENDING))
    session.flush()


def set_schedule(announcement: Announcement, at: datetime, by: str) -> None:
    announcement.state = AnnouncementState.SCHEDULED
    announcement.scheduled_at = as_utc(at)
    announcement.updated_at = utcnow()
    if announcement.approved_by is None:
        # No second approval required: scheduling is the approval, of this content.
        announcement.approved_by = by
        announcement.approved_hash = content_hash(announcement)
