"""schemathesis over every operation of the embedded app: no input may cause a 500, and
the OpenAPI document tells the truth.

Positive and negative data generated from the OpenAPI document, with an admin token (so
requests pass authentication and reach validation and the use cases) on the in-memory hub;
positive cases name the hub's own office, so they get past the office check to the reports
(in every format) and the use cases. Rules: no server error; every status code, media type
and body is documented (`infra.openapi` derives each operation's error answers); an error
names a parameter where it was sent (path, query or header, never `body`).

The run is bounded (`EXAMPLES` per operation and mode); it prints how many requests it made.
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from pydantic import SecretStr
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from hub.runtime import SERVICE_NAMES, Hub, load_services
from hub.settings import HubSettings
from hub.web import create_app
from infra.context import ServiceContext
from infra.security import Role, TokenRegistry
from services.intake.settings import IntakeSettings

EXAMPLES = 25  # per operation; bounded so the whole run stays within a few minutes
REQUESTS: Counter[str] = Counter()  # per operation, for the figures printed at the end


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
OFFICE = "3572"  # the hub's own office: the admin token acts for it
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)
schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
DOCUMENT = APP.openapi()


def declared_in(case: Any) -> dict[str, str]:
    """Where the operation declares each of its parameters: name -> path, query or header."""
    operation = DOCUMENT["paths"][case.operation.path].get(case.method.lower(), {})
    return {p["name"].lower(): p["in"] for p in operation.get("parameters", [])}


def error_locations_are_right(_ctx: Any, response: Any, case: Any) -> bool | None:
    """An error naming a declared parameter says where it was sent; nothing says `body`
    for a parameter, nor names a place a request does not have."""
    if (
        not 400 <= response.status_code < 500
        or "json" not in response.headers.get("content-type", [""])[0]
    ):
        return None
    detail = response.json().get("detail")
    declared = declared_in(case)
    for error in detail if isinstance(detail, list) else []:
        loc = error["loc"]
        assert not loc or loc[0] in ("path", "query", "header", "body"), f"{loc}: no such place"
        if len(loc) >= 2 and str(loc[1]).lower() in declared:
            expected = declared[str(loc[1]).lower()]
            assert loc[0] == expected, f"{loc}: {loc[1]} is sent in the {expected}, not {loc[0]}"
    return True


STREAM_SECONDS = 0.3  # a live stream (server-sent events) is closed this soon


def own_office(case: Any) -> Any:
    """A positive case names the hub's office, so it passes the office check; a stream it
    opens is closed within a fraction of a second (the run stays bounded)."""
    if case.meta is None or case.meta.generation.mode != GenerationMode.POSITIVE:
        return case
    for container in (case.path_parameters, case.query):
        if container and "office_id" in container:
            container["office_id"] = OFFICE
    if declared_in(case).get("seconds") == "query":
        query = dict(case.query or {})
        query["seconds"] = min(float(query.get("seconds") or STREAM_SECONDS), STREAM_SECONDS)
        if "poll_seconds" in query:
            query["poll_seconds"] = min(float(query["poll_seconds"]), 0.1)
        case.query = query
    return case


def teardown_module() -> None:
    total, operations = sum(REQUESTS.values()), len(REQUESTS)
    print(f"\nschemathesis: {total} requests over {operations} operations", file=sys.__stderr__)


@pytest.mark.fuzz
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_no_input_breaks_the_hub_and_every_answer_is_documented(case: Any) -> None:
    REQUESTS[case.operation.label] += 1
    own_office(case).call_and_validate(
        headers={"Authorization": f"Bearer {TOKEN}"},
        checks=[
            not_a_server_error,
            response_schema_conformance,
            status_code_conformance,
            content_type_conformance,
            error_locations_are_right,
        ],
    )
