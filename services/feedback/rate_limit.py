"""A token bucket per client address for the public endpoints (survey link, complaint form).

Each client may make `burst` requests at once and then `rate_per_minute` on average;
beyond that it gets 429 with `Retry-After`. Buckets live in process memory: each API
process limits on its own, which is enough to blunt guessing and flooding. Behind a
reverse proxy, run uvicorn with `--proxy-headers` so the client address is the real one.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

MAX_CLIENTS = 10_000


@dataclass
class Bucket:
    tokens: float
    updated: float


class TokenBucketLimiter:
    def __init__(
        self,
        rate_per_minute: float,
        burst: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rate = rate_per_minute / 60.0  # tokens per second
        self.burst = float(burst)
        self.clock = clock
        self._buckets: dict[str, Bucket] = {}
        self._lock = threading.Lock()

    def take(self, client: str) -> float:
        """Spend one token of the client's bucket: 0 when allowed, else seconds to wait."""
        with self._lock:
            now = self.clock()
            bucket = self._buckets.get(client)
            if bucket is None:
                self._forget_idle(now)
                bucket = self._buckets[client] = Bucket(self.burst, now)
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.rate)
            bucket.updated = now
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                return 0.0
            return (1.0 - bucket.tokens) / self.rate

    def _forget_idle(self, now: float) -> None:
        """Keep memory bounded: drop the buckets that have refilled completely."""
        if len(self._buckets) < MAX_CLIENTS:
            return
        full_after = self.burst / self.rate
        self._buckets = {
            client: bucket
            for client, bucket in self._buckets.items()
            if now - bucket.updated < full_after
        }
