"""The domain vocabulary: what people call each indicator and each TSIC
division, and how the service names them in its own text. Pure data and the
single source of every name: the bot seeds its reference tables from it,
answers, charts and announcements take their display names from it, and the
parser matches questions against it, so all of them always agree."""

from __future__ import annotations

from dataclasses import dataclass

INDICATOR_CODES: tuple[str, ...] = ("MPI", "SHIPMENT", "INVENTORY", "CAPU")
TOTAL = "TOTAL"


@dataclass(frozen=True)
class Terms:
    """An indicator or a sector: its code, official names and what people call it."""

    code: str
    name_th: str
    name_en: str
    aliases: tuple[str, ...]

    @property
    def short_th(self) -> str:
        """The Thai name without the "การผลิต" (manufacture of) every division name starts with."""
        return self.name_th.removeprefix("การผลิต")


@dataclass(frozen=True)
class IndicatorTerms(Terms):
    """An indicator with the names the service writes: in a sentence
    (`display_*`), in a question it suggests (`asked_*`) and over a chart."""

    display_th: str = ""
    display_en: str = ""
    asked_th: str = ""
    asked_en: str = ""
    chart_title_th: str = ""


INDICATORS: tuple[IndicatorTerms, ...] = (
    IndicatorTerms(
        "MPI",
        "ดัชนีผลผลิตอุตสาหกรรม",
        "Manufacturing Production Index",
        (
            "ดัชนีผลผลิตอุตสาหกรรม",
            "ดัชนีผลผลิตภาคอุตสาหกรรม",
            "ดัชนีผลผลิต",
            "ดัชนีอุตสาหกรรม",
            "ดัชนีอุตฯ",
            "ดัชนีอุต",
            "ผลผลิตอุตสาหกรรม",
            "เอ็มพีไอ",
            "mpi",
            "manufacturing production index",
            "production index",
            "industrial production",
            "manufacturing production",
            "manufacturing output",
            "manufacturing",
            "output",
            "ดัชนี",
        ),
        display_th="ดัชนีผลผลิตอุตสาหกรรม (MPI)",
        display_en="The Manufacturing Production Index (MPI)",
        asked_th="MPI",
        asked_en="MPI",
        chart_title_th="ดัชนีผลผลิตอุตสาหกรรม (MPI)",
    ),
    IndicatorTerms(
        "SHIPMENT",
        "ดัชนีการส่งสินค้า",
        "Shipment Index",
        (
            "ดัชนีการส่งสินค้า",
            "การส่งสินค้า",
            "ส่งสินค้า",
            "การจัดส่งสินค้า",
            "ยอดส่งสินค้า",
            "ยอดขาย",
            "ชิปเมนต์",
            "ชิปเมนท์",
            "ชิพเมนต์",
            "ชิพเมนท์",
            "sales",
            "shipment index",
            "shipments",
            "shipment",
        ),
        display_th="ดัชนีการส่งสินค้า",
        display_en="The Shipment Index",
        asked_th="การส่งสินค้า",
        asked_en="shipments",
        chart_title_th="ดัชนีการส่งสินค้า",
    ),
    IndicatorTerms(
        "INVENTORY",
        "ดัชนีสินค้าสำเร็จรูปคงคลัง",
        "Finished-goods Inventory Index",
        (
            "ดัชนีสินค้าสำเร็จรูปคงคลัง",
            "สินค้าสำเร็จรูปคงคลัง",
            "ดัชนีสินค้าคงคลัง",
            "สินค้าคงคลัง",
            "สินค้าคงเหลือ",
            "สต็อกสินค้า",
            "สต็อก",
            "สต๊อก",
            "สต๊อค",
            "inventory index",
            "inventories",
            "inventory",
            "stock",
        ),
        display_th="ดัชนีสินค้าสำเร็จรูปคงคลัง",
        display_en="The Finished-goods Inventory Index",
        asked_th="สินค้าคงคลัง",
        asked_en="inventory",
        chart_title_th="ดัชนีสินค้าสำเร็จรูปคงคลัง",
    ),
    IndicatorTerms(
        "CAPU",
        "อัตราการใช้กำลังการผลิต",
        "Capacity Utilization",
        (
            "อัตราการใช้กำลังการผลิต",
            "อัตราการใช้กำลังผลิต",
            "การใช้กำลังการผลิต",
            "ใช้กำลังการผลิต",
            "ใช้กำลังผลิต",
            "กำลังการผลิต",
            "กำลังผลิต",
            "เดินเครื่องจักร",
            "เดินเครื่อง",
            "เดินเต็มกำลัง",
            "ผลิตเต็มกำลัง",
            "เต็มกำลัง",
            "ทำงานเต็มที่",
            "ผลิตเต็มที่",
            "เดินเต็มที่",
            "full capacity",
            "capu",
            "cap u",
            "capacity utilization",
            "capacity utilisation",
            "capacity",
            "utilization",
            "utilisation",
            "factories running",
            "factories are running",
            "operating rate",
            "running rate",
            "utilization rate",
            "utilisation rate",
            "อัตราการเดินเครื่อง",
            "how hard are factories",
        ),
        display_th="อัตราการใช้กำลังการผลิต",
        display_en="Capacity utilization",
        asked_th="กำลังการผลิต",
        asked_en="capacity utilization",
        chart_title_th="อัตราการใช้กำลังการผลิต (ร้อยละ)",
    ),
)

