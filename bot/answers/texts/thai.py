"""The chat in Thai: months with Buddhist-Era years, ร้อยละ before a percentage."""

from __future__ import annotations

from bot.answers.analytics import SpanValue
from bot.answers.release_calendar import ExpectedRelease
from bot.answers.texts import DATA_DELETED, ONLY_IN_PRIVATE_CHAT, ChartFacts, Pair, Texts
from bot.data.store import IndicatorRow
from nlp.periods import ResolvedPeriod
from nlp.thaidate import THAI_MONTH_ABBR, THAI_MONTH_FULL, YearMonth

PRELIMINARY = " (ตัวเลขเบื้องต้น)"


def _span_label(value: SpanValue) -> str:
    """The period's name, or the months actually covered when it is partial
    ("ม.ค.-ก.ย. 2569" for a year with nine months of data)."""
    if value.complete or value.period.kind == "month":
        return value.period.thai()
    first, last = value.months[0], value.months[-1]
    return f"{THAI_MONTH_ABBR[first.month - 1]}-{THAI_MONTH_ABBR[last.month - 1]} {last.year_be}"


def _period_question(period: ResolvedPeriod) -> str:
    """A period written the way the parser reads it back, for follow-ups."""
    if period.kind == "quarter":
        return f"ไตรมาส {period.start.quarter}/{period.start.year_be}"
    if period.kind == "year":
        return f"ปี {period.start.year_be}"
    if period.kind == "ytd":
        return f"{period.end.month} เดือนแรก ปี {period.end.year_be}"
    if period.kind == "range":
        return f"{period.start.thai(abbreviated=True)} ถึง {period.end.thai(abbreviated=True)}"
    return period.end.thai(abbreviated=True)


def _figure_lead(name: str, where: str, averaged: bool, span: str, value: str) -> str:
    return f"{name} {where} {'ค่าเฉลี่ย ' if averaged else ''}{span} อยู่ที่ {value}"


def _figure_suggestions(subject: str, when: str, asked: str) -> list[Pair]:
    return [
        ("เทียบปีก่อน", f"{subject} {when} เทียบปีก่อน"),
        ("เทียบเดือนก่อน", f"{subject} {when} เทียบเดือนก่อน"),
        ("ดูกราฟ", f"กราฟ{subject}"),
        ("รายสาขา", f"{asked} สาขาไหนโตมากที่สุด {when}"),
        (f"{asked} คืออะไร", f"{asked} คืออะไร"),
    ]


_VERSUS_TH = {"mom": "เทียบกับเดือนก่อนหน้า", "span": "ค่าเฉลี่ยเทียบกับช่วงเดียวกันของปีก่อน"}


def _ranking_head(size: int, name: str, bottom: bool, when: str, prelim: str, comparison: str) -> str:
    which = "ลดลงมากที่สุด" if bottom else "เพิ่มขึ้นมากที่สุด"
    versus = _VERSUS_TH.get(comparison, "เทียบกับเดือนเดียวกันของปีก่อน")
    return f"{size} สาขาที่{name} {which} {when}{prelim} ({versus})"


def _ranking_level_head(size: int, name: str, bottom: bool, when: str, prelim: str) -> str:
    return f"{size} สาขาที่{name}{'ต่ำที่สุด' if bottom else 'สูงที่สุด'} {when}{prelim}"


def _ranking_suggestions(asked: str, bottom: bool, when: str, top_sector: str) -> list[Pair]:
    other = "ลดลงมากที่สุด" if not bottom else "โตมากที่สุด"
    return [
        (f"สาขาที่{other}", f"{asked} สาขาไหน{other} {when}"),
        ("ภาพรวม", f"{asked} {when} เทียบปีก่อน"),
        (f"กราฟ{top_sector}", f"กราฟ{asked} {top_sector}"),
    ]


def _chart_summary(facts: ChartFacts) -> str:
    lines = [f"กราฟ{facts.name} {facts.where} {facts.span} ({facts.months} เดือน)"]
    average = f"ค่าเฉลี่ยช่วงนี้: {facts.average}"
    if facts.average_vs_year_earlier:
        average += f" {facts.average_vs_year_earlier} เมื่อเทียบกับช่วงเดียวกันของปีก่อน"
    lines.append(average)
    if facts.moved:
        lines.append(f"เปลี่ยนแปลงตลอดช่วง (เดือนสุดท้ายเทียบเดือนแรก): {facts.moved}")
    lines += [
        f"ล่าสุด {facts.latest[0].thai()}: {facts.latest[1]}",
        f"สูงสุด {facts.high[0].thai()}: {facts.high[1]}",
        f"ต่ำสุด {facts.low[0].thai()}: {facts.low[1]}",
    ]
    return "\n".join(lines)


