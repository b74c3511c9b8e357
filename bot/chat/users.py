"""The LINE users the bot knows and what they asked: recorded for improving
the bot, deleted when they unfollow or ask for it."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta
from typing import Any

from sqlalchemy import String, cast, delete, func, select, update
from sqlalchemy.orm import Session

from bot.answers.model import Answer
from bot.chat.inbox import InboxState
from bot.data.audit import AuditAction, record
from bot.data.db import Database, as_utc, upsert_insert
from bot.data.models import Alert, ChatContext, ConversationTurn, InboxEvent, LineUser, OutboxItem, Subscription, utcnow
from bot.ops.metrics import ANSWERS
from publishers.base import RecipientList

REASK_WINDOW = timedelta(minutes=2)


def _delete_what_they_said(session: Session, user_id: str) -> None:
    session.execute(delete(ConversationTurn).where(ConversationTurn.user_id == user_id))
    session.execute(delete(ChatContext).where(ChatContext.user_id == user_id))
    session.execute(
        delete(Subscription).where(Subscription.channel == RecipientList.LINE_USERS, Subscription.address == user_id)
    )
    # Their alerts, and the notices owed to them (cascade), go with the subscriptions.
    session.execute(delete(Alert).where(Alert.channel == RecipientList.LINE_USERS, Alert.address == user_id))


def erased_name(user_id: str) -> str:
    """How an erased user is named where a name is needed (LINE ids are random: the digest leads nowhere)."""
    return "erased:" + hashlib.sha256(user_id.encode()).hexdigest()[:24]


def _erase_from_queues(session: Session, user_id: str) -> None:
    """The user's id out of the webhook inbox (answered events go, open ones
    are renamed: the one being answered now clears its body when done) and out
    of the outbox's recipient lists."""
    chat = f"user:{user_id}"
    answered = (InboxState.DONE, InboxState.FAILED)
    session.execute(delete(InboxEvent).where(InboxEvent.chat == chat, InboxEvent.state.in_(answered)))
    alias = erased_name(user_id)
    session.execute(update(InboxEvent).where(InboxEvent.chat == chat).values(chat=alias))
    rows = session.scalars(
        select(OutboxItem).where(
            OutboxItem.channel == "line", cast(OutboxItem.recipients, String).contains(user_id, autoescape=True)
        )
    )
    for row in rows:
        row.recipients = [address for address in row.recipients or [] if address != user_id]


# Control characters (NUL breaks PostgreSQL text) are never stored; tabs and line breaks are.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def printable(text: str) -> str:
    return _CONTROL.sub("", text)


