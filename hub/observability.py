"""Logs an operator can ship: one JSON object a line, a request id, nothing secret.

- `configure_logging` installs one handler on the root logger (uvicorn's loggers
  propagate to it) with the redaction filter and a JSON (or plain text) formatter.
- `RedactionFilter` rewrites every record before any handler formats it: bearer and
  staff tokens, survey and status tokens (any long URL-safe random string), passwords and
  secrets in `name=value` form, identity-card numbers, phone numbers and e-mail addresses
  become `[REDACTED]`. Ids shaped as UUIDs stay: they name visits, not people.
- `RequestContext` (ASGI middleware) gives each request an id (the caller's
  `X-Request-ID` when it is a short safe token, else a fresh one), returns it in the
  response, and writes the access line with the route template (`/survei/{token}`),
  never the raw path: uvicorn's own access log, which prints raw paths, is switched off.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from pythonjsonlogger.json import JsonFormatter

REDACTED = "[REDACTED]"
request_id: ContextVar[str] = ContextVar("request_id", default="-")
access_log = logging.getLogger("hub.access")

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_PATTERNS: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    (re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+"), rf"\1 {REDACTED}"),
    (
        re.compile(
            r"(?i)\b([\w-]*(?:password|passwd|secret|token|api[_-]?key|cipher[_-]?key|"
            r"ref[_-]?key|authorization|cookie)[\w-]*)(\"?\s*[=:]\s*\"?)([^\s\"',&;]+)"
        ),
        rf"\1\2{REDACTED}",
    ),
    (re.compile(r"://([^:/@\s]+):([^@\s]+)@"), rf"://\1:{REDACTED}@"),  # URL passwords
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), REDACTED),  # e-mail addresses
    (re.compile(r"(?<![\w-])\d{16}(?![\w-])"), REDACTED),  # NIK / KTP numbers
    (re.compile(r"(?<![\w-])(?:\+?62|0)8\d{7,12}(?![\w-])"), REDACTED),  # phone numbers
    (
        re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{24,}(?![A-Za-z0-9_-])"),
        lambda m: m.group(0) if _UUID.fullmatch(m.group(0)) else REDACTED,
    ),
]
_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message"}
_SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def redact(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactionFilter(logging.Filter):
    """Rewrites the message, its arguments and any traceback of every record it sees."""

    _plain = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        if record.exc_info:
            record.exc_text = self._plain.formatException(record.exc_info)
            record.exc_info = None
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        for name, value in list(vars(record).items()):
            if name not in _STANDARD and isinstance(value, str):
                setattr(record, name, redact(value))  # `extra=` fields are written too
        record.__dict__.pop("color_message", None)  # uvicorn's terminal copy of the message
        record.request_id = request_id.get()
        return True


def configure_logging(fmt: str = "json", level: str = "INFO", role: str = "") -> None:
    """One stderr handler on the root logger; JSON lines by default."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RedactionFilter())
    if fmt == "json":
        handler.setFormatter(
            JsonFormatter(
                "{asctime}{levelname}{name}{message}{request_id}",
                style="{",
                rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
                static_fields={"role": role} if role else None,
            )
        )
    else:
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")
        )
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers.clear()
        logging.getLogger(name).propagate = True
    logging.getLogger("uvicorn.access").disabled = True  # raw paths: ours logs templates
    logging.getLogger("kafka").setLevel(max(logging.WARNING, root.level))
    # What would otherwise reach stderr raw goes through the handler: one JSON line each.
    logging.captureWarnings(True)
    sys.excepthook = _log_uncaught
    threading.excepthook = lambda hook: _log_uncaught(
        hook.exc_type, hook.exc_value or hook.exc_type(), hook.exc_traceback
    )


def _log_uncaught(kind: type[BaseException], value: BaseException, trace: Any) -> None:
    logging.getLogger("hub.uncaught").critical(
        "uncaught %s", kind.__name__, exc_info=(kind, value, trace)
    )


def route_template(scope: dict[str, Any]) -> str:
    """The matched route's full template (prefixes of included routers too); never the raw
    path, which may hold a token. FastAPI keeps the full template of a route reached
    through included routers in its effective route context; plain Starlette routes
    carry it themselves."""
    effective = (scope.get("fastapi") or {}).get("effective_route_context")
    for holder in (effective, scope.get("route")):
        path = getattr(holder, "path_format", None) or getattr(holder, "path", None)
        if isinstance(path, str) and path:
            return path
    return "<unmatched>"


Observer = Callable[[str, str, int, float], None]  # method, route, status, seconds


class RequestContext:
    """ASGI middleware: request id, access line, and a hook for the request metrics."""

    def __init__(self, app: Any, observe: Observer | None = None) -> None:
        self.app = app
        self.observe = observe

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope.get("headers") or []).get(b"x-request-id", b"").decode("latin-1")
        rid = given if _SAFE_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        token = request_id.set(rid)
        started, status = time.perf_counter(), 500

        async def send_with_id(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", rid.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = route_template(scope)
            if self.observe is not None:
                self.observe(scope["method"], route, status, elapsed)
            access_log.info("%s %s %s %.1fms", scope["method"], route, status, elapsed * 1000)
            request_id.reset(token)
