"""An SDMX 2.1 REST data query read and answered from the store: the
dataflow reference, the series key (`M.MPI+CAPU.TOTAL+29`, an empty part
for any code), the periods, `firstNObservations`/`lastNObservations`,
`updatedAfter` (from the observations' change times, which the revision
history keeps) and `detail`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from flask import Request

from bot.data.store import IndicatorStore, Point, Snapshot
from bot.web.sdmx.structures import AGENCY_ID, DATAFLOW_ID, DIMENSIONS, VERSION, Structures
from nlp.thaidate import YearMonth

DETAILS = ("full", "dataonly", "serieskeysonly", "nodata")
# More observations than this in one answer is refused (413) rather than built.
MAX_OBSERVATIONS = 200_000


class SdmxError(Exception):
    """A refusal with the SDMX 2.1 web-service error code and its HTTP status."""

    def __init__(self, status: int, code: int, text: str) -> None:
        super().__init__(text)
        self.status, self.code, self.text = status, code, text


def syntax_error(text: str) -> SdmxError:
    return SdmxError(400, 140, text)


def no_results(text: str) -> SdmxError:
    return SdmxError(404, 100, text)


def not_implemented(text: str) -> SdmxError:
    return SdmxError(501, 501, text)


def check_dataflow(reference: str) -> None:
    """`DF_INDUSTRY`, `OIE,DF_INDUSTRY` or `OIE,DF_INDUSTRY,1.0` (`all` and
    `latest` for the agency and version)."""
    parts = reference.split(",")
    if len(parts) > 3 or not all(parts):
        raise syntax_error(f"the dataflow reference {reference!r} is not agency,id,version")
    agency, flow, version = ["all", *parts, "latest"][-3:] if len(parts) == 1 else [*parts, "latest"][:3]
    if agency not in ("all", AGENCY_ID) or flow != DATAFLOW_ID or version not in ("latest", "all", VERSION):
        raise no_results(f"no dataflow {reference!r}: this service has {AGENCY_ID},{DATAFLOW_ID},{VERSION}")


@dataclass(frozen=True)
class Series:
    codes: dict[str, str]  # dimension id -> code
    points: list[Point]


@dataclass(frozen=True)
class DataQuery:
    key: tuple[frozenset[str] | None, ...]  # per dimension; None for any code
    start: YearMonth | None = None
    end: YearMonth | None = None
    first_n: int | None = None
    last_n: int | None = None
    updated_after: datetime | None = None
    detail: str = "full"

    @classmethod
    def read(cls, key: str, request: Request, structures: Structures) -> DataQuery:
        return cls(
            key=_key(key, structures),
            start=_period(request.args.get("startPeriod"), "startPeriod", end=False),
            end=_period(request.args.get("endPeriod"), "endPeriod", end=True),
            first_n=_count(request.args.get("firstNObservations"), "firstNObservations"),
            last_n=_count(request.args.get("lastNObservations"), "lastNObservations"),
            updated_after=_moment(request.args.get("updatedAfter")),
            detail=_detail(request.args.get("detail", "full")),
        )

    def select(self, store: IndicatorStore, structures: Structures) -> list[Series]:
        snapshot = store.snapshot()
        changed = store.changed_after(self.updated_after) if self.updated_after is not None else None
        found = []
        for codes in self._series_keys(structures):
            points = self._points(snapshot, codes["INDICATOR"], codes["SECTOR"], changed)
            if points:
                found.append(Series(codes, points))
        if not found:
            raise no_results("no observations match the query")
        if sum(len(series.points) for series in found) > MAX_OBSERVATIONS:
            raise SdmxError(413, 510, f"the answer would hold more than {MAX_OBSERVATIONS} observations: narrow it")
        return found

    def _series_keys(self, structures: Structures) -> list[dict[str, str]]:
        keys: list[dict[str, str]] = [{}]
        for dimension, wanted in zip(DIMENSIONS, self.key, strict=True):
            codes = [code for code in structures.codes(dimension) if wanted is None or code in wanted]
            keys = [{**key, dimension: code} for key in keys for code in codes]
        return keys

    def _points(
        self, snapshot: Snapshot, indicator: str, sector: str, changed: set[tuple[str, str, int]] | None
    ) -> list[Point]:
        first = snapshot.first_month
        last = snapshot.latest_by_indicator.get(indicator)
        if first is None or last is None:
            return []
        start = max(first, self.start) if self.start else first
        end = min(last, self.end) if self.end else last
        points = [
            point
            for index in range(start.index(), end.index() + 1)
            if (point := snapshot.points.get((indicator, sector, index))) is not None
            and (changed is None or (indicator, sector, index) in changed)
        ]
        if self.first_n is not None:
            points = points[: self.first_n]
        if self.last_n is not None:
            points = points[-self.last_n :] if self.last_n else []
        return points


def _key(text: str, structures: Structures) -> tuple[frozenset[str] | None, ...]:
    if text in ("all", ""):
        return (None,) * len(DIMENSIONS)
    parts = text.split(".")
    if len(parts) != len(DIMENSIONS):
        raise syntax_error(
            f"the key {text!r} has {len(parts)} parts; this dataflow's has {len(DIMENSIONS)}: FREQ.INDICATOR.SECTOR"
        )
    key: list[frozenset[str] | None] = []
    for dimension, part in zip(DIMENSIONS, parts, strict=True):
        if not part:
            key.append(None)
            continue
        codes = frozenset(part.split("+"))
        unknown = sorted(codes - set(structures.codes(dimension)))
        if unknown:
            raise no_results(f"{dimension} has no code {', '.join(unknown)}")
        key.append(codes)
    return tuple(key)


_PERIOD = re.compile(r"^(\d{4})(?:-(?:(\d{2})(?:-(\d{2}))?|Q([1-4])|S([12])|A1?))?$")


def _period(text: str | None, name: str, *, end: bool) -> YearMonth | None:
    """A month from any SDMX period of the Gregorian calendar: a year, half,
    quarter, month or day; for an end, the last month it covers."""
    if text is None:
        return None
    match = _PERIOD.match(text)
    if match is None:
        raise syntax_error(f"{name} must be a period such as 2025, 2025-Q1 or 2025-01, got {text!r}")
    year, month, _day, quarter, half = match.groups()
    if month is not None:
        first = last = int(month)
        if not 1 <= first <= 12:
            raise syntax_error(f"{name} has no month {month}")
    elif quarter is not None:
        first, last = 3 * int(quarter) - 2, 3 * int(quarter)
    elif half is not None:
        first, last = 6 * int(half) - 5, 6 * int(half)
    else:
        first, last = 1, 12
    return YearMonth(int(year), last if end else first)


def _count(text: str | None, name: str) -> int | None:
    if text is None:
        return None
    if not text.isdigit() or len(text) > 6:
        raise syntax_error(f"{name} must be a whole number, got {text!r}")
    return int(text)


def _moment(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text.replace(" ", "+"))  # an unencoded + arrives as a space
    except ValueError:
        raise syntax_error(
            f"updatedAfter must be an ISO 8601 time such as 2026-10-01T00:00:00Z, got {text!r}"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _detail(text: str) -> str:
    if text not in DETAILS:
        raise syntax_error(f"detail must be one of {', '.join(DETAILS)}, got {text!r}")
    return text


def decimal_text(value: Decimal) -> str:
    """The stored decimal as written (100.62, not 100.6199…)."""
    return format(value.normalize(), "f") if value == value.to_integral_value() else str(value)
