"""Thai by default, English on request: the choice is kept in the session
(a link in every page's header switches it)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Flask, has_request_context, redirect, request, session
from flask.typing import ResponseReturnValue
from flask_babel import Babel

from bot import catalog

LANGUAGES = ("th", "en")
DEFAULT_LANGUAGE = "th"

blueprint = Blueprint("i18n", __name__)


# Public pages are cached by address: there `?lang=en` alone picks English.
PUBLIC_BLUEPRINTS = frozenset({"web", "api_v1", "signup", "signup_confirm"})


def current_language() -> str:
    if not has_request_context():
        return DEFAULT_LANGUAGE
    # An address that matches no page is read as a public one: its error page follows ?lang.
    unmatched_public = request.url_rule is None and not request.path.startswith("/staff")
    if request.blueprint in PUBLIC_BLUEPRINTS or unmatched_public:
        asked = request.args.get("lang")
        return asked if asked in LANGUAGES else DEFAULT_LANGUAGE
    chosen = session.get("lang")
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def init_app(app: Flask) -> None:
    app.config.update(BABEL_DEFAULT_LOCALE=DEFAULT_LANGUAGE, BABEL_TRANSLATION_DIRECTORIES=str(catalog.FOLDER))
    Babel(app, locale_selector=current_language)
    app.jinja_env.globals["current_language"] = current_language


def safe_next(target: str | None, default: str = "/") -> str:
    """A local path to go back to; never another site."""
    if not target:
        return default
    # Browsers read a backslash as a slash ("/\evil.example" is "//evil.example",
    # another site) and drop tabs and newlines inside a URL, so neither is allowed.
    if "\\" in target or any(not char.isprintable() for char in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


@blueprint.get("/language/<code>")
def choose_language(code: str) -> ResponseReturnValue:
    if code in LANGUAGES:
        session["lang"] = code
    return redirect(safe_next(request.args.get("next")))
