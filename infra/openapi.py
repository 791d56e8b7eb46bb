"""The OpenAPI document tells the truth: every error an operation can answer, in one place.

Routes declare what is theirs (their success answers and media types, a 410 or a 429 of
their own); the answers every operation shares are derived here from what the operation
is, so no route lists them by hand and none is forgotten:

- what its dependencies declare (`answers`): 401/403 of a role check (303 to the sign-in
  page for a page), a channel's signature check, the idempotency header's 409/422;
- 404 when it names something (a path parameter, an office);
- 409 for a write (two writers raced for the same visit; an `Idempotency-Key` in use);
- 400, 413 for a request body (bytes that are not even text; bounded before it is read,
  `infra.limits`);
- 422 for any input (the field and the reason, located where it was sent);
- 503 with `Retry-After` for all but liveness (PostgreSQL or Kafka unreachable, a channel
  not configured).

Every error answer has the shape of `infra.errors`: `{"detail": [{"loc", "msg", "type"}]}`
(FastAPI's own HTTP errors say `{"detail": "..."}`); pages outside `/api/` answer a 403 or
404 asked for as HTML with a page (`infra.errors.error_page`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts

ERROR_SCHEMA = "Error"
ERROR_REF = {"$ref": f"#/components/schemas/{ERROR_SCHEMA}"}
WRITES = frozenset({"post", "put", "patch", "delete"})
UNMONITORED = frozenset({"/health"})  # liveness: answered even while a store is away

DESCRIPTIONS = {
    303: "Perlu masuk: diarahkan ke /masuk / sign in first: redirected to the sign-in page",
    400: "Permintaan rusak / malformed request",
    401: "Perlu masuk, token bearer, atau tanda tangan yang sah / sign-in, token or signature",
    403: "Peran atau kantor tidak diizinkan / role or office not allowed",
    404: "Tidak ditemukan (atau bukan untuk Anda) / not found",
    409: "Tidak sesuai keadaan, atau permintaan yang sama sedang berjalan / conflict, retry",
    410: "Masa berlakunya sudah habis / gone",
    413: "Isi permintaan terlalu besar / request body too large",
    422: "Masukan tidak valid: field dan alasannya / invalid input: the field and why",
    429: "Terlalu sering; coba lagi nanti / too many requests",
    503: "Basis data atau antrean pesan tidak dapat dihubungi / a dependency is unreachable",
}

ERROR = {
    "title": ERROR_SCHEMA,
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {
            "anyOf": [
                {"type": "string"},
                {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["loc", "msg", "type"],
                        "properties": {
                            "loc": {
                                "type": "array",
                                "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                            },
                            "msg": {"type": "string"},
                            "type": {"type": "string"},
                        },
                    },
                },
            ]
        }
    },
}
RETRY_AFTER = {
    "Retry-After": {"description": "Seconds to wait before retrying", "schema": {"type": "string"}}
}

Call = TypeVar("Call", bound=Callable[..., Any])


def answers(*codes: int) -> Callable[[Call], Call]:
    """Declares the error statuses a dependency may answer, for every route that uses it."""

    def declare(call: Call) -> Call:
        call.__dict__["openapi_answers"] = frozenset(codes)
        return call

    return declare


def install(app: FastAPI) -> None:
    """Completes the app's OpenAPI document with every operation's error answers."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        schema = generate()  # FastAPI's, cached until a route is added
        if ERROR_SCHEMA not in schema.get("components", {}).get("schemas", {}):
            document(app, schema)
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def document(app: FastAPI, schema: dict[str, Any]) -> None:
    schema.setdefault("components", {}).setdefault("schemas", {})[ERROR_SCHEMA] = ERROR
    for context in iter_route_contexts(app.routes):  # included routers, flattened
        if not isinstance(context.original_route, APIRoute):
            continue
        route: Any = context  # the route as included: its prefix and router dependencies
        if not route.include_in_schema:
            continue
        for method in route.methods:
            operation = schema["paths"].get(route.path_format, {}).get(method.lower())
            if operation is not None:
                complete(operation, route, method.lower(), schema)


def complete(
    operation: dict[str, Any], route: APIRoute, method: str, schema: dict[str, Any]
) -> None:
    responses = operation.setdefault("responses", {})
    for code in error_codes(operation, route, method, schema):
        responses.setdefault(str(code), {"description": DESCRIPTIONS[code]})
    for code, response in responses.items():
        if int(code) < 400:
            continue
        content = response.setdefault("content", {})
        json = content.setdefault("application/json", {})
        if not json.get("schema"):
            json["schema"] = ERROR_REF
        if int(code) in (403, 404) and not route.path_format.startswith("/api/"):
            content.setdefault("text/html", {"schema": {"type": "string"}})  # a page
        if code in ("409", "503"):
            response.setdefault("headers", {}).update(RETRY_AFTER)


def error_codes(
    operation: dict[str, Any], route: Any, method: str, schema: dict[str, Any]
) -> set[int]:
    codes: set[int] = set()
    for dependency in dependencies(route.dependant):
        codes |= getattr(dependency.call, "openapi_answers", frozenset())
    parameters = operation.get("parameters", [])
    body = operation.get("requestBody")
    if any(p["in"] == "path" for p in parameters) or names_an_office(parameters, body, schema):
        codes.add(404)
    if method in WRITES:
        codes.add(409)
    if body is not None:  # 400: bytes that are no text; 413: too large; 422: invalid
        codes |= {400, 413, 422}
    if parameters:
        codes.add(422)
    if route.path_format not in UNMONITORED:
        codes.add(503)
    return codes


def dependencies(dependant: Dependant) -> Iterator[Dependant]:
    for dependency in dependant.dependencies:
        yield dependency
        yield from dependencies(dependency)


def names_an_office(
    parameters: list[dict[str, Any]], body: dict[str, Any] | None, schema: dict[str, Any]
) -> bool:
    if any(p["name"] == "office_id" for p in parameters):
        return True
    for media in (body or {}).get("content", {}).values():
        if "office_id" in resolved(media.get("schema", {}), schema).get("properties", {}):
            return True
    return False


def resolved(node: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if not isinstance(ref, str) or not ref.startswith("#/components/schemas/"):
        return node
    found = schema.get("components", {}).get("schemas", {}).get(ref.rsplit("/", 1)[1], {})
    return found if isinstance(found, dict) else {}


def media_types(*types: str, code: int = 200) -> dict[int | str, dict[str, Any]]:
    """A route's `responses=` for an answer in several media types (a report's formats)."""
    content: dict[str, Any] = {kind.split(";", 1)[0].strip(): {} for kind in types}
    return {code: {"content": content}}
