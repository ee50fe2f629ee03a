"""A real SMTP server for the tests (aiosmtpd), keeping what it receives."""

from __future__ import annotations

import email
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import Message
from typing import Any

from aiosmtpd.controller import Controller

from pizza.production.proxy import free_port
from tests.support.processes import wait_until


@dataclass
class Inbox:
    """Every message the server has received, oldest first."""

    host: str
    port: int
    messages: list[Message] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's name
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"

    def settings(self) -> dict[str, str]:
        return {"PIZZA_SMTP_HOST": self.host, "PIZZA_SMTP_PORT": str(self.port)}

    def wait_for(self, count: int) -> list[Message]:
        wait_until(lambda: len(self.messages) >= count, 10, f"{count} emails")
        return self.messages


@contextmanager
def smtp_server() -> Iterator[Inbox]:
    inbox = Inbox("127.0.0.1", free_port())
    controller = Controller(inbox, hostname=inbox.host, port=inbox.port)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()
