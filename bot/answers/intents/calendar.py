"""When the next figures are expected, from the release calendar."""

from __future__ import annotations

from bot.answers.compose import Composition, answers, suggestions
from bot.answers.model import Answer
from bot.catalog import N_

BASIS = {
    "staff": N_("date set by staff"),
    "history": N_("estimated from past releases, about %(lag_days)d days after the month ends"),
    "default": N_("an estimate: OIE usually publishes about four weeks after the month ends"),
}


@answers("calendar")
def answer_calendar(c: Composition) -> Answer:
    indicator = c.frame.indicator or "MPI"
    latest = c.snapshot.latest
    assert latest is not None
    held = c.snapshot.latest_by_indicator.get(indicator, latest)
    release = c.calendar.expected(indicator, held.shift(1))
    body = c.say(
        "%(name)s: the latest month is %(held)s. Figures for %(month)s are expected around %(expected)s"
        " (%(basis)s; OIE publishes no official calendar).",
        name=c.indicator_name(indicator),
        held=c.said.month(held),
        month=c.said.month(release.period),
        expected=c.said.day(release.date),
        basis=c.say(BASIS[release.source], lag_days=release.lag_days),
    )
    asked = c.asked_name(indicator)
    offered = [
        (c.say("Get notified"), c.say("subscribe to %(asked)s", asked=asked)),
        (c.say("Latest MPI"), c.say("latest MPI")),
    ]
    return c.finish(body, suggestions(offered))


# The Thai of this module's messages, beside them; bot/catalog/thai.py collects it.
THAI: dict[str, str] = {
    "date set by staff": "ตามกำหนดที่เจ้าหน้าที่แจ้งไว้",
    "estimated from past releases, about %(lag_days)d days after the month ends": "ประมาณจากรอบที่ผ่านมา (ราว %(lag_days)d วันหลังสิ้นเดือน)",
    "an estimate: OIE usually publishes about four weeks after the month ends": "ประมาณการ: สศอ. มักเผยแพร่ราว 4 สัปดาห์หลังสิ้นเดือน",
    "%(name)s: the latest month is %(held)s. Figures for %(month)s are expected around %(expected)s (%(basis)s; OIE publishes no official calendar).": "%(name)s ข้อมูลล่าสุดคือ%(held)s ข้อมูลเดือน%(month)s คาดว่าจะเผยแพร่ประมาณวันที่ %(expected)s (%(basis)s; ยังไม่มีปฏิทินทางการ)",
    "Get notified": "รับแจ้งเตือน",
    "subscribe to %(asked)s": "ติดตาม %(asked)s",
}
