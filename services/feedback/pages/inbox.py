"""The supervisor's complaints inbox, in the staff shell.

- `GET /pengaduan-masuk`: the office's complaints, newest first, with the API's filters
  (status, channel, overdue, officer, period) as a form; each row its reference, its
  deadlines on the service calendar and what is overdue;
- `GET /pengaduan-masuk/{reference}`: one complaint: its text and contact (staff only),
  the timeline with its deadlines, the response and its delivery to the complainant;
  buttons to acknowledge and to resolve with a response (`POST .../akui`, `.../selesai`);
- `GET|POST /pengaduan-masuk/catat`: a suggestion-box note or a phone call transcribed
  (reception, officers and supervisors), answered with the reference and the status code
  to tell the caller.

Every use case is `FeedbackApplication`'s, with the signed-in person's `may_act_for`: a
complaint of another office is "not found". Forms carry the session's CSRF token.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from infra.pages import KIT, render
from infra.roles import Principal, Role
from infra.security import require_page
from services.feedback.api.complaints import steps_of
from services.feedback.api.dependencies import FeedbackDep
from services.feedback.application import FeedbackApplication
from services.feedback.complaint_book import OverdueComplaint
from services.feedback.domain.complaint import CATEGORIES, CHANNELS, Complaint
from services.feedback.pages.forms import (
    INBOX_STATUSES,
    TRANSCRIBED_CHANNELS,
    InboxQuery,
    TranscriptionForm,
)
from services.feedback.pages.visitors import office_name, office_zone
from standard import wording
from standard.errors import NotFound, RuleViolation

router = APIRouter(include_in_schema=False)
Supervisor = Annotated[Principal, require_page(Role.SUPERVISOR)]
Transcriber = Annotated[Principal, require_page(Role.RECEPTIONIST, Role.OFFICER, Role.SUPERVISOR)]
INBOX = "/pengaduan-masuk"
PAGE_SIZE = 25
STATUS_LABELS = {
    "open": "Belum selesai",
    **{code: label.capitalize() for code, label in wording.COMPLAINT_STATUSES.items()},
}
OVERDUE_LABELS = {"response": "lewat tenggat tanggapan", "resolution": "lewat tenggat selesai"}
RESOLUTIONS = {
    "ditindaklanjuti": "Ditindaklanjuti",
    "penjelasan_diberikan": "Penjelasan diberikan",
    "perbaikan_layanan": "Perbaikan layanan",
    "diteruskan": "Diteruskan ke unit lain",
    "tidak_dapat_ditindaklanjuti": "Tidak dapat ditindaklanjuti",
    "apresiasi_diterima": "Apresiasi diterima",
}
DELIVERY_LABELS = {
    "pending": "menunggu dikirim",
    "sending": "sedang dikirim",
    "sent": "terkirim",
    "set_aside": "gagal dikirim (disisihkan)",
}
NOTICES = {
    "diakui": "Pengaduan ditanggapi (diakui). Tenggat berikutnya: penyelesaian.",
    "selesai": "Pengaduan diselesaikan; jawaban disimpan.",
}


def short_datetime(moment: datetime | None, zone: ZoneInfo) -> str:
    """`25-03-2026 08.00` in the office's time; empty for none."""
    return "" if moment is None else f"{moment.astimezone(zone):%d-%m-%Y %H.%M}"


def long_local(moment: datetime | None, zone: ZoneInfo) -> str:
    return "" if moment is None else wording.long_datetime(moment.astimezone(zone))


KIT.add_filters(resolution_label=lambda code: RESOLUTIONS.get(code or "", code or ""))


def key_of(reference: str | None, complaint_id: object) -> str:
    """The complaint's address in the inbox: its reference, or its id when it has none."""
    return reference or str(complaint_id)


def choices() -> dict[str, Any]:
    return {
        "statuses": [(code, STATUS_LABELS[code]) for code in INBOX_STATUSES],
        "channels": [(code, wording.channel_name(code)) for code in CHANNELS],
        "categories": [(code, wording.COMPLAINT_CATEGORIES[code]) for code in CATEGORIES],
        "kinds": wording.COMPLAINT_KINDS,
    }


