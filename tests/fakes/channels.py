"""Fakes for X and Facebook at the requests layer (the `responses` package),
answering like the real APIs."""

from __future__ import annotations

import itertools
import json
import time
from typing import Any

import requests
import responses

X_TWEETS = "https://api.twitter.com/2/tweets"
X_MEDIA = "https://upload.twitter.com/1.1/media/upload.json"
GRAPH = "https://graph.facebook.com/v21.0/123456789"


class FakeX:
    """Records posts; `script` queues failures for the next posts."""

    def __init__(self, mock: responses.RequestsMock) -> None:
        self.mock = mock
        self.posts: list[dict[str, Any]] = []
        self.uploads = 0
        self.failures: list[tuple[int, dict[str, Any], dict[str, str]] | Exception] = []
        self.fail_post_number: int | None = None  # answer this attempt (1-based) with a 503
        self._attempts = 0
        self._ids = itertools.count(1_800_000_000_000_000_001)
        mock.add_callback(responses.POST, X_TWEETS, callback=self._tweet)
        mock.add_callback(responses.POST, X_MEDIA, callback=self._media)

    def _tweet(self, request: requests.PreparedRequest) -> tuple[int, dict[str, str], str]:
        self._attempts += 1
        if self._attempts == self.fail_post_number:
            return 503, {}, json.dumps({"title": "Service Unavailable"})
        if self.failures:
            failure = self.failures.pop(0)
            if isinstance(failure, Exception):
                if isinstance(failure, requests.ReadTimeout):
                    self.posts.append(json.loads(request.body or b"{}"))  # it arrived, the answer got lost
                raise failure
            status, body, headers = failure
            return status, headers, json.dumps(body)
        payload = json.loads(request.body or b"{}")
        self.posts.append(payload)
        return 201, {}, json.dumps({"data": {"id": str(next(self._ids)), "text": payload.get("text", "")}})

    def _media(self, request: requests.PreparedRequest) -> tuple[int, dict[str, str], str]:
        self.uploads += 1
        return 200, {}, json.dumps({"media_id": 710511363345354753, "media_id_string": "710511363345354753"})


class FakeGraph:
    """Records Page posts and photos; `failures` queues error answers."""

    def __init__(self, mock: responses.RequestsMock) -> None:
        self.posts: list[dict[str, Any]] = []
        self.failures: list[tuple[int, dict[str, Any]] | Exception] = []
        self._ids = itertools.count(1)
        for edge in ("feed", "photos"):
            mock.add_callback(responses.POST, f"{GRAPH}/{edge}", callback=self._post)

    def _post(self, request: requests.PreparedRequest) -> tuple[int, dict[str, str], str]:
        body = request.body if isinstance(request.body, bytes) else (request.body or "").encode()
        if self.failures:
            failure = self.failures.pop(0)
            if isinstance(failure, Exception):
                if isinstance(failure, requests.ReadTimeout):
                    self.posts.append({"url": request.url, "body": body})
                raise failure
            status, error = failure
            return status, {}, json.dumps({"error": error})
        self.posts.append({"url": request.url, "body": body})
        post_id = f"123456789_{next(self._ids)}"
        if str(request.url).endswith("/photos"):
            return 200, {}, json.dumps({"id": "9876", "post_id": post_id})
        return 200, {}, json.dumps({"id": post_id})


def rate_limit_reset_in(seconds: int) -> dict[str, str]:
    return {"x-rate-limit-reset": str(int(time.time()) + seconds), "x-rate-limit-remaining": "0"}


def every_channel(line_base_url: str, smtp_port: int) -> dict[str, object]:
    """Settings that configure every channel against the fakes: LINE at the
    fake LINE API, X and Facebook as faked above, e-mail at the local SMTP server."""
    return {
        "LINE_CHANNEL_SECRET": "secret",
        "LINE_CHANNEL_ACCESS_TOKEN": "token",
        "LINE_API_BASE_URL": line_base_url,
        "X_CONSUMER_KEY": "ck",
        "X_CONSUMER_SECRET": "cs",
        "X_ACCESS_TOKEN": "at",
        "X_ACCESS_TOKEN_SECRET": "ats",
        "FACEBOOK_PAGE_ID": "123456789",
        "FACEBOOK_PAGE_ACCESS_TOKEN": "page-token",
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": smtp_port,
        "SMTP_STARTTLS": False,
        "SMTP_FROM": "news@oie.example",
    }
