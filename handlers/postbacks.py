"""Postbacks: the data a button sends back, `action=NAME&field=value…`.
A command the chat wrote (`bot.replies.COMMANDS`) goes back to the chat as
it came (`ChatServices.command`): the chat reads its fields, so a new
button needs no change here. A question sent as data (older buttons) is
asked; anything else gets the help answer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Protocol
from urllib.parse import parse_qs

from bot import replies
from bot.replies import Command, Reply
from handlers.registry import ChatServices

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
class RunCommand:
    """A command the chat wrote into a button, run by the chat as given."""

    name: ClassVar[str] = "command"
    command: Command

    def handle(self, user_id: str | None, services: ChatServices, private: bool = True) -> Reply | None:
        return services.command(user_id, self.command, private)


@dataclass(frozen=True)
class Help:
    """What any data this bot did not write becomes."""

    name: ClassVar[str] = replies.HELP
    language: str

    def handle(self, user_id: str | None, services: ChatServices, private: bool = True) -> Reply | None:
        return services.help(user_id, self.language)


def parse_postback(data: str) -> PostbackAction:
    """The action of postback data; `Help` when it is not one of ours."""
    fields = {key: values[0] for key, values in parse_qs(data[:MAX_DATA]).items()}
    name = fields.pop("action", "")
    if name == Ask.name and fields.get("q"):
        return Ask(fields["q"])
    if name in replies.COMMANDS:
        return RunCommand(Command.of(name, **fields))
    return Help(fields.get("lang", "th"))
