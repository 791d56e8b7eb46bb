"""The Visit aggregate: one visitor's consultation request, from arrival to departure.

A visit arrives on a channel. A walk-in leaves an identity card at reception (the
standard requires one), signs the electronic guest book, takes the card back and
departs. An online visit collects the visitor's messages while it is open. Personal
data and free text live only in these (encrypted) events; the mapper publishes codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from eventsourcing.domain import event

from services.intake.domain.catalogues import PROFILE_FIELDS, unknown_category
from services.intake.domain.identity_card import IdentityCard
from standard.aggregate import OfficeAggregate
from standard.errors import Conflict, RuleViolation

CHANNELS = ("walk_in", "halopst", "whatsapp", "email")
ONLINE_CHANNELS = ("halopst", "whatsapp", "email")
GUEST_BOOK_CATEGORIES = (
    "institution_type",
    "occupation",
    "education",
    "data_needed",
    "purpose_of_use",
)
CARD_REQUIRED = (
    "wajib: standar pelayanan mensyaratkan kartu identitas (KTP, SIM, paspor) untuk "
    "kunjungan langsung / required: the service standard requires an identity card"
)


class VisitError(RuleViolation):
    """A rule of the visit was broken; `field` names what was wrong."""


class VisitClosed(Conflict):
    pass


@dataclass(frozen=True)
class GuestBookEntry:
    """The electronic guest book: coarse categories, plus an optional note kept in intake."""

    institution_type: str | None = None
    occupation: str | None = None
    education: str | None = None
    data_needed: str | None = None
    purpose_of_use: str | None = None
    note: str | None = None

    def check(self) -> None:
        for field in GUEST_BOOK_CATEGORIES:
            if reason := unknown_category(field, getattr(self, field)):
                raise VisitError(f"guest_book.{field}", reason)


@dataclass(frozen=True)
class Message:
    """What a visitor wrote on an online channel (kept encrypted, never published)."""

    kind: str = "text"
    text: str | None = None
    subject: str | None = None
    message_id: str | None = None  # the channel's id (wamid, Message-ID, request id)
    account: str | None = None  # our side: WhatsApp phone_number_id, e-mail recipient
    reply_address: str | None = None  # where an answer goes: the sender's number or e-mail
    thread: tuple[str, ...] = ()  # e-mail: the ids this message answers
    attachments: tuple[str, ...] = ()  # names of what came with it
    channel_timestamp: datetime | None = None  # the channel's own, when it was not trusted
    clock_flag: str | None = None  # "stale" or "future": recorded at the receipt time


class Visit(OfficeAggregate):
    @event("Arrived")
    def __init__(
        self,
        office_id: str,
        channel: str,
        visitor_ref: str,
        profile: dict[str, Any],
        occurred_at: datetime,
        purpose: str | None = None,
        consultation_type: str | None = None,
    ) -> None:
        self.office_id = office_id
        self.channel = channel
        self.visitor_ref = visitor_ref
        self.profile = profile
        self.arrived_at = occurred_at
        self.purpose = purpose
        self.consultation_type = consultation_type
        self.identity_card: dict[str, Any] | None = None
        self.guest_book: dict[str, Any] | None = None
        self.messages: list[dict[str, Any]] = []
        self.last_activity_at = occurred_at
        self.departed_at: datetime | None = None
        self.outbound: list[str] = []  # ids of the messages sent to the visitor (outbox)

    # --- arrival ------------------------------------------------------------------------

    @classmethod
    def arrive(
        cls,
        *,
        office_id: str,
        channel: str,
        visitor_ref: str,
        occurred_at: datetime,
        profile: dict[str, Any] | None = None,
        purpose: str | None = None,
        consultation_type: str | None = None,
    ) -> Visit:
        check_channel(channel)
        check_aware(occurred_at)
        check_categories(profile or {}, purpose, consultation_type)
        return cls(
            office_id=office_id,
            channel=channel,
            visitor_ref=visitor_ref,
            profile=dict(profile or {}),
            occurred_at=occurred_at,
            purpose=purpose,
            consultation_type=consultation_type,
        )

    @classmethod
    def walk_in(
        cls,
        *,
        office_id: str,
        visitor_ref: str,
        occurred_at: datetime,
        identity_card: IdentityCard | None,
        profile: dict[str, Any] | None = None,
        purpose: str | None = None,
    ) -> Visit:
        """A walk-in arrives and leaves an identity card; without one it is refused."""
        card = require_identity_card(identity_card)
        visit = cls.arrive(
            office_id=office_id,
            channel="walk_in",
            visitor_ref=visitor_ref,
            occurred_at=occurred_at,
            profile=profile,
            purpose=purpose,
        )
        visit.deposit_identity_card(card, occurred_at)
        return visit

    # --- identity card custody ----------------------------------------------------------

    @property
    def holds_identity_card(self) -> bool:
        return self.identity_card is not None and self.identity_card["returned_at"] is None

    def deposit_identity_card(
        self, card: IdentityCard, occurred_at: datetime | None = None
    ) -> None:
        self.check_open()
        if self.channel != "walk_in":
            raise VisitError("identity_card", "hanya untuk kunjungan langsung / walk-ins only")
        if self.holds_identity_card:
            raise Conflict("identity_card", "kartu identitas sudah disimpan / already deposited")
        self._identity_card_deposited(
            document_type=card.document_type,
            number=card.number,
            last4=card.last4,
            occurred_at=occurred_at,
        )

    @event("IdentityCardDeposited")
    def _identity_card_deposited(
        self, document_type: str, number: str, last4: str, occurred_at: datetime | None = None
    ) -> None:
        self.identity_card = {
            "document_type": document_type,
            "number": number,
            "last4": last4,
            "deposited_at": occurred_at,
            "returned_at": None,
        }

    def return_identity_card(self, occurred_at: datetime | None = None) -> None:
        if not self.holds_identity_card:
            raise Conflict(
                "identity_card", "tidak ada kartu identitas yang disimpan / no card is held"
            )
        self._identity_card_returned(occurred_at=occurred_at)

    @event("IdentityCardReturned")
    def _identity_card_returned(self, occurred_at: datetime | None = None) -> None:
        assert self.identity_card is not None
        self.identity_card = {**self.identity_card, "returned_at": occurred_at}

    # --- guest book and messages --------------------------------------------------------

    def sign_guest_book(self, entry: GuestBookEntry, occurred_at: datetime | None = None) -> None:
        self.check_open()
        if self.guest_book is not None:
            raise Conflict("guest_book", "buku tamu sudah diisi / already signed for this visit")
        entry.check()
        self._guest_book_signed(**vars(entry), occurred_at=occurred_at)

    @event("GuestBookSigned")
    def _guest_book_signed(
        self,
        institution_type: str | None,
        occupation: str | None,
        education: str | None,
        data_needed: str | None,
        purpose_of_use: str | None,
        note: str | None,
        occurred_at: datetime | None = None,
    ) -> None:
        self.guest_book = {
            "institution_type": institution_type,
            "occupation": occupation,
            "education": education,
            "data_needed": data_needed,
            "purpose_of_use": purpose_of_use,
            "note": note,
        }

    def attach_message(self, message: Message, occurred_at: datetime | None = None) -> None:
        self.check_open()
        details = {
            "message_id": message.message_id,
            "account": message.account,
            "reply_address": message.reply_address,
            "thread": list(message.thread),
            "attachments": list(message.attachments),
            "channel_timestamp": message.channel_timestamp,
            "clock_flag": message.clock_flag,
        }
        self._message_attached(
            kind=message.kind,
            text=message.text,
            subject=message.subject,
            details={key: value for key, value in details.items() if value},
            occurred_at=occurred_at,
        )

    @event("MessageAttached")
    def _message_attached(
        self,
        kind: str,
        text: str | None,
        subject: str | None,
        occurred_at: datetime | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        self.messages.append(
            {"kind": kind, "text": text, "subject": subject, "at": occurred_at, **(details or {})}
        )
        if occurred_at is not None and occurred_at > self.last_activity_at:
            self.last_activity_at = occurred_at

    def last_message(self) -> dict[str, Any] | None:
        """The visitor's latest message (the one an answer replies to)."""
        return self.messages[-1] if self.messages else None

    def continues_conversation(self, at: datetime, idle: timedelta) -> bool:
        """An open visit whose last message is recent enough to take the next one."""
        return self.departed_at is None and at - self.last_activity_at <= idle

    def record_outbound(self, message_id: str, occurred_at: datetime | None = None) -> None:
        """An answer (or another message) to the visitor was put in the outbox."""
        if self.channel == "walk_in":
            raise VisitError(
                "visit_id", "kunjungan langsung dijawab di meja / walk-ins are answered at the desk"
            )
        self._outbound_recorded(message_id=message_id, occurred_at=occurred_at)

    @event("OutboundRecorded")
    def _outbound_recorded(self, message_id: str, occurred_at: datetime | None = None) -> None:
        self.outbound = [*getattr(self, "outbound", []), message_id]

    # --- departure ----------------------------------------------------------------------

    def depart(self, occurred_at: datetime | None = None) -> None:
        self.check_open()
        if self.holds_identity_card:
            raise Conflict(
                "identity_card",
                "kartu identitas masih disimpan; kembalikan dulu / "
                "return the identity card before the visitor departs",
            )
        self._departed(occurred_at=occurred_at)

    def close_online(self, outcome: str, occurred_at: datetime | None = None) -> None:
        """An online visit ends: `answered`, or `unreachable` (no answer could reach them)."""
        if self.channel == "walk_in":
            raise VisitError("visit_id", "hanya kunjungan online / online visits only")
        if outcome not in ("answered", "unreachable"):
            raise VisitError("outcome", "harus 'answered' atau 'unreachable'")
        self.check_open()
        self._departed(occurred_at=occurred_at, outcome=outcome)

    @event("Departed")
    def _departed(self, occurred_at: datetime | None = None, outcome: str | None = None) -> None:
        self.departed_at = occurred_at
        self.outcome = outcome

    def check_open(self) -> None:
        if self.departed_at is not None:
            raise VisitClosed("visit_id", "pengunjung sudah pulang / the visitor has departed")


def require_identity_card(card: IdentityCard | None) -> IdentityCard:
    """The standard requires an identity card for an offline visit (seed README, 1.A)."""
    if card is None:
        raise VisitError("identity_card", CARD_REQUIRED)
    return card


def check_channel(channel: str) -> None:
    if channel not in CHANNELS:
        raise VisitError("channel", f"must be one of {', '.join(CHANNELS)}")


def check_aware(moment: datetime) -> None:
    if moment.tzinfo is None:
        raise VisitError("occurred_at", "must carry a UTC offset")


def check_categories(
    profile: dict[str, Any], purpose: str | None, consultation_type: str | None
) -> None:
    for field, value in profile.items():
        if field not in PROFILE_FIELDS:
            raise VisitError(f"visitor.{field}", "bukan kategori profil / not a profile category")
        if reason := unknown_category(field, value):
            raise VisitError(f"visitor.{field}", reason)
    for field, value in (("purpose", purpose), ("consultation_type", consultation_type)):
        if reason := unknown_category(field, value):
            raise VisitError(field, reason)
