"""Announcements in the console: the list with filters, a month calendar,
and one announcement with its previews, its actions (approve, schedule,
cancel) and each channel's delivery, updated while it sends."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext

from bot.announcements.approval import changes_since_approval
from bot.announcements.recovery import DeliveryRecovery, RecoveryRefused
from bot.announcements.rules import AnnouncementError, check_send_time
from bot.announcements.states import EDITABLE_STATES, AnnouncementState
from bot.catalog import N_
from bot.data.models import utcnow
from bot.staff.deliveries import Filters, calendar_month, delivery_status, listed, reach
from bot.staff.roles import Permission
from bot.web.services import services
from bot.web.staff import blueprint
from bot.web.staff.access import actor, in_menu, load_announcement, me, requires
from bot.web.staff.compose import stored_previews
from bot.web.staff.labels import announcement_problem, field_value
from bot.web.staff.picker import picked
from nlp.thaidate import YearMonth

LIVE_STATES = frozenset({AnnouncementState.SCHEDULED, AnnouncementState.SENDING})


def _zone() -> ZoneInfo:
    return ZoneInfo(services().settings.TZ_NAME)


@blueprint.get("/announcements")
@in_menu(N_("Announcements"), position=30)
@requires(Permission.VIEW)
def announcements() -> ResponseReturnValue:
    filters = Filters(
        state=request.args.get("state", ""),
        kind=request.args.get("kind", ""),
        channel=request.args.get("channel", ""),
        month=request.args.get("month", ""),
        words=request.args.get("q", "").strip()[:200],
    )
    rows = listed(services().database, filters, _zone())
    return render_template(
        "staff/announcements.html",
        rows=rows,
        filters=filters,
        states=list(AnnouncementState),
        channels=list(services().settings.configured_channels),
    )


@blueprint.get("/announcements/calendar")
@in_menu(N_("Calendar"), position=40)
@requires(Permission.VIEW)
def announcement_calendar() -> ResponseReturnValue:
    today = utcnow().astimezone(_zone()).date()
    try:
        month = (
            YearMonth.parse(request.args["month"]) if request.args.get("month") else YearMonth(today.year, today.month)
        )
    except ValueError:
        month = YearMonth(today.year, today.month)
    calendar = calendar_month(services().database, month.year, month.month, _zone())
    releases = [
        release
        for release in services().calendar.upcoming(months=3)
        if (release.date.year, release.date.month) == (month.year, month.month)
    ]
    return render_template(
        "staff/announcement_calendar.html",
        calendar=calendar,
        month=month,
        today=today,
        releases=releases,
        previous=month.shift(-1),
        following=month.shift(1),
    )


@blueprint.get("/announcements/<int:announcement_id>")
@requires(Permission.VIEW)
def announcement(announcement_id: int) -> ResponseReturnValue:
    found = load_announcement(announcement_id)
    line_usage = services().line_quota() if "line" in found.channels else None
    return render_template(
        "staff/announcement.html",
        item=found,
        previews=stored_previews(found),
        status=delivery_status(services().database, announcement_id, me().can(Permission.PERSONAL_DATA)),
        live=found.state in LIVE_STATES,
        editable=found.state in EDITABLE_STATES,
        reach=reach(services().database, found) if found.state in EDITABLE_STATES else [],
        changes=changes_since_approval(found, field_value) if found.state == AnnouncementState.DRAFT else [],
        line_usage=line_usage,
        own=me().email in {found.created_by, *(found.authors or [])},  # wrote or changed it: not its approver
        require_approval=services().policy.require_approval,
    )


@blueprint.get("/announcements/<int:announcement_id>/status")
@requires(Permission.VIEW)
def announcement_status(announcement_id: int) -> ResponseReturnValue:
    """The delivery panel alone: the page asks for it every few seconds while sending."""
    found = load_announcement(announcement_id)
    return render_template(
        "staff/_status.html",
        item=found,
        status=delivery_status(services().database, announcement_id, me().can(Permission.PERSONAL_DATA)),
        live=found.state in LIVE_STATES,
    )


def _act(announcement_id: int, action: str, done: str) -> ResponseReturnValue:
    service = services().announcements
    try:
        if action == "approve":
            service.approve(announcement_id, by=actor())
        elif action == "cancel":
            service.cancel(announcement_id, by=actor())
        else:
            service.schedule(announcement_id, _when(), by=actor())
    except AnnouncementError as error:
        flash(announcement_problem(error, _zone()), "error")
    except ValueError as error:
        flash(str(error), "error")
    else:
        flash(done, "success")
    return redirect(url_for("staff.announcement", announcement_id=announcement_id))


def _when() -> datetime | None:
    """The time chosen in the schedule form, in the service's time zone; None: the default send time.
    "Send now" is now plus the window in which it can still be stopped."""
    if request.form.get("now"):
        return services().policy.send_now_time(utcnow())
    try:
        return picked(request.form, "at", _zone())
    except ValueError:
        raise ValueError(_("That day does not exist; choose another date.")) from None


@blueprint.post("/announcements/<int:announcement_id>/approve")
@requires(Permission.APPROVE)
def approve(announcement_id: int) -> ResponseReturnValue:
    return _act(announcement_id, "approve", _("Approved."))


@blueprint.post("/announcements/<int:announcement_id>/schedule")
@requires(Permission.SCHEDULE)
def schedule(announcement_id: int) -> ResponseReturnValue:
    """Scheduling asks first: who each channel reaches, when, and what a phone shows;
    only the confirmation's own form (`confirmed`) schedules."""
    if request.form.get("confirmed") != "1":
        return _confirmation(announcement_id)
    return _act(announcement_id, "schedule", _("Scheduled."))


