"""What operators and their tools ask the web process: `/readyz` (can this
instance do its job now: database, scheduler heartbeat, inbox and outbox
age) and `/metrics` (Prometheus). Every response carries an `X-Request-Id`,
also written on each log record of the request."""

from __future__ import annotations

import hmac
import ipaddress
import re

from flask import Blueprint, Flask, Response, abort, current_app, g, jsonify, request
from flask.typing import ResponseReturnValue

from bot.ops.health import as_json, readiness
from bot.ops.logs import new_request_id, set_request_id
from bot.ops.metrics import exposition
from bot.web.services import services

blueprint = Blueprint("ops", __name__)
INCOMING_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def init_app(app: Flask) -> None:
    app.register_blueprint(blueprint)

    @app.before_request
    def tag_request() -> None:
        # A proxy's id is kept (one id across the hops) when it looks like one.
        incoming = request.headers.get("X-Request-Id", "")
        g.request_id = incoming if INCOMING_ID.fullmatch(incoming) else new_request_id()
        set_request_id(g.request_id)

    @app.after_request
    def return_request_id(response: Response) -> Response:
        response.headers["X-Request-Id"] = g.get("request_id", "-")
        return response

    @app.teardown_request
    def forget_request_id(_error: BaseException | None) -> None:
        set_request_id("-")


@blueprint.get("/readyz")
def readyz() -> ResponseReturnValue:
    report = as_json(readiness(services().database))
    response = jsonify(report)
    response.status_code = 200 if report["ready"] else 503
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.get("/metrics")
def metrics() -> ResponseReturnValue:
    token = current_app.config["SETTINGS"].METRICS_TOKEN.get_secret_value()
    if token:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode(), token.encode()):
            abort(401)
    elif not _private(request.remote_addr):
        # Without a token, only the machine itself and private networks may scrape.
        abort(403)
    body, content_type = exposition(services().database)
    return Response(body, content_type=content_type, headers={"Cache-Control": "no-store"})


def _private(address: str | None) -> bool:
    try:
        parsed = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    return parsed.is_private or parsed.is_loopback
