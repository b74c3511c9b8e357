"""The chatbot behind the LINE handlers: answers as LINE replies (text,
Flex card, chart image, quick replies), the users the bot knows, the
de-duplication ledger and the conversation log."""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError

from bot.analytics import round2
from bot.answers import Answer, Answerer, Figure, Suggestion
from bot.charts import ChartCache, ChartSpec, ThaiFontMissingError
from bot.db import Database, upsert_insert
from bot.models import ConversationTurn, LineUser, ProcessedEvent, Subscription, utcnow
from bot.subscriptions import TOPIC_ALL, TOPICS, SubscriptionStore, topic_for
from handlers.replies import QuickAction, Reply
from nlp.lexicon import INDICATOR_CODES, SECTOR_CODES, TOTAL
from nlp.thaidate import YearMonth

log = logging.getLogger(__name__)
REASK_WINDOW = timedelta(minutes=2)
SUBSCRIBABLE = frozenset(TOPICS)
LEDGER_RETENTION = timedelta(days=14)


class EventLedgerStore:
    """Claims webhook events in the database; the primary key on the event id
    makes a claim succeed once across redeliveries and web workers."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._claims = 0

    def claim(self, event_id: str, event_type: str) -> bool:
        try:
            with self.database.session() as session:
                session.add(ProcessedEvent(event_id=event_id, event_type=event_type[:32]))
        except IntegrityError:
            return False
        self._claims += 1
        if self._claims % 1000 == 1:
            self.purge()
        return True

    def purge(self) -> None:
        """Forget claims older than LINE could redeliver."""
        with self.database.session() as session:
            session.execute(delete(ProcessedEvent).where(ProcessedEvent.received_at < utcnow() - LEDGER_RETENTION))


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

    def unfollowed(self, user_id: str) -> None:
        """Mark the user and delete what they told the bot and subscribed to."""
        with self.database.session() as session:
            session.execute(delete(ConversationTurn).where(ConversationTurn.user_id == user_id))
            session.execute(delete(Subscription).where(Subscription.user_id == user_id))
        self.seen(user_id, following=False)

    def forget(self, user_id: str) -> None:
        """Delete everything the service holds about a user."""
        with self.database.session() as session:
            session.execute(delete(ConversationTurn).where(ConversationTurn.user_id == user_id))
            session.execute(delete(Subscription).where(Subscription.user_id == user_id))
            session.execute(delete(LineUser).where(LineUser.user_id == user_id))

    def log_turn(self, user_id: str | None, question: str, answer: Answer, latency_ms: int) -> None:
        contract = answer.contract(question)
        with self.database.session() as session:
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
                    question=question[:2000],
                    intent=contract["intent"],
                    indicator=contract["indicator"],
                    sector=contract["sector"],
                    period=contract["period"],
                    comparison=contract["comparison"],
                    latency_ms=latency_ms,
                )
            )


# "ติดตามอะไรอยู่บ้าง", "what am I subscribed to": list, not subscribe.
LIST_SUBSCRIPTIONS = re.compile(
    r"(ติดตามอะไร|รายการติดตาม|ติดตามอยู่|การติดตามของฉัน|subscribed to|my subscriptions|subscriptions\??$)",
    re.IGNORECASE,
)


@dataclass
class ChatService:
    answerer: Answerer
    users: UserStore
    charts: ChartCache | None
    subscriptions: SubscriptionStore

    # --- ChatServices protocol ---

    def answer(self, user_id: str | None, text: str) -> Reply:
        started = time.perf_counter()
        answer = self.answerer.answer(text)
        if user_id is not None:
            self.users.seen(user_id, language=answer.language)
        intent = answer.frame.intent if answer.frame else None
        if user_id is not None and intent in ("subscribe", "unsubscribe"):
            assert answer.frame is not None
            frame = answer.frame.frame
            topic = topic_for(frame.indicator, frame.sector) if frame.topic_named else None
            if LIST_SUBSCRIPTIONS.search(text):
                reply = self.list_topics(user_id, answer.language)
            elif intent == "subscribe":
                reply = self.subscribe(user_id, topic or TOPIC_ALL, answer.language)
            else:
                reply = self.unsubscribe(user_id, topic, answer.language)
        else:
            reply = self.to_reply(answer)
        latency_ms = int((time.perf_counter() - started) * 1000)
        try:
            self.users.log_turn(user_id, text, answer, latency_ms)
        except Exception:
            log.exception("could not write the conversation log")
        return reply

    def welcome(self, user_id: str) -> Reply:
        self.users.seen(user_id, following=True)
        greeting = self.answerer.answer("สวัสดี")
        text = (
            "ขอบคุณที่เพิ่มเพื่อนครับ 🙏\n"
            "บัญชีนี้ตอบคำถามเรื่องดัชนีเศรษฐกิจอุตสาหกรรมของ สศอ. เช่น ดัชนีผลผลิตอุตสาหกรรม (MPI) "
            "อัตราการใช้กำลังการผลิต การส่งสินค้า สินค้าคงคลัง ทั้งภาพรวมและ 22 สาขา "
            "พิมพ์ถามได้เลย หรือกดปุ่มด้านล่าง\n"
            'กด "รับข่าวทุกเดือน" เพื่อรับแจ้งเมื่อ สศอ. เผยแพร่ข้อมูลใหม่ หรือพิมพ์ "ติดตาม ยานยนต์" เฉพาะสาขา\n'
            'พิมพ์ "ลบข้อมูลของฉัน" เมื่อต้องการให้ลบข้อมูลของคุณ'
        )
        actions = [
            QuickAction("รับข่าวทุกเดือน", "รับข่าวทุกเดือน", postback="action=subscribe&topic=all"),
            *self.quick_actions(greeting.suggestions),
        ]
        return Reply(texts=[text], quick_actions=actions)

    def unfollowed(self, user_id: str) -> None:
        self.users.unfollowed(user_id)

    def forget(self, user_id: str) -> Reply:
        self.users.forget(user_id)
        return Reply(
            texts=[
                "ลบข้อมูลทั้งหมดที่บริการเก็บเกี่ยวกับคุณแล้ว (ประวัติคำถามและการติดตาม) "
                "/ All data the service held about you has been deleted."
            ]
        )

    def postback(self, user_id: str | None, data: str) -> Reply:
        fields = {key: values[0] for key, values in parse_qs(data[:1000]).items()}
        action = fields.get("action")
        if action == "ask" and fields.get("q"):
            return self.answer(user_id, fields["q"])
        if action == "chart":
            spec = _chart_spec(fields)
            if spec is not None:
                return self.chart_reply(spec, fields.get("lang", "th"))
        language = "en" if fields.get("lang") == "en" else "th"
        topic = fields.get("topic")
        if user_id is not None and action == "subscribe" and topic in SUBSCRIBABLE:
            return self.subscribe(user_id, topic, language)
        if user_id is not None and action == "unsubscribe" and (topic is None or topic in SUBSCRIBABLE):
            return self.unsubscribe(user_id, topic, language)
        if user_id is not None and action == "subscriptions":
            return self.list_topics(user_id, language)
        return self.answer(user_id, "ช่วยเหลือ")

    def unsupported(self, user_id: str | None, kind: str) -> Reply:
        names = {
            "sticker": "สติกเกอร์",
            "image": "รูปภาพ",
            "video": "วิดีโอ",
            "audio": "ข้อความเสียง",
            "location": "ตำแหน่ง",
            "file": "ไฟล์",
        }
        text = (
            f"ขอบคุณสำหรับ{names.get(kind, 'ข้อความ')}ครับ 😊 ตอนนี้บอทตอบได้เฉพาะคำถามที่พิมพ์เป็นข้อความ "
            'เช่น "ดัชนี MPI ล่าสุดเท่าไหร่" หรือเลือกจากปุ่มด้านล่าง'
        )
        return Reply(texts=[text], quick_actions=self.quick_actions(self.answerer.answer("ช่วยเหลือ").suggestions))

    # --- subscriptions ---

    def topic_name(self, topic: str, language: str) -> str:
        kind, _, code = topic.partition(":")
        thai = language == "th"
        if kind == "indicator":
            from bot.answers import QUESTION_NAMES_EN, QUESTION_NAMES_TH

            return (QUESTION_NAMES_TH if thai else QUESTION_NAMES_EN).get(code, code)
        if kind == "sector":
            sector = self.answerer.store.snapshot().sectors.get(code)
            if sector is None:
                return code
            return f"สาขา{sector.name_th.removeprefix('การผลิต')}" if thai else sector.name_en
        return "ข่าวทุกเดือน (ทุกหัวข้อ)" if thai else "every monthly release"

    def subscribe(self, user_id: str, topic: str, language: str) -> Reply:
        new = self.subscriptions.subscribe(user_id, topic)
        name = self.topic_name(topic, language)
        if language == "th":
            text = f"ติดตาม{name}แล้ว เมื่อมีข้อมูลใหม่จะแจ้งให้ทราบทาง LINE" if new else f"คุณติดตาม{name}อยู่แล้ว"
        else:
            text = f"Subscribed to {name}: you will get new releases here." if new else f"Already subscribed to {name}."
        return Reply(texts=[text], quick_actions=self._subscription_actions(language))

    def unsubscribe(self, user_id: str, topic: str | None, language: str) -> Reply:
        removed = self.subscriptions.unsubscribe(user_id, topic)
        thai = language == "th"
        if topic is None:
            text = (
                ("ยกเลิกการติดตามทั้งหมดแล้ว" if removed else "คุณยังไม่ได้ติดตามหัวข้อใด")
                if thai
                else ("Unsubscribed from everything." if removed else "You had no subscriptions.")
            )
        else:
            name = self.topic_name(topic, language)
            text = (
                (f"ยกเลิกการติดตาม{name}แล้ว" if removed else f"คุณไม่ได้ติดตาม{name}")
                if thai
                else (f"Unsubscribed from {name}." if removed else f"You were not subscribed to {name}.")
            )
        return Reply(texts=[text], quick_actions=self._subscription_actions(language))

    def list_topics(self, user_id: str, language: str) -> Reply:
        topics = self.subscriptions.topics(user_id)
        thai = language == "th"
        if not topics:
            text = (
                'ยังไม่ได้ติดตามหัวข้อใด พิมพ์ "ติดตาม MPI" หรือ "รับข่าวทุกเดือน"'
                if thai
                else 'No subscriptions yet. Send "subscribe MPI" or "subscribe".'
            )
        else:
            names = "\n".join(f"• {self.topic_name(topic, language)}" for topic in topics)
            text = f"หัวข้อที่ติดตามอยู่:\n{names}" if thai else f"Your subscriptions:\n{names}"
        return Reply(texts=[text], quick_actions=self._subscription_actions(language))

    def _subscription_actions(self, language: str) -> list[QuickAction]:
        if language == "th":
            return [
                QuickAction("รับข่าวทุกเดือน", "รับข่าวทุกเดือน", postback="action=subscribe&topic=all"),
                QuickAction("ติดตามอะไรอยู่บ้าง", "ติดตามอะไรอยู่บ้าง", postback="action=subscriptions"),
                QuickAction("ยกเลิกทั้งหมด", "ยกเลิกการติดตามทั้งหมด", postback="action=unsubscribe"),
                QuickAction("MPI ล่าสุด", "MPI ล่าสุด"),
            ]
        return [
            QuickAction("Every release", "subscribe", postback="action=subscribe&topic=all&lang=en"),
            QuickAction("My subscriptions", "my subscriptions", postback="action=subscriptions&lang=en"),
            QuickAction("Unsubscribe all", "unsubscribe", postback="action=unsubscribe&lang=en"),
        ]

    # --- building replies ---

    def quick_actions(self, suggestions: list[Suggestion]) -> list[QuickAction]:
        return [QuickAction(suggestion.label, suggestion.text) for suggestion in suggestions]

    def to_reply(self, answer: Answer) -> Reply:
        quick = self.quick_actions(answer.suggestions)
        frame = answer.frame
        if frame is not None and frame.intent == "chart" and answer.chart is not None:
            indicator, sector, start, end = answer.chart
            reply = Reply(texts=[answer.text], quick_actions=quick)
            reply.image_urls = self._chart_urls(ChartSpec(indicator, sector, start, end))
            return reply
        if answer.figure is not None:
            chart_postback = None
            if answer.chart is not None:
                indicator, sector, start, end = answer.chart
                chart_postback = (
                    f"action=chart&indicator={indicator}&sector={sector}&start={start.iso()}&end={end.iso()}"
                    f"&lang={answer.language}"
                )
                label = "ดูกราฟ" if answer.language == "th" else "Chart"
                quick = [QuickAction(label, label, postback=chart_postback)] + [
                    action for action in quick if action.label not in ("ดูกราฟ", "Chart")
                ]
            bubble = figure_bubble(answer.figure, answer.language, chart_postback)
            return Reply(texts=[answer.text], flex=bubble, flex_alt_text=answer.text, quick_actions=quick)
        return Reply(texts=[answer.text], quick_actions=quick)

    def chart_reply(self, spec: ChartSpec, language: str) -> Reply:
        question = f"กราฟ {spec.indicator} {spec.start.iso()} - {spec.end.iso()}"
        reply = Reply(texts=[], quick_actions=[])
        reply.image_urls = self._chart_urls(spec)
        if reply.image_urls is None:
            reply.texts = [self.answerer.answer(question).text]
        return reply

    def _chart_urls(self, spec: ChartSpec) -> tuple[str, str] | None:
        if self.charts is None:
            return None
        try:
            return self.charts.urls(spec)
        except ThaiFontMissingError:
            log.error("charts disabled: no Thai font installed (fonts-thai-tlwg)")
            return None


def _chart_spec(fields: dict[str, str]) -> ChartSpec | None:
    indicator, sector = fields.get("indicator", ""), fields.get("sector", TOTAL)
    if indicator not in INDICATOR_CODES or sector not in (TOTAL, *SECTOR_CODES):
        return None
    try:
        start, end = YearMonth.parse(fields["start"]), YearMonth.parse(fields["end"])
    except (KeyError, ValueError):
        return None
    if end < start or end.index() - start.index() > 240:
        return None
    return ChartSpec(indicator, sector, start, end)


def _change_color(change: Decimal | None) -> str:
    if change is None or round2(change) == 0:
        return "#666666"
    return "#0b8a4a" if change > 0 else "#c0392b"


def figure_bubble(figure: Figure, language: str, chart_postback: str | None) -> dict[str, Any]:
    """A Flex bubble: the figure large, the change with an arrow, the period and the source."""
    thai = language == "th"
    from bot.answers import SHORT_NAMES_EN, SHORT_NAMES_TH

    title = (SHORT_NAMES_TH if thai else SHORT_NAMES_EN)[figure.indicator]
    value = f"{round2(figure.value):,.2f}{figure.unit}"
    contents: list[dict[str, Any]] = [
        {"type": "text", "text": title, "weight": "bold", "size": "sm", "color": "#0b6e4f", "wrap": True},
        {
            "type": "text",
            "text": ("ภาพรวม" if thai else "Total") if figure.sector == TOTAL else f"TSIC {figure.sector}",
            "size": "xs",
            "color": "#888888",
        },
        {"type": "text", "text": figure.period_label, "size": "sm", "color": "#555555", "wrap": True},
        {"type": "text", "text": value, "weight": "bold", "size": "3xl", "margin": "md"},
    ]
    if figure.preliminary:
        contents.append({"type": "text", "text": "ตัวเลขเบื้องต้น" if thai else "preliminary", "size": "xs"})
    if figure.change is not None:
        arrow = "▲" if round2(figure.change) > 0 else "▼" if round2(figure.change) < 0 else "■"
        moved = round2(figure.change)
        unit = "%" if figure.change_unit == "%" else (" จุด" if thai else " pts")
        contents.append(
            {
                "type": "text",
                "text": f"{arrow} {'+' if moved > 0 else ''}{moved:,.2f}{unit}",
                "size": "lg",
                "weight": "bold",
                "color": _change_color(figure.change),
            }
        )
        contents.append({"type": "text", "text": figure.comparison_label, "size": "xs", "wrap": True})
    contents.append(
        {"type": "text", "text": figure.source, "size": "xxs", "color": "#999999", "wrap": True, "margin": "lg"}
    )
    bubble: dict[str, Any] = {
        "type": "bubble",
        "size": "kilo",
        "body": {"type": "box", "layout": "vertical", "spacing": "xs", "contents": contents},
    }
    if chart_postback:
        label = "ดูกราฟ" if thai else "Chart"
        bubble["footer"] = {
            "type": "box",
            "layout": "vertical",
            "contents": [
                {
                    "type": "button",
                    "style": "link",
                    "height": "sm",
                    "action": {"type": "postback", "label": label, "data": chart_postback, "displayText": label},
                }
            ],
        }
    return bubble
