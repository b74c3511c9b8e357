"""What an approval is of: a digest of everything an announcement sends (its
text, title, image, link, audience, topics, channels and each channel's own
version). Approving records it; any change to it returns the announcement to
draft; the worker sends only content whose digest is the approved one."""

from __future__ import annotations

import hashlib
import json
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


def content_hash(announcement: Announcement) -> str:
    canonical = json.dumps(sent_content(announcement), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def matches_approval(announcement: Announcement) -> bool:
    """Whether what would be sent now is exactly what was approved."""
    return announcement.approved_hash is not None and announcement.approved_hash == content_hash(announcement)
