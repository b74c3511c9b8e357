"""Words of questions about the data itself rather than one figure: how the
indices are made (base year, weights, seasonal adjustment, preliminary figures
and revisions), answered by the indicator's definition; where to get the series
(downloads, the open data API) and whom to contact, answered by the help; and
when a series peaked, answered by its chart (which names its highest and
lowest months)."""

from __future__ import annotations

# Sector weights: a definition of the sector named, which gives its weight.
WEIGHT_WORDS = ("น้ำหนัก", "weight", "สัดส่วนใน", "share of the mpi", "ส่วนแบ่ง", "สัดส่วนการผลิต")
METHOD_WORDS = (
    "ปีฐาน",
    "base year",
    "ถ่วงน้ำหนัก",
    *WEIGHT_WORDS,
    "ปรับฤดูกาล",
    "ผลของฤดูกาล",
    "seasonally adjusted",
    "seasonally-adjusted",
    "seasonal adjustment",
    "เป็นตัวเลขเบื้องต้น",
    "ตัวเลขเบื้องต้นหรือ",
    "เบื้องต้นใช่ไหม",
    "เบื้องต้นใช่มั้ย",
    "เบื้องต้นหรือเปล่า",
    "เบื้องต้นรึเปล่า",
    "ตัวเลขจริงหรือ",
    "preliminary or final",
    "is it preliminary",
    "is this preliminary",
    "are these preliminary",
    "final figure",
    "ปรับปรุงตัวเลข",
    "ตัวเลขปรับปรุง",
    "ถูกปรับปรุง",
    "ถูกแก้",
    "แก้ตัวเลข",
    "ตัวเลขเปลี่ยน",
    "revised",
    "revision",
    "ระเบียบวิธี",
    "วิธีการจัดทำ",
    "จัดทำอย่างไร",
    "จัดทำยังไง",
    "methodology",
    "compiled",
    "สินค้าตัวแทน",
    "representative products",
)
DATA_ACCESS_WORDS = (
    "ดาวน์โหลด",
    "โหลดข้อมูล",
    "download",
    "excel",
    "เอ็กเซล",
    "ไฟล์ข้อมูล",
    "ขอไฟล์",
    "เป็นไฟล์",
    "csv",
    "xlsx",
    "api",
    "open data",
    "ข้อมูลเปิด",
    "ข้อมูลดิบ",
    "raw data",
    "dataset",
    "ชุดข้อมูล",
    "เว็บไซต์",
    "website",
    "ลิงก์",
    "ลิ้งก์",
    "ลิงค์",
    "link",
    "ข้อมูลย้อนหลังทั้งหมด",
    "full series",
    "time series",
)
# Who runs the service and how to reach OIE: the help gives OIE's site.
CONTACT_WORDS = (
    "คุณคือใคร",
    "เป็นใคร",
    "who are you",
    "ติดต่อเจ้าหน้าที่",
    "ติดต่อสอบถาม",
    "ช่องทางติดต่อ",
    "ติดต่อ สศอ",
    "เบอร์โทร",
    "contact",
    "สศอ. อยู่ที่ไหน",
    "สศอ อยู่ที่ไหน",
    # A figure reported wrong: OIE's contacts, where it can be checked and corrected.
    "ตัวเลขผิด",
    "ข้อมูลผิด",
    "ผิดแล้ว",
    "ไม่ตรงกับเว็บ",
    "ไม่ตรงกับที่ประกาศ",
    "แจ้งปัญหา",
    "ร้องเรียน",
    "wrong figure",
    "wrong number",
    "wrong data",
    "report a problem",
)
# "ล่าสุดเดือนไหน": which month the latest figure is for, not when the series peaked.
LATEST_MONTH_WORDS = ("ล่าสุดเดือนไหน", "ล่าสุดคือเดือนไหน", "ล่าสุดเป็นเดือนไหน", "ล่าสุดถึงเดือนไหน", "เดือนไหนล่าสุด")
# Which month a series was highest or lowest: its chart over the period says.
PEAK_WORDS = (
    "เดือนไหน",
    "เดือนใด",
    "which month",
    "what month",
    "peak",
    "จุดสูงสุด",
    "จุดต่ำสุด",
    "สูงสุดในรอบ",
    "ต่ำสุดในรอบ",
    "สูงสุดเท่าไหร่",
    "สูงสุดเท่าไร",
    "ต่ำสุดเท่าไหร่",
    "ต่ำสุดเท่าไร",
    "highest level",
    "lowest level",
    "record high",
    "record low",
)
# Short English words counted only as whole words ("api" in "capital", "link" in "linked").
WHOLE_WORDS = frozenset({"api", "csv", "link", "xlsx", "excel"})
