"""Reporting's parts built outside a running hub, for the `hub` commands
(reporting_commands.py): the settings, the projection's store, the producers' own stores."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer

from events import topic_for
from hub.runtime import load_services
from hub.settings import HubSettings
from infra.context import ServiceContext
from infra.service import Service
from services.reporting.composition import build_live
from services.reporting.live import SOURCES, Clock, LiveReporting, system_clock


@contextmanager
def hub_context() -> Iterator[tuple[HubSettings, ServiceContext]]:
    settings = HubSettings()
    yield settings, ServiceContext.from_settings(settings)


@contextmanager
def upstream_services(settings: HubSettings, ctx: ServiceContext) -> Iterator[list[Service]]:
    """The producing services over their own stores (read-only use: their notification logs)."""
    services = load_services(settings, ctx, SOURCES)
    try:
        yield [services[name] for name in SOURCES if name in services]
    finally:
        for service in services.values():
            if service.close:
                service.close()


@contextmanager
def live_reporting(
    settings: HubSettings, ctx: ServiceContext, clock: Clock = system_clock
) -> Iterator[LiveReporting]:
    reporting = build_live(ctx, settings.reporting, clock)
    try:
        yield reporting
    finally:
        reporting.close()


@contextmanager
def progress_bar(description: str, show: bool) -> Iterator[Any]:
    """A rich progress bar on stderr; `update(done, left)`."""
    if not show:
        yield lambda done, left: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True)) as progress:
        task = progress.add_task(description, total=None)
        yield lambda done, left: progress.update(task, completed=done, total=done + left)


@contextmanager
def rebuild_source(settings: HubSettings, ctx: ServiceContext) -> Iterator[Any]:
    """Kafka topics (distributed, a consumer group of its own) or notification logs."""
    from services.reporting.rebuild import KafkaSource, log_source

    if settings.distributed:
        if not settings.kafka.bootstrap_servers:
            raise typer.BadParameter("distributed mode needs KAFKA_BOOTSTRAP_SERVERS")
        topics = list(topic_names(settings).values())
        group = f"pst-reporting-rebuild-{uuid.uuid4().hex[:8]}"
        yield KafkaSource(settings.kafka, topics, group)
        return
    with upstream_services(settings, ctx) as upstreams:
        yield log_source(upstreams)


def topic_names(settings: HubSettings) -> dict[str, str]:
    """Source name -> its Kafka topic."""
    return {name: topic_for(name, settings.kafka.topic_prefix) for name in SOURCES}
