"""calendar: expected release dates, and dates staff know."""

from __future__ import annotations

from datetime import date

import click

from bot.cli.common import current_services, fail, pass_settings
from bot.config import Settings
from nlp.thaidate import YearMonth


def data_month(text: str) -> YearMonth:
    """A data month written in CE (2026-11) or BE (2569-11)."""
    year, _, rest = text.strip().partition("-")
    if year.isascii() and year.isdigit() and int(year) > 2400:
        text = f"{int(year) - 543}-{rest}"  # BE: checked as the CE month it is
    return YearMonth.parse(text)


@click.command(
    "calendar",
    help="List the expected release dates (staff-set, or estimated from past releases), or set or unset the "
    "date of one indicator's month. INDICATOR is MPI, SHIPMENT, INVENTORY or CAPU; PERIOD the data month, "
    "CE YYYY-MM or BE 2569-10; DATE the release date, YYYY-MM-DD.",
    short_help="expected release dates; set a date staff know",
)
@click.argument("action", type=click.Choice(["list", "set", "unset"]), default="list")
@click.argument("indicator", required=False)
@click.argument("period", required=False)
@click.argument("release_date", metavar="[DATE]", required=False)
@click.option("--note")
@pass_settings
def calendar(
    settings: Settings,
    action: str,
    indicator: str | None,
    period: str | None,
    release_date: str | None,
    note: str | None,
) -> int:
    try:
        with current_services(settings) as services:
            calendar = services.calendar
            if action == "list":
                for release in calendar.upcoming(months=3):
                    print(
                        f"{release.indicator:<9} {release.period.be_label()} ({release.period.iso()})  "
                        f"{release.date.isoformat()}  {release.source}, {release.lag_days} days after month end"
                    )
                return 0
            if not indicator or not period:
                return fail(f"calendar {action} needs INDICATOR PERIOD")
            code, month = indicator.upper(), data_month(period)
            if action == "unset":
                removed = calendar.unset(code, month)
                print(f"{code} {month.iso()}: {'date removed' if removed else 'no date was set'}")
                return 0
            if not release_date:
                return fail("calendar set needs a DATE (YYYY-MM-DD)")
            calendar.set(code, month, date.fromisoformat(release_date), note)
            print(f"{code} {month.iso()}: release expected on {release_date}")
            return 0
    except ValueError as error:
        return fail(str(error))


COMMANDS = (calendar,)
