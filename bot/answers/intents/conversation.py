"""The parts of a conversation that are not about a figure: greeting, help,
questions not understood, and subscriptions asked about outside the chat."""

from __future__ import annotations

from bot.answers.compose import Composition, answers, starter_suggestions, suggestions
from bot.answers.model import Answer
from bot.replies import Suggestion
from nlp.data_words import CONTACT_WORDS, DATA_ACCESS_WORDS
from nlp.gazetteer import UNPUBLISHED_DIVISIONS
from nlp.intents import choice
from nlp.keyword_hits import has
from nlp.normalize import is_thai
from nlp.other_statistics import BY_CODE, NATIONAL_ONLY, without_other_statistics
from nlp.parser import parse
from nlp.vocabulary import SECTOR_TERMS, TOTAL

OIE_SITE = "https://www.oie.go.th"


@answers("greeting")
def answer_greeting(c: Composition) -> Answer:
    latest = c.snapshot.latest
    assert latest is not None
    greeting = c.say(
        "Hello! Ask me about Thailand's industrial indicators: the MPI, capacity utilization, "
        "shipments and inventories, in total or by sector. The latest month is %(latest)s.",
        latest=c.said.month(latest),
    )
    return c.finish(greeting, starter_suggestions(c.language))


@answers("help")
def answer_help(c: Composition) -> Answer:
    text = c.say(
        "Ask in Thai or English, for example:\n"
        "• latest MPI\n"
        "• capacity utilization of cars in Q3 2026\n"
        "• MPI year to date\n"
        "• which sectors grew the most\n"
        "• chart of MPI last 12 months\n"
        "• what is MPI?\n"
        "• alert me when the auto MPI falls more than 5%"
    )
    if c.site_url:
        downloads = c.say(
            "Every series can be downloaded (Excel, CSV) at %(pages)s, and read by programs through the open"
            " data API: %(api)s",
            pages=c.site_url + "/indicators",
            api=c.site_url + "/api/v1/",
        )
        # Asked where to get the data: that comes first.
        text = f"{downloads}\n\n{text}" if has(c.frame.frame.text, DATA_ACCESS_WORDS) else f"{text}\n{downloads}"
    if has(c.frame.frame.text, CONTACT_WORDS):
        about = c.say(
            "This is the LINE service of the Office of Industrial Economics (OIE), Ministry of Industry."
            " OIE's contacts are on its website: %(site)s",
            site=OIE_SITE,
        )
        text = f"{about}\n\n{text}"
    return c.finish(text, starter_suggestions(c.language))


@answers("unknown")
def answer_unknown(c: Composition) -> Answer:
    frame = c.frame.frame
    understood = []
    if frame.indicator:
        understood.append(c.indicator_name(frame.indicator))
    if frame.sector and frame.sector != TOTAL:
        understood.append(c.sector_phrase(frame.sector))
    if understood:
        text = c.say(
            "Sorry, I did not understand that (it seems to be about %(understood)s). "
            'Try a question about the indicators, such as "latest MPI", or pick one below.',
            understood=", ".join(understood),
        )
    else:
        text = c.say(
            'Sorry, I did not understand that. Try a question about the indicators, such as "latest MPI", '
            "or pick one below."
        )
    return c.finish(text, starter_suggestions(c.language))


@answers("other_statistic")
def answer_other_statistic(c: Composition) -> Answer:
    """Something another agency publishes: say so, and who; never a figure of ours."""
    statistic = BY_CODE.get(c.frame.frame.other_statistic or "")
    if statistic is None:
        return answer_unknown(c)
    named = {"name": c.said.local(statistic, "name"), "publisher": c.said.local(statistic, "publisher")}
    if statistic.url:
        who = c.say("This service does not publish %(name)s; %(publisher)s does (%(url)s).", url=statistic.url, **named)
    else:
        who = c.say("This service does not publish %(name)s; %(publisher)s does.", **named)
    if statistic.code in NATIONAL_ONLY:
        # Our indices are national: the national figure is offered as a button, never put in this text.
        ours = c.say("OIE's indices are for the whole country. Tap below for the national figure.")
        national = _national_figure(c)
        others = [offered for offered in starter_suggestions(c.language) if offered.text != national.text]
        return c.finish(f"{who}\n{ours}", [national, *others])
    ours = c.say(
        "Here you can ask about OIE's Manufacturing Production Index (MPI), shipments, finished-goods"
        " inventories and capacity utilization, in total and for 22 manufacturing sectors."
    )
    return c.finish(f"{who}\n{ours}", starter_suggestions(c.language))


