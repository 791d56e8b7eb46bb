"""Dashboard freshness: broker acknowledgement of an event -> its appearance on the SSE stream.

Used by `benchmarks.projection_catchup` once the history is projected: the reporting
consumer keeps running (a thread, as in `hub run`), the hub's web app serves the
dashboard over real HTTP (uvicorn), a client follows the stream as the page does, and
VisitorArrived events of office 3572 are produced at a steady rate.
"""

from __future__ import annotations

import os
import socket
import statistics
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
import orjson
import uvicorn
from kafka import KafkaProducer

from benchmarks.generate_archive import EAST_JAVA, national_offices
from events import all_topics, decode, topic_for
from hub.runtime import Hub
from hub.settings import HubSettings
from hub.web import create_app
from infra.consumer import ConsumerRunner
from infra.security import Role, TokenRegistry
from infra.service import Service
from infra.settings import KafkaSettings
from infra.transport.kafka import kafka_subscription, partition_for
from services.reporting.lag import KafkaEnds
from services.reporting.live import LiveReporting

WIB = timezone(timedelta(hours=7))
OFFICE = "3572"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class StreamWatcher(threading.Thread):
    """Follows the dashboard stream; records (time, visitors today) of each snapshot."""

    def __init__(self, url: str, token: str) -> None:
        super().__init__(daemon=True)
        self.url, self.seen = url, []  # type: ignore[var-annotated]
        self.headers = {"Authorization": f"Bearer {token}"}  # never in the URL
        self.stop = threading.Event()

    def run(self) -> None:
        try:
            with (
                httpx.Client(timeout=None, headers=self.headers) as client,
                client.stream("GET", self.url) as response,
            ):
                for line in response.iter_lines():
                    if line.startswith("data: "):
                        visitors = orjson.loads(line[6:])["today"]["visitors"]
                        self.seen.append((time.perf_counter(), visitors))
                    if self.stop.is_set():
                        return
        except httpx.HTTPError:
            return  # the server shut down at the end of the run


def arrival(now: datetime, office: str) -> tuple[bytes, bytes]:
    visit = str(uuid.uuid4())
    envelope = {
        "event_id": str(uuid.uuid4()),
        "event_type": "VisitorArrived",
        "schema_version": 1,
        "occurred_at": now.astimezone(WIB).isoformat(),
        "office_id": office,
        "source": "intake",
        "stream_id": visit,
        "stream_position": 1,
        "data": {"visit_id": visit, "channel": "whatsapp", "visitor": {"visitor_ref": "bench"}},
    }
    return visit.encode(), orjson.dumps(envelope)


def produce_paced(
    bootstrap: str, prefix: str, count: int, rate: float, offices: list[str]
) -> list[float]:
    """Send `count` arrivals at `rate`/s, to the offices in turn; return the acknowledgement
    time of each arrival of the watched office, in order."""
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=0)
    acked: list[float] = []
    started = time.perf_counter()
    for k in range(count):
        time.sleep(max(0.0, started + k / rate - time.perf_counter()))
        office = offices[k % len(offices)]
        key, value = arrival(datetime.now(WIB), office)
        future = producer.send(
            topic_for("intake", prefix), key=key, value=value, partition=partition_for(key, 3)
        )
        if office == OFFICE:
            acked.append(0.0)
            future.add_callback(
                lambda _, i=len(acked) - 1: acked.__setitem__(i, time.perf_counter())
            )
    producer.flush()
    producer.close()
    return acked


def delays_ms(acked: list[float], seen: list[tuple[float, int]], baseline: int) -> list[float]:
    found, cursor = [], 0
    for k, ack in enumerate(acked):
        while cursor < len(seen) and seen[cursor][1] < baseline + k + 1:
            cursor += 1
        if cursor == len(seen):
            break
        found.append((seen[cursor][0] - ack) * 1000)
    return found


def serve(service: Service, token_registry: TokenRegistry) -> tuple[uvicorn.Server, int]:
    hub = Hub(HubSettings(), {"reporting": service}, roles=())
    app = create_app(hub, token_registry, start_background=False)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, port


def freshness(
    reporting: LiveReporting,
    service: Service,
    bootstrap: str,
    prefix: str,
    rate: float = 200,
    seconds: float = 15,
) -> dict[str, Any]:
    """Three runs at `rate` events/s: arrivals spread over the 39 East Java offices, over
    500 offices of every province (WIB, WITA, WIT), then every arrival for the watched
    office (the worst case: thousands waiting at once)."""
    topics = all_topics(prefix)
    reporting.kafka_ends = KafkaEnds(bootstrap, topics)
    stop = threading.Event()
    runner = ConsumerRunner(
        service,
        lambda: kafka_subscription(
            KafkaSettings.model_validate(
                {"bootstrap_servers": bootstrap, "client": os.environ.get("BENCH_KAFKA_CLIENT")}
                if os.environ.get("BENCH_KAFKA_CLIENT")
                else {"bootstrap_servers": bootstrap}
            ),
            topics,
            f"bench-fresh-{uuid.uuid4().hex[:6]}",
            reporting.projection.last_position,
            service.decode or decode,
        ),
    )
    threading.Thread(target=runner.run_forever, args=(stop,), daemon=True).start()
    tokens = TokenRegistry()
    token = tokens.issue("bench", [Role.SUPERVISOR], OFFICE)
    server, port = serve(service, tokens)
    url = f"http://127.0.0.1:{port}/api/reporting/offices/{OFFICE}/dashboard/stream"
    try:
        count = int(rate * seconds)
        stream = f"{url}?seconds={seconds + 12}"  # the server closes it after the run
        spread = scenario(stream, token, bootstrap, prefix, count, rate, EAST_JAVA)
        national = scenario(stream, token, bootstrap, prefix, count, rate, national_offices(500))
        return {
            "rate_per_second": rate,
            "spread_over_39_offices": spread,
            "spread_over_500_offices": national,
            "one_office": scenario(stream, token, bootstrap, prefix, count, rate, [OFFICE]),
        }
    finally:
        stop.set()
        server.should_exit = True


def scenario(
    url: str,
    token: str,
    bootstrap: str,
    prefix: str,
    count: int,
    rate: float,
    offices: list[str],
) -> dict[str, Any]:
    watcher = StreamWatcher(url, token)
    watcher.start()
    while not watcher.seen:
        time.sleep(0.05)
    baseline = watcher.seen[-1][1]
    acked = produce_paced(bootstrap, prefix, count, rate, offices)
    deadline = time.perf_counter() + 10
    while watcher.seen[-1][1] < baseline + len(acked) and time.perf_counter() < deadline:
        time.sleep(0.1)
    watcher.stop.set()
    watcher.join()  # its stream closed: no second dashboard computing in the next run
    found = sorted(delays_ms(acked, watcher.seen, baseline))
    return {
        "events": count,
        "events_of_watched_office": len(acked),
        "appeared": len(found),
        "snapshots": len(watcher.seen),
        "p50_ms": round(statistics.median(found), 1) if found else None,
        "p99_ms": round(found[min(len(found) - 1, int(len(found) * 0.99))], 1) if found else None,
        "max_ms": round(found[-1], 1) if found else None,
    }
