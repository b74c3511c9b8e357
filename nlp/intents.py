"""Every intent, declared once: what it is about and how the parser, the
follow-up context, the resolver, the decision between rules and model, the
asking back and the staff console treat it. They read these declarations (the
sets below are derived from them); the answer for each is registered by name in
`bot/answers/intents/` (`ANSWERS`, checked against `INTENTS` at import).

How people word an intent is data, not code: the labelled corpus
(`data/labelled_questions.txt`) and the templates (`data/question_templates.txt`)
teach the intent model; a keyword list in `keywords.py` (read by
`parser._intent`) is only for words that say it without fail."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Intent = Literal[
    "value",
    "change",
    "ranking",
    "overview",
    "why",
    "definition",
    "chart",
    "calendar",
    "subscribe",
    "unsubscribe",
    "alert",
    "greeting",
    "help",
    "other_statistic",
    "clarify",
    "unknown",
]


@dataclass(frozen=True)
class Declaration:
    name: str
    title_en: str  # for staff, in the console's two languages
    title_th: str
    about_a_period: bool = False  # answered for a period (the latest month when none is named)
    figure_of_ours: bool = False  # answers with our figures: a question about sales is asked back first
    keeps_context: bool = False  # a follow-up ("แล้วเหล็กล่ะ") continues it
    named_in_follow_ups: bool = False  # a follow-up may ask for it ("ขอเป็นกราฟ") and keep the topic
    several_indicators: bool = False  # "MPI กับ CAPU ล่าสุด": each indicator named is answered
    several_sectors: bool = False  # "ยานยนต์กับอาหาร ล่าสุด": each sector named is answered
    rules_only: bool = False  # the model never overrules the rules' evidence of it (negation, other agencies)
    harmless: bool = False  # wrong costs the asker nothing: the model may decide it at lower confidence
    side_effects: bool = False  # changes what the user receives: only on clear evidence
    # When asking back, the button that offers this reading: (label, the question it sends),
    # with {topic} and {when} filled in; None: never offered.
    choice_th: tuple[str, str] | None = None
    choice_en: tuple[str, str] | None = None


DECLARATIONS: tuple[Declaration, ...] = (
    Declaration(
        "value", "A figure", "ตัวเลข", about_a_period=True, figure_of_ours=True, keeps_context=True,
        several_indicators=True, several_sectors=True,
        choice_th=("ตัวเลข", "{topic} {when}"), choice_en=("The figure", "{topic} {when}"),
    ),
    Declaration(
        "change", "A change", "การเปลี่ยนแปลง", about_a_period=True, figure_of_ours=True, keeps_context=True,
        named_in_follow_ups=True, several_indicators=True, several_sectors=True,
        choice_th=("การเปลี่ยนแปลง", "{topic} {when} เปลี่ยนแปลงเท่าไร"),
        choice_en=("The change", "how much did {topic} change {when}"),
    ),
    Declaration(
        "ranking", "A ranking of sectors", "การจัดอันดับสาขา", about_a_period=True, figure_of_ours=True,
        keeps_context=True, named_in_follow_ups=True,
        choice_th=("อันดับสาขา", "สาขาไหนขยายตัวมากที่สุด {when}"),
        choice_en=("Sector ranking", "which sectors grew the most {when}"),
    ),
    Declaration(
        "overview", "An overview", "ภาพรวม", about_a_period=True, figure_of_ours=True, keeps_context=True,
        named_in_follow_ups=True,
        choice_th=("ภาพรวม", "ภาพรวม {topic} {when}"), choice_en=("An overview", "overview of {topic} {when}"),
    ),
    Declaration(
        "why", "Why it moved", "สาเหตุที่เปลี่ยนแปลง", about_a_period=True, keeps_context=True,
        named_in_follow_ups=True,
        choice_th=("สาเหตุ", "ทำไม {topic} {when} เปลี่ยนแปลง"),
        choice_en=("Why it moved", "why did {topic} change {when}"),
    ),
    Declaration(
        "definition", "What a term means", "ความหมายของคำ",
        choice_th=("ความหมาย", "{topic} คืออะไร"), choice_en=("What it means", "what does {topic} mean"),
    ),
    Declaration(
        "chart", "A chart", "กราฟ", about_a_period=True, figure_of_ours=True, keeps_context=True,
        named_in_follow_ups=True, several_indicators=True, several_sectors=True,
        choice_th=("กราฟ", "กราฟ {topic} ย้อนหลัง 12 เดือน"), choice_en=("A chart", "chart of {topic} last 12 months"),
    ),
    Declaration(
        "calendar", "When data is released", "กำหนดเผยแพร่ข้อมูล",
        choice_th=("วันเผยแพร่", "ข้อมูล {topic} จะออกเมื่อไร"),
        choice_en=("Release date", "when is the next release of {topic}"),
    ),
    Declaration(
        "subscribe", "Subscribe", "สมัครรับข่าว", side_effects=True,
        choice_th=("รับข่าวทุกเดือน", "ติดตาม {topic}"), choice_en=("Monthly news", "subscribe to {topic}"),
    ),
    Declaration("unsubscribe", "Unsubscribe", "เลิกรับข่าว", rules_only=True, side_effects=True),
    # A condition is numbers and the words beside them, which rules read (nlp.alert_condition).
    Declaration("alert", "An alert on a figure", "แจ้งเตือนตามเงื่อนไข", rules_only=True, side_effects=True),
    Declaration("greeting", "Greeting or thanks", "ทักทายหรือขอบคุณ", harmless=True),
    Declaration(
        "help", "How to use the bot", "วิธีใช้บอท", harmless=True,
        choice_th=("ถามอะไรได้บ้าง", "ถามอะไรได้บ้าง"), choice_en=("What can I ask?", "what can you do"),
    ),
    Declaration("other_statistic", "Another agency's statistic", "สถิติของหน่วยงานอื่น", rules_only=True),
    Declaration("clarify", "Asked back", "ถามกลับ", rules_only=True),
    Declaration("unknown", "Not about our statistics", "ไม่เกี่ยวกับสถิติของเรา", harmless=True),
)  # fmt: skip

INTENTS: tuple[str, ...] = Intent.__args__  # type: ignore[attr-defined]
BY_NAME = {declaration.name: declaration for declaration in DECLARATIONS}
if tuple(BY_NAME) != INTENTS:  # the Literal is for the type checker; both list the same names
    raise ImportError("nlp.intents: DECLARATIONS and Intent must name the same intents, in the same order")


def _having(flag: str) -> frozenset[str]:
    return frozenset(declaration.name for declaration in DECLARATIONS if getattr(declaration, flag))


PERIOD_INTENTS = _having("about_a_period")
TIMELESS_INTENTS = frozenset(INTENTS) - PERIOD_INTENTS
FIGURE_ANSWERS = _having("figure_of_ours")
CONTEXT_INTENTS = _having("keeps_context")
NAMED_IN_FOLLOW_UPS = _having("named_in_follow_ups")
SEVERAL_INDICATOR_INTENTS = _having("several_indicators")
SEVERAL_SECTOR_INTENTS = _having("several_sectors")
RULE_ONLY = _having("rules_only")
HARMLESS = _having("harmless")
SIDE_EFFECTS = _having("side_effects")
OFFERABLE = frozenset(declaration.name for declaration in DECLARATIONS if declaration.choice_th is not None)


def choice(intent: str, language: str, topic: str, when: str) -> tuple[str, str]:
    """The button offering this reading when asking back: (label, the question it sends)."""
    declaration = BY_NAME[intent]
    thai = language == "th"
    offered = declaration.choice_th if thai else declaration.choice_en
    if offered is None:
        raise ValueError(f"{intent} is not offered as a choice")
    label, question = offered
    if intent == "subscribe" and not topic:
        question = "รับข่าวทุกเดือน" if thai else "notify me of every new release"
    filled = question.format(topic=topic or "MPI", when=when or ("ล่าสุด" if thai else "latest"))
    return label, " ".join(filled.split())
