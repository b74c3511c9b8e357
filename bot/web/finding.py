"""Finding things on the public site: a search over indicators, sectors (by
their names and by what their factories make, the chat's own gazetteer) and
release months, and the site's own error pages in the reader's language,
with the navigation and the search box, instead of the framework's bare
English ones."""

from __future__ import annotations

from dataclasses import dataclass, replace

from flask import Flask, render_template, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from bot.web.i18n import current_language
from bot.web.names import indicator_name, sector_name
from bot.web.public import PAGES, blueprint, here
from bot.web.services import services
from nlp.entities import match_entities
from nlp.gazetteer import groups
from nlp.normalize import fold, normalize
from nlp.thaidate import read_month
from nlp.vocabulary import INDICATOR_TERMS, SECTOR_CODES, SECTOR_TERMS
from nlp.wordsearch import has_word

MAX_QUERY_CHARS = 100
MAX_RESULTS = 12


@dataclass(frozen=True)
class Found:
    """One result: where it leads, what it is and why it was found."""

    link: str
    title: str
    kind: str
    reason: str = ""


def _month_results(query: str) -> list[Found]:
    month = read_month(query)
    snapshot = services().store.snapshot()
    if month is None or snapshot.latest is None or not (snapshot.first_month or month) <= month <= snapshot.latest:
        return []
    label = month.thai() if current_language() == "th" else month.english()
    return [Found(here("web.release", period=month.iso()), label, "release")]


def _named_results(query: str) -> list[Found]:
    """What the chat would understand the words to name: an indicator, a sector or both."""
    entities = match_entities(normalize(query))
    found = []
    if entities.indicator and entities.sector:
        title = f"{indicator_name(entities.indicator)}: {sector_name(entities.sector)}"
        found.append(Found(here("web.indicator", code=entities.indicator, sector=entities.sector), title, "indicator"))
    if entities.sector and entities.sector in SECTOR_CODES:
        found.append(Found(here("web.sector", code=entities.sector), sector_name(entities.sector), "sector"))
    if entities.indicator:
        found.append(
            Found(here("web.indicator", code=entities.indicator), indicator_name(entities.indicator), "indicator")
        )
    return found


def _word_results(query: str) -> list[Found]:
    """Names and product words that contain the query, for a word too short or too
    general to name one thing ("ยา", "steel")."""
    folded = fold(query)
    found = []
    for code, terms in INDICATOR_TERMS.items():
        if any(
            has_word(fold(name), folded) for name in (terms.display_th, terms.display_en, terms.name_en, *terms.aliases)
        ):
            found.append(Found(here("web.indicator", code=code), indicator_name(code), "indicator"))
    for code in SECTOR_CODES:
        sector = SECTOR_TERMS[code]
        if any(has_word(fold(name), folded) for name in (sector.name_th, sector.name_en, *sector.aliases)):
            found.append(Found(here("web.sector", code=code), sector_name(code), "sector"))
    for group in groups():
        division = group.code[:2]
        if division not in SECTOR_CODES:
            continue
        words = [word for word in group.products if has_word(fold(word), folded)]
        if words or has_word(fold(group.name_th), folded) or has_word(fold(group.name_en), folded):
            group_name = group.name_th if current_language() == "th" else group.name_en
            reason = ", ".join(words[:3]) or group_name
            found.append(Found(here("web.sector", code=division), sector_name(division), "sector", reason))
    return found


def search_site(query: str) -> list[Found]:
    """Results best first, each place once, with the products that led to it when any did."""
    query = query.strip()[:MAX_QUERY_CHARS]
    if not query:
        return []
    results: dict[str, Found] = {}
    for item in (*_month_results(query), *_named_results(query), *_word_results(query)):
        kept = results.setdefault(item.link, item)
        if not kept.reason and item.reason:
            results[item.link] = replace(kept, reason=item.reason)
    return list(results.values())[:MAX_RESULTS]


@blueprint.get("/search")
def search() -> ResponseReturnValue:
    query = request.args.get("q", "")
    return render_template("public/search.html", query=query, results=search_site(query))


PAGES["web.search"] = search

# Paths whose errors are answered by their own blueprints' handlers or are not pages.
_NOT_PAGES = ("/api/", "/staff/", "/callback", "/charts/", "/media/", "/metrics", "/readyz", "/healthz")


def site_error(error: HTTPException) -> ResponseReturnValue:
    """The site's own page for an error, in the reader's language; JSON and the
    console keep their own answers."""
    if request.path.startswith(_NOT_PAGES) or request.path in ("/staff", "/api"):
        return error
    return render_template("public/error.html", code=error.code or 500), error.code or 500


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, site_error)
