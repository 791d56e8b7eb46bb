"""The role matrix, generated from the OpenAPI document: every operation x every role x
own and another office.

Each operation declares who may call it (`require(...)`, whose roles are the operation's
security scopes in the document). An operation without them must be on the public list
below, with the reason it is public; one that forgets its rule fails here."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from infra.roles import Role
from tests.harness import OFFICE, HubClient

OTHER_OFFICE = "3571"
# Operations anyone may call, and why: every other operation needs a role.
PUBLIC: dict[tuple[str, str], str] = {
    ("GET", "/health"): "liveness, for the load balancer",
    ("GET", "/health/ready"): "readiness, for the load balancer",
    ("GET", "/api/intake/whatsapp/webhook"): "Meta's verification handshake (verify token)",
    ("POST", "/api/intake/whatsapp/webhook"): "signed by Meta (X-Hub-Signature-256)",
    ("POST", "/api/intake/email/inbound"): "signed by the mail gateway (its key)",
    ("GET", "/api/intake/service-hours"): "the published service standard",
    ("GET", "/api/intake/catalogues"): "the guest book's categories",
    ("GET", "/api/queue/display/events"): "the waiting-room TV: ticket numbers only",
}
# Refused by office, not by role, to every holder of its roles but the national scope.
OFFICE_SCOPED = {("GET", "/api/reporting/national/reports")}
PUBLIC_PREFIXES = (
    "/api/intake/public/",
    "/api/queue/public/",
    "/api/feedback/public/",
)  # a visitor's own token


def operations(client: HubClient) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, items in client.app.openapi()["paths"].items():
        for method, operation in items.items():
            yield method.upper(), path, operation


def scopes_of(operation: dict[str, Any]) -> set[str] | None:
    requirements = operation.get("security")
    if not requirements:
        return None
    return {
        scope for requirement in requirements for scopes in requirement.values() for scope in scopes
    }


def streams(path: str, operation: dict[str, Any]) -> bool:
    """A live stream (server-sent events) does not end: only its refusals are checked."""
    declared = any(
        "text/event-stream" in (r.get("content") or {}) for r in operation["responses"].values()
    )
    return declared or path.endswith("/stream")


SAMPLES = {"office_id": OFFICE, "year_number": "2026", "month_number": "3", "label": "2026-03"}


def url_for(
    path: str, operation: dict[str, Any], office: str = OFFICE
) -> tuple[str, dict[str, str]]:
    """The path with its parameters filled, and the required query parameters."""
    query: dict[str, str] = {}
    for parameter in operation.get("parameters", []):
        name, schema = parameter["name"], parameter.get("schema", {})
        if name == "office_id":
            value = office
        elif name in SAMPLES:
            value = SAMPLES[name]
        elif schema.get("format") == "uuid":
            value = str(uuid.uuid4())
        elif schema.get("examples"):
            value = str(schema["examples"][0])
        elif "enum" in schema:
            value = str(schema["enum"][0])
        else:
            value = str(schema.get("default") or schema.get("example") or "x")
        if parameter["in"] == "path":
            path = path.replace("{" + name + "}", value)
        elif parameter["in"] == "query" and (parameter.get("required") or name == "office_id"):
            query[name] = value
    return path, query


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubClient]:
    from hub.runtime import Hub, load_services
    from hub.settings import HubSettings
    from infra.context import ServiceContext

    settings = HubSettings(var_dir=tmp_path_factory.mktemp("matrix") / "var")
    hub = Hub(settings, load_services(settings, ServiceContext.from_settings(settings, True)))
    yield HubClient(hub)
    hub.stop()


def call(
    client: HubClient, method: str, url: str, query: dict[str, str], headers: dict[str, str]
) -> int:
    """The answer's status; a staff page that sends the browser to /masuk counts as 401."""
    body: dict[str, Any] = {"json": {}} if method in ("POST", "PUT", "PATCH") else {}
    answer = client.http.request(
        method, url, params=query, headers=headers, follow_redirects=False, **body
    )
    if answer.status_code == 303 and answer.headers["location"].startswith("/masuk?"):
        return 401
    return answer.status_code


def test_every_operation_declares_its_roles_or_is_public_for_a_stated_reason(
    client: HubClient,
) -> None:
    undeclared = [
        f"{method} {path}"
        for method, path, operation in operations(client)
        if not scopes_of(operation)
        and (method, path) not in PUBLIC
        and not path.startswith(PUBLIC_PREFIXES)
    ]
    assert undeclared == [], "declare who may call these (require(...)) or list them as public"
    listed = {(m, p) for m, p, _ in operations(client)}
    assert set(PUBLIC) <= listed, "a public operation that no longer exists: drop it here"


def test_without_credentials_every_staff_operation_answers_401(client: HubClient) -> None:
    wrong = {}
    for method, path, operation in operations(client):
        if scopes_of(operation):
            url, query = url_for(path, operation)
            status = call(client, method, url, query, {})
            if status != 401:
                wrong[f"{method} {path}"] = status
    assert wrong == {}


@pytest.mark.parametrize("role", list(Role))
def test_each_role_reaches_exactly_the_operations_it_is_allowed(
    client: HubClient, role: Role
) -> None:
    headers = client.issue(f"matrix-{role}", [role], OFFICE)
    wrong = {}
    for method, path, operation in operations(client):
        allowed = scopes_of(operation)
        if not allowed:
            continue
        url, query = url_for(path, operation)
        if str(role) not in allowed:
            status = call(client, method, url, query, headers)
            if status != 403:
                wrong[f"{method} {path}"] = f"{status}, expected 403"
        elif not streams(path, operation):  # a live stream would not end: its refusals are checked
            status = call(client, method, url, query, headers)
            if status == 401 or (status == 403 and (method, path) not in OFFICE_SCOPED):
                wrong[f"{method} {path}"] = f"{status}, expected to be let in"
    assert wrong == {}


@pytest.mark.parametrize("role", list(Role))
def test_no_role_reads_another_offices_data(client: HubClient, role: Role) -> None:
    """Every GET that names an office, asked for another office by a holder of an allowed
    role (admins too: only the national scope spans offices)."""
    headers = client.issue(f"matrix-{role}", [role], OFFICE)
    checked, wrong = 0, {}
    for method, path, operation in operations(client):
        allowed = scopes_of(operation) or set()
        names = {p["name"] for p in operation.get("parameters", [])}
        if method != "GET" or "office_id" not in names or str(role) not in allowed:
            continue
        url, query = url_for(path, operation, office=OTHER_OFFICE)
        status = call(client, method, url, query, headers)
        checked += 1
        if status not in (403, 404):
            wrong[f"{method} {path}"] = status
    assert wrong == {}
    if role in (Role.ADMIN, Role.SUPERVISOR):
        assert checked >= 5  # the matrix did reach the office-scoped reads


def test_a_national_principal_reads_every_office(client: HubClient) -> None:
    headers = client.issue("auditor-ri", [Role.AUDITOR], "0000")
    status = client.http.get(
        f"/api/reporting/offices/{OTHER_OFFICE}/reports/monthly/2026/3", headers=headers
    ).status_code
    assert status == 200
