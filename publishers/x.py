"""X (Twitter) through tweepy: posts with `Client.create_tweet`, threads
through `in_reply_to_tweet_id`, the chart through v1.1 `API.media_upload`.

Length is counted as X counts it (twitter-text, config v3): most of the
Basic Multilingual Plane's scripts used here, Thai included, weigh 1 toward
the 280 limit, other characters (CJK, emoji) weigh 2, and every URL counts
23 whatever its length."""

from __future__ import annotations

import io
import logging
import re
import time
import unicodedata
from collections.abc import Mapping
from typing import Any, Self

import requests

from publishers.base import (
    AnnouncementContent,
    AuthFailed,
    ChannelContext,
    ImageLoader,
    OutgoingMessage,
    PermanentFailure,
    PreviewPart,
    Publisher,
    PublishError,
    RateLimited,
    SendRequest,
    ServerError,
    Setting,
    UnknownOutcome,
    Version,
)

log = logging.getLogger(__name__)

MAX_WEIGHT = 280
URL_WEIGHT = 23
URL_PATTERN = re.compile(r"https?://[^\s]+", re.IGNORECASE)
# Code point ranges that weigh 1 (twitter-text v3); everything else weighs 2.
LIGHT_RANGES = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))
TIMEOUT = (5.0, 30.0)


def char_weight(char: str) -> int:
    code = ord(char)
    return 1 if any(low <= code <= high for low, high in LIGHT_RANGES) else 2


def weighted_length(text: str) -> int:
    """The length X enforces: NFC characters by weight, each URL as 23."""
    text = unicodedata.normalize("NFC", text)
    total = 0
    position = 0
    for match in URL_PATTERN.finditer(text):
        total += sum(char_weight(char) for char in text[position : match.start()])
        total += URL_WEIGHT
        position = match.end()
    return total + sum(char_weight(char) for char in text[position:])


def _clusters(text: str) -> list[str]:
    """Characters with their combining marks: Thai vowels and tone marks are
    never split from the consonant they sit on."""
    clusters: list[str] = []
    for char in text:
        if clusters and (unicodedata.combining(char) or unicodedata.category(char) == "Mn"):
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


def _words(line: str, limit: int) -> list[str]:
    """A line too long for one post, in pieces that fit: at spaces, then (Thai
    writes words without spaces) between character clusters; URLs whole."""
    pieces: list[str] = []
    for word in re.split(r"(?<= )", line):
        if weighted_length(word) <= limit:
            pieces.append(word)
            continue
        chunk = ""
        for cluster in _clusters(word):
            if weighted_length(chunk + cluster) > limit:
                pieces.append(chunk)
                chunk = ""
            chunk += cluster
        pieces.append(chunk)
    return pieces


def _pack(pieces: list[str], limit: int, separator: str) -> list[str]:
    """Pieces joined into as few posts as fit within `limit`, in order."""
    posts: list[str] = []
    current = ""
    for piece in pieces:
        joined = f"{current}{separator}{piece}" if current else piece
        if current and weighted_length(joined.strip()) > limit:
            posts.append(current.strip())
            joined = piece
        current = joined
    if current.strip():
        posts.append(current.strip())
    return posts


def split_thread(text: str, limit: int = MAX_WEIGHT) -> list[str]:
    """Posts for a thread, each within `limit` as X counts it, numbered
    " (1/3)" when there is more than one. Posts end at the end of a line (a
    bullet of a release stays whole); only a line longer than a post is cut,
    at a space or between Thai character clusters."""
    text = unicodedata.normalize("NFC", text.strip())
    if weighted_length(text) <= limit:
        return [text]
    budget = limit - len(" (99/99)")
    lines: list[str] = []
    for line in text.split("\n"):
        lines += [line] if weighted_length(line) <= budget else _pack(_words(line, budget), budget, "")
    posts = _pack(lines, budget, "\n")
    total = len(posts)
    return [f"{post} ({number}/{total})" for number, post in enumerate(posts, start=1)]


