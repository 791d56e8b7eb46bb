"""The Survey aggregate: one IKM satisfaction survey per visit, invited after the consultation.

Its id is derived from the visit id, so a redelivered `ConsultationCompleted` collides
with the survey it already created instead of inviting twice. Links are unguessable
tokens; the survey records only their SHA-256 hashes (see survey_link.py), and each
issued link is recorded with how it went out (the outbox record of what was sent).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from services.feedback.domain.questionnaire import check_scores, clean_comment
from standard.aggregate import OfficeAggregate
from standard.errors import Conflict, Gone, RuleViolation

SURVEY_NAMESPACE = uuid5(NAMESPACE_URL, "urn:pst-hub:feedback:survey")
VISIT_CHANNELS = ("walk_in", "halopst", "whatsapp", "email")
# How an invitation goes out, by the visit's channel (and WhatsApp's 24-hour window).
DELIVERIES = (
    "reception_display",
    "email",
    "whatsapp_session",
    "whatsapp_template",
    "staff_request",
    "visit_link",  # the visitor's own status page (the walk-in ticket's QR code)
)


class SurveyExpired(Gone):
    """The invitation's time is over."""


class SurveyAlreadySubmitted(Conflict):
    pass


def delivery_for(
    channel: str, last_inbound_at: datetime | None, invited_at: datetime, session: timedelta
) -> str:
    """Reception shows walk-ins their link; halopst and e-mail visitors get an e-mail;
    WhatsApp allows a free-form message only within the customer-service window after the
    visitor's last message, an approved template after it."""
    if channel == "whatsapp":
        inside = last_inbound_at is not None and invited_at - last_inbound_at <= session
        return "whatsapp_session" if inside else "whatsapp_template"
    if channel in ("halopst", "email"):
        return "email"
    return "reception_display"


class Survey(OfficeAggregate):
    class Invited(OfficeAggregate.Created):
        visit_id: str
        channel: str
        delivery: str
        expires_at: datetime
        officer_id: str | None

    class LinkIssued(OfficeAggregate.Event):
        token_hash: str
        via: str

    class Submitted(OfficeAggregate.Event):
        visit_id: str
        scores: dict[str, int]
        comment: str | None

    @staticmethod
    def create_id(visit_id: str) -> UUID:
        return uuid5(SURVEY_NAMESPACE, visit_id)

    @event(Invited)
    def __init__(
        self,
        office_id: str,
        occurred_at: datetime,
        visit_id: str,
        channel: str,
        delivery: str,
        expires_at: datetime,
        officer_id: str | None = None,
    ) -> None:
        if channel not in VISIT_CHANNELS:
            raise RuleViolation("channel", f"harus salah satu dari {', '.join(VISIT_CHANNELS)}")
        if delivery not in DELIVERIES:
            raise RuleViolation("delivery", f"harus salah satu dari {', '.join(DELIVERIES)}")
        if expires_at <= occurred_at:
            raise RuleViolation("expires_at", "harus setelah undangan / must follow the invitation")
        self.office_id = office_id
        self.visit_id = visit_id
        self.officer_id = officer_id
        self.channel = channel
        self.delivery = delivery
        self.invited_at = occurred_at
        self.expires_at = expires_at
        self.links: list[dict[str, object]] = []
        self.scores: dict[str, int] | None = None
        self.comment: str | None = None
        self.submitted_at: datetime | None = None

    # --- queries ----------------------------------------------------------------------

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None

    def status_at(self, moment: datetime) -> str:
        """`submitted`, `expired` or `open` at the given instant."""
        if self.submitted:
            return "submitted"
        return "expired" if moment >= self.expires_at else "open"

    # --- commands ---------------------------------------------------------------------

    def issue_link(self, token_hash: str, via: str, occurred_at: datetime | None = None) -> None:
        """Record a link (its hash only) and how it went out; only while the survey is open."""
        moment = occurred_at or datetime.now(UTC)
        self.check_open(moment)
        if via not in DELIVERIES:
            raise RuleViolation("via", f"harus salah satu dari {', '.join(DELIVERIES)}")
        self._link_issued(token_hash=token_hash, via=via, occurred_at=moment)

    def submit(
        self,
        scores: dict[str, int],
        comment: str | None = None,
        occurred_at: datetime | None = None,
    ) -> None:
        moment = occurred_at or datetime.now(UTC)
        self.check_open(moment)
        self._submitted(
            visit_id=self.visit_id,
            scores=check_scores(scores),
            comment=clean_comment(comment),
            occurred_at=moment,
        )

    def check_open(self, moment: datetime) -> None:
        if self.submitted:
            raise SurveyAlreadySubmitted(
                "token", "survei kunjungan ini sudah diisi / this visit's survey was submitted"
            )
        if moment >= self.expires_at:
            raise SurveyExpired(
                "token",
                f"tautan survei kedaluwarsa sejak {self.expires_at.isoformat()} / "
                "the survey link has expired",
            )

    # --- events -----------------------------------------------------------------------

    @event(LinkIssued)
    def _link_issued(self, token_hash: str, via: str, occurred_at: datetime) -> None:
        self.links.append({"token_hash": token_hash, "via": via, "issued_at": occurred_at})

    @event(Submitted)
    def _submitted(
        self, visit_id: str, scores: dict[str, int], comment: str | None, occurred_at: datetime
    ) -> None:
        self.scores = dict(scores)
        self.comment = comment
        self.submitted_at = occurred_at
