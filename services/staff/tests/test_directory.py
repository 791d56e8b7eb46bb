"""The staff directory: checked particulars, every change an event, the contract's events
on the bus and nothing else (no e-mail, password or session)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from events import payload_of
from services.staff.application import StaffApplication, principal_of
from services.staff.domain.member import StaffMember, check_nip, member_id_for
from services.staff.mapper import to_envelope
from standard.errors import Conflict, NotFound, RuleViolation

NIP = "198503122010122001"


@pytest.fixture
def app() -> Iterator[StaffApplication]:
    application = StaffApplication({"PERSISTENCE_MODULE": "eventsourcing.popo"})
    yield application
    application.close()


@pytest.mark.parametrize(
    ("nip", "reason"),
    [
        ("19850312201012200", "18"),  # 17 digits
        ("1985031220101220011", "18"),
        ("19850312201012200x", "18"),
        ("198513122010122001", "tanggal"),  # month 13
        ("198503122010132001", "tanggal"),  # appointed in month 13
        ("198503122010123001", "tidak valid"),  # sex digit 3
        ("201003121985122001", "tidak valid"),  # appointed before birth
    ],
)
def test_a_nip_that_is_not_a_civil_servants_is_refused_with_the_reason(
    nip: str, reason: str
) -> None:
    with pytest.raises(RuleViolation) as refused:
        check_nip(nip)
    assert refused.value.field == "nip" and reason in refused.value.reason


def test_a_member_is_registered_changed_deactivated_and_reactivated_as_events(
    app: StaffApplication,
) -> None:
    app.register("ani.rahma", "Ani  Rahmawati", "3572", ["officer"], NIP)
    app.change("ani.rahma", "Ani Rahmawati", "3572", ["officer", "supervisor"], NIP)
    app.change("ani.rahma", "Ani Rahmawati", "3572", ["supervisor", "officer"], NIP)  # same
    app.deactivate("ani.rahma")
    with pytest.raises(Conflict):
        app.deactivate("ani.rahma")
    app.reactivate("ani.rahma")
    member = app.member("ani.rahma")
    assert member.display_name == "Ani Rahmawati" and member.active
    assert member.roles == ("officer", "supervisor")
    stored: StaffMember = app.repository.get(member_id_for("ani.rahma"))
    assert stored.version == 4  # registered, changed once (the same roles: nothing), off, on
    principal = principal_of(member)
    assert principal.subject == "ani.rahma" and principal.nip == NIP
    assert principal.display_name == "Ani Rahmawati" and not principal.national


def test_registration_checks_everything_before_saving(app: StaffApplication) -> None:
    for field, call in {
        "username": lambda: app.register("Ani Rahma", "Ani", "3572", ["officer"]),
        "roles": lambda: app.register("ani", "Ani", "3572", ["chief"]),
        "office_id": lambda: app.register("ani", "Ani", "35", ["officer"]),
        "display_name": lambda: app.register("ani", " ", "3572", ["officer"]),
    }.items():
        with pytest.raises(RuleViolation) as refused:
            call()
        assert refused.value.field == field
    assert app.members() == []
    app.register("ani", "Ani", "3572", ["officer"])
    with pytest.raises(Conflict):
        app.register("ani", "Ani Lain", "3572", ["officer"])
    with pytest.raises(NotFound):
        app.deactivate("budi")


def test_the_bus_carries_the_public_identity_of_a_civil_servant_and_nothing_more(
    app: StaffApplication,
) -> None:
    app.register("ani", "Ani Rahmawati", "3572", ["officer"], NIP)
    events = list(app.events.get(member_id_for("ani")))
    envelopes = [to_envelope(event) for event in events]
    assert [e.event_type for e in envelopes if e] == ["StaffMemberRegistered"]
    member: StaffMember = app.repository.get(member_id_for("ani"))
    member.change("Ani R.", NIP, "3572", ("officer", "supervisor"), False)
    member.deactivate()
    member.reactivate()
    mapped = [to_envelope(event) for event in member.collect_events()]
    assert [e.event_type for e in mapped if e] == [
        "StaffMemberChanged",
        "StaffMemberDeactivated",
        "StaffMemberReactivated",
    ]
    for envelope in [*envelopes, *mapped]:
        assert envelope is not None and envelope.source == "staff"
        data = payload_of(envelope)  # valid against the contract (extra fields refused)
        assert getattr(data, "staff_id", None) == "ani"
        assert not {"email", "password", "session"} & set(envelope.data)
    assert mapped[0] is not None and envelopes[0] is not None
    assert mapped[0].data["roles"] == ["officer", "supervisor"]
    assert envelopes[0].data["nip"] == NIP and envelopes[0].office_id == "3572"


def test_members_are_listed_by_name(app: StaffApplication) -> None:
    app.register("budi", "Budi", "3572", ["officer"])
    app.register("ani", "Ani", "3571", ["admin"])
    assert [m.staff_id for m in app.members()] == ["ani", "budi"]
    assert app.has_admin()
    app.deactivate("ani")
    assert not app.has_admin()


def test_the_reporting_projection_learns_officers_names_and_nip_from_the_bus(
    make_memory_hub: Any,
) -> None:
    from services.reporting.live import LiveReporting

    client = make_memory_hub()
    client.add_staff("ani", ["officer"], nip=NIP, name="Ani Rahmawati")
    assert client.staff is not None
    client.staff.directory.change("ani", "Ani Rahmawati, S.Si", "3572", ["officer"], NIP)
    client.hub.drain()
    document = client.hub.container(LiveReporting).document("3572")
    assert document.officer_label("ani") == f"Ani Rahmawati, S.Si NIP {NIP}"
    assert document.officer_label("budi") == "budi"  # not in the directory: its id
