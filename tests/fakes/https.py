"""A local HTTPS server for tests of the guarded fetch: a throwaway CA
(trustme) signs a certificate for localhost; the service trusts it through
FETCH_CA_BUNDLE and may reach it through FETCH_ALLOWED_HOSTS=localhost."""

from __future__ import annotations

import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import trustme


@contextmanager
def https_server(handler: type[BaseHTTPRequestHandler], folder: Path) -> Iterator[tuple[int, Path]]:
    """Serve `handler` over TLS on localhost; yields (port, the CA file to trust)."""
    authority = trustme.CA()
    certificate = authority.issue_cert("localhost", "127.0.0.1")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    certificate.configure_cert(context)
    ca_file = folder / "test-ca.pem"
    authority.cert_pem.write_to_path(str(ca_file))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], ca_file
    finally:
        server.shutdown()
        server.server_close()
