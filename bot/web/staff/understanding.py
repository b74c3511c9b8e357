"""Teaching the bot: label a question it got wrong, retrain, see how well it understands."""

from __future__ import annotations

from typing import Any

from flask import Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from bot.answers.understanding import (
    installed_version,
    retrain,
    shipped_measurement,
    taught_phrasings,
    teach,
    versions,
)
from bot.catalog import N_
from bot.staff.roles import Permission
from bot.web.i18n import current_language
from bot.web.services import services
from bot.web.staff import blueprint
from bot.web.staff.access import actor, in_menu, requires
from nlp.corpus import FIELDS, LABELLED_FILE
from nlp.intents import DECLARATIONS, INTENTS
from nlp.parser import parse
from nlp.resolve import resolve_frame
from nlp.vocabulary import INDICATORS, SECTORS, TOTAL

MAX_QUESTION = 500
# What a label may say, by field: the form offers exactly these.
CHOICES: dict[str, tuple[str, ...]] = {
    "intent": tuple(intent for intent in INTENTS if intent != "clarify"),
    "indicator": tuple(indicator.code for indicator in INDICATORS),
    "sector": (TOTAL, *(sector.code for sector in SECTORS)),
    "comparison": ("yoy", "mom", "ytd"),
    "order": ("top", "bottom"),
}


FIELD_NAMES = {
    "indicator": _l("Indicator"),
    "sector": _l("Sector"),
    "period": _l("Period"),
    "comparison": _l("Comparison"),
    "order": _l("Ranking order"),
}
VALUE_NAMES = {
    "yoy": _l("on the same month a year before"),
    "mom": _l("on the month before"),
    "ytd": _l("year to date"),
    "top": _l("largest first"),
    "bottom": _l("smallest first"),
}


def value_names() -> dict[str, str]:
    """Each label value's name in the reader's language (indicators and sectors by name)."""
    thai = current_language() == "th"
    names: dict[str, str] = {code: str(name) for code, name in VALUE_NAMES.items()}
    for declaration in DECLARATIONS:
        names[declaration.name] = declaration.title_th if thai else declaration.title_en
    for terms in (*INDICATORS, *SECTORS):
        names[terms.code] = terms.name_th if thai else terms.name_en
    names[TOTAL] = _("All manufacturing")
    return names


def _reading(question: str) -> dict[str, Any]:
    """How the bot reads the question now: the form starts from it."""
    latest = services().store.snapshot().latest
    frame = parse(question)
    if latest is None:
        return {"intent": frame.intent}
    shown = resolve_frame(frame, latest).contract()
    shown["indicator"] = shown.pop("indicators", [None])[0] if shown.get("indicators") else None
    return shown


@blueprint.get("/understanding")
@in_menu(N_("Understanding"), position=80)
@requires(Permission.VIEW)
def understanding() -> ResponseReturnValue:
    found = versions(services().database)
    measured = next((version for version in found if "held_out_phrasing" in version.metrics), None)
    measured = measured or shipped_measurement()
    return render_template(
        "staff/understanding.html",
        versions=found,
        measured=measured,
        installed=installed_version(),
        taught=list(reversed(taught_phrasings(services().database)))[:100],
        names=value_names(),
        fields=FIELD_NAMES,
    )


@blueprint.get("/understanding/teach")
@requires(Permission.TEACH)
def teach_form() -> ResponseReturnValue:
    question = request.args.get("q", "").strip()[:MAX_QUESTION]
    reading = _reading(question) if question else {}
    return render_template(
        "staff/teach.html", question=question, reading=reading, choices=CHOICES, names=value_names(), fields=FIELD_NAMES
    )


@blueprint.post("/understanding/teach")
@requires(Permission.TEACH)
def teach_phrasing() -> ResponseReturnValue:
    question = request.form.get("question", "").strip()[:MAX_QUESTION]
    labels: dict[str, str | None] = {}
    for name in FIELDS:
        value = request.form.get(name, "").strip() or None
        if value is not None and name in CHOICES and value not in CHOICES[name]:
            flash(_("That label is not one the bot knows."), "error")
            return redirect(url_for("staff.teach_form", q=question))
        labels[name] = value
    if not question or not labels["intent"]:
        flash(_("Give the question and what it asks."), "error")
        return redirect(url_for("staff.teach_form", q=question))
    teach(services().database, question, labels, by=actor())
    flash(_("Taught. The bot learns it at the next retraining."), "success")
    return redirect(url_for("staff.understanding"))


@blueprint.post("/understanding/retrain")
@requires(Permission.RETRAIN)
def retrain_model() -> ResponseReturnValue:
    version = retrain(services().database, trained_by=actor())
    flash(_("Retrained: model %(version)s, %(n)d examples.", version=version.version, n=version.examples), "success")
    return redirect(url_for("staff.understanding"))


@blueprint.get("/understanding/corpus.txt")
@requires(Permission.TEACH)
def export_corpus() -> ResponseReturnValue:
    """The labelled questions and what staff taught, in the corpus file's format."""
    lines = [LABELLED_FILE.read_text(encoding="utf-8").rstrip("\n"), "", "# --- Taught in the console ---"]
    for row in taught_phrasings(services().database):
        values = [row.labels.get(name) or "-" for name in FIELDS]
        lines.append(" | ".join([row.question.replace("|", "/"), *values]))
    return Response(
        "\n".join(lines) + "\n",
        mimetype="text/plain",
        headers={"Content-Disposition": "attachment; filename=labelled_questions.txt"},
    )
