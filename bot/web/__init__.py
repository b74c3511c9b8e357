"""The web app's blueprints: public pages and JSON, chart images, the
unsubscribe link, the release calendar feed. Templates are in `templates/`."""

from __future__ import annotations

from flask import Flask

from bot.web import charts, public, unsubscribe


def init_app(app: Flask) -> None:
    for blueprint in (public.blueprint, charts.blueprint, unsubscribe.blueprint):
        app.register_blueprint(blueprint)
