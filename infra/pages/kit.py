"""The presentation kit: one Jinja environment over every service's templates, one asset
registry, one set of headers, one `render()`, and the staff navigation.

A service contributes its pages once, in its `pages/__init__.py`:

    PAGES = KIT.contribute("queue", "services.queue.pages")

Its templates are then `queue/<name>.html.j2` and extend the kit's layouts
(`layouts/staff.html.j2`, `layouts/public.html.j2`, `layouts/screen.html.j2`); its static
files are `asset_url('queue/<name>')`. The staff shell shows the signed-in person (the
principal the sign-in middleware leaves in `request.state.principal`, or one passed in)
and the links their roles may open.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Protocol

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    PackageLoader,
    PrefixLoader,
    select_autoescape,
)
from starlette.routing import Match

from infra.pages.assets import AssetRegistry
from infra.pages.headers import SECURITY_HEADERS
from infra.pages.navigation import PUBLIC_PAGES, STAFF_PAGES, NavLink
from standard import wording

KIT_NAMESPACE = "pst"
RESERVED = frozenset({KIT_NAMESPACE, "layouts", "kit"})


class Person(Protocol):
    """What the shell needs of a principal (infra.roles.Principal, a staff session's)."""

    @property
    def subject(self) -> str: ...

    @property
    def roles(self) -> frozenset[Any]: ...


@dataclass(frozen=True)
class Contribution:
    name: str
    package: str


def served_paths(request: Request | None) -> set[str] | None:
    """Which of the navigation's paths this app answers with a GET (None: no app to ask)."""
    if request is None:
        return None
    cache: dict[str, bool] | None = getattr(request.app.state, "pages_served", None)
    if cache is None:
        cache = request.app.state.pages_served = {}
    paths = {link.path for link in (*STAFF_PAGES, *PUBLIC_PAGES)}
    for path in paths - cache.keys():
        scope: dict[str, Any] = {"type": "http", "path": path, "method": "GET"}
        scope |= {"root_path": "", "headers": [], "query_string": b""}
        cache[path] = any(
            route.matches(scope)[0] is Match.FULL for route in request.app.router.routes
        )
    return {path for path in paths if cache[path]}


def display_name(person: Person) -> str:
    return str(getattr(person, "display_name", None) or person.subject)


def role_names(person: Person) -> list[str]:
    return [wording.ROLES.get(str(role), (str(role), ""))[0] for role in sorted(person.roles)]


class PageKit:
    def __init__(self) -> None:
        self.assets = AssetRegistry()
        self.assets.add_folder(KIT_NAMESPACE, "infra.pages")
        words = json.dumps(wording.catalogue(), ensure_ascii=False, separators=(",", ":"))
        self.words_json = words
        self.assets.add(KIT_NAMESPACE, "wording.json", words.encode(), "application/json")
        self._templates: dict[str, BaseLoader] = {}
        self._filters: dict[str, Callable[..., Any]] = {}

    def contribute(self, name: str, package: str) -> Contribution:
        """A service's templates (`package/templates`) and static files (`package/static`)."""
        if name in RESERVED:
            raise ValueError(f"{name!r} is the kit's own namespace")
        if name not in self._templates:
            self._templates[name] = PackageLoader(package, "templates")
            self.assets.add_folder(name, package)
        return Contribution(name, package)

    def add_filters(self, **filters: Callable[..., Any]) -> None:
        """Jinja filters a contribution's templates use (`{{ value | number }}`)."""
        self._filters.update(filters)
        if "environment" in self.__dict__:  # already built: add them to it too
            self.environment.filters.update(filters)

    @cached_property
    def environment(self) -> Environment:
        # The prefix loader holds the contributions' dict itself: later ones count too.
        services = PrefixLoader(self._templates, delimiter="/")
        loader = ChoiceLoader([services, PackageLoader("infra.pages", "templates")])
        environment = Environment(
            loader=loader,
            autoescape=select_autoescape(default=True),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        environment.filters.update(self._filters)
        environment.globals["asset_url"] = self.assets.url
        environment.globals["words_json"] = self.words_json
        return environment

    def nav_for(self, request: Request | None, person: Person | None) -> list[NavLink]:
        """The staff pages this app serves that the person may open (before sign-in: all)."""
        served = served_paths(request)
        return [
            link
            for link in STAFF_PAGES
            if (served is None or link.path in served)
            and (person is None or link.open_to(person.roles))
        ]

    def public_links(self, request: Request | None, office_id: str) -> list[NavLink]:
        served = served_paths(request)
        return [
            NavLink(link.href.format(office=office_id), link.label, link.label_en, link.roles)
            for link in PUBLIC_PAGES
            if served is None or link.path in served
        ]

    def shell_context(self, request: Request | None, person: Person | None) -> dict[str, Any]:
        state = request.state if request is not None else None
        if person is None and state is not None:
            person = getattr(state, "principal", None)
        return {
            "principal": person,
            "person_name": display_name(person) if person else None,
            "person_roles": role_names(person) if person else [],
            "csrf_token": getattr(state, "csrf_token", None) if state is not None else None,
            "nav": self.nav_for(request, person),
            "path": request.url.path if request is not None else "",
        }

    def render(
        self,
        template: str,
        status_code: int = 200,
        *,
        request: Request | None = None,
        principal: Person | None = None,
        headers: Mapping[str, str] | None = None,
        **context: Any,
    ) -> HTMLResponse:
        page = self.environment.get_template(template)
        html = page.render(**self.shell_context(request, principal), **context)
        return HTMLResponse(html, status_code, headers={**SECURITY_HEADERS, **(headers or {})})

    def router(self) -> APIRouter:
        """The static files of every contribution (the hub mounts it once)."""
        return self.assets.router()


KIT = PageKit()
render = KIT.render
