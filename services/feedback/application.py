"""The feedback use cases: survey invitations and submissions, complaints from every channel."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, JSONTranscoder, ProcessRecorder, Transcoding

from infra.delivery.message import OutboundMessage, outbound_id
from infra.delivery.outbox import Outbox
from infra.visit_links import VisitLinks
from services.feedback.answers import answer_key, complaint_answer
from services.feedback.complaint_book import (
    ComplaintBook,
    ComplaintFilters,
    Deadlines,
    OverdueComplaint,
    deadlines_for,
    overdue_reasons,
)
from services.feedback.domain.complaint import Complaint
from services.feedback.domain.complaint_reference import (
    ComplaintReference,
    code_hash,
    code_matches,
    format_reference,
    new_status_code,
    parse_reference,
)
from services.feedback.domain.survey import Survey, delivery_for
from services.feedback.domain.survey_link import SurveyLink, new_token, token_hash
from services.feedback.domain.visit_channel import VisitChannel
from services.feedback.settings import FeedbackSettings
from standard.directory import OfficeDirectory
from standard.errors import (
    Conflict,
    NotFound,
    OfficeCheck,
    RuleViolation,
    anyone,
    ensure_office,
)


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


@dataclass(frozen=True)
class FiledComplaint:
    """What the complainant is told once: the reference, and the code to follow it with."""

    complaint_id: UUID
    reference: str
    status_code: str


REFERENCE_ATTEMPTS = 50


@dataclass(frozen=True)
class IssuedLink:
    survey_id: UUID
    visit_id: str
    token: str
    link: str
    expires_at: datetime


def utc_now() -> datetime:
    return datetime.now(UTC)


class FeedbackApplication(Application[UUID]):
    name = "feedback"

    def __init__(
        self,
        env: dict[str, str] | None = None,
        *,
        settings: FeedbackSettings | None = None,
        clock: Callable[[], datetime] | None = None,
        offices: OfficeDirectory | None = None,
        links: VisitLinks | None = None,
    ) -> None:
        super().__init__(env)
        self.settings = settings or FeedbackSettings()
        self.links = links  # checks a visitor's own link (their ticket's QR code)
        self.clock = clock or utc_now
        self.offices = offices or OfficeDirectory()
        self.complaints = ComplaintBook(self)

    def now(self) -> datetime:
        """The service's clock: the default time of commands and of expiry and overdue checks."""
        return self.clock()

    def construct_recorder(self) -> ProcessRecorder:
        # A process recorder: consumed positions are recorded with the reactions' events.
        return self.factory.process_recorder()

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    # --- reactions (unsaved aggregates, recorded with the delivery's position) ----------

    def learn_visit_channel(
        self, *, office_id: str, visit_id: str, channel: str, occurred_at: datetime
    ) -> list[Any]:
        if VisitChannel.create_id(visit_id) in self.repository:
            return []
        return [
            VisitChannel(
                office_id=office_id, occurred_at=occurred_at, visit_id=visit_id, channel=channel
            )
        ]

    def invite_survey(
        self, *, office_id: str, visit_id: str, officer_id: str | None, occurred_at: datetime
    ) -> list[Any]:
        """One survey per visit: a second completion of the same visit invites nobody."""
        if Survey.create_id(visit_id) in self.repository:
            return []
        learned = self._visit_channel(visit_id)
        channel = learned.channel if learned else "walk_in"
        arrived_at = learned.arrived_at if learned else None
        survey = Survey(
            office_id=office_id,
            occurred_at=occurred_at,
            visit_id=visit_id,
            officer_id=officer_id,
            channel=channel,
            delivery=delivery_for(channel, arrived_at, occurred_at, self.settings.whatsapp_session),
            expires_at=occurred_at + self.settings.survey_expiry,
        )
        return [survey]

    def _visit_channel(self, visit_id: str) -> VisitChannel | None:
        try:
            return self.repository.get(VisitChannel.create_id(visit_id))
        except AggregateNotFoundError:
            return None

    # --- surveys ----------------------------------------------------------------------

    def new_link(
        self, survey: Survey, via: str, occurred_at: datetime | None = None
    ) -> tuple[IssuedLink, list[Any]]:
        """A fresh unguessable link for an open survey, with the unsaved aggregates to record."""
        moment = occurred_at or self.now()
        token = new_token()
        digest = token_hash(token)
        survey.issue_link(digest, via, occurred_at=moment)
        index = SurveyLink(
            office_id=survey.office_id, occurred_at=moment, token_hash=digest, survey_id=survey.id
        )
        issued = IssuedLink(
            survey.id, survey.visit_id, token, self.settings.survey_link(token), survey.expires_at
        )
        return issued, [survey, index]

    def issue_survey_link(self, visit_id: str, *, may_act_for: OfficeCheck = anyone) -> IssuedLink:
        """A link for reception to show (or print as a QR code); only while the survey is open."""
        survey = self.survey_of_visit(visit_id)
        ensure_office(may_act_for, survey.office_id)
        issued, aggregates = self.new_link(survey, "staff_request")
        self.save(*aggregates)
        return issued

    def survey_link_by_visit_link(self, visit_token: str) -> IssuedLink:
        """A survey link for the visitor on their own status page (the link is their proof);
        404 until the consultation completed, 409 once answered, 410 once expired."""
        visit_id = self.links.visit_of(visit_token) if self.links else None
        if visit_id is None:
            raise NotFound("token", "tautan kunjungan tidak dikenal / unknown visit link")
        survey = self.survey_of_visit(str(visit_id))
        if survey.submitted:
            raise Conflict("token", "survei sudah diisi / already submitted")
        issued, aggregates = self.new_link(survey, "visit_link")
        self.save(*aggregates)
        return issued

    def survey_of_visit(self, visit_id: str) -> Survey:
        try:
            return self.repository.get(Survey.create_id(visit_id))
        except AggregateNotFoundError:
            raise NotFound(
                "visit_id",
                "belum ada survei untuk kunjungan ini (konsultasi belum selesai) / "
                "no survey for this visit yet",
            ) from None

    def get_survey(self, survey_id: UUID) -> Survey:
        return self.repository.get(survey_id)

    def survey_by_token(self, token: str) -> Survey:
        try:
            link: SurveyLink = self.repository.get(SurveyLink.id_for_token(token))
        except AggregateNotFoundError:
            raise NotFound("token", "tautan survei tidak dikenal / unknown survey link") from None
        return self.repository.get(link.survey_id)

    def open_survey(self, token: str, at: datetime | None = None) -> Survey:
        """The survey behind a link: 404 when unknown, 410 when it expired unanswered."""
        survey = self.survey_by_token(token)
        if not survey.submitted:
            survey.check_open(at or self.now())
        return survey

    def submit_survey(
        self,
        token: str,
        scores: dict[str, int],
        comment: str | None = None,
        occurred_at: datetime | None = None,
    ) -> Survey:
        survey = self.survey_by_token(token)
        survey.submit(scores, comment, occurred_at=occurred_at or self.now())
        self._save_once(survey, "token", "survei sudah diisi / already submitted")
        return survey

    # --- complaints -------------------------------------------------------------------

    def file_complaint(
        self,
        *,
        office_id: str,
        occurred_at: datetime | None = None,
        may_act_for: OfficeCheck = anyone,
        **details: Any,
    ) -> UUID:
        return self.lodge_complaint(
            office_id=office_id, occurred_at=occurred_at, may_act_for=may_act_for, **details
        ).complaint_id

    def lodge_complaint(
        self,
        *,
        office_id: str,
        occurred_at: datetime | None = None,
        may_act_for: OfficeCheck = anyone,
        **details: Any,
    ) -> FiledComplaint:
        """Record a complaint with the next reference of its office and year.

        The reference slot is saved with the complaint in one transaction: a number
        another request took meanwhile collides (unique constraint), and this one takes
        the next. A LAPOR! report recorded twice collides on the complaint id: 409."""
        ensure_office(may_act_for, office_id)
        calendar = self.offices.calendar(office_id)  # a known office, or a 422 naming office_id
        moment = occurred_at or self.now()
        year = calendar.local_date(moment).year
        code = new_status_code()
        tried = 0
        for _ in range(REFERENCE_ATTEMPTS):
            sequence = max(self.complaints.last_number(office_id, year), tried) + 1
            reference = format_reference(office_id, year, sequence)
            complaint = Complaint(
                office_id=office_id,
                occurred_at=moment,
                reference=reference,
                status_code_hash=code_hash(code),
                **details,
            )
            slot = ComplaintReference(
                office_id=office_id,
                occurred_at=moment,
                reference=reference,
                year=year,
                sequence=sequence,
                complaint_id=complaint.id,
            )
            try:
                self.save(complaint, slot)
            except IntegrityError:
                if complaint.channel == "lapor" and complaint.id in self.repository:
                    raise Conflict(
                        "lapor_reference",
                        "laporan LAPOR! ini sudah dicatat / this LAPOR! report is already recorded",
                    ) from None
                tried = sequence  # taken meanwhile: the next one
                continue
            return FiledComplaint(complaint.id, reference, code)
        raise Conflict("reference", "nomor pengaduan sibuk, coba lagi / busy, try again")

    def complaint_by_reference(self, reference: str, status_code: str) -> Complaint:
        """The complaint holding the reference, when the status code is its own; a wrong
        reference and a wrong code give the same 404, so neither can be probed alone."""
        unknown = NotFound(
            "reference", "nomor pengaduan atau kode status tidak cocok / no such complaint"
        )
        slot = self._reference_slot(reference)
        if slot is None:
            raise unknown
        complaint = self.get_complaint(slot.complaint_id)
        if not code_matches(status_code, complaint.status_code_hash):
            raise unknown
        return complaint

    def _reference_slot(self, reference: str) -> ComplaintReference | None:
        if parse_reference(reference) is None:
            return None
        try:
            slot: ComplaintReference = self.repository.get(
                ComplaintReference.create_id(reference.strip())
            )
        except AggregateNotFoundError:
            return None
        return slot

    def find_complaint(self, key: str, *, may_act_for: OfficeCheck = anyone) -> Complaint:
        """A complaint by its id (UUID) or its reference (staff: no status code needed)."""
        if parse_reference(key) is not None:
            slot = self._reference_slot(key)
            if slot is None:
                raise NotFound("complaint_id", f"pengaduan {key} tidak ada / no such one")
            return self.get_complaint(slot.complaint_id, may_act_for=may_act_for)
        try:
            complaint_id = UUID(key)
        except ValueError:
            raise RuleViolation(
                "complaint_id",
                "bukan id (UUID) atau nomor pengaduan (PGD-3572-2026-0042) / not an id",
            ) from None
        return self.get_complaint(complaint_id, may_act_for=may_act_for)

    def list_complaints(
        self,
        office_id: str,
        filters: ComplaintFilters,
        as_of: datetime | None = None,
        *,
        may_act_for: OfficeCheck = anyone,
    ) -> list[OverdueComplaint]:
        """The office's complaints matching the filters, newest first, each with its
        deadlines and what is overdue by `as_of` (default: now)."""
        ensure_office(may_act_for, office_id)
        calendar = self.offices.calendar(office_id)
        moment = as_of or self.now()
        found = []
        for entry in self.complaints.all_complaints(office_id):
            if not filters.admits(entry, calendar):
                continue
            deadlines = deadlines_for(calendar, entry.filed_at)
            reasons = overdue_reasons(entry, deadlines, moment)
            if filters.overdue is None or bool(reasons) is filters.overdue:
                found.append(OverdueComplaint(entry, deadlines, reasons))
        return found

    def acknowledge_complaint(
        self,
        complaint_id: UUID,
        occurred_at: datetime | None = None,
        *,
        may_act_for: OfficeCheck = anyone,
    ) -> Complaint:
        complaint = self.get_complaint(complaint_id, may_act_for=may_act_for)
        complaint.acknowledge(occurred_at=occurred_at or self.now())
        self.save(complaint)
        return complaint

    def resolve_complaint(
        self,
        complaint_id: UUID,
        *,
        response: str,
        resolution_category: str | None = None,
        occurred_at: datetime | None = None,
        may_act_for: OfficeCheck = anyone,
    ) -> Complaint:
        complaint = self.get_complaint(complaint_id, may_act_for=may_act_for)
        complaint.resolve(response, resolution_category, occurred_at=occurred_at or self.now())
        answer = complaint_answer(Outbox(self), complaint)
        self.save(complaint, *([answer] if answer else []))
        return complaint

    def answer_delivery(self, complaint: Complaint) -> OutboundMessage | None:
        """The resolved complaint's response in the outbox (its delivery state), or None
        (not resolved yet, or the complainant left no contact)."""
        return Outbox(self).find(outbound_id(answer_key(complaint.id)))

    def get_complaint(self, complaint_id: UUID, *, may_act_for: OfficeCheck = anyone) -> Complaint:
        complaint: Any = None
        with suppress(AggregateNotFoundError):
            complaint = self.repository.get(complaint_id)
        if not isinstance(complaint, Complaint):
            raise NotFound("complaint_id", f"pengaduan {complaint_id} tidak ada / no such one")
        ensure_office(may_act_for, complaint.office_id)
        return complaint

    def deadlines(self, office_id: str, filed_at: datetime) -> Deadlines:
        return deadlines_for(self.offices.calendar(office_id), filed_at)

    def overdue_complaints(
        self, office_id: str, as_of: datetime | None = None, *, may_act_for: OfficeCheck = anyone
    ) -> list[OverdueComplaint]:
        ensure_office(may_act_for, office_id)
        moment = as_of or self.now()
        calendar = self.offices.calendar(office_id)
        found = []
        for entry in self.complaints.open_complaints(office_id):
            deadlines = deadlines_for(calendar, entry.filed_at)
            reasons = overdue_reasons(entry, deadlines, moment)
            if reasons:
                found.append(OverdueComplaint(entry, deadlines, reasons))
        return found

    def _save_once(self, aggregate: Any, field: str, reason: str) -> None:
        """Save; a collision with what another request just recorded is a 409."""
        try:
            self.save(aggregate)
        except IntegrityError:
            raise Conflict(field, reason) from None
