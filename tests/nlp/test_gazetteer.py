"""The TSIC gazetteer: every product word finds its division on its own and
inside a question, divisions' own names still win, and a typo in a product
is forgiven as in any other name."""

from __future__ import annotations

import pytest

from nlp.entities import _vocabulary, match_entities, warm_up
from nlp.gazetteer import UNPUBLISHED_DIVISIONS, groups
from nlp.normalize import is_thai, normalize
from nlp.parser import parse
from nlp.vocabulary import SECTOR_CODES


@pytest.fixture(autouse=True)
def _dictionary_loaded() -> None:
    warm_up()


def test_every_group_belongs_to_a_division_and_has_products() -> None:
    found = groups()
    assert len(found) >= 50
    # Every published division, and the manufacturing divisions OIE publishes no index of its own for.
    assert {group.code[:2] for group in found} == set(SECTOR_CODES) | set(UNPUBLISHED_DIVISIONS)
    assert sum(len(group.products) for group in found) >= 600
    assert all(group.name_th and group.name_en and group.products for group in found)


def test_every_name_of_a_division_alone_names_it_and_no_other() -> None:
    # Official titles run to fifteen tokens; the product words are one to three.
    names = [term for term in _vocabulary().values() if term.kind == "sector"]
    wrong = []
    for term in names:
        found = match_entities(normalize(term.text))
        if (found.sector, found.more_sectors) != (term.code, []):
            wrong.append((term.text, term.code, found.sector, found.more_sectors))
    assert wrong == []


def test_an_indicator_written_against_a_division_keeps_both() -> None:
    # "การผลิตสิ่งทอ" is a name too: in the tokenizer's dictionary it took "การผลิต" from "กำลังการผลิต".
    indicators = [t for t in _vocabulary().values() if t.kind == "indicator" and t.code == "CAPU" and is_thai(t.text)]
    sectors = [t for t in _vocabulary().values() if t.kind == "sector" and t.code != "TOTAL" and is_thai(t.text)]
    wrong = [
        (indicator.text, sector.text)
        for indicator in indicators
        if indicator.text in ("กำลังการผลิต", "อัตราการใช้กำลังการผลิต", "ใช้กำลังการผลิต")
        for sector in sectors
        # "เครื่องเงินเดือน…" reads as "เงินเดือน" (salary): the tokenizer's choice, and a fair one.
        if len(sector.text) >= 4
        and sector.text != "เครื่องเงิน"
        and (found := match_entities(indicator.text + sector.text + "เดือนล่าสุด"))
        and (found.indicator, found.sector) != ("CAPU", sector.code)
    ]
    assert wrong == []


@pytest.mark.parametrize(
    ("question", "sectors"),
    [
        # Two names in one compound: the product, not what it is made of. Thai puts it first ...
        ("กระป๋องอะลูมิเนียมผลิตได้เท่าไร", ["25"]),
        ("เฟอร์นิเจอร์เหล็กเดือนล่าสุด", ["31"]),
        ("ชิ้นส่วนรถยนต์พลาสติก", ["29"]),
        # ... English last.
        ("aluminium cans output", ["25"]),
        ("steel furniture output", ["31"]),
        ("car tyres", ["22"]),
        # Names written apart are several sectors.
        ("ยานยนต์ อาหาร", ["29", "10"]),
        ("ยานยนต์กับอาหาร", ["29", "10"]),
        ("cars, electronics", ["29", "26"]),
        # Overall, then a division: the division.
        ("ภาพรวมอิเล็กทรอนิกส์เดือนที่แล้ว", ["26"]),
    ],
)
def test_a_compound_names_its_product_and_names_apart_name_each_sector(question: str, sectors: list[str]) -> None:
    found = match_entities(normalize(question))
    assert [found.sector, *found.more_sectors] == sectors


def test_each_product_word_alone_names_its_division() -> None:
    wrong = [
        (word, group.code[:2], match_entities(word).sector)
        for group in groups()
        for word in group.products
        if match_entities(word).sector != group.code[:2]
    ]
    assert wrong == []


