"""Alerts by e-mail from the public site: a form (an indicator of a sector,
a line, the address), a confirmation link sent to the address (double
opt-in, as the sign-up: the address and the alert travel sealed in the link,
nothing is stored until a button on the page it opens is pressed), and a
page listing an address's alerts to remove, reached by the link every alert
e-mail carries or one sent on request. Sending is rate limited like the
sign-up (`bot.web.limits`)."""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import Blueprint, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from bot.announcements.alerts import AlertError, AlertSpec, alert_manage_tokens
from bot.announcements.subscriptions import SubscriptionError, normalize_address
from bot.catalog import speaker
from bot.ops.sealed import SealedTokens
from bot.web.i18n import current_language
from bot.web.names import indicator_name, sector_name
from bot.web.services import services
from bot.web.signup import HOURS, email_channel, send_to_visitor
from nlp.vocabulary import INDICATOR_CODES, SECTOR_CODES, TOTAL
from publishers.base import RecipientList

log = logging.getLogger(__name__)
CHANNEL = "email"
CONFIRM_SALT = "alerts-confirm-v1"
CONFIRMATION_LIFETIME = timedelta(hours=HOURS)
# The form's one choice of condition, as the alert's measure and direction.
CONDITIONS = {
    "falls": ("change", "below"),
    "rises": ("change", "above"),
    "below": ("level", "below"),
    "above": ("level", "above"),
}

sending = Blueprint("alerts", __name__)  # the form and the manage-link request: both send e-mail
managing = Blueprint("alerts_manage", __name__)


def _confirm_tokens() -> SealedTokens:
    return SealedTokens(services().settings.SECRET_KEY.get_secret_value(), CONFIRM_SALT, CONFIRMATION_LIFETIME)


def _manage_tokens() -> SealedTokens:
    return alert_manage_tokens(services().settings.SECRET_KEY.get_secret_value())


def _describe(spec: AlertSpec) -> str:
    return spec.describe(speaker(current_language()), services().store.snapshot())


def _spec_of(form: dict[str, str]) -> AlertSpec:
    """The alert the form asks for: a fall or a rise is written as an amount ("5"), its sign the condition's."""
    measure, direction = CONDITIONS.get(form.get("condition", ""), ("", ""))
    threshold = form.get("threshold", "").strip()
    if measure == "change":
        threshold = ("-" if direction == "below" else "") + threshold.lstrip("+-−")
    fields = {**form, "measure": measure, "direction": direction, "threshold": threshold}
    return AlertSpec.read(fields, services().store.snapshot())


def _form(status: int = 200, **values: object) -> tuple[str, int]:
    values.setdefault("form", {"indicator": "MPI", "sector": TOTAL, "condition": "falls", "comparison": "yoy"})
    page = render_template(
        "public/alerts.html",
        available=email_channel() is not None,
        indicators=[(code, indicator_name(code)) for code in INDICATOR_CODES],
        sectors=[(TOTAL, sector_name(TOTAL)), *((code, sector_name(code)) for code in SECTOR_CODES)],
        **values,
    )
    return page, status


@sending.route("/alerts", methods=["GET", "POST"])
def alerts() -> ResponseReturnValue:
    if request.method == "GET":  # a sector's page links here with its indicator and sector chosen
        asked = {key: request.args.get(key, "") for key in ("indicator", "sector") if request.args.get(key)}
        return _form(form={"indicator": "MPI", "sector": TOTAL, "condition": "falls", "comparison": "yoy", **asked})
    form = {key: request.form.get(key, "").strip()[:320] for key in request.form}
    try:
        address = normalize_address(RecipientList.EMAIL_ADDRESSES, form.get("email", ""))
        spec = _spec_of(form)
    except SubscriptionError:
        return _form(400, form=form, error=_("This is not an e-mail address."))
    except AlertError as error:
        message = _("Write the line as a number, such as 5 or 70.5.") if error.reason == "threshold" else None
        return _form(400, form=form, error=message or _("Choose an indicator, a sector and a condition."))
    if email_channel() is None:
        return _form(503, form=form)
    token = _confirm_tokens().make([address, spec.fields(), current_language()])
    link = services().settings.public_base_url + url_for(
        "alerts_manage.confirm", token=token, lang=request.args.get("lang")
    )
    text = _(
        "Someone, we hope you, asked the Office of Industrial Economics for an alert to this address when "
        "%(condition)s.\n\nTo confirm, open this link within %(hours)d hours:\n%(link)s\n\n"
        "If it was not you, ignore this e-mail: nothing will be sent to you.",
        condition=_describe(spec), hours=HOURS, link=link,
    )  # fmt: skip
    if not send_to_visitor(address, _("Confirm your alert from OIE"), text, "alert confirmation"):
        failed = _("The e-mail could not be sent just now. Please try again later.")
        return _form(503, form=form, error=failed)
    return render_template("public/alerts_sent.html", email=address, hours=HOURS)


@sending.post("/alerts/manage-link")
def manage_link() -> ResponseReturnValue:
    """A link to one's alerts, sent to the address (whether it has any is not said on the page)."""
    try:
        address = normalize_address(RecipientList.EMAIL_ADDRESSES, request.form.get("email", ""))
    except SubscriptionError:
        return _form(400, manage_error=_("This is not an e-mail address."))
    link = services().settings.public_base_url + url_for(
        "alerts_manage.manage", token=_manage_tokens().make(address), lang=request.args.get("lang")
    )
    text = _("To see or remove the alerts of this address, open this link:\n%(link)s", link=link)
    if not send_to_visitor(address, _("Your alerts from OIE"), text, "alerts link"):
        return _form(503, manage_error=_("The e-mail could not be sent just now. Please try again later."))
    return render_template("public/alerts_sent.html", email=address, hours=None)


@managing.route("/alerts/confirm", methods=["GET", "POST"])
def confirm() -> ResponseReturnValue:
    """Opening the link shows the alert; the button sets it (mail scanners follow links)."""
    token = request.values.get("token", "")
    found = _confirm_tokens().read(token) if token else None
    try:
        address, fields, language = found  # type: ignore[misc]
        spec = AlertSpec.read(fields, services().store.snapshot())
    except (TypeError, ValueError, AlertError):
        return render_template("public/alerts_confirm.html", condition=None), 400
    done = request.method == "POST"
    if done:
        try:
            services().alerts.add(CHANNEL, address, spec, "en" if language == "en" else "th")
        except AlertError:
            return render_template("public/alerts_confirm.html", condition=_describe(spec), too_many=True), 409
    manage = url_for("alerts_manage.manage", token=_manage_tokens().make(address))
    page = render_template(
        "public/alerts_confirm.html", condition=_describe(spec), address=address, token=token, done=done, manage=manage
    )
    return page


@managing.route("/alerts/manage", methods=["GET", "POST"])
def manage() -> ResponseReturnValue:
    token = request.values.get("token", "")
    address = _manage_tokens().read(token) if token else None
    if not isinstance(address, str):
        return render_template("public/alerts_manage.html", address=None), 400
    removed = 0
    if request.method == "POST":
        chosen = request.form.get("id", "")
        removed = services().alerts.remove(CHANNEL, address, int(chosen) if chosen.isdigit() else None)
    listed = [(alert.id, _describe(alert.spec)) for alert in services().alerts.list(CHANNEL, address)]
    return render_template("public/alerts_manage.html", address=address, token=token, alerts=listed, removed=removed)
