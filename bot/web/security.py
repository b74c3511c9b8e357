"""Security headers on every response (Flask-Talisman): a content security
policy without inline scripts or styles, no framing, no MIME sniffing, a
strict referrer policy, and HSTS when served over HTTPS in production."""

from __future__ import annotations

from flask import Flask
from flask_talisman import Talisman

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def init_app(app: Flask, https_only: bool) -> None:
    Talisman(
        app,
        force_https=False,  # the proxy in front redirects; the app must still answer its health checks
        strict_transport_security=https_only,
        strict_transport_security_max_age=31_536_000,
        frame_options="DENY",
        content_security_policy=POLICY,
        referrer_policy="strict-origin-when-cross-origin",
        session_cookie_secure=https_only,
        session_cookie_http_only=True,
    )
