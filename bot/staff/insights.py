"""What people ask the bot: questions per day, answers by intent, the
questions it did not understand or answered with a re-ask, and how fast it
answered. User ids appear only for those allowed to see personal data."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.data.db import Database, as_utc
from bot.data.models import ConversationTurn, utcnow
from bot.data.privacy import mask_personal, pseudonym

PERCENTILES = (50, 90, 99)
# Questions the bot did not answer outright: not understood, or asked back.
MISSED_INTENTS = frozenset({"unknown", "clarify"})


@dataclass(frozen=True)
class MissedQuestion:
    question: str
    count: int
    not_understood: int
    reasked: int
    last_asked: datetime
    users: tuple[str, ...] = ()  # LINE ids for those who may see personal data, else pseudonyms
    asked_back: int = 0  # the bot asked which figure was meant (clarify): a phrasing to teach it


@dataclass
class Insights:
    days: list[tuple[date, int]]
    by_intent: list[tuple[str, int]]
    missed: list[MissedQuestion]
    latency_ms: dict[int, int]
    total: int
    unknown_share: float
    extra: dict[str, int] = field(default_factory=dict)


def _percentile(values: list[int], percent: int) -> int:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(percent / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def insights(
    database: Database, time_zone: ZoneInfo, days: int = 30, with_users: bool = False, secret: str = ""
) -> Insights:
    """`with_users`: the people who asked, by LINE id; otherwise by pseudonym
    (keyed with `secret`) and with numbers and addresses masked in the text."""
    since = utcnow() - timedelta(days=days)
    query = select(
        ConversationTurn.question,
        ConversationTurn.intent,
        ConversationTurn.reasked,
        ConversationTurn.latency_ms,
        ConversationTurn.asked_at,
        ConversationTurn.user_id,
    ).where(ConversationTurn.asked_at >= since)
    with database.session() as session:
        rows = session.execute(query).all()
    per_day: Counter[date] = Counter()
    per_intent: Counter[str] = Counter()
    latencies: list[int] = []
    grouped: dict[str, list[tuple[str, bool, datetime, str | None]]] = defaultdict(list)
    for question, intent, reasked, latency, asked_at, user in rows:
        asked = as_utc(asked_at)
        per_day[asked.astimezone(time_zone).date()] += 1
        per_intent[intent] += 1
        latencies.append(int(latency))
        if intent in MISSED_INTENTS or reasked:
            shown = " ".join(question.lower().split())
            who = user if with_users or not user else pseudonym(user, secret)
            grouped[shown if with_users else mask_personal(shown)].append((intent, bool(reasked), asked, who))
    today = utcnow().astimezone(time_zone).date()
    day_list = [
        (today - timedelta(days=offset), per_day[today - timedelta(days=offset)]) for offset in range(days - 1, -1, -1)
    ]
    missed = [
        MissedQuestion(
            question=text,
            count=len(turns),
            not_understood=sum(1 for intent, _, _, _ in turns if intent == "unknown"),
            reasked=sum(1 for _, reasked, _, _ in turns if reasked),
            asked_back=sum(1 for intent, _, _, _ in turns if intent == "clarify"),
            last_asked=max(asked for _, _, asked, _ in turns),
            users=tuple(sorted({user for *_, user in turns if user})),
        )
        for text, turns in grouped.items()
    ]
    missed.sort(key=lambda item: (-item.count, -item.last_asked.timestamp()))
    return Insights(
        days=day_list,
        by_intent=per_intent.most_common(),
        missed=missed[:100],
        latency_ms={p: _percentile(latencies, p) for p in PERCENTILES} if latencies else {},
        total=len(rows),
        unknown_share=per_intent["unknown"] / len(rows) if rows else 0.0,
    )
