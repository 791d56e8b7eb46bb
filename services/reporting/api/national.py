"""The national roll-up API: every office's compliance and IKM for one period.

For BPS RI (a supervisor's or auditor's token of office 0000) and administrators; the
same figures as `hub report --all-offices`, computed from the live projection.
"""

from __future__ import annotations

from typing import Annotated, Literal

import orjson
from fastapi import APIRouter, Query, Response

from infra.openapi import media_types
from services.reporting.api.dependencies import ERRORS, Auditing, ReportingDep
from services.reporting.national import national_csv
from services.reporting.periods import InvalidPeriod, parse_period
from standard.errors import RuleViolation

router = APIRouter(tags=["reporting: national"], responses=ERRORS)


@router.get(
    "/national/reports",
    summary="Rekap nasional / every office's compliance and IKM for a period",
    description="`period`: tahun (`2026`), bulan (`2026-03`) atau rentang tanggal; sama "
    "dengan `hub report --all-offices --period`. Untuk token kantor 0000 (BPS RI).",
    responses=media_types("application/json", "text/csv"),
)
def national_reports(
    reporting: ReportingDep,
    principal: Auditing,
    period: Annotated[str, Query(examples=["2026-03"], description="2026, 2026-03 atau a..b")],
    format: Annotated[Literal["json", "csv"], Query(description="json atau csv")] = "json",
) -> Response:
    try:
        chosen = parse_period(period)
    except InvalidPeriod as exc:
        raise RuleViolation("period", str(exc)) from None
    result = reporting.national(chosen, may_act_for=principal.may_act_for)
    filename = f"rekap-nasional-{chosen.label.replace('..', '_')}.{format}"
    headers = {"Content-Disposition": f'inline; filename="{filename}"'}
    if format == "csv":
        return Response(national_csv(result), media_type="text/csv; charset=utf-8", headers=headers)
    return Response(orjson.dumps(result), media_type="application/json", headers=headers)
