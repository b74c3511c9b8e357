"""Announcements on LINE: a broadcast to all friends, or multicasts to
subscribers in batches of at most 500 user ids. Every request carries the
outbox item's retry key, so a re-sent batch is never delivered twice. A
release is shown as a Flex card with its chart."""

from __future__ import annotations

import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any, Self

from linebot.v3.messaging import (
    FlexContainer,
    FlexMessage,
    ImageMessage,
    Message,
    TextMessage,
)

from publishers.base import (
    AnnouncementContent,
    AuthFailed,
    ChannelContext,
    OutgoingMessage,
    PermanentFailure,
    PreviewPart,
    Publisher,
    PublishError,
    RateLimited,
    RecipientList,
    SendRequest,
    ServerError,
    Setting,
    Usage,
    Version,
)
from publishers.line_client import DEFAULT_BASE_URL, READ_TIMEOUT, LineApiError, LineClient
from publishers.line_format import MAX_ALT_TEXT, MAX_MESSAGES, MAX_TEXT, release_bubble, shortened, split_text

log = logging.getLogger(__name__)
BROADCAST = "/v2/bot/message/broadcast"
MULTICAST = "/v2/bot/message/multicast"
CACHED_BODIES = 32


class LinePublisher(Publisher):
    channel = "line"
    label = "LINE"
    order = 10
    settings = (
        Setting("LINE_CHANNEL_SECRET", required=True, secret=True, help="verifies webhook signatures"),
        Setting("LINE_CHANNEL_ACCESS_TOKEN", required=True, secret=True),
        Setting("LINE_API_BASE_URL", default=DEFAULT_BASE_URL),
        Setting("LINE_API_TIMEOUT_SECONDS", default=str(int(READ_TIMEOUT)), help="how long to wait for LINE's answer"),
    )
    idempotent = True
    max_text_length = MAX_TEXT
    max_images = 1
    recipient_list = RecipientList.LINE_USERS
    max_recipients = 500
    broadcasts_to_all = True
    rate_limit_per_second = 200.0  # multicast; broadcast has its own hourly limit
    broadcast_per_hour = 60

    def __init__(self, client: LineClient) -> None:
        self.client = client
        # The messages of an announcement as LINE's JSON, built (and checked by
        # the SDK's models) once, not for each of its thousands of requests.
        self._bodies: OrderedDict[str, list[dict[str, Any]]] = OrderedDict()
        self._bodies_lock = threading.Lock()

    @classmethod
    def from_settings(cls, values: Mapping[str, str], context: ChannelContext) -> Self:
        # One attempt per claim: the outbox retries, with the same retry key.
        base_url = values.get("LINE_API_BASE_URL") or DEFAULT_BASE_URL
        timeout = float(values.get("LINE_API_TIMEOUT_SECONDS") or READ_TIMEOUT)
        client = LineClient(
            values["LINE_CHANNEL_ACCESS_TOKEN"],
            base_url,
            max_attempts=1,
            read_timeout=timeout,
            on_error=context.api_error,
        )
        return cls(client)

    @classmethod
    def draft_version(cls, content: AnnouncementContent) -> Version | None:
        """A release as a Flex card; anything else is sent as text and image."""
        if content.card is None:
            return None
        return {"flex": release_bubble(content.card)}

    @classmethod
    def messages(cls, message: OutgoingMessage) -> list[Message]:
        """The LINE messages of an announcement: its card, or its text and image."""
        version = cls.version_of(message) or {}
        if version.get("flex"):
            alt = shortened(message.text, MAX_ALT_TEXT)
            return [FlexMessage(altText=alt, contents=FlexContainer.from_dict(version["flex"]))]
        room = cls.text_room(message)
        pieces = cls.text_pieces(message)
        if len(pieces) > room:  # refused when written (`problems`); never more than LINE takes
            pieces = [*pieces[: room - 1], cls.fit_text(" ".join(pieces[room - 1 :]))]
        messages: list[Message] = [TextMessage(text=piece) for piece in pieces]
        if message.image_url:
            messages.append(
                ImageMessage(
                    originalContentUrl=message.image_url, previewImageUrl=message.preview_url or message.image_url
                )
            )
        return messages

    @staticmethod
    def text_room(message: OutgoingMessage) -> int:
        """How many text messages a send has room for beside the image."""
        return MAX_MESSAGES - (1 if message.image_url else 0)

    @classmethod
    def text_pieces(cls, message: OutgoingMessage) -> list[str]:
        """The text (and its link, on a line of its own, which LINE makes tappable)
        in messages of at most 5,000 characters, cut at paragraph, line or sentence ends."""
        body = f"{message.text}\n\n{message.link_url}" if message.link_url else message.text
        return split_text(body, cls.max_text_length)

    @classmethod
    def problems(cls, message: OutgoingMessage) -> list[str]:
        if (cls.version_of(message) or {}).get("flex"):
            return []
        room = cls.text_room(message)
        needed = len(cls.text_pieces(message))
        if needed <= room:
            return []
        image = " and the image" if message.image_url else ""
        return [
            f"LINE: the text is {len(message.text):,} characters, {needed} messages of at most "
            f"{cls.max_text_length:,}{image}; LINE sends at most {MAX_MESSAGES} messages at once. "
            f"Shorten it to about {room * cls.max_text_length:,} characters."
        ]

    @classmethod
    def preview(cls, message: OutgoingMessage) -> list[PreviewPart]:
        parts = []
        for line_message in cls.messages(message):
            shown = line_message.to_dict()
            if shown["type"] == "flex":
                parts.append(PreviewPart("card", shown["altText"], card=shown["contents"]))
            elif shown["type"] == "image":
                parts.append(PreviewPart("image", url=shown["originalContentUrl"]))
            else:
                parts.append(PreviewPart("text", shown["text"], weight=len(shown["text"]), limit=cls.max_text_length))
        return parts

    def message_dicts(self, message: OutgoingMessage) -> list[dict[str, Any]]:
        """`messages(message)` as JSON, from a small cache keyed by the content."""
        key = json.dumps(
            [message.announcement_id, message.text, message.image_url, message.preview_url, self.version_of(message)],
            sort_keys=True,
            default=str,
        )
        with self._bodies_lock:
            cached = self._bodies.get(key)
            if cached is not None:
                self._bodies.move_to_end(key)
                return cached
        built = [line_message.to_dict() for line_message in self.messages(message)]
        with self._bodies_lock:
            self._bodies[key] = built
            while len(self._bodies) > CACHED_BODIES:
                self._bodies.popitem(last=False)
        return built

    def _send(self, request: SendRequest) -> list[str]:
        messages = self.message_dicts(request.message)
        key, recipients = request.idempotency_key, request.recipients
        try:
            if recipients is None:
                self.client.post(BROADCAST, {"messages": messages, "notificationDisabled": False}, key)
            else:
                if len(recipients) > (self.max_recipients or 0):
                    raise PermanentFailure(f"multicast takes at most {self.max_recipients} user ids")
                body = {"to": list(recipients), "messages": messages, "notificationDisabled": False}
                self.client.post(MULTICAST, body, key)
        except LineApiError as error:
            if error.status == 409:
                # The retry key was accepted before (a crashed worker's request got through).
                log.info("LINE already accepted this request (409): counted as delivered")
                return [key]
            raise _publish_error(error) from None
        return [key]

    def usage(self) -> Usage | None:
        """This month's message quota and consumption, from LINE."""
        try:
            quota = self.client.raw(lambda api: api.get_message_quota(_request_timeout=self.client.timeout))
            used = self.client.raw(lambda api: api.get_message_quota_consumption(_request_timeout=self.client.timeout))
        except LineApiError as error:
            raise _publish_error(error) from None
        limited = getattr(quota, "type", "limited") == "limited" and quota.value is not None
        return Usage(int(quota.value) if limited else None, int(used.total_usage))


def _publish_error(error: LineApiError) -> PublishError:
    if error.status == 429:
        return RateLimited(error.message, error.retry_after)
    if error.status in (401, 403):
        return AuthFailed(f"LINE refused the channel access token ({error.status}): {error.message}")
    if error.retryable:
        # Timeouts included: with a retry key, re-sending to LINE is safe.
        return ServerError(f"LINE {error.status}: {error.message}", error.retry_after)
    return PermanentFailure(f"LINE {error.status}: {error.message}")
