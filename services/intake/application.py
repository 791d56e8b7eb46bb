"""The intake use cases: every channel's arrival, and the front office of a visit.

Each method loads what it needs, calls one command, saves everything it changed in
one atomic write and returns a read model. Online messages are recorded under a
keyed id of the channel's message id, so a redelivery collides instead of arriving
twice; a collision between concurrent writers is retried from a fresh read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, ProcessRecorder

from infra.visit_links import VisitLinks
from services.intake.channel_clock import DEFAULT_REDELIVERY_HOURS, trusted_time
from services.intake.channels.base import InboundMessage
from services.intake.custody import CardCustody
from services.intake.domain.channel_message import ChannelMessage
from services.intake.domain.queue_place import QueuePlace
from services.intake.domain.visit import GuestBookEntry, Message, Visit, require_identity_card
from services.intake.domain.visitor import Visitor
from services.intake.front_desk import DeskRow, FrontDesk
from services.intake.read_models import (
    Arrival,
    CardView,
    Contact,
    DeskVisit,
    HeldCard,
    PublicVisit,
    QueueState,
    VisitView,
)
from services.intake.service_hours import HoursStatus, hours_status
from services.intake.visitor_ref import VisitorRefs
from services.intake.visitors import VisitorDirectory
from standard.directory import OfficeDirectory
from standard.errors import Conflict, NotFound, OfficeCheck, RuleViolation, anyone, ensure_office

RETRIES = 3
DEFAULT_IDLE_HOURS: Mapping[str, float] = {"whatsapp": 24.0, "email": 72.0}


class VisitNotFound(NotFound):
    pass


UNKNOWN_LINK = "tautan kunjungan tidak dikenal / unknown visit link"


def now() -> datetime:
    return datetime.now(UTC)


class IntakeApplication(Application[UUID]):
    name = "intake"

    def __init__(
        self,
        env: dict[str, str] | None = None,
        *,
        refs: VisitorRefs,
        offices: OfficeDirectory | None = None,
        idle_hours: Mapping[str, float] | None = None,
        redelivery_hours: Mapping[str, float] | None = None,
        links: VisitLinks | None = None,
    ) -> None:
        super().__init__(env)
        self.refs = refs
        self.links = links
        self.offices = offices or OfficeDirectory()
        idle = DEFAULT_IDLE_HOURS if idle_hours is None else idle_hours
        self.idle = {channel: timedelta(hours=hours) for channel, hours in idle.items()}
        self.visitors = VisitorDirectory(self.repository, refs)
        self.custody = CardCustody(self)
        self.front_desk = FrontDesk(self)
        self.redelivery = dict(redelivery_hours or DEFAULT_REDELIVERY_HOURS)
        self.clock: Callable[[], datetime] = now  # the receipt time of channel messages

    def construct_recorder(self) -> ProcessRecorder:
        # A process recorder also keeps tracking rows: the relay's position lives there.
        return self.factory.process_recorder()

    # --- arrivals -----------------------------------------------------------------------

    def register_walk_in(self, message: InboundMessage) -> Arrival:
        """A visitor at reception: refused without an identity card, else arrived."""
        return self._retrying(lambda: self._walk_in(message))

    def receive(self, message: InboundMessage) -> Arrival:
        """An online message: opens a visit, joins its conversation, or is a redelivery."""
        return self._retrying(lambda: self._receive(message))

    def _walk_in(self, message: InboundMessage) -> Arrival:
        card = require_identity_card(message.sender.identity_card)
        self.offices.calendar(message.office_id)  # an unknown office is refused before saving
        at = message.occurred_at or now()
        visitor, aliases = self.visitors.resolve(message.sender, message.office_id, at)
        visit = Visit.walk_in(
            office_id=message.office_id,
            visitor_ref=visitor.visitor_ref,
            occurred_at=at,
            identity_card=card,
            profile=dict(message.profile),
            purpose=message.purpose,
        )
        self.save(*aliases, visitor, visit)
        return self._arrival(visit, at, opened=True, duplicate=False)

    def _receive(self, message: InboundMessage) -> Arrival:
        if not message.message_id:
            raise RuleViolation("message_id", "pesan tanpa id kanal / a channel message id")
        self.offices.calendar(message.office_id)  # an unknown office is refused before saving
        received = self.clock()
        at, flag = trusted_time(message.channel, message.occurred_at, received, self.redelivery)
        visitor, aliases = self.visitors.resolve(message.sender, message.office_id, at)
        record_id = message_record_id(self.refs, message, message.message_id, visitor)
        seen = self.visitors.find(ChannelMessage, record_id)
        if seen is not None:
            recorded = self._visit(seen.visit_id)
            return self._arrival(recorded, message.occurred_at or recorded.arrived_at, False, True)
        visit = self._conversation_visit(message, visitor, at)
        opened = visit is None
        if visit is None:
            visit = self._open_visit(message, visitor, at)
        visit.attach_message(message_of(message, flag), at)
        record = ChannelMessage(
            id=record_id,
            office_id=message.office_id,
            occurred_at=at,
            channel=message.channel,
            visit_id=visit.id,
        )
        self.save(*aliases, visitor, visit, record)
        return self._arrival(visit, at, opened=opened, duplicate=False)

    def _open_visit(self, message: InboundMessage, visitor: Visitor, at: datetime) -> Visit:
        visit = Visit.arrive(
            office_id=message.office_id,
            channel=message.channel,
            visitor_ref=visitor.visitor_ref,
            occurred_at=at,
            profile=dict(message.profile),
            purpose=message.purpose,
            consultation_type=message.consultation_type,
        )
        if message.channel in self.idle:
            visitor.open_conversation(conversation_key(message), visit.id, at)
        return visit

    def _conversation_visit(
        self, message: InboundMessage, visitor: Visitor, at: datetime
    ) -> Visit | None:
        """The open visit a message continues: its e-mail thread's, else its conversation's."""
        idle = self.idle.get(message.channel)
        if idle is None:
            return None  # every request on this channel is a visit of its own
        for message_id in reversed(message.thread):  # the visitor's own, in this office
            seen = self.visitors.find(
                ChannelMessage, message_record_id(self.refs, message, message_id, visitor)
            )
            if seen is not None:
                visit = self._visit(seen.visit_id)
                if visit.departed_at is None and visit.office_id == message.office_id:
                    return visit
        visit_id = visitor.conversation(conversation_key(message))
        if visit_id is not None:
            visit = self._visit(visit_id)
            if visit.continues_conversation(at, idle):
                return visit
        return None

    def _retrying(self, attempt: Callable[[], Arrival]) -> Arrival:
        for _ in range(RETRIES):
            try:
                return attempt()
            except IntegrityError:
                continue  # a concurrent writer won; read again and decide again
        raise Conflict("message_id", "konflik penyimpanan serentak; coba lagi / retry later")

    def _arrival(self, visit: Visit, at: datetime, opened: bool, duplicate: bool) -> Arrival:
        return Arrival(
            visit_id=visit.id,
            channel=visit.channel,
            office_id=visit.office_id,
            visitor_ref=visit.visitor_ref,
            arrived_at=visit.arrived_at,
            opened=opened,
            duplicate=duplicate,
            hours=hours_status(self.offices.calendar(visit.office_id), at),
            identity_card=card_view(visit),
        )

    # --- the front office of a visit ----------------------------------------------------

    def sign_guest_book(
        self,
        visit_id: UUID,
        entry: GuestBookEntry,
        *,
        occurred_at: datetime | None = None,
        may_act_for: OfficeCheck = anyone,
    ) -> VisitView:
        return self._change(visit_id, may_act_for, lambda v: v.sign_guest_book(entry, occurred_at))

    def return_identity_card(
        self,
        visit_id: UUID,
        *,
        occurred_at: datetime | None = None,
        may_act_for: OfficeCheck = anyone,
    ) -> VisitView:
        return self._change(visit_id, may_act_for, lambda v: v.return_identity_card(occurred_at))

    def depart(
        self,
        visit_id: UUID,
        *,
        occurred_at: datetime | None = None,
        may_act_for: OfficeCheck = anyone,
    ) -> VisitView:
        return self._change(visit_id, may_act_for, lambda v: v.depart(occurred_at))

    def check_out(
        self,
        visit_id: UUID,
        *,
        occurred_at: datetime | None = None,
        may_act_for: OfficeCheck = anyone,
    ) -> VisitView:
        """The visitor leaves: the card handed back (when held) and the departure, in one
        atomic write (both or neither)."""

        def leave(visit: Visit) -> None:
            if visit.holds_identity_card:
                visit.return_identity_card(occurred_at)
            visit.depart(occurred_at)

        return self._change(visit_id, may_act_for, leave)

    def sign_guest_book_by_link(
        self, token: str, entry: GuestBookEntry, occurred_at: datetime | None = None
    ) -> PublicVisit:
        """The visitor signs their own guest book (the kiosk, or the ticket's QR)."""
        visit = self._linked_visit(token)
        visit.sign_guest_book(entry, occurred_at)
        self.save(visit)
        return self._public(visit)

    def _change(
        self, visit_id: UUID, may_act_for: OfficeCheck, command: Callable[[Visit], None]
    ) -> VisitView:
        visit = self._visit(visit_id, may_act_for)
        command(visit)
        self.save(visit)
        return self._view(visit)

    # --- queries ------------------------------------------------------------------------

    def get_visit(self, visit_id: UUID) -> Visit:
        return self._visit(visit_id)

    def visit_view(self, visit_id: UUID, may_act_for: OfficeCheck = anyone) -> VisitView:
        return self._view(self._visit(visit_id, may_act_for))

    def public_visit(self, token: str) -> PublicVisit:
        """The visit behind a visitor's link, without anything personal."""
        return self._public(self._linked_visit(token))

    def desk_day(
        self,
        office_id: str,
        day: date | None = None,
        query: str | None = None,
        *,
        may_act_for: OfficeCheck = anyone,
    ) -> tuple[date, list[DeskVisit]]:
        """The walk-ins of an office-day (default today) for the reception desk, newest
        first; `query` matches the name (any part, any case) or the card's last 4 digits."""
        ensure_office(may_act_for, office_id)
        calendar = self.offices.calendar(office_id)
        day = day or calendar.local_date(now())
        start = datetime.combine(day, time(0), tzinfo=calendar.zone)
        rows = self.front_desk.walk_ins(office_id, start, start + timedelta(days=1))
        visits = [self._desk_visit(row) for row in reversed(rows)]
        wanted = (query or "").strip().casefold()
        if wanted:
            visits = [v for v in visits if matches(v, wanted)]
        return day, visits

    def unreturned_cards(
        self,
        office_id: str,
        day: date | None = None,
        *,
        may_act_for: OfficeCheck = anyone,
        with_contacts: bool = False,
    ) -> tuple[date, list[HeldCard]]:
        """Cards still at reception at the end of `day` (office-local; default today); with
        the visitors' names and contacts for the receptionist who must reach them."""
        ensure_office(may_act_for, office_id)
        calendar = self.offices.calendar(office_id)
        day = day or calendar.local_date(now())
        end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=calendar.zone)
        cards = self.custody.unreturned(office_id, end)
        if not with_contacts:
            return day, cards
        return day, [replace(card, contact=self._contact(card.visit_id)) for card in cards]

    def service_hours(self, office_id: str, at: datetime | None = None) -> HoursStatus:
        return hours_status(self.offices.calendar(office_id), at or now())

    def _visit(self, visit_id: UUID, may_act_for: OfficeCheck = anyone) -> Visit:
        visit: Any
        try:
            visit = self.repository.get(visit_id)
        except AggregateNotFoundError:
            visit = None
        if not isinstance(visit, Visit) or not may_act_for(visit.office_id):
            raise VisitNotFound("visit_id", f"tidak ada kunjungan / no visit {visit_id}")
        return visit

    def _linked_visit(self, token: str) -> Visit:
        visit_id = self.links.visit_of(token) if self.links else None
        if visit_id is None:
            raise VisitNotFound("token", UNKNOWN_LINK)
        try:
            return self._visit(visit_id)
        except VisitNotFound:
            raise VisitNotFound("token", UNKNOWN_LINK) from None

    def queue_state(self, visit_id: UUID) -> QueueState | None:
        try:
            place: QueuePlace = self.repository.get(QueuePlace.id_for(visit_id))
        except AggregateNotFoundError:
            return None
        return QueueState(place.ticket, place.state, place.desk, place.calls)

    def _public(self, visit: Visit) -> PublicVisit:
        return PublicVisit(
            visit_id=visit.id,
            office_id=visit.office_id,
            arrived_at=visit.arrived_at,
            departed=visit.departed_at is not None,
            guest_book_signed=visit.guest_book is not None,
            queue=self.queue_state(visit.id),
        )

    def _contact(self, visit_id: UUID) -> Contact | None:
        try:
            visit = self._visit(visit_id)
        except VisitNotFound:
            return None
        visitor = self.visitors.visitor(visit.visitor_ref)
        if visitor is None:
            return None
        return contact_of(visitor)

    def _desk_visit(self, row: DeskRow) -> DeskVisit:
        visitor = self.visitors.visitor(row.visitor_ref)
        queue = None
        if row.queue_state is not None:
            queue = QueueState(row.ticket, row.queue_state, row.desk)
        if row.departed_at is not None:
            state = "departed"
        else:
            state = queue.state if queue else "registered"
        return DeskVisit(
            visit_id=row.visit_id,
            visitor_name=visitor.name if visitor else None,
            arrived_at=row.arrived_at,
            document_type=row.document_type,
            document_last4=row.document_last4,
            card_held=row.card_held,
            card_returned_at=row.card_returned_at,
            guest_book_signed=row.guest_book_signed,
            departed_at=row.departed_at,
            queue=queue,
            state=state,
        )

    def _view(self, visit: Visit) -> VisitView:
        visitor = self.visitors.visitor(visit.visitor_ref)
        guest_book = dict(visit.guest_book) if visit.guest_book else None
        return VisitView(
            visit_id=visit.id,
            office_id=visit.office_id,
            channel=visit.channel,
            visitor_ref=visit.visitor_ref,
            visitor_name=visitor.name if visitor else None,
            arrived_at=visit.arrived_at,
            departed_at=visit.departed_at,
            purpose=visit.purpose,
            consultation_type=visit.consultation_type,
            profile=dict(visit.profile),
            identity_card=card_view(visit),
            guest_book=guest_book,
            messages=[dict(message) for message in visit.messages],
            queue=self.queue_state(visit.id),
            status_url=self.links.status_url(visit.id)
            if self.links and visit.channel == "walk_in"
            else None,
        )