class _TimeoutSession(requests.Session):
    """tweepy's Client takes no timeout; its session gets one."""

    def request(self, *args: Any, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", TIMEOUT)
        return super().request(*args, **kwargs)


class XPublisher(Publisher):
    channel = "x"
    label = "X"
    order = 20
    settings = tuple(
        Setting(name, required=True, secret=True, help="OAuth 1.0a user context of the posting account")
        for name in ("X_CONSUMER_KEY", "X_CONSUMER_SECRET", "X_ACCESS_TOKEN", "X_ACCESS_TOKEN_SECRET")
    )
    editable_fields = ("text",)
    max_text_length = MAX_WEIGHT
    max_images = 4
    rate_limit_per_second = 1.0  # well under X's posting limits

    def __init__(
        self,
        consumer_key: str,
        consumer_secret: str,
        access_token: str,
        access_token_secret: str,
        image_loader: ImageLoader | None = None,
    ) -> None:
        import tweepy

        # tweepy logs request headers (OAuth signatures) at DEBUG level.
        logging.getLogger("tweepy").setLevel(logging.INFO)
        self.client = tweepy.Client(
            consumer_key=consumer_key,
            consumer_secret=consumer_secret,
            access_token=access_token,
            access_token_secret=access_token_secret,
        )
        self.client.session = _TimeoutSession()
        auth = tweepy.OAuth1UserHandler(consumer_key, consumer_secret, access_token, access_token_secret)
        self.api = tweepy.API(auth, timeout=int(TIMEOUT[1]))
        self.image_loader = image_loader

    @classmethod
    def from_settings(cls, values: Mapping[str, str], context: ChannelContext) -> Self:
        return cls(
            values["X_CONSUMER_KEY"],
            values["X_CONSUMER_SECRET"],
            values["X_ACCESS_TOKEN"],
            values["X_ACCESS_TOKEN_SECRET"],
            image_loader=context.image_loader,
        )

    @classmethod
    def draft_version(cls, content: AnnouncementContent) -> Version | None:
        """A thread: each post within X's limit as X counts it."""
        return split_thread(_with_link(content.text, content.link_url))

    @classmethod
    def edit_version(cls, version: Version | None, field_name: str, value: str) -> Version:
        if field_name != "text":
            return super().edit_version(version, field_name, value)
        return split_thread(value)

    @classmethod
    def fit_text(cls, text: str) -> str:
        """One post: cut (between character clusters) to fit as X counts it."""
        if weighted_length(text) <= MAX_WEIGHT:
            return text
        kept = ""
        for cluster in _clusters(text):
            if weighted_length(kept + cluster) > MAX_WEIGHT - 1:
                break
            kept += cluster
        return kept.rstrip() + "…"

    @classmethod
    def posts_for(cls, message: OutgoingMessage) -> list[str]:
        version = cls.version_of(message)
        if isinstance(version, list) and version:
            return [str(post) for post in version]
        return split_thread(_with_link(message.text, message.link_url))

    @classmethod
    def preview(cls, message: OutgoingMessage) -> list[PreviewPart]:
        """The thread, each post with its length as X counts it; the chart goes with the first."""
        posts = cls.posts_for(message)
        parts = [PreviewPart("post", post, weight=weighted_length(post), limit=MAX_WEIGHT) for post in posts]
        if message.image_url:
            parts.insert(1, PreviewPart("image", url=message.image_url))
        return parts

    def _send(self, request: SendRequest) -> list[str]:
        message = request.message
        posts = self.posts_for(message)
        for post in posts:
            if weighted_length(post) > MAX_WEIGHT:
                raise PermanentFailure(f"a post is {weighted_length(post)} long as X counts it (limit {MAX_WEIGHT})")
        posted = list(request.already_sent)  # a retried thread continues where it stopped
        media_ids = None
        if not posted and message.image_url and self.image_loader is not None:
            media_ids = [self._upload(message.image_url)]
        for index in range(len(posted), len(posts)):
            reply_to = posted[-1] if posted else None
            tweet_id = self._post(posts[index], reply_to, media_ids if index == 0 else None, posted)
            posted.append(tweet_id)
        return posted

    def _upload(self, url: str) -> str:
        import tweepy

        assert self.image_loader is not None
        data = self.image_loader(url)
        try:
            media = self.api.media_upload(filename="chart.png", file=io.BytesIO(data))
        except tweepy.TweepyException as error:
            raise _x_error(error) from None
        return str(media.media_id)

    def _post(self, text: str, reply_to: str | None, media_ids: list[str] | None, posted: list[str]) -> str:
        import tweepy

        try:
            response = self.client.create_tweet(text=text, in_reply_to_tweet_id=reply_to, media_ids=media_ids)
        except (requests.ConnectionError, requests.Timeout) as error:
            if isinstance(error, requests.ConnectTimeout) or _refused(error):
                raise ServerError(f"could not reach X: {type(error).__name__}").after(posted) from None
            # The request may have reached X: posting again could duplicate it.
            raise UnknownOutcome(f"no answer from X after sending: {type(error).__name__}").after(posted) from None
        except tweepy.TweepyException as error:
            raise _x_error(error).after(posted) from None
        return str(response.data["id"])


def _with_link(text: str, link_url: str | None) -> str:
    return f"{text}\n{link_url}" if link_url else text


def _refused(error: requests.ConnectionError | requests.Timeout) -> bool:
    text = str(error).lower()
    return "refused" in text or "name or service not known" in text or "failed to establish" in text


def _x_error(error: Exception) -> PublishError:
    import tweepy

    detail = str(error)[:300]
    if isinstance(error, tweepy.TooManyRequests):
        reset = getattr(error, "reset_time", None)
        wait = max(1.0, float(reset) - time.time()) if reset else None
        return RateLimited(f"X rate limit: {detail}", wait)
    if isinstance(error, tweepy.Unauthorized):
        return AuthFailed(f"X rejected the credentials (401): check the X keys and tokens. {detail}")
    if isinstance(error, tweepy.Forbidden):
        if "duplicate" in detail.lower():
            return PermanentFailure(f"X refused a duplicate post (403): {detail}")
        return PermanentFailure(f"X refused the post (403): {detail}")
    if isinstance(error, tweepy.TwitterServerError):
        return ServerError(f"X server error: {detail}")
    return PermanentFailure(f"X error: {detail}")
