"""The conversation: a message or a button becomes a `Reply`. Questions go to
the answerer (with the chat's last question for a follow-up), subscribing to
the subscription dialogue (`subscription_dialogue.py`); the welcome, the chart
buttons and data deletion are here, each a method the LINE handlers call
directly (a button never sends a sentence for the bot to parse back)."""

from __future__ import annotations

import functools
import logging
import time
from dataclasses import dataclass
from typing import Protocol

from bot.announcements.alerts import AlertBook
from bot.announcements.topics import ALL, Topic, TopicError
from bot.answers import Answerer
from bot.answers.charts import ChartCache, ThaiFontMissingError
from bot.answers.compose import starter_suggestions
from bot.answers.model import Answer, ChartSpec, Language
from bot.catalog import N_, in_both, speaker
from bot.chat import commands
from bot.chat.alert_dialogue import AlertDialogue
from bot.chat.rich_menu import ALIASES
from bot.chat.subscription_dialogue import SubscriptionDialogue, Subscriptions
from bot.replies import (
    ALERT_REMOVE,
    ALERT_SET,
    ALERTS,
    CHART,
    MENU,
    SUBSCRIBE,
    UNSUBSCRIBE,
    Command,
    Image,
    Reply,
    Suggestion,
)
from nlp.context import keeps_context
from nlp.frame import Frame
from nlp.thaidate import YearMonth

log = logging.getLogger(__name__)