def _national_figure(c: Composition) -> Suggestion:
    """The question without its region, asked of the whole country."""
    national = parse(without_other_statistics(c.frame.frame.text))
    words = [c.asked_name(national.indicator or "MPI")]
    if national.sector and national.sector != TOTAL:
        words.append(spoken_name(national.sector, c.language))
    _, question = choice("value", c.language, " ".join(words), "")
    return suggestions([(c.say("Whole country"), question)])[0]


def answer_division_not_published(c: Composition) -> Answer:
    """A division OIE publishes no index for (printing): say so, and offer the total; never the total's
    figure as if it were the division's."""
    name_th, name_en = UNPUBLISHED_DIVISIONS[c.frame.sector or ""]
    indicator = c.frame.indicator or "MPI"
    total = choice("value", c.language, c.asked_name(indicator), c.frame.frame.period_words)
    text = c.say(
        "OIE does not publish a separate index for %(division)s. You can ask about total manufacturing,"
        " or about one of the 22 sectors OIE publishes.",
        division=name_th if c.said.thai else name_en,
    )
    return c.finish(text, [*suggestions([total]), *starter_suggestions(c.language)[:2]])


@answers("clarify")
def answer_clarify(c: Composition) -> Answer:
    """Not sure which figure is meant: ask, with the choices as buttons; no figure until then."""
    if c.frame.frame.clarify == "intent":
        return _answer_which_reading(c)
    sector = c.frame.sector if c.frame.sector and c.frame.sector != TOTAL else None
    subject = c.sector_phrase(sector) if sector else c.say("total manufacturing")
    named = spoken_name(sector, c.language) if sector else ""
    when = c.frame.frame.period_words
    ours = c.say("shipment index %(named)s %(when)s", named=named, when=when or c.say("latest"))
    units = c.say("%(named)s units sold %(when)s", named=named, when=when)
    choices = [
        (c.say("OIE shipment index"), " ".join(ours.split())),
        (c.say("Units sold (others)"), " ".join(units.split())),
    ]
    text = c.say(
        "Which figure of %(subject)s do you mean: OIE's shipment index (what factories ship, as an index),"
        " or sales in units, which other agencies publish? Pick one below.",
        subject=subject,
    )
    return c.finish(text, suggestions(choices))


def _answer_which_reading(c: Composition) -> Answer:
    """The question could mean more than one thing: each reading as a button that asks it plainly."""
    named = c.frame.frame
    words = [c.asked_name(named.indicator)] if named.indicator else []
    if named.sector and named.sector != TOTAL:
        words.append(spoken_name(named.sector, c.language))
    topic = " ".join(words)
    offered = [intent for intent in named.alternatives if intent != "other_statistic"]
    choices = [choice(intent, c.language, topic, named.period_words) for intent in offered]
    # Perhaps another agency's statistic: say so beside the button for ours.
    if "other_statistic" in named.alternatives:
        text = c.say(
            "We publish production, shipment and inventory indices and capacity utilization. If you mean our"
            " index, tap below. Export values, numbers of factories, electricity use and units sold come from"
            " other agencies."
        )
    else:
        text = c.say("Which do you mean? Pick one below.")
    return c.finish(text, suggestions(choices))


def spoken_name(sector: str, language: str) -> str:
    """What people call a division, short enough for a button's question ("ยา", "cars")."""
    aliases = SECTOR_TERMS[sector].aliases
    wanted = [alias for alias in aliases if is_thai(alias) == (language == "th")]
    return wanted[0] if wanted else aliases[0]


def _topic_text(c: Composition) -> str:
    parts = []
    if c.frame.indicator:
        parts.append(c.asked_name(c.frame.indicator))
    if c.frame.sector and c.frame.sector != TOTAL:
        parts.append(c.sector_short(c.frame.sector))
    return " ".join(parts) if parts else c.say("all releases")


