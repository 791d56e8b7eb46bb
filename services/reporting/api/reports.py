"""The reports API: monthly, yearly and any range, in every format of `hub report`.

Each report is the report engine's, computed from the live projection, and carries its
provenance: in the body (`provenance`: events, their digest, settings, code version,
and the projection's generation and positions) and in `X-Report-*` headers, so even a
PDF or a spreadsheet says what it was computed from.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Path, Query, Response

from infra.openapi import media_types
from infra.roles import Principal
from services.reporting.api.dependencies import ERRORS, Auditing, ReportingDep
from services.reporting.live import LiveReporting
from services.reporting.periods import InvalidPeriod, Period, month, parse_period, year
from services.reporting.renderers import render
from services.reporting.renderers.document import Document
from standard.errors import NotFound, RuleViolation
from standard.instants import FIRST_YEAR, LAST_YEAR, OutOfWindow, check_year

router = APIRouter(tags=["reporting: reports"], responses=ERRORS)

Format = Literal["json", "csv", "xlsx", "pdf", "html"]
FormatQuery = Annotated[Format, Query(description="json, csv, xlsx, pdf atau html")]
MEDIA_TYPES: dict[str, str] = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}
FORMATS = media_types(*MEDIA_TYPES.values())


def report_response(
    result: dict[str, Any],
    office_id: str,
    label: str,
    format_name: str,
    document: Document | None = None,
) -> Response:
    provenance = result["provenance"]
    filename = f"laporan-{office_id}-{label.replace('..', '_')}.{format_name}"
    inline = format_name in ("json", "html")
    headers = {
        "Content-Disposition": f'{"inline" if inline else "attachment"}; filename="{filename}"',
        "X-Report-Events": str(provenance["events"]),
        "X-Report-Events-Digest": provenance["events_digest"]["sha256"],
        "X-Report-Code-Version": str(provenance["code_version"]),
    }
    if "projection" in provenance:
        headers["X-Report-Projection"] = orjson.dumps(provenance["projection"]).decode()
    return Response(
        render(result, format_name, document),
        media_type=MEDIA_TYPES[format_name],
        headers=headers,
    )


def live_report(
    reporting: LiveReporting,
    principal: Principal,
    office_id: str,
    period: Period,
    format_name: str,
) -> Response:
    result = reporting.report(office_id, period, format_name, may_act_for=principal.may_act_for)
    document = reporting.document(office_id)
    return report_response(result, office_id, period.label, format_name, document)


@router.get(
    "/offices/{office_id}/reports",
    summary="Laporan periode apa pun / a report of any period",
    responses=FORMATS,
    description="`period`: tahun (`2026`), bulan (`2026-03`) atau rentang tanggal "
    "(`2026-03-01..2026-03-15`); sama dengan `hub report --period`.",
)
def any_period(
    office_id: str,
    reporting: ReportingDep,
    principal: Auditing,
    period: Annotated[str, Query(examples=["2026-03"], description="2026, 2026-03 atau a..b")],
    format: FormatQuery = "json",
) -> Response:
    try:
        chosen = parse_period(period)
    except InvalidPeriod as exc:
        raise RuleViolation("period", str(exc)) from None
    return live_report(reporting, principal, office_id, chosen, format)


@router.get(
    "/offices/{office_id}/reports/monthly/{year_number}/{month_number}",
    summary="Laporan bulanan / the monthly evaluation",
    responses=FORMATS,
)
def monthly(
    office_id: str,
    reporting: ReportingDep,
    principal: Auditing,
    year_number: Annotated[int, Path(ge=FIRST_YEAR, le=LAST_YEAR)],
    month_number: Annotated[int, Path(ge=1, le=12)],
    format: FormatQuery = "json",
) -> Response:
    return live_report(reporting, principal, office_id, month(year_number, month_number), format)


@router.get(
    "/offices/{office_id}/reports/yearly/{year_number}",
    summary="Laporan tahunan / the yearly evaluation",
    responses=FORMATS,
)
def yearly(
    office_id: str,
    reporting: ReportingDep,
    principal: Auditing,
    year_number: Annotated[int, Path(ge=FIRST_YEAR, le=LAST_YEAR)],
    format: FormatQuery = "json",
) -> Response:
    return live_report(reporting, principal, office_id, year(year_number), format)


@router.get(
    "/offices/{office_id}/reports/range",
    summary="Laporan rentang tanggal / a report of a range of dates (both ends included)",
    responses=FORMATS,
)
def date_range(
    office_id: str,
    reporting: ReportingDep,
    principal: Auditing,
    start: Annotated[date, Query(examples=["2026-03-01"])],
    end: Annotated[date, Query(examples=["2026-03-15"])],
    format: FormatQuery = "json",
) -> Response:
    for name, day in (("start", start), ("end", end)):
        try:
            check_year(day.year)
        except OutOfWindow as exc:
            raise RuleViolation(name, str(exc)) from None
    try:
        chosen = Period(start, end, "range")
    except InvalidPeriod as exc:
        raise RuleViolation("end", str(exc)) from None
    return live_report(reporting, principal, office_id, chosen, format)


@router.get(
    "/offices/{office_id}/evaluations",
    summary="Evaluasi terjadwal yang tersimpan / the stored scheduled evaluations",
)
def evaluations(
    office_id: str, reporting: ReportingDep, principal: Auditing
) -> list[dict[str, Any]]:
    return reporting.evaluations(office_id, may_act_for=principal.may_act_for)


@router.get(
    "/offices/{office_id}/evaluations/{label}",
    summary="Satu evaluasi tersimpan, dalam format apa pun / one stored evaluation",
    responses=FORMATS,
)
def stored_evaluation(
    office_id: str,
    label: str,
    reporting: ReportingDep,
    principal: Auditing,
    format: FormatQuery = "json",
) -> Response:
    found = reporting.stored_evaluation(office_id, label, may_act_for=principal.may_act_for)
    if found is None:
        raise NotFound("label", f"belum ada evaluasi {label} / no stored evaluation")
    stored = orjson.loads(found["report"])
    return report_response(stored, office_id, label, format, reporting.document(office_id))
