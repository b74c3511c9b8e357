"""Signing up for releases by e-mail from the public site, with double
opt-in: nothing is stored until the owner of the address opens the link we
sent there. The link carries the address and the topics encrypted and
authenticated (Fernet, with its own timestamp for the expiry), so an address
nobody confirms leaves no trace in the database, and a link seen in a log
or a proxy does not reveal whose it is."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Sequence
from datetime import timedelta

from cryptography.fernet import Fernet, InvalidToken

from bot.announcements.subscriptions import SubscriberList, normalize_address
from bot.announcements.topics import Topic, TopicError
from bot.data.db import Database
from publishers.base import RecipientList

TOKEN_SALT = "email-signup-v1"
CONFIRMATION_LIFETIME = timedelta(hours=48)


class SignupTokens:
    def __init__(self, secret_key: str, lifetime: timedelta = CONFIRMATION_LIFETIME) -> None:
        # A key of its own, derived from SECRET_KEY: other signed links cannot be read as these.
        key = hashlib.sha256(f"{TOKEN_SALT}:{secret_key}".encode()).digest()
        self.fernet = Fernet(base64.urlsafe_b64encode(key))
        self.lifetime = lifetime

    def make(self, address: str, topics: Sequence[Topic]) -> str:
        """The token of the confirmation link; the address must already be checked."""
        address = normalize_address(RecipientList.EMAIL_ADDRESSES, address)
        return self.fernet.encrypt(json.dumps([address, *map(str, topics)]).encode()).decode()

    def read(self, token: str) -> tuple[str, list[Topic]] | None:
        """The address and topics the link was made for; None when it is forged,
        damaged or older than its lifetime."""
        try:
            value = json.loads(self.fernet.decrypt(token.encode(), ttl=int(self.lifetime.total_seconds())))
        except (InvalidToken, ValueError):
            return None
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