class UserStore:
    def __init__(self, database: Database) -> None:
        self.database = database

    def seen(self, user_id: str, following: bool | None = None, language: str | None = None) -> None:
        """Record a user (insert or update in one statement: events of one
        user may be handled by several web workers at once)."""
        now = utcnow()
        changes: dict[str, Any] = {"last_seen_at": now}
        if following is not None:
            changes.update(following=following, unfollowed_at=None if following else now)
        if language:
            changes["language"] = language
        values = {"user_id": user_id, "following": True, "first_seen_at": now, **changes}
        with self.database.session() as session:
            statement = upsert_insert(session)(LineUser).values(**values)
            session.execute(statement.on_conflict_do_update(index_elements=[LineUser.user_id], set_=changes))

    def chose_menu(self, user_id: str, language: str) -> None:
        """Remember the rich menu a user has (Thai is the default, kept as null)."""
        self.seen(user_id)
        with self.database.session() as session:
            session.execute(
                update(LineUser)
                .where(LineUser.user_id == user_id)
                .values(menu_language=None if language == "th" else language)
            )

    def menu_users(self) -> dict[str, list[str]]:
        """Followers with a menu other than the default, by its language."""
        found: dict[str, list[str]] = {}
        with self.database.session() as session:
            rows = session.execute(
                select(LineUser.menu_language, LineUser.user_id)
                .where(LineUser.following.is_(True), LineUser.menu_language.is_not(None))
                .order_by(LineUser.user_id)
            )
            for language, user_id in rows:
                found.setdefault(str(language), []).append(user_id)
        return found

    def unfollowed(self, user_id: str) -> None:
        """Mark the user and delete what they told the bot and subscribed to."""
        with self.database.session() as session:
            _delete_what_they_said(session, user_id)
        self.seen(user_id, following=False)

    def forget(self, user_id: str, by: str = "the user") -> None:
        """Delete everything the service holds about a user, in every table
        (the audit names them by a digest only)."""
        with self.database.session() as session:
            _delete_what_they_said(session, user_id)
            _erase_from_queues(session, user_id)
            session.execute(delete(LineUser).where(LineUser.user_id == user_id))
            record(session, by, AuditAction.DATA_ERASE, erased_name(user_id))

    def export(self, user_id: str, by: str) -> dict[str, Any]:
        """Everything held about a user, for a data-subject request (PDPA section 30)."""
        with self.database.session() as session:
            record(session, by, AuditAction.DATA_EXPORT, erased_name(user_id))
            user = session.get(LineUser, user_id)
            turns = session.scalars(
                select(ConversationTurn).where(ConversationTurn.user_id == user_id).order_by(ConversationTurn.id)
            ).all()
            subscriptions = session.scalars(
                select(Subscription.topic).where(
                    Subscription.channel == RecipientList.LINE_USERS, Subscription.address == user_id
                )
            ).all()
            alerts = [
                {
                    "indicator": alert.indicator,
                    "sector": alert.sector,
                    "measure": alert.measure,
                    "comparison": alert.comparison or None,
                    "direction": alert.direction,
                    "threshold": str(alert.threshold),
                    "set_at": as_utc(alert.created_at).isoformat(),
                }
                for alert in session.scalars(
                    select(Alert).where(Alert.channel == RecipientList.LINE_USERS, Alert.address == user_id)
                )
            ]
            context = session.get(ChatContext, user_id)
            waiting = session.scalar(select(func.count()).where(InboxEvent.chat == f"user:{user_id}")) or 0
        return {
            "user_id": user_id,
            "account": None
            if user is None
            else {
                "following": user.following,
                "language": user.language,
                "menu_language": user.menu_language,
                "first_seen_at": as_utc(user.first_seen_at).isoformat(),
                "last_seen_at": as_utc(user.last_seen_at).isoformat(),
                "unfollowed_at": as_utc(user.unfollowed_at).isoformat() if user.unfollowed_at else None,
            },
            "subscriptions": sorted(subscriptions),
            "alerts": alerts,
            "questions": [
                {
                    "asked_at": as_utc(turn.asked_at).isoformat(),
                    "question": turn.question,
                    "understood_as": turn.intent,
                    "indicator": turn.indicator,
                    "sector": turn.sector,
                    "period": turn.period,
                }
                for turn in turns
            ],
            "follow_up_context": context.frame if context is not None else None,
            "webhook_events_held": int(waiting),
        }

    def unsent(self, message_id: str) -> None:
        """The user unsent a message: its text goes from the log (how it was understood stays)."""
        with self.database.session() as session:
            session.execute(
                update(ConversationTurn).where(ConversationTurn.message_id == message_id).values(question="")
            )

    def log_turn(
        self, user_id: str | None, question: str, answer: Answer, latency_ms: int, message_id: str | None = None
    ) -> None:
        """One question, how it was understood and how long the answer took.
        The same message answered again (a retry during a LINE outage) is not
        a new question: logged once, and never counted as asked again."""
        contract = answer.contract(question)
        with self.database.session() as session:
            if message_id is not None:
                logged = select(ConversationTurn.id).where(ConversationTurn.message_id == message_id).limit(1)
                if session.scalar(logged) is not None:
                    return
            ANSWERS.labels(intent=contract["intent"]).inc()
            if user_id is not None:
                # An earlier question moments ago that is asked again: that answer missed.
                session.execute(
                    update(ConversationTurn)
                    .where(
                        ConversationTurn.user_id == user_id,
                        ConversationTurn.asked_at >= utcnow() - REASK_WINDOW,
                    )
                    .values(reasked=True)
                )
            session.add(
                ConversationTurn(
                    user_id=user_id,
                    question=printable(question)[:2000],
                    intent=contract["intent"],
                    indicator=contract["indicator"],
                    sector=contract["sector"],
                    period=contract["period"],
                    comparison=contract["comparison"],
                    latency_ms=latency_ms,
                    message_id=message_id,
                )
            )
