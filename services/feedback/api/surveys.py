"""Survey routes: the public questionnaire and survey link, and reception's link for a visit."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, status

from services.feedback.api.dependencies import (
    RATE_LIMITED,
    FeedbackDep,
    FrontDesk,
    Responses,
    error,
)
from services.feedback.api.schemas import (
    AnswerOut,
    ElementOut,
    QuestionnaireOut,
    SurveyLinkOut,
    SurveyOut,
    SurveySubmission,
    SurveySubmittedOut,
)
from services.feedback.domain.questionnaire import ELEMENTS

VisitId = Annotated[str, Path(pattern=r"^[A-Za-z0-9._:-]{1,64}$", description="The visit.")]
Token = Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{16,128}$", description="The link's token.")]

router = APIRouter(tags=["feedback: survei"])
LINK_ERRORS: Responses = {
    404: error("Tautan tidak dikenal / unknown link"),
    409: error("Survei sudah diisi / already submitted"),
    410: error("Tautan kedaluwarsa / link expired"),
    429: error("Terlalu banyak permintaan / rate limited (see Retry-After)"),
}


def questionnaire() -> QuestionnaireOut:
    return QuestionnaireOut(
        elements=[
            ElementOut(
                code=element.code,
                name=element.name,
                name_en=element.name_en,
                question=element.question,
                answers=[
                    AnswerOut(score=score, label=label)
                    for score, label in enumerate(element.answers, start=1)
                ],
            )
            for element in ELEMENTS
        ]
    )


@router.get(
    "/public/questionnaire",
    response_model=QuestionnaireOut,
    summary="Kuesioner IKM (9 unsur, Permenpan RB 14/2017) / the IKM questionnaire",
)
def get_questionnaire() -> QuestionnaireOut:
    return questionnaire()


@router.get(
    "/public/surveys/{token}",
    response_model=SurveyOut,
    dependencies=RATE_LIMITED,
    responses={k: v for k, v in LINK_ERRORS.items() if k != 409},
    summary="Buka survei dari tautan / open a survey by its link (no login)",
)
def open_survey(token: Token, app: FeedbackDep) -> SurveyOut:
    survey = app.open_survey(token)
    return SurveyOut(
        status="submitted" if survey.submitted else "open",
        expires_at=survey.expires_at,
        submitted_at=survey.submitted_at,
        questionnaire=questionnaire(),
    )


@router.post(
    "/public/surveys/{token}",
    status_code=status.HTTP_201_CREATED,
    response_model=SurveySubmittedOut,
    dependencies=RATE_LIMITED,
    responses=LINK_ERRORS,
    summary="Kirim jawaban survei (sekali per kunjungan) / submit the survey (once per visit)",
)
def submit_survey(token: Token, body: SurveySubmission, app: FeedbackDep) -> SurveySubmittedOut:
    survey = app.submit_survey(token, body.scores.model_dump(), body.comment)
    assert survey.submitted_at is not None
    return SurveySubmittedOut(submitted_at=survey.submitted_at)


@router.post(
    "/visits/{visit_id}/survey-link",
    status_code=status.HTTP_201_CREATED,
    response_model=SurveyLinkOut,
    responses={
        404: error("Belum ada survei / no survey for the visit yet"),
        409: LINK_ERRORS[409],
        410: LINK_ERRORS[410],
    },
    summary="Tautan survei untuk ditampilkan di resepsionis (QR) / a survey link for reception",
)
def issue_survey_link(visit_id: VisitId, app: FeedbackDep, principal: FrontDesk) -> SurveyLinkOut:
    issued = app.issue_survey_link(visit_id, may_act_for=principal.may_act_for)
    return SurveyLinkOut(
        survey_id=issued.survey_id,
        visit_id=issued.visit_id,
        link=issued.link,
        token=issued.token,
        expires_at=issued.expires_at,
    )


VisitToken = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$", description="The ticket's link token")]


@router.post(
    "/public/visits/{token}/survey-link",
    status_code=status.HTTP_201_CREATED,
    response_model=SurveyLinkOut,
    dependencies=RATE_LIMITED,
    responses={
        404: error("Tautan tidak dikenal, atau konsultasi belum selesai / not yet"),
        409: LINK_ERRORS[409],
        410: LINK_ERRORS[410],
        429: LINK_ERRORS[429],
    },
    summary="Tautan survei dari halaman status kunjungan (publik) / survey link, visitor's page",
    description=(
        "Pengunjung membuka halaman statusnya (QR tiket); setelah konsultasi selesai halaman "
        "itu meminta tautan survei di sini. Tautan kunjungan adalah buktinya. / The visitor's "
        "own visit link is the proof; 404 until the consultation completed."
    ),
)
def survey_link_for_visitor(token: VisitToken, app: FeedbackDep) -> SurveyLinkOut:
    issued = app.survey_link_by_visit_link(token)
    return SurveyLinkOut(
        survey_id=issued.survey_id,
        visit_id=issued.visit_id,
        link=issued.link,
        token=issued.token,
        expires_at=issued.expires_at,
    )
