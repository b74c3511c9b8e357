"""The chat in English: months with Common-Era years."""

from __future__ import annotations

from bot.answers.analytics import SpanValue
from bot.answers.release_calendar import ExpectedRelease
from bot.answers.texts import DATA_DELETED, ONLY_IN_PRIVATE_CHAT, ChartFacts, Pair, Texts
from bot.data.store import IndicatorRow
from nlp.periods import ResolvedPeriod
from nlp.thaidate import YearMonth


def _lower_first(name: str) -> str:
    return name[0].lower() + name[1:]


def _span_label(value: SpanValue) -> str:
    if value.complete or value.period.kind == "month":
        return value.period.english()
    first, last = value.months[0], value.months[-1]
    return f"{first.english()[:3]}-{last.english()[:3]} {last.year}"


def _period_question(period: ResolvedPeriod) -> str:
    if period.kind == "quarter":
        return f"Q{period.start.quarter} {period.start.year}"
    if period.kind == "year":
        return f"{period.start.year}"
    if period.kind == "ytd":
        return f"first {period.end.month} months of {period.end.year}"
    if period.kind == "range":
        return f"{period.start.english()} to {period.end.english()}"
    return period.end.english()


def _figure_lead(name: str, where: str, averaged: bool, span: str, value: str) -> str:
    return f"{name}, {where}, {'averaged ' if averaged else ''}{span}: {value}"


def _figure_suggestions(subject: str, when: str, asked: str) -> list[Pair]:
    return [
        ("vs last year", f"{subject} {when} year on year"),
        ("vs last month", f"{subject} {when} vs last month"),
        ("Chart", f"chart of {subject}"),
        ("By sector", f"which sectors grew the most {when} {asked}"),
        ("What is this?", f"what does {asked} mean"),
    ]


_VERSUS_EN = {"mom": "vs the previous month", "span": "average vs the same months a year earlier"}


def _ranking_head(size: int, name: str, bottom: bool, when: str, prelim: str, comparison: str) -> str:
    which = "fell the most" if bottom else "grew the most"
    versus = _VERSUS_EN.get(comparison, "vs the same month a year earlier")
    return f"The {size} sectors where {_lower_first(name)} {which}, {when}{prelim} ({versus})"


def _ranking_level_head(size: int, name: str, bottom: bool, when: str, prelim: str) -> str:
    return f"The {size} sectors with the {'lowest' if bottom else 'highest'} {_lower_first(name)}, {when}{prelim}"


def _ranking_suggestions(asked: str, bottom: bool, when: str, top_sector: str) -> list[Pair]:
    return [
        ("Fell most" if not bottom else "Grew most", f"which sectors {'fell' if not bottom else 'grew'} most {when}"),
        ("Total", f"{asked} {when} year on year"),
    ]


def _chart_summary(facts: ChartFacts) -> str:
    lines = [f"Chart of {_lower_first(facts.name)}, {facts.where}, {facts.span} ({facts.months} months)"]
    average = f"Average over these months: {facts.average}"
    if facts.average_vs_year_earlier:
        average += f", {facts.average_vs_year_earlier} from the same months a year earlier"
    lines.append(average)
    if facts.moved:
        lines.append(f"First month to last: {facts.moved}")
    lines += [
        f"Latest {facts.latest[0].english()}: {facts.latest[1]}",
        f"High {facts.high[0].english()}: {facts.high[1]}",
        f"Low {facts.low[0].english()}: {facts.low[1]}",
    ]
    return "\n".join(lines)


def _indicator_definition(row: IndicatorRow) -> str:
    return (
        f"{row.name_en} ({row.code}), unit: {row.unit_en}\n{row.definition_en}\n"
        "Comparisons: year on year (same month a year earlier), month on month, and year to date "
        "(average since January against the same months a year earlier). The newest two months are "
        "preliminary and may be revised."
    )


def _calendar_answer(name: str, held: YearMonth, release: ExpectedRelease) -> str:
    expected = release.date
    reason = {"staff": "date set by staff", "history": "estimated from past releases", "default": "estimate"}
    return (
        f"{name}: the latest month is {held.english()}. Figures for "
        f"{release.period.english()} are expected around {expected.day} {expected:%B %Y} "
        f"({reason[release.source]}; OIE publishes no official calendar)."
    )


def _not_understood(understood: list[str]) -> str:
    body = "Sorry, I did not understand that"
    if understood:
        body += f" (it seems to be about {', '.join(understood)})"
    return body + '. Try a question about the indicators, such as "latest MPI", or pick one below.'


def _subscribed(name: str, new: bool) -> str:
    return f"Subscribed to {name}: you will get new releases here." if new else f"Already subscribed to {name}."


