"""The report center: `/laporan`, a staff page in the shell (supervisors and auditors).

- any report of the office, monthly, yearly or of a range of dates, in every format (PDF,
  XLSX, CSV, JSON, HTML), downloaded from `/laporan/unduh` with the session cookie: the
  same report as `/api/reporting/offices/{office}/reports` (the engine's, from the live
  projection, with its provenance), and without a session the sign-in page;
- the stored monthly and yearly evaluations, with their as-of moment, events and the
  provenance digest, each downloadable in every format (`/laporan/evaluasi/{label}`);
- the scheduled delivery of the evaluations (`hub deliver-reports`): recipients, which
  evaluations, attached formats, the last delivery; a supervisor edits it
  (`POST /laporan/pengiriman`, stored in the reporting store over the settings' default).

A person of national scope may name the office (`kantor`); the use cases check it.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from infra.pages import render
from infra.security import Principal, Role, require_page
from services.reporting.api.dependencies import ReportingDep
from services.reporting.api.reports import MEDIA_TYPES, live_report, report_response
from services.reporting.delivery import Schedules, checked_schedule
from services.reporting.live import LiveReporting
from services.reporting.periods import InvalidPeriod, Period, parse_period
from standard import wording
from standard.errors import NotFound, RuleViolation

router = APIRouter(include_in_schema=False)
Reader = Annotated[Principal, require_page(Role.SUPERVISOR, Role.AUDITOR)]
Supervisor = Annotated[Principal, require_page(Role.SUPERVISOR)]
OfficeQuery = Annotated[str | None, Query(alias="kantor", pattern=r"^\d{4}$")]
FORMAT_LABELS = {
    "pdf": "PDF",
    "xlsx": "Excel (XLSX)",
    "csv": "CSV",
    "json": "JSON",
    "html": "HTML",
}
NOTICES = {"jadwal": "Jadwal pengiriman disimpan; berlaku mulai pengiriman berikutnya."}


def office_of(principal: Principal, chosen: str | None) -> str:
    """The office a page is about: the person's own, or the one a national person chose."""
    return chosen if chosen and principal.national else principal.office_id


def month_label(day: date) -> str:
    return f"{wording.MONTHS[day.month - 1]} {day.year}"


def quick_periods(today: date) -> list[dict[str, str]]:
    """This month, last month, this year and last year: one click for each format."""
    last_month = today.replace(day=1) - timedelta(days=1)
    return [
        {"period": f"{today:%Y-%m}", "label": f"Bulan ini ({month_label(today)})"},
        {"period": f"{last_month:%Y-%m}", "label": f"Bulan lalu ({month_label(last_month)})"},
        {"period": f"{today.year}", "label": f"Tahun ini ({today.year})"},
        {"period": f"{today.year - 1}", "label": f"Tahun lalu ({today.year - 1})"},
    ]


def evaluation_rows(
    reporting: LiveReporting, office_id: str, principal: Principal
) -> list[dict[str, Any]]:
    rows = reporting.evaluations(office_id, may_act_for=principal.may_act_for)
    return sorted(rows, key=lambda row: str(row["label"]), reverse=True)


def center_page(
    request: Request,
    reporting: LiveReporting,
    principal: Principal,
    office_id: str,
    status_code: int = 200,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
) -> HTMLResponse:
    calendar = reporting.calendar(office_id)
    today = calendar.local_date(reporting.now())
    evaluations = evaluation_rows(reporting, office_id, principal)
    schedule = Schedules(reporting).of(office_id, may_act_for=principal.may_act_for)
    sent = [row for row in evaluations if row.get("sent_at")]
    last = max(sent, key=lambda row: str(row["sent_at"])) if sent else None
    return render(
        "reporting/reports.html.j2",
        status_code,
        request=request,
        office_id=office_id,
        office_name=calendar.settings.name,
        choose_office=principal.national,
        today=today.isoformat(),
        this_month=f"{today:%Y-%m}",
        this_year=today.year,
        quick=quick_periods(today),
        formats=list(FORMAT_LABELS.items()),
        evaluations=evaluations,
        schedule=schedule,
        schedule_default=schedule.changed_by is None,
        last_delivery=last,
        may_edit=bool({Role.SUPERVISOR, Role.ADMIN} & principal.roles),
        errors=errors or {},
        values=values or {},
        notice=NOTICES.get(request.query_params.get("pesan", "")),
    )


