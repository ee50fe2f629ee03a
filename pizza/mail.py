"""Sending the shop's emails: through an SMTP server, or, on the embedded
default with no server configured, into an outbox folder.

The outbox keeps each message as a file in the data folder (``outbox/``,
private like the rest of it), in the standard ``.eml`` form any mail program
opens; ``cat`` shows it too.
"""

from __future__ import annotations

import smtplib
import uuid
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol

from pizza.settings import Settings

SMTP_TIMEOUT = 10  # seconds


class Mailer(Protocol):
    def send(self, message: EmailMessage) -> None: ...


def mailer(settings: Settings) -> Mailer:
    if settings.smtp_host:
        return SMTPMailer(settings)
    return OutboxMailer(settings.data_dir / "outbox")


def message(settings: Settings, to: str, subject: str, body: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = settings.mail_from
    mail["To"] = to
    mail["Subject"] = subject
    mail.set_content(body)
    return mail


class SMTPMailer:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def send(self, message: EmailMessage) -> None:
        s = self.settings
        assert s.smtp_host is not None
        with smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=SMTP_TIMEOUT) as smtp:
            if s.smtp_starttls:
                smtp.starttls()
            if s.smtp_user and s.smtp_password:
                smtp.login(s.smtp_user, s.smtp_password.get_secret_value())
            smtp.send_message(message)


class OutboxMailer:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def send(self, message: EmailMessage) -> None:
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        stamp = datetime.now(tz=UTC).strftime("%Y%m%dT%H%M%S")
        path = self.folder / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
        path.touch(mode=0o600)
        path.write_bytes(bytes(message))
