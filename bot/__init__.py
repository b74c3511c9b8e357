"""OIE industrial-indicators service: LINE bot, release dissemination and the
web app. `bot.app` builds and wires everything; see ARCHITECTURE.md."""

from __future__ import annotations

from typing import Any

from flask import Flask

__all__ = ["create_app"]


def create_app(*args: Any, **kwargs: Any) -> Flask:
    """gunicorn's `bot:create_app()`: see `bot.app.create_app`."""
    from bot.app import create_app as build

    return build(*args, **kwargs)
