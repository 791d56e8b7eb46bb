"""The version-1 catalogue of EVENTS.md as frozen pydantic models of `data`.

Unknown fields are ignored (tolerant reader); required fields are checked, with the
field named in the error. Free text and personal data have no place here.
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from events.envelope import Identifier

Channel = Literal["walk_in", "halopst", "whatsapp", "email"]
OFFLINE_CHANNELS: frozenset[str] = frozenset({"walk_in"})
ONLINE_CHANNELS: frozenset[str] = frozenset({"halopst", "whatsapp", "email"})
ComplaintChannel = Literal["suggestion_box", "website", "lapor", "phone", "whatsapp", "email"]
VISIT_CHANNELS: tuple[str, ...] = get_args(Channel)
COMPLAINT_CHANNELS: tuple[str, ...] = get_args(ComplaintChannel)
DocumentType = Literal["KTP", "SIM", "PASPOR", "OTHER"]
QueueName = Literal["offline", "online"]
AbandonReason = Literal["no_show", "left", "cancelled"]
Category = Annotated[str, Field(max_length=64)]
Score = Annotated[int, Field(ge=1, le=4)]

IKM_ELEMENTS: tuple[str, ...] = ("U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9")


class EventData(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


# --- intake -------------------------------------------------------------------------


class VisitorProfile(EventData):
    visitor_ref: Identifier
    institution_type: Category | None = None
    occupation: Category | None = None
    education: Category | None = None
    gender: Category | None = None
    age_group: Category | None = None


class VisitorArrived(EventData):
    visit_id: Identifier
    channel: Channel
    visitor: VisitorProfile
    purpose: Category | None = None
    consultation_type: Category | None = None


class IdentityCardDeposited(EventData):
    visit_id: Identifier
    document_type: DocumentType
    document_last4: Annotated[str, Field(pattern=r"^[0-9A-Za-z]{1,4}$")] | None = None


class GuestBookSigned(EventData):
    visit_id: Identifier
    occupation: Category | None = None
    institution_type: Category | None = None
    education: Category | None = None  # added (optional): a coarse category
    data_needed: Category | None = None
    purpose_of_use: Category | None = None


class IdentityCardReturned(EventData):
    visit_id: Identifier


class VisitorDeparted(EventData):
    visit_id: Identifier


class VisitorAnswered(EventData):
    """Added: an officer's answer to an online visit was handed over to its channel
    (Graph API accepted it, the SMTP server took it, halopst fetched it); `occurred_at`
    is that moment. The earliest is the online visit's first response. No text.
    `officer_id` (added, optional) is the officer who wrote the answer."""

    visit_id: Identifier
    channel: Channel
    officer_id: Identifier | None = None


# --- queue --------------------------------------------------------------------------


class OfficerEvent(EventData):
    """What an officer does about their own duty."""

    officer_id: Identifier


class OfficerSignedOn(OfficerEvent):
    desk: Category | None = None


class OfficerSignedOff(OfficerEvent):
    """The officer goes off duty."""


class OfficerBreakStarted(OfficerEvent):
    """Added type (EVENTS.md allows additions): breaks make idle time fair."""


class OfficerBreakEnded(OfficerEvent):
    """The officer is back from a break."""


class VisitorQueued(EventData):
    visit_id: Identifier
    queue: QueueName
    ticket: Category | None = None


class AtDesk(EventData):
    """A visit and the officer (and desk) it is with."""

    visit_id: Identifier
    officer_id: Identifier
    desk: Category | None = None


class VisitorCalled(AtDesk):
    """An officer calls the visitor to a desk."""


class ConsultationStarted(AtDesk):
    """The consultation begins at the desk."""


class Outcome(EventData):
    data_provided: bool | None = None
    topics: tuple[Category, ...] = ()
    follow_up: bool | None = None


class ConsultationCompleted(EventData):
    visit_id: Identifier
    officer_id: Identifier
    outcome: Outcome | None = None


class VisitorTransferred(EventData):
    visit_id: Identifier
    from_officer_id: Identifier
    to_officer_id: Identifier


class VisitAbandoned(EventData):
    visit_id: Identifier
    reason: AbandonReason | None = None


# --- feedback -----------------------------------------------------------------------


class SurveyInvited(EventData):
    survey_id: Identifier
    visit_id: Identifier
    channel: Channel | None = None


class Scores(EventData):
    U1: Score
    U2: Score
    U3: Score
    U4: Score
    U5: Score
    U6: Score
    U7: Score
    U8: Score
    U9: Score


class SurveySubmitted(EventData):
    survey_id: Identifier
    visit_id: Identifier
    scores: Scores
    has_comment: bool = False


class ComplaintFiled(EventData):
    complaint_id: Identifier
    channel: ComplaintChannel
    # added (optional): feedback that is a suggestion or praise is not a complaint
    kind: Literal["complaint", "suggestion", "praise"] | None = None
    category: Category | None = None
    visit_id: Identifier | None = None
    officer_id: Identifier | None = None
    # added (optional): the readable reference the complainant was given (PGD-3572-2026-0042)
    reference: Annotated[str, Field(pattern=r"^PGD-[0-9]{4}-[0-9]{4}-[0-9]{4,}$")] | None = (
        None
    )


class ComplaintAcknowledged(EventData):
    complaint_id: Identifier


class ComplaintResolved(EventData):
    complaint_id: Identifier
    resolution_category: Category | None = None


# --- staff (added: docs/adr/0011) ---------------------------------------------------
# Who served: a staff member's public identity as a civil servant (name, NIP, office,
# roles) so reports and archives name officers on any machine. Never a password, an
# e-mail address, a phone number or anything of a session.

StaffRole = Literal["receptionist", "officer", "supervisor", "auditor", "admin"]
Nip = Annotated[str, Field(pattern=r"^[0-9]{18}$")]
DisplayName = Annotated[str, Field(min_length=1, max_length=120)]


class StaffMember(EventData):
    """`staff_id` is the username: the `officer_id` of the queue's events."""

    staff_id: Identifier


