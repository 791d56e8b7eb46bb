"""The `hub` command: run the hub, manage tokens, export schemas, report and audit."""

from __future__ import annotations

import json
import logging
from typing import Annotated

import typer

from events.schema import json_schemas
from hub.settings import HubSettings
from infra.roles import Role

app = typer.Typer(
    help="PST Hub — hub layanan konsultasi statistik BPS.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
events_app = typer.Typer(help="Kontrak event / the integration-event contract.")
token_app = typer.Typer(help="Token akses staf dan kanal / staff and channel tokens.")
app.add_typer(events_app, name="events")
app.add_typer(token_app, name="token")


@events_app.command("schema")
def events_schema() -> None:
    """Print the JSON Schemas of the envelope and every catalogue event."""
    typer.echo(json.dumps(json_schemas(), indent=2))


@token_app.command("create")
def token_create(
    subject: Annotated[str, typer.Option(help="Who holds it, e.g. petugas-ani")],
    role: Annotated[list[Role], typer.Option(help="Role(s); repeat the option for several")],
    office: Annotated[str, typer.Option(help="BPS office code")] = "3572",
) -> None:
    """Issue a token; only its hash is stored. The token is printed once."""
    from infra.security import TokenRegistry

    settings = HubSettings()
    registry = TokenRegistry.load(settings.tokens_path)
    token = registry.issue(subject, list(role), office)
    registry.save(settings.tokens_path)
    typer.echo(token)


@app.command("run")
def run(
    roles: Annotated[
        str, typer.Option(help="api,relay,consumer,delivery (distributed mode)")
    ] = "api,relay,consumer,delivery",
    host: Annotated[str | None, typer.Option()] = None,
    port: Annotated[int | None, typer.Option()] = None,
) -> None:
    """Run the hub (embedded by default: SQLite under var/, no servers needed)."""
    import uvicorn

    from hub.bootstrap import build_web_app

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    settings = HubSettings()
    web, _ = build_web_app(settings, roles=roles.split(","))
    uvicorn.run(web, host=host or settings.host, port=port or settings.port, log_level="info")


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
    app()
