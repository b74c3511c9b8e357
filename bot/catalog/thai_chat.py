"""The Thai of the chat and of the release announcement, by English message,
except what only one answer says: that is beside it, in its module's `THAI`
(bot/answers/intents/), so an intent's words and their Thai are in one place.
Months come with Buddhist-era years and ร้อยละ before a percentage; what a
button sends is Thai the parser reads back. `thai.THAI` includes it."""

CHAT: dict[str, str | tuple[str]] = {
    # --- the pieces of every answer ---
    "OIE publishes no index without %(sectors)s. Below: total manufacturing, and %(sectors)s on its own.": "สศอ. ไม่ได้เผยแพร่ดัชนีที่ไม่รวม%(sectors)s ด้านล่างเป็นภาพรวมอุตสาหกรรมการผลิต และ%(sectors)sแยกให้เทียบ",
    "There is no indicator data yet; staff are importing it. Please try again later.": "ยังไม่มีข้อมูลดัชนีในระบบ เจ้าหน้าที่กำลังนำเข้าข้อมูล โปรดลองใหม่ภายหลัง",
    "Sorry, something went wrong on our side. Please ask again.": "ขออภัย ระบบขัดข้องชั่วคราว โปรดลองถามใหม่อีกครั้ง",
    "Source: Office of Industrial Economics (OIE), Thailand.": "ที่มา: สำนักงานเศรษฐกิจอุตสาหกรรม (สศอ.)",
    "Source: sample data (synthetic), not official OIE figures.": "ที่มา: ข้อมูลตัวอย่าง (สังเคราะห์) ไม่ใช่ตัวเลขทางการของ สศอ.",
    " (preliminary)": " (ตัวเลขเบื้องต้น)",
    "total manufacturing": "ภาพรวมอุตสาหกรรมการผลิต",
    "%(name)s (TSIC %(code)s)": "สาขา%(name)s (TSIC %(code)s)",
    "%(number)s%%": "ร้อยละ %(number)s",
    " points": " จุด",
    " pts": " จุด",
    "up": "เพิ่มขึ้น",
    "down": "ลดลง",
    "no change": "ทรงตัว",
    "from the previous month": "เมื่อเทียบกับเดือนก่อนหน้า",
    "from the previous quarter": "เมื่อเทียบกับไตรมาสก่อนหน้า",
    "from the same month a year earlier": "เมื่อเทียบกับเดือนเดียวกันของปีก่อน",
    "from the same quarter a year earlier": "เมื่อเทียบกับไตรมาสเดียวกันของปีก่อน",
    "from the year before": "เมื่อเทียบกับปีก่อน",
    "from the same months a year earlier": "เมื่อเทียบกับช่วงเดียวกันของปีก่อน",
    "compared with %(period)s": "เมื่อเทียบกับ%(period)s",
    " (no earlier data to compare with)": " (ไม่มีข้อมูลช่วงก่อนหน้าให้เทียบ)",
    "(data available up to %(month)s; averaged over the months available)": "(มีข้อมูลถึง%(month)s จึงเฉลี่ยเฉพาะเดือนที่มีข้อมูล)",
    "There is no data for %(asked)s yet; the latest month is %(latest)s.": "ยังไม่มีข้อมูล%(asked)s ข้อมูลล่าสุดคือ%(latest)s",
    "(Understood as: %(understood)s)": "(เข้าใจว่า: %(understood)s)",
    "There is no data for %(name)s, %(where)s.": "ยังไม่มีข้อมูล%(name)s %(where)s",
    # Periods as the parser reads them back, inside the questions buttons send.
    "Q%(quarter)d %(year)d": "ไตรมาส %(quarter)d/%(year)d",
    "%(year)d": "ปี %(year)d",
    "first %(months)d months of %(year)d": "%(months)d เดือนแรก ปี %(year)d",
    "%(start)s to %(end)s": "%(start)s ถึง %(end)s",
    # --- starters ---
    "Latest MPI": "MPI ล่าสุด",
    "latest MPI": "MPI ล่าสุด",
    "Capacity utilization": "กำลังการผลิตล่าสุด",
    "capacity utilization latest": "อัตราการใช้กำลังการผลิตล่าสุด",
    "Top sectors": "สาขาที่โตสูงสุด",
    "which sectors grew the most": "สาขาไหนโตมากที่สุด",
    "MPI chart": "ดูกราฟ MPI",
    "show me a chart of MPI": "กราฟ MPI",
    "What is MPI?": "MPI คืออะไร",
    # --- said by several answers (an answer's own words are in its module, bot/answers/intents/) ---
    "Total": "ภาพรวม",
    "%(subject)s %(when)s year on year": "%(subject)s %(when)s เทียบปีก่อน",
    "Chart": "ดูกราฟ",
    "chart of %(subject)s": "กราฟ%(subject)s",
    # --- around the answers: welcome, privacy, subscriptions, media, data deletion ---
    "Thank you for adding us as a friend.\nThis account answers questions about the industrial indicators of Thailand's Office of Industrial Economics: the Manufacturing Production Index (MPI), capacity utilization, shipments and inventories, in total and for 22 sectors. Ask away, or tap a button below.\n"
    'Tap "Every release" to hear when OIE publishes new figures, or send "subscribe cars" for one sector.\nSend "delete my data" to have your data deleted.': "ขอบคุณที่เพิ่มเพื่อนครับ 🙏\n"
    "บัญชีนี้ตอบคำถามเรื่องดัชนีเศรษฐกิจอุตสาหกรรมของ สศอ. เช่น ดัชนีผลผลิตอุตสาหกรรม (MPI) อัตราการใช้กำลังการผลิต การส่งสินค้า สินค้าคงคลัง ทั้งภาพรวมและ 22 สาขา พิมพ์ถามได้เลย หรือกดปุ่มด้านล่าง\n"
    'กด "รับข่าวทุกเดือน" เพื่อรับแจ้งเมื่อ สศอ. เผยแพร่ข้อมูลใหม่ หรือพิมพ์ "ติดตาม ยานยนต์" เฉพาะสาขา\n'
    'พิมพ์ "ลบข้อมูลของฉัน" เมื่อต้องการให้ลบข้อมูลของคุณ',
    '🔒 Privacy: we keep your LINE user id, the topics you follow and the questions you send for %(days)d days to answer and improve the service, then remove what identifies you. We keep no name or profile picture. Send "delete my data" to delete it all now. The full notice: %(url)s': "🔒 ความเป็นส่วนตัว: เราเก็บรหัสผู้ใช้ LINE ของคุณ หัวข้อที่ติดตาม และคำถามที่พิมพ์ ไว้ %(days)d วัน "
    "เพื่อตอบและปรับปรุงบริการ แล้วตัดส่วนที่ระบุตัวคุณออก ไม่เก็บชื่อหรือรูปโปรไฟล์ "
    'พิมพ์ "ลบข้อมูลของฉัน" เพื่อลบทั้งหมดทันที อ่านประกาศฉบับเต็ม: %(url)s',
    'Hello! In a group I answer only when asked: mention me, or start with "OIE", e.g. "OIE latest MPI".': "สวัสดีครับ บอทข้อมูลเศรษฐกิจอุตสาหกรรมของ สศอ. ตอบเมื่อถูกเรียกเท่านั้น: "
    'แท็ก @ชื่อบอท หรือพิมพ์ "สศอ" นำหน้าคำถาม เช่น "สศอ MPI ล่าสุด" หรือ "สศอ สาขาไหนโตมากที่สุด"',
    "Only in a one-to-one chat.": "ลบข้อมูลได้เฉพาะในแชตส่วนตัวกับบัญชีนี้",
    "All data the service held about you has been deleted.": "ลบข้อมูลทั้งหมดที่บริการเก็บเกี่ยวกับคุณแล้ว (ประวัติคำถามและการติดตาม)",
    'Thank you for the %(kind)s. For now the bot answers typed questions only, such as "latest MPI", or pick a button below.': "ขอบคุณสำหรับ%(kind)sครับ 😊 ตอนนี้บอทตอบได้เฉพาะคำถามที่พิมพ์เป็นข้อความ "
    'เช่น "ดัชนี MPI ล่าสุดเท่าไหร่" หรือเลือกจากปุ่มด้านล่าง',
    "sticker": "สติกเกอร์",
    "image": "รูปภาพ",
    "video": "วิดีโอ",
    "audio": "ข้อความเสียง",
    "location": "ตำแหน่ง",
    "file": "ไฟล์",
    "message": "ข้อความ",
    "Subscribed to %(name)s: you will get new releases here.": "ติดตาม%(name)sแล้ว เมื่อมีข้อมูลใหม่จะแจ้งให้ทราบทาง LINE",
    "Already subscribed to %(name)s.": "คุณติดตาม%(name)sอยู่แล้ว",
    "Unsubscribed from everything.": "ยกเลิกการติดตามทั้งหมดแล้ว",
    "You had no subscriptions.": "คุณยังไม่ได้ติดตามหัวข้อใด",
    "Unsubscribed from %(name)s.": "ยกเลิกการติดตาม%(name)sแล้ว",
    "You were not subscribed to %(name)s.": "คุณไม่ได้ติดตาม%(name)s",
    "Your subscriptions:": "หัวข้อที่ติดตามอยู่:",
    'No subscriptions yet. Send "subscribe MPI" or "subscribe".': 'ยังไม่ได้ติดตามหัวข้อใด พิมพ์ "ติดตาม MPI" หรือ "รับข่าวทุกเดือน"',
    # A division in a list of topics: the Thai says "สาขา".
    "%(sector)s": "สาขา%(sector)s",
    "every monthly release": "ข่าวทุกเดือน (ทุกหัวข้อ)",
    "Every release": "รับข่าวทุกเดือน",
    "subscribe": "รับข่าวทุกเดือน",
    "My subscriptions": "ติดตามอะไรอยู่บ้าง",
    "my subscriptions": "ติดตามอะไรอยู่บ้าง",
    "Unsubscribe all": "ยกเลิกทั้งหมด",
    "unsubscribe": "ยกเลิกการติดตามทั้งหมด",
    # --- the rich menu ---
    "OIE menu": "เมนู สศอ.",
    "Latest": "ตัวเลขล่าสุด",
    "MPI and sectors": "MPI และรายสาขา",
    "last 12 months": "ย้อนหลัง 12 เดือน",
    "MPI chart, last 12 months": "กราฟ MPI ย้อนหลัง 12 เดือน",
    "Ranking": "อันดับสาขา",
    "sectors up and down": "โตมาก-หดตัวมาก",
    "Get news": "รับข่าวสาร",
    "when figures are out": "แจ้งเมื่อออกตัวเลข",
    "subscribe to everything": "ติดตามข่าวทุกเรื่อง",
    "Release calendar": "ปฏิทินเผยแพร่",
    "next release dates": "ตัวเลขออกวันไหน",
    "when is the next MPI release": "MPI เดือนหน้าออกวันไหน",
    "How to use": "วิธีใช้",
    "what you can ask": "ถามอะไรได้บ้าง",
    "how to use": "วิธีใช้",
    "Website": "เว็บไซต์",
    "data and downloads": "ข้อมูลและดาวน์โหลด",
    # The switch to a language is written in that language.
    "English": "ภาษาไทย",
    "Menu in English": "เมนูภาษาไทย",
    # --- the release announcement ---
    "Industrial economic indices, %(month)s": "ดัชนีเศรษฐกิจอุตสาหกรรม เดือน%(month)s",
    "• %(name)s %(value)s %(moved)s vs the same month a year earlier": "• %(name)s %(value)s %(moved)s เทียบกับเดือนเดียวกันของปีก่อน",
    "(no year-earlier figure)": "(ไม่มีข้อมูลปีก่อน)",
    "• Sectors that grew most: %(sectors)s": "• สาขาที่ขยายตัวสูง: %(sectors)s",
    "• Sectors that shrank most: %(sectors)s": "• สาขาที่หดตัวมาก: %(sectors)s",
    "Note: preliminary figures, which may be revised.": "หมายเหตุ: ตัวเลขเบื้องต้น อาจมีการปรับปรุง",
    "Read the full release": "อ่านฉบับเต็ม",
}
