"""The Complaint aggregate: every channel, filed -> acknowledged -> resolved."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from services.feedback.domain.complaint import Complaint, ComplaintOutOfOrder
from standard.errors import RuleViolation

FILED = datetime.fromisoformat("2026-03-17T10:00:00+07:00")
HOUR = timedelta(hours=1)


def file(**overrides: Any) -> Complaint:
    values: dict[str, Any] = {
        "office_id": "3572",
        "occurred_at": FILED,
        "channel": "phone",
        "kind": "complaint",
        "category": "waktu_pelayanan",
        "message": "Antrean terlalu lama.",
    }
    return Complaint(**{**values, **overrides})


def test_complaint_goes_from_filed_to_acknowledged_to_resolved() -> None:
    complaint = file()
    assert complaint.status == "filed" and complaint.anonymous
    complaint.acknowledge(occurred_at=FILED + HOUR)
    assert complaint.status == "acknowledged"
    complaint.resolve("Petugas ditambah.", "perbaikan_layanan", occurred_at=FILED + 2 * HOUR)
    assert complaint.status == "resolved" and complaint.response == "Petugas ditambah."
    names = [type(event).__name__ for event in complaint.collect_events()]
    assert names == ["Filed", "Acknowledged", "Resolved"]


def test_resolving_before_acknowledging_is_a_conflict() -> None:
    complaint = file()
    with pytest.raises(ComplaintOutOfOrder) as refused:
        complaint.resolve("Selesai.")
    assert refused.value.kind == "conflict"


@pytest.mark.parametrize("step", ["acknowledge", "resolve"])
def test_a_step_taken_twice_is_a_conflict(step: str) -> None:
    complaint = file()
    complaint.acknowledge()
    complaint.resolve("Selesai.")
    with pytest.raises(ComplaintOutOfOrder):
        complaint.acknowledge() if step == "acknowledge" else complaint.resolve("Lagi.")


def test_a_step_dated_before_the_filing_is_refused() -> None:
    with pytest.raises(RuleViolation) as refused:
        file().acknowledge(occurred_at=FILED - HOUR)
    assert refused.value.field == "occurred_at"


def test_the_suggestion_box_needs_the_day_it_was_opened() -> None:
    with pytest.raises(RuleViolation) as refused:
        file(channel="suggestion_box")
    assert refused.value.field == "box_opened_on"
    complaint = file(channel="suggestion_box", box_opened_on=date(2026, 3, 16))
    assert complaint.box_opened_on == date(2026, 3, 16)
    with pytest.raises(RuleViolation):
        file(channel="suggestion_box", box_opened_on=date(2026, 3, 18))


def test_a_lapor_report_needs_its_reference_and_keeps_one_id_per_reference() -> None:
    with pytest.raises(RuleViolation) as refused:
        file(channel="lapor")
    assert refused.value.field == "lapor_reference"
    first = file(channel="lapor", lapor_reference="4512873")
    assert first.id == file(channel="lapor", lapor_reference="4512873").id
    assert first.id != file(channel="lapor", lapor_reference="4512874").id


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"channel": "fax"}, "channel"),
        ({"kind": "rant"}, "kind"),
        ({"category": "Pak Budi lambat"}, "category"),
        ({"message": "   "}, "message"),
        ({"officer_id": "Pak Budi"}, "officer_id"),
        ({"lapor_reference": "4512873"}, "lapor_reference"),
        ({"box_opened_on": date(2026, 3, 16)}, "box_opened_on"),
    ],
)
def test_bad_filings_name_the_field(change: dict[str, Any], field: str) -> None:
    with pytest.raises(RuleViolation) as refused:
        file(**change)
    assert refused.value.field == field


def test_a_complaint_may_name_a_visit_an_officer_and_a_contact() -> None:
    complaint = file(visit_id="visit-1", officer_id="ofc-7", contact={"name": "Budi"})
    assert complaint.visit_id == "visit-1" and complaint.officer_id == "ofc-7"
    assert not complaint.anonymous


def test_a_complaint_filed_before_references_existed_still_loads() -> None:
    """The Filed event gained `reference` and `status_code_hash` (added, never renamed):
    a stored event without them replays to a complaint without a reference."""
    complaint = Complaint(
        office_id="3572",
        occurred_at=datetime(2026, 3, 17, 3, tzinfo=UTC),
        channel="phone",
        kind="complaint",
        category="lainnya",
        message="Antrean lama.",
    )
    [filed] = complaint.collect_events()
    del filed.__dict__["reference"], filed.__dict__["status_code_hash"]
    replayed = filed.mutate(None)
    assert replayed is not None
    assert (replayed.reference, replayed.status_code_hash, replayed.status) == (None, None, "filed")
