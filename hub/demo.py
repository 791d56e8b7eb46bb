"""`make demo` / `hub demo`: a realistic office day, played through the real HTTP APIs.

It starts the hub (embedded, under `var/demo/`, with tokens for a receptionist, three
officers, a supervisor and the channel adapters, and demo channel secrets), then plays a
morning of BPS Kota Blitar: walk-ins with identity cards and the guest book, halopst
requests, a WhatsApp message and an e-mail (signed as Meta and the mail gateway sign
them), officers signing on, calling, serving, a no-show and a break, survey answers and
complaints. The dashboard and the reports then have something to show. Every step is an
HTTP request a real client would send; nothing is written behind the API's back.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from infra.roles import Role
from standard.calendar import ServiceCalendar
from standard.office import office_settings

OFFICE = "3572"
OUTCOME = {"data_provided": True, "topics": ["kemiskinan"], "follow_up": False}
VISITORS = [
    ("Siti Rahayu", "mahasiswa", "tugas_akhir"),
    ("Agus Prasetyo", "asn_tni_polri", "perencanaan_pemerintahan"),
    ("Wahyu Hidayat", "peneliti_dosen", "penelitian"),
    ("Lestari Ningsih", "wiraswasta", "bisnis"),
    ("Bambang Sutrisno", "pelajar", "tugas_sekolah_kuliah"),
    ("Yuni Kartika", "mahasiswa", "tugas_akhir"),
]
Log = Callable[[str], None]


def demo_start(now: datetime) -> datetime:
    """The start of the day played: the last hour and a half when the office is open now
    (so today's dashboard fills), else 08:30 of the latest open day."""
    calendar = ServiceCalendar(office_settings(OFFICE))
    begin = now - timedelta(minutes=95)
    if calendar.is_open(begin) and calendar.is_open(now):
        return begin
    day = calendar.local_date(now)
    for _ in range(14):
        window = calendar.opening_window(day)
        if window is not None and window[0] + timedelta(minutes=120) < now:
            return window[0] + timedelta(minutes=30)
        day -= timedelta(days=1)
    return begin


class DemoDay:
    def __init__(self, url: str, tokens: dict[str, str], secrets_: dict[str, str], log: Log):
        self.http = httpx.Client(base_url=url, timeout=30)
        self.tokens, self.secrets, self.log = tokens, secrets_, log
        self.start = demo_start(datetime.now(UTC))

    def at(self, minute: int) -> str:
        return (self.start + timedelta(minutes=minute)).isoformat()

    def auth(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    def post(self, path: str, who: str | None, body: Any = None, **kw: Any) -> Any:
        headers = {**(self.auth(who) if who else {}), **kw.pop("headers", {})}
        response = self.http.post(path, json=body, headers=headers, **kw)
        if response.status_code >= 400:
            raise RuntimeError(f"POST {path}: {response.status_code} {response.text[:300]}")
        return response.json() if response.content else None

    def queue(self, who: str, path: str, minute: int, **body: Any) -> Any:
        payload = {"office_id": OFFICE, "occurred_at": self.at(minute), **body}
        return self.post(f"/api/queue{path}", who, payload)

    def walk_in(self, minute: int, number: int) -> str:
        name, occupation, purpose = VISITORS[number % len(VISITORS)]
        body = {
            "office_id": OFFICE,
            "identity_card": {"document_type": "KTP", "number": f"35720112039{number + 1:05d}"},
            "visitor": {"name": name, "occupation": occupation},
            "purpose": purpose,
            "occurred_at": self.at(minute),
        }
        visit = str(self.post("/api/intake/walk-ins", "resepsionis", body)["visit_id"])
        self.log(f"  {minute:3d}' tamu datang: {name} ({occupation})")
        return visit

    def halopst(self, minute: int, number: int) -> None:
        body = {
            "office_id": OFFICE,
            "request_id": f"HPST-3572-DEMO-{secrets.token_hex(3)}-{number}",
            "registered_email": f"peneliti{number}@example.ac.id",
            "name": f"Peneliti {number}",
            "consultation_type": "permintaan_data",
            "visitor": {"occupation": "peneliti_dosen"},
            "occurred_at": self.at(minute),
        }
        self.post("/api/intake/halopst/requests", "kanal", body)
        self.log(f"  {minute:3d}' permintaan halopst")

    def whatsapp(self) -> None:
        message = {
            "from": "6281234567890",
            "id": f"wamid.DEMO{secrets.token_hex(8)}",
            "timestamp": str(int(time.time())),
            "type": "text",
            "text": {"body": "Selamat pagi, saya butuh data IPM Kota Blitar."},
        }
        value = {
            "messaging_product": "whatsapp",
            "metadata": {
                "display_phone_number": "6285182262225",
                "phone_number_id": "106540352242922",
            },
            "contacts": [{"profile": {"name": "Budi Santoso"}, "wa_id": "6281234567890"}],
            "messages": [message],
        }
        entry = {"id": "102290129340398", "changes": [{"field": "messages", "value": value}]}
        body = json.dumps({"object": "whatsapp_business_account", "entry": [entry]}).encode()
        signature = sign(body, self.secrets["PST_INTAKE_WHATSAPP_APP_SECRET"])
        self.post(
            "/api/intake/whatsapp/webhook",
            None,
            content=body,
            headers={"Content-Type": "application/json", "X-Hub-Signature-256": signature},
        )
        self.log("  pesan WhatsApp masuk")

    def email(self) -> None:
        stamp = datetime.now(UTC).strftime("%a, %d %b %Y %H:%M:%S +0000")
        body = (
            "From: Rina Wulandari <rina.wulandari@example.com>\r\n"
            "To: PST BPS Kota Blitar <pst3572@bps.go.id>\r\n"
            "Subject: Permintaan data kemiskinan Kota Blitar\r\n"
            f"Date: {stamp}\r\nMessage-ID: <demo.{secrets.token_hex(6)}@example.com>\r\n"
            'MIME-Version: 1.0\r\nContent-Type: text/plain; charset="UTF-8"\r\n\r\n'
            "Selamat pagi, mohon data persentase penduduk miskin 2020-2025.\r\n"
        ).encode()
        signature = sign(body, self.secrets["PST_INTAKE_EMAIL_GATEWAY_KEY"])
        self.post(
            "/api/intake/email/inbound",
            None,
            content=body,
            headers={"Content-Type": "message/rfc822", "X-Pst-Signature-256": signature},
        )
        self.log("  e-mail masuk")

    def serve(self, who: str, queue: str, call: int, start: int, done: int) -> str:
        ticket = self.queue(who, "/call-next", call, queue=queue)
        path = f"/tickets/{ticket['ticket_id']}"
        self.queue(who, f"{path}/start", start)
        self.queue(who, f"{path}/complete", done, outcome=OUTCOME)
        self.log(f"  {done:3d}' {who} selesai melayani tiket {ticket.get('number', '')}")
        return str(ticket["visit_id"])

    def waiting(self, queue: str) -> int:
        response = self.http.get(f"/api/queue/queues/{queue}", headers=self.auth("kepala"))
        return len(response.json()["waiting"]) if response.status_code == 200 else 0

    def settle(self, condition: Callable[[], bool], seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline:
                raise RuntimeError("the hub did not catch up in time")
            time.sleep(0.2)

    def survey_token(self, visit: str) -> str | None:
        response = self.http.post(
            f"/api/feedback/visits/{visit}/survey-link", headers=self.auth("resepsionis")
        )
        return response.json()["token"] if response.status_code == 201 else None

    def play(self) -> None:
        self.log(f"hari layanan mulai {self.start.isoformat()}")
        for officer, desk in (("ani", "Meja 1"), ("budi", "Meja 2"), ("citra", "Meja 3")):
            self.queue(officer, "/officers/sign-on", 0, desk=desk)
        for number, minute in enumerate((3, 8, 14, 21, 27, 40)):
            self.walk_in(minute, number)
        self.halopst(10, 1)
        self.halopst(33, 2)
        self.whatsapp()
        self.email()
        self.settle(lambda: self.waiting("offline") >= 6)
        served = [
            self.serve("ani", "offline", 4, 5, 22),
            self.serve("budi", "offline", 9, 10, 31),
            self.serve("citra", "offline", 16, 17, 34),
            self.serve("ani", "offline", 24, 25, 48),
            self.serve("budi", "online", 35, 36, 44),
        ]
        no_show = self.queue("citra", "/call-next", 41, queue="offline")
        self.queue("citra", f"/tickets/{no_show['ticket_id']}/abandon", 46, reason="no_show")
        self.log("   46' satu tamu tidak hadir saat dipanggil")
        self.queue("ani", "/officers/break", 60)
        self.complaints(served)
        self.surveys(served[:4])

    def summary(self) -> None:
        """What the dashboard shows for the day played (once reporting has caught up)."""
        office = f"/api/reporting/offices/{OFFICE}"
        if self.start.date() == datetime.now(UTC).date():
            path, key = f"{office}/dashboard", "today"
        else:
            day = self.start.date().isoformat()
            path, key = f"{office}/reports/range?start={day}&end={day}", ""
        body: dict[str, Any] = {}

        def reported() -> bool:
            nonlocal body
            response = self.http.get(path, headers=self.auth("kepala"))
            body = response.json() if response.status_code == 200 else {}
            return bool(body)

        self.settle(reported)
        self.log("dasbor: " + json.dumps(body.get(key, body), default=str)[:600])

    def complaints(self, served: list[str]) -> None:
        complaint = self.post(
            "/api/feedback/complaints",
            "resepsionis",
            {
                "office_id": OFFICE,
                "channel": "phone",
                "kind": "complaint",
                "category": "perilaku_petugas",
                "message": "Menunggu cukup lama di meja 2.",
                "visit_id": served[1],
                "officer_id": "budi",
                "occurred_at": self.at(50),
            },
        )
        cid = complaint["complaint_id"]
        self.post(
            f"/api/feedback/complaints/{cid}/acknowledge", "kepala", {"occurred_at": self.at(65)}
        )
        self.log("   50' pengaduan lewat telepon, ditanggapi kepala")

    def surveys(self, visits: list[str]) -> None:
        tokens: dict[str, str] = {}

        def linked() -> bool:
            for visit in visits:
                if visit not in tokens and (token := self.survey_token(visit)):
                    tokens[visit] = token
            return len(tokens) == len(visits)

        self.settle(linked)
        for number, token in enumerate(tokens.values()):
            scores = {f"U{n}": 3 + ((n + number) % 2) for n in range(1, 10)}
            self.post(f"/api/feedback/public/surveys/{token}", None, {"scores": scores})
        self.log(f"  {len(tokens)} survei kepuasan (IKM) diisi")


def sign(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


DEMO_STAFF: dict[str, tuple[str, Role]] = {
    "admin": ("Admin Demo", Role.ADMIN),
    "resepsionis": ("Rina Resepsionis", Role.RECEPTIONIST),
    "ani": ("Ani Rahmawati", Role.OFFICER),
    "budi": ("Budi Santoso", Role.OFFICER),
    "citra": ("Citra Lestari", Role.OFFICER),
    "kepala": ("Kepala Seksi Demo", Role.SUPERVISOR),
}


def prepare(var_dir: Path) -> tuple[dict[str, str], dict[str, str], str]:
    """The day's staff (accounts people sign in with, and the machine tokens the demo's
    script acts with) and the demo's channel secrets, before the hub starts."""
    from hub.settings import HubSettings
    from hub.staff_commands import open_staff

    var_dir.mkdir(parents=True, exist_ok=True)
    staff = open_staff(HubSettings(var_dir=var_dir))
    password = "demo-" + secrets.token_urlsafe(9)
    tokens = {}
    for who, (name, role) in DEMO_STAFF.items():
        staff.add_member(who, name, OFFICE, [str(role)], password=password)
        tokens[who] = staff.tokens.issue(who, [role], OFFICE, created_by="demo")
    tokens["kanal"] = staff.tokens.issue("kanal", [Role.CHANNEL], OFFICE, created_by="demo")
    staff.directory.close()
    channel = {
        "PST_INTAKE_WHATSAPP_APP_SECRET": secrets.token_hex(16),
        "PST_INTAKE_WHATSAPP_VERIFY_TOKEN": secrets.token_hex(8),
        "PST_INTAKE_EMAIL_GATEWAY_KEY": secrets.token_hex(16),
    }
    return tokens, channel, password


MARKER = ".pst-demo"


def fresh(var_dir: Path) -> None:
    """A new day every time: the demo's own folder is emptied (never any other folder)."""
    if var_dir.exists() and any(var_dir.iterdir()):
        if not (var_dir / MARKER).exists():
            raise RuntimeError(f"{var_dir} holds data that is not the demo's; choose --var-dir")
        shutil.rmtree(var_dir)
    var_dir.mkdir(parents=True)
    (var_dir / MARKER).write_text("made by hub demo; emptied by the next one\n")


def run_demo(var_dir: Path, port: int, keep_running: bool, log: Log) -> int:
    fresh(var_dir)
    tokens, channel, password = prepare(var_dir)
    env = {**os.environ, **channel, "PST_VAR_DIR": str(var_dir), "PST_LOG_FORMAT": "json"}
    hub = Path(sys.executable).parent / "hub"
    with (var_dir / "hub.log").open("ab") as out:
        process = subprocess.Popen(
            [str(hub), "run", "--port", str(port)], env=env, stdout=out, stderr=out
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(url, process)
        day = DemoDay(url, tokens, channel, log)
        day.play()
        day.summary()
        log(f"\nsiap: {url}/masuk  (akun demo: kepala, ani, resepsionis, admin; sandi {password})")
        if keep_running:
            log("Ctrl-C untuk berhenti")
            process.wait()
        return 0
    except KeyboardInterrupt:
        return 0
    finally:
        process.terminate()
        process.wait(timeout=30)


def wait_ready(url: str, process: subprocess.Popen[bytes], seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the hub exited with {process.returncode} (see its log)")
        try:
            if httpx.get(url + "/health/ready", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError("the hub did not become ready")
