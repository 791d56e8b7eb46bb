"""The relay's fast envelope building gives what the plain library calls give."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from events import Envelope, encode
from events.building import _NAMESPACE, envelope_for, stable_event_id


@pytest.mark.parametrize("index", [0, 1, 7])
def test_stable_event_ids_are_uuid5_of_source_stream_and_version(index: int) -> None:
    for version in range(1, 200):
        stream = str(uuid.uuid4())
        suffix = f":{index}" if index else ""
        expected = uuid.uuid5(_NAMESPACE, f"queue:{stream}:{version}{suffix}")
        got = stable_event_id("queue", stream, version, index)
        assert got == expected and got.version == 5 and str(got) == str(expected)
        assert hash(got) == hash(expected)


def test_a_built_envelope_equals_the_model_constructed_one_byte_for_byte() -> None:
    now = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
    event = SimpleNamespace(
        originator_id=uuid.uuid4(),
        originator_version=3,
        occurred_at=now,
        timestamp=now,
        office_id="3572",
    )
    data = {"visit_id": str(event.originator_id), "channel": "walk_in", "purpose": None}
    built = envelope_for(event, "intake", "VisitorArrived", data)
    expected = Envelope.model_construct(
        event_id=stable_event_id("intake", str(event.originator_id), 3),
        event_type="VisitorArrived",
        schema_version=1,
        occurred_at=now,
        recorded_at=now,
        office_id="3572",
        source="intake",
        stream_id=str(event.originator_id),
        stream_position=3,
        data={"visit_id": data["visit_id"], "channel": "walk_in"},
    )
    assert built == expected
    assert encode(built) == encode(expected)
    assert built.model_dump() == expected.model_dump()
