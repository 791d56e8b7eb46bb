"""Complaint routes: the public website form, staff recording, and the supervisor's work."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Path, Query, status

from infra.idempotency import idempotent_writes
from services.feedback.api.dependencies import (
    RATE_LIMITED,
    FeedbackDep,
    FrontDesk,
    Responses,
    Supervisor,
    error,
)
from services.feedback.api.schemas import (
    AcknowledgeIn,
    ComplaintFiledOut,
    ComplaintListItem,
    ComplaintListOut,
    ComplaintOut,
    OverdueListOut,
    OverdueOut,
    PublicComplaintIn,
    PublicStatusIn,
    PublicStatusOut,
    ResolveIn,
    StaffComplaintIn,
    TimelineStep,
)
from services.feedback.application import FeedbackApplication, FiledComplaint
from services.feedback.complaint_book import ComplaintFilters, Deadlines, timeline
from services.feedback.domain.complaint import ChannelCode, Complaint
from standard.errors import RuleViolation
from standard.instants import ClientInstant
from standard.periods import InvalidPeriod, parse_period

router = APIRouter(tags=["feedback: pengaduan"], route_class=idempotent_writes(FeedbackApplication))
NOT_FOUND: Responses = {404: error("Pengaduan tidak ada / no such complaint")}
OUT_OF_ORDER: Responses = {409: error("Langkah tidak sesuai status / not allowed in this status")}


def filing_details(body: PublicComplaintIn) -> dict[str, Any]:
    contact = body.contact.model_dump(exclude_none=True) if body.contact else {}
    return {
        "kind": body.kind,
        "category": body.category,
        "message": body.message,
        "contact": contact or None,
        "visit_id": body.visit_id,
        "officer_id": body.officer_id,
    }


def filed(app: FeedbackApplication, lodged: FiledComplaint) -> ComplaintFiledOut:
    complaint = app.get_complaint(lodged.complaint_id)
    deadlines = app.deadlines(complaint.office_id, complaint.filed_at)
    return ComplaintFiledOut(
        complaint_id=complaint.id,
        reference=lodged.reference,
        status_code=lodged.status_code,
        status=complaint.status,
        respond_by=deadlines.respond_by,
        resolve_by=deadlines.resolve_by,
    )


@router.post(
    "/public/complaints",
    status_code=status.HTTP_201_CREATED,
    response_model=ComplaintFiledOut,
    dependencies=RATE_LIMITED,
    responses={429: error("Terlalu banyak permintaan / rate limited")},
    summary="Formulir pengaduan/saran di situs web (tanpa login) / website complaint form",
)
def file_from_website(body: PublicComplaintIn, app: FeedbackDep) -> ComplaintFiledOut:
    lodged = app.lodge_complaint(
        office_id=body.office_id, channel="website", **filing_details(body)
    )
    return filed(app, lodged)


@router.post(
    "/complaints",
    status_code=status.HTTP_201_CREATED,
    response_model=ComplaintFiledOut,
    responses={409: error("Laporan LAPOR! ini sudah dicatat / LAPOR! report already recorded")},
    summary="Catat pengaduan dari kotak saran, telepon, WhatsApp, e-mail, LAPOR! / record one",
)
def record_complaint(
    body: StaffComplaintIn, app: FeedbackDep, principal: FrontDesk
) -> ComplaintFiledOut:
    lodged = app.lodge_complaint(
        office_id=body.office_id,
        may_act_for=principal.may_act_for,
        occurred_at=body.occurred_at,
        channel=body.channel,
        box_opened_on=body.box_opened_on,
        lapor_reference=body.lapor_reference,
        **filing_details(body),
    )
    return filed(app, lodged)


@router.post(
    "/public/complaints/status",
    response_model=PublicStatusOut,
    dependencies=RATE_LIMITED,
    responses={
        404: error("Nomor atau kode status tidak cocok / no such complaint"),
        429: error("Terlalu banyak permintaan / rate limited"),
    },
    summary="Status pengaduan dengan nomor dan kode status (tanpa login) / public status",
    description="Nomor pengaduan dan kode status dikirim di badan permintaan, tidak di URL, "
    "karena kode status adalah rahasia pelapor.",
)
def public_status(body: PublicStatusIn, app: FeedbackDep) -> PublicStatusOut:
    complaint = app.complaint_by_reference(body.reference, body.status_code)
    deadlines = app.deadlines(complaint.office_id, complaint.filed_at)
    return PublicStatusOut(
        reference=complaint.reference or body.reference,
        kind=complaint.kind,
        category=complaint.category,
        status=complaint.status,
        filed_at=complaint.filed_at,
        acknowledged_at=complaint.acknowledged_at,
        resolved_at=complaint.resolved_at,
        response=complaint.response,
        resolution_category=complaint.resolution_category,
        timeline=steps_of(complaint, deadlines, app.now()),
    )


ListStatus = Literal["filed", "acknowledged", "resolved", "open"]


@router.get(
    "/complaints",
    response_model=ComplaintListOut,
    summary="Kotak masuk pengaduan kantor, dengan filter / the office's complaints inbox",
    description="Terbaru lebih dulu. `status`: filed, acknowledged, resolved atau open "
    "(belum selesai); `overdue`: melewati tenggat per saat ini; `period`: tanggal "
    "pengajuan dalam tahun (`2026`), bulan (`2026-03`) atau rentang (`2026-03-01..2026-03-15`).",
)
def list_complaints(
    app: FeedbackDep,
    principal: Supervisor,
    office_id: Annotated[str | None, Query(pattern=r"^\d{4}$")] = None,
    status: ListStatus | None = None,
    channel: Annotated[ChannelCode | None, Query()] = None,
    overdue: bool | None = None,
    officer_id: Annotated[str | None, Query(pattern=r"^[A-Za-z0-9._:-]{1,64}$")] = None,
    period: Annotated[str | None, Query(examples=["2026-03"], max_length=40)] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=100)] = 20,
) -> ComplaintListOut:
    office = office_id or principal.office_id
    chosen = None
    if period is not None:
        try:
            chosen = parse_period(period).checked()
        except InvalidPeriod as exc:
            raise RuleViolation("period", str(exc)) from None
    filters = ComplaintFilters(status, channel, officer_id, chosen, overdue)
    moment = app.now()
    rows = app.list_complaints(office, filters, moment, may_act_for=principal.may_act_for)
    shown = rows[(page - 1) * page_size : page * page_size]
    return ComplaintListOut(
        office_id=office,
        as_of=moment,
        total=len(rows),
        page=page,
        page_size=page_size,
        complaints=[
            ComplaintListItem(
                complaint_id=entry.complaint_id,
                reference=entry.reference,
                channel=entry.channel,
                kind=entry.kind,
                category=entry.category,
                status=entry.status,
                officer_id=entry.officer_id,
                filed_at=entry.filed_at,
                acknowledged_at=entry.acknowledged_at,
                resolved_at=entry.resolved_at,
                respond_by=deadlines.respond_by,
                resolve_by=deadlines.resolve_by,
                overdue=list(reasons),
            )
            for entry, deadlines, reasons in ((r.entry, r.deadlines, r.overdue) for r in shown)
        ],
    )


@router.get(
    "/complaints/overdue",
    response_model=OverdueListOut,
    summary="Pengaduan yang melewati tenggat (hari kerja) / overdue complaints",
)
def list_overdue(
    app: FeedbackDep,
    principal: Supervisor,
    office_id: str | None = None,
    as_of: ClientInstant | None = None,
) -> OverdueListOut:
    office = office_id or principal.office_id
    moment = as_of or app.now()
    found = app.overdue_complaints(office, moment, may_act_for=principal.may_act_for)
    return OverdueListOut(
        office_id=office,
        as_of=moment,
        complaints=[
            OverdueOut(
                complaint_id=item.entry.complaint_id,
                channel=item.entry.channel,
                kind=item.entry.kind,
                category=item.entry.category,
                status="acknowledged" if item.entry.acknowledged_at else "filed",
                filed_at=item.entry.filed_at,
                respond_by=item.deadlines.respond_by,
                resolve_by=item.deadlines.resolve_by,
                overdue=list(item.overdue),
            )
            for item in found
        ],
    )


@router.get(
    "/complaints/{complaint_id}",
    response_model=ComplaintOut,
    responses=NOT_FOUND,
    summary="Rincian pengaduan / one complaint",
)
def get_complaint(
    complaint_id: Annotated[
        str,
        Path(
            max_length=40,
            description="Id pengaduan (UUID) atau nomor pengaduan (PGD-3572-2026-0042)",
        ),
    ],
    app: FeedbackDep,
    principal: Supervisor,
) -> ComplaintOut:
    complaint = app.find_complaint(complaint_id, may_act_for=principal.may_act_for)
    return complaint_out(app, complaint)


@router.post(
    "/complaints/{complaint_id}/acknowledge",
    response_model=ComplaintOut,
    responses={**NOT_FOUND, **OUT_OF_ORDER},
    summary="Tanggapi pertama (akui) pengaduan / acknowledge a complaint",
)
def acknowledge(
    complaint_id: UUID, body: AcknowledgeIn, app: FeedbackDep, principal: Supervisor
) -> ComplaintOut:
    acknowledged = app.acknowledge_complaint(
        complaint_id, body.occurred_at, may_act_for=principal.may_act_for
    )
    return complaint_out(app, acknowledged)


@router.post(
    "/complaints/{complaint_id}/resolve",
    response_model=ComplaintOut,
    responses={**NOT_FOUND, **OUT_OF_ORDER},
    summary="Selesaikan pengaduan dengan jawaban / resolve a complaint with a response",
)
def resolve(
    complaint_id: UUID, body: ResolveIn, app: FeedbackDep, principal: Supervisor
) -> ComplaintOut:
    complaint = app.resolve_complaint(
        complaint_id,
        may_act_for=principal.may_act_for,
        response=body.response,
        resolution_category=body.resolution_category,
        occurred_at=body.occurred_at,
    )
    return complaint_out(app, complaint)


def complaint_out(app: FeedbackApplication, complaint: Complaint) -> ComplaintOut:
    deadlines = app.deadlines(complaint.office_id, complaint.filed_at)
    return ComplaintOut(
        complaint_id=complaint.id,
        office_id=complaint.office_id,
        channel=complaint.channel,
        kind=complaint.kind,
        category=complaint.category,
        status=complaint.status,
        message=complaint.message,
        anonymous=complaint.anonymous,
        contact=complaint.contact,
        visit_id=complaint.visit_id,
        officer_id=complaint.officer_id,
        box_opened_on=complaint.box_opened_on,
        lapor_reference=complaint.lapor_reference,
        filed_at=complaint.filed_at,
        acknowledged_at=complaint.acknowledged_at,
        resolved_at=complaint.resolved_at,
        response=complaint.response,
        resolution_category=complaint.resolution_category,
        respond_by=deadlines.respond_by,
        resolve_by=deadlines.resolve_by,
        reference=complaint.reference,
        timeline=steps_of(complaint, deadlines, app.now()),
    )


def steps_of(complaint: Complaint, deadlines: Deadlines, as_of: datetime) -> list[TimelineStep]:
    steps = timeline(
        complaint.filed_at, complaint.acknowledged_at, complaint.resolved_at, deadlines, as_of
    )
    return [TimelineStep(**asdict(step)) for step in steps]