SECTORS: tuple[Terms, ...] = (
    Terms(
        "10",
        "การผลิตผลิตภัณฑ์อาหาร",
        "Food products",
        (
            "อาหาร",
            "ผลิตภัณฑ์อาหาร",
            "อาหารแปรรูป",
            "น้ำตาล",
            "น้ำมันพืช",
            "อาหารทะเลแปรรูป",
            "ปลากระป๋อง",
            "food",
            "sugar",
        ),
    ),
    Terms(
        "11",
        "การผลิตเครื่องดื่ม",
        "Beverages",
        ("เครื่องดื่ม", "เบียร์", "สุรา", "น้ำอัดลม", "beverage", "beverages", "drinks"),
    ),
    Terms(
        "12",
        "การผลิตผลิตภัณฑ์ยาสูบ",
        "Tobacco products",
        ("ยาสูบ", "บุหรี่", "tobacco", "cigarettes"),
    ),
    Terms(
        "13",
        "การผลิตสิ่งทอ",
        "Textiles",
        ("สิ่งทอ", "ผ้าผืน", "เส้นใย", "textile", "textiles"),
    ),
    Terms(
        "14",
        "การผลิตเสื้อผ้าเครื่องแต่งกาย",
        "Wearing apparel",
        ("เสื้อผ้า", "เครื่องแต่งกาย", "เสื้อผ้าสำเร็จรูป", "apparel", "garments", "clothing"),
    ),
    Terms(
        "15",
        "การผลิตเครื่องหนังและผลิตภัณฑ์ที่เกี่ยวข้อง",
        "Leather and related products",
        ("เครื่องหนัง", "หนัง", "รองเท้า", "leather", "footwear", "shoes"),
    ),
    Terms(
        "16",
        "การผลิตไม้และผลิตภัณฑ์จากไม้และไม้ก๊อก (ยกเว้นเฟอร์นิเจอร์)",
        "Wood and products of wood and cork",
        ("ไม้", "ผลิตภัณฑ์จากไม้", "ไม้แปรรูป", "wood"),
    ),
    Terms(
        "17",
        "การผลิตกระดาษและผลิตภัณฑ์กระดาษ",
        "Paper and paper products",
        ("กระดาษ", "ผลิตภัณฑ์กระดาษ", "paper"),
    ),
    Terms(
        "19",
        "การผลิตผลิตภัณฑ์ถ่านโค้กและผลิตภัณฑ์ที่ได้จากการกลั่นปิโตรเลียม",
        "Coke and refined petroleum products",
        (
            "ปิโตรเลียม",
            "น้ำมัน",
            "กลั่นน้ำมัน",
            "โรงกลั่น",
            "ถ่านโค้ก",
            "petroleum",
            "refined petroleum",
            "oil",
            "refinery",
        ),
    ),
    Terms(
        "20",
        "การผลิตเคมีภัณฑ์และผลิตภัณฑ์เคมี",
        "Chemicals and chemical products",
        ("เคมีภัณฑ์", "เคมี", "ผลิตภัณฑ์เคมี", "chemicals", "chemical"),
    ),
    Terms(
        "21",
        "การผลิตเภสัชภัณฑ์ เคมีภัณฑ์ที่ใช้รักษาโรค และผลิตภัณฑ์จากพืชและสัตว์ที่ใช้รักษาโรค",
        "Pharmaceuticals",
        ("ยา", "เภสัชภัณฑ์", "ยารักษาโรค", "pharmaceuticals", "pharma", "medicine", "drugs"),
    ),
    Terms(
        "22",
        "การผลิตผลิตภัณฑ์ยางและผลิตภัณฑ์พลาสติก",
        "Rubber and plastics products",
        (
            "ยางและพลาสติก",
            "ยางพลาสติก",
            "ยาง",
            "พลาสติก",
            "ยางรถยนต์",
            "rubber and plastics",
            "rubber",
            "plastics",
            "plastic",
        ),
    ),
    Terms(
        "23",
        "การผลิตผลิตภัณฑ์อื่นๆ ที่ทำจากแร่อโลหะ",
        "Other non-metallic mineral products",
        (
            "แร่อโลหะ",
            "อโลหะ",
            "ปูนซีเมนต์",
            "ซีเมนต์",
            "ปูน",
            "เซรามิก",
            "แก้ว",
            "cement",
            "non-metallic minerals",
            "non-metallic",
            "ceramics",
            "glass",
        ),
    ),
    Terms(
        "24",
        "การผลิตโลหะขั้นมูลฐาน",
        "Basic metals",
        ("โลหะขั้นมูลฐาน", "เหล็ก", "เหล็กกล้า", "โลหะ", "basic metals", "steel", "iron", "metals"),
    ),
    Terms(
        "25",
        "การผลิตผลิตภัณฑ์ที่ทำจากโลหะประดิษฐ์ ยกเว้นเครื่องจักรและอุปกรณ์",
        "Fabricated metal products",
        ("โลหะประดิษฐ์", "ผลิตภัณฑ์โลหะ", "fabricated metal", "fabricated metals", "metal products"),
    ),
    Terms(
        "26",
        "การผลิตผลิตภัณฑ์คอมพิวเตอร์ อิเล็กทรอนิกส์และอุปกรณ์ที่ใช้ในทางแสง",
        "Computer, electronic and optical products",
        (
            "อิเล็กทรอนิกส์",
            "อิเล็คทรอนิกส์",
            "อิเลคทรอนิกส์",
            "คอมพิวเตอร์",
            "ฮาร์ดดิสก์",
            "แผงวงจร",
            "ชิป",
            "electronics",
            "electronic",
            "computers",
            "computer",
            "semiconductors",
        ),
    ),
    Terms(
        "27",
        "การผลิตอุปกรณ์ไฟฟ้า",
        "Electrical equipment",
        ("อุปกรณ์ไฟฟ้า", "เครื่องใช้ไฟฟ้า", "ไฟฟ้า", "electrical equipment", "electrical", "appliances"),
    ),
    Terms(
        "28",
        "การผลิตเครื่องจักรและเครื่องมือ ซึ่งมิได้จัดประเภทไว้ในที่อื่น",
        "Machinery and equipment n.e.c.",
        ("เครื่องจักร", "เครื่องมือ", "เครื่องจักรกล", "machinery", "machines"),
    ),
    Terms(
        "29",
        "การผลิตยานยนต์ รถพ่วงและรถกึ่งรถพ่วง",
        "Motor vehicles, trailers and semi-trailers",
        (
            "ยานยนต์",
            "รถยนต์",
            "รถ",
            "รถกระบะ",
            "รถพ่วง",
            "automotive",
            "motor vehicles",
            "vehicles",
            "cars",
            "car",
            "auto",
        ),
    ),
    Terms(
        "30",
        "การผลิตอุปกรณ์ขนส่งอื่นๆ",
        "Other transport equipment",
        (
            "อุปกรณ์ขนส่งอื่นๆ",
            "อุปกรณ์ขนส่ง",
            "จักรยานยนต์",
            "มอเตอร์ไซค์",
            "เรือ",
            "transport equipment",
            "motorcycles",
            "motorcycle",
        ),
    ),
    Terms(
        "31",
        "การผลิตเฟอร์นิเจอร์",
        "Furniture",
        ("เฟอร์นิเจอร์", "เฟอนิเจอร์", "furniture"),
    ),
    Terms(
        "32",
        "การผลิตผลิตภัณฑ์อื่นๆ",
        "Other manufacturing",
        ("อุตสาหกรรมอื่นๆ", "ผลิตภัณฑ์อื่นๆ", "เครื่องประดับ", "อัญมณี", "ของเล่น", "other manufacturing", "jewelry"),
    ),
)

SECTOR_CODES: tuple[str, ...] = tuple(sector.code for sector in SECTORS)
INDICATOR_TERMS: dict[str, IndicatorTerms] = {terms.code: terms for terms in INDICATORS}
SECTOR_TERMS: dict[str, Terms] = {terms.code: terms for terms in SECTORS}

# The whole manufacturing sector, as people name it.
TOTAL_TERMS = Terms(
    TOTAL,
    "อุตสาหกรรมการผลิตรวม",
    "Total manufacturing",
    (
        "ภาพรวม", "ภาพรวมอุตสาหกรรม", "ภาคอุตสาหกรรม", "ภาคอุตสาหกรรมการผลิต", "อุตสาหกรรมการผลิต", "อุตสาหกรรมรวม",
        "ทั้งประเทศ", "ทุกอุตสาหกรรม", "อุตสาหกรรมโดยรวม", "ภาคการผลิต", "ภาคการผลิตไทย", "อุตสาหกรรมไทย",
        "total manufacturing", "overall", "manufacturing sector", "whole manufacturing sector",
        "manufacturing as a whole", "all manufacturing", "manufacturing industry", "all industries", "nationwide",
        "whole country", "thai manufacturing", "thai industry",
    ),
)  # fmt: skip
