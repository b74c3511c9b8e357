"""Signing up for releases by e-mail from the public site, with double
opt-in: nothing is stored until the owner of the address opens the link we
sent there. The link carries the address and the topics encrypted and
authenticated (Fernet, with its own timestamp for the expiry), so an address
nobody confirms leaves no trace in the database, and a link seen in a log
or a proxy does not reveal whose it is."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from bot.announcements.subscriptions import SubscriberList, normalize_address
from bot.announcements.topics import Topic, TopicError
from bot.data.db import Database
from bot.ops.sealed import SealedTokens
from publishers.base import RecipientList

TOKEN_SALT = "email-signup-v1"
CONFIRMATION_LIFETIME = timedelta(hours=48)


class SignupTokens:
    def __init__(self, secret_key: str, lifetime: timedelta = CONFIRMATION_LIFETIME) -> None:
        self.sealed = SealedTokens(secret_key, TOKEN_SALT, lifetime)

    def make(self, address: str, topics: Sequence[Topic]) -> str:
        """The token of the confirmation link; the address must already be checked."""
        address = normalize_address(RecipientList.EMAIL_ADDRESSES, address)
        return self.sealed.make([address, *map(str, topics)])

    def read(self, token: str) -> tuple[str, list[Topic]] | None:
        """The address and topics the link was made for; None when it is forged,
        damaged or older than its lifetime."""
        value = self.sealed.read(token)
        if not (isinstance(value, list) and len(value) >= 2 and all(isinstance(part, str) for part in value)):
            return None
        try:
            return value[0], [Topic.parse(text) for text in value[1:]]
        except TopicError:
            return None


def confirm(database: Database, address: str, topics: Sequence[Topic]) -> list[Topic]:
    """Subscribe the address that confirmed; the topics it did not have yet.
    Opening the same link twice changes nothing."""
    return SubscriberList.email(database).add(address, topics)
