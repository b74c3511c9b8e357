from __future__ import annotations

import socket

import pytest

from tests.helpers import NetworkAccessError


def test_connections_off_this_machine_fail() -> None:
    with pytest.raises(NetworkAccessError):
        socket.create_connection(("93.184.216.34", 443), timeout=1)


def test_loopback_is_allowed() -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    try:
        socket.create_connection(server.getsockname(), timeout=1).close()
    finally:
        server.close()
