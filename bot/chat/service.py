"""The conversation: a message or a button becomes a `Reply`. Questions go to
the answerer; the subscription dialogue, the welcome, the chart buttons and
data deletion are handled here, each by a method the LINE handlers call
directly (a button never sends a sentence for the bot to parse back)."""

from __future__ import annotations

import functools
import logging
import time
from dataclasses import dataclass
from typing import Protocol

from bot.announcements.topics import ALL, Topic, TopicError
from bot.answers import Answerer
from bot.answers.charts import ChartCache, ThaiFontMissingError
from bot.answers.compose import starter_suggestions, suggestions
from bot.answers.model import Answer, ChartSpec, Language, Suggestion
from bot.answers.texts import GROUP_WELCOME, Texts, texts_for
from bot.chat import commands
from bot.chat.reply import Image, Reply
from bot.chat.rich_menu import ALIASES
from nlp.context import keeps_context
from nlp.frame import Frame
from nlp.thaidate import YearMonth
from nlp.vocabulary import INDICATOR_TERMS

log = logging.getLogger(__name__)


class Subscriptions(Protocol):
    """A chat user's subscriptions (`SubscriberList.line` in the service)."""

    def subscribe(self, address: str, topic: Topic) -> bool: ...

    def unsubscribe(self, address: str, topic: Topic | None = None) -> int: ...

    def topics(self, address: str) -> list[Topic]: ...


class UserRecords(Protocol):
    """The users the chat knows and its conversation log (`UserStore` in the service)."""

    def seen(self, user_id: str, following: bool | None = None, language: str | None = None) -> None: ...

    def unfollowed(self, user_id: str) -> None: ...

    def forget(self, user_id: str) -> None: ...

    def log_turn(
        self, user_id: str | None, question: str, answer: Answer, latency_ms: int, message_id: str | None = None
    ) -> None: ...

    def unsent(self, message_id: str) -> None: ...

    def chose_menu(self, user_id: str, language: str) -> None: ...


class Contexts(Protocol):
    """Each one-to-one chat's last question about figures (`ContextStore` in the service)."""

    def recall(self, user_id: str) -> Frame | None: ...

    def keep(self, user_id: str, frame: Frame) -> None: ...


class ChatAccount(Protocol):
    """What the chat asks LINE about one user (`RichMenus` in the service)."""

    def profile_language(self, user_id: str) -> str | None: ...

    def link_user(self, user_id: str, alias: str) -> bool: ...

    def show_loading(self, chat_id: str) -> None: ...


def _language(code: str | None) -> Language:
    return "en" if code == "en" else "th"


