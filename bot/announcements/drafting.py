"""Release announcements drafted from imports.

A release draft is made in the import's transaction, once per month new in
the files (never for revisions, a first backfill or a re-import); its words
are `release_wording.compose_release`'s, each channel's version its own
(`workflow.channel_versions`), and it becomes scheduled through the workflow
when no approval is required."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.announcements.alerts import owe_alert_notices
from bot.announcements.policy import AnnouncementPolicy
from bot.announcements.release_wording import compose_release
from bot.announcements.states import AnnouncementKind, AnnouncementState
from bot.announcements.topics import EVERY_TOPIC
from bot.announcements.webhooks import emit_import_events
from bot.announcements.workflow import channel_versions, create_deliveries, set_schedule
from bot.config import Settings
from bot.data.audit import COMMAND_LINE, SYSTEM, AuditAction, record
from bot.data.db import Database
from bot.data.models import Announcement, Observation, utcnow
from bot.data.store import build_snapshot
from bot.ingest.importer import ImportSummary, import_files
from nlp.thaidate import YearMonth


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
        months = release_months(session, summaries)
        drafted.extend(a.id for a in draft_release_announcements(session, summaries, policy, months))
        emit_import_events(session, summaries, policy.public_base_url)
        owe_alert_notices(session, summaries, months)
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


def release_months(session: Session, summaries: list[ImportSummary]) -> set[YearMonth]:
    """The months these imports release: new in the files and later than any
    month held before (not the first backfill, a re-import or an import that
    changed nothing). Announced, and checked against subscribers' alerts."""
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
    return months


def draft_release_announcements(
    session: Session,
    summaries: list[ImportSummary],
    policy: AnnouncementPolicy,
    months: set[YearMonth] | None = None,
    now: datetime | None = None,
) -> list[Announcement]:
    """Inside the import's transaction: one draft per month these files release."""
    if months is None:
        months = release_months(session, summaries)
    import_ids = [s.import_id for s in summaries if s.import_id is not None]
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
