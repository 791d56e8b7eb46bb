"""The Survey aggregate: one per visit, submitted once, while the invitation lasts."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from services.feedback.domain.survey import (
    Survey,
    SurveyAlreadySubmitted,
    SurveyExpired,
    delivery_for,
)
from services.feedback.domain.survey_link import SurveyLink, new_token, token_hash

INVITED = datetime.fromisoformat("2026-03-17T10:00:00+07:00")
SCORES = {"U1": 4, "U2": 3, "U3": 4, "U4": 4, "U5": 3, "U6": 4, "U7": 4, "U8": 2, "U9": 3}
DAY = timedelta(days=1)


def invited_survey(visit_id: str = "visit-1") -> Survey:
    survey = Survey(
        office_id="3572",
        occurred_at=INVITED,
        visit_id=visit_id,
        channel="walk_in",
        delivery="reception_display",
        expires_at=INVITED + 7 * DAY,
    )
    survey.collect_events()
    return survey


def test_survey_id_is_derived_from_the_visit() -> None:
    assert invited_survey("visit-1").id == invited_survey("visit-1").id
    assert invited_survey("visit-1").id != invited_survey("visit-2").id


def test_submission_keeps_scores_and_comment() -> None:
    survey = invited_survey()
    survey.submit(SCORES, "  Sangat membantu.  ", occurred_at=INVITED + DAY)
    [submitted] = survey.collect_events()
    assert isinstance(submitted, Survey.Submitted)
    assert submitted.scores == SCORES and submitted.comment == "Sangat membantu."
    assert survey.status_at(INVITED + 2 * DAY) == "submitted"


def test_second_submission_is_refused_and_records_nothing() -> None:
    survey = invited_survey()
    survey.submit(SCORES, occurred_at=INVITED + DAY)
    survey.collect_events()
    with pytest.raises(SurveyAlreadySubmitted) as refused:
        survey.submit({**SCORES, "U1": 1}, occurred_at=INVITED + DAY)
    assert refused.value.kind == "conflict"
    assert survey.collect_events() == [] and survey.scores == SCORES


def test_submission_after_the_invitation_expired_is_gone() -> None:
    survey = invited_survey()
    with pytest.raises(SurveyExpired) as refused:
        survey.submit(SCORES, occurred_at=INVITED + 7 * DAY)
    assert refused.value.kind == "gone" and refused.value.field == "token"
    assert survey.collect_events() == []


def test_an_empty_comment_counts_as_none() -> None:
    survey = invited_survey()
    survey.submit(SCORES, "   ", occurred_at=INVITED + DAY)
    assert survey.comment is None


def test_links_are_unguessable_and_only_their_hash_is_kept() -> None:
    token = new_token()
    assert len(token) >= 43 and token != new_token()
    survey = invited_survey()
    survey.issue_link(token_hash(token), "reception_display", occurred_at=INVITED)
    [issued] = survey.collect_events()
    assert isinstance(issued, Survey.LinkIssued)
    assert issued.token_hash == token_hash(token) and token not in str(vars(issued))
    assert SurveyLink.id_for_token(token) == SurveyLink.create_id(token_hash(token))


def test_whatsapp_gets_a_session_message_within_24_hours_and_a_template_after() -> None:
    session = timedelta(hours=24)
    arrived = INVITED - timedelta(hours=2)
    assert delivery_for("whatsapp", arrived, INVITED, session) == "whatsapp_session"
    late = INVITED + timedelta(hours=23)
    assert delivery_for("whatsapp", arrived, late, session) == "whatsapp_template"
    assert delivery_for("whatsapp", None, INVITED, session) == "whatsapp_template"


def test_walk_ins_see_their_link_at_reception_and_online_visitors_get_email() -> None:
    session = timedelta(hours=24)
    assert delivery_for("walk_in", None, INVITED, session) == "reception_display"
    assert delivery_for("halopst", None, INVITED, session) == "email"
    assert delivery_for("email", None, INVITED, session) == "email"
