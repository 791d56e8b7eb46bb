"""The website complaint form: `GET /pengaduan` shows it, `POST` files it (channel `website`).

Anonymous, or with a contact that feedback keeps encrypted and never publishes. A filed
complaint gets a confirmation page with its reference number, the response and resolution
deadlines, and the office's other complaint channels. Rate limited like the JSON endpoint.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse

from infra.pages import render
from services.feedback.api.dependencies import FeedbackDep
from services.feedback.application import FeedbackApplication, FiledComplaint
from services.feedback.container import FeedbackContainer
from services.feedback.domain.complaint import CATEGORIES
from services.feedback.pages.forms import ComplaintForm
from services.feedback.pages.visitors import (
    Throttle,
    long_datetime,
    office_name,
    office_zone,
    too_many_requests,
)
from services.feedback.settings import FeedbackSettings
from standard.errors import RuleViolation
from standard.wording import COMPLAINT_CATEGORIES, COMPLAINT_KINDS

router = APIRouter(include_in_schema=False)


class Site:
    """The office this website belongs to, and its other complaint channels."""

    def __init__(self, request: Request) -> None:
        parts: FeedbackContainer = request.app.state.containers[FeedbackContainer]
        self.office_id = parts.office_id
        self.channels: FeedbackSettings = parts.settings
        self.office = office_name(self.office_id)

    def context(self) -> dict[str, Any]:
        return {"office": self.office, "channels": self.channels}


SiteDep = Annotated[Site, Depends(Site)]


def complaint_form(
    site: Site, form: ComplaintForm, errors: dict[str, str] | None = None
) -> HTMLResponse:
    return render(
        "feedback/complaint.html.j2",
        422 if errors else 200,
        **site.context(),
        form=form,
        errors=errors or {},
        kinds=COMPLAINT_KINDS,
        categories=[(code, COMPLAINT_CATEGORIES[code]) for code in CATEGORIES],
    )


def confirmation(site: Site, app: FeedbackApplication, lodged: FiledComplaint) -> HTMLResponse:
    complaint = app.get_complaint(lodged.complaint_id)
    deadlines = app.deadlines(complaint.office_id, complaint.filed_at)
    zone = office_zone(complaint.office_id)
    return render(
        "feedback/complaint_filed.html.j2",
        **site.context(),
        reference=lodged.reference,
        code=lodged.status_code,
        kind=COMPLAINT_KINDS[complaint.kind][0],
        category=COMPLAINT_CATEGORIES[complaint.category],
        anonymous=complaint.anonymous,
        praise=complaint.kind == "praise",
        respond_by=long_datetime(deadlines.respond_by, zone),
        resolve_by=long_datetime(deadlines.resolve_by, zone),
    )


@router.get("/pengaduan", response_class=HTMLResponse)
def complaint_page(site: SiteDep) -> HTMLResponse:
    return complaint_form(site, ComplaintForm())


@router.post("/pengaduan", response_class=HTMLResponse)
def file_complaint_page(
    form: Annotated[ComplaintForm, Form()], site: SiteDep, app: FeedbackDep, wait: Throttle
) -> HTMLResponse:
    if wait:
        return too_many_requests(wait)
    errors = form.errors()
    if errors:
        return complaint_form(site, form, errors)
    try:
        lodged = app.lodge_complaint(office_id=site.office_id, channel="website", **form.details())
    except RuleViolation as exc:
        return complaint_form(site, form, {exc.field.split(".")[-1]: exc.reason})
    return confirmation(site, app, lodged)
