"""Values sealed with a key of their own derived from SECRET_KEY (Fernet:
encrypted and authenticated, with its own timestamp): links that carry an
address (sign-up, alerts) reveal nothing in a log, and one kind of sealed
value can never be read as another."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import timedelta
from typing import Any

from cryptography.fernet import Fernet, InvalidToken


def fernet_for(secret_key: str, salt: str) -> Fernet:
    key = hashlib.sha256(f"{salt}:{secret_key}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


class SealedTokens:
    """JSON values in link tokens that expire after `lifetime`."""

    def __init__(self, secret_key: str, salt: str, lifetime: timedelta) -> None:
        self.fernet = fernet_for(secret_key, salt)
        self.lifetime = lifetime

    def make(self, value: Any) -> str:
        return self.fernet.encrypt(json.dumps(value, ensure_ascii=False).encode()).decode()

    def read(self, token: str) -> Any | None:
        """The value sealed; None when the token is forged, damaged or too old."""
        try:
            return json.loads(self.fernet.decrypt(token.encode(), ttl=int(self.lifetime.total_seconds())))
        except (InvalidToken, ValueError):
            return None
