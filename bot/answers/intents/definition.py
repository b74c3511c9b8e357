"""What an indicator means (unit, definition, comparisons), or what a TSIC
division is and how much it weighs in the MPI."""

from __future__ import annotations

from bot.answers.compose import Composition, answers, suggestions
from bot.answers.model import Answer
from nlp.data_words import WEIGHT_WORDS
from nlp.vocabulary import TOTAL


@answers("definition")
def answer_definition(c: Composition) -> Answer:
    frame, said = c.frame, c.said
    # A division named alone, or its weight asked ("น้ำหนักของอาหารใน MPI"): the division.
    asks_weight = any(word in frame.frame.text for word in WEIGHT_WORDS)
    weight_of_a_division = frame.sector not in (None, TOTAL) and asks_weight
    if frame.sector is not None and (frame.indicator is None or weight_of_a_division):
        sector = c.snapshot.sectors[frame.sector]
        subject = c.sector_short(sector.code)
        text = c.say(
            "TSIC division %(code)s: %(name)s, weighing %(weight)s%% of the MPI.",
            code=sector.code,
            name=said.local(sector, "name"),
            name_en=sector.name_en,  # the Thai gives the English name too
            weight=sector.weight,
        )
        latest = c.say("%(subject)s latest", subject=subject)
        return c.finish(text, suggestions([(latest, latest)]))
    indicator = frame.indicator or "MPI"
    row = c.snapshot.indicators[indicator]
    asked = c.asked_name(indicator)
    text = c.say(
        "%(name)s (%(code)s), unit: %(unit)s\n%(definition)s\n"
        "Comparisons: year on year (same month a year earlier), month on month, and year to date "
        "(average since January against the same months a year earlier). The newest two months are "
        "preliminary and may be revised when late reports arrive. The figures are not seasonally adjusted: "
        "comparing a month with the same month a year earlier takes the season out.",
        name=said.local(row, "name"),
        code=row.code,
        unit=said.local(row, "unit"),
        definition=said.local(row, "definition"),
    )
    offered = [
        (c.say("Latest %(asked)s", asked=asked), c.say("latest %(asked)s", asked=asked)),
        (c.say("Chart"), c.say("chart of %(subject)s", subject=asked)),
    ]
    return c.finish(text, suggestions(offered))


# The Thai of this module's messages, beside them; bot/catalog/thai.py collects it.
THAI: dict[str, str] = {
    "TSIC division %(code)s: %(name)s, weighing %(weight)s%% of the MPI.": "สาขา TSIC %(code)s: %(name)s (%(name_en)s) มีน้ำหนักร้อยละ %(weight)s ของดัชนีผลผลิตอุตสาหกรรม",
    "%(subject)s latest": "%(subject)s ล่าสุด",
    "%(name)s (%(code)s), unit: %(unit)s\n%(definition)s\nComparisons: year on year (same month a year earlier), month on month, and year to date (average since January against the same months a year earlier). The newest two months are preliminary and may be revised when late reports arrive. The figures are not seasonally adjusted: comparing a month with the same month a year earlier takes the season out.": "%(name)s (%(code)s) หน่วย: %(unit)s\n%(definition)s\nการเทียบ: เทียบกับเดือนเดียวกันของปีก่อน (YoY), เทียบกับเดือนก่อนหน้า (MoM) และค่าเฉลี่ยตั้งแต่ต้นปีเทียบช่วงเดียวกันของปีก่อน (YTD) ตัวเลขสองเดือนล่าสุดเป็นตัวเลขเบื้องต้นและอาจปรับปรุงเมื่อได้รับรายงานที่ส่งมาล่าช้า ตัวเลขไม่ได้ปรับฤดูกาล การเทียบกับเดือนเดียวกันของปีก่อนช่วยตัดผลของฤดูกาลออก",
    "Latest %(asked)s": "%(asked)s ล่าสุด",
    "latest %(asked)s": "%(asked)s ล่าสุด",
}
