"""The fake LINE API checks requests against LINE's published OpenAPI
document, following `type` discriminators down to concrete schemas: here,
that it refuses what LINE would refuse and takes what LINE takes."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from tests.fakes.line_api import FakeLineApi
from tests.fakes.line_schema import line_spec

TEXT = {"type": "text", "text": "MPI"}


def bubble(*contents: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "flex",
        "altText": "MPI",
        "contents": {"type": "bubble", "body": {"type": "box", "layout": "vertical", "contents": list(contents)}},
    }


def push_errors(*messages: dict[str, Any]) -> list[str]:
    return line_spec().violations(
        "POST", "/v2/bot/message/push", "application/json", {"to": "U1", "messages": list(messages)}
    )


def test_well_formed_messages_pass() -> None:
    quick = {"items": [{"type": "action", "action": {"type": "postback", "label": "กราฟ", "data": "action=chart"}}]}
    assert push_errors({**TEXT, "quickReply": quick}, bubble({"type": "text", "text": "100.6", "size": "3xl"})) == []


@pytest.mark.parametrize(
    ("message", "complaint"),
    [
        ({"type": "text"}, "'text' is a required property"),
        ({"type": "txt", "text": "MPI"}, "is not one of"),
        ({"type": "image", "originalContentUrl": "https://x/a.png"}, "'previewImageUrl' is a required property"),
        (bubble({"type": "text", "text": "x", "wrap": "yes"}), "is not of type 'boolean'"),  # a Flex text, deep down
        (bubble({"type": "box", "layout": "sideways", "contents": []}), "'sideways' is not one of"),
        (
            {**TEXT, "quickReply": {"items": [{"type": "action", "action": {"type": "postback", "data": "d" * 301}}]}},
            "breaks maxLength=300",  # a quick reply's action
        ),
    ],
)
def test_what_line_refuses_is_found(message: dict[str, Any], complaint: str) -> None:
    errors = push_errors(message)
    assert any(complaint in error for error in errors), errors


def test_more_than_five_messages_or_an_unknown_endpoint_are_refused() -> None:
    assert any("breaks maxItems=5" in error for error in push_errors(*[TEXT] * 6))
    assert line_spec().violations("POST", "/v2/bot/message/pushh", "application/json", {}) != []


def test_the_fake_answers_400_and_fails_the_test_that_sent_it() -> None:
    fake = FakeLineApi()
    response = requests.post(
        f"{fake.base_url}/v2/bot/message/push", json={"to": "U1", "messages": [{"type": "text"}]}, timeout=5
    )
    assert response.status_code == 400
    assert "text" in response.json()["details"][0]["message"]
    with pytest.raises(AssertionError, match="specification refuses"):
        fake.close()


def test_webhook_bodies_are_checked_too() -> None:
    webhook = line_spec("webhook.yml")
    assert webhook.schema_errors("CallbackRequest", {"destination": "U" + "0" * 32, "events": []}) == []
    bad = {"destination": "U" + "0" * 32, "events": [{"type": "message", "mode": "active", "timestamp": 1}]}
    assert webhook.schema_errors("CallbackRequest", bad) != []