WELCOME = N_(
    "Thank you for adding us as a friend.\n"
    "This account answers questions about the industrial indicators of Thailand's Office of Industrial "
    "Economics: the Manufacturing Production Index (MPI), capacity utilization, shipments and inventories, "
    "in total and for 22 sectors. Ask away, or tap a button below.\n"
    'Tap "Every release" to hear when OIE publishes new figures, or send "subscribe cars" for one sector.\n'
    'Send "delete my data" to have your data deleted.'
)
# Said once when the bot is added to a group or a room, in both languages.
GROUP_WELCOME = N_(
    'Hello! In a group I answer only when asked: mention me, or start with "OIE", e.g. "OIE latest MPI".'
)
ANY_MESSAGE = N_("message")
ALERTS_IN_PRIVATE = N_("Alerts are set in a one-to-one chat with this account.")
MEDIA_NAMES = {
    "sticker": N_("sticker"),
    "image": N_("image"),
    "video": N_("video"),
    "audio": N_("audio"),
    "location": N_("location"),
    "file": N_("file"),
}


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
    alerts: AlertBook | None = None
    account: ChatAccount | None = None
    # The privacy notice of the first greeting: how long questions are kept, where the full notice is.
    retention_days: int = 180
    privacy_url: str = "/privacy"

    # --- messages ---

    def __post_init__(self) -> None:
        self.dialogue = SubscriptionDialogue(self.subscriptions, self.answerer.store)
        self.alert_dialogue = AlertDialogue(self.alerts, self.answerer.store) if self.alerts is not None else None

    def answer(self, user_id: str | None, text: str, message_id: str | None = None, private: bool = True) -> Reply:
        """A message's answer. In a one-to-one chat (`private`) a follow-up
        question completes the previous one, and subscriptions are handled."""
        started = time.perf_counter()
        answer = self._understood(text, user_id if private else None)
        if user_id is not None:
            self.users.seen(user_id, language=answer.language)
        frame = answer.frame
        if private and user_id is not None and frame is not None and frame.intent in ("subscribe", "unsubscribe"):
            reply = self.dialogue.reply_to(user_id, frame.frame, frame.intent, answer.language)
        elif private and user_id is not None and frame is not None and frame.intent == "alert" and self.alert_dialogue:
            reply = self.alert_dialogue.reply_to(user_id, frame.frame, answer.language)
        else:
            reply = self.to_reply(answer, user_id if private else None)
        self._log(user_id, text, answer, started, message_id)
        return reply

    def _understood(self, text: str, chat_user: str | None) -> Answer:
        """The answer, with the one-to-one chat's last question (`chat_user`) for a follow-up to complete."""
        if chat_user is None or self.contexts is None:
            return self.answerer.answer(text)
        answer = self.answerer.answer(text, recall=functools.partial(self.contexts.recall, chat_user))
        if answer.frame is not None and keeps_context(answer.frame.frame):
            self.contexts.keep(chat_user, answer.frame.frame)
        return answer

    def _log(self, user_id: str | None, text: str, answer: Answer, started: float, message_id: str | None) -> None:
        latency_ms = int((time.perf_counter() - started) * 1000)
        try:
            self.users.log_turn(user_id, text, answer, latency_ms, message_id)
        except Exception as error:
            # The kind of failure only: a database error's text may quote the user's message.
            log.error("could not write the conversation log (%s)", type(error).__name__)

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
        said = speaker(language)
        greeting = self.answerer.known("greeting", language)
        everything = Suggestion(
            said.say("Every release"), said.say("subscribe"), commands.subscribe(str(ALL), language)
        )
        notice = said.say(
            "🔒 Privacy: we keep your LINE user id, the topics you follow and the questions you send for %(days)d"
            " days to answer and improve the service, then remove what identifies you. We keep no name or profile"
            ' picture. Send "delete my data" to delete it all now. The full notice: %(url)s',
            days=self.retention_days,
            url=self.privacy_url,
        )
        return Reply(texts=[said.say(WELCOME), notice], suggestions=[everything, *greeting.suggestions])

    def _profile_language(self, user_id: str) -> Language:
        if self.account is None:
            return "th"
        try:
            found = self.account.profile_language(user_id)
        except Exception as error:
            log.warning("could not read a profile's language (%s)", type(error).__name__)
            return "th"
        return "en" if (found or "").lower().startswith("en") else "th"

    def unfollowed(self, user_id: str) -> None:
        self.users.unfollowed(user_id)

    def unsent(self, message_id: str) -> None:
        self.users.unsent(message_id)

    def joined(self) -> Reply:
        return Reply(texts=[in_both(GROUP_WELCOME, "\n")], suggestions=starter_suggestions("th"))

    def forget(self, user_id: str | None) -> Reply:
        if user_id is None:
            return Reply(texts=[in_both("Only in a one-to-one chat.")])
        self.users.forget(user_id)
        return Reply(texts=[in_both("All data the service held about you has been deleted.")])

    def unsupported(self, user_id: str | None, kind: str) -> Reply:
        said = speaker("th")  # a sticker says nothing of the sender's language
        text = said.say(
            "Thank you for the %(kind)s. For now the bot answers typed questions only, "
            'such as "latest MPI", or pick a button below.',
            kind=said.say(MEDIA_NAMES.get(kind, ANY_MESSAGE)),
        )
        return Reply(texts=[text], suggestions=starter_suggestions("th"))

    # --- buttons ---

    def help(self, user_id: str | None, language: str | None = None) -> Reply:
        return self.to_reply(self.answerer.known("help", _language(language)))

    def command(self, user_id: str | None, command: Command, private: bool = True) -> Reply | None:
        """A button's command, written by this chat (`commands.py`) and read back
        here: the LINE handlers pass it on as it came. Fields it cannot read get help."""
        fields = command.field_map()
        language = _language(fields.pop("lang", None))
        if command.name == MENU:  # LINE switched the menu itself: remember the choice, say nothing
            if user_id is not None:
                self.users.chose_menu(user_id, language)
            return None
        if command.name == CHART:
            return self._chart(user_id, fields, language, private)
        if command.name in (ALERT_SET, ALERTS, ALERT_REMOVE):
            return self._alert_button(user_id if private else None, command.name, fields, language)
        return self._subscription_button(user_id, command.name, fields.get("topic"), language)

    def _subscription_button(self, user_id: str | None, name: str, topic: str | None, language: Language) -> Reply:
        try:
            parsed = Topic.parse(topic) if topic is not None else None
        except TopicError:
            return self.help(user_id, language)
        if user_id is None or (name == SUBSCRIBE and parsed is None):
            return self.help(user_id, language)
        if name == SUBSCRIBE and parsed is not None:
            return self.dialogue.subscribe(user_id, parsed, language)
        if name == UNSUBSCRIBE:
            return self.dialogue.unsubscribe(user_id, parsed, language)
        return self.dialogue.listing(user_id, language)

    def _chart(self, user_id: str | None, fields: dict[str, str], language: Language, private: bool) -> Reply:
        try:
            start, end = YearMonth.parse(fields["start"]), YearMonth.parse(fields["end"])
        except (KeyError, ValueError):
            return self.help(user_id, language)
        spec = ChartSpec.checked(fields.get("indicator", ""), fields.get("sector", "TOTAL"), start, end)
        if spec is None:
            return self.help(user_id, language)
        image = self._chart_image(spec, user_id if private else None)
        if image is None:
            return Reply(texts=[self.answerer.chart(spec, language).text])
        return Reply(images=[image])

    def _alert_button(self, user_id: str | None, name: str, fields: dict[str, str], language: Language) -> Reply:
        """A button of the alert dialogue; in a group, or without alerts, what alerts are for."""
        if user_id is None or self.alert_dialogue is None:
            return Reply(texts=[speaker(language).say(ALERTS_IN_PRIVATE)], suggestions=starter_suggestions(language))
        if name == ALERT_SET:
            return self.alert_dialogue.set(user_id, fields, language)
        if name == ALERT_REMOVE:
            number = fields.get("id", "")
            return self.alert_dialogue.remove(user_id, int(number) if number.isdigit() else None, language)
        return self.alert_dialogue.listing(user_id, language)

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
            label = speaker(answer.language).say("Chart")
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
