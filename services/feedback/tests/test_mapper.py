"""Every event feedback publishes is valid against the catalogue and carries codes only."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from events import decode, encode, payload_of
from events.catalogue import ComplaintFiled, SurveySubmitted
from services.feedback.domain.complaint import Complaint
from services.feedback.domain.survey import Survey
from services.feedback.domain.survey_link import SurveyLink
from services.feedback.domain.visit_channel import VisitChannel
from services.feedback.mapper import to_envelope

AT = datetime.fromisoformat("2026-03-17T10:00:00+07:00")
SCORES = {f"U{i}": 1 + i % 4 for i in range(1, 10)}


def domain_events() -> list[object]:
    survey = Survey(
        office_id="3572",
        occurred_at=AT,
        visit_id="visit-1",
        channel="whatsapp",
        delivery="whatsapp_session",
        expires_at=AT + timedelta(days=7),
        officer_id="ofc-1",
    )
    survey.issue_link("ab" * 32, "whatsapp_session", occurred_at=AT)
    survey.submit(SCORES, "Komentar bebas", occurred_at=AT + timedelta(hours=1))
    complaint = Complaint(
        office_id="3572",
        occurred_at=AT,
        channel="suggestion_box",
        kind="complaint",
        category="sarana_prasarana",
        message="Teks bebas",
        contact={"name": "Budi"},
        visit_id="visit-1",
        officer_id="ofc-1",
        box_opened_on=date(2026, 3, 16),
        reference="PGD-3572-2026-0042",
    )
    complaint.acknowledge(occurred_at=AT)
    complaint.resolve("Jawaban", "perbaikan_layanan", occurred_at=AT)
    link = SurveyLink(office_id="3572", occurred_at=AT, token_hash="ab" * 32, survey_id=survey.id)
    learned = VisitChannel(office_id="3572", occurred_at=AT, visit_id="v", channel="email")
    return [
        *survey.collect_events(),
        *complaint.collect_events(),
        *link.collect_events(),
        *learned.collect_events(),
    ]


def test_published_events_decode_against_the_catalogue() -> None:
    envelopes = [to_envelope(event) for event in domain_events()]
    published = [envelope for envelope in envelopes if envelope is not None]
    assert [e.event_type for e in published] == [
        "SurveyInvited",
        "SurveySubmitted",
        "ComplaintFiled",
        "ComplaintAcknowledged",
        "ComplaintResolved",
    ]
    decoded = [decode(encode(envelope)) for envelope in published]
    assert all(e.source == "feedback" and e.office_id == "3572" for e in decoded)
    submitted = payload_of(decoded[1])
    assert isinstance(submitted, SurveySubmitted)
    assert submitted.scores.model_dump() == SCORES and submitted.has_comment
    filed = payload_of(decoded[2])
    assert isinstance(filed, ComplaintFiled)
    assert (filed.channel, filed.category, filed.visit_id) == (
        "suggestion_box",
        "sarana_prasarana",
        "visit-1",
    )
    assert filed.reference == "PGD-3572-2026-0042"  # readable, public; the text stays here
    assert decoded[1].occurred_at == AT + timedelta(hours=1)


def test_links_and_learned_channels_stay_private() -> None:
    private = [e for e in domain_events() if to_envelope(e) is None]
    assert {type(e).__qualname__ for e in private} == {
        "Survey.LinkIssued",
        "SurveyLink.Issued",
        "VisitChannel.Learned",
    }


def test_free_text_never_reaches_an_envelope() -> None:
    raw = b"".join(encode(e) for e in map(to_envelope, domain_events()) if e is not None)
    for text in (b"Komentar", b"Teks bebas", b"Budi", b"Jawaban", b"abab", b"2026-03-16"):
        assert text not in raw