@dataclass
class ChatService:
    answerer: Answerer
    users: UserRecords
    charts: ChartCache | None
    subscriptions: Subscriptions
    contexts: Contexts | None = None
    account: ChatAccount | None = None
    # The privacy notice of the first greeting: how long questions are kept, where the full notice is.
    retention_days: int = 180
    privacy_url: str = "/privacy"

    # --- messages ---

    def answer(self, user_id: str | None, text: str, message_id: str | None = None, private: bool = True) -> Reply:
        """A message's answer. In a one-to-one chat (`private`) a follow-up
        question completes the previous one, and subscriptions are handled."""
        started = time.perf_counter()
        contexts = self.contexts if private and user_id is not None else None
        recall = None
        if contexts is not None and user_id is not None:
            recall = functools.partial(contexts.recall, user_id)
        answer = self.answerer.answer(text, recall=recall)
        frame = answer.frame
        if contexts is not None and user_id is not None and frame is not None and keeps_context(frame.frame):
            contexts.keep(user_id, frame.frame)
        if user_id is not None:
            self.users.seen(user_id, language=answer.language)
        if private and user_id is not None and frame is not None and frame.intent in ("subscribe", "unsubscribe"):
            parsed = frame.frame
            topic = Topic.about(parsed.indicator, parsed.sector) if parsed.topic_named else None
            if parsed.lists_subscriptions:
                reply = self._list(user_id, answer.language)
            elif frame.intent == "subscribe":
                reply = self._subscribe(user_id, topic or ALL, answer.language)
            else:
                reply = self._unsubscribe(user_id, topic, answer.language)
        else:
            reply = self.to_reply(answer, user_id if private else None)
        latency_ms = int((time.perf_counter() - started) * 1000)
        try:
            self.users.log_turn(user_id, text, answer, latency_ms, message_id)
        except Exception as error:
            # The kind of failure only: a database error's text may quote the user's message.
            log.error("could not write the conversation log (%s)", type(error).__name__)
        return reply

    def welcome(self, user_id: str) -> Reply:
        """A new follower, greeted in their LINE's language; an English
        profile also gets the English rich menu."""
        language = self._profile_language(user_id)
        self.users.seen(user_id, following=True, language=language)
        if language != "th" and self.account is not None:
            try:
                if self.account.link_user(user_id, ALIASES[language]):
                    self.users.chose_menu(user_id, language)
            except Exception as error:  # the greeting matters more than the menu
                log.warning("could not link the %s rich menu (%s)", language, type(error).__name__)
        texts = texts_for(language)
        greeting = self.answerer.known("greeting", language)
        everything = Suggestion(*texts.subscribe_all_button, commands.subscribe(str(ALL), language))
        notice = texts.privacy_notice(self.retention_days, self.privacy_url)
        return Reply(texts=[texts.welcome, notice], suggestions=[everything, *greeting.suggestions])

    def _profile_language(self, user_id: str) -> Language:
        if self.account is None:
            return "th"
        try:
            found = self.account.profile_language(user_id)
        except Exception as error:
            log.warning("could not read a profile's language (%s)", type(error).__name__)
            return "th"
        return "en" if (found or "").lower().startswith("en") else "th"

    def menu_language(self, user_id: str | None, language: str) -> None:
        if user_id is not None:
            self.users.chose_menu(user_id, _language(language))

    def unfollowed(self, user_id: str) -> None:
        self.users.unfollowed(user_id)

    def unsent(self, message_id: str) -> None:
        self.users.unsent(message_id)

    def joined(self) -> Reply:
        return Reply(texts=[GROUP_WELCOME], suggestions=starter_suggestions(texts_for("th")))

    def forget(self, user_id: str | None) -> Reply:
        texts = texts_for("th")
        if user_id is None:
            return Reply(texts=[texts.only_in_private_chat])
        self.users.forget(user_id)
        return Reply(texts=[texts.data_deleted])

    def unsupported(self, user_id: str | None, kind: str) -> Reply:
        texts = texts_for("th")
        return Reply(texts=[texts.unsupported(kind)], suggestions=starter_suggestions(texts))

    # --- buttons ---

    def help(self, user_id: str | None, language: str | None = None) -> Reply:
        return self.to_reply(self.answerer.known("help", _language(language)))

    def chart(
        self,
        user_id: str | None,
        indicator: str,
        sector: str,
        start: YearMonth,
        end: YearMonth,
        language: str,
        private: bool = True,
    ) -> Reply:
        spec = ChartSpec.checked(indicator, sector, start, end)
        if spec is None:
            return self.help(user_id, language)
        image = self._chart_image(spec, user_id if private else None)
        if image is None:
            return Reply(texts=[self.answerer.chart(spec, _language(language)).text])
        return Reply(images=[image])

    def subscribe(self, user_id: str | None, topic: str, language: str | None = None) -> Reply:
        try:
            parsed = Topic.parse(topic)
        except TopicError:
            return self.help(user_id, language)
        if user_id is None:
            return self.help(user_id, language)
        return self._subscribe(user_id, parsed, _language(language))

    def unsubscribe(self, user_id: str | None, topic: str | None, language: str | None = None) -> Reply:
        try:
            parsed = Topic.parse(topic) if topic is not None else None
        except TopicError:
            return self.help(user_id, language)
        if user_id is None:
            return self.help(user_id, language)
        return self._unsubscribe(user_id, parsed, _language(language))

    def list_subscriptions(self, user_id: str | None, language: str | None = None) -> Reply:
        if user_id is None:
            return self.help(user_id, language)
        return self._list(user_id, _language(language))

    # --- the subscription dialogue ---

    def topic_name(self, topic: Topic, texts: Texts) -> str:
        if topic.kind == "indicator":
            return texts.topic_indicator(texts.asked_name(INDICATOR_TERMS[topic.code]))
        if topic.kind == "sector":
            sector = self.answerer.store.snapshot().sectors.get(topic.code)
            return topic.code if sector is None else texts.topic_sector(sector)
        return texts.topic_everything

    def _subscribe(self, user_id: str, topic: Topic, language: Language) -> Reply:
        texts = texts_for(language)
        new = self.subscriptions.subscribe(user_id, topic)
        return Reply(
            texts=[texts.subscribed(self.topic_name(topic, texts), new)],
            suggestions=self._subscription_buttons(language),
        )

    def _unsubscribe(self, user_id: str, topic: Topic | None, language: Language) -> Reply:
        texts = texts_for(language)
        removed = self.subscriptions.unsubscribe(user_id, topic) > 0
        if topic is None:
            text = texts.unsubscribed_all(removed)
        else:
            text = texts.unsubscribed(self.topic_name(topic, texts), removed)
        return Reply(texts=[text], suggestions=self._subscription_buttons(language))

    def _list(self, user_id: str, language: Language) -> Reply:
        texts = texts_for(language)
        topics = self.subscriptions.topics(user_id)
        text = (
            texts.subscriptions([self.topic_name(topic, texts) for topic in topics])
            if topics
            else texts.no_subscriptions
        )
        return Reply(texts=[text], suggestions=self._subscription_buttons(language))

    def _subscription_buttons(self, language: Language) -> list[Suggestion]:
        texts = texts_for(language)
        return [
            Suggestion(*texts.subscribe_all_button, commands.subscribe(str(ALL), language)),
            Suggestion(*texts.list_subscriptions_button, commands.list_subscriptions(language)),
            Suggestion(*texts.unsubscribe_all_button, commands.unsubscribe_all(language)),
            *suggestions(texts.after_subscription_suggestions),
        ]

    # --- answers as replies ---

    def to_reply(self, answer: Answer, waiting_chat: str | None = None) -> Reply:
        """An answer as the chat shows it: a chart that was asked for as its
        image; a figure as a card with a chart button; anything else as text.
        `waiting_chat`: the one-to-one chat to show LINE's loading animation in
        while a chart is drawn for the first time."""
        if answer.shows_chart and answer.chart is not None:
            charts = [answer.chart, *answer.more_charts]
            images = [image for spec in charts if (image := self._chart_image(spec, waiting_chat)) is not None]
            return Reply(texts=[answer.text], images=images, suggestions=answer.suggestions)
        if answer.card is None:
            return Reply(texts=[answer.text], suggestions=answer.suggestions)
        offered = answer.suggestions
        button = None
        if answer.chart is not None:
            label = texts_for(answer.language).chart_label
            button = Suggestion(label, label, commands.chart(answer.chart, answer.language))
            offered = [button, *(suggestion for suggestion in offered if suggestion.label != label)]
        return Reply(texts=[answer.text], card=answer.card, card_button=button, suggestions=offered)

    def _chart_image(self, spec: ChartSpec, waiting_chat: str | None = None) -> Image | None:
        if self.charts is None:
            return None
        if waiting_chat is not None and self.account is not None and not self.charts.cached(spec):
            try:
                self.account.show_loading(waiting_chat)
            except Exception as error:  # a nicety: the chart comes anyway
                log.info("no loading animation (%s)", type(error).__name__)
        try:
            return Image(*self.charts.urls(spec))
        except ThaiFontMissingError:
            log.error("charts disabled: no Thai font installed (fonts-thai-tlwg)")
            return None
