"""The presentation kit: content-addressed assets, one set of headers, the staff shell."""

from __future__ import annotations

import re

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.testclient import TestClient

from infra.pages import KIT, PageKit
from infra.pages.assets import LONG_CACHE
from infra.roles import Principal, Role


def test_an_asset_url_carries_its_digest_and_only_that_url_is_cached_for_long() -> None:
    kit = PageKit()
    kit.assets.add("demo", "app.js", b"console.log(1);", "text/javascript; charset=utf-8")
    url = kit.assets.url("demo/app.js")
    assert re.fullmatch(r"/static/demo/app\.js\?v=[0-9a-f]{12}", url)
    app = FastAPI()
    app.include_router(kit.router())
    client = TestClient(app)
    versioned = client.get(url)
    assert versioned.status_code == 200 and versioned.content == b"console.log(1);"
    assert versioned.headers["cache-control"] == LONG_CACHE
    assert versioned.headers["x-content-type-options"] == "nosniff"
    stale = client.get("/static/demo/app.js?v=000000000000")
    assert "immutable" not in stale.headers["cache-control"]
    assert client.get("/static/demo/other.js").status_code == 404
    assert client.get("/static/demo/..%2Fkit.py").status_code == 404


def test_the_wording_catalogue_is_a_versioned_json_asset() -> None:
    app = FastAPI()
    app.include_router(KIT.router())
    response = TestClient(app).get(KIT.assets.url("pst/wording.json"))
    assert response.json()["ikm_elements"]["U2"]["id"] == "Sistem, mekanisme, dan prosedur"


def shell_app(principal: Principal | None, csrf: str | None = None) -> TestClient:
    app = FastAPI()

    @app.get("/petugas")
    def console(request: Request) -> HTMLResponse:
        request.state.principal = principal
        request.state.csrf_token = csrf
        return KIT.render(
            "message.html.j2",
            request=request,
            layout="layouts/staff.html.j2",
            title="Uji",
            text="halo",
        )

    @app.get("/dashboard")
    def dashboard() -> str:
        return "ok"

    return TestClient(app)


def nav_links(page: str) -> list[str]:
    nav = page.split('class="shell-nav"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'href="([^"]+)"', nav)


def test_the_shell_names_the_person_and_links_only_what_their_roles_open() -> None:
    ani = Principal("petugas-ani", frozenset({Role.OFFICER}), "3572")
    response = shell_app(ani, csrf="c5rf-t0ken").get("/petugas")
    page = response.text
    assert "petugas-ani" in page and "Petugas layanan" in page
    assert nav_links(page) == [
        "/petugas",
        "/dashboard",
    ]  # officers see today; not pages the app lacks
    assert 'aria-current="page"' in page
    form = re.search(
        r'<form class="sign-out" method="post" action="/keluar">(.*?)</form>', page, re.S
    )
    assert form and 'name="csrf_token" value="c5rf-t0ken"' in form.group(1)
    assert response.headers["content-security-policy"].startswith("default-src 'none'")
    assert "<script>" not in page and "style=" not in page


def test_a_supervisor_gets_the_dashboard_an_admin_every_page_and_before_sign_in_all_show() -> None:
    boss = Principal("bu-sri", frozenset({Role.SUPERVISOR}), "3572")
    assert nav_links(shell_app(boss).get("/petugas").text) == ["/dashboard"]
    admin = Principal("admin-3572", frozenset({Role.ADMIN}), "3572")
    assert nav_links(shell_app(admin).get("/petugas").text) == ["/petugas", "/dashboard"]
    anonymous = shell_app(None).get("/petugas").text
    assert nav_links(anonymous) == ["/petugas", "/dashboard"]
    assert "/keluar" not in anonymous
