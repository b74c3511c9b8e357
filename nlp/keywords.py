"""Keyword lists of the question parser: which words signal which intent,
and which words are never names. Normalized, lower case. Kept apart from the
parser so the lists can be read and extended without reading the rules."""

from __future__ import annotations

import re

UNSUBSCRIBE_WORDS = (
    "ยกเลิกการติดตาม",
    "ยกเลิกติดตาม",
    "เลิกรับ",
    "ไม่เอาข่าว",
    "เลิกติดตาม",
    "ยกเลิกการแจ้งเตือน",
    "ยกเลิกการรับข่าว",
    "ยกเลิกรับข่าว",
    "ไม่รับข่าว",
    "ไม่ต้องแจ้ง",
    "ไม่รับแจ้งเตือน",
    "หยุดแจ้งเตือน",
    "หยุดส่ง",
    "ไม่ต้องส่ง",
    "unsubscribe",
    "stop notif",
    "stop sending",
    "unfollow",
)
# Asking what one follows is not a new subscription: "ติดตามอะไรอยู่บ้าง", "my subscriptions".
LIST_SUBSCRIPTIONS_WORDS = (
    "ติดตามอะไร",
    "รายการติดตาม",
    "ติดตามอยู่",
    "การติดตามของฉัน",
    "subscribed to",
    "my subscriptions",
)
# Opting out without the word ยกเลิก: a negation, then (within a few words) sending or following.
OPT_OUT_PATTERNS = (
    re.compile(r"(?:ไม่ต้อง|ไม่อยาก|ไม่เอา|อย่า|เลิก|หยุด|พอแล้ว)\s*(?:\S{0,12}?)\s*(?:ส่ง|ติดตาม|รับข่าว|ข้อความ|ได้ข่าว|แจ้ง|เตือน)"),
    re.compile(r"ไม่(?:ติดตาม|รับ)\S{0,6}แล้ว"),
    re.compile(
        r"\b(?:stop|don'?t|do not|no more|quit|cancel|opt[ -]?out)\b.{0,30}"
        r"\b(?:send|sending|messag|notif|subscri|follow|alert|news|update)",
    ),
    re.compile(r"\b(?:don'?t|do not) want (?:these|your|the|any) (?:messag|notif|news|update|alert)"),
)
# Every opt-out pattern names what is stopped with one of these: no such word, no pattern to run.
OPT_OUT_OBJECT_WORDS = (
    "ส่ง", "ติดตาม", "รับ", "ข่าว", "ข้อความ", "แจ้ง", "เตือน",
    "send", "messag", "notif", "subscri", "follow", "alert", "news", "update",
)  # fmt: skip
OPT_OUT_MESSAGES = frozenset({"stop", "พอแล้ว", "พอ", "หยุด", "opt out", "opt-out", "unsubscribe me", "no more"})
SUBSCRIBE_WORDS = (
    "ติดตาม",
    "สมัครรับ",
    "รับข่าว",
    "แจ้งเตือน",
    "แจ้งด้วย",
    "ส่งข่าว",
    "subscribe",
    "follow",
    "notify me",
    "alert me",
    "send me",
    "monthly updates",
    "keep me updated",
    "keep me posted",
    "updates on",
    "sign me up",
)
# Sending and recurring together ("ส่งตัวเลขมาทุกเดือน", "email me the figures monthly") ask to subscribe.
SEND_WORDS = ("ส่งมา", "ส่งให้", "ส่งทาง", "send", "email me", "mail me", "อีเมลมา", "ไลน์มา")
RECURRING_WORDS = ("ทุกเดือน", "รายเดือน", "ทุกครั้ง", "every month", "monthly", "each month", "every release")
HELP_WORDS = (
    "ช่วยเหลือ", "วิธีใช้", "ใช้ไม่เป็น", "ถามได้บ้าง", "อะไรได้บ้าง", "ข้อมูลอะไรบ้าง", "มีอะไรบ้าง", "ทำอะไรได้",
    "ใช้งานยังไง", "ใช้งานอย่างไร", "ใช้ยังไง", "ทำอะไรได้บ้าง", "ทำอะไรได้", "ถามอะไรได้บ้าง", "ถามอะไรได้", "เมนู",
    "help", "menu", "how to use", "what can you do", "how do i use", "how to use this", "how does this work",
    "how does it work", "what is this bot", "what can i ask", "commands",
    "ไม่เข้าใจ",
)  # fmt: skip
CALENDAR_WORDS = (
    "ออกเมื่อไหร่",
    "ออกเมื่อไร",
    "ออกวันไหน",
    "ออกวันที่เท่าไหร่",
    "ประกาศเมื่อไหร่",
    "ประกาศเมื่อไร",
    "ประกาศวันไหน",
    "เผยแพร่เมื่อไหร่",
    "เผยแพร่เมื่อไร",
    "เผยแพร่วันไหน",
    "จะออก",
    "จะประกาศ",
    "กำหนดการ",
    "ปฏิทิน",
    "ประกาศวัน",
    "ออกวัน",
    "ออกหรือยัง",
    "ออกยัง",
    "มาหรือยัง",
    "เดือนหน้า",
    "next month",
    "ออกกี่โมง",
    "เวลากี่โมง",
    "what time",
    "released yet",
    "out yet",
    "วันประกาศ",
    "วันเผยแพร่",
    "เวลาประกาศ",
    "เวลาเผยแพร่",
    "วันที่ประกาศ",
    "วันที่เผยแพร่",
    "ประกาศตอนไหน",
    "ข้อมูลใหม่มาเมื่อไหร่",
    "อัปเดตเมื่อไหร่",
    "อัพเดทเมื่อไหร่",
    "next release",
    "release date",
    "release calendar",
    "when is the next",
    "when will",
    "when does",
    "when do",
    "be released",
    "be published",
    "published next",
    "next update",
)
# How two things differ ("MPI ต่างจาก GDP ยังไง"): a definition, even beside another agency's statistic.
DIFFERENCE_WORDS = ("ต่างจาก", "ต่างกันยังไง", "ต่างกันอย่างไร", "แตกต่าง", "difference between", "different from")
DEFINITION_WORDS = (
    "คืออะไร",
    "คือ อะไร",
    "หมายถึงอะไร",
    "หมายถึง",
    "หมายความว่า",
    "อธิบาย",
    "ย่อมาจาก",
    "stands for",
    "stand for",
    "แปลว่าอะไร",
    "ความหมาย",
    "นิยาม",
    "คำนวณยังไง",
    "คำนวณอย่างไร",
    "คำนวณจาก",
    "วิธีคำนวณ",
    "คิดยังไง",
    "คิดอย่างไร",
    "คิดจาก",
    "บอกอะไร",
    "สะท้อนอะไร",
    "tell us",
    "tells us",
    "วัดอะไร",
    "ใช้วัด",
    "what is",
    "what's",
    "what are",
    "what does",
    "meaning of",
    "definition",
    "define",
    "computed",
    "measured",
    "calculated",
    "explain",
    *DIFFERENCE_WORDS,
)
CHART_WORDS = (
    "กราฟ", "แผนภูมิ", "แผนภาพ", "ชาร์ต", "แนวโน้ม", "chart", "graph", "plot", "trend", "visual",
    # A run of months ("ลดลงต่อเนื่องไหม", "in a row"): the chart shows how long it has lasted.
    "ต่อเนื่อง", "ติดต่อกัน", "in a row", "consecutive", "straight months",
    # Each month of a span, rather than one figure for it.
    "เป็นรายเดือน", "แยกรายเดือน", "month by month", "monthly breakdown", "เป็นภาพ", "📈", "📉", "📊",
)  # fmt: skip
# Asking which sector: a ranking, however the rest is worded ("which industry is doing worst").
WHICH_SECTOR_WORDS = (
    "สาขาไหน", "สาขาใด", "อุตสาหกรรมไหน", "อุตสาหกรรมใด", "กลุ่มไหน", "หมวดไหน", "สาขาอะไร", "อุตสาหกรรมอะไร",
    "กลุ่มอะไร", "สินค้าอะไร", "สินค้าไหน", "which sector", "which industr", "what industr", "what sector",
    "which product", "what product", "โรงงานไหน", "โรงงานอะไร", "which factor", "which plants",
)  # fmt: skip
# "สาขาที่ติดลบมีอะไรบ้าง": with a word of moving, which ones moved (a ranking), not what the bot offers.
WHICH_ONES_WORDS = ("มีอะไรบ้าง", "อะไรบ้าง", "ไหนบ้าง", "ใดบ้าง", "which ones")
RANKING_WORDS = (
    *WHICH_SECTOR_WORDS,
    "อันดับ",
    "จัดอันดับ",
    "มากที่สุด",
    "มากสุด",
    "ที่สุด",
    "แรงสุด",
    "สูงที่สุด",
    "สูงสุด",
    "ต่ำที่สุด",
    "ต่ำสุด",
    "น้อยที่สุด",
    "แย่ที่สุด",
    "ดีที่สุด",
    "รายสาขา",
    "ทุกสาขา",
    "แต่ละสาขา",
    "เยอะสุด", "หนักสุด", "ใกล้เต็มกำลัง", "closest to full", "nearest to full", "ranking", "rank", "top", "bottom",
    "best", "worst", "fastest", "biggest", "largest", "most", "by sector", "each sector", "all sectors",
)  # fmt: skip
# The top of a ranking named without a word of rising ("which sectors are doing best").
TOP_WORDS = ("ดีที่สุด", "ดีสุด", "มาแรง", "best", "strongest", "fastest")
BOTTOM_WORDS = (
    "ลดลง",
    "หดตัว",
    "ติดลบ",
    "ลดลงมาก",
    "หดตัวมาก",
    "ติดลบมาก",
    "ต่ำที่สุด",
    "ต่ำสุด",
    "น้อยที่สุด",
    "แย่ที่สุด",
    "ร่วงมาก",
    "fell most",
    "fell the most",
    "declined most",
    "declined the most",
    "decreased most",
    "dropped most",
    "worst",
    "bottom",
    "lowest",
    "shrank",
    "weakest",
    "น้อยสุด",
)
CHANGE_WORDS = (
    "เพิ่มขึ้น",
    "เพิ่ม",
    "ลดลง",
    "เปลี่ยนแปลง",
    "ขยายตัว",
    "หดตัว",
    "เติบโต",
    "เทียบ",
    "ขึ้นหรือลง",
    "ขึ้นหรือเปล่า",
    "ขึ้นไหม",
    "ลงไหม",
    "ดีขึ้น",
    "แย่ลง",
    "ฟื้นตัว",
    "ติดลบ",
    "น้อยลง",
    "มากขึ้น",
    "สูงขึ้น",
    "ต่ำลง",
    "change",
    "growth",
    "grow",
    "grew",
    "increase",
    "decrease",
    "rise",
    "rising",
    "rose",
    "fall",
    "fell",
    "drop",
    "up or down",
    "contraction",
    "contracting",
    "expansion",
    "expanding",
    "compare",
    "vs",
    "versus",
)
# "How many percent": a change, except of capacity utilization, which is itself a percentage.
PERCENT_WORDS = ("กี่เปอร์เซ็นต์", "กี่เปอร์เซนต์", "เปอร์เซ็นต์", "กี่%", "%", "ร้อยละเท่าไหร่", "percent")
GREETING_WORDS = (
    "สวัสดี", "หวัดดี", "ดีครับ", "ดีค่ะ", "ดีจ้า", "hello", "hi", "hey", "good morning", "good afternoon",
    "good evening", "greetings", "ขอบคุณ", "ขอบใจ", "thank", "เก่งมาก", "เยี่ยมมาก", "cheers", "thx",
)  # fmt: skip
# Open questions about how things are going: an overview of the latest figures.
OVERVIEW_WORDS = (
    "เป็นยังไงบ้าง", "เป็นอย่างไรบ้าง", "เป็นไงบ้าง", "เป็นยังไง", "เป็นอย่างไร", "ไปได้ดีไหม", "ไปได้สวย",
    "คึกคัก", "ซบเซา", "เงียบเหงา",  # lively / sluggish: how business is going
    "สถานการณ์", "ภาพรวม", "สรุปภาวะ", "ภาวะอุตสาหกรรม", "ชะลอตัวหรือยัง", "ฟื้นตัวหรือยัง", "ฟื้นหรือยัง",
    "doing", "performance", "what's happening", "overview", "how's the", "how are things", "situation", "summary",
    "bottomed out", "bottoming out", "recovering", "recovered yet", "slowing down", "outlook", "ถดถอย",
    "recession", "ปีหน้า", "คาดการณ์", "next year", "forecast", "ดีหรือแย่", "ดีหรือไม่ดี", "how bad", "how good",
    "good or bad", "bad or good", "is that good", "is it good", "is this good", "is that bad", "น่าสนใจ",
    "highlights", "ไฮไลท์", "ไฮไลต์", "anything interesting",
    "สรุปข่าว", "สรุปตัวเลข", "ช่วงนี้ดีไหม", "ตอนนี้ดีไหม", "busy", "ซบไหม", "ซบมั้ย",
)  # fmt: skip
# With these the question asks what a thing is, not how it is going.
DEFINITION_ONLY_WORDS = ("คืออะไร", "หมายถึง", "คำนวณ", "calculated", "computed", "mean", "stand for", *DIFFERENCE_WORDS)
WHY_WORDS = (
    "ทำไม",
    "ส่วนร่วม",
    "contributed",
    "เพราะอะไร",
    "สาเหตุ",
    "ปัจจัย",
    "มาจากสาขาไหน",
    "เพราะสาขาไหน",
    "อะไรทำให้",
    "ฉุด",  # dragged down / pushed up: asking what moved it
    "ดันให้",
    "why",
    "what caused",
    "what drove",
    "what pulled",
    "what pushed",
    "what's behind",
    "what is behind",
    "reason for",
    "drivers",
    "driving",
    "เหตุผล",
    "dragged",
    "weighed on",
)
FALL_WORDS = (
    "ลดลง", "ลด", "หดตัว", "ติดลบ", "ร่วง", "ตก", "แย่ลง", "ดิ่ง", "ทรุด", "ถดถอย", "ซบเซา", "fall", "fell", "drop",
    "declin", "decreas", "down", "shrink", "shrank", "slump", "contract", "weak",
)  # fmt: skip
RISE_WORDS = ("เพิ่มขึ้น", "เพิ่ม", "ขยายตัว", "โต", "ขึ้น", "ดีขึ้น", "rise", "rising", "rose", "grow", "grew", "increas", "up")
# Questions about things this service has no data on.
# (Named statistics of other agencies are recognized first, by nlp.other_statistics.)
OUT_OF_DOMAIN_WORDS = ("ราคา", "อากาศ", "price", "สูตรอาหาร", "สูตรต้ม", "สูตรแกง", "วิธีทำอาหาร", "recipe")
# "ยอดขายรถยนต์": our shipment index, or cars sold (another agency's count)? Asked back unless an index is named.
SALES_WORDS = ("ยอดขาย", "ขายได้", "ยอดจำหน่าย", "จำหน่ายได้", "ขายดี", "sales", "sold", "selling")
INDEX_WORDS = ("ดัชนี", "index", "shipment", "การส่งสินค้า", "mpi", "เอ็มพีไอ")
GREETING_MESSAGES = frozenset({"ดี", "ดีจ้า", "yo"})
# Short words that are only meant as whole tokens: "โต" (grow) is also inside ปิโตรเลียม.
CHANGE_TOKENS = frozenset({"โต", "บวก", "ขึ้น", "ลง", "ลด"})
HELP_MESSAGES = frozenset({"ช่วย", "?", "??", "h", "เริ่ม", "start"})
ENGLISH_WORD_KEYWORDS = frozenset(
    {"hi", "hey", "top", "bottom", "rank", "most", "best", "vs", "fall", "rise", "grow", "sold", "sales", "selling"}
)