def _indicator_definition(row: IndicatorRow) -> str:
    return (
        f"{row.name_th} ({row.code}) หน่วย: {row.unit_th}\n{row.definition_th}\n"
        "การเทียบ: เทียบกับเดือนเดียวกันของปีก่อน (YoY), เทียบกับเดือนก่อนหน้า (MoM) "
        "และค่าเฉลี่ยตั้งแต่ต้นปีเทียบช่วงเดียวกันของปีก่อน (YTD) "
        "ตัวเลขสองเดือนล่าสุดเป็นตัวเลขเบื้องต้นและอาจปรับปรุงภายหลัง"
    )


def _calendar_answer(name: str, held: YearMonth, release: ExpectedRelease) -> str:
    expected = release.date
    expected_text = f"{expected.day} {THAI_MONTH_FULL[expected.month - 1]} {expected.year + 543}"
    basis = {
        "staff": "ตามกำหนดที่เจ้าหน้าที่แจ้งไว้",
        "history": f"ประมาณจากรอบที่ผ่านมา (ราว {release.lag_days} วันหลังสิ้นเดือน)",
        "default": "ประมาณการ: สศอ. มักเผยแพร่ราว 4 สัปดาห์หลังสิ้นเดือน",
    }[release.source]
    return (
        f"{name} ข้อมูลล่าสุดคือ{held.thai()} "
        f"ข้อมูลเดือน{release.period.thai()} คาดว่าจะเผยแพร่ประมาณวันที่ {expected_text} ({basis}; "
        "ยังไม่มีปฏิทินทางการ)"
    )


def _not_understood(understood: list[str]) -> str:
    body = "ขออภัย ยังไม่เข้าใจคำถามนี้"
    if understood:
        body += f" (เข้าใจว่าเกี่ยวกับ {', '.join(understood)})"
    return body + ' ลองถามเรื่องดัชนีอุตสาหกรรม เช่น "ดัชนี MPI ล่าสุดเท่าไหร่" หรือเลือกจากเมนูด้านล่าง'


def _subscribed(name: str, new: bool) -> str:
    return f"ติดตาม{name}แล้ว เมื่อมีข้อมูลใหม่จะแจ้งให้ทราบทาง LINE" if new else f"คุณติดตาม{name}อยู่แล้ว"


HELP = (
    "ถามได้ทั้งภาษาไทยและอังกฤษ เช่น\n"
    "• ดัชนี MPI ล่าสุดเท่าไหร่\n"
    "• กำลังการผลิตยานยนต์ ก.ย. 69 เทียบปีก่อน\n"
    "• MPI ไตรมาส 3/2569 / 9 เดือนแรก\n"
    "• สาขาไหนโตมากที่สุด\n"
    "• กราฟ MPI ย้อนหลัง 12 เดือน\n"
    "• MPI คืออะไร\n"
    "• ติดตาม MPI (รับแจ้งเตือนเมื่อมีข้อมูลใหม่)"
)
WELCOME = (
    "ขอบคุณที่เพิ่มเพื่อนครับ 🙏\n"
    "บัญชีนี้ตอบคำถามเรื่องดัชนีเศรษฐกิจอุตสาหกรรมของ สศอ. เช่น ดัชนีผลผลิตอุตสาหกรรม (MPI) "
    "อัตราการใช้กำลังการผลิต การส่งสินค้า สินค้าคงคลัง ทั้งภาพรวมและ 22 สาขา "
    "พิมพ์ถามได้เลย หรือกดปุ่มด้านล่าง\n"
    'กด "รับข่าวทุกเดือน" เพื่อรับแจ้งเมื่อ สศอ. เผยแพร่ข้อมูลใหม่ หรือพิมพ์ "ติดตาม ยานยนต์" เฉพาะสาขา\n'
    'พิมพ์ "ลบข้อมูลของฉัน" เมื่อต้องการให้ลบข้อมูลของคุณ'
)
MEDIA_NAMES = {
    "sticker": "สติกเกอร์",
    "image": "รูปภาพ",
    "video": "วิดีโอ",
    "audio": "ข้อความเสียง",
    "location": "ตำแหน่ง",
    "file": "ไฟล์",
}

