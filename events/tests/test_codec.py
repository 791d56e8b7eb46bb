from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest

from events import CATALOGUE, InvalidEvent, decode, encode, payload_of
from events.catalogue import SOURCE_OF
from events.schema import json_schemas
from events.topics import message_key, topic_for
from events.upcasting import UPCASTERS, register

EXAMPLE = Path(__file__).resolve().parents[2].parent / "shared/examples/march-2026-small.jsonl"

SAMPLE_DATA: dict[str, dict[str, Any]] = {
    "VisitorArrived": {
        "visit_id": "v1",
        "channel": "walk_in",
        "visitor": {"visitor_ref": "vr_1", "occupation": "mahasiswa"},
    },
    "IdentityCardDeposited": {"visit_id": "v1", "document_type": "KTP", "document_last4": "0001"},
    "GuestBookSigned": {"visit_id": "v1", "data_needed": "ipm"},
    "IdentityCardReturned": {"visit_id": "v1"},
    "VisitorDeparted": {"visit_id": "v1"},
    "VisitorAnswered": {"visit_id": "v1", "channel": "whatsapp"},
    "OfficerSignedOn": {"officer_id": "petugas-ani", "desk": "1"},
    "OfficerSignedOff": {"officer_id": "petugas-ani"},
    "OfficerBreakStarted": {"officer_id": "petugas-ani"},
    "OfficerBreakEnded": {"officer_id": "petugas-ani"},
    "VisitorQueued": {"visit_id": "v1", "queue": "offline", "ticket": "A-001"},
    "VisitorCalled": {"visit_id": "v1", "officer_id": "petugas-ani", "desk": "1"},
    "ConsultationStarted": {"visit_id": "v1", "officer_id": "petugas-ani"},
    "ConsultationCompleted": {
        "visit_id": "v1",
        "officer_id": "petugas-ani",
        "outcome": {"data_provided": True, "topics": ["ipm"], "follow_up": False},
    },
    "VisitorTransferred": {"visit_id": "v1", "from_officer_id": "a", "to_officer_id": "b"},
    "VisitAbandoned": {"visit_id": "v1", "reason": "left"},
    "SurveyInvited": {"survey_id": "s1", "visit_id": "v1", "channel": "whatsapp"},
    "SurveySubmitted": {
        "survey_id": "s1",
        "visit_id": "v1",
        "scores": {f"U{i}": 4 for i in range(1, 10)},
        "has_comment": True,
    },
    "ComplaintFiled": {"complaint_id": "c1", "channel": "lapor", "category": "layanan"},
    "ComplaintAcknowledged": {"complaint_id": "c1"},
    "ComplaintResolved": {"complaint_id": "c1", "resolution_category": "dijelaskan"},
    "StaffMemberRegistered": {
        "staff_id": "ani",
        "display_name": "Ani Rahmawati, S.Si.",
        "nip": "198703152010122001",
        "office_id": "3572",
        "roles": ["officer"],
    },
    "StaffMemberChanged": {
        "staff_id": "ani",
        "display_name": "Ani Rahmawati, S.Si., M.Stat.",
        "nip": "198703152010122001",
        "office_id": "3572",
        "roles": ["officer", "supervisor"],
    },
    "StaffMemberDeactivated": {"staff_id": "ani"},
    "StaffMemberReactivated": {"staff_id": "ani"},
}