@pytest.mark.parametrize(
    ("question", "sector", "indicator"),
    [
        ("โรงสีข้าวเดือนล่าสุดเป็นยังไงบ้าง", "10", "MPI"),
        ("อัตราการใช้กำลังการผลิตของโรงงานปูนซีเมนต์", "23", "CAPU"),
        # ISIC Rev. 4 puts eyeglasses with medical goods (3250), air conditioners with
        # general-purpose machinery (2819) and fruit juice with fruit (1030), not where
        # the shop shelves put them.
        ("ดัชนีผลผลิตแว่นตาเดือนล่าสุด", "32", "MPI"),
        ("ผลผลิตแอร์บ้านเทียบปีก่อน", "28", "MPI"),
        ("air conditioners output", "28", "MPI"),
        ("น้ำส้มกล่องผลิตเพิ่มขึ้นไหม", "10", "MPI"),
        ("digital cameras production", "26", "MPI"),
        ("What's the current operating rate of Thai car plants?", "29", "CAPU"),
        ("petrochem utilisation 2025 average", "20", "CAPU"),
        ("ลวดเหล็กผลิตได้มากขึ้นไหมเทียบปีก่อน", "25", "MPI"),
        ("canned sardines output latest month", "10", "MPI"),
        ("how busy are rice mills lately, capacity utilization", "10", "CAPU"),
        ("ถุงมือยางส่งสินค้าลดลงหรือเปล่า", "22", "SHIPMENT"),
        ("สินค้าคงคลังของผงซักฟอก", "20", "INVENTORY"),
        ("ยางรถยนต์ล่าสุด", "22", "MPI"),  # rubber, not cars: the longest name wins
        ("ชิ้นส่วนยานยนต์ปีนี้เป็นไง", "29", "MPI"),
    ],
)
def test_questions_naming_products_get_their_division(question: str, sector: str, indicator: str) -> None:
    frame = parse(question)
    assert frame.sector == sector
    assert frame.indicator == indicator


def test_a_misspelt_product_is_forgiven() -> None:
    assert match_entities("ผลผลิตแว่นตาาล่าสุด").sector == "32"
    assert match_entities("semiconductor latest").sector == "26"


@pytest.mark.parametrize(
    ("question", "sector"),
    [
        # A tone mark wrong or left out, the commonest Thai typo, even when a short name hides inside.
        ("ดัชนี mpi ยานยนต", "29"),
        ("รถยนต เดือนล่าสุด", "29"),
        ("เหล้กเดือนล่าสุด", "24"),
        # Spelt right, the short name stands.
        ("ยาแผนปัจจุบัน", "21"),
        ("ยาเดือนล่าสุด", "21"),
    ],
)
def test_a_tone_mark_wrong_is_forgiven(question: str, sector: str) -> None:
    found = match_entities(normalize(question))
    assert found.sector == sector


@pytest.mark.parametrize(
    ("question", "sector"),
    [("TSIC 2910 ผลผลิต", "29"), ("ISIC 1010 output", "10"), ("สาขา 29 ล่าสุด", "29"), ("สาขา 2569", None)],
)
def test_a_class_code_after_tsic_names_its_division(question: str, sector: str | None) -> None:
    found = match_entities(normalize(question))
    assert found.sector == sector


@pytest.mark.parametrize(
    ("question", "intent", "sector"),
    [
        # "ส่งออก" qualifies the product when an index of ours is named outright ...
        ("ไก่ส่งออก ดัชนีผลผลิตล่าสุด", "value", "10"),
        # ... and is the trade statistic otherwise, or when the index is someone else's.
        ("มูลค่าการส่งออกไก่เดือนล่าสุด", "other_statistic", None),
        ("ยอดส่งออกรถยนต์เดือนนี้กี่คัน", "other_statistic", None),
        # A product whose very name says where it goes is the industry, not the trade figure.
        ("อุตสาหกรรมแปรรูปไก่ส่งออก เดือนกันยายน", "value", "10"),
        ("ดัชนีผลผลิตอุตสาหกรรมของจีน", "other_statistic", None),
    ],
)
def test_exports_qualify_a_product_only_beside_an_index_of_ours(question: str, intent: str, sector: str | None) -> None:
    frame = parse(question)
    assert (frame.intent, frame.sector) == (intent, sector)


@pytest.mark.parametrize(
    ("question", "sector"),
    [
        ("autos capacity utilization", "29"),  # the lists say "auto"
        ("rubber glove output", "22"),  # and "rubber gloves"
        ("batteries mpi", "27"),
        ("a bicycle factory", "30"),
    ],
)
def test_an_english_name_is_found_in_either_number(question: str, sector: str) -> None:
    assert match_entities(question).sector == sector


def test_english_words_spelt_right_are_not_taken_for_misspelt_names() -> None:
    warm_up()
    plain = match_entities("how are factories doing lately")
    assert (plain.sector, plain.indicator, plain.corrections) == (None, None, [])
    misspelt = match_entities("capacity utilizaton of autos")
    assert (misspelt.indicator, misspelt.sector) == ("CAPU", "29")
