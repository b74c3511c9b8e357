"""Answers to chat questions, computed from the indicator store.

`Answerer.answer(text)` parses a message, resolves it against the latest
month in the data and composes the answer of its intent in the asker's
language (Thai or English): the figures with the preliminary mark and the
source, a card, a chart, and suggested follow-ups. Known intents (a greeting,
help, a chart) are answered directly from a frame, never by writing a
sentence and parsing it back. It never raises: any failure becomes a polite
answer and a log line without the message text."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from bot.answers.compose import Composition, combined, starter_suggestions
from bot.answers.intents import ANSWERS
from bot.answers.intents.conversation import answer_division_not_published
from bot.answers.model import Answer, ChartSpec, Language
from bot.answers.release_calendar import ReleaseCalendar
from bot.answers.understanding import ModelRefresher
from bot.catalog import speaker
from bot.data.store import IndicatorStore
from nlp.context import continue_from, may_follow_up
from nlp.frame import Frame
from nlp.gazetteer import UNPUBLISHED_DIVISIONS
from nlp.intents import PERIOD_INTENTS, Intent
from nlp.parser import parse
from nlp.periods import ResolvedPeriod
from nlp.resolve import ResolvedFrame, resolve_frame
from nlp.vocabulary import TOTAL

log = logging.getLogger(__name__)

# Indicators times sectors answered in one reply: more would not read as an answer on a phone.
MAX_SUBJECTS = 6

# What a division OIE publishes no index for cannot give: figures, charts, news of it.
ABOUT_A_DIVISION = PERIOD_INTENTS | {"clarify", "definition", "subscribe"}

__all__ = ["Answer", "Answerer"]


class Answerer:
    def __init__(self, store: IndicatorStore, calendar: ReleaseCalendar | None = None, site_url: str = "") -> None:
        self.store = store
        self.site_url = site_url.rstrip("/")
        # The service passes its one calendar; a bare answerer (tests, `ask`) builds its own.
        self.calendar = calendar or ReleaseCalendar(store.database, store)
        self.understanding = ModelRefresher(store.database)

    def answer(
        self, message: str, previous: Frame | None = None, recall: Callable[[], Frame | None] | None = None
    ) -> Answer:
        """The answer to a message; `previous` is the chat's last question
        about figures, which a follow-up ("แล้วเดือนก่อนล่ะ") completes, or
        `recall` reads it, only for a message that could be a follow-up."""
        self.understanding.refresh()
        try:
            current = parse(message)
        except Exception:
            log.exception("parser failed (message of %d characters)", len(message))
            return failure("th")
        if previous is None and recall is not None and may_follow_up(current, message):
            previous = recall()
        try:
            frame = continue_from(previous, current, message)
        except Exception:
            log.exception("follow-up failed (message of %d characters)", len(message))
            frame = current
        return self.answer_frame(frame)

    def answer_frame(self, frame: Frame) -> Answer:
        try:
            snapshot = self.store.snapshot()
            if snapshot.latest is None:
                no_data = speaker(frame.language).say(
                    "There is no indicator data yet; staff are importing it. Please try again later."
                )
                return Answer(no_data, frame.language, None, starter_suggestions(frame.language))
            return self._compose(resolve_frame(frame, snapshot.latest))
        except Exception:
            log.exception("answer failed for intent %s", frame.intent)
            return failure(frame.language)

    def _compose(self, frame: ResolvedFrame) -> Answer:
        if frame.frame.excluded_sectors and frame.sector == TOTAL:
            return self._without(frame)
        subjects = [
            (indicator, sector)
            for indicator in (frame.frame.indicators if frame.indicator else (frame.indicator,))
            for sector in (frame.frame.sectors if frame.sector else (frame.sector,))
        ]
        if len(subjects) <= 1:
            return self._compose_one(frame)
        # "MPI กับ CAPU ล่าสุด", "ยานยนต์กับอาหาร": each answered as if asked alone, then put together.
        return combined(
            [
                self._compose_one(replace(frame, indicator=indicator, sector=sector))
                for indicator, sector in subjects[:MAX_SUBJECTS]
            ]
        )

    def _without(self, frame: ResolvedFrame) -> Answer:
        """ "MPI ไม่รวมปิโตรเลียม": OIE publishes no index without a division. Say so, then give
        the total and the division on its own, so the asker sees what is and is not in it."""
        left_out = frame.frame.excluded_sectors
        answer = self._compose(replace(frame, frame=replace(frame.frame, excluded_sectors=(), more_sectors=left_out)))
        composition = Composition(self.store.snapshot(), frame, self.calendar, self.site_url)
        note = composition.say(
            "OIE publishes no index without %(sectors)s. Below: total manufacturing, and %(sectors)s on its own.",
            sectors=", ".join(composition.sector_phrase(code) for code in left_out),
        )
        return replace(answer, text=f"{note}\n\n{answer.text}")

    def _compose_one(self, frame: ResolvedFrame) -> Answer:
        snapshot = self.store.snapshot()
        if frame.sector in UNPUBLISHED_DIVISIONS and frame.intent in ABOUT_A_DIVISION:
            # Answered as a statistic we do not publish: no figure, no subscription to it.
            frame = replace(frame, intent="other_statistic")
            return answer_division_not_published(Composition(snapshot, frame, self.calendar, self.site_url))
        return ANSWERS[frame.intent](Composition(snapshot, frame, self.calendar, self.site_url))

    def known(self, intent: Intent, language: Language) -> Answer:
        """The answer of an intent that needs no subject: greeting, help."""
        return self.answer_frame(Frame(intent=intent, language=language))

    def chart(self, spec: ChartSpec, language: Language) -> Answer:
        """The chart answer for exactly these months."""
        frame = Frame(intent="chart", indicator=spec.indicator, sector=spec.sector, language=language)
        period = ResolvedPeriod("range", spec.start, spec.end)
        resolved = ResolvedFrame(
            intent="chart",
            indicator=spec.indicator,
            sector=spec.sector,
            period=period,
            comparison=None,
            base=None,
            ranking_order="top",
            language=language,
            frame=frame,
        )
        try:
            return self._compose(resolved)
        except Exception:
            log.exception("chart answer failed")
            return failure(language)


def failure(language: Language) -> Answer:
    sorry = speaker(language).say("Sorry, something went wrong on our side. Please ask again.")
    return Answer(sorry, language, None, starter_suggestions(language))
