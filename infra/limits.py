"""Request bodies are bounded before they are read, and must be text a store can keep.

A pure ASGI middleware: a declared `Content-Length` above the route's limit is refused at
once (413, nothing read); a body sent without one is read only up to the limit. A JSON body
with a lone UTF-16 surrogate escape (`"\\ud800"`: valid JSON, but no text a database or an
answer can encode) is refused with a 422 naming the body. Answers never echo the input.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

DEFAULT_LIMIT = 64 * 1024  # JSON APIs and forms: a complaint is at most 4,000 characters
WITH_BODY = frozenset({"POST", "PUT", "PATCH"})


class TooLarge(Exception):
    pass


def has_lone_surrogate(body: bytes) -> bool:
    if b"\\u" not in body:  # no escape, no surrogate: JSON text itself is UTF-8
        return False
    try:
        value = json.loads(body)
    except ValueError:
        return False  # not JSON: the route's own parser answers
    return not encodable(value)


def encodable(value: object) -> bool:
    if isinstance(value, str):
        try:
            value.encode()
        except UnicodeEncodeError:
            return False
        return True
    if isinstance(value, dict):
        return all(encodable(key) and encodable(item) for key, item in value.items())
    if isinstance(value, list):
        return all(encodable(item) for item in value)
    return True


class BodyLimit:
    def __init__(
        self, app: ASGIApp, limits: Mapping[str, int] | None = None, default: int = DEFAULT_LIMIT
    ) -> None:
        self.app = app
        self.default = default
        # The longest matching path prefix decides.
        self.limits = sorted((limits or {}).items(), key=lambda item: -len(item[0]))

    def limit_for(self, path: str) -> int:
        for prefix, limit in self.limits:
            if path.startswith(prefix):
                return limit
        return self.default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in WITH_BODY:
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await refuse(send, 413, too_large(limit))
            return
        try:
            body = await read_body(receive, limit)
        except TooLarge:
            await refuse(send, 413, too_large(limit))
            return
        content_type = dict(scope["headers"]).get(b"content-type", b"")
        if b"json" in content_type and has_lone_surrogate(body):
            reason = "teks tidak valid: surrogate UTF-16 tunggal / lone UTF-16 surrogate"
            await refuse(send, 422, {"loc": ["body"], "msg": reason, "type": "unicode"})
            return
        await self.app(scope, replay(body, receive), send)


def too_large(limit: int) -> dict[str, Any]:
    reason = f"isi permintaan lebih dari {limit} bita / request body larger than {limit} bytes"
    return {"loc": ["body"], "msg": reason, "type": "too_large"}


async def read_body(receive: Receive, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise TooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def again() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # then whatever comes next (a disconnect)

    return again


async def refuse(send: Send, status: int, error: dict[str, Any]) -> None:
    body = json.dumps({"detail": [error]}, ensure_ascii=True).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
