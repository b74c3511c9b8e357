"""X-Forwarded-* headers believed only from the proxy in front. gunicorn may
be reachable directly (a bind to 0.0.0.0, a misrouted port): a client there
would otherwise pick its own address (fresh rate-limit buckets, login
throttling, /metrics). FORWARDED_ALLOW_IPS lists the proxy's addresses or
networks, as gunicorn's setting of the same name does, and both read it."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import Any

from werkzeug.middleware.proxy_fix import ProxyFix

from bot.config import Network

FORWARDED_HEADERS = (
    "HTTP_FORWARDED",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_FORWARDED_PREFIX",
)


class TrustedProxies:
    def __init__(self, app: Any, hops: int, networks: Iterable[Network] | None) -> None:
        self.app = app
        self.fixed = ProxyFix(app, x_for=hops, x_proto=hops, x_host=hops)
        self.networks = None if networks is None else tuple(networks)

    def _from_proxy(self, address: str) -> bool:
        if self.networks is None:
            return True
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in self.networks)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        if self._from_proxy(str(environ.get("REMOTE_ADDR", ""))):
            return self.fixed(environ, start_response)
        for header in FORWARDED_HEADERS:
            environ.pop(header, None)  # nothing downstream may read what the client claims
        return self.app(environ, start_response)
