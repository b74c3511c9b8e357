"""What staff see of the people who use the bot: LINE user ids as stable
pseudonyms and free text with phone numbers, ID numbers and e-mail addresses
masked, unless they may see personal data (administrators)."""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import timedelta

from sqlalchemy import delete, select

from bot.data.db import Database
from bot.data.models import ConversationTurn, LineUser, utcnow

# An e-mail address; a run of 5 or more digits, spaces, dots or dashes between
# them allowed (phone, ID and account numbers; years and months stay readable);
# a LINE user id.
_EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
_LONG_NUMBER = re.compile(r"\d(?:[ .\-]?\d){4,}")
_LINE_ID = re.compile(r"\b[UCR][0-9a-f]{32}\b")


def pseudonym(user_id: str, secret: str) -> str:
    """The same person always has the same name, which leads nowhere without the secret."""
    digest = hmac.new(secret.encode(), user_id.encode(), hashlib.sha256).hexdigest()
    return f"#{digest[:10]}"


def mask_addresses(text: str) -> str:
    """E-mail addresses and LINE ids masked (what delivery records hold; post ids stay)."""
    return _LINE_ID.sub("U•••", _EMAIL.sub("•••@•••", text))


def mask_personal(text: str) -> str:
    """Free text people wrote: addresses and phone, ID or account numbers masked."""
    return _LONG_NUMBER.sub(lambda found: "•" * len(found.group()), mask_addresses(text))


def anonymize_conversations(database: Database, days: int) -> int:
    """Questions asked more than `days` ago (CONVERSATION_RETENTION_DAYS) lose
    who asked them and the numbers and addresses in their text; people who
    unfollowed that long ago are forgotten. Returns how many were anonymized."""
    before = utcnow() - timedelta(days=days)
    with database.session() as session:
        rows = session.scalars(
            select(ConversationTurn).where(ConversationTurn.asked_at < before, ConversationTurn.user_id.is_not(None))
        ).all()
        for turn in rows:
            turn.user_id, turn.message_id, turn.question = None, None, mask_personal(turn.question)
        session.execute(delete(LineUser).where(LineUser.following.is_(False), LineUser.unfollowed_at < before))
        return len(rows)
