"""The survey page behind a link: `GET /survei/{token}` shows it, `POST` submits it.

Works as a plain HTML form. A missing answer re-renders the form (422) with the element
named and the given answers kept; an unknown (404), expired (410) or answered (409) link
gets a page saying so. Rate limited like the JSON endpoints.
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse

from infra.pages import render
from services.feedback.api.dependencies import FeedbackDep
from services.feedback.application import FeedbackApplication
from services.feedback.container import FeedbackContainer
from services.feedback.domain.questionnaire import ELEMENTS
from services.feedback.domain.survey import Survey
from services.feedback.pages.forms import SurveyForm
from services.feedback.pages.visitors import (
    Throttle,
    long_datetime,
    message,
    office_name,
    office_zone,
    too_many_requests,
)
from standard.errors import NotFound, RuleViolation

TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,128}$")
ELEMENT_NAMES = {element.code: element.name for element in ELEMENTS}

router = APIRouter(include_in_schema=False)


def site_office(request: Request) -> str:
    parts: FeedbackContainer = request.app.state.containers[FeedbackContainer]
    return office_name(parts.office_id)


def unknown_link(office: str) -> HTMLResponse:
    return message(
        404,
        "Tautan survei tidak dikenal",
        "Periksa kembali tautan yang Anda terima (salin seluruhnya), atau minta tautan baru "
        "kepada resepsionis atau petugas.",
        subtitle="Unknown survey link.",
        office=office,
    )


def expired(survey: Survey) -> HTMLResponse:
    zone = office_zone(survey.office_id)
    return message(
        410,
        "Tautan survei sudah kedaluwarsa",
        f"Tautan ini berlaku sampai {long_datetime(survey.expires_at, zone)}. "
        "Anda tetap dapat menyampaikan saran melalui formulir pengaduan.",
        subtitle="This survey link has expired.",
        office=office_name(survey.office_id),
        complaint_link=True,
    )


def already_submitted(survey: Survey) -> HTMLResponse:
    return message(
        409,
        "Survei ini sudah diisi",
        "Survei untuk kunjungan ini sudah diisi dan hanya dapat diisi satu kali. "
        "Terima kasih atas penilaian Anda.",
        subtitle="This survey has already been submitted.",
        office=office_name(survey.office_id),
        complaint_link=True,
    )


def open_survey_or_page(app: FeedbackApplication, token: str, office: str) -> Survey | HTMLResponse:
    """The open survey behind the link, or the page that says why there is none."""
    if not TOKEN.match(token):
        return unknown_link(office)
    try:
        survey = app.survey_by_token(token)
    except NotFound:
        return unknown_link(office)
    status = survey.status_at(app.now())
    if status == "submitted":
        return already_submitted(survey)
    return expired(survey) if status == "expired" else survey


def survey_form(
    survey: Survey, form: SurveyForm, missing: list[str], comment_error: str | None
) -> HTMLResponse:
    invalid = bool(missing or comment_error)
    return render(
        "feedback/survey.html.j2",
        422 if invalid else 200,
        office=office_name(survey.office_id),
        expires=long_datetime(survey.expires_at, office_zone(survey.office_id)),
        elements=ELEMENTS,
        names=ELEMENT_NAMES,
        answers=form.answers(),
        comment=form.comment,
        missing=missing,
        comment_error=comment_error,
        invalid=invalid,
    )


def refused(survey: Survey, form: SurveyForm, exc: RuleViolation) -> HTMLResponse:
    """What the application refused after our checks passed (a race, or a rule we missed)."""
    if exc.kind == "conflict":
        return already_submitted(survey)
    if exc.kind == "gone":
        return expired(survey)
    if exc.field.startswith("scores."):
        return survey_form(survey, form, [exc.field.removeprefix("scores.")], None)
    return survey_form(survey, form, [], exc.reason)


@router.get("/survei/{token}", response_class=HTMLResponse)
def survey_page(token: str, request: Request, app: FeedbackDep, wait: Throttle) -> HTMLResponse:
    if wait:
        return too_many_requests(wait)
    found = open_survey_or_page(app, token, site_office(request))
    if isinstance(found, HTMLResponse):
        return found
    return survey_form(found, SurveyForm(), [], None)


@router.post("/survei/{token}", response_class=HTMLResponse)
def submit_survey_page(
    token: str,
    form: Annotated[SurveyForm, Form()],
    request: Request,
    app: FeedbackDep,
    wait: Throttle,
) -> HTMLResponse:
    if wait:
        return too_many_requests(wait)
    found = open_survey_or_page(app, token, site_office(request))
    if isinstance(found, HTMLResponse):
        return found
    missing, comment_error = form.missing(), form.comment_error()
    if missing or comment_error:
        return survey_form(found, form, missing, comment_error)
    try:
        survey = app.submit_survey(token, form.answers(), form.comment)
    except RuleViolation as exc:
        return refused(found, form, exc)
    assert survey.submitted_at is not None
    return render(
        "feedback/thanks.html.j2",
        office=office_name(survey.office_id),
        submitted=long_datetime(survey.submitted_at, office_zone(survey.office_id)),
    )
