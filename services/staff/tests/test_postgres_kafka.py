"""The staff directory on real PostgreSQL and Kafka: its events reach `pst.staff` (public
identity only), the reporting projection names the officer, and a session opened in one
hub is seen and ended in another over the same database."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from events import topic_for
from infra.roles import Role
from services.reporting.live import LiveReporting
from tests.harness import HubClient, read_topic

pytestmark = pytest.mark.integration
NIP = "198503122010122001"


def test_staff_events_are_relayed_and_reporting_names_the_officer(
    make_distributed_hub: Callable[..., HubClient], kafka_bootstrap: str, topic_prefix: str
) -> None:
    client = make_distributed_hub(("staff", "reporting"))
    client.add_staff("ani", [Role.OFFICER], nip=NIP, name="Ani Rahmawati", email="ani@bps.go.id")
    assert client.staff is not None
    client.staff.deactivate("ani")
    client.hub.drain()
    envelopes = read_topic(kafka_bootstrap, topic_for("staff", topic_prefix), expected=2)
    assert [e.event_type for e in envelopes] == ["StaffMemberRegistered", "StaffMemberDeactivated"]
    assert envelopes[0].data["nip"] == NIP and "ani@bps.go.id" not in str(envelopes[0].data)
    client.hub.drain()
    document = client.hub.container(LiveReporting).document("3572")
    assert document.officer_label("ani") == f"Ani Rahmawati NIP {NIP}"


def test_a_session_is_shared_and_ended_across_processes_on_postgres(
    make_distributed_hub: Callable[..., HubClient],
) -> None:
    first, second = make_distributed_hub(("staff",)), make_distributed_hub(("staff",))
    first.add_staff("budi", [Role.SUPERVISOR])
    http = first.sign_in("budi")
    other = TestClient(second.app, cookies={"pst_sesi": http.cookies["pst_sesi"]})
    assert other.get("/api/staff/me").json()["username"] == "budi"
    http.post("/keluar", data={"csrf_token": http.headers["X-CSRF-Token"]})
    assert other.get("/api/staff/me").status_code == 401
