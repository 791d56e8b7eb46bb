"""Public endpoints are rate limited per client: a token bucket, 429 with Retry-After."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from services.feedback.rate_limit import TokenBucketLimiter
from tests.harness import HubClient

FORM = {
    "office_id": "3572",
    "category": "lainnya",
    "message": "Terima kasih atas pelayanannya.",
    "kind": "praise",
}


class Ticks:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_client_gets_its_burst_then_waits_for_the_refill() -> None:
    ticks = Ticks()
    limiter = TokenBucketLimiter(rate_per_minute=6, burst=2, clock=ticks)
    assert limiter.take("10.0.0.1") == 0 and limiter.take("10.0.0.1") == 0
    assert limiter.take("10.0.0.1") == pytest.approx(10.0)  # one token per 10 s
    assert limiter.take("10.0.0.2") == 0  # another client has its own bucket
    ticks.now = 10.0
    assert limiter.take("10.0.0.1") == 0


def test_public_endpoints_answer_429_with_retry_after_beyond_the_limit(
    make_memory_hub: Callable[..., HubClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PST_FEEDBACK_PUBLIC_BURST", "2")
    monkeypatch.setenv("PST_FEEDBACK_PUBLIC_RATE_PER_MINUTE", "1")
    client = make_memory_hub(("feedback",))
    statuses = [
        client.http.post("/api/feedback/public/complaints", json=FORM).status_code,
        client.http.get("/api/feedback/public/surveys/" + "z" * 43).status_code,
    ]
    refused = client.http.post("/api/feedback/public/complaints", json=FORM)
    assert statuses == [201, 404]
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert "Terlalu banyak" in refused.json()["detail"]
