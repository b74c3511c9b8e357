"""How each command a button runs directly (a LINE postback) is built; their
names are in `bot.replies`, where the LINE handlers read them too."""

from __future__ import annotations

from bot.answers.model import ChartSpec, Language
from bot.replies import ALERT_REMOVE, ALERT_SET, ALERTS, CHART, SUBSCRIBE, SUBSCRIPTIONS, UNSUBSCRIBE, Command


def _with_language(language: Language, **fields: str) -> dict[str, str]:
    # Thai is the default: commands stay short and match what LINE already holds.
    return {**fields, "lang": language} if language == "en" else fields


def chart(spec: ChartSpec, language: Language) -> Command:
    return Command.of(
        CHART,
        indicator=spec.indicator,
        sector=spec.sector,
        start=spec.start.iso(),
        end=spec.end.iso(),
        lang=language,
    )


def subscribe(topic: str, language: Language) -> Command:
    return Command.of(SUBSCRIBE, **_with_language(language, topic=topic))


def unsubscribe_all(language: Language) -> Command:
    return Command.of(UNSUBSCRIBE, **_with_language(language))


def list_subscriptions(language: Language) -> Command:
    return Command.of(SUBSCRIPTIONS, **_with_language(language))


def set_alert(fields: dict[str, str], language: Language) -> Command:
    return Command.of(ALERT_SET, **_with_language(language, **fields))


def list_alerts(language: Language) -> Command:
    return Command.of(ALERTS, **_with_language(language))


def remove_alert(alert_id: int | None, language: Language) -> Command:
    """One alert, or (without an id) all of them."""
    return Command.of(ALERT_REMOVE, **_with_language(language, **({"id": str(alert_id)} if alert_id else {})))
