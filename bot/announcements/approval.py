"""What an approval is of: a digest of everything an announcement sends (its
text, title, image, link, audience, topics, channels and each channel's own
version). Approving records it; any change to it returns the announcement to
draft; the worker sends only content whose digest is the approved one."""

from __future__ import annotations

import difflib
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.data.models import Announcement

# Changing any of these after approval returns the announcement to draft.
CONTENT_FIELDS = ("title", "text", "image_url", "link_url", "audience", "topics", "channels", "versions")


def sent_content(announcement: Announcement) -> dict[str, Any]:
    return {
        "title": announcement.title,
        "text": announcement.text,
        "image_url": announcement.image_url,
        "link_url": announcement.link_url,
        "audience": str(announcement.audience),
        "topics": sorted(announcement.topics or []),
        "channels": sorted(announcement.channels or []),
        "versions": announcement.versions or {},
    }


@dataclass(frozen=True)
class FieldChange:
    """One field that differs from what was last approved; `lines` compares texts line
    by line: ("same" | "removed" | "added", line)."""

    field: str
    before: str
    after: str
    lines: tuple[tuple[str, str], ...]


def _shown(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "\n".join(str(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)
    return "" if value is None else str(value)


def _lines(before: str, after: str) -> tuple[tuple[str, str], ...]:
    kinds = {" ": "same", "-": "removed", "+": "added"}
    return tuple(
        (kinds[line[0]], line[2:])
        for line in difflib.ndiff(before.splitlines(), after.splitlines())
        if line[0] in kinds
    )


def changes_since_approval(
    announcement: Announcement, shown: Callable[[str, Any], str] | None = None
) -> list[FieldChange]:
    """What differs from the content last approved, field by field and each channel's
    version apart; empty when it was never approved or nothing changed. `shown`
    writes a field's value for people (topics and channels by name)."""
    write = shown or (lambda _name, value: _shown(value))
    approved = announcement.last_approved
    if not approved:
        return []
    now = sent_content(announcement)
    pairs = [(name, approved.get(name), now[name]) for name in CONTENT_FIELDS if name != "versions"]
    old_versions, new_versions = approved.get("versions") or {}, now["versions"] or {}
    pairs += [
        (f"versions.{channel}", old_versions.get(channel), new_versions.get(channel))
        for channel in sorted({*old_versions, *new_versions})
    ]
    changes = []
    for name, before, after in pairs:
        if before != after:
            old, new = write(name, before), write(name, after)
            changes.append(FieldChange(name, old, new, _lines(old, new)))
    return changes


def content_hash(announcement: Announcement) -> str:
    canonical = json.dumps(sent_content(announcement), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def matches_approval(announcement: Announcement) -> bool:
    """Whether what would be sent now is exactly what was approved."""
    return announcement.approved_hash is not None and announcement.approved_hash == content_hash(announcement)
