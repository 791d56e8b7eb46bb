"""The one place where domain errors become HTTP answers.

A domain error names a field, a reason and a kind; here the kind becomes a status code
and the field is found where the request carried it (path, query, header or body), so
answers have the shape of FastAPI's own validation errors.

Browsers get pages: a 404, 403 or 500 asked for as `text/html` (a person following a
link, not a script calling the API) is a page in the kit's layouts (the staff shell for a
signed-in person), saying what happened and where to go; API clients get JSON, as always.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

import psycopg
from eventsourcing import persistence as es_persistence
from eventsourcing.persistence import IntegrityError
from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from kafka.errors import KafkaError
from psycopg_pool import PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from infra.security import PageForbidden, SignInRequired
from standard.errors import RuleViolation

STATUS_OF_KIND = {
    "malformed": 400,
    "unauthorized": 401,
    "forbidden": 403,
    "not_found": 404,
    "conflict": 409,
    "gone": 410,
    "not_configured": 503,
}
log = logging.getLogger(__name__)
CONCURRENT_UPDATE = "konflik penyimpanan serentak; coba lagi / concurrent update, retry"


def status_of(error: RuleViolation) -> int:
    """Kinds not listed (a rule, a pydantic error type) are 422 Unprocessable Content."""
    return STATUS_OF_KIND.get(error.kind, 422)


def location_of(request: Request, field: str) -> str:
    """Where the route declares the field (or, undeclared, where the request sent it)."""
    name = field.split(".", 1)[0]
    dependant = getattr(request.scope.get("route"), "dependant", None)
    declared = {
        "path": [p.alias for p in dependant.path_params] if dependant else [],
        "query": [p.alias for p in dependant.query_params] if dependant else [],
        "header": [p.alias.lower() for p in dependant.header_params] if dependant else [],
    }
    if name in request.path_params or name in declared["path"]:
        return "path"
    if name in request.query_params or name in declared["query"]:
        return "query"
    if name and (name.lower() in declared["header"]):
        return "header"
    return "body"


def error_body(field: str, reason: str, kind: str, location: str = "body") -> dict[str, Any]:
    """The same shape as FastAPI's validation errors: `loc` names the field."""
    loc = [location, *field.split(".")] if field else [location]
    return {"detail": [{"loc": loc, "msg": reason, "type": kind}]}


async def rule_violation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RuleViolation)
    body = error_body(exc.field, exc.reason, exc.kind, location_of(request, exc.field))
    return JSONResponse(body, status_of(exc))


async def integrity_error(_: Request, exc: Exception) -> JSONResponse:
    # Two writers raced for the same aggregate version: nothing was written; retry.
    return JSONResponse(error_body("", CONCURRENT_UPDATE, "conflict"), 409)


async def invalid_request(_: Request, exc: Exception) -> JSONResponse:
    """FastAPI's validation errors without the input they would echo (it may be huge, or
    text that cannot even be encoded)."""
    assert isinstance(exc, RequestValidationError)
    detail = [
        {"loc": [safe(part) for part in e["loc"]], "msg": safe(e["msg"]), "type": e["type"]}
        for e in exc.errors()
    ]
    return JSONResponse({"detail": detail}, 422)


def safe(part: object) -> object:
    if isinstance(part, str):
        return part.encode("utf-8", "replace").decode()[:200]
    return part


UNAVAILABLE = (
    "penyimpanan atau antrean pesan sedang tidak dapat dihubungi; coba lagi sebentar lagi / "
    "a store or the message broker cannot be reached; retry shortly"
)
RETRY_AFTER_SECONDS = 5


async def unavailable(_: Request, exc: Exception) -> JSONResponse:
    """An outage of PostgreSQL or Kafka: answered at once, the client told when to retry."""
    log.warning("dependency unavailable: %s", type(exc).__name__)
    return JSONResponse(
        error_body("", UNAVAILABLE, "unavailable"),
        503,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


OUTAGES: tuple[type[Exception], ...] = (
    es_persistence.OperationalError,
    es_persistence.InterfaceError,
    psycopg.OperationalError,
    psycopg.InterfaceError,
    PoolTimeout,
    KafkaError,
)


async def sign_in_required(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, SignInRequired)
    return RedirectResponse(f"/masuk?next={quote(exc.next_path, safe='/')}", 303)


async def page_forbidden(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, PageForbidden)
    from infra.pages import render  # the kit renders pages; errors stay importable without it

    return render(
        "message.html.j2",
        403,
        request=request,
        principal=exc.principal,
        layout="layouts/staff.html.j2",
        title="Halaman ini bukan untuk peran Anda",
        subtitle="Not for your role",
        text="Pilih halaman lain dari menu di atas, atau minta admin kantor menambahkan peran.",
    )


def wants_page(request: Request) -> bool:
    """A browser's navigation (Accept: text/html), outside the JSON API."""
    accept = request.headers.get("accept", "")
    return "text/html" in accept and not request.url.path.startswith("/api/")


def signed_in(request: Request) -> Any:
    """The person of the request's session, if any (an error page shows them the shell)."""
    principal = getattr(request.state, "principal", None)
    sessions = getattr(request.app.state, "sessions", None)
    if principal is None and sessions is not None:
        try:
            principal = sessions.principal(request)
        except Exception:  # an error page never fails on the session
            principal = None
    return principal


PAGES: dict[int, tuple[str, str, str]] = {
    404: (
        "Halaman tidak ditemukan",
        "Page not found",
        "Alamat ini tidak ada di PST Hub. Periksa kembali alamatnya, atau mulai dari beranda.",
    ),
    403: (
        "Tidak diizinkan",
        "Not allowed",
        "Anda tidak dapat membuka halaman ini. Bila seharusnya bisa, minta admin kantor "
        "memeriksa peran Anda.",
    ),
    500: (
        "Terjadi kesalahan di server",
        "Something went wrong",
        "Permintaan Anda tidak dapat diselesaikan. Tidak ada yang perlu Anda ulangi segera: "
        "coba lagi sebentar lagi; bila tetap gagal, laporkan waktu kejadian ke admin kantor.",
    ),
}


def error_page(request: Request, status_code: int) -> Response:
    from infra.pages import render  # the kit renders pages; errors stay importable without it

    title, subtitle, text = PAGES.get(status_code, PAGES[404 if status_code < 500 else 500])
    person = signed_in(request)
    return render(
        "message.html.j2",
        status_code,
        request=request,
        principal=person,
        layout="layouts/staff.html.j2" if person is not None else "layouts/public.html.j2",
        title=title,
        subtitle=subtitle,
        text=text,
        home_link=True,
    )


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code in (403, 404) and wants_page(request):
        return error_page(request, exc.status_code)
    return await http_exception_handler(request, exc)


async def server_error(request: Request, exc: Exception) -> Response:
    """An unexpected failure: logged with its traceback; the answer says nothing of it."""
    log.error("unhandled %s on %s", type(exc).__name__, request.url.path, exc_info=exc)
    if wants_page(request):
        return error_page(request, 500)
    message = "kesalahan server; coba lagi / internal server error, retry later"
    return JSONResponse(error_body("", message, "internal"), 500)


def install(app: FastAPI) -> None:
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, server_error)
    app.add_exception_handler(SignInRequired, sign_in_required)
    app.add_exception_handler(PageForbidden, page_forbidden)
    for outage in OUTAGES:
        app.add_exception_handler(outage, unavailable)
    app.add_exception_handler(RequestValidationError, invalid_request)
    app.add_exception_handler(RuleViolation, rule_violation)
    app.add_exception_handler(IntegrityError, integrity_error)
