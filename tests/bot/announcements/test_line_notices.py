"""Staff notices on LINE: long texts in several messages, the link, HTTPS
images, and subscribers of everything receiving every topic's notices."""

from __future__ import annotations

import pytest

from bot.announcements.outbox import Outbox
from bot.announcements.rules import AnnouncementError
from bot.announcements.worker import Worker
from bot.announcements.workflow import AnnouncementService
from publishers.base import OutgoingMessage
from publishers.line import LinePublisher
from publishers.line_format import split_text
from tests.bot.announcements.conftest import Harness
from tests.bot.announcements.fanout import MULTICAST, SEND_AT, add_subscribers
from tests.helpers import Clock

SENTENCE = "สศอ. เผยดัชนีผลผลิตอุตสาหกรรมเดือนล่าสุดขยายตัวจากเดือนก่อนหน้า "  # ends with a space, as Thai sentences do


def send(service: AnnouncementService, outbox: Outbox, worker: Worker, clock: Clock, new_id: int) -> None:
    service.schedule(new_id, SEND_AT)
    clock.now = SEND_AT
    outbox.enqueue_due()
    worker.run(until_idle=True)


def test_a_long_notice_is_sent_as_several_messages_cut_between_sentences(harness: Harness) -> None:
    add_subscribers(harness.database, "all", range(3))
    text = (SENTENCE * 200).strip()  # about 13,000 characters
    new_id = harness.service.create(
        text, channels=["line"], link_url="https://oie.go.th/mpi", audience="topics", topics=["all"]
    )
    send(harness.service, harness.outbox, harness.worker, harness.clock, new_id)
    (request,) = harness.fake_line.sent(MULTICAST)
    texts = [message["text"] for message in request.body["messages"]]
    assert len(texts) == 3
    assert all(len(piece) <= 5000 for piece in texts)
    assert all(piece.endswith(("ก่อนหน้า", "สศอ.", "https://oie.go.th/mpi")) for piece in texts)  # cut at spaces
    assert " ".join(texts).replace("\n\nhttps://oie.go.th/mpi", "") == text
    assert texts[-1].endswith("\n\nhttps://oie.go.th/mpi")


def test_a_notice_longer_than_five_messages_is_refused_when_written(service: AnnouncementService) -> None:
    with pytest.raises(AnnouncementError) as refused:
        service.create(SENTENCE * 400, channels=["line"])
    message = str(refused.value)
    assert "LINE" in message
    assert "at most 5 messages" in message
    assert "25,000" in message
    with pytest.raises(AnnouncementError, match="at most 5 messages"):
        service.create(SENTENCE * 340, channels=["line"], image_url="https://oie.go.th/chart.png")  # 4 + the image


def test_an_edit_that_makes_the_notice_too_long_is_refused(service: AnnouncementService) -> None:
    new_id = service.create("สั้น", channels=["line"])
    with pytest.raises(AnnouncementError, match="LINE"):
        service.edit(new_id, text=SENTENCE * 400)
    assert service.get(new_id)["text"] == "สั้น"  # nothing changed


@pytest.mark.parametrize("image", ["http://oie.go.th/chart.png", "ftp://oie.go.th/chart.png", "chart.png"])
def test_an_image_that_is_not_https_is_refused(service: AnnouncementService, image: str) -> None:
    with pytest.raises(AnnouncementError, match="https://"):
        service.create("ประกาศ", channels=["line"], image_url=image)
    new_id = service.create("ประกาศ", channels=["line"])
    with pytest.raises(AnnouncementError, match="https://"):
        service.edit(new_id, image_url=image)


def test_everything_subscribers_receive_a_topic_notice_once(harness: Harness) -> None:
    add_subscribers(harness.database, "all", range(0, 4))
    add_subscribers(harness.database, "indicator:MPI", range(2, 6))  # 2 and 3 follow both
    add_subscribers(harness.database, "sector:29", range(6, 8))  # another topic: not reached
    new_id = harness.service.create("ข่าว MPI", channels=["line"], audience="topics", topics=["indicator:MPI"])
    send(harness.service, harness.outbox, harness.worker, harness.clock, new_id)
    (request,) = harness.fake_line.sent(MULTICAST)
    assert sorted(request.body["to"]) == [f"U{n:032d}" for n in range(6)]


def test_split_falls_back_to_lines_then_a_hard_cut() -> None:
    assert split_text("a" * 12, 5) == ["aaaaa", "aaaaa", "aa"]
    assert split_text("abcde\nfghij\nkl", 8) == ["abcde", "fghij\nkl"]
    assert split_text("one two. three four", 12) == ["one two.", "three four"]
    lines = LinePublisher.messages(OutgoingMessage(1, "t", "สั้น", link_url="https://oie.go.th"))
    assert [message.to_dict()["text"] for message in lines] == ["สั้น\n\nhttps://oie.go.th"]