THAI = Texts(
    language="th",
    no_data="ยังไม่มีข้อมูลดัชนีในระบบ เจ้าหน้าที่กำลังนำเข้าข้อมูล โปรดลองใหม่ภายหลัง",
    failure="ขออภัย ระบบขัดข้องชั่วคราว โปรดลองถามใหม่อีกครั้ง",
    source_oie="ที่มา: สำนักงานเศรษฐกิจอุตสาหกรรม (สศอ.)",
    source_sample="ที่มา: ข้อมูลตัวอย่าง (สังเคราะห์) ไม่ใช่ตัวเลขทางการของ สศอ.",
    preliminary=PRELIMINARY,
    preliminary_word="ตัวเลขเบื้องต้น",
    total_manufacturing="ภาพรวมอุตสาหกรรมการผลิต",
    points_unit=" จุด",
    points_short=" จุด",
    direction={"up": "เพิ่มขึ้น", "down": "ลดลง", "flat": "ทรงตัว"},
    previous_month="เมื่อเทียบกับเดือนก่อนหน้า",
    previous_quarter="เมื่อเทียบกับไตรมาสก่อนหน้า",
    year_earlier={
        "month": "เมื่อเทียบกับเดือนเดียวกันของปีก่อน",
        "quarter": "เมื่อเทียบกับไตรมาสเดียวกันของปีก่อน",
        "year": "เมื่อเทียบกับปีก่อน",
        "ytd": "เมื่อเทียบกับช่วงเดียวกันของปีก่อน",
        "range": "เมื่อเทียบกับช่วงเดียวกันของปีก่อน",
    },
    no_earlier_data=" (ไม่มีข้อมูลช่วงก่อนหน้าให้เทียบ)",
    nothing_to_rank="ไม่มีข้อมูลรายสาขาให้จัดอันดับ",
    vs_last_month_label="เทียบเดือนก่อน",
    every_topic="ทุกหัวข้อ",
    unsubscribe_in_line='การยกเลิกการติดตามทำได้ในแชต LINE ของบริการ: พิมพ์ "ยกเลิกการติดตาม"',
    help=HELP,
    starter_suggestions=[
        ("MPI ล่าสุด", "ดัชนี MPI ล่าสุดเท่าไหร่"),
        ("กำลังการผลิตล่าสุด", "อัตราการใช้กำลังการผลิตล่าสุด"),
        ("สาขาที่โตสูงสุด", "สาขาไหนโตมากที่สุด"),
        ("ดูกราฟ MPI", "กราฟ MPI"),
        ("MPI คืออะไร", "MPI คืออะไร"),
    ],
    indicator_name=lambda terms: terms.display_th,
    asked_name=lambda terms: terms.asked_th,
    sector_phrase=lambda row: f"สาขา{row.name_th} (TSIC {row.code})",
    sector_short=lambda row: row.name_th.removeprefix("การผลิต"),
    card_subtitle=lambda sector: "ภาพรวม" if sector == "TOTAL" else f"TSIC {sector}",
    percent=lambda number: f"ร้อยละ {number}",
    period_label=lambda period: period.thai(),
    period_question=_period_question,
    short_month=lambda month: f"{THAI_MONTH_ABBR[month.month - 1]} {month.year_be % 100:02d}",
    span_label=_span_label,
    partial_average_note=lambda last: f"(มีข้อมูลถึง{last.thai()} จึงเฉลี่ยเฉพาะเดือนที่มีข้อมูล)",
    missing_period_note=lambda asked, latest: f"ยังไม่มีข้อมูล{asked} ข้อมูลล่าสุดคือ{latest.thai()}",
    compared_with=lambda label: f"เมื่อเทียบกับ{label}",
    understood_as=lambda understood: f"(เข้าใจว่า: {understood})\n",
    no_series=lambda name, where: f"ยังไม่มีข้อมูล{name} {where}",
    figure_lead=_figure_lead,
    figure_with_change=lambda lead, moved, versus, base_label, base_value: (
        f"{lead} {moved} {versus} ({base_label}: {base_value})"
    ),
    figure_suggestions=_figure_suggestions,
    capacity_suggestion=lambda when: ("กำลังการผลิต", f"อัตราการใช้กำลังการผลิต {when}"),
    ranking_head=_ranking_head,
    ranking_level_head=_ranking_level_head,
    ranking_suggestions=_ranking_suggestions,
    chart_summary=_chart_summary,
    sector_definition=lambda sector: (
        f"สาขา TSIC {sector.code}: {sector.name_th} ({sector.name_en}) มีน้ำหนักร้อยละ {sector.weight} ของดัชนีผลผลิตอุตสาหกรรม"
    ),
    sector_latest_suggestion=lambda subject: (f"{subject} ล่าสุด", f"{subject} ล่าสุด"),
    indicator_definition=_indicator_definition,
    definition_suggestions=lambda asked: [(f"{asked} ล่าสุด", f"{asked} ล่าสุด"), ("ดูกราฟ", f"กราฟ{asked}")],
    calendar_answer=_calendar_answer,
    calendar_suggestions=lambda asked: [("รับแจ้งเตือน", f"ติดตาม {asked}"), ("MPI ล่าสุด", "MPI ล่าสุด")],
    greeting=lambda latest: (
        "สวัสดีครับ ถามตัวเลขเศรษฐกิจอุตสาหกรรมได้เลย เช่น ดัชนีผลผลิตอุตสาหกรรม (MPI) "
        f"อัตราการใช้กำลังการผลิต รายสาขา ข้อมูลล่าสุดคือ{latest.thai()}"
    ),
    not_understood=_not_understood,
    overview_head=lambda subject, period, value, prelim: f"ภาพรวม {subject} {period}: อยู่ที่ {value}{prelim}",
    overview_changes=lambda yoy, mom: f"• เทียบเดือนเดียวกันของปีก่อน: {yoy}\n• เทียบเดือนก่อนหน้า: {mom}",
    overview_trend=lambda moved: f"• แนวโน้ม 3 เดือนล่าสุด (เฉลี่ยเทียบ 3 เดือนก่อนหน้า): {moved}",
    overview_movers=lambda up, down: (
        "• สาขาที่เพิ่มขึ้นมากที่สุด (เทียบปีก่อน): " + ", ".join(up) + "\n• สาขาที่ลดลงมากที่สุด (เทียบปีก่อน): " + ", ".join(down)
    ),
    why_premise=lambda wrong: f"ที่จริงไม่ได้{'เพิ่มขึ้น' if wrong == 'up' else 'ลดลง'}: " if wrong else "",
    why_head=lambda subject, period, moved, wrong: (
        (f"ที่จริงไม่ได้{'เพิ่มขึ้น' if wrong == 'up' else 'ลดลง'}: " if wrong else "")
        + f"{subject} {period} {moved} เมื่อเทียบกับเดือนเดียวกันของปีก่อน"
        + " สาขาที่มีผลต่อการเปลี่ยนแปลงมากที่สุด:"
    ),
    why_line=lambda sector, points: f"• {sector}: {points} จุด",
    why_note=(
        "ตัวเลขคือส่วนร่วม (contribution) ของแต่ละสาขา = น้ำหนักของสาขา × การเปลี่ยนแปลงของดัชนีสาขา"
        " เป็นการแจกแจงว่าการเปลี่ยนแปลงมาจากสาขาใด ไม่ได้บอกสาเหตุ"
    ),
    why_only_total=lambda subject: f"การแจกแจงส่วนร่วมรายสาขาทำได้เฉพาะดัชนีภาพรวม ด้านล่างคือการเปลี่ยนแปลงของ{subject}",
    not_published=lambda name, publisher, url: (
        f"บริการนี้ไม่ได้เผยแพร่ข้อมูล{name} ข้อมูลนี้เผยแพร่โดย{publisher}"
        + (f" ({url})" if url else "")
        + "\nที่นี่ตอบได้เรื่องดัชนีผลผลิตอุตสาหกรรม (MPI) ดัชนีการส่งสินค้า ดัชนีสินค้าสำเร็จรูปคงคลัง"
        " และอัตราการใช้กำลังการผลิต ทั้งภาพรวมและรายสาขา 22 สาขา จาก สศอ."
    ),
    division_not_published=lambda division: (
        f"สศอ. ไม่ได้เผยแพร่ดัชนีของ{division}แยกเป็นสาขา สอบถามภาพรวมอุตสาหกรรมการผลิต หรือ 22 สาขาที่ สศอ. เผยแพร่ได้ครับ"
    ),
    clarify_sales=lambda subject: (
        f"ขอถามก่อนนะครับ ต้องการตัวเลขใดของ{subject}: ดัชนีการส่งสินค้าที่ สศอ. เผยแพร่"
        " (สะท้อนปริมาณที่โรงงานส่งขาย เป็นดัชนี) หรือยอดขายเป็นจำนวนหน่วย ซึ่งหน่วยงานอื่นเผยแพร่ เลือกจากปุ่มด้านล่างได้เลย"
    ),
    clarify_sales_choices=lambda named, when: [
        ("ดัชนีการส่งสินค้า (สศอ.)", f"ดัชนีการส่งสินค้า{named} {when or 'ล่าสุด'}"),
        ("ยอดขายเป็นหน่วย (หน่วยงานอื่น)", " ".join(f"ยอดขาย{named}เป็นจำนวนหน่วย {when}".split())),
    ],
    clarify_intent="ขอถามก่อนนะครับ หมายถึงข้อใด เลือกจากปุ่มด้านล่างได้เลย",
    clarify_ours_or_other=(
        "สศอ. เผยแพร่ดัชนีผลผลิต ดัชนีการส่งสินค้า ดัชนีสินค้าคงเหลือ และอัตราการใช้กำลังการผลิต "
        "ถ้าหมายถึงดัชนีของ สศอ. กดปุ่มด้านล่างได้เลยครับ ส่วนมูลค่าส่งออก จำนวนโรงงาน การใช้ไฟฟ้า "
        "และยอดขายเป็นจำนวนหน่วย เป็นสถิติของหน่วยงานอื่น"
    ),
    subscribe_in_line=lambda topic: (
        f'การติดตาม ({topic}) ทำได้ในแชต LINE ของบริการ: พิมพ์ "ติดตาม {topic}" แล้วจะได้รับข้อความเมื่อมีข้อมูลใหม่'
    ),
    # --- dialogue ---
    welcome=WELCOME,
    privacy_notice=lambda days, url: (
        f"🔒 ความเป็นส่วนตัว: เราเก็บรหัสผู้ใช้ LINE ของคุณ หัวข้อที่ติดตาม และคำถามที่พิมพ์ ไว้ {days} วัน "
        "เพื่อตอบและปรับปรุงบริการ แล้วตัดส่วนที่ระบุตัวคุณออก ไม่เก็บชื่อหรือรูปโปรไฟล์ "
        f'พิมพ์ "ลบข้อมูลของฉัน" เพื่อลบทั้งหมดทันที อ่านประกาศฉบับเต็ม: {url}'
    ),
    data_deleted=DATA_DELETED,
    only_in_private_chat=ONLY_IN_PRIVATE_CHAT,
    unsupported=lambda kind: (
        f"ขอบคุณสำหรับ{MEDIA_NAMES.get(kind, 'ข้อความ')}ครับ 😊 ตอนนี้บอทตอบได้เฉพาะคำถามที่พิมพ์เป็นข้อความ "
        'เช่น "ดัชนี MPI ล่าสุดเท่าไหร่" หรือเลือกจากปุ่มด้านล่าง'
    ),
    topic_everything="ข่าวทุกเดือน (ทุกหัวข้อ)",
    topic_indicator=lambda asked: asked,
    topic_sector=lambda sector: f"สาขา{sector.name_th.removeprefix('การผลิต')}",
    subscribed=_subscribed,
    unsubscribed_all=lambda removed: "ยกเลิกการติดตามทั้งหมดแล้ว" if removed else "คุณยังไม่ได้ติดตามหัวข้อใด",
    unsubscribed=lambda name, removed: f"ยกเลิกการติดตาม{name}แล้ว" if removed else f"คุณไม่ได้ติดตาม{name}",
    no_subscriptions='ยังไม่ได้ติดตามหัวข้อใด พิมพ์ "ติดตาม MPI" หรือ "รับข่าวทุกเดือน"',
    subscriptions=lambda names: "หัวข้อที่ติดตามอยู่:\n" + "\n".join(f"• {name}" for name in names),
    subscribe_all_button=("รับข่าวทุกเดือน", "รับข่าวทุกเดือน"),
    list_subscriptions_button=("ติดตามอะไรอยู่บ้าง", "ติดตามอะไรอยู่บ้าง"),
    unsubscribe_all_button=("ยกเลิกทั้งหมด", "ยกเลิกการติดตามทั้งหมด"),
    after_subscription_suggestions=[("MPI ล่าสุด", "MPI ล่าสุด")],
    chart_label="ดูกราฟ",
    menu_bar="เมนู สศอ.",
    menu_items={
        "latest": ("ตัวเลขล่าสุด", "MPI และรายสาขา", "MPI ล่าสุด"),
        "chart": ("กราฟ", "ย้อนหลัง 12 เดือน", "กราฟ MPI ย้อนหลัง 12 เดือน"),
        "ranking": ("อันดับสาขา", "โตมาก-หดตัวมาก", "สาขาไหนโตมากที่สุด"),
        "subscribe": ("รับข่าวสาร", "แจ้งเมื่อออกตัวเลข", "ติดตามข่าวทุกเรื่อง"),
        "calendar": ("ปฏิทินเผยแพร่", "ตัวเลขออกวันไหน", "MPI เดือนหน้าออกวันไหน"),
        "help": ("วิธีใช้", "ถามอะไรได้บ้าง", "วิธีใช้"),
        "site": ("เว็บไซต์", "ข้อมูลและดาวน์โหลด", ""),
        "language": ("English", "Menu in English", ""),
    },
)
