"""The interface every outgoing channel implements, and the channel registry.

After apprise's plugin classes: a publisher describes itself in class
attributes (its settings and which of them are secret, text length, images,
rate limit, recipient lists) and in class methods (how it is built from
settings, how it drafts and edits its own version of an announcement). The
base fits text to the channel and turns exceptions into a structured
`PublishResult`, never a bare bool. Errors form a small hierarchy so the
outbox knows what to do: retry later, give up, or ask a person.

Defining a subclass with a `channel` name registers it: adding a channel is
one new class (in a module of this package, or anywhere that is imported)."""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar, Literal, Protocol, Self, runtime_checkable

log = logging.getLogger(__name__)

Status = Literal["sent", "failed", "unconfirmed"]
# A channel's version of an announcement as stored (JSON): the publisher alone reads it.
Version = Any
ImageLoader = Callable[[str], bytes]


class RecipientList(StrEnum):
    """Whom one request reaches: nobody in particular (a public post), or a
    batch from the channel's own subscriber list (LINE user ids, e-mail addresses)."""

    NONE = "none"
    LINE_USERS = "line"
    EMAIL_ADDRESSES = "email"


@dataclass(frozen=True)
class Setting:
    """An environment variable a channel reads."""

    name: str
    required: bool = False  # the channel is configured only when every required setting is set
    secret: bool = False  # never printed, logged or shown
    default: str = ""
    help: str = ""


@dataclass(frozen=True)
class ChannelContext:
    """What the application gives a channel besides its own settings."""

    public_base_url: str = "http://127.0.0.1:8000"
    image_loader: ImageLoader | None = None
    # The personal, signed unsubscribe link of an e-mail address.
    unsubscribe_link: Callable[[str], str] = lambda address: ""
    # Hears each failed API call's HTTP status (0: the network), for the service's metrics.
    api_error: Callable[[int], None] = lambda status: None


@dataclass(frozen=True)
class ReleaseCard:
    """A release summary that channels with cards show as one: a title,
    bullet lines, the source line and the chart."""

    title: str
    lines: tuple[str, ...]
    source: str
    image_url: str
    link_url: str | None = None  # the release's page, behind a button
    link_label: str = ""


@dataclass(frozen=True)
class AnnouncementContent:
    """What an announcement says, before any channel has made it its own."""

    title: str
    text: str
    image_url: str | None = None
    link_url: str | None = None
    card: ReleaseCard | None = None


@dataclass(frozen=True)
class OutgoingMessage:
    """An announcement as it is sent, with each channel's version keyed by channel name."""

    announcement_id: int
    title: str
    text: str
    image_url: str | None = None
    preview_url: str | None = None
    link_url: str | None = None
    audience: str = "all friends"  # for people reading logs and previews
    versions: dict[str, Version] = field(default_factory=dict)


@dataclass(frozen=True)
class Usage:
    """A channel's monthly message quota and how much of it is used."""

    limit: int | None  # None: no limit
    used: int

    @property
    def remaining(self) -> int | None:
        return None if self.limit is None else self.limit - self.used


@dataclass(frozen=True)
class PreviewPart:
    """One piece of a channel's preview, in the order the channel shows it."""

    kind: Literal["text", "post", "subject", "image", "card", "link", "note"]
    text: str = ""
    url: str = ""
    weight: int | None = None  # the length the channel counts, where it has a limit
    limit: int | None = None
    card: dict[str, Any] | None = None  # a LINE Flex container


@dataclass(frozen=True)
class SendRequest:
    """One request of the outbox: a message, to a batch of recipients or to
    nobody in particular, with the key that makes resending it safe, and the
    remote ids an earlier attempt reported before it failed."""

    message: OutgoingMessage
    recipients: Sequence[str] | None
    idempotency_key: str
    already_sent: Sequence[str] = ()


@dataclass(frozen=True)
class PublishResult:
    status: Status
    remote_ids: tuple[str, ...] = ()
    retryable: bool = False
    retry_after: float | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == "sent"


class PublishError(Exception):
    """Base of publisher errors; `retryable` says whether trying later may work."""

    retryable: ClassVar[bool] = False

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        # What was delivered before the failure (posts of a thread, e-mail
        # recipients), so a retry continues instead of starting over.
        self.partial_remote_ids: tuple[str, ...] = ()

    def after(self, done: Sequence[str]) -> PublishError:
        """This error, noting the work `done` before it."""
        self.partial_remote_ids = tuple(done)
        return self


def _described(error: PublishError) -> str:
    """The error's kind and its text ("ServerError: …"): the console says in plain
    words what each kind means and what to do next."""
    return f"{type(error).__name__}: {error}"


class RateLimited(PublishError):  # noqa: N818  (the names read as outcomes)
    retryable = True


class ServerError(PublishError):
    """The channel failed before doing anything (5xx, connection refused)."""

    retryable = True


class AuthFailed(PublishError):  # noqa: N818
    """Credentials rejected: a person must fix the configuration."""


class PermanentFailure(PublishError):  # noqa: N818
    """The request itself is wrong or refused for good (duplicate, too long, over quota)."""


class UnknownOutcome(PublishError):  # noqa: N818
    """The request may have been carried out (timeout after sending): never
    retried automatically, since that could post twice; staff decide."""


_REGISTRY: dict[str, type[Publisher]] = {}


@runtime_checkable
class NoticeSender(Protocol):
    """A channel that can send one message to one person outside any announcement
    (e-mail: a sign-up's confirmation link, an alert with its chart)."""

    def send_notice(self, recipient: str, subject: str, text: str, image: bytes | None = None) -> None: ...


