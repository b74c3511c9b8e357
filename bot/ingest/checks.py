"""What staff should look at before confirming an import: each revised figure
with its old and new value, and values unlike their series (a figure ten times
its recent level, a month-on-month jump larger than the series has made in the
months held), which are more often a typing or unit error than news."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from statistics import median

from bot.ingest.records import ObservationKey, ParsedObservation

# A figure this many times its series' median (or this fraction of it) is flagged.
LEVEL_FACTOR = Decimal(5)
# A month-on-month change is flagged above this multiple of the largest one held,
# and never below this floor (an index moving 20% in a month happens).
JUMP_FACTOR = Decimal(2)
JUMP_FLOOR = Decimal("0.25")


@dataclass(frozen=True)
class RevisedValue:
    key: ObservationKey
    old: Decimal
    new: Decimal


@dataclass(frozen=True)
class ValueWarning:
    """A value to check: `kind` is "level" (against `reference`, the series' median)
    or "jump" (against `reference`, the month before)."""

    key: ObservationKey
    value: Decimal
    kind: str
    reference: Decimal


def _largest_jump(series: Mapping[int, Decimal]) -> Decimal | None:
    """The largest month-on-month change (a fraction) between consecutive months held."""
    jumps = [abs(value / series[month - 1] - 1) for month, value in series.items() if series.get(month - 1)]
    return max(jumps) if jumps else None


def unusual_values(
    observations: list[ParsedObservation], stored: Mapping[ObservationKey, Decimal]
) -> list[ValueWarning]:
    """Values of the file unlike the rest of their series (what the store holds, the file's other values).
    Each series is read once: a file of every month of every division stays quick."""
    held: dict[tuple[str, str], dict[int, Decimal]] = defaultdict(dict)
    for key, value in stored.items():
        held[key.indicator, key.sector][key.period.index()] = value
    # What the series was before this file: its level and its largest monthly move.
    levels = {name: Decimal(median(values.values())) for name, values in held.items() if len(values) >= 6}
    jumps = {name: _largest_jump(values) for name, values in held.items() if name in levels}
    series = {name: dict(values) for name, values in held.items()}
    for observation in observations:
        key = observation.key
        series.setdefault((key.indicator, key.sector), {})[key.period.index()] = observation.value
    warnings = []
    for observation in observations:
        key, value = observation.key, observation.value
        name = (key.indicator, key.sector)
        level = levels.get(name)
        if not level or not value:
            continue  # too little history to judge
        if value >= level * LEVEL_FACTOR or value * LEVEL_FACTOR <= level:
            warnings.append(ValueWarning(key, value, "level", level))
            continue
        before = series[name].get(key.period.index() - 1)
        largest = jumps[name]
        if before and largest is not None and abs(value / before - 1) > max(largest * JUMP_FACTOR, JUMP_FLOOR):
            warnings.append(ValueWarning(key, value, "jump", before))
    return warnings
