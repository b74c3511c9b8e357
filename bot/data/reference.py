"""Reference data seeded into every database: the four indicators with their
definitions and the 22 TSIC manufacturing divisions with weights and the
names people use for them (from `nlp.vocabulary`, so the parser agrees)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.data.models import Indicator, Sector
from nlp.vocabulary import INDICATORS, SECTORS, TOTAL, TOTAL_TERMS


@dataclass(frozen=True)
class IndicatorInfo:
    unit_th: str
    unit_en: str
    change_kind: str
    definition_th: str
    definition_en: str


INDICATOR_INFO: dict[str, IndicatorInfo] = {
    "MPI": IndicatorInfo(
        "ดัชนี (ปีฐาน 2564 = 100)",
        "index (2021 = 100)",
        "percent",
        "ดัชนีผลผลิตอุตสาหกรรม (MPI) วัดปริมาณการผลิตของภาคอุตสาหกรรมการผลิตในแต่ละเดือน "
        "เทียบกับปีฐาน 2564 (= 100) คำนวณจากปริมาณผลผลิตของสินค้าตัวแทนในแต่ละสาขา "
        "ถ่วงน้ำหนักด้วยมูลค่าเพิ่มของสาขา ค่าสูงกว่า 100 แปลว่าผลิตมากกว่าระดับเฉลี่ยของปีฐาน",
        "The Manufacturing Production Index (MPI) measures the monthly volume of "
        "manufacturing output against the base year 2021 (= 100). It is computed from "
        "the output quantities of representative products in each division, weighted by "
        "the divisions' value added; above 100 means output above the base-year average.",
    ),
    "SHIPMENT": IndicatorInfo(
        "ดัชนี (ปีฐาน 2564 = 100)",
        "index (2021 = 100)",
        "percent",
        "ดัชนีการส่งสินค้า วัดปริมาณสินค้าที่โรงงานส่งออกจากโรงงาน (ขายในประเทศและส่งออก) "
        "ในแต่ละเดือน เทียบกับปีฐาน 2564 (= 100) สะท้อนความต้องการสินค้าอุตสาหกรรม",
        "The Shipment Index measures the volume of goods factories ship out each month "
        "(domestic sales and exports) against the base year 2021 (= 100); it reflects "
        "demand for manufactured goods.",
    ),
    "INVENTORY": IndicatorInfo(
        "ดัชนี (ปีฐาน 2564 = 100)",
        "index (2021 = 100)",
        "percent",
        "ดัชนีสินค้าสำเร็จรูปคงคลัง วัดปริมาณสินค้าสำเร็จรูปที่เหลืออยู่ในคลังของโรงงาน "
        "ณ สิ้นเดือน เทียบกับปีฐาน 2564 (= 100) ค่าที่สูงขึ้นอาจสะท้อนว่าสินค้าขายได้ช้าลง",
        "The Finished-goods Inventory Index measures the volume of finished goods held "
        "in factory stock at the end of each month against the base year 2021 (= 100); "
        "a rising value can signal slowing sales.",
    ),
    "CAPU": IndicatorInfo(
        "ร้อยละ",
        "percent",
        "points",
        "อัตราการใช้กำลังการผลิต (CapU) คือสัดส่วนของผลผลิตจริงต่อกำลังการผลิตสูงสุด "
        "ที่โรงงานทำได้ คิดเป็นร้อยละ การเปลี่ยนแปลงจึงวัดเป็นจุด (จุดร้อยละ) "
        "ไม่ใช่ร้อยละของการเปลี่ยนแปลง",
        "Capacity utilization (CapU) is actual output as a percentage of the maximum "
        "output factories could produce; its changes are therefore measured in "
        "percentage points, not percent.",
    ),
}

# Weights (share of manufacturing value added, percent) per TSIC division,
# as published with the sample set in data/sample/sectors.csv.
SECTOR_WEIGHTS: dict[str, Decimal] = {
    "10": Decimal("17.6"),
    "11": Decimal("4.9"),
    "12": Decimal("0.8"),
    "13": Decimal("2.6"),
    "14": Decimal("2.1"),
    "15": Decimal("1.2"),
    "16": Decimal("1.3"),
    "17": Decimal("2.2"),
    "19": Decimal("6.3"),
    "20": Decimal("7.4"),
    "21": Decimal("1.1"),
    "22": Decimal("7.9"),
    "23": Decimal("4.8"),
    "24": Decimal("2.7"),
    "25": Decimal("3.3"),
    "26": Decimal("10.2"),
    "27": Decimal("5.1"),
    "28": Decimal("3.9"),
    "29": Decimal("10.4"),
    "30": Decimal("1.6"),
    "31": Decimal("1.1"),
    "32": Decimal("1.5"),
}


def seed_reference_data(session: Session) -> None:
    """Insert or refresh the indicator and sector rows; safe to run repeatedly."""
    indicators = {row.code: row for row in session.scalars(select(Indicator))}
    for order, terms in enumerate(INDICATORS):
        info = INDICATOR_INFO[terms.code]
        row = indicators.get(terms.code) or Indicator(code=terms.code)
        row.name_th = terms.name_th
        row.name_en = terms.name_en
        row.unit_th = info.unit_th
        row.unit_en = info.unit_en
        row.change_kind = info.change_kind
        row.definition_th = info.definition_th
        row.definition_en = info.definition_en
        row.sort_order = order
        session.add(row)

    sectors = {row.code: row for row in session.scalars(select(Sector))}
    total = sectors.get(TOTAL) or Sector(code=TOTAL)
    total.name_th, total.name_en = TOTAL_TERMS.name_th, TOTAL_TERMS.name_en
    total.weight, total.aliases, total.is_total, total.sort_order = Decimal("100"), list(TOTAL_TERMS.aliases), True, 0
    session.add(total)
    for order, sector_terms in enumerate(SECTORS, start=1):
        sector = sectors.get(sector_terms.code) or Sector(code=sector_terms.code)
        sector.name_th = sector_terms.name_th
        sector.name_en = sector_terms.name_en
        sector.weight = SECTOR_WEIGHTS[sector_terms.code]
        sector.aliases = list(sector_terms.aliases)
        sector.is_total = False
        sector.sort_order = order
        session.add(sector)
    session.flush()
