"""The parts of a conversation that are not about a figure: greeting, help,
questions not understood, and subscriptions asked about outside the chat."""

from __future__ import annotations

from bot.answers.compose import Composition, starter_suggestions, suggestions
from bot.answers.model import Answer
from nlp.gazetteer import UNPUBLISHED_DIVISIONS
from nlp.intents import choice
from nlp.normalize import is_thai
from nlp.other_statistics import BY_CODE
from nlp.vocabulary import SECTOR_TERMS, TOTAL


def answer_greeting(c: Composition) -> Answer:
    latest = c.snapshot.latest
    assert latest is not None
    return c.finish(c.texts.greeting(latest), starter_suggestions(c.texts))


def answer_help(c: Composition) -> Answer:
    return c.finish(c.texts.help, starter_suggestions(c.texts))


def answer_unknown(c: Composition) -> Answer:
    frame = c.frame.frame
    understood = []
    if frame.indicator:
        understood.append(c.indicator_name(frame.indicator))
    if frame.sector and frame.sector != TOTAL:
        understood.append(c.sector_phrase(frame.sector))
    return c.finish(c.texts.not_understood(understood), starter_suggestions(c.texts))


def answer_other_statistic(c: Composition) -> Answer:
    """Something another agency publishes: say so, and who; never a figure of ours."""
    statistic = BY_CODE.get(c.frame.frame.other_statistic or "")
    if statistic is None:
        return answer_unknown(c)
    english = c.language == "en"
    text = c.texts.not_published(
        statistic.name_en if english else statistic.name_th,
        statistic.publisher_en if english else statistic.publisher_th,
        statistic.url,
    )
    return c.finish(text, starter_suggestions(c.texts))


def answer_division_not_published(c: Composition) -> Answer:
    """A division OIE publishes no index for (printing): say so, and offer the total; never the total's
    figure as if it were the division's."""
    name_th, name_en = UNPUBLISHED_DIVISIONS[c.frame.sector or ""]
    indicator = c.frame.indicator or "MPI"
    total = choice("value", c.language, c.asked_name(indicator), c.frame.frame.period_words)
    text = c.texts.division_not_published(name_en if c.language == "en" else name_th)
    return c.finish(text, suggestions([total, *c.texts.starter_suggestions[:2]]))


def answer_clarify(c: Composition) -> Answer:
    """Not sure which figure is meant: ask, with the choices as buttons; no figure until then."""
    if c.frame.frame.clarify == "intent":
        return _answer_which_reading(c)
    sector = c.frame.sector if c.frame.sector and c.frame.sector != TOTAL else None
    subject = c.sector_phrase(sector) if sector else c.texts.total_manufacturing
    named = spoken_name(sector, c.language) if sector else ""
    choices = c.texts.clarify_sales_choices(named, c.frame.frame.period_words)
    return c.finish(c.texts.clarify_sales(subject), suggestions(choices))


def _answer_which_reading(c: Composition) -> Answer:
    """The question could mean more than one thing: each reading as a button that asks it plainly."""
    named = c.frame.frame
    words = [c.asked_name(named.indicator)] if named.indicator else []
    if named.sector and named.sector != TOTAL:
        words.append(spoken_name(named.sector, c.language))
    topic = " ".join(words)
    offered = [intent for intent in named.alternatives if intent != "other_statistic"]
    choices = [choice(intent, c.language, topic, named.period_words) for intent in offered]
    # Perhaps another agency's statistic: say so beside the button for ours.
    text = c.texts.clarify_ours_or_other if "other_statistic" in named.alternatives else c.texts.clarify_intent
    return c.finish(text, suggestions(choices))


def spoken_name(sector: str, language: str) -> str:
    """What people call a division, short enough for a button's question ("ยา", "cars")."""
    aliases = SECTOR_TERMS[sector].aliases
    wanted = [alias for alias in aliases if is_thai(alias) == (language == "th")]
    return wanted[0] if wanted else aliases[0]


def _topic_text(c: Composition) -> str:
    parts = []
    if c.frame.indicator:
        parts.append(c.asked_name(c.frame.indicator))
    if c.frame.sector and c.frame.sector != TOTAL:
        parts.append(c.sector_short(c.frame.sector))
    return " ".join(parts) if parts else c.texts.every_topic


def answer_subscribe(c: Composition) -> Answer:
    return c.finish(c.texts.subscribe_in_line(_topic_text(c)), starter_suggestions(c.texts))


def answer_unsubscribe(c: Composition) -> Answer:
    return c.finish(c.texts.unsubscribe_in_line, starter_suggestions(c.texts))
