"""A Facebook Page through the Graph API (plain `requests`): text and link to
`/{page-id}/feed`, the chart with a caption to `/{page-id}/photos`, with a
page access token.

Throttling codes (4, 17, 32, 613) are retried later, an invalid token (190)
fails with a clear reason, other errors are permanent. The Graph API has no
idempotency key, so a timeout after the request went out is reported as
unconfirmed for staff to check rather than retried."""

from __future__ import annotations

import logging
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

GRAPH_URL = "https://graph.facebook.com"
THROTTLING_CODES = frozenset({4, 17, 32, 613})
TOKEN_CODES = frozenset({190, 102})
TIMEOUT = (5.0, 30.0)


class FacebookPublisher(Publisher):
    channel = "facebook"
    label = "Facebook Page"
    order = 30
    settings = (
        Setting("FACEBOOK_PAGE_ID", required=True),
        Setting("FACEBOOK_PAGE_ACCESS_TOKEN", required=True, secret=True, help="a long-lived Page access token"),
        Setting("FACEBOOK_GRAPH_VERSION", default="v21.0"),
    )
    editable_fields = ("text",)
    max_text_length = 63_206  # Page post limit
    max_images = 1
    rate_limit_per_second = 1.0

    def __init__(
        self,
        page_id: str,
        page_access_token: str,
        graph_version: str = "v21.0",
        image_loader: ImageLoader | None = None,
        session: requests.Session | None = None,
    ) -> None:
        self.page_id = page_id
        self.token = page_access_token
        self.base = f"{GRAPH_URL}/{graph_version}/{page_id}"
        self.image_loader = image_loader
        self.session = session or requests.Session()

    @classmethod
    def from_settings(cls, values: Mapping[str, str], context: ChannelContext) -> Self:
        return cls(
            values["FACEBOOK_PAGE_ID"],
            values["FACEBOOK_PAGE_ACCESS_TOKEN"],
            values.get("FACEBOOK_GRAPH_VERSION") or "v21.0",
            image_loader=context.image_loader,
        )

    @classmethod
    def draft_version(cls, content: AnnouncementContent) -> Version | None:
        return f"{content.text}\n{content.link_url}" if content.link_url else content.text

    @classmethod
    def edit_version(cls, version: Version | None, field_name: str, value: str) -> Version:
        if field_name != "text":
            return super().edit_version(version, field_name, value)
        return value

    @classmethod
    def post_text(cls, message: OutgoingMessage) -> str:
        version = cls.version_of(message)
        return cls.fit_text(str(version) if version else message.text)

    @classmethod
    def preview(cls, message: OutgoingMessage) -> list[PreviewPart]:
        """With a chart, a photo post with the text (and link) as its caption; else a text post with the link."""
        text = cls.post_text(message)
        parts = [PreviewPart("text", text, weight=len(text), limit=cls.max_text_length)]
        if message.image_url:
            parts.insert(0, PreviewPart("image", url=message.image_url))
        if message.link_url:
            parts.append(PreviewPart("link", url=message.link_url))
        return parts

    def _send(self, request: SendRequest) -> list[str]:
        message = request.message
        if request.already_sent:
            return list(request.already_sent)  # the post exists; never post it twice
        text = self.post_text(message)
        if message.image_url:
            fields = {"caption": text + (f"\n{message.link_url}" if message.link_url else "")}
            if self.image_loader is not None:
                files = {"source": ("chart.png", self.image_loader(message.image_url), "image/png")}
                body = self._call("photos", data=fields, files=files)
            else:
                body = self._call("photos", data={**fields, "url": message.image_url})
            return [str(body.get("post_id") or body.get("id"))]
        fields = {"message": text}
        if message.link_url:
            fields["link"] = message.link_url
        body = self._call("feed", data=fields)
        return [str(body["id"])]

    def _call(self, edge: str, data: dict[str, str], files: dict[str, Any] | None = None) -> dict[str, Any]:
        try:
            response = self.session.post(
                f"{self.base}/{edge}",
                data={**data, "access_token": self.token},
                files=files,
                timeout=TIMEOUT,
            )
        except requests.ConnectTimeout as error:
            raise ServerError(f"could not reach Facebook: {type(error).__name__}") from None
        except (requests.ReadTimeout, requests.ConnectionError) as error:
            if isinstance(error, requests.ConnectionError) and "refused" in str(error).lower():
                raise ServerError("could not reach Facebook: connection refused") from None
            # Sent, but no answer: the post may exist.
            raise UnknownOutcome(f"no answer from Facebook after sending: {type(error).__name__}") from None
        try:
            body: dict[str, Any] = response.json()
        except ValueError:
            body = {}
        if response.ok and "error" not in body:
            return body
        raise _graph_error(response.status_code, body.get("error") or {})


def _graph_error(status: int, error: dict[str, Any]) -> PublishError:
    code = error.get("code")
    message = str(error.get("message", f"HTTP {status}"))[:300]
    trace = error.get("fbtrace_id")
    detail = f"{message} (code {code}{', trace ' + str(trace) if trace else ''})"
    if code in THROTTLING_CODES:
        return RateLimited(f"Facebook throttled the Page: {detail}")
    if code in TOKEN_CODES or status == 401:
        return AuthFailed(f"Facebook rejected the page access token: {detail}")
    if status >= 500 and code in (1, 2, None):
        return ServerError(f"Facebook server error: {detail}")
    return PermanentFailure(f"Facebook refused the post: {detail}")
