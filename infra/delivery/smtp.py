"""E-mail adapter: SMTP submission (STARTTLS, auth), answers threaded by their headers.

The Message-ID is derived from the outbox id, so a resend after a crash carries the same
one (mail clients and stores treat it as the same message); In-Reply-To and References
name the visitor's message and its thread, so the answer lands in the conversation.
"""

from __future__ import annotations

import smtplib
import ssl as tls
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from typing import ClassVar

from infra.delivery.ports import Parcel, RetryLater, Sent, Undeliverable


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int = 587
    username: str | None = None
    password: str | None = None
    starttls: bool = True
    ssl: bool = False
    sender: str = "pst-hub@localhost"
    timeout_seconds: float = 30.0
    ca_file: str | None = None  # a private CA for the server's certificate (else the system's)

    def tls_context(self) -> tls.SSLContext:
        return tls.create_default_context(cafile=self.ca_file)


def message_id_for(parcel: Parcel, sender: str) -> str:
    domain = sender.rpartition("@")[2] or "pst-hub.local"
    return f"<{parcel.message_id}@{domain}>"


def build_email(parcel: Parcel, sender: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = parcel.account or sender
    mail["To"] = parcel.recipient
    subject = parcel.subject or "Layanan PST"
    if parcel.reply_to and not subject.lower().startswith("re:"):
        subject = f"Re: {subject}"
    mail["Subject"] = subject
    mail["Date"] = formatdate(localtime=False)
    mail["Message-ID"] = message_id_for(parcel, parcel.account or sender)
    if parcel.reply_to:
        mail["In-Reply-To"] = f"<{parcel.reply_to}>"
        thread = [*parcel.references, parcel.reply_to]
        mail["References"] = " ".join(f"<{i}>" for i in dict.fromkeys(thread))
    mail.set_content(parcel.text)
    return mail


class SmtpAdapter:
    channel: ClassVar[str] = "email"

    def __init__(self, server: SmtpServer) -> None:
        self.server = server

    def send(self, parcel: Parcel) -> Sent:
        s = self.server
        mail = build_email(parcel, s.sender)
        try:
            with self.connect() as smtp:
                if s.starttls and not s.ssl:
                    smtp.starttls(context=s.tls_context())
                if s.username:
                    smtp.login(s.username, s.password or "")
                smtp.send_message(mail)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = sorted({code for code, _ in exc.recipients.values()})  # the text names them
            raise Undeliverable(f"SMTP recipient refused: {codes}") from None
        except smtplib.SMTPAuthenticationError as exc:
            raise Undeliverable(f"SMTP authentication failed: {exc.smtp_code}") from None
        except smtplib.SMTPResponseException as exc:
            if 500 <= exc.smtp_code < 600:
                raise Undeliverable(f"SMTP {exc.smtp_code}") from None
            raise RetryLater(f"SMTP {exc.smtp_code}") from None
        except (TimeoutError, OSError, smtplib.SMTPException) as exc:
            raise RetryLater(f"SMTP server unreachable: {type(exc).__name__}") from None
        return Sent(provider_id=str(mail["Message-ID"]).strip("<>"))

    def connect(self) -> smtplib.SMTP:
        s = self.server
        if s.ssl:
            return smtplib.SMTP_SSL(
                s.host, s.port, timeout=s.timeout_seconds, context=s.tls_context()
            )
        return smtplib.SMTP(s.host, s.port, timeout=s.timeout_seconds)
