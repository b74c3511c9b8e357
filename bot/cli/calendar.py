"""calendar: expected release dates, and dates staff know."""

from __future__ import annotations

import argparse
from datetime import date

from bot.answers.release_calendar import ReleaseCalendar
from bot.cli.common import add_command, current_services, fail
from bot.config import Settings
from nlp.thaidate import YearMonth


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    calendar = add_command(
        commands,
        "calendar",
        cmd_calendar,
        help="expected release dates; set a date staff know",
        description="List the expected release dates (staff-set, or estimated from past releases), or set "
        "or unset the date of one indicator's month.",
    )
    calendar.add_argument("action", nargs="?", choices=["list", "set", "unset"], default="list")
    calendar.add_argument("indicator", nargs="?", help="MPI, SHIPMENT, INVENTORY or CAPU")
    calendar.add_argument("period", nargs="?", help="the data month, CE YYYY-MM or BE 2569-10")
    calendar.add_argument("date", nargs="?", help="the release date, YYYY-MM-DD")
    calendar.add_argument("--note")


def data_month(text: str) -> YearMonth:
    """A data month written in CE (2026-11) or BE (2569-11)."""
    month = YearMonth.parse(text)
    return YearMonth.from_be(month.year, month.month) if month.year > 2400 else month


def cmd_calendar(args: argparse.Namespace, settings: Settings) -> int:
    try:
        with current_services(settings) as services:
            return _calendar(args, services.calendar)
    except ValueError as error:
        return fail(str(error))


def _calendar(args: argparse.Namespace, calendar: ReleaseCalendar) -> int:
    if args.action == "list":
        for release in calendar.upcoming(months=3):
            print(
                f"{release.indicator:<9} {release.period.be_label()} ({release.period.iso()})  "
                f"{release.date.isoformat()}  {release.source}, {release.lag_days} days after month end"
            )
        return 0
    if not args.indicator or not args.period:
        return fail(f"calendar {args.action} needs INDICATOR PERIOD")
    indicator = args.indicator.upper()
    period = data_month(args.period)
    if args.action == "unset":
        removed = calendar.unset(indicator, period)
        print(f"{indicator} {period.iso()}: {'date removed' if removed else 'no date was set'}")
        return 0
    if not args.date:
        return fail("calendar set needs a DATE (YYYY-MM-DD)")
    calendar.set(indicator, period, date.fromisoformat(args.date), args.note)
    print(f"{indicator} {period.iso()}: release expected on {args.date}")
    return 0
