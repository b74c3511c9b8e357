"""The signed, login-free unsubscribe link every e-mail carries."""

from __future__ import annotations

from itsdangerous import BadSignature, URLSafeSerializer

TOKEN_SALT = "email-unsubscribe"


class UnsubscribeTokens:
    """Signed tokens naming an address: the link works without a login and
    cannot be forged for someone else's address."""

    def __init__(self, secret_key: str) -> None:
        self.serializer = URLSafeSerializer(secret_key, salt=TOKEN_SALT)

    def make(self, address: str) -> str:
        return self.serializer.dumps(address.strip().lower())

    def read(self, token: str) -> str | None:
        try:
            value = self.serializer.loads(token)
        except BadSignature:
            return None
        return value if isinstance(value, str) else None
