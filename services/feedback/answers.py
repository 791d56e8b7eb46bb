"""A resolved complaint's response goes to the complainant's contact, when one was given.

E-mail when the complainant left an address, else WhatsApp to their number (an approved
template: a complainant has rarely written to the office's number in the last 24 hours).
The message is recorded in feedback's outbox in the same write as the resolution, under
a key of the complaint, and sent after by feedback's deliverer.
"""

from __future__ import annotations

from typing import Any

from infra.delivery.message import OutboundMessage
from infra.delivery.outbox import Outbox
from services.feedback.domain.complaint import Complaint
from services.feedback.settings import international


def answer_key(complaint_id: object) -> str:
    """The outbox key of a complaint's response (one message per complaint)."""
    return f"complaint-answer:{complaint_id}"


def response_text(complaint: Complaint) -> str:
    return (
        "Tanggapan BPS atas pengaduan/saran Anda:\n\n"
        f"{complaint.response}\n\n"
        "Terima kasih atas masukan Anda untuk pelayanan statistik terpadu (PST)."
    )


def complaint_answer(outbox: Outbox, complaint: Complaint) -> OutboundMessage | None:
    """The unsaved outbox record of the complaint's response, or None (anonymous, sent)."""
    contact: dict[str, Any] = complaint.contact or {}
    if contact.get("email"):
        channel, recipient = "email", str(contact["email"])
    elif contact.get("phone"):
        channel, recipient = "whatsapp", international(str(contact["phone"]))
    else:
        return None
    return outbox.prepare(
        answer_key(complaint.id),
        office_id=complaint.office_id,
        channel=channel,
        purpose="complaint_answer",
        recipient=recipient,
        text=response_text(complaint),
        subject="Tanggapan pengaduan PST BPS",
    )
