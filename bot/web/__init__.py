"""The web app: public pages and JSON, chart images, the unsubscribe link,
the release calendar feed, the staff console under /staff, and /readyz and
/metrics for operators. Templates are
in `templates/`, static files in `static/`, translations in `translations/`."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask

from bot.staff.sessions import SessionLimits, SessionRecords

# finding adds the search page to the public blueprint, so it is imported before that is registered.
from bot.web import (
    alerts,
    api,
    charts,
    feeds,
    finding,
    i18n,
    limits,
    media,
    ops,
    public,
    sdmx,
    security,
    signup,
    unsubscribe,
)
from bot.web.bounds import BoundedInteger
from bot.web.proxies import TrustedProxies
from bot.web.services import EXTENSION, WebServices
from bot.web.sessions import ServerSessionInterface
from bot.web.staff import init_staff


def init_app(app: Flask, services: WebServices) -> None:
    app.extensions[EXTENSION] = services  # views reach it through bot.web.services.services()
    settings = services.settings
    app.url_map.converters["int"] = BoundedInteger  # before any route is added
    app.config.update(
        SECRET_KEY=settings.SECRET_KEY.get_secret_value(),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.is_production,
        SESSION_REFRESH_EACH_REQUEST=True,
        PERMANENT_SESSION_LIFETIME=timedelta(minutes=settings.STAFF_SESSION_IDLE_MINUTES),
        MAX_CONTENT_LENGTH=settings.MAX_UPLOAD_MB * 1024 * 1024,
    )
    limits_of_sessions = SessionLimits(
        idle=timedelta(minutes=settings.STAFF_SESSION_IDLE_MINUTES),
        absolute=timedelta(hours=settings.STAFF_SESSION_MAX_HOURS),
    )
    app.session_interface = ServerSessionInterface(SessionRecords(services.database, limits_of_sessions))
    if settings.TRUSTED_PROXIES:
        # Behind a proxy, the client's address and https come from its X-Forwarded-* headers,
        # when the request comes from the proxy (FORWARDED_ALLOW_IPS).
        app.wsgi_app = TrustedProxies(  # type: ignore[method-assign]
            app.wsgi_app, settings.TRUSTED_PROXIES, settings.forwarded_networks
        )
    ops.init_app(app)
    i18n.init_app(app)
    finding.init_app(app)
    security.init_app(app, https_only=settings.is_production)
    blueprints = (
        public.blueprint,
        api.blueprint,
        sdmx.blueprint,
        feeds.blueprint,
        charts.blueprint,
        media.blueprint,
        unsubscribe.blueprint,
        signup.blueprint,
        signup.confirming,
        alerts.sending,
        alerts.managing,
        i18n.blueprint,
    )
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    # The deprecated /api/* endpoints are API answers too: the same limit.
    app.extensions["api_limiter"] = limits.init_app(
        app,
        services,
        [api.blueprint, sdmx.blueprint, public.series, public.latest],
        charts.blueprint,
        charts.already_drawn,
        [signup.blueprint, alerts.sending],
        signup.asked_address,
    )
    init_staff(app, services)
