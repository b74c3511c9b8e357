"""Public read-only pages and JSON endpoints of the web app."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, abort, current_app, jsonify, render_template_string, request
from flask.typing import ResponseReturnValue

from bot.store import IndicatorStore, Point
from nlp.lexicon import INDICATOR_CODES, SECTOR_CODES, TOTAL

blueprint = Blueprint("web", __name__)

INDEX_TEMPLATE = """<!doctype html>
<html lang="th"><head><meta charset="utf-8"><title>ดัชนีเศรษฐกิจอุตสาหกรรม</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: sans-serif; max-width: 48rem; margin: 2rem auto">
<h1>ดัชนีเศรษฐกิจอุตสาหกรรม</h1>
{% if latest %}
<p>ข้อมูลล่าสุด: {{ latest.thai() }}{% if sample %} (ข้อมูลตัวอย่าง ไม่ใช่ตัวเลขทางการของ สศอ.){% endif %}</p>
<table border="1" cellpadding="4" style="border-collapse: collapse">
<tr><th>ดัชนี</th><th>ค่า</th></tr>
{% for row in rows %}<tr><td>{{ row.name }}</td><td>{{ row.value }}{% if row.preliminary %}*{% endif %}</td></tr>
{% endfor %}</table>
<p><small>* ตัวเลขเบื้องต้น</small></p>
{% else %}
<p>ยังไม่มีข้อมูล: นำเข้าด้วย <code>python -m bot import FILE</code></p>
{% endif %}
</body></html>"""


def _store() -> IndicatorStore:
    store: IndicatorStore = current_app.extensions["store"]
    return store


def _point_json(point: Point) -> dict[str, Any]:
    return {
        "period": point.period.iso(),
        "value": str(point.value),
        "preliminary": point.preliminary,
        "dataset": point.dataset,
    }


@blueprint.get("/")
def index() -> ResponseReturnValue:
    store = _store()
    latest = store.latest_month()
    rows = []
    sample = False
    if latest is not None:
        names = {row.code: row.name_th for row in store.indicators()}
        for code in INDICATOR_CODES:
            point = store.point(code, TOTAL, latest)
            if point is not None:
                sample = sample or point.dataset == "sample"
                rows.append({"name": names.get(code, code), "value": point.value, "preliminary": point.preliminary})
    return render_template_string(INDEX_TEMPLATE, latest=latest, rows=rows, sample=sample)


@blueprint.get("/healthz")
def healthz() -> ResponseReturnValue:
    store = _store()
    latest = store.latest_month()
    return jsonify(status="ok", latest_month=latest.iso() if latest else None, observations=store.observation_count())


@blueprint.get("/api/series/<indicator>")
def series(indicator: str) -> ResponseReturnValue:
    """Recent months of one indicator: ?sector=29&months=24."""
    indicator = indicator.upper()
    sector = request.args.get("sector", TOTAL).upper()
    if indicator not in INDICATOR_CODES:
        abort(404, description=f"unknown indicator {indicator}")
    if sector not in (TOTAL, *SECTOR_CODES):
        abort(404, description=f"unknown sector {sector}")
    months = max(1, min(request.args.get("months", 24, type=int) or 24, 240))
    store = _store()
    latest = store.latest_month(indicator)
    if latest is None:
        return jsonify(indicator=indicator, sector=sector, points=[])
    points = store.series(indicator, sector, latest.shift(-(months - 1)), latest)
    return jsonify(indicator=indicator, sector=sector, points=[_point_json(point) for point in points])


@blueprint.get("/api/latest")
def latest() -> ResponseReturnValue:
    store = _store()
    month = store.latest_month()
    if month is None:
        return jsonify(period=None, values={})
    values = {code: store.point(code, TOTAL, month) for code in INDICATOR_CODES}
    return jsonify(
        period=month.iso(),
        values={code: _point_json(point) for code, point in values.items() if point is not None},
    )


UNSUBSCRIBE_TEMPLATE = """<!doctype html>
<html lang="th"><head><meta charset="utf-8"><title>เลิกรับอีเมล / Unsubscribe</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: sans-serif; max-width: 36rem; margin: 2rem auto">
{% if done %}
<h1>เลิกรับอีเมลแล้ว</h1><p>{{ email }} จะไม่ได้รับอีเมลประกาศอีก / You are unsubscribed.</p>
{% elif email %}
<h1>เลิกรับอีเมล</h1>
<p>ยืนยันการเลิกรับอีเมลประกาศดัชนีเศรษฐกิจอุตสาหกรรมสำหรับ {{ email }}</p>
<form method="post"><input type="hidden" name="token" value="{{ token }}">
<button type="submit">เลิกรับ / Unsubscribe</button></form>
{% else %}
<h1>ลิงก์ไม่ถูกต้อง</h1><p>The link is invalid or incomplete.</p>
{% endif %}
</body></html>"""


@blueprint.route("/unsubscribe", methods=["GET", "POST"])
def unsubscribe() -> ResponseReturnValue:
    """The link in every e-mail. GET asks for confirmation (mail scanners
    follow links); POST unsubscribes, also as RFC 8058 one-click."""
    from bot.email_subscriptions import EmailSubscriptionStore, UnsubscribeTokens

    settings = current_app.config["SETTINGS"]
    token = request.values.get("token", "")
    email = UnsubscribeTokens(settings.SECRET_KEY).read(token) if token else None
    if email is None:
        return render_template_string(UNSUBSCRIBE_TEMPLATE, email=None, done=False), 400
    if request.method == "POST":
        EmailSubscriptionStore(current_app.extensions["database"]).remove(email)
        return render_template_string(UNSUBSCRIBE_TEMPLATE, email=email, done=True)
    return render_template_string(UNSUBSCRIBE_TEMPLATE, email=email, token=token, done=False)


@blueprint.get("/calendar.ics")
def calendar_feed() -> ResponseReturnValue:
    """Expected release dates as an iCalendar feed for calendar apps."""
    from bot.models import utcnow
    from bot.release_calendar import ReleaseCalendar, to_icalendar

    releases = ReleaseCalendar(current_app.extensions["database"]).upcoming(months=6)
    names = {row.code: row.name_th for row in _store().indicators()}
    body = to_icalendar(releases, utcnow(), names)
    response = current_app.response_class(body, content_type="text/calendar; charset=utf-8")
    response.headers["Content-Disposition"] = 'inline; filename="oie-releases.ics"'
    return response


def init_app(app: Flask) -> None:
    app.register_blueprint(blueprint)
