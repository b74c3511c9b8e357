"""The dashboard: what the staff of a statistics office look at first."""

from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue

from bot.catalog import N_
from bot.staff import overview
from bot.staff.roles import Permission
from bot.web.services import services
from bot.web.staff import blueprint
from bot.web.staff.access import in_menu, me, requires


@blueprint.get("/")
@in_menu(N_("Dashboard"), position=10)
@requires(Permission.VIEW)
def dashboard() -> ResponseReturnValue:
    found = services()
    database = found.database
    snapshot = found.store.snapshot()
    tiles = overview.indicator_tiles(snapshot)
    return render_template(
        "staff/dashboard.html",
        tiles=tiles,
        sparklines={tile.code: overview.sparkline(tile.trend) for tile in tiles},
        names=snapshot.indicators,
        imports=overview.recent_imports(database),
        upcoming=overview.announcement_lines(database, upcoming=True),
        recent=overview.announcement_lines(database, upcoming=False),
        awaiting=overview.awaiting_approval(database, me().email) if me().can(Permission.APPROVE) else [],
        subscribers=overview.subscriber_counts(database),
        releases=found.calendar.upcoming(months=1),
        attention=overview.needs_attention(database),
        quota=found.line_quota(),
    )