class StaffIdentity(StaffMember):
    """A member's public identity: the fields of a registration and of a change."""

    display_name: DisplayName
    nip: Nip | None = None
    office_id: Identifier
    roles: tuple[StaffRole, ...]
    national: bool = False


class StaffMemberRegistered(StaffIdentity):
    """A member joins the directory."""


class StaffMemberChanged(StaffIdentity):
    """The member's name, NIP, office, roles or scope as they are from `occurred_at` on."""


class StaffMemberDeactivated(StaffMember):
    """The member may no longer sign in; reports keep naming them."""


class StaffMemberReactivated(StaffMember):
    """The member may sign in again."""


# Each source's events, in the order of EVENTS.md: the one list CATALOGUE and SOURCE_OF
# are derived from (an event added here is in both).
BY_SOURCE: dict[str, tuple[type[EventData], ...]] = {
    "intake": (
        VisitorArrived,
        IdentityCardDeposited,
        GuestBookSigned,
        IdentityCardReturned,
        VisitorDeparted,
        VisitorAnswered,
    ),
    "queue": (
        OfficerSignedOn,
        OfficerSignedOff,
        OfficerBreakStarted,
        OfficerBreakEnded,
        VisitorQueued,
        VisitorCalled,
        ConsultationStarted,
        ConsultationCompleted,
        VisitorTransferred,
        VisitAbandoned,
    ),
    "feedback": (
        SurveyInvited,
        SurveySubmitted,
        ComplaintFiled,
        ComplaintAcknowledged,
        ComplaintResolved,
    ),
    "staff": (
        StaffMemberRegistered,
        StaffMemberChanged,
        StaffMemberDeactivated,
        StaffMemberReactivated,
    ),
}
CATALOGUE: dict[str, type[EventData]] = {
    cls.__name__: cls for events in BY_SOURCE.values() for cls in events
}
SOURCE_OF: dict[str, str] = {
    cls.__name__: source for source, events in BY_SOURCE.items() for cls in events
}

LATEST_VERSION: dict[str, int] = dict.fromkeys(CATALOGUE, 1)
