"""A local stand-in for Meta's WhatsApp Cloud API (Graph API), speaking its documented shapes.

The real Graph API cannot be reached from test machines; this server answers
`POST /{version}/{phone-number-id}/messages` as the Cloud API does:

- `Authorization: Bearer <token>` required, else 401 with an OAuthException (code 190);
- a text message to a number whose customer-service window is closed (the visitor has not
  written in 24 hours, `visitor_wrote`) fails with 131047 (re-engagement message);
- a recipient marked invalid fails with 131026 (message undeliverable);
- `fail_next(code)` scripts errors such as 130429 (rate limit) or 131056 (pair rate);
- success: `{"messaging_product": "whatsapp", "contacts": [{"input", "wa_id"}],
  "messages": [{"id": "wamid...", "message_status": "accepted"}]}`;
- `hold()` stalls requests (the connection open, nothing accepted) until `release()`:
  a sender killed meanwhile has not had its message accepted.

`status_webhook(...)` builds the status webhook Meta posts for a message it accepted.
"""

from __future__ import annotations

import base64
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

WINDOW_SECONDS = 24 * 3600
ERRORS = {
    131047: (
        400,
        "Re-engagement message",
        "Message failed to send because more than 24 "
        "hours have passed since the customer last replied to this number.",
    ),
    131026: (400, "Message undeliverable", "Unable to deliver message."),
    130429: (400, "Rate limit hit", "Cloud API message throughput has been reached."),
    131056: (
        400,
        "(Business Account, Consumer Account) pair rate limit hit",
        "Too many messages sent from the sender phone number to the same recipient "
        "phone number in a short period of time.",
    ),
    131000: (500, "Something went wrong", "Message failed to send because of an unknown error."),
}


@dataclass
class Accepted:
    wamid: str
    phone_number_id: str
    body: dict[str, Any]
    at: float

    @property
    def to(self) -> str:
        return str(self.body["to"])

    @property
    def text(self) -> str | None:
        if self.body.get("type") == "text":
            return str(self.body["text"]["body"])
        params = self.body["template"]["components"][0]["parameters"]
        return str(params[0]["text"])


@dataclass
class GraphState:
    token: str
    accepted: list[Accepted] = field(default_factory=list)
    requests: int = 0
    held: int = 0
    scripted: list[int] = field(default_factory=list)
    invalid: set[str] = field(default_factory=set)
    last_inbound: dict[str, float] = field(default_factory=dict)
    gate: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)


def error_body(code: int, title: str, details: str) -> dict[str, Any]:
    return {
        "error": {
            "message": f"({'#'}{code}) {title}",
            "type": "OAuthException",
            "code": code,
            "error_data": {"messaging_product": "whatsapp", "details": details},
            "fbtrace_id": "A" + uuid.uuid4().hex[:22],
        }
    }


def new_wamid() -> str:
    return "wamid." + base64.b64encode(uuid.uuid4().bytes * 2).decode().rstrip("=")


class Handler(BaseHTTPRequestHandler):
    server: GraphServer

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_POST(self) -> None:
        state = self.server.state
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        with state.lock:
            state.requests += 1
        if not state.gate.is_set():
            with state.lock:
                state.held += 1
            state.gate.wait()
            return  # released after the sender died: nothing was accepted, no answer
        parts = self.path.strip("/").split("/")
        if len(parts) != 3 or parts[2] != "messages" or not parts[0].startswith("v"):
            return self.reply(404, error_body(100, "Unknown path", self.path))
        if self.headers.get("Authorization") != f"Bearer {state.token}":
            return self.reply(401, error_body(190, "Invalid OAuth access token", "bad token"))
        try:
            body = json.loads(raw)
        except ValueError:
            return self.reply(400, error_body(100, "Invalid parameter", "body is not JSON"))
        self.handle_message(parts[1], body)

    def handle_message(self, phone_number_id: str, body: dict[str, Any]) -> None:
        state = self.server.state
        problem = check_body(body)
        if problem:
            return self.reply(400, error_body(100, "Invalid parameter", problem))
        to = str(body["to"])
        with state.lock:
            scripted = state.scripted.pop(0) if state.scripted else None
        code = scripted or self.refusal(to, body)
        if code:
            status, title, details = ERRORS[code]
            return self.reply(status, error_body(code, title, details))
        wamid = new_wamid()
        with state.lock:
            state.accepted.append(Accepted(wamid, phone_number_id, body, time.time()))
        self.reply(
            200,
            {
                "messaging_product": "whatsapp",
                "contacts": [{"input": to, "wa_id": to}],
                "messages": [{"id": wamid, "message_status": "accepted"}],
            },
        )

    def refusal(self, to: str, body: dict[str, Any]) -> int | None:
        state = self.server.state
        if to in state.invalid:
            return 131026
        wrote = state.last_inbound.get(to)
        if body["type"] == "text" and (wrote is None or time.time() - wrote > WINDOW_SECONDS):
            return 131047
        return None

    def reply(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def check_body(body: dict[str, Any]) -> str | None:
    if body.get("messaging_product") != "whatsapp":
        return "messaging_product must be whatsapp"
    if not str(body.get("to", "")).isdigit():
        return "to: a phone number in international format"
    kind = body.get("type")
    if kind == "text" and not (body.get("text") or {}).get("body"):
        return "text.body is required"
    if kind == "template":
        template = body.get("template") or {}
        if not template.get("name") or not (template.get("language") or {}).get("code"):
            return "template.name and template.language.code are required"
    elif kind != "text":
        return f"unsupported type {kind!r}"
    return None


class GraphServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, token: str, port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), Handler)
        self.state = GraphState(token)
        self.state.gate.set()
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def start(self) -> GraphServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.release()
        self.shutdown()
        self.server_close()

    # --- scripting ----------------------------------------------------------------------

    def visitor_wrote(self, phone: str, at: float | None = None) -> None:
        self.state.last_inbound[phone] = time.time() if at is None else at

    def fail_next(self, *codes: int) -> None:
        self.state.scripted.extend(codes)

    def hold(self) -> None:
        self.state.gate.clear()

    def release(self) -> None:
        self.state.gate.set()

    @property
    def accepted(self) -> list[Accepted]:
        with self.state.lock:
            return list(self.state.accepted)


def status_webhook(
    accepted: Accepted,
    status: str,
    *,
    at: float | None = None,
    error_code: int | None = None,
) -> dict[str, Any]:
    """The status webhook Meta posts about a message it accepted (sent/delivered/read/failed)."""
    item: dict[str, Any] = {
        "id": accepted.wamid,
        "status": status,
        "timestamp": str(int(at if at is not None else time.time())),
        "recipient_id": accepted.to,
    }
    if "biz_opaque_callback_data" in accepted.body:
        item["biz_opaque_callback_data"] = accepted.body["biz_opaque_callback_data"]
    if status in ("sent", "delivered"):
        item["conversation"] = {"id": uuid.uuid4().hex, "origin": {"type": "service"}}
        item["pricing"] = {
            "billable": False,
            "pricing_model": "PMP",
            "category": "service",
            "type": "free_customer_service",
        }
    if status == "failed" and error_code is not None:
        _, title, details = ERRORS[error_code]
        item["errors"] = [
            {
                "code": error_code,
                "title": title,
                "message": title,
                "error_data": {"details": details},
                "href": "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/",
            }
        ]
    return {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "102290129340398",
                "changes": [
                    {
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {
                                "display_phone_number": "6285182262225",
                                "phone_number_id": accepted.phone_number_id,
                            },
                            "statuses": [item],
                        },
                        "field": "messages",
                    }
                ],
            }
        ],
    }
