"""schemathesis over every operation of the embedded app: no input may cause a 500.

Positive and negative data generated from the OpenAPI document, with an admin token (so
requests pass authentication and reach validation and the use cases) on the in-memory hub.
Rules: no server error, and every documented response matches its schema.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from pydantic import SecretStr
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from hub.runtime import SERVICE_NAMES, Hub, load_services
from hub.settings import HubSettings
from hub.web import create_app
from infra.context import ServiceContext
from infra.security import Role, TokenRegistry
from services.intake.settings import IntakeSettings

EXAMPLES = 25  # per operation; bounded so the whole run stays within a few minutes


def fuzzed_app(var_dir: Path) -> tuple[Any, str]:
    channels = IntakeSettings(  # configured, so requests reach the signature checks
        whatsapp_verify_token=SecretStr("fuzz-verify"),
        whatsapp_app_secret=SecretStr("fuzz-app-secret"),
        email_gateway_key=SecretStr("fuzz-gateway-key"),
    )
    settings = HubSettings(var_dir=var_dir, intake=channels)
    ctx = ServiceContext.from_settings(settings, in_memory=True)
    hub = Hub(settings, load_services(settings, ctx, SERVICE_NAMES))
    tokens = TokenRegistry()
    token = tokens.issue("fuzz-admin", [Role.ADMIN], settings.office_id)
    return create_app(hub, tokens, start_background=False), token


@schemathesis.serializer("message/rfc822")
def raw_mail(_ctx: Any, value: Any) -> bytes:
    """Inbound e-mail is a raw message: whatever was generated, as bytes."""
    return value if isinstance(value, bytes) else str(value).encode("utf-8", "replace")


APP, TOKEN = fuzzed_app(Path(tempfile.mkdtemp(prefix="pst-fuzz-")))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.mark.fuzz
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_no_input_breaks_the_hub(case: Any) -> None:
    case.call_and_validate(
        headers={"Authorization": f"Bearer {TOKEN}"},
        checks=[not_a_server_error, response_schema_conformance],
    )
