"""The release calendar: when each indicator's next months are expected, and
the dates staff know (which win over the estimate)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from bot.catalog import N_
from bot.staff.roles import Permission
from bot.web.services import services
from bot.web.staff import blueprint
from bot.web.staff.access import actor, in_menu, requires
from bot.web.staff.picker import picked_day
from nlp.thaidate import YearMonth
from nlp.vocabulary import INDICATOR_CODES


@blueprint.get("/release-dates")
@in_menu(N_("Release dates"), position=50)
@requires(Permission.VIEW)
def release_dates() -> ResponseReturnValue:
    upcoming = services().calendar.upcoming(months=3)
    return render_template("staff/release_dates.html", upcoming=upcoming, indicators=INDICATOR_CODES)


@blueprint.post("/release-dates")
@requires(Permission.COMPOSE)
def set_release_date() -> ResponseReturnValue:
    calendar = services().calendar
    try:
        indicator = request.form.get("indicator", "")
        period = YearMonth.parse(request.form.get("period", ""))
        if request.form.get("action") == "unset":
            calendar.unset(indicator, period, by=actor())
            flash(_("The estimate is used again."), "success")
        else:
            calendar.set(
                indicator,
                period,
                picked_day(request.form, "date"),
                request.form.get("note") or None,
                by=actor(),
            )
            flash(_("Release date saved."), "success")
    except ValueError as error:
        flash(_("Not saved: %(reason)s", reason=str(error)), "error")
    return redirect(url_for("staff.release_dates"))