@router.get(
    "/laporan",
    response_class=HTMLResponse,
    summary="Pusat laporan / the report center",
)
def report_center(
    request: Request, reporting: ReportingDep, principal: Reader, kantor: OfficeQuery = None
) -> HTMLResponse:
    office_id = office_of(principal, kantor)
    try:
        return center_page(request, reporting, principal, office_id)
    except RuleViolation:  # another office, or an unknown one: the person's own
        return center_page(request, reporting, principal, principal.office_id, 404)


def chosen_period(period: str, start: str, end: str) -> Period:
    """The period of the download form: `period` (2026, 2026-03, a..b) or `start`/`end`."""
    if not period and (start or end):
        period = f"{start}..{end}"
        field = "end" if start else "start"
    else:
        field = "period"
    if not period:
        raise RuleViolation("period", "pilih bulan, tahun, atau rentang tanggal")
    try:
        return parse_period(period.strip()).checked()
    except InvalidPeriod as exc:
        raise RuleViolation(field, f"periode tidak valid: {exc}") from None


def chosen_format(format_name: str) -> str:
    if format_name not in MEDIA_TYPES:
        raise RuleViolation("format", f"format: {', '.join(MEDIA_TYPES)}")
    return format_name


@router.get("/laporan/unduh", summary="Unduh laporan / download a report")
def download(
    request: Request,
    reporting: ReportingDep,
    principal: Reader,
    period: Annotated[str, Query(max_length=40)] = "",
    start: Annotated[str, Query(max_length=10)] = "",
    end: Annotated[str, Query(max_length=10)] = "",
    format: Annotated[str, Query(max_length=8)] = "pdf",
    kantor: OfficeQuery = None,
) -> Response:
    office_id = office_of(principal, kantor)
    values = {"period": period, "start": start, "end": end, "format": format}
    try:
        return live_report(
            reporting,
            principal,
            office_id,
            chosen_period(period, start, end),
            chosen_format(format),
        )
    except RuleViolation as refused:
        errors = {refused.field: refused.reason}
        return center_page(request, reporting, principal, principal.office_id, 422, errors, values)


@router.get("/laporan/evaluasi/{label}", summary="Unduh evaluasi tersimpan / a stored one")
def stored(
    request: Request,
    label: Annotated[str, Path(max_length=40)],
    reporting: ReportingDep,
    principal: Reader,
    format: Annotated[str, Query(max_length=8)] = "pdf",
    kantor: OfficeQuery = None,
) -> Response:
    office_id = office_of(principal, kantor)
    try:
        format_name = chosen_format(format)
        found = reporting.stored_evaluation(office_id, label, may_act_for=principal.may_act_for)
        if found is None:
            raise NotFound("label", f"belum ada evaluasi {label}")
    except RuleViolation as refused:
        status_code = 404 if isinstance(refused, NotFound) else 422
        errors = {refused.field: refused.reason}
        return center_page(request, reporting, principal, principal.office_id, status_code, errors)
    report = orjson.loads(found["report"])
    return report_response(report, office_id, label, format_name, reporting.document(office_id))


@router.post("/laporan/pengiriman", response_class=HTMLResponse)
async def edit_schedule(
    request: Request, reporting: ReportingDep, principal: Supervisor, kantor: OfficeQuery = None
) -> Response:
    office_id = office_of(principal, kantor)
    form = await request.form()
    recipients = str(form.get("recipients") or "").replace(",", "\n").replace(";", "\n")
    values: dict[str, Any] = {
        "recipients": recipients,
        "monthly": form.get("monthly") == "1",
        "yearly": form.get("yearly") == "1",
        "formats": [str(name) for name in form.getlist("formats")],
    }
    try:
        schedule = checked_schedule(
            office_id,
            recipients.splitlines(),
            values["monthly"],
            values["yearly"],
            values["formats"],
        )
        Schedules(reporting).save(schedule, principal.subject, may_act_for=principal.may_act_for)
    except RuleViolation as refused:
        errors = {refused.field: refused.reason}
        return center_page(request, reporting, principal, office_id, 422, errors, values)
    suffix = f"&kantor={office_id}" if principal.national else ""
    return RedirectResponse(f"/laporan?pesan=jadwal{suffix}#pengiriman", 303)