@answers("subscribe")
def answer_subscribe(c: Composition) -> Answer:
    text = c.say(
        'Subscriptions (%(topic)s) work in the service\'s LINE chat: send "subscribe %(topic)s" there.',
        topic=_topic_text(c),
    )
    return c.finish(text, starter_suggestions(c.language))


@answers("unsubscribe")
def answer_unsubscribe(c: Composition) -> Answer:
    text = c.say('Unsubscribing works in the service\'s LINE chat: send "unsubscribe" there.')
    return c.finish(text, starter_suggestions(c.language))


@answers("alert")
def answer_alert(c: Composition) -> Answer:
    """Outside a one-to-one chat (a group, the console's simulator without a user) an alert has nowhere to go."""
    text = c.say("Alerts are set in a one-to-one chat with this account.")
    return c.finish(text, starter_suggestions(c.language))


# The Thai of this module's messages, beside them; bot/catalog/thai.py collects it.
THAI: dict[str, str] = {
    "Hello! Ask me about Thailand's industrial indicators: the MPI, capacity utilization, shipments and inventories, in total or by sector. The latest month is %(latest)s.": "สวัสดีครับ ถามตัวเลขเศรษฐกิจอุตสาหกรรมได้เลย เช่น ดัชนีผลผลิตอุตสาหกรรม (MPI) อัตราการใช้กำลังการผลิต รายสาขา ข้อมูลล่าสุดคือ%(latest)s",
    "Ask in Thai or English, for example:\n• latest MPI\n• capacity utilization of cars in Q3 2026\n• MPI year to date\n• which sectors grew the most\n• chart of MPI last 12 months\n• what is MPI?\n• alert me when the auto MPI falls more than 5%": "ถามได้ทั้งภาษาไทยและอังกฤษ เช่น\n• ดัชนี MPI ล่าสุดเท่าไหร่\n• กำลังการผลิตยานยนต์ ก.ย. 69 เทียบปีก่อน\n• MPI ไตรมาส 3/2569 / 9 เดือนแรก\n• สาขาไหนโตมากที่สุด\n• กราฟ MPI ย้อนหลัง 12 เดือน\n• MPI คืออะไร\n• ติดตาม MPI (รับแจ้งเตือนเมื่อมีข้อมูลใหม่)\n• แจ้งเตือนเมื่อ MPI ยานยนต์ลดลงเกิน 5%",
    'Sorry, I did not understand that (it seems to be about %(understood)s). Try a question about the indicators, such as "latest MPI", or pick one below.': 'ขออภัย ยังไม่เข้าใจคำถามนี้ (เข้าใจว่าเกี่ยวกับ %(understood)s) ลองถามเรื่องดัชนีอุตสาหกรรม เช่น "ดัชนี MPI ล่าสุดเท่าไหร่" หรือเลือกจากเมนูด้านล่าง',
    'Sorry, I did not understand that. Try a question about the indicators, such as "latest MPI", or pick one below.': 'ขออภัย ยังไม่เข้าใจคำถามนี้ ลองถามเรื่องดัชนีอุตสาหกรรม เช่น "ดัชนี MPI ล่าสุดเท่าไหร่" หรือเลือกจากเมนูด้านล่าง',
    "OIE's indices are for the whole country. Tap below for the national figure.": "ดัชนีของ สศอ. เป็นตัวเลขทั้งประเทศ กดปุ่มด้านล่างเพื่อดูตัวเลขทั้งประเทศ",
    "Whole country": "ทั้งประเทศ",
    "This is the LINE service of the Office of Industrial Economics (OIE), Ministry of Industry. OIE's contacts are on its website: %(site)s": "บริการนี้เป็นบริการข้อมูลทาง LINE ของสำนักงานเศรษฐกิจอุตสาหกรรม (สศอ.) กระทรวงอุตสาหกรรม ช่องทางติดต่อ สศอ. อยู่บนเว็บไซต์ %(site)s",
    "Every series can be downloaded (Excel, CSV) at %(pages)s, and read by programs through the open data API: %(api)s": "ดาวน์โหลดข้อมูลทุกชุด (Excel, CSV) ได้ที่ %(pages)s และดึงข้อมูลด้วยโปรแกรมผ่าน API ข้อมูลเปิด: %(api)s",
    "This service does not publish %(name)s; %(publisher)s does (%(url)s).": "บริการนี้ไม่ได้เผยแพร่ข้อมูล%(name)s ข้อมูลนี้เผยแพร่โดย%(publisher)s (%(url)s)",
    "This service does not publish %(name)s; %(publisher)s does.": "บริการนี้ไม่ได้เผยแพร่ข้อมูล%(name)s ข้อมูลนี้เผยแพร่โดย%(publisher)s",
    "Here you can ask about OIE's Manufacturing Production Index (MPI), shipments, finished-goods inventories and capacity utilization, in total and for 22 manufacturing sectors.": "ที่นี่ตอบได้เรื่องดัชนีผลผลิตอุตสาหกรรม (MPI) ดัชนีการส่งสินค้า ดัชนีสินค้าสำเร็จรูปคงคลัง และอัตราการใช้กำลังการผลิต ทั้งภาพรวมและรายสาขา 22 สาขา จาก สศอ.",
    "OIE does not publish a separate index for %(division)s. You can ask about total manufacturing, or about one of the 22 sectors OIE publishes.": "สศอ. ไม่ได้เผยแพร่ดัชนีของ%(division)sแยกเป็นสาขา สอบถามภาพรวมอุตสาหกรรมการผลิต หรือ 22 สาขาที่ สศอ. เผยแพร่ได้ครับ",
    "latest": "ล่าสุด",
    "shipment index %(named)s %(when)s": "ดัชนีการส่งสินค้า%(named)s %(when)s",
    "%(named)s units sold %(when)s": "ยอดขาย%(named)sเป็นจำนวนหน่วย %(when)s",
    "OIE shipment index": "ดัชนีการส่งสินค้า (สศอ.)",
    "Units sold (others)": "ยอดขายเป็นหน่วย (หน่วยงานอื่น)",
    "Which figure of %(subject)s do you mean: OIE's shipment index (what factories ship, as an index), or sales in units, which other agencies publish? Pick one below.": "ขอถามก่อนนะครับ ต้องการตัวเลขใดของ%(subject)s: ดัชนีการส่งสินค้าที่ สศอ. เผยแพร่ (สะท้อนปริมาณที่โรงงานส่งขาย เป็นดัชนี) หรือยอดขายเป็นจำนวนหน่วย ซึ่งหน่วยงานอื่นเผยแพร่ เลือกจากปุ่มด้านล่างได้เลย",
    "We publish production, shipment and inventory indices and capacity utilization. If you mean our index, tap below. Export values, numbers of factories, electricity use and units sold come from other agencies.": "สศอ. เผยแพร่ดัชนีผลผลิต ดัชนีการส่งสินค้า ดัชนีสินค้าคงเหลือ และอัตราการใช้กำลังการผลิต ถ้าหมายถึงดัชนีของ สศอ. กดปุ่มด้านล่างได้เลยครับ ส่วนมูลค่าส่งออก จำนวนโรงงาน การใช้ไฟฟ้า และยอดขายเป็นจำนวนหน่วย เป็นสถิติของหน่วยงานอื่น",
    "Which do you mean? Pick one below.": "ขอถามก่อนนะครับ หมายถึงข้อใด เลือกจากปุ่มด้านล่างได้เลย",
    "all releases": "ทุกหัวข้อ",
    'Subscriptions (%(topic)s) work in the service\'s LINE chat: send "subscribe %(topic)s" there.': 'การติดตาม (%(topic)s) ทำได้ในแชต LINE ของบริการ: พิมพ์ "ติดตาม %(topic)s" แล้วจะได้รับข้อความเมื่อมีข้อมูลใหม่',
    'Unsubscribing works in the service\'s LINE chat: send "unsubscribe" there.': 'การยกเลิกการติดตามทำได้ในแชต LINE ของบริการ: พิมพ์ "ยกเลิกการติดตาม"',
}