def _confirmation(announcement_id: int) -> ResponseReturnValue:
    found = load_announcement(announcement_id)
    policy = services().policy
    try:
        when = _when() or policy.default_send_time(utcnow())
        check_send_time(when)
    except AnnouncementError as error:
        flash(announcement_problem(error, _zone()), "error")
        return redirect(url_for("staff.announcement", announcement_id=announcement_id))
    except ValueError as error:
        flash(str(error), "error")
        return redirect(url_for("staff.announcement", announcement_id=announcement_id))
    reached = reach(services().database, found)
    return render_template(
        "staff/confirm_schedule.html",
        item=found,
        when=when,
        now=bool(request.form.get("now")),
        # Asked again as one value: the confirmation's hidden field.
        at=when.astimezone(_zone()).replace(tzinfo=None).isoformat(timespec="minutes")
        if not request.form.get("now")
        else "",
        delay_minutes=max(1, round(policy.send_now_delay.total_seconds() / 60)),
        reach=reached,
        nobody=[found for found in reached if found.kind == "list" and not found.recipients],
        line_usage=services().line_quota() if "line" in found.channels else None,
        previews=stored_previews(found),
    )


@blueprint.post("/announcements/<int:announcement_id>/cancel")
@requires(Permission.SCHEDULE)
def cancel(announcement_id: int) -> ResponseReturnValue:
    return _act(announcement_id, "cancel", _("Cancelled."))


@blueprint.post("/announcements/<int:announcement_id>/deliveries/<channel>/<action>")
@requires(Permission.SETTLE)
def settle(announcement_id: int, channel: str, action: str) -> ResponseReturnValue:
    """A delivery settled as from the command line: failed requests retried;
    an unconfirmed one marked sent, or sent again."""
    if action not in ("mark-sent", "resend", "retry"):
        abort(404)
    recovery = DeliveryRecovery(services().database)
    if action == "retry":
        try:
            queued = recovery.retry_failed(announcement_id, channel, by=actor())
        except RecoveryRefused as refusal:
            if refusal.reason == "in_flight":
                flash(_("Some of its requests are being sent right now; try again when they are done."), "error")
            else:
                flash(_("There is no %(channel)s delivery to retry.", channel=channel), "error")
        else:
            if queued:
                flash(ngettext("%(num)d request queued again.", "%(num)d requests queued again.", queued), "success")
            else:
                flash(_("There are no failed %(channel)s requests to retry.", channel=channel), "error")
        return redirect(url_for("staff.announcement", announcement_id=announcement_id))
    remote_id = request.form.get("remote_id", "").strip() or None
    changed = recovery.resolve_unconfirmed(
        announcement_id, channel, sent=action == "mark-sent", remote_id=remote_id, by=actor()
    )
    if not changed:
        flash(_("There is no unconfirmed %(channel)s delivery to settle.", channel=channel), "error")
    elif action == "mark-sent":
        flash(_("Marked as sent."), "success")
    else:
        flash(_("Queued to send again."), "success")
    return redirect(url_for("staff.announcement", announcement_id=announcement_id))
