"""The chat simulator: a staff member's messages and button presses become
LINE webhook events, run through exactly the handlers and chat service the
webhook uses, and the LINE messages that would be sent are shown (text, the
card, the chart, quick replies as buttons), with the parsed question. The
simulated user's subscriptions live in the staff member's session and
nothing is logged: nothing reaches LINE or any subscriber's data."""

from __future__ import annotations

import hashlib
import time
import uuid
from typing import Any

from flask import render_template, request, session
from flask.typing import ResponseReturnValue

from bot.catalog import N_
from bot.chat.context import SessionContexts
from bot.chat.service import ChatService
from bot.chat.simulation import NoRecords, SessionSubscriptions
from bot.staff.roles import Permission
from bot.web.services import services
from bot.web.staff import blueprint
from bot.web.staff.access import in_menu, me, requires
from nlp.parser import parse
from nlp.resolve import resolve_frame

MAX_TEXT = 2000


def simulated_user() -> str:
    """A LINE-shaped user id of this staff member's simulated chat, never a real user's."""
    return "Usim" + hashlib.sha256(me().email.encode()).hexdigest()[:29]


def _event(kind: str, **body: Any) -> dict[str, Any]:
    return {
        "type": kind,
        "mode": "active",
        "timestamp": int(time.time() * 1000),
        "source": {"type": "user", "userId": simulated_user()},
        "webhookEventId": uuid.uuid4().hex.upper()[:26],
        "deliveryContext": {"isRedelivery": False},
        "replyToken": uuid.uuid4().hex,
        **body,
    }


def _chat() -> ChatService:
    found = services()
    return ChatService(
        answerer=found.answerer,
        users=NoRecords(),
        charts=found.charts,
        subscriptions=SessionSubscriptions(session),
        contexts=SessionContexts(session),
    )


def _frame(text: str) -> dict[str, Any] | None:
    latest = services().store.snapshot().latest
    if latest is None:
        return None
    frame = parse(text)
    shown = resolve_frame(frame, latest).contract()
    shown.update(language=frame.language, corrections=[f"{typed} → {meant}" for typed, meant in frame.corrections])
    return shown


@blueprint.get("/simulator")
@in_menu(N_("Chat simulator"), position=60)
@requires(Permission.VIEW)
def simulator() -> ResponseReturnValue:
    return render_template("staff/simulator.html", turn=None, question=request.args.get("q", ""))


@blueprint.post("/simulator")
@requires(Permission.VIEW)
def simulate() -> ResponseReturnValue:
    simulation = services().chat_simulation
    text = request.form.get("text", "").strip()[:MAX_TEXT]
    data = request.form.get("postback", "")
    if data:
        shown = request.form.get("display", "") or data
        event, frame = _event("postback", postback={"data": data[:300]}), None
    else:
        shown = text
        message = {"id": uuid.uuid4().hex[:16], "type": "text", "quoteToken": "simulated", "text": text}
        event, frame = _event("message", message=message), _frame(text)
    messages = simulation.run(event, _chat()) if (text or data) else []
    turn = {"said": shown, "messages": messages, "frame": frame, "postback": data}
    fragment = request.headers.get("X-Requested-With") == "fetch"
    return render_template("staff/_sim_turn.html" if fragment else "staff/simulator.html", turn=turn, question="")
