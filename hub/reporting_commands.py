"""Reporting's commands for the `hub` CLI: `projection rebuild|status`, `export`,
`deliver-reports` (registered in hub/cli.py)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

projection_app = typer.Typer(
    help="Proyeksi pelaporan / the live reporting projection.", no_args_is_help=True
)


def complain(message: str) -> None:
    typer.echo(message, err=True)


@projection_app.command("rebuild")
def rebuild(
    batch_size: Annotated[int, typer.Option(min=1, help="Events per transaction.")] = 2000,
    progress: Annotated[bool, typer.Option(help="Progress bar on stderr.")] = True,
    keep: Annotated[int, typer.Option(min=0, help="Older generations to keep.")] = 1,
    timeout: Annotated[
        float | None, typer.Option(help="Give up after this many seconds (not swapped).")
    ] = None,
) -> None:
    """Fill a fresh projection from the beginning; swap it in once caught up."""
    from hub.standalone import (
        hub_context,
        live_reporting,
        progress_bar,
        rebuild_source,
    )
    from services.reporting.rebuild import Rebuild, retire_old_generations

    with hub_context() as (settings, ctx), live_reporting(settings, ctx) as reporting:
        with rebuild_source(settings, ctx) as source, progress_bar("rebuild", progress) as bar:
            result = Rebuild(reporting.store, source, batch_size, bar).run(timeout)
        dropped = retire_old_generations(reporting.store, keep) if result.swapped else []
    typer.echo(json.dumps({**result.__dict__, "dropped_generations": dropped}, indent=2))
    if not result.swapped:
        complain("rebuild did not catch up in time: the current projection still serves")
        raise typer.Exit(code=1)


@projection_app.command("status")
def status() -> None:
    """The projection's generation, events per office, positions and lag."""
    from hub.standalone import hub_context, live_reporting, upstream_services

    with hub_context() as (settings, ctx), live_reporting(settings, ctx) as reporting:
        if reporting.kafka_ends is not None:  # distributed: the topics' end offsets
            lag = reporting.lag({})
        else:  # embedded: the producers' notification logs
            with upstream_services(settings, ctx) as upstreams:
                lag = reporting.lag({service.name: service for service in upstreams})
        body = {
            "generation": reporting.store.current_generation(),
            "generations": reporting.store.generations(),
            "events_by_office": reporting.store.counts(),
            "lag": lag,
        }
    typer.echo(json.dumps(body, indent=2))


class ExportSource(StrEnum):
    stores = "stores"
    topics = "topics"


def export(
    out: Annotated[Path, typer.Option(help="Archive to write (JSONL); FILE.sha256 beside it.")],
    source: Annotated[
        ExportSource, typer.Option(help="stores: the services' own stores; topics: Kafka.")
    ] = ExportSource.stores,
) -> None:
    """Write the full history as an archive of envelopes, for `hub report --archive`."""
    from hub.standalone import hub_context, topic_names, upstream_services
    from services.reporting.export import export_from_stores, export_from_topics

    with hub_context() as (settings, ctx):
        if source is ExportSource.topics:
            if not settings.kafka.bootstrap_servers:
                raise typer.BadParameter("needs KAFKA_BOOTSTRAP_SERVERS", param_hint="--source")
            topics = topic_names(settings)
            result = export_from_topics(settings.kafka, topics, out)
        else:
            with upstream_services(settings, ctx) as upstreams:
                result = export_from_stores(upstreams, out)
    typer.echo(json.dumps(result.to_json(), indent=2))


def deliver_reports(
    today: Annotated[
        datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="Act as on this date (default: today)."),
    ] = None,
) -> None:
    """Generate (once) and e-mail the evaluations due: last month's, last year's."""
    from hub.standalone import hub_context, live_reporting
    from services.reporting.delivery import Delivery
    from services.reporting.live import system_clock

    clock = system_clock
    if today is not None:  # 05:00 UTC, noon in Jakarta: that date in every zone of ID
        midday = datetime.combine(today.date(), time(5), tzinfo=UTC)
        clock = lambda: midday  # noqa: E731
    with hub_context() as (settings, ctx), live_reporting(settings, ctx, clock) as reporting:
        done = Delivery(reporting, settings.smtp, settings.office_id).run()
    typer.echo(json.dumps([delivered.to_json() for delivered in done], indent=2))
    if any(delivered.error for delivered in done):
        raise typer.Exit(code=1)
