"""Sending asks first: scheduling shows who each channel reaches, when (in
Thai conventions) and what a phone shows, and only the confirmation
schedules; "send now" waits a window in which it can be stopped; a topic
nobody follows is warned about before and shown as such after."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from flask import Flask

from bot.app import services_of
from bot.data.models import utcnow
from tests.bot.announcements.fanout import add_subscribers
from tests.bot.web.staff.conftest import SignedIn, csrf_token


def _approved(console_app: Flask, topics: list[str]) -> int:
    service = services_of(console_app).announcements
    number = service.create(
        "ดัชนี MPI เดือนนี้", audience="topics", topics=topics, channels=["line"], created_by="editor@oie.example"
    )
    service.approve(number, by="approver@oie.example")
    return number


def test_scheduling_asks_first_with_counts_time_and_preview(console_app: Flask, signed_in: SignedIn) -> None:
    database = services_of(console_app).database
    add_subscribers(database, "indicator:MPI", range(0, 25))
    number = _approved(console_app, ["indicator:MPI"])
    client = signed_in("editor")
    token = csrf_token(client, "/staff/")
    asked = client.post(f"/staff/announcements/{number}/schedule", data={"csrf_token": token, "now": "1"})
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200
    assert services_of(console_app).announcements.get(number)["state"] == "approved"  # nothing scheduled yet
    assert "ตรวจทานก่อนส่ง" in page
    assert "ผู้ติดตาม 25 คน" in page
    assert re.search(r"\d{1,2} [ก-๙.]+ 25\d\d \d\d:\d\d น\.", page)  # "5 ธ.ค. 2569 10:02 น.": Buddhist era, 24-hour
    assert "เวลาประเทศไทย" in page
    assert "Asia/Bangkok" not in page
    assert "ยืนยัน: ส่งทันที" in page
    assert 'name="confirmed" value="1"' in page

    confirmed = client.post(
        f"/staff/announcements/{number}/schedule", data={"csrf_token": token, "now": "1", "confirmed": "1"}
    )
    assert confirmed.status_code == 302
    item = services_of(console_app).announcements.get(number)
    assert item["state"] == "scheduled"
    # "Send now" goes out after the window (two minutes by default), in which it can be stopped.
    delay = datetime.fromisoformat(item["scheduled_at"]) - utcnow()
    assert timedelta(seconds=100) < delay <= timedelta(seconds=120)
    shown = client.get(f"/staff/announcements/{number}").get_data(as_text=True)
    assert "ก่อนถึงเวลานั้นกด" in shown
    stopped = client.post(f"/staff/announcements/{number}/cancel", data={"csrf_token": token})
    assert stopped.status_code == 302
    assert services_of(console_app).announcements.get(number)["state"] == "cancelled"


def test_a_topic_nobody_follows_is_warned_about_before_sending(console_app: Flask, signed_in: SignedIn) -> None:
    number = _approved(console_app, ["sector:21"])
    client = signed_in("editor")
    token = csrf_token(client, "/staff/")
    page = client.post(f"/staff/announcements/{number}/schedule", data={"csrf_token": token, "now": "1"})
    assert "ไม่มีผู้ติดตามหัวข้อเหล่านี้ในช่องทางนี้ จะไม่มีการส่ง" in page.get_data(as_text=True)


def test_a_time_in_the_past_is_refused_before_asking(console_app: Flask, signed_in: SignedIn) -> None:
    number = _approved(console_app, ["indicator:MPI"])
    client = signed_in("editor")
    token = csrf_token(client, "/staff/")
    answer = client.post(
        f"/staff/announcements/{number}/schedule", data={"csrf_token": token, "at": "2020-01-01T10:00"}
    )
    assert answer.status_code == 302
    assert services_of(console_app).announcements.get(number)["state"] == "approved"
    # Said in Thai, with the time as Thai staff write it.
    page = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "เวลา 1 ม.ค. 2563 10:00 น. ผ่านไปแล้ว โปรดเลือกเวลาที่ช้ากว่านี้ หรือส่งทันที" in page
    # Approving what is approved already is refused, said in Thai with the state's name.
    approver = signed_in("approver")
    token = csrf_token(approver, "/staff/")
    again = approver.post(f"/staff/announcements/{number}/approve", data={"csrf_token": token})
    said = approver.get(again.headers["Location"]).get_data(as_text=True)
    assert f"ประกาศ #{number} อยู่ในสถานะอนุมัติแล้ว อนุมัติได้เฉพาะร่าง" in said


def test_the_time_is_chosen_as_thai_staff_write_it(console_app: Flask, signed_in: SignedIn) -> None:
    """Day, month by name, Buddhist-era year shown (the value is the CE year), 24-hour clock."""
    number = _approved(console_app, ["indicator:MPI"])
    client = signed_in("editor")
    token = csrf_token(client, "/staff/")
    form = client.get(f"/staff/announcements/{number}").get_data(as_text=True)
    assert "มกราคม" in form
    year = utcnow().year + 1
    assert f'<option value="{year}">{year + 543}</option>' in form
    assert "23</option>" in form  # a 24-hour clock, no AM/PM
    chosen = {"at-day": "3", "at-month": "1", "at-year": str(year), "at-hour": "14", "at-minute": "30"}
    page = client.post(f"/staff/announcements/{number}/schedule", data={"csrf_token": token, **chosen})
    assert f"3 ม.ค. {year + 543} 14:30 น." in page.get_data(as_text=True)
    hidden = re.search(r'name="at" value="([^"]+)"', page.get_data(as_text=True))
    assert hidden is not None
    assert hidden.group(1) == f"{year}-01-03T14:30"
    client.post(
        f"/staff/announcements/{number}/schedule", data={"csrf_token": token, "at": hidden.group(1), "confirmed": "1"}
    )
    scheduled = datetime.fromisoformat(services_of(console_app).announcements.get(number)["scheduled_at"])
    assert scheduled == datetime(year, 1, 3, 7, 30, tzinfo=UTC)  # 14:30 in Bangkok
    impossible = {**chosen, "at-month": "2", "at-day": "31"}
    refused = client.post(f"/staff/announcements/{number}/schedule", data={"csrf_token": token, **impossible})
    assert refused.status_code == 302


def test_an_edit_after_approval_shows_the_approver_what_changed(console_app: Flask, signed_in: SignedIn) -> None:
    service = services_of(console_app).announcements
    number = service.create(
        "บรรทัดแรก\nตัวเลข 101.48", title="ข่าว", channels=["line", "x"], created_by="editor@oie.example"
    )
    service.approve(number, by="approver@oie.example")
    service.edit(
        number, text="บรรทัดแรก\nตัวเลข 110.48", topics=["sector:29"], audience="topics", by="editor@oie.example"
    )
    assert service.get(number)["state"] == "draft"  # the approval does not hold for other content
    page = signed_in("approver").get(f"/staff/announcements/{number}").get_data(as_text=True)
    assert "สิ่งที่เปลี่ยนไปหลังอนุมัติ" in page
    assert "<del>ตัวเลข 101.48</del>" in page
    assert "<ins>ตัวเลข 110.48</ins>" in page
    assert "ผู้ติดตามหัวข้อที่เลือก" in page  # the audience, in words
    assert "TSIC 29" in page  # the topic by name, not "sector:29"
    assert "ฉบับของ X" in page  # each channel's own version too: X's thread was redrawn
    # Once approved again there is nothing to compare.
    service.approve(number, by="second.approver@oie.example")
    assert "สิ่งที่เปลี่ยนไปหลังอนุมัติ" not in signed_in("approver").get(f"/staff/announcements/{number}").get_data(as_text=True)


def test_the_approvers_dashboard_lists_what_awaits_them(console_app: Flask, signed_in: SignedIn) -> None:
    service = services_of(console_app).announcements
    theirs = service.create("ร่างของคนอื่น", title="ร่างรออนุมัติ", channels=["line"], created_by="editor@oie.example")
    own = service.create("ร่างของตัวเอง", title="ร่างที่ตัวเองเขียน", channels=["line"], created_by="approver@oie.example")
    page = signed_in("approver").get("/staff/").get_data(as_text=True)
    awaiting = page.split("รอคุณอนุมัติ", 1)[1].split("</section>", 1)[0]
    assert f"#{theirs} ร่างรออนุมัติ" in awaiting
    assert f"#{own}" not in awaiting  # one does not approve one's own
    recent = page.split('id="upcoming"', 1)[1]
    assert "ร่างรออนุมัติ" not in recent  # drafts are not mixed into the recent list
    assert "รอคุณอนุมัติ" not in signed_in("editor").get("/staff/").get_data(as_text=True)
