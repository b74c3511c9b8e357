"""What an announcement may be, checked before any work is done on it: its
limits, its audience, topics and addresses, a sensible send time, and the
error that says why an action is refused (an English message marked for the
catalog and its values, said in the reader's language by the console)."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.announcements.policy import as_utc
from bot.announcements.states import Audience
from bot.announcements.topics import Topic, TopicError
from bot.catalog import N_
from bot.data.models import utcnow

MAX_SCHEDULE_AHEAD = timedelta(days=366)
# Twice what any channel can carry (LINE: 5 messages of 5,000 characters), so each channel still
# says what it cannot send, while a text past it costs nothing; titles and addresses as their columns hold them.
MAX_TEXT_CHARS = 50_000
MAX_TITLE_CHARS = 300
MAX_URL_CHARS = 1000


class AnnouncementError(Exception):
    """An action not allowed in the announcement's state, with the reason: an
    English message marked for the catalog and its values, so that the console
    says it in the reader's language and the command line in English."""

    def __init__(self, message: str, **params: object) -> None:
        self.message = message
        self.params = params
        shown = {
            key: f"{value:%Y-%m-%d %H:%M}" if isinstance(value, datetime) else value for key, value in params.items()
        }
        super().__init__(message % shown if params else message)


def too_long(text: str = "", title: str = "", *urls: str | None) -> AnnouncementError | None:
    """Why these are too long to be an announcement, checked before any work is done on them."""
    if len(text) > MAX_TEXT_CHARS:
        message = N_("The text has %(count)s characters; an announcement may have at most %(most)s.")
        return AnnouncementError(message, count=f"{len(text):,}", most=f"{MAX_TEXT_CHARS:,}")
    if len(title) > MAX_TITLE_CHARS:
        message = N_("The title has %(count)s characters; at most %(most)s are allowed.")
        return AnnouncementError(message, count=f"{len(title):,}", most=f"{MAX_TITLE_CHARS:,}")
    if any(len(url or "") > MAX_URL_CHARS for url in urls):
        return AnnouncementError(N_("An address may have at most %(most)s characters."), most=f"{MAX_URL_CHARS:,}")
    return None


def checked_topics(texts: list[str]) -> list[str]:
    try:
        return [str(Topic.parse(text)) for text in texts]
    except TopicError as error:
        raise AnnouncementError(str(error)) from None


def checked_audience(value: str) -> Audience:
    try:
        return Audience(value)
    except ValueError:
        raise AnnouncementError(N_("Choose who receives it: everyone, or the subscribers of some topics.")) from None


def check_urls(image_url: str | None, link_url: str | None) -> None:
    # LINE loads images over HTTPS only; a link people tap should not be plain HTTP either.
    if image_url and not image_url.lower().startswith("https://"):
        raise AnnouncementError(N_("The image must be an https:// address (LINE loads only HTTPS images)."))
    if link_url and not link_url.lower().startswith(("https://", "http://")):
        raise AnnouncementError(N_("The link must be a web address (https://…)."))


def check_send_time(when: datetime) -> None:
    """A send time must be now or later, and within a year."""
    now = utcnow()
    if as_utc(when) < now - timedelta(minutes=1):
        raise AnnouncementError(N_("%(when)s has passed; choose a later time, or send now."), when=when)
    if as_utc(when) > now + MAX_SCHEDULE_AHEAD:
        raise AnnouncementError(N_("%(when)s is more than a year ahead; choose an earlier time."), when=when)
