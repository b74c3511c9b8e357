"""A local SMTP server (aiosmtpd) that keeps what it receives and can be
told to refuse, stall or demand a password, for e-mail tests."""

from __future__ import annotations

import asyncio
import socket
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USERNAME = "bot@oie.example"
PASSWORD = "correct horse"


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: EmailMessage


@dataclass
class Behaviour:
    data_replies: list[str] = field(default_factory=list)  # answers to the next DATA commands
    stall_seconds: float = 0.0  # wait this long before answering DATA


class _Handler:
    def __init__(self, server: FakeSmtpServer) -> None:
        self.server = server

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        behaviour = self.server.behaviour
        if behaviour.stall_seconds:
            await asyncio.sleep(behaviour.stall_seconds)
            # Accepted, but the client gave up waiting: the unknown-outcome case.
        elif behaviour.data_replies:
            reply = behaviour.data_replies.pop(0)
            if not reply.startswith("250"):
                return reply
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.server.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


def _authenticator(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login.decode() == USERNAME
        and auth_data.password.decode() == PASSWORD
    )
    return AuthResult(success=ok, handled=False)


class FakeSmtpServer:
    def __init__(self, require_auth: bool = False) -> None:
        self.received: list[Received] = []
        self.behaviour = Behaviour()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = int(probe.getsockname()[1])
        self.controller = Controller(
            _Handler(self),
            hostname="127.0.0.1",
            port=self.port,
            authenticator=_authenticator,
            auth_required=require_auth,
            auth_require_tls=False,
        )
        self.controller.start()

    def close(self) -> None:
        self.controller.stop()
