"""Getting releases by e-mail from the public site: a form (address and
topics), a confirmation link sent to the address (double opt-in, expiring),
and the page that link opens, where a button confirms (mail scanners follow
links, so opening it alone subscribes nobody). Sending is rate limited per
client and per address (`bot.web.limits`); every e-mail then carries the
one-click unsubscribe link."""

from __future__ import annotations

import logging

from flask import Blueprint, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from bot.announcements.signup import CONFIRMATION_LIFETIME, SignupTokens, confirm
from bot.announcements.subscriptions import SubscriptionError, normalize_address
from bot.announcements.topics import ALL, Topic, TopicError
from bot.web.names import indicator_name, sector_name
from bot.web.services import services
from nlp.vocabulary import INDICATOR_CODES, SECTOR_CODES
from publishers.base import NoticeSender, PublishError, RecipientList

log = logging.getLogger(__name__)

# The form and its sending are limited together; the confirmation page is separate
# (opening a link must not count against the form).
blueprint = Blueprint("signup", __name__)
confirming = Blueprint("signup_confirm", __name__)


def _tokens() -> SignupTokens:
    return SignupTokens(services().settings.SECRET_KEY.get_secret_value())


def email_channel() -> NoticeSender | None:
    publisher = services().publishers.get("email")
    return publisher if isinstance(publisher, NoticeSender) else None


def topic_label(topic: Topic) -> str:
    if topic == ALL:
        return str(_("every release"))
    return indicator_name(topic.code) if topic.kind == "indicator" else sector_name(topic.code)


def _choices() -> list[tuple[str, list[Topic]]]:
    return [
        (_("Indicators"), [Topic.parse(f"indicator:{code}") for code in INDICATOR_CODES]),
        (_("Sectors"), [Topic.parse(f"sector:{code}") for code in SECTOR_CODES]),
    ]


def asked_address() -> str:
    """The address of a sign-up, as stored, for the per-address limit."""
    try:
        return normalize_address(RecipientList.EMAIL_ADDRESSES, request.form.get("email", ""))
    except SubscriptionError:
        return "-"


def send_to_visitor(address: str, subject: str, text: str, what: str) -> bool:
    """One e-mail a visitor of the site asked for (a confirmation or a link); False when
    it could not be sent now, for the page to say so. The log names the kind, never the address."""
    channel = email_channel()
    if channel is None:
        return False
    try:
        channel.send_notice(address, subject, text)
    except PublishError as error:
        log.warning("%s not sent: %s", what, type(error).__name__)
        return False
    return True


HOURS = int(CONFIRMATION_LIFETIME.total_seconds() // 3600)


def _form(status: int = 200, **values: object) -> tuple[str, int]:
    page = render_template(
        "public/subscribe.html",
        available=email_channel() is not None,
        choices=_choices(),
        topic_label=topic_label,
        **values,
    )
    return page, status


@blueprint.route("/subscribe", methods=["GET", "POST"])
def subscribe() -> ResponseReturnValue:
    if request.method == "GET":
        return _form(email="", chosen=["all"])
    chosen = request.form.getlist("topic") or ["all"]
    email = request.form.get("email", "").strip()[:320]
    try:
        address = normalize_address(RecipientList.EMAIL_ADDRESSES, email)
        topics = [Topic.parse(text) for text in chosen]
    except SubscriptionError:
        return _form(400, email=email, chosen=chosen, error=_("This is not an e-mail address."))
    except TopicError:
        return _form(400, email=email, chosen=["all"], error=_("Choose what you want to receive."))
    if email_channel() is None:
        return _form(503, email=email, chosen=chosen)
    topics = [ALL] if ALL in topics else topics
    link = services().settings.public_base_url + url_for(
        "signup_confirm.confirm_signup", token=_tokens().make(address, topics), lang=request.args.get("lang")
    )
    text = _(
        "Someone, we hope you, asked for the industrial indicators of the Office of Industrial Economics "
        "to be sent to this address: %(topics)s.\n\nTo confirm, open this link within %(hours)d hours:\n"
        "%(link)s\n\nIf it was not you, ignore this e-mail: nothing will be sent to you.",
        topics=", ".join(topic_label(topic) for topic in topics),
        hours=HOURS,
        link=link,
    )
    if not send_to_visitor(
        address, _("Confirm your e-mail for OIE industrial indicators"), text, "sign-up confirmation"
    ):
        failed = _("The e-mail could not be sent just now. Please try again later.")
        return _form(503, email=email, chosen=chosen, error=failed)
    return render_template("public/subscribe_sent.html", email=address, hours=HOURS)


@confirming.route("/subscribe/confirm", methods=["GET", "POST"])
def confirm_signup() -> ResponseReturnValue:
    token = request.values.get("token", "")
    found = _tokens().read(token) if token else None
    if found is None:
        return render_template("public/subscribe_confirm.html", address=None), 400
    address, topics = found
    done = request.method == "POST"
    if done:
        confirm(services().database, address, topics)
    labels = [topic_label(topic) for topic in topics]
    return render_template("public/subscribe_confirm.html", address=address, topics=labels, token=token, done=done)
