"""The baseline of the webhook burst benchmark: a bare Flask app that checks
the signature with the same SDK validator and answers 200, storing nothing.
Served by gunicorn with the service's own `gunicorn.conf.py`."""

from __future__ import annotations

import os

from flask import Flask, Response, abort, request
from linebot.v3.webhook import SignatureValidator


def create_app() -> Flask:
    app = Flask(__name__)
    validator = SignatureValidator(os.environ["LINE_CHANNEL_SECRET"])

    @app.get("/healthz")
    def healthz() -> Response:
        return Response("ok", mimetype="text/plain")

    @app.post("/callback")
    def callback() -> Response:
        body = request.get_data(as_text=True)
        if not validator.validate(body, request.headers.get("X-Line-Signature", "")):
            abort(400)
        return Response("OK", mimetype="text/plain")

    return app
