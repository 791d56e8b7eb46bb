"""The hub's runtime: every service, its relay and its consumers, from the settings tree.

Embedded mode: SQLite stores under var/, consumers follow the producers' notification
logs in-process. Distributed mode: PostgreSQL stores, relays to Kafka, consumers from
Kafka; each process may run any subset of the roles (api, relay, consumer).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar, cast

from events import all_topics, decode, topic_for
from hub.delivery import connect_invitations, smtp_server
from hub.settings import SERVICE_NAMES, HubSettings
from infra.consumer import ConsumerRunner
from infra.context import ServiceContext
from infra.delivery.channels import build_delivery
from infra.keys import verify_service_keys
from infra.relay import Relay
from infra.service import Service, containers
from infra.stores import schema_lock
from infra.transport import Subscription
from infra.transport.notification_log import NotificationLogSubscription

if TYPE_CHECKING:
    from services.feedback.notifier import Notifier

log = logging.getLogger(__name__)
T = TypeVar("T")

ROLES = frozenset({"api", "relay", "consumer", "delivery"})


@dataclass(frozen=True)
class Ports:
    """Adapters the composition root plugs into the services instead of their defaults.

    Tests pass fakes of these ports (a clock they move, a notifier that keeps what it was
    given) rather than changing live objects afterwards.
    """

    clock: Callable[[], datetime] | None = None
    notifier: Notifier | None = None


def service_builders(
    settings: HubSettings, ctx: ServiceContext, ports: Ports | None = None
) -> dict[str, Callable[[], Service]]:
    """How the composition root builds each service, with its part of the settings tree."""
    from services.feedback.composition import build_service as feedback
    from services.intake.composition import build_service as intake
    from services.queue.composition import build_service as queue
    from services.reporting.composition import build_service as reporting
    from services.staff.composition import build_service as staff

    plug = ports or Ports()
    delivery = build_delivery(settings.delivery, smtp_server(settings))
    return {
        "staff": lambda: staff(ctx, settings.staff),
        "intake": lambda: intake(ctx, settings.intake, delivery),
        "queue": lambda: queue(ctx),
        "feedback": lambda: feedback(
            ctx, settings.feedback, plug.notifier, plug.clock, delivery=delivery
        ),
        "reporting": lambda: reporting(ctx, settings.reporting, plug.clock),
    }


def load_services(
    settings: HubSettings,
    ctx: ServiceContext,
    names: Iterable[str] = SERVICE_NAMES,
    ports: Ports | None = None,
) -> dict[str, Service]:
    builders = service_builders(settings, ctx, ports)
    services = {name: builders[name]() for name in names}
    try:
        verify_service_keys(ctx.cipher_key, ctx.visitor_ref_key, services.values())
    except Exception:
        for service in services.values():  # refused to start: release the stores
            if service.close:
                service.close()
        raise
    if ports is None or ports.notifier is None:
        connect_invitations(services)  # survey invitations go out through intake
    return services


class Hub:
    def __init__(
        self,
        settings: HubSettings,
        services: dict[str, Service],
        roles: Iterable[str] = ROLES,
    ) -> None:
        self.settings = settings
        self.services = services
        self.roles = frozenset(roles)
        self.relays: list[Relay] = []
        self.consumers: list[ConsumerRunner] = []
        self.workers: list[Any] = []
        if "delivery" in self.roles:
            self.workers = [w for s in services.values() for w in s.workers]
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        if "relay" in self.roles and settings.distributed:
            self.relays = [self._relay(s) for s in services.values() if s.to_envelope]
        if "consumer" in self.roles:
            self.consumers = [
                ConsumerRunner(s, self._subscriber(s), settings.relay_batch_size)
                for s in services.values()
                if s.handle_batch and s.consumes
            ]

    @classmethod
    def from_settings(cls, settings: HubSettings, roles: Iterable[str] = ROLES) -> Hub:
        """Build every service; schemas, tables and topics are created by one process at a
        time (any number may start at the same moment), or by `hub migrate` beforehand."""
        unknown = set(roles) - ROLES
        if unknown:
            raise ValueError(f"unknown role(s) {sorted(unknown)}; roles are {sorted(ROLES)}")
        ctx = ServiceContext.from_settings(settings)
        with setting_up(settings):
            if settings.distributed:
                from infra.transport.kafka import ensure_topics

                ensure_topics(settings.kafka, all_topics(settings.kafka.topic_prefix))
            services = load_services(settings, ctx)
        return cls(settings, services, roles)

    def container(self, kind: type[T]) -> T:
        """The one instance of `kind` among the services' containers and applications."""
        return cast(T, containers(self.services.values())[kind])

    def _relay(self, service: Service) -> Relay:
        from infra.transport.kafka import kafka_publisher

        topic = topic_for(service.name, self.settings.kafka.topic_prefix)
        publisher = kafka_publisher(self.settings.kafka, topic)
        return Relay(service, publisher, self.settings.relay_batch_size)

    def _subscriber(self, service: Service) -> Callable[[], Subscription]:
        assert service.last_position is not None
        position = service.last_position
        if self.settings.distributed:
            from infra.transport.kafka import kafka_subscription

            kafka = self.settings.kafka
            topics = [topic_for(s, kafka.topic_prefix) for s in service.consumes]

            def subscribe() -> Subscription:
                group = f"{kafka.topic_prefix}pst-{service.name}"
                return kafka_subscription(
                    kafka, topics, group, position, decoder=service.decode or decode
                )
        else:
            upstreams = [self.services[name] for name in service.consumes if name in self.services]

            def subscribe() -> Subscription:
                return NotificationLogSubscription(upstreams, position)

        return subscribe

    def start(self) -> None:
        for relay in self.relays:
            self._spawn(f"relay-{relay.service.name}", relay.run_forever)
        for consumer in self.consumers:
            self._spawn(f"consumer-{consumer.service.name}", consumer.run_forever)
        for number, worker in enumerate(self.workers):
            self._spawn(f"delivery-{number}", worker.run_forever)

    def _spawn(self, name: str, target: Callable[[threading.Event], None]) -> None:
        thread = threading.Thread(target=target, args=(self._stop,), name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    def drain(self, timeout: float = 30.0) -> None:
        """Run every relay and consumer until all is relayed and consumed (tests, one-shots).

        Waits for Kafka consumers to be assigned their partitions and to reach the end.
        """
        deadline = time.monotonic() + timeout
        while True:
            progress = sum(relay.run_until_caught_up() for relay in self.relays)
            progress += sum(worker.run_once() for worker in self.workers)
            for consumer in self.consumers:
                while consumer.run_once(timeout=0.2):
                    progress += 1
            settled = all(c.subscription.caught_up() for c in self.consumers)
            if settled and not progress:
                return
            if time.monotonic() > deadline:
                raise TimeoutError(f"the hub did not drain within {timeout}s")

    def thread_checks(self) -> dict[str, str]:
        """Readiness of the background work: every relay and consumer thread still runs."""
        return {t.name: "ok" if t.is_alive() else "stopped" for t in self._threads}

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=10)
        for relay in self.relays:
            relay.publisher.close()
        for consumer in self.consumers:
            consumer.subscription.close()
        for service in self.services.values():
            if service.close:
                service.close()


@contextlib.contextmanager
def setting_up(settings: HubSettings) -> Iterator[None]:
    """PostgreSQL's schema lock while a distributed process creates what it needs."""
    if settings.distributed and settings.database.create_tables:
        with schema_lock(settings.database.required_url()):
            yield
    else:
        yield


def migrate(settings: HubSettings) -> list[str]:
    """Create or update every schema, table and topic, then stop (`hub migrate`)."""
    database = settings.database.model_copy(update={"create_tables": True})
    hub = Hub.from_settings(settings.model_copy(update={"database": database}), roles=())
    try:
        return sorted(hub.services)
    finally:
        hub.stop()
