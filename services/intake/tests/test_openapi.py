"""OpenAPI documents every intake endpoint, with request examples."""

from __future__ import annotations

from typing import Any

from tests.harness import HubClient


def intake_operations(client: HubClient) -> dict[str, dict[str, Any]]:
    spec = client.http.get("/openapi.json").json()
    return {
        f"{method.upper()} {path}": operation
        for path, operations in spec["paths"].items()
        if path.startswith("/api/intake/")
        for method, operation in operations.items()
    }


def test_every_endpoint_is_documented_in_both_languages(client: HubClient) -> None:
    operations = intake_operations(client)
    assert len(operations) == 21  # + check-out, the desk's day, a visitor's visit and guest book
    for name, operation in operations.items():
        assert " / " in operation.get("summary", ""), name


def test_every_request_body_has_an_example(client: HubClient) -> None:
    spec = client.http.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    for name, operation in intake_operations(client).items():
        for media in operation.get("requestBody", {}).get("content", {}).values():
            schema = media.get("schema", {})
            if "$ref" in schema:
                schema = schemas[schema["$ref"].rsplit("/", 1)[-1]]
            elif "anyOf" in schema:
                schema = schemas[schema["anyOf"][0]["$ref"].rsplit("/", 1)[-1]]
            documented = "examples" in media or "example" in media or "examples" in schema
            assert documented, name


def test_channel_bodies_are_documented_inline(client: HubClient) -> None:
    operations = intake_operations(client)
    walk_in = operations["POST /api/intake/walk-ins"]["requestBody"]["content"]
    assert "identity_card" in walk_in["application/json"]["schema"]["properties"]
    email = operations["POST /api/intake/email/inbound"]["requestBody"]["content"]
    assert "Message-ID:" in email["message/rfc822"]["example"]
