"""The hub's HTTP face: authentication, roles, office scope, errors, health, home page."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from uuid import UUID

import pytest
from eventsourcing.application import Application
from fastapi import APIRouter, Query
from fastapi.testclient import TestClient

from hub.runtime import Hub
from hub.settings import HubSettings
from hub.web import create_app
from infra import stores
from infra.roles import Principal, Role
from infra.security import TokenRegistry, require
from infra.service import Service
from standard.errors import Conflict, RuleViolation, ensure_office

router = APIRouter()
Officer = Annotated[Principal, require(Role.OFFICER)]


@router.post("/officer-only")
def officer_only(principal: Officer, office_id: str = "3572") -> dict[str, str]:
    ensure_office(principal.may_act_for, office_id)
    return {"subject": principal.subject}


@router.get("/conflict")
def conflict() -> None:
    raise Conflict("ticket_id", "sudah dipanggil / already called")


@router.get("/bad-query")
def bad_query(limit: Annotated[int, Query()] = 1) -> None:
    raise RuleViolation("limit", "terlalu besar / too large")


@pytest.fixture
def setup(tmp_path: Path) -> tuple[TestClient, TokenRegistry]:
    tokens = TokenRegistry()
    hub = Hub(HubSettings(var_dir=tmp_path), {"demo": Service(name="demo", router=router)})
    return TestClient(create_app(hub, tokens, start_background=False)), tokens


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_missing_token_is_401_with_a_bearer_challenge(setup) -> None:
    client, _ = setup
    response = client.post("/officer-only")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_unknown_token_is_401(setup) -> None:
    client, _ = setup
    assert client.post("/officer-only", headers=bearer("pst_nope")).status_code == 401


def test_wrong_role_is_403_naming_the_roles_allowed(setup) -> None:
    client, tokens = setup
    token = tokens.issue("resepsionis-1", [Role.RECEPTIONIST], "3572")
    response = client.post("/officer-only", headers=bearer(token))
    assert response.status_code == 403
    assert "officer" in response.json()["detail"]


def test_right_role_passes_and_admin_of_the_office_does(setup) -> None:
    client, tokens = setup
    officer = tokens.issue("petugas-ani", [Role.OFFICER], "3572")
    admin = tokens.issue("admin", [Role.ADMIN], "3572")
    assert client.post("/officer-only", headers=bearer(officer)).json() == {
        "subject": "petugas-ani"
    }
    assert client.post("/officer-only", headers=bearer(admin)).status_code == 200


def test_an_admin_acts_for_another_office_only_under_the_national_scope(setup) -> None:
    client, tokens = setup
    elsewhere = tokens.issue("admin-lain", [Role.ADMIN], "3571")
    response = client.post("/officer-only", headers=bearer(elsewhere))
    assert response.status_code == 403
    assert response.json()["detail"][0]["loc"][-1] == "office_id"
    national = Principal("bps-ri", frozenset({Role.ADMIN}), "0000", national=True)
    assert national.may_act_for("3572") and national.may_act_for("3571")
    assert not Principal("a", frozenset({Role.ADMIN}), "3571").may_act_for("3572")


def test_a_token_of_another_office_is_refused(setup) -> None:
    client, tokens = setup
    token = tokens.issue("petugas-lain", [Role.OFFICER], "3571")
    response = client.post("/officer-only", headers=bearer(token))
    assert response.status_code == 403
    assert response.json()["detail"][0]["loc"][-1] == "office_id"


def test_rule_errors_map_to_their_status_naming_the_field(setup) -> None:
    client, _ = setup
    response = client.get("/conflict")
    assert response.status_code == 409
    assert response.json()["detail"][0]["loc"] == ["body", "ticket_id"]
    response = client.get("/bad-query")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "limit"]


def test_health_is_public(setup) -> None:
    client, _ = setup
    assert client.get("/health").json()["status"] == "ok"
    assert client.get("/health/ready").json() == {"ready": True, "checks": {"demo": "ok"}}


def test_readiness_is_503_naming_the_store_that_does_not_answer(tmp_path: Path) -> None:
    healthy = Application[UUID](stores.sqlite_env(tmp_path, "healthy"))
    gone = Application[UUID](stores.sqlite_env(tmp_path, "gone"))
    gone.close()  # its connections are gone: every query raises
    services = {
        "healthy": Service(name="healthy", router=APIRouter(), application=healthy),
        "gone": Service(name="gone", router=APIRouter(), application=gone),
    }
    client = TestClient(create_app(Hub(HubSettings(var_dir=tmp_path), services), TokenRegistry()))
    response = client.get("/health/ready")
    assert response.status_code == 503
    body = response.json()
    assert body["ready"] is False and body["checks"]["healthy"] == "ok"
    assert body["checks"]["gone"].startswith("error: ")
    healthy.close()


def test_home_page_links_every_page_the_hub_serves(make_memory_hub) -> None:
    client = make_memory_hub().http
    page = client.get("/").text
    links = ("/resepsionis", "/petugas", "/antrian?office_id=3572", "/dashboard", "/pengaduan")
    for link in (*links, "/docs"):
        assert f'href="{link}"' in page


def test_home_page_offers_no_link_to_a_page_the_hub_does_not_serve(setup) -> None:
    client, _ = setup
    page = client.get("/").text
    assert 'href="/docs"' in page and 'href="/petugas"' not in page
