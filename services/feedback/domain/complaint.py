"""The Complaint aggregate: a complaint, suggestion or praise from any channel.

Lifecycle: filed -> acknowledged -> resolved (with a response). The text, the contact of
a complainant who gave one, the LAPOR! reference and the box-opening date stay here
(encrypted at rest); only the channel and the codes (kind, category, resolution) are
meant for the bus. A LAPOR! complaint's id is derived from its reference number, so the
same LAPOR! report recorded twice collides instead of counting twice.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any, Literal, get_args
from uuid import NAMESPACE_URL, UUID, uuid4, uuid5

from eventsourcing.domain import event

from standard.aggregate import OfficeAggregate
from standard.errors import Conflict, RuleViolation

COMPLAINT_NAMESPACE = uuid5(NAMESPACE_URL, "urn:pst-hub:feedback:complaint")
ChannelCode = Literal["suggestion_box", "website", "lapor", "phone", "whatsapp", "email"]
CHANNELS: tuple[str, ...] = get_args(ChannelCode)
StaffChannel = Literal["suggestion_box", "lapor", "phone", "whatsapp", "email"]
STAFF_CHANNELS: tuple[str, ...] = get_args(StaffChannel)
Kind = Literal["complaint", "suggestion", "praise"]
KINDS: tuple[str, ...] = get_args(Kind)
# Codes, never free text: the nine IKM elements, the data itself, and the rest.
Category = Literal[
    "persyaratan",
    "prosedur",
    "waktu_pelayanan",
    "biaya",
    "produk_layanan",
    "kompetensi_petugas",
    "perilaku_petugas",
    "penanganan_pengaduan",
    "sarana_prasarana",
    "data_statistik",
    "lainnya",
]
CATEGORIES: tuple[str, ...] = get_args(Category)
ResolutionCategory = Literal[
    "ditindaklanjuti",
    "penjelasan_diberikan",
    "perbaikan_layanan",
    "diteruskan",
    "tidak_dapat_ditindaklanjuti",
    "apresiasi_diterima",
]
RESOLUTION_CATEGORIES: tuple[str, ...] = get_args(ResolutionCategory)
MAX_TEXT = 4000
IDENTIFIER = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
LAPOR_REFERENCE = re.compile(r"^[A-Za-z0-9#/-]{3,32}$")


class ComplaintOutOfOrder(Conflict):
    pass


class Complaint(OfficeAggregate):
    class Filed(OfficeAggregate.Created):
        channel: str
        kind: str
        category: str
        message: str
        contact: dict[str, str] | None
        visit_id: str | None
        officer_id: str | None
        box_opened_on: date | None
        lapor_reference: str | None
        # Added (EVENTS.md: add, never rename); complaints filed before carry neither.
        reference: str | None
        status_code_hash: str | None

    class Acknowledged(OfficeAggregate.Event):
        pass

    class Resolved(OfficeAggregate.Event):
        response: str
        resolution_category: str | None

    @staticmethod
    def create_id(office_id: str, channel: str, lapor_reference: str | None = None) -> UUID:
        if channel == "lapor" and lapor_reference:
            return uuid5(COMPLAINT_NAMESPACE, f"lapor:{office_id}:{lapor_reference.upper()}")
        return uuid4()

    @event(Filed)
    def __init__(
        self,
        office_id: str,
        occurred_at: datetime,
        channel: str,
        kind: str,
        category: str,
        message: str,
        contact: dict[str, str] | None = None,
        visit_id: str | None = None,
        officer_id: str | None = None,
        box_opened_on: date | None = None,
        lapor_reference: str | None = None,
        reference: str | None = None,
        status_code_hash: str | None = None,
    ) -> None:
        check_filing(channel, kind, category, occurred_at)
        check_channel_details(channel, occurred_at, box_opened_on, lapor_reference)
        self.office_id = office_id
        self.channel = channel
        self.kind = kind
        self.category = category
        self.message = check_text("message", message)
        self.contact = contact or None
        self.visit_id = check_identifier("visit_id", visit_id)
        self.officer_id = check_identifier("officer_id", officer_id)
        self.box_opened_on = box_opened_on
        self.lapor_reference = lapor_reference
        self.reference = reference
        self.status_code_hash = status_code_hash
        self.filed_at = occurred_at
        self.acknowledged_at: datetime | None = None
        self.resolved_at: datetime | None = None
        self.response: str | None = None
        self.resolution_category: str | None = None

    @property
    def anonymous(self) -> bool:
        return self.contact is None

    @property
    def status(self) -> str:
        if self.resolved_at is not None:
            return "resolved"
        return "acknowledged" if self.acknowledged_at is not None else "filed"

    # --- commands ---------------------------------------------------------------------

    def acknowledge(self, occurred_at: datetime | None = None) -> None:
        if self.status != "filed":
            raise ComplaintOutOfOrder(
                "complaint_id", f"pengaduan sudah berstatus {self.status} / already {self.status}"
            )
        self._acknowledged(occurred_at=self.check_after_filing(occurred_at))

    def resolve(
        self,
        response: str,
        resolution_category: str | None = None,
        occurred_at: datetime | None = None,
    ) -> None:
        if self.status != "acknowledged":
            reason = (
                "pengaduan sudah diselesaikan / already resolved"
                if self.status == "resolved"
                else "akui (acknowledge) pengaduan dulu / acknowledge it first"
            )
            raise ComplaintOutOfOrder("complaint_id", reason)
        check_code("resolution_category", resolution_category, RESOLUTION_CATEGORIES)
        self._resolved(
            response=check_text("response", response),
            resolution_category=resolution_category,
            occurred_at=self.check_after_filing(occurred_at),
        )

    def check_after_filing(self, occurred_at: datetime | None) -> datetime:
        moment = occurred_at or datetime.now(UTC)
        check_aware(moment)
        if moment < self.filed_at:
            raise RuleViolation(
                "occurred_at", "tidak boleh sebelum pengaduan diajukan / before the filing"
            )
        return moment

    # --- events -----------------------------------------------------------------------

    @event(Acknowledged)
    def _acknowledged(self, occurred_at: datetime) -> None:
        self.acknowledged_at = occurred_at

    @event(Resolved)
    def _resolved(
        self, response: str, resolution_category: str | None, occurred_at: datetime
    ) -> None:
        self.response = response
        self.resolution_category = resolution_category
        self.resolved_at = occurred_at


# --- rules ----------------------------------------------------------------------------


def check_filing(channel: str, kind: str, category: str, occurred_at: datetime) -> None:
    check_code("channel", channel, CHANNELS)
    check_code("kind", kind, KINDS)
    check_code("category", category, CATEGORIES)
    check_aware(occurred_at)


def check_channel_details(
    channel: str, occurred_at: datetime, box_opened_on: date | None, lapor_reference: str | None
) -> None:
    """A box complaint names the day the box was opened; a LAPOR! one its reference."""
    if channel == "suggestion_box":
        if box_opened_on is None:
            raise RuleViolation("box_opened_on", "wajib untuk kotak saran / required for the box")
        if box_opened_on > occurred_at.date():
            raise RuleViolation("box_opened_on", "tidak boleh setelah pencatatan / after filing")
    elif box_opened_on is not None:
        raise RuleViolation("box_opened_on", "hanya untuk kotak saran / only for the box")
    if channel == "lapor":
        if not lapor_reference or not LAPOR_REFERENCE.match(lapor_reference):
            raise RuleViolation(
                "lapor_reference", "nomor tiket LAPOR! wajib (3-32 huruf/angka) / required"
            )
    elif lapor_reference is not None:
        raise RuleViolation("lapor_reference", "hanya untuk kanal lapor / only for LAPOR!")


def check_code(field: str, value: Any, allowed: tuple[str, ...]) -> None:
    if value is not None and value not in allowed:
        raise RuleViolation(field, f"harus salah satu dari / one of: {', '.join(allowed)}")


def check_text(field: str, text: str) -> str:
    cleaned = (text or "").strip()
    if not cleaned:
        raise RuleViolation(field, "wajib diisi / required")
    if len(cleaned) > MAX_TEXT:
        raise RuleViolation(field, f"paling banyak {MAX_TEXT} karakter / at most {MAX_TEXT}")
    return cleaned


def check_identifier(field: str, value: str | None) -> str | None:
    if value is not None and not IDENTIFIER.match(value):
        raise RuleViolation(field, "1-64 huruf, angka, . _ : - / an identifier")
    return value


def check_aware(moment: datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise RuleViolation("occurred_at", "harus dengan zona waktu / must carry a UTC offset")