def envelope_dict(event_type: str, data: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    value = {
        "event_id": str(uuid4()),
        "event_type": event_type,
        "schema_version": 1,
        "occurred_at": "2026-03-17T08:10:00+07:00",
        "office_id": "3572",
        "source": SOURCE_OF.get(event_type, "intake"),
        "stream_id": "s-1",
        "stream_position": 1,
        "data": data,
    }
    value.update(overrides)
    return value


def test_sample_covers_the_whole_catalogue() -> None:
    assert set(SAMPLE_DATA) == set(CATALOGUE)


@pytest.mark.parametrize("event_type", sorted(CATALOGUE))
def test_every_catalogue_type_round_trips(event_type: str) -> None:
    raw = json.dumps(envelope_dict(event_type, SAMPLE_DATA[event_type])).encode()
    envelope = decode(raw)
    again = decode(encode(envelope))
    assert again == envelope
    assert payload_of(again) is not None


def test_unknown_event_type_passes_through_untouched() -> None:
    raw = json.dumps(envelope_dict("SuggestionBoxOpened", {"box": "lobby"}))
    envelope = decode(raw)
    assert envelope.data == {"box": "lobby"}
    assert payload_of(envelope) is None


def test_unknown_fields_are_ignored() -> None:
    value = envelope_dict("VisitorDeparted", {"visit_id": "v1", "mood": "happy"}, extra_field=1)
    assert decode(json.dumps(value)).visit_id == "v1"


def test_missing_required_payload_field_is_named() -> None:
    raw = json.dumps(envelope_dict("ConsultationStarted", {"visit_id": "v1"}))
    with pytest.raises(InvalidEvent) as caught:
        decode(raw)
    assert caught.value.field == "data.officer_id"


def test_out_of_range_score_is_named() -> None:
    scores = {f"U{i}": 4 for i in range(1, 10)} | {"U7": 5}
    raw = json.dumps(
        envelope_dict("SurveySubmitted", {"survey_id": "s", "visit_id": "v", "scores": scores})
    )
    with pytest.raises(InvalidEvent) as caught:
        decode(raw)
    assert caught.value.field == "data.scores.U7"


def test_time_without_offset_is_refused() -> None:
    raw = json.dumps(
        envelope_dict("VisitorDeparted", {"visit_id": "v1"}, occurred_at="2026-03-17T08:10:00")
    )
    with pytest.raises(InvalidEvent) as caught:
        decode(raw)
    assert caught.value.field == "occurred_at"


def test_z_offset_is_accepted() -> None:
    raw = json.dumps(
        envelope_dict("VisitorDeparted", {"visit_id": "v1"}, occurred_at="2026-03-17T01:10:00Z")
    )
    assert decode(raw).occurred_at.utcoffset().total_seconds() == 0  # type: ignore[union-attr]


def test_broken_json_is_refused_clearly() -> None:
    with pytest.raises(InvalidEvent, match="not JSON"):
        decode(b"{not json")


def test_identifier_longer_than_64_characters_is_refused() -> None:
    raw = json.dumps(envelope_dict("VisitorDeparted", {"visit_id": "x" * 65}))
    with pytest.raises(InvalidEvent) as caught:
        decode(raw)
    assert caught.value.field == "data.visit_id"


def test_upcaster_brings_old_versions_to_the_latest() -> None:
    @register("LegacyNote", 1)
    def rename(data: dict[str, Any]) -> dict[str, Any]:
        return {"topic": data["subject"]}

    try:
        envelope = decode(json.dumps(envelope_dict("LegacyNote", {"subject": "ipm"})))
        assert envelope.schema_version == 2
        assert envelope.data == {"topic": "ipm"}
    finally:
        UPCASTERS.pop(("LegacyNote", 1))


def test_the_shared_example_archive_decodes_line_by_line() -> None:
    lines = EXAMPLE.read_text().splitlines()
    envelopes = [decode(line) for line in lines]
    assert len(envelopes) == 34
    assert {e.event_type for e in envelopes} >= {"VisitorArrived", "SurveySubmitted"}


def test_topics_and_keys_follow_the_contract() -> None:
    envelope = decode(json.dumps(envelope_dict("VisitorCalled", SAMPLE_DATA["VisitorCalled"])))
    assert topic_for("queue") == "pst.queue"
    assert message_key(envelope) == b"v1"
    officer = decode(json.dumps(envelope_dict("OfficerSignedOn", SAMPLE_DATA["OfficerSignedOn"])))
    assert message_key(officer) == b"s-1"


def test_json_schema_export_names_every_type() -> None:
    schemas = json_schemas()
    assert set(schemas["events"]) == set(CATALOGUE)
    assert "event_id" in schemas["envelope"]["properties"]
