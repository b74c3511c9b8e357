"""Partner systems (admins): webhook endpoints with the events they want,
each one's delivery log, a test event, enabling a disabled one, removal."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from bot.announcements.webhooks import ANNOUNCEMENT_SENT, DATA_REVISED, EVENTS, RELEASE_PUBLISHED, WebhookError
from bot.catalog import N_
from bot.staff.roles import Permission
from bot.web.services import services
from bot.web.staff import blueprint
from bot.web.staff.access import actor, in_menu, requires

EVENT_WORDS = {
    RELEASE_PUBLISHED: _l("a release brings new months"),
    DATA_REVISED: _l("an import revises published values"),
    ANNOUNCEMENT_SENT: _l("an announcement has gone out"),
}

REFUSALS = {
    "events": _l("choose at least one event"),
    "https": _l("the address must start with https://"),
    "unresolved": _l("the host name could not be found"),
    "not public": _l("the address is not a public Internet address"),
}


@blueprint.route("/partners", methods=["GET", "POST"])
@in_menu(N_("Partners"), position=100)
@requires(Permission.MANAGE_PARTNERS)
def partners() -> ResponseReturnValue:
    registry = services().webhooks
    secret = None
    if request.method == "POST":
        url = request.form.get("url", "").strip()
        try:
            endpoint_id, secret = registry.register(
                url, request.form.getlist("events"), request.form.get("description", ""), by=actor()
            )
        except WebhookError as error:
            flash(_("The endpoint was not added: %(reason)s", reason=REFUSALS.get(error.reason, str(error))), "error")
            return redirect(url_for("staff.partners"))
        flash(
            _(
                "Endpoint #%(id)d added. Give its signing secret to the partner now: it is not shown again.",
                id=endpoint_id,
            ),
            "success",
        )
    return render_template(
        "staff/partners.html", endpoints=registry.endpoints(), events=EVENTS, event_words=EVENT_WORDS, secret=secret
    )


@blueprint.get("/partners/<int:endpoint_id>")
@requires(Permission.MANAGE_PARTNERS)
def partner_log(endpoint_id: int) -> ResponseReturnValue:
    registry = services().webhooks
    endpoint = next((found for found in registry.endpoints() if found.id == endpoint_id), None)
    if endpoint is None:
        abort(404)
    return render_template("staff/partner_log.html", endpoint=endpoint, messages=registry.messages(endpoint_id))


@blueprint.post("/partners/<int:endpoint_id>")
@requires(Permission.MANAGE_PARTNERS)
def change_partner(endpoint_id: int) -> ResponseReturnValue:
    registry = services().webhooks
    action = request.form.get("action", "")
    try:
        if action == "test":
            registry.send_test(endpoint_id, by=actor())
            flash(_("A test event is on its way; its delivery shows in the log."), "success")
            return redirect(url_for("staff.partner_log", endpoint_id=endpoint_id))
        if action == "enable":
            registry.enable(endpoint_id, by=actor())
            flash(_("Endpoint #%(id)d enabled; what it missed is sent now.", id=endpoint_id), "success")
        elif action == "remove":
            registry.remove(endpoint_id, by=actor())
            flash(_("Endpoint #%(id)d removed.", id=endpoint_id), "success")
        else:
            abort(400)
    except WebhookError:
        abort(404)
    return redirect(url_for("staff.partners"))