def inbox_row(item: OverdueComplaint, zone: ZoneInfo) -> dict[str, Any]:
    entry, deadlines = item.entry, item.deadlines
    return {
        "key": key_of(entry.reference, entry.complaint_id),
        "reference": entry.reference or "(tanpa nomor)",
        "filed": short_datetime(entry.filed_at, zone),
        "channel": wording.channel_name(entry.channel),
        "kind": wording.COMPLAINT_KINDS.get(entry.kind, (entry.kind, ""))[0],
        "category": wording.COMPLAINT_CATEGORIES.get(entry.category, entry.category),
        "status": entry.status,
        "status_label": STATUS_LABELS.get(entry.status, entry.status),
        "officer_id": entry.officer_id,
        "respond_by": short_datetime(deadlines.respond_by, zone),
        "resolve_by": short_datetime(deadlines.resolve_by, zone),
        "overdue": [OVERDUE_LABELS[reason] for reason in item.overdue],
    }


def inbox_page(
    request: Request,
    app: FeedbackApplication,
    principal: Principal,
    query: InboxQuery,
) -> HTMLResponse:
    errors = query.errors()
    office, zone = principal.office_id, office_zone(principal.office_id)
    moment = app.now()
    found: Sequence[OverdueComplaint] = []
    if not errors:
        found = app.list_complaints(
            office, query.filters(), moment, may_act_for=principal.may_act_for
        )
    page = int(query.page) if not errors else 1
    pages = max(1, -(-len(found) // PAGE_SIZE))
    shown = found[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    return render(
        "feedback/inbox.html.j2",
        422 if errors else 200,
        request=request,
        office=office_name(office),
        as_of=long_local(moment, zone),
        query=query,
        errors=errors,
        rows=[inbox_row(item, zone) for item in shown],
        total=len(found),
        page=page,
        pages=pages,
        previous_link=query.link(page - 1) if page > 1 else None,
        next_link=query.link(page + 1) if page < pages else None,
        **choices(),
    )


@router.get(INBOX, response_class=HTMLResponse)
def inbox(
    request: Request,
    app: FeedbackDep,
    principal: Supervisor,
    query: Annotated[InboxQuery, Depends()],
) -> HTMLResponse:
    return inbox_page(request, app, principal, query)


# --- transcription (before /{key}: "catat" is no reference) ---------------------------


def transcription_page(
    request: Request,
    form: TranscriptionForm,
    errors: dict[str, str] | None = None,
) -> HTMLResponse:
    return render(
        "feedback/inbox_transcribe.html.j2",
        422 if errors else 200,
        request=request,
        form=form,
        errors=errors or {},
        transcribed_channels=[(code, wording.channel_name(code)) for code in TRANSCRIBED_CHANNELS],
        **choices(),
    )


@router.get(f"{INBOX}/catat", response_class=HTMLResponse)
def transcription(request: Request, principal: Transcriber) -> HTMLResponse:
    del principal  # reception, officers and supervisors write notes and calls down
    return transcription_page(request, TranscriptionForm())


@router.post(f"{INBOX}/catat", response_class=HTMLResponse)
def transcribe(
    request: Request,
    form: Annotated[TranscriptionForm, Form()],
    app: FeedbackDep,
    principal: Transcriber,
) -> HTMLResponse:
    errors = form.errors()
    if errors:
        return transcription_page(request, form, errors)
    try:
        lodged = app.lodge_complaint(
            office_id=principal.office_id,
            may_act_for=principal.may_act_for,
            **form.transcribed(),
        )
    except RuleViolation as refused:
        return transcription_page(request, form, {refused.field.split(".")[-1]: refused.reason})
    complaint = app.get_complaint(lodged.complaint_id)
    zone = office_zone(complaint.office_id)
    deadlines = app.deadlines(complaint.office_id, complaint.filed_at)
    return render(
        "feedback/inbox_transcribed.html.j2",
        201,
        request=request,
        reference=lodged.reference,
        code=lodged.status_code,
        channel=wording.channel_name(complaint.channel),
        respond_by=long_local(deadlines.respond_by, zone),
        resolve_by=long_local(deadlines.resolve_by, zone),
        supervisor=bool({Role.SUPERVISOR, Role.ADMIN} & principal.roles),
    )


# --- one complaint ---------------------------------------------------------------------


def not_found(request: Request, key: str) -> HTMLResponse:
    return render(
        "message.html.j2",
        404,
        request=request,
        layout="layouts/staff.html.j2",
        title="Pengaduan tidak ditemukan",
        subtitle="no such complaint in your office",
        text=f"Tidak ada pengaduan {key} di kantor Anda. Periksa nomornya di kotak masuk.",
    )


def find(app: FeedbackApplication, principal: Principal, key: str) -> Complaint | None:
    """The complaint of the person's office with this reference or id, else None."""
    if len(key) > 40:
        return None
    try:
        return app.find_complaint(key, may_act_for=principal.may_act_for)
    except (NotFound, RuleViolation):  # unknown, malformed, or another office's
        return None


def complaint_page(
    request: Request,
    app: FeedbackApplication,
    complaint: Complaint,
    status_code: int = 200,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> HTMLResponse:
    zone = office_zone(complaint.office_id)
    deadlines = app.deadlines(complaint.office_id, complaint.filed_at)
    steps = steps_of(complaint, deadlines, app.now())
    answer = app.answer_delivery(complaint)
    contact = complaint.contact or {}
    return render(
        "feedback/inbox_complaint.html.j2",
        status_code,
        request=request,
        complaint=complaint,
        key=key_of(complaint.reference, complaint.id),
        channel=wording.channel_name(complaint.channel),
        kind=wording.COMPLAINT_KINDS.get(complaint.kind, (complaint.kind, ""))[0],
        category=wording.COMPLAINT_CATEGORIES.get(complaint.category, complaint.category),
        status_label=STATUS_LABELS.get(complaint.status, complaint.status),
        filed=long_local(complaint.filed_at, zone),
        box_opened_on=wording.long_date(complaint.box_opened_on)
        if complaint.box_opened_on
        else None,
        steps=[
            {
                "label": step.label,
                "due": long_local(step.due, zone),
                "done": long_local(step.done_at, zone),
                "late": step.late,
                "open": step.done_at is None,
            }
            for step in steps
        ],
        contact=contact,
        answer_to=contact.get("email") or contact.get("phone"),
        answer=answer,
        answer_status=DELIVERY_LABELS.get(answer.status, answer.status) if answer else None,
        answer_sent=long_local(answer.sent_at, zone) if answer else "",
        resolutions=list(RESOLUTIONS.items()),
        errors=errors or {},
        values=values or {},
        notice=NOTICES.get(request.query_params.get("pesan", "")),
    )


@router.get(INBOX + "/{key}", response_class=HTMLResponse)
def complaint_detail(
    request: Request, key: str, app: FeedbackDep, principal: Supervisor
) -> HTMLResponse:
    complaint = find(app, principal, key)
    if complaint is None:
        return not_found(request, key)
    return complaint_page(request, app, complaint)


@router.post(INBOX + "/{key}/akui", response_class=HTMLResponse)
def acknowledge(request: Request, key: str, app: FeedbackDep, principal: Supervisor) -> Response:
    complaint = find(app, principal, key)
    if complaint is None:
        return not_found(request, key)
    try:
        app.acknowledge_complaint(complaint.id, may_act_for=principal.may_act_for)
    except RuleViolation as refused:  # already acknowledged or resolved: said on the page
        return complaint_page(request, app, complaint, 409, {"acknowledge": refused.reason})
    return RedirectResponse(f"{INBOX}/{key}?pesan=diakui", 303)


@router.post(INBOX + "/{key}/selesai", response_class=HTMLResponse)
def resolve(
    request: Request,
    key: str,
    app: FeedbackDep,
    principal: Supervisor,
    response: Annotated[str, Form(max_length=8000)] = "",
    resolution_category: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    complaint = find(app, principal, key)
    if complaint is None:
        return not_found(request, key)
    values = {"response": response, "resolution_category": resolution_category}
    errors: dict[str, str] = {}
    if not response.strip():
        errors["response"] = "Tuliskan jawaban untuk pelapor."
    if resolution_category and resolution_category not in RESOLUTIONS:
        errors["resolution_category"] = "Pilih salah satu hasil penyelesaian."
    if errors:
        return complaint_page(request, app, complaint, 422, errors, values)
    try:
        app.resolve_complaint(
            complaint.id,
            response=response,
            resolution_category=resolution_category or None,
            may_act_for=principal.may_act_for,
        )
    except RuleViolation as refused:
        field = refused.field if refused.field in values else "resolve"
        status_code = 409 if refused.kind == "conflict" else 422
        return complaint_page(request, app, complaint, status_code, {field: refused.reason}, values)
    return RedirectResponse(f"{INBOX}/{key}?pesan=selesai", 303)
