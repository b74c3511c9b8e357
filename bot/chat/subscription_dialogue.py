"""What the chat says about subscriptions: subscribing to a topic, leaving one
or all, and listing them, asked in words ("ติดตามยานยนต์") or with a button.
One owner for these replies and their buttons; `ChatService` hands it the
questions parsed as subscribing or unsubscribing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.announcements.topics import ALL, Topic
from bot.answers.compose import suggestions
from bot.answers.model import Language, Suggestion
from bot.answers.texts import Texts, texts_for
from bot.chat import commands
from bot.chat.reply import Reply
from bot.data.store import IndicatorStore
from nlp.frame import Frame
from nlp.vocabulary import INDICATOR_TERMS


class Subscriptions(Protocol):
    """A chat user's subscriptions (`SubscriberList.line` in the service)."""

    def subscribe(self, address: str, topic: Topic) -> bool: ...

    def unsubscribe(self, address: str, topic: Topic | None = None) -> int: ...

    def topics(self, address: str) -> list[Topic]: ...


@dataclass(frozen=True)
class SubscriptionDialogue:
    subscriptions: Subscriptions
    store: IndicatorStore  # the sectors' names

    def reply_to(self, user_id: str, question: Frame, intent: str, language: Language) -> Reply:
        """A question parsed as subscribing or unsubscribing ("เลิกติดตามทั้งหมด", "ติดตามอะไรอยู่บ้าง")."""
        topic = Topic.about(question.indicator, question.sector) if question.topic_named else None
        if question.lists_subscriptions:
            return self.listing(user_id, language)
        if intent == "subscribe":
            return self.subscribe(user_id, topic or ALL, language)
        return self.unsubscribe(user_id, topic, language)

    def subscribe(self, user_id: str, topic: Topic, language: Language) -> Reply:
        texts = texts_for(language)
        new = self.subscriptions.subscribe(user_id, topic)
        return Reply(texts=[texts.subscribed(self.topic_name(topic, texts), new)], suggestions=self._buttons(language))

    def unsubscribe(self, user_id: str, topic: Topic | None, language: Language) -> Reply:
        texts = texts_for(language)
        removed = self.subscriptions.unsubscribe(user_id, topic) > 0
        if topic is None:
            text = texts.unsubscribed_all(removed)
        else:
            text = texts.unsubscribed(self.topic_name(topic, texts), removed)
        return Reply(texts=[text], suggestions=self._buttons(language))

    def listing(self, user_id: str, language: Language) -> Reply:
        texts = texts_for(language)
        topics = self.subscriptions.topics(user_id)
        text = (
            texts.subscriptions([self.topic_name(topic, texts) for topic in topics])
            if topics
            else texts.no_subscriptions
        )
        return Reply(texts=[text], suggestions=self._buttons(language))

    def topic_name(self, topic: Topic, texts: Texts) -> str:
        if topic.kind == "indicator":
            return texts.topic_indicator(texts.asked_name(INDICATOR_TERMS[topic.code]))
        if topic.kind == "sector":
            sector = self.store.snapshot().sectors.get(topic.code)
            return topic.code if sector is None else texts.topic_sector(sector)
        return texts.topic_everything

    def _buttons(self, language: Language) -> list[Suggestion]:
        texts = texts_for(language)
        return [
            Suggestion(*texts.subscribe_all_button, commands.subscribe(str(ALL), language)),
            Suggestion(*texts.list_subscriptions_button, commands.list_subscriptions(language)),
            Suggestion(*texts.unsubscribe_all_button, commands.unsubscribe_all(language)),
            *suggestions(texts.after_subscription_suggestions),
        ]
