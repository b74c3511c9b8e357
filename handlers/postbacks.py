"""Postbacks: the data a button sends back, `action=NAME&field=value…`,
parsed once into a typed action, and one handler per action. Unknown or
malformed data gets the help answer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Protocol
from urllib.parse import parse_qs

from bot import replies
from bot.replies import Command, Reply
from handlers.registry import ChatServices
from nlp.thaidate import YearMonth

MAX_DATA = 1000


class PostbackAction(Protocol):
    name: ClassVar[str]

    # `private`: pressed in a one-to-one chat, not in a group or a room.
    def handle(self, user_id: str | None, services: ChatServices, private: bool = True) -> Reply | None: ...


@dataclass(frozen=True)
class Ask:
    """A question sent as data (older buttons)."""

    name: ClassVar[str] = replies.ASK
    question: str

    def handle(self, user_id: str | None, services: ChatServices, private: bool = True) -> Reply | None:
        return services.answer(user_id, self.question, private=private)


@dataclass(frozen=True)
class ShowChart:
    name: ClassVar[str] = replies.CHART
    indicator: str
    sector: str
    start: YearMonth
    end: YearMonth
    language: str

    def handle(self, user_id: str | None, services: ChatServices, private: bool = True) -> Reply | None:
        return services.chart(user_id, self.indicator, self.sector, self.start, self.end, self.language, private)


@dataclass(frozen=True)
class Subscribe:
    name: ClassVar[str] = replies.SUBSCRIBE
    topic: str
    language: str

    def handle(self, user_id: str | None, services: ChatServices, private: bool = True) -> Reply | None:
        return services.subscribe(user_id, self.topic, self.language)


@dataclass(frozen=True)
class Unsubscribe:
    """From one topic, or (without a topic) from everything."""

    name: ClassVar[str] = replies.UNSUBSCRIBE
    topic: str | None
    language: str

    def handle(self, user_id: str | None, services: ChatServices, private: bool = True) -> Reply | None:
        return services.unsubscribe(user_id, self.topic, self.language)


@dataclass(frozen=True)
class ListSubscriptions:
    name: ClassVar[str] = replies.SUBSCRIPTIONS
    language: str

    def handle(self, user_id: str | None, services: ChatServices, private: bool = True) -> Reply | None:
        return services.list_subscriptions(user_id, self.language)


@dataclass(frozen=True)
class Help:
    """What any data this bot did not write becomes."""

    name: ClassVar[str] = replies.HELP
    language: str

    def handle(self, user_id: str | None, services: ChatServices, private: bool = True) -> Reply | None:
        return services.help(user_id, self.language)


@dataclass(frozen=True)
class SwitchMenu:
    """The rich menu's language button: LINE has switched the menu itself
    (an alias switch); the chat remembers the choice and says nothing."""

    name: ClassVar[str] = replies.MENU
    language: str

    def handle(self, user_id: str | None, services: ChatServices, private: bool = True) -> Reply | None:
        services.menu_language(user_id, self.language)
        return None


@dataclass(frozen=True)
class RunCommand:
    """A command the chat runs as given (alerts): its fields are the chat's to read."""

    name: ClassVar[str] = "command"
    command: Command

    def handle(self, user_id: str | None, services: ChatServices, private: bool = True) -> Reply | None:
        return services.command(user_id, self.command, private)


def parse_postback(data: str) -> PostbackAction:
    """The typed action of postback data; `Help` when it is not one of ours."""
    fields = {key: values[0] for key, values in parse_qs(data[:MAX_DATA]).items()}
    language = fields.get("lang", "th")
    match fields.get("action"):
        case Ask.name if fields.get("q"):
            return Ask(fields["q"])
        case ShowChart.name:
            try:
                start, end = YearMonth.parse(fields["start"]), YearMonth.parse(fields["end"])
            except (KeyError, ValueError):
                return Help(language)
            return ShowChart(fields.get("indicator", ""), fields.get("sector", "TOTAL"), start, end, language)
        case Subscribe.name if fields.get("topic"):
            return Subscribe(fields["topic"], language)
        case Unsubscribe.name:
            return Unsubscribe(fields.get("topic"), language)
        case ListSubscriptions.name:
            return ListSubscriptions(language)
        case SwitchMenu.name if language in ("th", "en"):
            return SwitchMenu(language)
        case name if name in replies.CHAT_COMMANDS:
            return RunCommand(Command.of(name, **{key: value for key, value in fields.items() if key != "action"}))
        case _:
            return Help(language)
