"""What the chat says about subscriptions: subscribing to a topic, leaving one
or all, and listing them, asked in words ("ติดตามยานยนต์") or with a button.
One owner for these replies and their buttons; `ChatService` hands it the
questions parsed as subscribing or unsubscribing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.announcements.topics import ALL, Topic
from bot.answers.compose import suggestions
from bot.answers.model import Language
from bot.catalog import Speaker, speaker
from bot.chat import commands
from bot.data.store import IndicatorStore
from bot.replies import Reply, Suggestion
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
        said = speaker(language)
        name = self.topic_name(topic, said)
        if self.subscriptions.subscribe(user_id, topic):
            text = said.say("Subscribed to %(name)s: you will get new releases here.", name=name)
        else:
            text = said.say("Already subscribed to %(name)s.", name=name)
        return Reply(texts=[text], suggestions=self._buttons(said))

    def unsubscribe(self, user_id: str, topic: Topic | None, language: Language) -> Reply:
        said = speaker(language)
        removed = self.subscriptions.unsubscribe(user_id, topic) > 0
        if topic is None:
            text = said.say("Unsubscribed from everything.") if removed else said.say("You had no subscriptions.")
        elif removed:
            text = said.say("Unsubscribed from %(name)s.", name=self.topic_name(topic, said))
        else:
            text = said.say("You were not subscribed to %(name)s.", name=self.topic_name(topic, said))
        return Reply(texts=[text], suggestions=self._buttons(said))

    def listing(self, user_id: str, language: Language) -> Reply:
        said = speaker(language)
        names = [self.topic_name(topic, said) for topic in self.subscriptions.topics(user_id)]
        if names:
            text = "\n".join([said.say("Your subscriptions:"), *(f"• {name}" for name in names)])
        else:
            text = said.say('No subscriptions yet. Send "subscribe MPI" or "subscribe".')
        return Reply(texts=[text], suggestions=self._buttons(said))

    def topic_name(self, topic: Topic, said: Speaker) -> str:
        if topic.kind == "indicator":
            return said.local(INDICATOR_TERMS[topic.code], "asked")
        if topic.kind == "sector":
            sector = self.store.snapshot().sectors.get(topic.code)
            if sector is None:
                return topic.code
            return said.say("%(sector)s", sector=said.sector_short(sector))
        return said.say("every monthly release")

    def _buttons(self, said: Speaker) -> list[Suggestion]:
        language = said.language
        return [
            Suggestion(said.say("Every release"), said.say("subscribe"), commands.subscribe(str(ALL), language)),
            Suggestion(
                said.say("My subscriptions"), said.say("my subscriptions"), commands.list_subscriptions(language)
            ),
            Suggestion(said.say("Unsubscribe all"), said.say("unsubscribe"), commands.unsubscribe_all(language)),
            *suggestions([(said.say("Latest MPI"), said.say("latest MPI"))]),
        ]
