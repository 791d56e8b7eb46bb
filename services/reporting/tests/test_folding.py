import pytest

from events import InvalidEvent, decode, encode
from events.envelope import Envelope
from services.reporting.facts import OfficeFacts
from services.reporting.folding import fold_envelope, fold_event
from services.reporting.tests.builders import arrived, event, fold_all, served, survey, wib


def test_the_earliest_start_wins_with_its_officer_in_any_order():
    late = event("ConsultationStarted", wib(17, 9), visit_id="v1", officer_id="ani")
    early = event("ConsultationStarted", wib(17, 8, 30), visit_id="v1", officer_id="budi")
    for events in ([late, early], [early, late]):
        visit = fold_all(events).visits["v1"]
        assert (visit.started_at, visit.officer_id) == (wib(17, 8, 30).timestamp(), "budi")


def test_simultaneous_starts_pick_the_same_officer_in_any_order():
    one = event("ConsultationStarted", wib(17, 9), visit_id="v1", officer_id="budi")
    two = event("ConsultationStarted", wib(17, 9), visit_id="v1", officer_id="ani")
    assert fold_all([one, two]).visits["v1"].officer_id == "ani"
    assert fold_all([two, one]).visits["v1"].officer_id == "ani"


def test_the_latest_completion_and_the_earliest_abandonment_count():
    events = [
        *served("v1", "ani", wib(17, 9), wib(17, 9, 20)),
        event("ConsultationCompleted", wib(17, 9, 40), visit_id="v1", officer_id="ani"),
        event("VisitAbandoned", wib(17, 10), visit_id="v1"),
        event("VisitAbandoned", wib(17, 9, 50), visit_id="v1"),
    ]
    visit = fold_all(reversed(events)).visits["v1"]
    assert visit.completed_at == wib(17, 9, 40).timestamp()
    assert visit.abandoned_at == wib(17, 9, 50).timestamp()


def test_a_duplicate_event_id_is_folded_once():
    facts = OfficeFacts("3572")
    envelope = arrived("v1", wib(17, 8))
    at = wib(17, 8).timestamp()
    args = (envelope["event_id"], "VisitorArrived", at, envelope["data"])
    assert fold_event(facts, *args) == "used"
    assert fold_event(facts, *args) == "duplicate"
    assert len(facts.event_ids) == 1


def test_unknown_and_unread_types_are_ignored():
    facts = OfficeFacts("3572")
    assert fold_event(facts, "e1", "SuggestionBoxOpened", 0.0, {}) == "ignored"
    assert fold_event(facts, "e2", "GuestBookSigned", 0.0, {"visit_id": "v1"}) == "ignored"
    assert facts.event_ids == set() and facts.visits == {}


@pytest.mark.parametrize(
    ("event_type", "data", "field"),
    [
        ("VisitorArrived", {"channel": "walk_in"}, "data.visit_id"),
        ("VisitorArrived", {"visit_id": "v1", "channel": "fax"}, "data.channel"),
        ("VisitorArrived", {"visit_id": "x" * 65, "channel": "email"}, "data.visit_id"),
        ("ConsultationStarted", {"visit_id": "v1"}, "data.officer_id"),
        ("SurveySubmitted", {"survey_id": "s", "visit_id": "v"}, "data.scores"),
        ("ComplaintFiled", {"complaint_id": "k", "channel": "pigeon"}, "data.channel"),
    ],
)
def test_a_bad_payload_names_its_field_and_changes_nothing(event_type, data, field):
    facts = OfficeFacts("3572")
    with pytest.raises(InvalidEvent) as refused:
        fold_event(facts, "e1", event_type, 0.0, data)
    assert refused.value.field == field
    assert facts.visits == {} and facts.event_ids == set()


@pytest.mark.parametrize("bad", [0, 5, "4", 2.5, True, None])
def test_survey_scores_must_be_integers_one_to_four(bad):
    envelope = survey("s1", "v1", wib(17, 9), 4)
    envelope["data"]["scores"]["U7"] = bad
    with pytest.raises(InvalidEvent) as refused:
        fold_all([envelope])
    assert refused.value.field == "data.scores.U7"


def test_the_earliest_submission_of_a_survey_wins():
    first = survey("s1", "v1", wib(17, 9), 4)
    second = survey("s1", "v1", wib(17, 10), 1)
    assert fold_all([second, first]).surveys["s1"].scores == (4,) * 9


def test_a_transfer_hands_the_visit_from_one_officer_to_the_other():
    events = [
        event("ConsultationStarted", wib(17, 9), visit_id="v1", officer_id="ani"),
        event(
            "VisitorTransferred",
            wib(17, 9, 10),
            visit_id="v1",
            from_officer_id="ani",
            to_officer_id="budi",
        ),
        event("ConsultationCompleted", wib(17, 9, 30), visit_id="v1", officer_id="budi"),
    ]
    facts = fold_all(events)
    assert facts.officers["ani"].engagements["v1"].released_at == wib(17, 9, 10).timestamp()
    assert facts.officers["budi"].engagements["v1"].engaged_at == wib(17, 9, 10).timestamp()
    assert facts.visits["v1"].officer_id == "ani"


def test_a_decoded_envelope_folds_like_the_fast_path():
    envelope = arrived("v1", wib(17, 8))
    decoded = decode(encode(Envelope.model_validate(envelope)))
    facts = OfficeFacts("3572")
    assert fold_envelope(facts, decoded) == "used"
    assert facts.visits == fold_all([envelope]).visits


def test_a_complaint_is_named_by_its_reference_when_the_event_carries_one() -> None:
    facts = OfficeFacts("3572")
    filed = {"complaint_id": "k1", "channel": "website", "reference": "PGD-3572-2026-0042"}
    fold_event(facts, "e1", "ComplaintFiled", 10.0, filed)
    fold_event(facts, "e2", "ComplaintFiled", 20.0, {"complaint_id": "k2", "channel": "phone"})
    assert facts.complaints["k1"].reference == "PGD-3572-2026-0042"
    assert facts.complaints["k2"].reference is None  # filed before references existed
