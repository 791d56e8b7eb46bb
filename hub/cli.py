"""The `hub` command: run the hub, manage staff and tokens, export schemas, report and audit."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Annotated

import typer

from events.schema import json_schemas
from hub.dead_letter_commands import dead_letters_app
from hub.settings import HubSettings
from hub.staff_commands import token_app, users_app

app = typer.Typer(
    help="PST Hub — hub layanan konsultasi statistik BPS.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
events_app = typer.Typer(help="Kontrak event / the integration-event contract.")
app.add_typer(events_app, name="events")
app.add_typer(users_app, name="users")
app.add_typer(token_app, name="token")
backup_app = typer.Typer(help="Cadangan basis data dan rahasia / backup and restore.")
app.add_typer(backup_app, name="backup")
app.add_typer(dead_letters_app, name="dead-letters")


@events_app.command("schema")
def events_schema() -> None:
    """Print the JSON Schemas of the envelope and every catalogue event."""
    typer.echo(json.dumps(json_schemas(), indent=2))


@app.command("run")
def run(
    roles: Annotated[
        str, typer.Option(help="api,relay,consumer,delivery (distributed mode)")
    ] = "api,relay,consumer,delivery",
    host: Annotated[
        str | None,
        typer.Option(
            help="address to listen on (PST_HOST, 127.0.0.1); 0.0.0.0 for the office network, "
            "with PST_PUBLIC_URL set to the address the office's PCs and phones use"
        ),
    ] = None,
    port: Annotated[int | None, typer.Option(help="the API port (api role)")] = None,
    health_port: Annotated[
        int | None, typer.Option(help="health and metrics port of a process without the api role")
    ] = None,
) -> None:
    """Run the hub (embedded by default: SQLite under var/, no servers needed).

    With the api role the process serves the API, the pages, /health and /metrics on
    --port. Without it (relay and/or consumer only) it serves just /health,
    /health/ready and /metrics on --health-port.
    """
    import uvicorn

    from hub.bootstrap import build_web_app
    from hub.observability import configure_logging
    from hub.runtime import Hub
    from hub.web import create_ops_app

    settings = HubSettings()
    chosen = [role.strip() for role in roles.split(",") if role.strip()]
    configure_logging(settings.log.format, settings.log.level, role="+".join(chosen))
    if "api" in chosen:
        web, _ = build_web_app(settings, roles=chosen)
        listen = port or settings.port
    else:
        web = create_ops_app(Hub.from_settings(settings, chosen))
        listen = health_port or settings.health_port
    uvicorn.run(web, host=host or settings.host, port=listen, log_config=None, access_log=False)


@app.command("migrate")
def migrate() -> None:
    """Create or update every schema, table and Kafka topic, then exit.

    Safe beside running processes and beside another `hub migrate`: one at a time holds
    PostgreSQL's schema lock. Processes also do this themselves on start-up unless
    PST_DATABASE_CREATE_TABLES=false.
    """
    from hub.observability import configure_logging
    from hub.runtime import migrate as migrate_all

    settings = HubSettings()
    configure_logging(settings.log.format, settings.log.level, role="migrate")
    names = migrate_all(settings)
    logging.getLogger("hub.migrate").info("schemas ready: %s", ", ".join(names))


@app.command("demo")
def demo(
    var_dir: Annotated[Path, typer.Option(help="The demo hub's own state")] = Path("var/demo"),
    port: Annotated[int, typer.Option(help="Where the demo hub listens")] = 8000,
    keep_running: Annotated[bool, typer.Option(help="Keep serving after the day")] = True,
) -> None:
    """Start an embedded hub and play an office day through its HTTP APIs (`make demo`)."""
    from hub.demo import run_demo

    raise typer.Exit(run_demo(var_dir, port, keep_running, typer.echo))


@app.command("config-reference")
def config_reference() -> None:
    """Print the configuration reference (docs/configuration.md) from the settings classes."""
    from hub.config_reference import render

    typer.echo(render(), nl=False)


@backup_app.command("create")
def backup_create(
    out: Annotated[Path, typer.Option(help="Backup file to write (tar.gz, mode 0600)")],
    env_file: Annotated[
        Path | None, typer.Option(help="The env file with the secrets, to keep with it")
    ] = None,
) -> None:
    """Back up the stores (pg_dump, or the SQLite files) and the secrets into one file."""
    from hub.backup import create

    typer.echo(json.dumps(create(HubSettings(), out, env_file), indent=2))


@backup_app.command("restore")
def backup_restore(
    backup: Annotated[Path, typer.Argument(help="A file written by `hub backup create`")],
    env_file: Annotated[
        Path | None, typer.Option(help="Where to put the env file kept in the backup")
    ] = None,
) -> None:
    """Recreate the database and put the secrets back (stop every hub process first)."""
    from hub.backup import restore

    typer.echo(json.dumps({"restored": restore(HubSettings(), backup, env_file)}, indent=2))


def _register_reporting_commands() -> None:
    from hub.reporting_commands import deliver_reports, export, projection_app
    from services.reporting.cli import report

    app.command("report", help="Hitung laporan dari arsip event / report from an archive")(report)
    app.add_typer(projection_app, name="projection")
    app.command("export", help="Ekspor seluruh riwayat sebagai arsip / export the history")(export)
    app.command("deliver-reports", help="Kirim evaluasi bulanan/tahunan / deliver evaluations")(
        deliver_reports
    )


_register_reporting_commands()


def main() -> None:
    from infra.keys import KeyMismatch

    try:
        app()
    except KeyMismatch as refused:  # a clear message, no traceback: the keys are wrong
        typer.echo(f"hub: {refused}", err=True)
        raise SystemExit(2) from None
