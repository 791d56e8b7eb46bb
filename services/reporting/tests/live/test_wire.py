"""The reporting consumer's own reader of Kafka messages."""

from __future__ import annotations

from datetime import date

import orjson
import pytest
from eventsourcing.persistence import Tracking

from events import InvalidEvent, decode
from services.reporting.projection import rows_and_positions
from services.reporting.tests.live.support import generated_days
from services.reporting.wire import decode_for_projection


def test_it_projects_exactly_what_the_codec_projects():
    messages = [orjson.dumps(item) for item in generated_days([date(2026, 3, 2)])]

    def rows(reader):  # type: ignore[no-untyped-def]
        return rows_and_positions([(reader(m), Tracking("t#0", n)) for n, m in enumerate(messages)])

    assert rows(decode_for_projection) == rows(decode)
    assert len(rows(decode)[0]) > 50


def test_types_the_report_ignores_pass_unchecked():
    envelope = decode_for_projection(b'{"event_type": "GuestBookSigned", "data": {}}')
    assert envelope.event_type == "GuestBookSigned"


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        (b"not json", "(root)"),
        (b'{"event_id": "e1"}', "(root)"),
        (
            b'{"event_type": "VisitorArrived", "event_id": "e1", "office_id": "3572",'
            b' "occurred_at": "2026-03-02T08:00:00", "data": {}}',
            "occurred_at",
        ),
        (
            b'{"event_type": "VisitorArrived", "event_id": "e1", "office_id": "3572",'
            b' "occurred_at": "2026-03-02T08:00:00+07:00", "data": [], "schema_version": 1}',
            "data",
        ),
        (
            b'{"event_type": "VisitorArrived", "event_id": "e1", "office_id": "3572",'
            b' "occurred_at": "2026-03-02T08:00:00+07:00", "data": {}, "schema_version": 9}',
            "schema_version",
        ),
    ],
)
def test_an_unreadable_message_is_refused_naming_the_field(raw: bytes, field: str):
    with pytest.raises(InvalidEvent) as refused:
        decode_for_projection(raw)
    assert refused.value.field == field
