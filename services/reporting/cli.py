"""`hub report`: replay an archive and print or write the standard's report.

`report` is a plain typer-compatible function; the hub registers it with
`app.command("report")(report)`. Problems in the archive go to stderr with their line
number; the report still counts the rest unless `--strict`, which then exits 1.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated

import orjson
import typer

from services.reporting.archive import ArchiveProblem, ReadSummary, paused_collector, read_archive
from services.reporting.facts import OfficeFacts
from services.reporting.periods import InvalidPeriod, Period, parse_period
from services.reporting.renderers import FORMATS, is_binary, needs_rows, render
from services.reporting.report import report as build_report
from standard.office import OfficeSettings, UnknownOffice, office_settings

PROGRESS_FROM_BYTES = 32 * 1024 * 1024  # archives from this size show a progress bar
MAX_PROBLEMS_SHOWN = 50


def complain(message: str) -> None:
    typer.echo(message, err=True)


def settings_for(office: str, settings_file: Path | None) -> OfficeSettings:
    """The office's standard: its defaults, with what `--settings` declares for it."""
    try:
        declared = orjson.loads(settings_file.read_bytes()) if settings_file else {}
        if not isinstance(declared, dict):
            raise ValueError('expected {"<office id>": {<settings fields>}, ...}')
        return office_settings(office, declared.get(office))
    except UnknownOffice as exc:
        raise typer.BadParameter(str(exc), param_hint="--office") from None
    except (OSError, ValueError) as exc:  # pydantic's ValidationError is a ValueError
        raise typer.BadParameter(f"{settings_file}: {exc}", param_hint="--settings") from None


def period_of(text: str) -> Period:
    try:
        return parse_period(text)
    except InvalidPeriod as exc:
        raise typer.BadParameter(str(exc), param_hint="--period") from None


class ProblemPrinter:
    """Prints the first problems in full, then only counts them."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, problem: ArchiveProblem) -> None:
        self.count += 1
        if self.count <= MAX_PROBLEMS_SHOWN:
            complain(f"archive {problem}")

    def close(self) -> None:
        if self.count > MAX_PROBLEMS_SHOWN:
            complain(f"archive: {self.count - MAX_PROBLEMS_SHOWN} more problems not shown")


def replay(archive: Path, office: str, show_progress: bool) -> tuple[OfficeFacts, ReadSummary]:
    printer = ProblemPrinter()
    if not show_progress:
        facts, summary = read_archive(archive, office, printer)
    else:
        from rich.console import Console
        from rich.progress import Progress

        with Progress(console=Console(stderr=True), transient=False) as progress:
            task = progress.add_task(f"reading {archive.name}", total=archive.stat().st_size)
            facts, summary = read_archive(
                archive, office, printer, lambda done: progress.update(task, completed=done)
            )
            progress.update(task, completed=archive.stat().st_size)
    printer.close()
    return facts, summary


def write_output(content: bytes, out: Path | None, default_name: str, binary: bool) -> None:
    if out is None and not binary:
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
        return
    target = out or Path(default_name)
    target.write_bytes(content)
    complain(f"wrote {target}")


def report(
    archive: Annotated[
        Path, typer.Option(help="JSONL archive of event envelopes.", exists=True, dir_okay=False)
    ],
    office: Annotated[str | None, typer.Option(help="BPS office code, e.g. 3572.")] = None,
    period: Annotated[
        str, typer.Option(help="A year (2026), a month (2026-03) or 2026-03-01..2026-03-15.")
    ] = "",
    format: Annotated[str, typer.Option(help=f"One of: {', '.join(FORMATS)}.")] = "json",
    out: Annotated[
        Path | None,
        typer.Option(help="File to write; json/csv/html go to stdout without it."),
    ] = None,
    strict: Annotated[
        bool, typer.Option(help="Refuse to report (exit 1) when any archive line is bad.")
    ] = False,
    settings: Annotated[
        Path | None,
        typer.Option(help='JSON file of office settings: {"3572": {...}}.', dir_okay=False),
    ] = None,
    progress: Annotated[
        bool | None,
        typer.Option(help="Progress bar on stderr (default: for archives from 32 MiB)."),
    ] = None,
    all_offices: Annotated[
        bool,
        typer.Option(
            "--all-offices",
            help="Rekap nasional / the national roll-up: every office of the archive (json, csv).",
        ),
    ] = False,
    as_of: Annotated[
        str | None,
        typer.Option(
            help="The moment the figures hold for, ISO 8601 with offset "
            "(2026-03-16T10:00+07:00); default: the archive's last event."
        ),
    ] = None,
) -> None:
    """Replay an archive and report the service standard's figures for one office (or,
    with --all-offices, every office's compliance and IKM side by side)."""
    if not period:
        raise typer.BadParameter("required: a year, a month or a range", param_hint="--period")
    if all_offices:
        if office is not None:
            raise typer.BadParameter(
                "give --office or --all-offices, not both", param_hint="--office"
            )
        national(archive, period_of(period), format, out, strict, settings, progress)
        return
    if office is None:
        raise typer.BadParameter("required (or --all-offices)", param_hint="--office")
    if format not in FORMATS:
        raise typer.BadParameter(
            f"{format!r} is not one of {', '.join(FORMATS)}", param_hint="--format"
        )
    standard = settings_for(office, settings)
    chosen = period_of(period)
    moment = moment_of(as_of)
    show_progress = (
        progress if progress is not None else archive.stat().st_size >= PROGRESS_FROM_BYTES
    )
    with paused_collector():
        facts, summary = replay(archive, office, show_progress)
        refuse_bad_archive(summary, strict)
        content = report_content(facts, summary, archive, standard, chosen, format, moment)
    default_name = f"laporan-{office}-{chosen.label.replace('..', '_')}.{format}"
    write_output(content, out, default_name, is_binary(format))