HELP = (
    "Ask in Thai or English, for example:\n"
    "• latest MPI\n"
    "• capacity utilization of cars in Q3 2026\n"
    "• MPI year to date\n"
    "• which sectors grew the most\n"
    "• chart of MPI last 12 months\n"
    "• what is MPI?"
)
WELCOME = (
    "Thank you for adding us as a friend.\n"
    "This account answers questions about the industrial indicators of Thailand's Office of Industrial "
    "Economics: the Manufacturing Production Index (MPI), capacity utilization, shipments and inventories, "
    "in total and for 22 sectors. Ask away, or tap a button below.\n"
    'Tap "Every release" to hear when OIE publishes new figures, or send "subscribe cars" for one sector.\n'
    'Send "delete my data" to have your data deleted.'
)


ENGLISH = Texts(
    language="en",
    no_data="There is no indicator data yet; staff are importing it. Please try again later.",
    failure="Sorry, something went wrong on our side. Please ask again.",
    source_oie="Source: Office of Industrial Economics (OIE), Thailand.",
    source_sample="Source: sample data (synthetic), not official OIE figures.",
    preliminary=" (preliminary)",
    preliminary_word="preliminary",
    total_manufacturing="total manufacturing",
    points_unit=" points",
    points_short=" pts",
    direction={"up": "up", "down": "down", "flat": "unchanged"},
    previous_month="from the previous month",
    previous_quarter="from the previous quarter",
    year_earlier={
        "month": "from the same month a year earlier",
        "quarter": "from the same quarter a year earlier",
        "year": "from the year before",
        "ytd": "from the same months a year earlier",
        "range": "from the same months a year earlier",
    },
    no_earlier_data=" (no earlier data to compare with)",
    nothing_to_rank="There is no sector data to rank.",
    vs_last_month_label="vs last month",
    every_topic="all releases",
    unsubscribe_in_line='Unsubscribing works in the service\'s LINE chat: send "unsubscribe" there.',
    help=HELP,
    starter_suggestions=[
        ("Latest MPI", "latest MPI"),
        ("Capacity utilization", "capacity utilization latest"),
        ("Top sectors", "which sectors grew the most"),
        ("MPI chart", "show me a chart of MPI"),
        ("What is MPI?", "What is MPI?"),
    ],
    indicator_name=lambda terms: terms.display_en,
    asked_name=lambda terms: terms.asked_en,
    sector_phrase=lambda row: f"{row.name_en} (TSIC {row.code})",
    sector_short=lambda row: row.name_en,
    card_subtitle=lambda sector: "Total" if sector == "TOTAL" else f"TSIC {sector}",
    percent=lambda number: f"{number}%",
    period_label=lambda period: period.english(),
    period_question=_period_question,
    short_month=lambda month: f"{month.english()[:3]} {month.year}",
    span_label=_span_label,
    partial_average_note=lambda last: f"(data available up to {last.english()}; averaged over the months available)",
    missing_period_note=lambda asked, latest: (
        f"There is no data for {asked} yet; the latest month is {latest.english()}."
    ),
    compared_with=lambda label: f"compared with {label}",
    understood_as=lambda understood: f"(Understood as: {understood})\n",
    no_series=lambda name, where: f"There is no data for {name}, {where}.",
    figure_lead=_figure_lead,
    figure_with_change=lambda lead, moved, versus, base_label, base_value: (
        f"{lead}, {moved} {versus} ({base_label}: {base_value})"
    ),
    figure_suggestions=_figure_suggestions,
    capacity_suggestion=lambda when: ("Capacity use", f"capacity utilization {when}"),
    ranking_head=_ranking_head,
    ranking_level_head=_ranking_level_head,
    ranking_suggestions=_ranking_suggestions,
    chart_summary=_chart_summary,
    sector_definition=lambda sector: (
        f"TSIC division {sector.code}: {sector.name_en}, weighing {sector.weight}% of the MPI."
    ),
    sector_latest_suggestion=lambda subject: (f"{subject} latest", f"{subject} latest"),
    indicator_definition=_indicator_definition,
    definition_suggestions=lambda asked: [(f"Latest {asked}", f"latest {asked}"), ("Chart", f"chart of {asked}")],
    calendar_answer=_calendar_answer,
    calendar_suggestions=lambda asked: [("Get notified", "subscribe to MPI"), ("Latest MPI", "latest MPI")],
    greeting=lambda latest: (
        "Hello! Ask me about Thailand's industrial indicators: the MPI, capacity utilization, "
        f"shipments and inventories, in total or by sector. The latest month is {latest.english()}."
    ),
    not_understood=_not_understood,
    overview_head=lambda subject, period, value, prelim: f"Overview of {subject}, {period}: {value}{prelim}",
    overview_changes=lambda yoy, mom: (
        f"• against the same month a year earlier: {yoy}\n• against the month before: {mom}"
    ),
    overview_trend=lambda moved: f"• last three months (average against the three before): {moved}",
    overview_movers=lambda up, down: (
        "• sectors up most (year on year): "
        + ", ".join(up)
        + "\n• sectors down most (year on year): "
        + ", ".join(down)
    ),
    why_premise=lambda wrong: f"In fact it did not {'rise' if wrong == 'up' else 'fall'}. " if wrong else "",
    why_head=lambda subject, period, moved, wrong: (
        (f"In fact it did not {'rise' if wrong == 'up' else 'fall'}. " if wrong else "")
        + f"{subject}, {period}: {moved} year on year. The sectors that contributed most to the change:"
    ),
    why_line=lambda sector, points: f"• {sector}: {points} points",
    why_note=(
        "Each figure is the sector's contribution (its weight × the change of its index): where the change"
        " came from, not why it happened."
    ),
    why_only_total=lambda subject: (
        f"A breakdown by sector exists only for the total index; here is the change of {subject}."
    ),
    not_published=lambda name, publisher, url: (
        f"This service does not publish {name}; {publisher} does"
        + (f" ({url})." if url else ".")
        + "\nHere you can ask about OIE's Manufacturing Production Index (MPI), shipments, finished-goods"
        " inventories and capacity utilization, in total and for 22 manufacturing sectors."
    ),
    division_not_published=lambda division: (
        f"OIE does not publish a separate index for {division}. You can ask about total manufacturing,"
        " or about one of the 22 sectors OIE publishes."
    ),
    clarify_sales=lambda subject: (
        f"Which figure of {subject} do you mean: OIE's shipment index (what factories ship, as an index),"
        " or sales in units, which other agencies publish? Pick one below."
    ),
    clarify_sales_choices=lambda named, when: [
        ("OIE shipment index", " ".join(f"shipment index {named} {when or 'latest'}".split())),
        ("Units sold (others)", " ".join(f"{named} units sold {when}".split())),
    ],
    clarify_intent="Which do you mean? Pick one below.",
    clarify_ours_or_other=(
        "We publish production, shipment and inventory indices and capacity utilization. If you mean our index, "
        "tap below. Export values, numbers of factories, electricity use and units sold come from other agencies."
    ),
    subscribe_in_line=lambda topic: (
        f'Subscriptions ({topic}) work in the service\'s LINE chat: send "subscribe {topic}" there.'
    ),
    # --- dialogue ---
    welcome=WELCOME,
    privacy_notice=lambda days, url: (
        f"🔒 Privacy: we keep your LINE user id, the topics you follow and the questions you send for {days} days "
        "to answer and improve the service, then remove what identifies you. We keep no name or profile picture. "
        f'Send "delete my data" to delete it all now. The full notice: {url}'
    ),
    data_deleted=DATA_DELETED,
    only_in_private_chat=ONLY_IN_PRIVATE_CHAT,
    unsupported=lambda kind: (
        f"Thank you for the {kind}. For now the bot answers typed questions only, "
        'such as "latest MPI", or pick a button below.'
    ),
    topic_everything="every monthly release",
    topic_indicator=lambda asked: asked,
    topic_sector=lambda sector: sector.name_en,
    subscribed=_subscribed,
    unsubscribed_all=lambda removed: "Unsubscribed from everything." if removed else "You had no subscriptions.",
    unsubscribed=lambda name, removed: (
        f"Unsubscribed from {name}." if removed else f"You were not subscribed to {name}."
    ),
    no_subscriptions='No subscriptions yet. Send "subscribe MPI" or "subscribe".',
    subscriptions=lambda names: "Your subscriptions:\n" + "\n".join(f"• {name}" for name in names),
    subscribe_all_button=("Every release", "subscribe"),
    list_subscriptions_button=("My subscriptions", "my subscriptions"),
    unsubscribe_all_button=("Unsubscribe all", "unsubscribe"),
    after_subscription_suggestions=[],
    chart_label="Chart",
    menu_bar="OIE menu",
    menu_items={
        "latest": ("Latest", "MPI and sectors", "latest MPI"),
        "chart": ("Chart", "last 12 months", "MPI chart, last 12 months"),
        "ranking": ("Ranking", "sectors up and down", "which sectors grew most"),
        "subscribe": ("Get news", "when figures are out", "subscribe to everything"),
        "calendar": ("Calendar", "next release dates", "when is the next MPI release"),
        "help": ("How to use", "what you can ask", "how to use"),
        "site": ("Website", "data and downloads", ""),
        "language": ("ภาษาไทย", "เมนูภาษาไทย", ""),
    },
)