# Words that appear in domain questions but are not names: kept out of fuzzy matching.
QUESTION_WORDS = (
    "เท่าไหร่",
    "เท่าไร",
    "เท่าใด",
    "อยู่ที่",
    "ล่าสุด",
    "เดือน",
    "ปีก่อน",
    "ไตรมาส",
    "เทียบ",
    "ดัชนี",
    "ขอดู",
    "อยากรู้",
)

# Names too general to beat a specific one named in the same message:
# "ดัชนีสต็อกสินค้า" is about inventories, "อุตสาหกรรมการผลิตรถยนต์" about vehicles.
GENERAL_NAMES = frozenset({"ดัชนี", "manufacturing"})  # an indicator only when no other is named


# Words of questions that are never part of a name; no typo search around them.
STOP_WORDS = frozenset(
    {
        "เดือน", "นี้", "ล่าสุด", "เท่าไหร่", "เท่าไร", "เท่าใด", "ดัชนี", "ขอ", "ดู", "อยาก", "รู้", "ทราบ",
        "ของ", "ที่", "ใน", "และ", "กับ", "ปี", "ไตรมาส", "ค่า", "อยู่", "เป็น", "ยังไง", "ไง", "บ้าง",
        "ไหม", "มั้ย", "หรือ", "เปล่า", "ครับ", "ค่ะ", "คะ", "หน่อย", "ด้วย", "ตัวเลข", "ข้อมูล", "ช่วย",
        "บอก", "เทียบ", "ก่อน", "แล้ว", "ปัจจุบัน", "ตอนนี้", "อุตสาหกรรม", "ภาค", "สาขา", "the", "of",
        "in", "for", "what", "is", "latest", "month", "index", "and", "how", "much", "did", "was",
    }
)  # fmt: skip
