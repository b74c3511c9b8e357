"""Per-client rate limits of the open data API and of drawing charts
(Flask-Limiter), counted in a storage every worker shares: the database by
default (`bot.data.request_counters`), or `RATE_LIMIT_STORAGE_URI` (for
example `redis://…`). Answers carry RateLimit-* headers; over the limit,
429 with Retry-After (and a problem body from the API)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

import bot.data.request_counters  # noqa: F401  (registers the database:// storage)
from bot.web.services import WebServices


def init_app(
    app: Flask,
    services: WebServices,
    limited: list[Blueprint | Callable[..., Any]],
    drawing: Blueprint,
    already_drawn: Callable[[], bool],
    signups: list[Blueprint],
    signup_address: Callable[[], str],
) -> Limiter:
    """`limited`: blueprints and views under API_RATE_LIMIT; `drawing`: the
    charts, whose requests count against CHART_RENDER_RATE_LIMIT unless `already_drawn`;
    `signups`: the e-mail sign-up and alerts, whose sending counts per client and per `signup_address`."""
    settings = services.settings
    app.config.update(
        RATELIMIT_HEADERS_ENABLED=True,
        RATELIMIT_HEADER_LIMIT="RateLimit-Limit",
        RATELIMIT_HEADER_REMAINING="RateLimit-Remaining",
        RATELIMIT_HEADER_RESET="RateLimit-Reset",
        RATELIMIT_HEADER_RETRY_AFTER="Retry-After",
        RATELIMIT_HEADER_RETRY_AFTER_VALUE="delta-seconds",
    )
    uri = settings.RATE_LIMIT_STORAGE_URI or "database://"
    options: dict[str, Any] = {"database": services.database} if uri.startswith("database://") else {}
    limiter = Limiter(
        get_remote_address,
        app=app,
        storage_uri=uri,
        storage_options=options,
        strategy="fixed-window",
        # A broken limit store must not take the open data down with it.
        swallow_errors=True,
    )
    for item in limited:
        if isinstance(item, Blueprint):
            limiter.limit(settings.API_RATE_LIMIT)(item)
            continue
        # A view already registered: its limit is checked by the wrapper, so the wrapper must be what is routed.
        for endpoint, view in list(app.view_functions.items()):
            if view is item:
                app.view_functions[endpoint] = limiter.limit(settings.API_RATE_LIMIT)(item)  # type: ignore[assignment]
    limiter.limit(settings.CHART_RENDER_RATE_LIMIT, exempt_when=already_drawn)(drawing)
    for signup in signups:
        limiter.limit(settings.SIGNUP_RATE_LIMIT, methods=["POST"])(signup)
        per_address = limiter.limit(
            settings.SIGNUP_ADDRESS_RATE_LIMIT, methods=["POST"], key_func=lambda: "signup:" + signup_address()
        )
        per_address(signup)
    return limiter
