"""Real channel payloads (fixtures/), signed the way each channel signs them, and what
intake publishes, read back from its notification log through its own mapper."""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path
from typing import Any

from events import Envelope
from infra.security import Role
from services.intake.application import IntakeApplication
from services.intake.mapper import to_envelope
from tests.harness import HubClient

FIXTURES = Path(__file__).parent / "fixtures"
WHATSAPP_SECRET = "test-whatsapp-app-secret"
WHATSAPP_VERIFY_TOKEN = "test-verify-token"
EMAIL_KEY = "test-mail-gateway-key"


# Everything personal or free-text the fixtures hand to intake.
PERSONAL = (
    "Siti Rahayu", "3572011203900001", "81234567890", "3456-7890", "Budi Santoso",
    "budi.santoso", "6285755501234", "Dewi Lestari", "Rina Wulandari", "rina.wulandari",
    "0813-3344-5566", "Ahmad Fauzi", "ahmad.fauzi", "198705122010011003", "IPM Kota Blitar",
    "Tabel ini", "persentase penduduk", "PDRB Kota Blitar", "pemkot-blitar",
)  # fmt: skip


def leaks(data: bytes) -> list[str]:
    return [text for text in PERSONAL if text.encode() in data]


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def fixture_json(name: str) -> dict[str, Any]:
    return dict(json.loads(fixture_bytes(name)))


def signed(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def post_whatsapp(client: HubClient, body: bytes, signature: str | None = None) -> Any:
    headers = {"Content-Type": "application/json"}
    headers["X-Hub-Signature-256"] = signature or signed(body, WHATSAPP_SECRET)
    return client.http.post("/api/intake/whatsapp/webhook", content=body, headers=headers)


def post_email(client: HubClient, body: bytes, signature: str | None = None) -> Any:
    headers = {"Content-Type": "message/rfc822"}
    headers["X-Pst-Signature-256"] = signature or signed(body, EMAIL_KEY)
    return client.http.post("/api/intake/email/inbound", content=body, headers=headers)


def post_walk_in(client: HubClient, form: dict[str, Any] | None = None) -> Any:
    form = form if form is not None else fixture_json("walk_in.json")
    return client.http.post(
        "/api/intake/walk-ins", json=form, headers=client.auth(Role.RECEPTIONIST)
    )


def post_halopst(client: HubClient, form: dict[str, Any] | None = None) -> Any:
    form = form if form is not None else fixture_json("halopst_request.json")
    return client.http.post(
        "/api/intake/halopst/requests", json=form, headers=client.auth(Role.CHANNEL)
    )


def intake_app(client: HubClient) -> IntakeApplication:
    app = client.hub.services["intake"].application
    assert isinstance(app, IntakeApplication)
    return app


def stored_events(app: IntakeApplication) -> list[Any]:
    notifications = app.recorder.select_notifications(1, 10_000)
    return [app.mapper.to_domain_event(notification) for notification in notifications]


def published(app: IntakeApplication) -> list[Envelope]:
    """Every integration event intake's relay would publish, in order."""
    envelopes = (to_envelope(event) for event in stored_events(app))
    return [envelope for envelope in envelopes if envelope is not None]


def event_types(app: IntakeApplication) -> list[str]:
    return [envelope.event_type for envelope in published(app)]