NATIONAL_FORMATS = ("json", "csv")


def national(
    archive: Path,
    chosen: Period,
    format_name: str,
    out: Path | None,
    strict: bool,
    settings_file: Path | None,
    progress: bool | None,
) -> None:
    """`--all-offices`: one pass over the archive, one report per office, one roll-up."""
    from services.reporting.archive import read_all_offices
    from services.reporting.national import national_csv, national_rollup

    if format_name not in NATIONAL_FORMATS:
        raise typer.BadParameter(
            f"{format_name!r}: the roll-up is written as {' or '.join(NATIONAL_FORMATS)}",
            param_hint="--format",
        )
    show_progress = (
        progress if progress is not None else archive.stat().st_size >= PROGRESS_FROM_BYTES
    )
    printer = ProblemPrinter()
    with paused_collector():
        if show_progress:
            from rich.console import Console
            from rich.progress import Progress

            with Progress(console=Console(stderr=True), transient=False) as bar:
                task = bar.add_task(f"reading {archive.name}", total=archive.stat().st_size)
                offices, summary = read_all_offices(
                    archive, printer, lambda done: bar.update(task, completed=done)
                )
        else:
            offices, summary = read_all_offices(archive, printer)
        printer.close()
        refuse_bad_archive(summary, strict)
        rollup = national_rollup(
            offices.values(), chosen, lambda office: settings_for(office, settings_file)
        )
    rollup["provenance"] = {"archive": {"file": archive.name, **summary.to_json()}}
    content = (
        national_csv(rollup)
        if format_name == "csv"
        else orjson.dumps(rollup, option=orjson.OPT_INDENT_2)
    )
    default_name = f"rekap-nasional-{chosen.label.replace('..', '_')}.{format_name}"
    write_output(content, out, default_name, binary=False)


def moment_of(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f"{text!r} is not an ISO 8601 moment", param_hint="--as-of"
        ) from None
    if moment.tzinfo is None:
        raise typer.BadParameter(f"{text!r} has no UTC offset (e.g. +07:00)", param_hint="--as-of")
    return moment.timestamp()


def refuse_bad_archive(summary: ReadSummary, strict: bool) -> None:
    """Tell how many lines were skipped; with --strict, stop (exit 1) instead of reporting."""
    if not summary.problems:
        return
    complain(f"archive: {len(summary.problems)} of {summary.lines} lines could not be read")
    if strict:
        complain("--strict: no report from an archive with bad lines")
        raise typer.Exit(code=1)


def report_content(
    facts: OfficeFacts,
    summary: ReadSummary,
    archive: Path,
    settings: OfficeSettings,
    period: Period,
    format_name: str,
    as_of: float | None = None,
) -> bytes:
    result = build_report(
        facts, settings, period, include_rows=needs_rows(format_name), as_of=as_of
    )
    result["provenance"]["archive"] = {"file": archive.name, **summary.to_json()}
    return render(result, format_name)


def main() -> None:  # pragma: no cover - `python -m services.reporting`
    app = typer.Typer(add_completion=False)
    app.command()(report)
    app()
