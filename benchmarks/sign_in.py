"""Staff sign-in costs: one argon2id verification (the stated target: 50-100 ms on the
reference machine), a whole password sign-in through /masuk, and a signed-in request
(the session looked up in the store), on an embedded hub (SQLite). Prints one JSON object."""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from hub.runtime import Hub, load_services
from hub.settings import HubSettings
from hub.web import create_app
from infra.context import ServiceContext
from services.staff.container import StaffParts
from services.staff.passwords import HASHER, hash_password, verify

ROUNDS = 20
PASSWORD = "kata-sandi-uji-waktu"


def millis(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "median_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1] * 1000, 1),
    }


def main() -> None:
    stored = hash_password(PASSWORD)
    verifications = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        assert verify(stored, PASSWORD)
        verifications.append(time.perf_counter() - started)
    with tempfile.TemporaryDirectory() as folder:
        settings = HubSettings(var_dir=Path(folder) / "var")
        hub = Hub(settings, load_services(settings, ServiceContext.from_settings(settings)))
        staff = hub.container(StaffParts)
        staff.add_member("bench", "Bench Officer", "3572", ["officer"], password=PASSWORD)
        http = TestClient(create_app(hub, start_background=False))
        sign_ins, requests = [], []
        for _ in range(ROUNDS):
            http.cookies.clear()
            http.get("/masuk")
            form = {
                "username": "bench",
                "password": PASSWORD,
                "csrf_token": http.cookies["pst_masuk"],
            }
            started = time.perf_counter()
            answer = http.post("/masuk", data=form, follow_redirects=False)
            sign_ins.append(time.perf_counter() - started)
            assert answer.status_code == 303
            started = time.perf_counter()
            assert http.get("/api/staff/me").status_code == 200
            requests.append(time.perf_counter() - started)
        hub.stop()
    verify_ms = millis(verifications)
    print(
        json.dumps(
            {
                "argon2id": {
                    "time_cost": HASHER.time_cost,
                    "memory_kib": HASHER.memory_cost,
                    "parallelism": HASHER.parallelism,
                },
                "password_verify": verify_ms,
                "password_sign_in": millis(sign_ins),
                "session_request": millis(requests),
                "target_verify_ms": [50, 100],
                "targets_met": {"verify_50_100_ms": 50 <= verify_ms["median_ms"] <= 100},
            }
        )
    )


if __name__ == "__main__":
    main()
