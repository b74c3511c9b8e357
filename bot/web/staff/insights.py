"""Conversation insights: what people ask, what the bot missed, how fast it answered."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import render_template, request
from flask.typing import ResponseReturnValue

from bot.catalog import N_
from bot.staff.insights import insights as compute
from bot.staff.roles import Permission
from bot.web.bounds import bounded_int
from bot.web.services import services
from bot.web.staff import blueprint
from bot.web.staff.access import in_menu, me, requires


@blueprint.get("/insights")
@in_menu(N_("Insights"), position=70)
@requires(Permission.VIEW)
def insights() -> ResponseReturnValue:
    days = min(max(request.args.get("days", 30, type=bounded_int) or 30, 1), 365)
    personal = me().can(Permission.PERSONAL_DATA)
    settings = services().settings
    found = compute(
        services().database,
        ZoneInfo(settings.TZ_NAME),
        days=days,
        with_users=personal,
        secret=settings.SECRET_KEY.get_secret_value(),
    )
    peak = max((count for _, count in found.days), default=0) or 1
    return render_template("staff/insights.html", found=found, days=days, personal=personal, peak=peak)