# Channels whose message ids the sender's own software chooses (so another sender can
# reuse one): an id names a message only together with its sender.
SENDER_CHOSEN_IDS = frozenset({"email"})


def message_record_id(
    refs: VisitorRefs, message: InboundMessage, message_id: str, visitor: Visitor
) -> UUID:
    """The keyed id a channel message is recorded under: the channel's own id within one
    office (halopst ids are per office), and for e-mail within one sender too."""
    scope = message.office_id
    if message.channel in SENDER_CHOSEN_IDS:
        scope = f"{scope}:{visitor.visitor_ref}"
    return refs.key_for(f"message:{message.channel}", f"{scope}:{message_id}")


def message_of(message: InboundMessage, clock_flag: str | None) -> Message:
    return Message(
        kind=message.kind,
        text=message.text,
        subject=message.subject,
        message_id=message.message_id,
        account=message.account,
        reply_address=message.reply_address,
        thread=message.thread,
        attachments=message.attachments,
        channel_timestamp=message.occurred_at if clock_flag else None,
        clock_flag=clock_flag,
    )


def conversation_key(message: InboundMessage) -> str:
    return f"{message.channel}:{message.office_id}"


def matches(visit: DeskVisit, wanted: str) -> bool:
    last4 = visit.document_last4 or ""
    if wanted.isdigit() and len(wanted) <= 4 and last4.endswith(wanted):
        return True
    return wanted in (visit.visitor_name or "").casefold()


def contact_of(visitor: Visitor) -> Contact:
    """The visitor's name, phone and e-mail (never an identity card number)."""
    phone = email = None
    for identifier in visitor.identifiers:
        kind, _, value = identifier.partition(":")
        if kind == "phone" and phone is None:
            phone = "0" + value[2:] if value.startswith("62") else value
        elif kind == "email" and email is None:
            email = value
    return Contact(visitor.name, phone, email)


def card_view(visit: Visit) -> CardView | None:
    card: dict[str, Any] | None = visit.identity_card
    if card is None:
        return None
    return CardView(
        document_type=card["document_type"],
        document_last4=card["last4"],
        deposited_at=card["deposited_at"],
        returned_at=card["returned_at"],
    )
