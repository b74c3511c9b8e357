"""The link in every e-mail: unsubscribing without a login."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from flask.typing import ResponseReturnValue

from bot.announcements.subscriptions import SubscriberList
from bot.announcements.unsubscribe import UnsubscribeTokens
from bot.web.services import services

blueprint = Blueprint("unsubscribe", __name__)


@blueprint.route("/unsubscribe", methods=["GET", "POST"])
def unsubscribe() -> ResponseReturnValue:
    """GET asks for confirmation (mail scanners follow links); POST
    unsubscribes, also as RFC 8058 one-click."""
    settings = current_app.config["SETTINGS"]
    token = request.values.get("token", "")
    tokens = UnsubscribeTokens(settings.SECRET_KEY.get_secret_value(), services().database)
    email = tokens.read(token) if token else None
    if email is None:
        return render_template("unsubscribe.html", email=None, done=False), 400
    if request.method == "POST":
        SubscriberList.email(services().database).unsubscribe(email)
        return render_template("unsubscribe.html", email=email, done=True)
    return render_template("unsubscribe.html", email=email, token=token, done=False)
