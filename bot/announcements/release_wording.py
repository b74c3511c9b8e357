"""The words of a release announcement: the Thai text with the MPI and capacity
utilization and their year-on-year change, the sectors that moved most, the
other indices, the preliminary mark and the source, with its card, its chart
and the link to the month's page on the public site."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from bot.answers.analytics import biggest_moves, change, ranking, round2
from bot.answers.compose import OIE_SOURCE, SAMPLE_SOURCE, change_words
from bot.answers.model import ChartSpec
from bot.catalog import speaker
from bot.data.datasets import all_official
from bot.data.store import Snapshot
from nlp.thaidate import YearMonth
from nlp.vocabulary import INDICATOR_TERMS, TOTAL
from publishers.base import AnnouncementContent, ReleaseCard

CHART_MONTHS = 24
THAI = speaker("th")  # OIE announces in Thai


@dataclass(frozen=True)
class _Headline:
    code: str
    value: Decimal
    yoy: Decimal | None
    in_points: bool


def _headline(snapshot: Snapshot, code: str, month: YearMonth) -> _Headline | None:
    current = snapshot.point(code, TOTAL, month)
    if current is None:
        return None
    in_points = snapshot.indicators[code].change_kind == "points"
    base = snapshot.point(code, TOTAL, month.shift(-12))
    yoy = change(current.value, base.value, in_points) if base is not None else None
    return _Headline(code, current.value, yoy, in_points)


def compose_release(snapshot: Snapshot, month: YearMonth, public_base_url: str) -> AnnouncementContent:
    """The release text of a month, with its card and chart."""
    mpi, capu = snapshot.point("MPI", TOTAL, month), snapshot.point("CAPU", TOTAL, month)
    preliminary = any(point.preliminary for point in (mpi, capu) if point is not None)
    official = all_official(point.dataset for point in snapshot.points.values() if point.period == month)
    title = THAI.say("Industrial economic indices, %(month)s", month=THAI.month(month))
    if preliminary:
        title += THAI.say(" (preliminary)")
    bullets: list[str] = []
    for code in ("MPI", "CAPU"):
        found = _headline(snapshot, code, month)
        if found is not None:
            value = f"{found.value:,.2f}"
            bullets.append(
                THAI.say(
                    "• %(name)s %(value)s %(moved)s vs the same month a year earlier",
                    name=INDICATOR_TERMS[code].display_th,
                    value=THAI.say("%(number)s%%", number=value) if found.in_points else value,
                    moved=_moved(found.yoy, found.in_points),
                )
            )
    bullets += _movers(snapshot, month)
    others = [
        f"{INDICATOR_TERMS[code].display_th} {found.value:,.2f} ({_moved(found.yoy, False)})"
        for code in ("SHIPMENT", "INVENTORY")
        if (found := _headline(snapshot, code, month)) is not None
    ]
    if others:
        bullets.append("• " + ", ".join(others))
    if preliminary:
        bullets.append(THAI.say("Note: preliminary figures, which may be revised."))
    source = THAI.say(OIE_SOURCE if official else SAMPLE_SOURCE)
    text = "\n".join([f"📊 {title}", *bullets, source])
    chart = ChartSpec("MPI", TOTAL, month.shift(-(CHART_MONTHS - 1)), month)
    image_url = f"{public_base_url}/charts/{chart.key(snapshot)}.png"
    # The month's page on the public site: the whole release, every sector, what was revised.
    link_url = f"{public_base_url}/releases/{month.iso()}"
    card = ReleaseCard(
        title=title,
        lines=tuple(bullets),
        source=source,
        image_url=image_url,
        link_url=link_url,
        link_label=THAI.say("Read the full release"),
    )
    return AnnouncementContent(title=title, text=text, image_url=image_url, link_url=link_url, card=card)


def _movers(snapshot: Snapshot, month: YearMonth) -> list[str]:
    """The three divisions that grew most and the three that shrank most, year on year."""
    ranked = ranking(snapshot, "MPI", month, "yoy", in_points=False)
    names = {code: THAI.sector_short(row) for code, row in snapshot.sectors.items()}
    lines = []
    up, down = biggest_moves(ranked, 3)
    if up:
        grew = ", ".join(f"{names[i.sector]} +{round2(i.change)}%" for i in up)
        lines.append(THAI.say("• Sectors that grew most: %(sectors)s", sectors=grew))
    if down:
        shrank = ", ".join(f"{names[i.sector]} {round2(i.change)}%" for i in down)
        lines.append(THAI.say("• Sectors that shrank most: %(sectors)s", sectors=shrank))
    return lines


def _moved(change: Decimal | None, in_points: bool) -> str:
    """ "เพิ่มขึ้น +1.19%", or that there is no year-earlier figure."""
    if change is None:
        return THAI.say("(no year-earlier figure)")
    return change_words(THAI, change, in_points)
