"""`/metrics` in Prometheus' text format (prometheus-client), one registry per process.

What each process shows is what it runs:

- every process: its relays' lag (notifications in the service's log not yet
  acknowledged by Kafka) and publish failures, its consumers' lag per topic and
  partition (end offset minus the position the consumer recorded with its writes; in
  embedded mode per upstream log) and the records they set aside (unreadable messages);
- the api role: requests and latencies by route template (never a raw path), standard
  breaches today per office and queue lengths (the live read models).

Figures are computed when scraped, from the stores themselves: a scrape right after a
restart is as true as one after a day.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from events import topic_for
from hub.runtime import Hub
from infra.consumer import ConsumerRunner
from infra.dead_letters import letters_of

log = logging.getLogger(__name__)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class HubCollector(Collector):
    def __init__(self, hub: Hub, business: bool) -> None:
        self.hub = hub
        self.business = business
        self._ends: Any = None

    def collect(self) -> Iterator[Metric]:
        yield from self._relays()
        yield from self._consumers()
        yield self._dead_letters()
        if self.business:
            yield from self._breaches()
            yield from self._queues()

    def _relays(self) -> Iterator[Metric]:
        lag = GaugeMetricFamily(
            "pst_relay_lag_events",
            "Notifications in a service's log not yet acknowledged by Kafka",
            labels=["service", "topic"],
        )
        failures = CounterMetricFamily(
            "pst_relay_publish_failures",
            "Relay batches the broker did not acknowledge (re-sent from the recorded position)",
            labels=["service"],
        )
        prefix = self.hub.settings.kafka.topic_prefix
        for relay in self.hub.relays:
            name = relay.service.name
            behind = max(0, relay.log.end() - relay.position())
            lag.add_metric([name, topic_for(name, prefix)], behind)
            failures.add_metric([name], relay.failures)
        yield lag
        yield failures

    def _dead_letters(self) -> Metric:
        """Records set aside and still pending, per service: alert on any above zero."""
        pending = GaugeMetricFamily(
            "pst_dead_letters",
            "Records set aside (dead letters) not yet retried or discarded; see hub dead-letters",
            labels=["service"],
        )
        for name, service in sorted(self.hub.services.items()):
            if service.application is None:
                continue
            try:
                pending.add_metric([name], letters_of(service).count())
            except Exception:  # a store away: the scrape still answers (readiness says why)
                continue
        return pending

    def _consumers(self) -> Iterator[Metric]:
        lag = GaugeMetricFamily(
            "pst_consumer_lag_events",
            "Events on a topic partition (or upstream log) a consumer has not yet recorded",
            labels=["service", "topic", "partition"],
        )
        aside = CounterMetricFamily(
            "pst_records_set_aside",
            "Records a consumer could not read and set aside (logged with their position)",
            labels=["service"],
        )
        ends = self._end_positions()
        for consumer in self.hub.consumers:
            for source, end in ends.get(consumer.service.name, {}).items():
                topic, _, partition = source.partition("#")
                recorded = consumer.service.last_position(source) or 0  # type: ignore[misc]
                lag.add_metric([consumer.service.name, topic, partition or "-"], end - recorded)
            aside.add_metric([consumer.service.name], getattr(consumer.subscription, "rejected", 0))
        yield lag
        yield aside

    def _end_positions(self) -> dict[str, dict[str, int]]:
        """Per consuming service: the end of every source it reads."""
        if not self.hub.consumers:
            return {}
        if not self.hub.settings.distributed:
            return {c.service.name: self._upstream_ends(c) for c in self.hub.consumers}
        prefix = self.hub.settings.kafka.topic_prefix
        topics = {
            c.service.name: {topic_for(source, prefix) for source in c.service.consumes}
            for c in self.hub.consumers
        }
        if self._ends is None:
            from services.reporting.lag import KafkaEnds

            every = sorted(set().union(*topics.values()))
            self._ends = KafkaEnds(self.hub.settings.kafka.required_bootstrap(), every, 0.0)
        ends: dict[str, int] = self._ends()
        return {
            name: {s: end for s, end in ends.items() if s.partition("#")[0] in mine}
            for name, mine in topics.items()
        }

    def _upstream_ends(self, consumer: ConsumerRunner) -> dict[str, int]:
        ends = {}
        for name in consumer.service.consumes:
            upstream = self.hub.services.get(name)
            if upstream is not None and upstream.application is not None:
                ends[name] = upstream.application.recorder.max_notification_id() or 0
        return ends

    def _offices(self) -> list[str]:
        return [self.hub.settings.office_id]

    def _breaches(self) -> Iterator[Metric]:
        breaches = GaugeMetricFamily(
            "pst_standard_breaches_today",
            "Visits of today over the service standard's wait limit (served or still waiting)",
            labels=["office"],
        )
        from services.reporting.dashboard import TodayView
        from services.reporting.live import LiveReporting

        reporting = self._part(LiveReporting) if "reporting" in self.hub.services else None
        if reporting is not None:
            for office in self._offices():
                try:
                    with reporting.facts(office) as facts:
                        view = TodayView(facts, reporting.calendar(office), reporting.now())
                        total = view.to_json()["breaches_total"]
                except Exception:  # a store that does not answer: the gauge is absent
                    log.warning("breaches of office %s not computed", office, exc_info=True)
                    continue
                breaches.add_metric([office], total)
        yield breaches

    def _part(self, kind: type[Any]) -> Any:
        try:
            return self.hub.container(kind)
        except KeyError:
            return None

    def _queues(self) -> Iterator[Metric]:
        waiting = GaugeMetricFamily(
            "pst_queue_waiting", "Tickets waiting to be called", labels=["office", "queue"]
        )
        service = self.hub.services.get("queue")
        application: Any = service.application if service else None
        board = getattr(application, "board", None)
        if board is not None:
            board.catch_up()
            for office in self._offices():
                counts = board.waiting_counts(office)
                for queue in sorted({"offline", "online", *counts}):
                    waiting.add_metric([office, queue], counts.get(queue, 0))
        yield waiting


class Metrics:
    """The registry of one process: the request metrics and the hub's figures."""

    def __init__(self, hub: Hub, business: bool = True) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "pst_http_requests",
            "HTTP requests by route template and status",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "pst_http_request_duration_seconds",
            "HTTP request latency by route template",
            ["method", "route"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.collector = HubCollector(hub, business)
        self.registry.register(self.collector)

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(method, route).observe(seconds)

    def render(self) -> bytes:
        return generate_latest(self.registry)

    def close(self) -> None:
        if self.collector._ends is not None:
            self.collector._ends.close()
