"""Statistics people ask this service about that it does not publish, and who does.

A question about one of these gets "we don't publish that; here is who does",
never a figure of ours: a wrong figure is worse than no figure. Names are
normalized (lower case) and matched as substrings, longest first; short
English names only as whole words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from nlp.gazetteer import groups
from nlp.wordsearch import alternation


@dataclass(frozen=True)
class OtherStatistic:
    code: str
    name_th: str
    name_en: str
    publisher_th: str
    publisher_en: str
    url: str
    names: tuple[str, ...]  # how people write it, normalized


TPSO_TH = "สำนักงานนโยบายและยุทธศาสตร์การค้า (สนค.) กระทรวงพาณิชย์"
TPSO_EN = "the Trade Policy and Strategy Office (TPSO), Ministry of Commerce"
BOT_TH = "ธนาคารแห่งประเทศไทย (ธปท.)"
BOT_EN = "the Bank of Thailand"
NSO_TH = "สำนักงานสถิติแห่งชาติ (สสช.)"
NSO_EN = "the National Statistical Office (NSO)"

OTHER_STATISTICS: tuple[OtherStatistic, ...] = (
    OtherStatistic(
        "inflation", "อัตราเงินเฟ้อและดัชนีราคาผู้บริโภค", "inflation and the consumer price index",
        TPSO_TH, TPSO_EN, "https://www.tpso.go.th",
        ("เงินเฟ้อ", "ดัชนีราคาผู้บริโภค", "ราคาผู้บริโภค", "ค่าครองชีพ", "ของแพง", "inflation", "cpi",
         "consumer price", "cost of living"),
    ),
    OtherStatistic(
        "ppi", "ดัชนีราคาผู้ผลิต", "the producer price index", TPSO_TH, TPSO_EN, "https://www.tpso.go.th",
        ("ดัชนีราคาผู้ผลิต", "ราคาผู้ผลิต", "ppi", "producer price"),
    ),
    OtherStatistic(
        "gdp", "ผลิตภัณฑ์มวลรวมในประเทศ (GDP)", "GDP and economic growth",
        "สำนักงานสภาพัฒนาการเศรษฐกิจและสังคมแห่งชาติ (สศช.)",
        "the Office of the National Economic and Social Development Council (NESDC)", "https://www.nesdc.go.th",
        ("จีดีพี", "ผลิตภัณฑ์มวลรวม", "เศรษฐกิจไทยโต", "เศรษฐกิจโต", "การเติบโตทางเศรษฐกิจ", "gdp",
         "gross domestic product", "economic growth", "economy grow", "เศรษฐกิจไทย", "เศรษฐกิจโดยรวม",
         "เศรษฐกิจของประเทศ", "the economy", "thai economy", "thailand's economy"),
    ),
    OtherStatistic(
        "unemployment", "การว่างงานและภาวะการทำงาน", "unemployment and employment", NSO_TH, NSO_EN,
        "https://www.nso.go.th",
        ("ว่างงาน", "คนตกงาน", "ตกงาน", "การจ้างงาน", "ภาวะการทำงาน", "จำนวนแรงงาน", "จำนวนคนงาน", "จำนวนลูกจ้าง",
         "แรงงานในโรงงาน", "จ้างงาน", "เลิกจ้าง", "ปลดคนงาน", "ลดคนงาน", "คนงานกี่คน", "พนักงานกี่คน",
         "ลูกจ้างกี่คน", "แรงงานกี่คน", "unemploy", "jobless", "employment rate", "number of workers",
         "labour force", "labor force", "employ", "workforce", "headcount", "layoffs", "laid off", "job cuts",
         "how many workers", "how many people work", "how many jobs", "how many employees"),
    ),
    OtherStatistic(
        "exchange_rate", "อัตราแลกเปลี่ยน", "exchange rates", BOT_TH, BOT_EN, "https://www.bot.or.th",
        ("อัตราแลกเปลี่ยน", "ค่าเงินบาท", "ค่าเงิน", "เงินบาท", "ดอลลาร์", "exchange rate", "baht", "usd/thb",
         "thb", "dollar", "currency"),
    ),
    OtherStatistic(
        "interest_rate", "อัตราดอกเบี้ย", "interest rates", BOT_TH, BOT_EN, "https://www.bot.or.th",
        ("ดอกเบี้ย", "interest rate", "policy rate"),
    ),
    OtherStatistic(
        "trade", "มูลค่าการส่งออกและนำเข้า", "export and import values",
        "กรมศุลกากร และสำนักงานนโยบายและยุทธศาสตร์การค้า กระทรวงพาณิชย์",
        "the Customs Department and the Ministry of Commerce (TPSO)", "https://www.customs.go.th",
        ("การส่งออก", "ส่งออก", "นำเข้า", "ดุลการค้า", "มูลค่าการค้า", "export", "import", "trade balance",
         "imports", "trade deficit", "trade surplus"),
    ),
    OtherStatistic(
        "pmi", "ดัชนีผู้จัดการฝ่ายจัดซื้อ (PMI)", "the purchasing managers' index (PMI)", "S&P Global",
        "S&P Global", "https://www.pmi.spglobal.com",
        ("ผู้จัดการฝ่ายจัดซื้อ", "pmi", "purchasing manager"),
    ),
    OtherStatistic(
        "industry_sentiment", "ดัชนีความเชื่อมั่นภาคอุตสาหกรรม (TISI)", "the Thai Industries Sentiment Index",
        "สภาอุตสาหกรรมแห่งประเทศไทย (ส.อ.ท.)", "the Federation of Thai Industries (FTI)", "https://fti.or.th",
        ("ความเชื่อมั่นภาคอุตสาหกรรม", "ความเชื่อมั่นอุตสาหกรรม", "ความเชื่อมั่นผู้ประกอบการ", "tisi",
         "industries sentiment", "business confidence", "business sentiment"),
    ),
    OtherStatistic(
        "consumer_confidence", "ดัชนีความเชื่อมั่นผู้บริโภค", "consumer confidence",
        "มหาวิทยาลัยหอการค้าไทย", "the University of the Thai Chamber of Commerce", "https://www.utcc.ac.th",
        ("ความเชื่อมั่นผู้บริโภค", "consumer confidence", "consumer sentiment"),
    ),
    OtherStatistic(
        "stocks", "ราคาหุ้นและดัชนีตลาดหลักทรัพย์", "stock prices and the SET index",
        "ตลาดหลักทรัพย์แห่งประเทศไทย", "the Stock Exchange of Thailand", "https://www.set.or.th",
        ("ราคาหุ้น", "ดัชนีหุ้น", "ตลาดหุ้น", "หุ้น", "ตลาดหลักทรัพย์", "set index", "stock price", "stock market",
         "stock exchange", "share price"),
    ),
    OtherStatistic(
        "fuel_price", "ราคาน้ำมันเชื้อเพลิง", "fuel prices", "สำนักงานนโยบายและแผนพลังงาน (สนพ.)",
        "the Energy Policy and Planning Office (EPPO)", "https://www.eppo.go.th",
        ("ราคาน้ำมัน", "น้ำมันขึ้น", "น้ำมันลง", "ราคาดีเซล", "ราคาเบนซิน", "oil price", "fuel price",
         "petrol price", "gasoline price", "diesel price"),
    ),
    OtherStatistic(
        "gold_price", "ราคาทองคำ", "gold prices", "สมาคมค้าทองคำ", "the Gold Traders Association",
        "https://www.goldtraders.or.th",
        ("ราคาทอง", "ทองคำ", "ทองขึ้น", "ทองลง", "gold price", "price of gold"),
    ),
    OtherStatistic(
        "construction_prices", "ดัชนีราคาวัสดุก่อสร้าง", "construction material prices", TPSO_TH, TPSO_EN,
        "https://www.tpso.go.th",
        ("ราคาวัสดุก่อสร้าง", "ราคาเหล็กเส้น", "ราคาเหล็ก", "ราคาปูนซีเมนต์", "ราคาปูน", "ราคาไม้", "ราคาท่อ",
         "construction material price", "steel price", "cement price"),
    ),
    OtherStatistic(
        "farm_prices", "ราคาสินค้าเกษตรที่เกษตรกรขายได้", "farm prices", "สำนักงานเศรษฐกิจการเกษตร (สศก.)",
        "the Office of Agricultural Economics (OAE)", "https://www.oae.go.th",
        ("ราคาสินค้าเกษตร", "ราคาพืชผล", "ราคายางพารา", "ราคายาง", "ราคาข้าวเปลือก", "ราคาข้าว", "ราคามัน",
         "ราคาปาล์ม", "ราคาอ้อย", "ราคาหมู", "ราคาไข่", "ราคาทุเรียน", "ราคาผลไม้", "ราคาข้าวโพด",
         "farm price", "crop price", "rubber price", "rice price", "palm oil price"),
    ),
    OtherStatistic(
        "wages", "ค่าจ้างขั้นต่ำและค่าจ้างแรงงาน", "minimum and average wages", "กระทรวงแรงงาน",
        "the Ministry of Labour", "https://www.mol.go.th",
        ("ค่าแรง", "ค่าจ้าง", "เงินเดือนเฉลี่ย", "minimum wage", "wages", "salary"),
    ),
    OtherStatistic(
        "population", "ประชากร", "population", NSO_TH, NSO_EN, "https://www.nso.go.th",
        ("ประชากร", "จำนวนคน", "population"),
    ),
    OtherStatistic(
        "tourism", "สถิตินักท่องเที่ยว", "tourist arrivals", "กระทรวงการท่องเที่ยวและกีฬา",
        "the Ministry of Tourism and Sports", "https://www.mots.go.th",
        ("นักท่องเที่ยว", "ท่องเที่ยว", "tourist", "tourism"),
    ),
    OtherStatistic(
        "foreign_production", "ตัวเลขการผลิตอุตสาหกรรมของต่างประเทศ", "industrial production of other countries",
        "หน่วยงานสถิติของประเทศนั้น", "that country's statistics office", "",
        ("ของจีน", "ประเทศจีน", "ญี่ปุ่น", "เวียดนาม", "อเมริกา", "สหรัฐ", "มาเลเซีย", "เกาหลี", "อินโดนีเซีย",
         "ยุโรป", "china", "chinese", "japan", "vietnam", "united states", "u.s.", "america", "malaysia",
         "korea", "indonesia", "europe", "german", "us industrial", "us manufacturing", "american"),
    ),
    OtherStatistic(
        "unit_sales", "ยอดขายสินค้าเป็นจำนวนหน่วย", "sales in units",
        "สมาคมหรือกลุ่มอุตสาหกรรมของสินค้านั้น เช่น กลุ่มอุตสาหกรรมยานยนต์ สภาอุตสาหกรรมแห่งประเทศไทย สำหรับรถยนต์",
        "the industry's association, such as the Federation of Thai Industries' automotive club for cars",
        "https://fti.or.th",
        ("เป็นจำนวนหน่วย", "จำนวนหน่วยที่ขาย", "ขายได้กี่คัน", "ขายได้กี่เครื่อง", "ขายได้กี่ชิ้น", "ยอดขายกี่คัน",
         "จำนวนคันที่ขาย", "กี่คัน", "(คัน)", "จำนวนรถยนต์ที่", "in units", "units sold", "unit sales", "number sold",
         "how many cars were sold", "how many units", "units of cars",
         "ยอดขายรถยนต์ในประเทศ", "ยอดขายรถในประเทศ", "ยอดจำหน่ายรถยนต์", "domestic car sales", "domestic vehicle sales"),
    ),
    OtherStatistic(
        "vehicle_registrations", "การจดทะเบียนรถ", "vehicle registrations", "กรมการขนส่งทางบก",
        "the Department of Land Transport", "https://www.dlt.go.th",
        ("จดทะเบียนรถ", "รถจดทะเบียน", "ยอดจดทะเบียน", "ป้ายแดง", "vehicle registration", "car registration",
         "new registrations"),
    ),
    OtherStatistic(
        "factories", "จำนวนโรงงานที่เปิดและปิดกิจการ", "factories opened and closed", "กรมโรงงานอุตสาหกรรม",
        "the Department of Industrial Works", "https://www.diw.go.th",
        ("โรงงานเปิดใหม่", "โรงงานปิด", "ปิดโรงงาน", "ปิดกิจการ", "ปิดตัว", "เปิดใหม่กี่", "จำนวนโรงงาน",
         "ตั้งโรงงาน", "ใบอนุญาตโรงงาน", "ขอ รง.4", "รง.4", "factory openings", "factory closures",
         "factories closed", "factories opened", "new factories", "number of factories", "factory licences",
         "factory licenses"),
    ),
    OtherStatistic(
        "electricity", "การใช้ไฟฟ้า", "electricity use", "สำนักงานนโยบายและแผนพลังงาน (สนพ.)",
        "the Energy Policy and Planning Office (EPPO)", "https://www.eppo.go.th",
        # Not "ใช้ไฟฟ้า" alone: it is in "เครื่องใช้ไฟฟ้า" (electrical appliances, our division 27).
        ("การใช้ไฟฟ้า", "ปริมาณการใช้ไฟ", "ค่าไฟ", "ปริมาณไฟฟ้า", "ใช้ไฟฟ้าไป", "ใช้ไฟไป", "ใช้ไฟฟ้ากี่หน่วย",
         "electricity consumption", "electricity use", "power consumption", "electricity demand", "power demand",
         # Fuel used, not refined (refining is our division 19).
         "การใช้น้ำมัน", "ใช้น้ำมันดีเซล", "การใช้พลังงาน", "energy consumption", "fuel consumption",
         "oil consumption", "diesel consumption"),
    ),
    OtherStatistic(
        "regional", "ตัวเลขอุตสาหกรรมรายภาคหรือรายจังหวัด", "industrial figures by region or province",
        "สำนักงานอุตสาหกรรมจังหวัด กระทรวงอุตสาหกรรม และรายงานเศรษฐกิจรายภาคของธนาคารแห่งประเทศไทย",
        "the Bank of Thailand in its regional economic reports (and, for a province, its provincial industry"
        " office)", "https://www.bot.or.th",
        # OIE's indices are national. Province names that are also everyday words (เลย, แพร่, ตาก, น่าน)
        # only after "จังหวัด", which is on the list itself.
        ("รายภาค", "รายจังหวัด", "ระดับจังหวัด", "ระดับภูมิภาค", "จังหวัด", "ภาคเหนือ", "ภาคใต้", "ภาคอีสาน",
         "ภาคตะวันออก", "ภาคกลาง", "ภาคตะวันตก", "อีอีซี", "ระเบียงเศรษฐกิจพิเศษ", "กรุงเทพ", "กทม", "ปริมณฑล",
         "ระยอง", "ชลบุรี", "ฉะเชิงเทรา", "ปราจีนบุรี", "สระแก้ว", "จันทบุรี", "ตราด", "นครนายก", "สมุทรปราการ",
         "สมุทรสาคร", "สมุทรสงคราม", "นนทบุรี", "ปทุมธานี", "อยุธยา", "อ่างทอง", "ลพบุรี", "สิงห์บุรี", "ชัยนาท",
         "สระบุรี", "สุพรรณบุรี", "นครปฐม", "กาญจนบุรี", "ราชบุรี", "เพชรบุรี", "ประจวบคีรีขันธ์", "นครราชสีมา",
         "โคราช", "ขอนแก่น", "อุดรธานี", "อุบลราชธานี", "บุรีรัมย์", "สุรินทร์", "ศรีสะเกษ", "ชัยภูมิ", "มหาสารคาม",
         "ร้อยเอ็ด", "กาฬสินธุ์", "สกลนคร", "นครพนม", "มุกดาหาร", "ยโสธร", "อำนาจเจริญ", "หนองคาย", "หนองบัวลำภู",
         "บึงกาฬ", "เชียงใหม่", "เชียงราย", "ลำพูน", "ลำปาง", "พะเยา", "แม่ฮ่องสอน", "อุตรดิตถ์", "สุโขทัย",
         "พิษณุโลก", "พิจิตร", "เพชรบูรณ์", "กำแพงเพชร", "นครสวรรค์", "อุทัยธานี", "นครศรีธรรมราช", "สุราษฎร์ธานี",
         "ชุมพร", "ระนอง", "พังงา", "ภูเก็ต", "กระบี่", "ตรัง", "พัทลุง", "สงขลา", "สตูล", "ปัตตานี", "ยะลา",
         "นราธิวาส", "by region", "by province", "province", "provincial", "regional", "northern thailand",
         "southern thailand", "northeastern", "eastern seaboard", "eastern economic corridor", "bangkok", "rayong",
         "chonburi", "chon buri", "chachoengsao", "ayutthaya", "samut prakan", "samut sakhon", "pathum thani",
         "saraburi", "nakhon ratchasima", "korat", "khon kaen", "chiang mai", "songkhla", "phuket",
         "surat thani", "lamphun", "prachinburi", "eec"),
    ),
    OtherStatistic(
        "mining", "การทำเหมืองแร่ ถ่านหิน และการผลิตน้ำมันดิบและก๊าซธรรมชาติ",
        "mining, coal, and crude oil and natural gas extraction", "กรมอุตสาหกรรมพื้นฐานและการเหมืองแร่ (กพร.)",
        "the Department of Primary Industries and Mines (DPIM)", "https://www.dpim.go.th",
        # Mining is outside manufacturing, so outside the MPI; refining crude oil (19) is inside.
        ("เหมืองแร่", "ทำเหมือง", "เหมืองถ่านหิน", "ถ่านหิน", "ลิกไนต์", "ผลิตน้ำมันดิบ", "ขุดเจาะน้ำมัน",
         "ขุดเจาะก๊าซ", "ผลิตก๊าซธรรมชาติ", "mining", "quarrying", "coal", "lignite", "crude oil production",
         "crude oil output", "natural gas production", "natural gas output"),
    ),
    OtherStatistic(
        "industrial_estates", "การขายและเช่าพื้นที่นิคมอุตสาหกรรม", "industrial estate land sales and occupancy",
        "การนิคมอุตสาหกรรมแห่งประเทศไทย (กนอ.)", "the Industrial Estate Authority of Thailand (IEAT)",
        "https://www.ieat.go.th",
        ("นิคมอุตสาหกรรม", "พื้นที่นิคม", "ที่ดินนิคม", "เช่าพื้นที่นิคม", "industrial estate", "industrial land",
         "industrial park occupancy"),
    ),
    OtherStatistic(
        "investment", "การขอรับการส่งเสริมการลงทุนและการลงทุนจากต่างประเทศ",
        "investment promotion applications and foreign direct investment",
        "สำนักงานคณะกรรมการส่งเสริมการลงทุน (บีโอไอ)", "the Board of Investment (BOI)", "https://www.boi.go.th",
        ("ส่งเสริมการลงทุน", "บีโอไอ", "ขอรับการส่งเสริม", "เงินลงทุนจากต่างประเทศ", "ลงทุนจากต่างชาติ",
         "การลงทุนต่างชาติ", "ต่างชาติลงทุน", "boi", "fdi", "foreign direct investment", "foreign investment",
         "investment applications", "investment promotion", "investment pledges"),
    ),
    OtherStatistic(
        "goods_prices", "ราคาสินค้า", "prices of goods", "กรมการค้าภายใน กระทรวงพาณิชย์",
        "the Department of Internal Trade, Ministry of Commerce", "https://www.dit.go.th",
        # Any price not named above ("ราคาน้ำตาลทรายวันนี้"): OIE's indices count quantities, not prices.
        ("ราคา", "price", "prices"),
    ),
    OtherStatistic(
        "housing", "ตลาดที่อยู่อาศัยและอสังหาริมทรัพย์", "housing and real estate",
        "ศูนย์ข้อมูลอสังหาริมทรัพย์ ธนาคารอาคารสงเคราะห์", "the Real Estate Information Center (REIC)",
        "https://www.reic.or.th",
        # Not "บ้าน" alone: it is in "เครื่องใช้ในบ้าน" and "สีทาบ้าน", which factories make.
        ("ยอดขายบ้าน", "ขายบ้าน", "บ้านใหม่", "บ้านมือสอง", "คอนโด", "อสังหา", "ที่อยู่อาศัย", "housing",
         "home sales", "house sales", "real estate", "property market", "condo"),
    ),
    OtherStatistic(
        "household_debt", "สินเชื่อและหนี้ครัวเรือน", "credit and household debt", BOT_TH, BOT_EN,
        "https://www.bot.or.th",
        # Not "สินเชื่อ" alone: "นักวิเคราะห์สินเชื่อ" (a credit analyst) asks about our index.
        ("หนี้ครัวเรือน", "หนี้สินครัวเรือน", "ยอดสินเชื่อ", "ปล่อยสินเชื่อ", "หนี้เสีย", "household debt",
         "bank lending", "credit growth", "bad loans", "npl"),
    ),
    OtherStatistic(
        "air_quality", "คุณภาพอากาศและฝุ่นละออง", "air quality and fine dust", "กรมควบคุมมลพิษ",
        "the Pollution Control Department", "https://www.pcd.go.th",
        ("ฝุ่น", "pm2.5", "pm 2.5", "pm10", "คุณภาพอากาศ", "มลพิษทางอากาศ", "air quality", "air pollution",
         "smog"),
    ),
    OtherStatistic(
        "services", "ธุรกิจบริการ ร้านอาหาร และค้าปลีก", "services, restaurants and retail trade", NSO_TH, NSO_EN,
        "https://www.nso.go.th",
        # Restaurants cook food but are a service: our food index counts what factories make.
        ("ร้านอาหาร", "ภัตตาคาร", "ธุรกิจบริการ", "ภาคบริการ", "ค้าปลีก", "ค้าส่ง", "ห้างสรรพสินค้า", "restaurant",
         "retail sales", "retail trade", "wholesale", "service sector", "services sector"),
    ),
    OtherStatistic(
        "weather", "สภาพอากาศ", "the weather", "กรมอุตุนิยมวิทยา", "the Thai Meteorological Department",
        "https://www.tmd.go.th",
        ("สภาพอากาศ", "อากาศวันนี้", "อากาศดี", "อากาศร้อน", "อากาศหนาว", "ฝนตก", "พยากรณ์อากาศ", "weather",
         "rain"),
    ),
)  # fmt: skip

# Short English names that are also parts of other words ("rain" in "training",
# "import" in "important"). Not "stock" alone: it is our inventories index.
_WHOLE_WORDS = frozenset(
    {"cpi", "ppi", "gdp", "pmi", "thb", "rain", "tisi", "import", "eec", "boi", "fdi", "coal", "mining"}
)


# Statistics whose words also describe a product ("ไก่ส่งออก", "export-grade rice"): beside an
# index of ours named outright, they qualify the product instead of asking for the statistic.
QUALIFY_PRODUCTS = frozenset({"trade"})
# Statistics that are ours at another level: the answer offers our national figure beside them.
NATIONAL_ONLY = frozenset({"regional"})

BY_CODE = {statistic.code: statistic for statistic in OTHER_STATISTICS}
_CODE_OF_NAME = {name: statistic.code for statistic in OTHER_STATISTICS for name in statistic.names}


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    """One alternation of every name (a trie, see `nlp.wordsearch`), without
    groups: with a group per name the search is a hundred times slower."""
    return re.compile(alternation(_CODE_OF_NAME, _WHOLE_WORDS))


@lru_cache(maxsize=1)
def _products_naming_a_statistic() -> re.Pattern[str] | None:
    """Product words of the gazetteer that hold a name of a statistic which can
    qualify a product ("ไก่ส่งออก", export chicken, is what a factory makes)."""
    names = [name for code in QUALIFY_PRODUCTS for name in BY_CODE[code].names]
    found = {word for group in groups() for word in group.products if any(name in word for name in names)}
    return re.compile(alternation(found)) if found else None


def about_a_product_only(text: str) -> bool:
    """Whether every name of a statistic in the message is part of a product's name,
    as in "อุตสาหกรรมแปรรูปไก่ส่งออก": the industry, not the export figures."""
    products = _products_naming_a_statistic()
    return products is not None and other_statistic(products.sub(" ", text)) is None


def other_statistic(text: str) -> OtherStatistic | None:
    """The statistic of another agency a normalized message asks about, if any."""
    match = _pattern().search(text)
    return None if match is None else BY_CODE[_CODE_OF_NAME[match.group(0)]]


def without_other_statistics(text: str) -> str:
    """The message without the names of other agencies' statistics."""
    return _pattern().sub(" ", text)
