"""The distributed hub as an operator runs it: one process per role, started at once.

Real `hub run` processes against one fresh PostgreSQL database and one fresh Kafka topic
prefix; their whole logs are kept and searched for secrets at the end.
"""

from __future__ import annotations

import json
import re
import secrets
import time
import uuid
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser
from prometheus_client.parser import text_string_to_metric_families

from tests.ops.processes import Processes, fresh_database, hub_env, machine_token

pytestmark = [pytest.mark.integration]

NIK = "3572011203900001"
NAME = "Siti Rahayu"
WALK_IN = {
    "office_id": "3572",
    "identity_card": {"document_type": "KTP", "number": NIK},
    "visitor": {"name": NAME, "occupation": "mahasiswa"},
}
SURVEY_TOKEN = secrets.token_urlsafe(32)


@pytest.fixture(scope="module")
def hub(
    stack_env: dict[str, str], kafka_bootstrap: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Processes]:
    base = tmp_path_factory.mktemp("ops")
    prefix = f"ops{uuid.uuid4().hex[:8]}."
    with fresh_database(stack_env["DATABASE_URL"]) as url:
        logs = base / "logs"
        logs.mkdir()
        processes = Processes(
            hub_env(base / "var", url, kafka_bootstrap, prefix), base / "var", logs
        )
        processes.start_together(["api", "relay", "consumer"])
        try:
            processes.wait_ready()
            yield processes
        finally:
            processes.stop()


def samples(text: str, name: str, **labels: str) -> list[float]:
    """The values of the samples `name` with those labels, read by prometheus-client's parser."""
    return [
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == name and labels.items() <= sample.labels.items()
    ]


def metric(text: str, name: str, **labels: str) -> float | None:
    """The value of the one sample `name` with those labels (None when absent)."""
    found = samples(text, name, **labels)
    assert len(found) <= 1, f"{name}{labels}: {len(found)} samples"
    return found[0] if found else None


def admin(hub: Processes) -> dict[str, str]:
    return {"Authorization": f"Bearer {machine_token(hub.env)}"}


def test_every_role_comes_up_when_started_at_the_same_moment(hub: Processes) -> None:
    for role, process in hub.running.items():
        health = httpx.get(process.url + "/health").json()
        assert health["roles"] == [role]
        assert process.popen.poll() is None


def test_only_the_api_process_serves_the_api(hub: Processes) -> None:
    api = hub.running["api"]
    assert httpx.get(api.url + "/api/intake/service-hours").status_code != 404
    assert httpx.get(api.url + "/openapi.json").status_code == 200
    for role in ("relay", "consumer"):
        other = hub.running[role].url
        assert httpx.get(other + "/api/intake/service-hours").status_code == 404
        assert httpx.get(other + "/docs").status_code == 404
        assert httpx.get(other + "/metrics").status_code == 200


def test_relay_and_consumer_lag_return_to_zero_after_traffic(hub: Processes) -> None:
    api = hub.running["api"].url
    for _ in range(3):
        answer = httpx.post(api + "/api/intake/walk-ins", json=WALK_IN, headers=admin(hub))
        assert answer.status_code in (200, 201), answer.text
    httpx.get(api + f"/survei/{SURVEY_TOKEN}")  # an unknown link: the token must not be logged

    relay, consumer = hub.running["relay"].url, hub.running["consumer"].url
    deadline = time.monotonic() + 120  # a loaded 2-core machine: generous, never a speed test
    while True:
        relayed = httpx.get(relay + "/metrics").text
        consumed = httpx.get(consumer + "/metrics").text
        lag = metric(relayed, "pst_relay_lag_events", service="intake")
        behind = samples(consumed, "pst_consumer_lag_events", service="queue")
        if lag == 0 and behind and not any(behind):
            break
        assert time.monotonic() < deadline, (
            f"lag stayed: relay {lag}, queue consumer {behind}\n"
            + hub.running["consumer"].log.read_text()[-3000:]
        )
        time.sleep(0.5)
    # The intake topic has 3 partitions the queue consumer reads, and the events reached it.
    assert len(behind) == 3
    queue = httpx.get(api + "/metrics").text
    waiting = metric(queue, "pst_queue_waiting", office="3572", queue="offline")
    assert waiting == 3


def test_api_metrics_name_route_templates_never_raw_paths(hub: Processes) -> None:
    text = httpx.get(hub.running["api"].url + "/metrics").text
    assert metric(text, "pst_http_requests_total", route="/api/intake/walk-ins", method="POST") == 3
    assert metric(text, "pst_http_requests_total", route="/survei/{token}") is not None
    assert SURVEY_TOKEN not in text
    assert metric(text, "pst_standard_breaches_today", office="3572") is not None


def test_docs_pages_load_with_the_network_blocked(hub: Processes, browser: Browser) -> None:
    context = browser.new_context()
    blocked: list[str] = []
    branding = "https://cdn.redoc.ly/redoc/logo-mini.svg"  # ReDoc's "by Redocly" footer image

    def only_localhost(route) -> None:  # type: ignore[no-untyped-def]
        if route.request.url.startswith(hub.running["api"].url):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", only_localhost)
    page = context.new_page()
    try:
        page.goto(hub.running["api"].url + "/docs")
        page.locator(".swagger-ui .info .title").filter(has_text="PST Hub").wait_for()
        assert page.locator(".opblock").count() > 10
        assert blocked == []  # Swagger UI: nothing even tried to leave the machine
        page.goto(hub.running["api"].url + "/redoc")
        page.get_by_role("heading", name=re.compile("PST Hub")).first.wait_for()
        assert page.get_by_text("/api/intake/walk-ins").count() >= 1
    finally:
        context.close()
    assert set(blocked) <= {branding}, blocked


def test_whole_run_logs_hold_no_credential_token_or_personal_data(hub: Processes) -> None:
    hub.stop()
    text = hub.log_text()
    lines = [line for line in text.splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]  # every line is one JSON object
    assert any(r["logger"] == "hub.access" and "/survei/{token}" in r["message"] for r in records)
    assert all("request_id" in r for r in records)
    stored = json.loads((hub.var_dir / "secrets.json").read_text())
    forbidden = [
        *admin(hub)["Authorization"].split()[1:],
        stored["cipher_key"],
        stored["visitor_ref_key"],
        SURVEY_TOKEN,
        NIK,
        NAME,
    ]
    found = [secret for secret in forbidden if secret in text]
    assert found == [], f"{len(found)} secret value(s) found in the logs"
    assert not re.search(r"(?i)bearer\s+pst_", text)
