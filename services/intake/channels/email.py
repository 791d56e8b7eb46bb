"""E-mail inbound: a raw RFC 5322 message, as an inbound mail gateway posts it.

The gateway posts the message bytes unchanged (`Content-Type: message/rfc822`) with
`X-Pst-Signature-256: sha256=<hex HMAC-SHA256 of the body with the gateway key>`.
The sender (From) opens or continues a visit; In-Reply-To/References name the thread
a reply continues. Automatic mail (RFC 3834 Auto-Submitted) is accepted and ignored,
so our own acknowledgements never loop. Parsed with the standard library only.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import make_msgid
from typing import ClassVar, cast

from services.intake.channels.base import (
    InboundMessage,
    MalformedPayload,
    RawInbound,
    Reply,
    Sender,
    Signature,
    UnreadablePayload,
)

SIGNATURE_HEADER = "X-Pst-Signature-256"
MAX_TEXT = 20_000
MESSAGE_ID = re.compile(r"<([^<>\s]+)>")
NOT_CONFIGURED = (
    "kanal e-mail belum dikonfigurasi / e-mail channel not configured "
    "(PST_INTAKE_EMAIL_GATEWAY_KEY)"
)


class EmailChannel:
    name: ClassVar[str] = "email"

    def __init__(self, *, gateway_key: str | None, default_office: str, reply_from: str) -> None:
        self.gateway_key = gateway_key
        self.signed = Signature(SIGNATURE_HEADER, gateway_key, NOT_CONFIGURED)
        self.default_office = default_office
        self.reply_from = reply_from

    def verify(self, raw: RawInbound) -> None:
        self.signed.verify(raw)

    def signature(self, body: bytes) -> str:
        return self.signed.of(body)

    def parse(self, raw: RawInbound) -> list[InboundMessage]:
        mail = read_message(raw.body)
        if mail.get("Auto-Submitted", "no").strip().lower() != "no":
            return []
        name, address = sender_of(mail)
        office = raw.query.get("office_id") or self.default_office
        if not re.fullmatch(r"[0-9]{4}", office):
            raise MalformedPayload("office_id", "kode kantor BPS 4 digit / a 4-digit office code")
        message_id = first_id(mail.get("Message-ID")) or synthetic_id(raw.body)
        return [
            InboundMessage(
                channel=self.name,
                office_id=office,
                sender=Sender(name=text_of(name) or None, email=text_of(address)),
                message_id=message_id,
                occurred_at=date_of(mail),
                kind="email",
                text=text_of(body_of(mail)) or None,
                subject=text_of(mail.get("Subject")) or None,
                thread=thread_of(mail),
                account=recipient_of(mail),
                attachments=attachments_of(mail),
            )
        ]

    def reply(self, message: InboundMessage, text: str) -> Reply:
        """A reply in the visitor's thread (In-Reply-To and References set)."""
        reply = EmailMessage()
        reply["From"] = self.reply_from
        reply["To"] = message.sender.email or ""
        subject = message.subject or "Layanan PST"
        reply["Subject"] = subject if subject.lower().startswith("re:") else f"Re: {subject}"
        reply["Message-ID"] = make_msgid(domain=self.reply_from.rpartition("@")[2] or None)
        reply["In-Reply-To"] = f"<{message.message_id}>"
        reply["References"] = " ".join(f"<{i}>" for i in (*message.thread, message.message_id))
        reply["Auto-Submitted"] = "auto-replied"
        reply.set_content(text)
        return Reply(
            channel=self.name,
            recipient=message.sender.email,
            text=text,
            request={"mime": reply.as_string()},
        )


def read_message(body: bytes) -> EmailMessage:
    if not body.strip():
        raise UnreadablePayload("", "pesan e-mail kosong / empty message")
    mail = cast(EmailMessage, message_from_bytes(body, policy=policy.default))
    if not mail.keys():
        raise UnreadablePayload("", "bukan pesan RFC 5322 / not an RFC 5322 message")
    return mail


def text_of(value: object) -> str:
    """Header and body text as it can be stored: the parser keeps undecodable bytes (a
    broken encoded-word, a wrong charset) as lone surrogates, which no store can encode;
    they become U+FFFD."""
    text = str(value or "")
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a surrogate that stands for no byte
        return "".join("\ufffd" if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in text)


def sender_of(mail: EmailMessage) -> tuple[str, str]:
    header = mail.get("From")
    addresses = getattr(header, "addresses", ()) if header is not None else ()
    if not addresses or "@" not in addresses[0].addr_spec:
        raise MalformedPayload("From", "alamat pengirim wajib / a sender address is required")
    return addresses[0].display_name, addresses[0].addr_spec.lower()


def recipient_of(mail: EmailMessage) -> str | None:
    header = mail.get("To")
    addresses = getattr(header, "addresses", ()) if header is not None else ()
    return addresses[0].addr_spec.lower() if addresses else None


def date_of(mail: EmailMessage) -> datetime | None:
    """The Date header (the channel's own timestamp); a zone-less date is taken as UTC."""
    header = mail.get("Date")
    moment = getattr(header, "datetime", None)
    if not isinstance(moment, datetime):
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def first_id(value: object) -> str | None:
    found = MESSAGE_ID.findall(str(value or ""))
    return found[0] if found else None


def thread_of(mail: EmailMessage) -> tuple[str, ...]:
    """Ids this message answers, oldest first: References, then In-Reply-To when missing."""
    ids = MESSAGE_ID.findall(str(mail.get("References") or ""))
    ids += MESSAGE_ID.findall(str(mail.get("In-Reply-To") or ""))
    return tuple(dict.fromkeys(ids))


def synthetic_id(body: bytes) -> str:
    """For a message without Message-ID: the same bytes redelivered get the same id."""
    return "sha256." + hashlib.sha256(body).hexdigest()


def body_of(mail: EmailMessage) -> str | None:
    part = mail.get_body(preferencelist=("plain", "html"))
    if part is None:
        return None
    try:
        content = cast(EmailMessage, part).get_content()
    except (LookupError, ValueError):  # an unknown charset: keep what can be read
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    text = str(content).strip()
    return text[:MAX_TEXT] or None


def attachments_of(mail: EmailMessage) -> tuple[str, ...]:
    return tuple(
        text_of(part.get_filename() or part.get_content_type()) for part in mail.iter_attachments()
    )
