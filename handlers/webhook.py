"""The LINE webhook: `POST /callback`.

Thin by design (LINE's own guidance): check the size, verify
`X-Line-Signature` over the raw body before anything else, parse, hand the
events to the dispatcher and answer 200 at once. Bodies are never logged."""

from __future__ import annotations

import logging

from flask import Blueprint, Response, abort, request
from linebot.v3 import WebhookParser
from linebot.v3.exceptions import InvalidSignatureError

from handlers.dispatcher import EventDispatcher

log = logging.getLogger(__name__)
MAX_BODY_BYTES = 1024 * 1024


def create_webhook_blueprint(parser: WebhookParser, dispatcher: EventDispatcher) -> Blueprint:
    blueprint = Blueprint("line_webhook", __name__)

    @blueprint.post("/callback")
    def callback() -> Response:
        if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
            abort(413)
        raw = request.stream.read(MAX_BODY_BYTES + 1)
        if len(raw) > MAX_BODY_BYTES:
            abort(413)
        signature = request.headers.get("X-Line-Signature")
        if not signature:
            log.warning("webhook refused: no X-Line-Signature header")
            abort(400, description="missing signature")
        try:
            body = raw.decode("utf-8")
            events = parser.parse(body, signature)
        except InvalidSignatureError:
            log.warning("webhook refused: invalid signature")
            abort(400, description="invalid signature")
        except (ValueError, TypeError, KeyError):
            # Signed by LINE's secret but not a webhook payload.
            log.warning("webhook refused: malformed body")
            abort(400, description="malformed body")
        events = list(events) if isinstance(events, list) else []
        if events and not dispatcher.submit(events):
            log.error("webhook busy: %d events not queued", len(events))
            abort(503)
        return Response("OK", status=200, mimetype="text/plain")

    return blueprint
