"""The login-free unsubscribe link every e-mail carries.

The token is opaque (no address in it, only the number of the address's
first subscription and when it was made), signed, and expires; it is bound
to the subscription it was issued for, so it has one effect: once the
address has unsubscribed, or staff have added it again later, the same
token changes nothing."""

from __future__ import annotations

from datetime import timedelta

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select

from bot.data.db import Database, as_utc
from bot.data.models import Subscription

TOKEN_SALT = "email-unsubscribe-v2"
# Long enough for mail that sits unread for months.
TOKEN_LIFETIME = timedelta(days=400)
EMAIL_CHANNEL = "email"


class UnsubscribeTokens:
    def __init__(self, secret_key: str, database: Database, lifetime: timedelta = TOKEN_LIFETIME) -> None:
        self.serializer = URLSafeTimedSerializer(secret_key, salt=TOKEN_SALT)
        self.database = database
        self.lifetime = lifetime

    def make(self, address: str) -> str:
        """A token for the address's subscriptions as they are now."""
        with self.database.session() as session:
            first = session.execute(
                select(Subscription.id, Subscription.created_at)
                .where(Subscription.channel == EMAIL_CHANNEL, Subscription.address == address.strip().lower())
                .order_by(Subscription.id)
                .limit(1)
            ).first()
        issued_for = [first.id, int(as_utc(first.created_at).timestamp())] if first is not None else [0, 0]
        return str(self.serializer.dumps(issued_for))

    def read(self, token: str) -> str | None:
        """The address whose subscription the token was issued for, if that
        subscription still exists as it was; None otherwise (forged, expired,
        used, or the address subscribed again since)."""
        try:
            value = self.serializer.loads(token, max_age=int(self.lifetime.total_seconds()))
        except BadSignature:  # also SignatureExpired
            return None
        if not (isinstance(value, list) and len(value) == 2 and all(isinstance(part, int) for part in value)):
            return None
        subscription_id, created = value
        with self.database.session() as session:
            row = session.get(Subscription, subscription_id)
        if row is None or row.channel != EMAIL_CHANNEL or int(as_utc(row.created_at).timestamp()) != created:
            return None
        return row.address
