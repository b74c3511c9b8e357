"""Everything the service says in the chat, in Thai and in English.

`Texts` is the one list of phrases; `thai.THAI` and `english.ENGLISH` fill it
in. Code asks the asker's `Texts` for a phrase and never branches on the
language, so a phrase is changed (or a language added) here alone. Phrases
with parts are functions of those parts, because Thai and English put them
in a different order."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from bot.answers.analytics import SpanValue
from bot.answers.model import Direction, Language
from bot.answers.release_calendar import ExpectedRelease
from bot.data.store import IndicatorRow, SectorRow
from nlp.periods import PeriodKind, ResolvedPeriod
from nlp.thaidate import YearMonth
from nlp.vocabulary import IndicatorTerms

Pair = tuple[str, str]  # (button label, what the button sends)

# Said in both languages at once: sent before the service knows which one the user reads.
DATA_DELETED = (
    "ลบข้อมูลทั้งหมดที่บริการเก็บเกี่ยวกับคุณแล้ว (ประวัติคำถามและการติดตาม) / All data the service held about you has been deleted."
)
# Said once when the bot is added to a group or a room, in both languages.
GROUP_WELCOME = (
    "สวัสดีครับ บอทข้อมูลเศรษฐกิจอุตสาหกรรมของ สศอ. ตอบเมื่อถูกเรียกเท่านั้น: "
    'แท็ก @ชื่อบอท หรือพิมพ์ "สศอ" นำหน้าคำถาม เช่น "สศอ MPI ล่าสุด" หรือ "สศอ สาขาไหนโตมากที่สุด"\n'
    'Hello! In a group I answer only when asked: mention me, or start with "OIE", e.g. "OIE latest MPI".'
)
ONLY_IN_PRIVATE_CHAT = "ลบข้อมูลได้เฉพาะในแชตส่วนตัวกับบัญชีนี้ / Only in a one-to-one chat."


@dataclass(frozen=True)
class ChartFacts:
    """What a chart answer says, already written as figures."""

    name: str  # the indicator
    where: str  # the sector
    span: str  # first and last month shown
    months: int
    average: str
    average_vs_year_earlier: str | None  # a change text, for spans of up to a year
    moved: str | None  # from the first month to the last, a change text
    latest: tuple[YearMonth, str]
    high: tuple[YearMonth, str]
    low: tuple[YearMonth, str]


@dataclass(frozen=True)
class AnswerTexts:
    """Phrases of answers about the figures."""

    language: Language
    no_data: str
    failure: str
    source_oie: str
    source_sample: str
    preliminary: str  # after a figure
    preliminary_word: str  # on a card
    total_manufacturing: str
    points_unit: str  # after a change in points, in a sentence
    points_short: str  # after a change in points, in a list
    direction: Mapping[Direction, str]
    previous_month: str
    previous_quarter: str
    year_earlier: Mapping[PeriodKind, str]
    no_earlier_data: str
    nothing_to_rank: str
    vs_last_month_label: str
    every_topic: str
    unsubscribe_in_line: str
    help: str
    starter_suggestions: list[Pair]
    indicator_name: Callable[[IndicatorTerms], str]
    asked_name: Callable[[IndicatorTerms], str]
    sector_phrase: Callable[[SectorRow], str]
    sector_short: Callable[[SectorRow], str]
    card_subtitle: Callable[[str], str]
    percent: Callable[[str], str]
    period_label: Callable[[ResolvedPeriod], str]
    period_question: Callable[[ResolvedPeriod], str]
    short_month: Callable[[YearMonth], str]
    span_label: Callable[[SpanValue], str]
    partial_average_note: Callable[[YearMonth], str]
    missing_period_note: Callable[[str, YearMonth], str]
    compared_with: Callable[[str], str]
    understood_as: Callable[[str], str]
    no_series: Callable[[str, str], str]
    figure_lead: Callable[[str, str, bool, str, str], str]
    figure_with_change: Callable[[str, str, str, str, str], str]
    figure_suggestions: Callable[[str, str, str], list[Pair]]
    capacity_suggestion: Callable[[str], Pair]
    ranking_head: Callable[[int, str, bool, str, str, str], str]  # size, name, bottom, when, prelim, versus
    ranking_level_head: Callable[[int, str, bool, str, str], str]
    ranking_suggestions: Callable[[str, bool, str, str], list[Pair]]
    chart_summary: Callable[[ChartFacts], str]
    sector_definition: Callable[[SectorRow], str]
    sector_latest_suggestion: Callable[[str], Pair]
    indicator_definition: Callable[[IndicatorRow], str]
    definition_suggestions: Callable[[str], list[Pair]]
    calendar_answer: Callable[[str, YearMonth, ExpectedRelease], str]
    calendar_suggestions: Callable[[str], list[Pair]]
    greeting: Callable[[YearMonth], str]
    not_understood: Callable[[list[str]], str]
    not_published: Callable[[str, str, str], str]
    division_not_published: Callable[[str], str]
    # Asked back: sales could be our shipment index or units sold (another agency's). (subject)
    clarify_sales: Callable[[str], str]
    # The two answers offered as buttons: (label, the question it sends), for what was named ("" for the total).
    clarify_sales_choices: Callable[[str, str], list[Pair]]  # (what was named, the period words or "")
    # Asked back: the question could mean more than one thing; the readings follow as buttons.
    clarify_intent: str
    clarify_ours_or_other: str
    # One reading as a button: (intent, what was named such as "MPI ยานยนต์", the period words or "").
    overview_head: Callable[[str, str, str, str], str]  # (subject, period, value, preliminary mark)
    overview_changes: Callable[[str, str], str]  # (year-on-year, month-on-month), as change texts
    overview_trend: Callable[[str], str]  # the latest three months against the three before
    overview_movers: Callable[[list[str], list[str]], str]  # divisions up most, down most
    # (subject, period, change, the direction the question wrongly assumed: "up", "down" or "")
    why_head: Callable[[str, str, str, str], str]
    why_premise: Callable[[str], str]  # the direction the question wrongly assumed
    why_line: Callable[[str, str], str]  # (division, contribution in points)
    why_note: str
    why_only_total: Callable[[str], str]  # (what was asked about, who publishes it, where)
    subscribe_in_line: Callable[[str], str]


@dataclass(frozen=True)
class DialogueTexts:
    """Phrases of the chat around the answers: welcome, subscriptions, media, data deletion."""

    welcome: str
    privacy_notice: Callable[[int, str], str]  # (days questions are kept, the privacy page's address)
    data_deleted: str
    only_in_private_chat: str
    unsupported: Callable[[str], str]
    topic_everything: str
    topic_indicator: Callable[[str], str]
    topic_sector: Callable[[SectorRow], str]
    subscribed: Callable[[str, bool], str]
    unsubscribed_all: Callable[[bool], str]
    unsubscribed: Callable[[str, bool], str]
    no_subscriptions: str
    subscriptions: Callable[[list[str]], str]
    subscribe_all_button: Pair
    list_subscriptions_button: Pair
    unsubscribe_all_button: Pair
    after_subscription_suggestions: list[Pair]
    chart_label: str
    # The rich menu: its chat-bar text, and per item (see bot.chat.rich_menu) a label, a
    # second line and what tapping it sends (a question, or nothing for links and switches).
    menu_bar: str
    menu_items: Mapping[str, tuple[str, str, str]]


@dataclass(frozen=True)
class Texts(AnswerTexts, DialogueTexts):
    pass


def texts_for(language: str) -> Texts:
    from bot.answers.texts.english import ENGLISH
    from bot.answers.texts.thai import THAI

    return ENGLISH if language == "en" else THAI
