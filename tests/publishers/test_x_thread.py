"""Length as X counts it, and threads that respect it."""

from __future__ import annotations

import unicodedata

from publishers.x import MAX_WEIGHT, split_thread, weighted_length

RELEASE_TEXT = (
    "ดัชนีผลผลิตอุตสาหกรรม (MPI) เดือนตุลาคม 2569 อยู่ที่ 101.48 เพิ่มขึ้นร้อยละ 1.19 เมื่อเทียบกับเดือนเดียวกันของปีก่อน "
    "อัตราการใช้กำลังการผลิตอยู่ที่ร้อยละ 62.50 เพิ่มขึ้น 0.57 จุด สาขาที่ขยายตัวสูงได้แก่ ยานยนต์ รถพ่วงและรถกึ่งรถพ่วง "
    "อุปกรณ์ไฟฟ้า และเคมีภัณฑ์ ส่วนสาขาที่หดตัวมากได้แก่ ผลิตภัณฑ์อื่นๆ ที่ทำจากแร่อโลหะ เครื่องจักรและเครื่องมือ "
    "และเสื้อผ้าเครื่องแต่งกาย ดัชนีการส่งสินค้าอยู่ที่ 100.02 เพิ่มขึ้นร้อยละ 0.68 ดัชนีสินค้าสำเร็จรูปคงคลังอยู่ที่ 99.72 "
    "เพิ่มขึ้นร้อยละ 1.05 ตัวเลขเดือนล่าสุดเป็นตัวเลขเบื้องต้นและอาจมีการปรับปรุงในรอบถัดไป "
    "รายละเอียดเพิ่มเติม https://www.oie.go.th/view/1/ดัชนีอุตสาหกรรม/TH-TH?utm_source=line-bot-announcement"
)


def test_weights_follow_x() -> None:
    assert weighted_length("ดัชนีผลผลิต") == len("ดัชนีผลผลิต")  # Thai weighs 1 per character
    assert weighted_length("https://www.oie.go.th/a/very/long/path/that/is/longer/than/23") == 23
    assert weighted_length("ดู https://oie.go.th") == 3 + 23
    assert weighted_length("漢字") == 4  # CJK weighs 2
    assert weighted_length("😀") == 2  # an emoji weighs 2, like CJK
    assert weighted_length("a" * 280) == 280


def test_a_600_character_thai_announcement_becomes_a_valid_thread() -> None:
    text = (RELEASE_TEXT + " ") * 2
    text = text[:600] + " https://www.oie.go.th/release/2569-10"
    assert len(text) > 600
    posts = split_thread(text)
    assert len(posts) >= 3
    for number, post in enumerate(posts, start=1):
        assert weighted_length(post) <= MAX_WEIGHT, post
        assert post.endswith(f"({number}/{len(posts)})")
        assert not unicodedata.combining(post[0])  # no tone mark cut from its consonant
        assert unicodedata.category(post[0]) != "Mn"
    rebuilt = "".join(post.rsplit(" (", 1)[0] for post in posts).replace(" ", "").replace("\n", "")
    assert rebuilt == unicodedata.normalize("NFC", text).replace(" ", "").replace("\n", "")
    assert any("https://www.oie.go.th/release/2569-10" in post for post in posts)  # the URL kept whole


def test_short_text_is_one_post_without_numbering() -> None:
    assert split_thread("MPI ตุลาคม 2569: 101.48") == ["MPI ตุลาคม 2569: 101.48"]


def test_words_without_spaces_split_between_character_clusters() -> None:
    text = "ดัชนีผลผลิตอุตสาหกรรมเพิ่มขึ้น" * 30  # no spaces at all
    posts = split_thread(text)
    assert all(weighted_length(post) <= MAX_WEIGHT for post in posts)
    assert all(unicodedata.category(post[0]) != "Mn" for post in posts)


def test_a_release_thread_is_cut_at_the_end_of_a_line() -> None:
    """A bullet of a release ("• สาขาที่ขยายตัวสูง: …") is never cut across two posts."""
    bullets = [
        "📊 ดัชนีเศรษฐกิจอุตสาหกรรม เดือนตุลาคม 2569 (ตัวเลขเบื้องต้น)",
        "• ดัชนีผลผลิตอุตสาหกรรม (MPI) 101.48 เพิ่มขึ้น +1.19% เทียบกับเดือนเดียวกันของปีก่อน",
        "• อัตราการใช้กำลังการผลิต ร้อยละ 62.50 เพิ่มขึ้น +0.57 จุด เทียบกับเดือนเดียวกันของปีก่อน",
        "• สาขาที่ขยายตัวสูง: ยานยนต์ รถพ่วงและรถกึ่งรถพ่วง +13.80%, อุปกรณ์ไฟฟ้า +9.12%, เคมีภัณฑ์ +4.40%",
        "• สาขาที่หดตัวมาก: ผลิตภัณฑ์อื่นๆ ที่ทำจากแร่อโลหะ -11.34%, เครื่องหนังและผลิตภัณฑ์ที่เกี่ยวข้อง -11.02%",
        "• ดัชนีการส่งสินค้า 100.02 (เพิ่มขึ้น +0.68%), ดัชนีสินค้าสำเร็จรูปคงคลัง 99.72 (เพิ่มขึ้น +1.05%)",
        "หมายเหตุ: ตัวเลขเบื้องต้น อาจมีการปรับปรุง",
        "ที่มา: สำนักงานเศรษฐกิจอุตสาหกรรม (สศอ.)",
        "https://oie.example/releases/2026-10",
    ]
    posts = split_thread("\n".join(bullets))
    assert len(posts) >= 2
    lines = [line for post in posts for line in post.rsplit(" (", 1)[0].split("\n")]
    assert lines == bullets  # every line whole, in order, in exactly one post
    assert all(weighted_length(post) <= MAX_WEIGHT for post in posts)