class Publisher(ABC):
    channel: ClassVar[str]
    label: ClassVar[str] = ""  # the channel's name for people
    order: ClassVar[int] = 50  # where the channel comes in lists
    settings: ClassVar[tuple[Setting, ...]] = ()
    # Which version fields staff may edit (`edit_version`), e.g. ("subject", "text").
    editable_fields: ClassVar[tuple[str, ...]] = ()
    max_text_length: ClassVar[int] = 5000
    max_images: ClassVar[int] = 1
    # Requests per second for all worker processes together (None: no limit).
    rate_limit_per_second: ClassVar[float | None] = None
    recipient_list: ClassVar[RecipientList] = RecipientList.NONE
    # Largest recipient batch one request takes (with a recipient list).
    max_recipients: ClassVar[int | None] = None
    # With the audience "all friends": one request to every follower instead of the list.
    broadcasts_to_all: ClassVar[bool] = False
    broadcast_per_hour: ClassVar[int | None] = None
    # True when sending the same request twice cannot deliver twice (an
    # idempotency key, or nothing delivered at all); False means a lost
    # outcome must go to staff as "unconfirmed" instead of being re-sent.
    idempotent: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "channel" in cls.__dict__:
            _REGISTRY[cls.channel] = cls

    # --- describing and building the channel ---

    @classmethod
    def configured(cls, values: Mapping[str, str]) -> bool:
        """True when every required setting has a value."""
        return all(values.get(setting.name) for setting in cls.settings if setting.required)

    @classmethod
    def from_settings(cls, values: Mapping[str, str], context: ChannelContext) -> Self:
        """The channel built from its settings (`values` by setting name)."""
        return cls()

    # --- the channel's own version of an announcement ---

    @classmethod
    def draft_version(cls, content: AnnouncementContent) -> Version | None:
        """This channel's form of `content` (None: it sends the plain text)."""
        return None

    @classmethod
    def edit_version(cls, version: Version | None, field_name: str, value: str) -> Version:
        """`version` with one of `editable_fields` set by staff."""
        raise ValueError(f"{cls.channel} has no editable field {field_name!r}")

    @classmethod
    def version_of(cls, message: OutgoingMessage) -> Version | None:
        return message.versions.get(cls.channel)

    @classmethod
    def preview(cls, message: OutgoingMessage) -> list[PreviewPart]:
        """What the channel will show, built by the same code that sends it."""
        parts = [PreviewPart("text", cls.fit_text(message.text), weight=len(message.text), limit=cls.max_text_length)]
        if message.image_url:
            parts.append(PreviewPart("image", url=message.image_url))
        if message.link_url:
            parts.append(PreviewPart("link", url=message.link_url))
        return parts

    # --- sending ---

    @classmethod
    def problems(cls, message: OutgoingMessage) -> list[str]:
        """Why this channel could not send the message as written (checked
        when staff write it, so that nothing is cut or refused at send time)."""
        return []

    @classmethod
    def fit_text(cls, text: str) -> str:
        """Shorten to the channel's limit, marking the cut."""
        if len(text) <= cls.max_text_length:
            return text
        return text[: cls.max_text_length - 1].rstrip() + "…"

    def publish(
        self,
        message: OutgoingMessage,
        recipients: Sequence[str] | None,
        idempotency_key: str,
        already_sent: Sequence[str] = (),
    ) -> PublishResult:
        """Send, continuing after `already_sent` (the remote ids an earlier
        attempt reported before it failed)."""
        request = SendRequest(message, recipients, idempotency_key, already_sent)
        try:
            remote_ids = self._send(request)
        except UnknownOutcome as error:
            return PublishResult("unconfirmed", remote_ids=error.partial_remote_ids, error=_described(error))
        except PublishError as error:
            return PublishResult(
                "failed",
                remote_ids=error.partial_remote_ids,
                retryable=error.retryable,
                retry_after=error.retry_after,
                error=_described(error),
            )
        except Exception as error:  # a bug or an unexpected library error: keep the worker alive
            log.exception("%s publisher failed unexpectedly", self.channel)
            return PublishResult("failed", retryable=False, error=f"unexpected {type(error).__name__}")
        return PublishResult("sent", remote_ids=tuple(remote_ids))

    @abstractmethod
    def _send(self, request: SendRequest) -> list[str]:
        """Send; return every remote id (including `request.already_sent`).
        Raise a PublishError subclass on failure, with `partial_remote_ids`
        set when part of the work was done."""

    def usage(self) -> Usage | None:
        """This month's quota and use, for channels that have one."""
        return None

    def check_capacity(self, message_count: int) -> str | None:
        """A reason to refuse a fan-out of `message_count` messages (quota), or None."""
        usage = self.usage()
        remaining = usage.remaining if usage is not None else None
        if usage is None or usage.limit is None or remaining is None or message_count <= remaining:
            return None
        return (
            f"{self.label or self.channel} monthly message quota would be exceeded: this fan-out needs "
            f"{message_count:,} messages, {remaining:,} of {usage.limit:,} remain this month"
        )


def registered_channels() -> dict[str, type[Publisher]]:
    """Every channel class defined so far, in their `order`."""
    return dict(sorted(_REGISTRY.items(), key=lambda item: (item[1].order, item[0])))


def unregister(channel: str) -> None:
    """Forget a channel class (tests that define their own)."""
    _REGISTRY.pop(channel, None)
