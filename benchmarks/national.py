"""National scale: 50 to 500 offices in WIB, WITA and WIT, at realistic daily volumes.

For each office count (`BENCH_NATIONAL_OFFICES`, default 50,100,250,500) an archive is
generated once (cached under var/bench/): `BENCH_NATIONAL_DAYS` calendar days from
1 January 2026 (default 365, a year), every office at its own volume (log-normal,
median ~30 visits an open day, 8-300), with the season of the month and its own
calendar (`benchmarks.generate_archive.generate_national`). Then, each in its own
process so peak RSS is its own:

- `national_rollup`: `hub report --all-offices --period 2026-01` (every office's
  compliance and IKM for a month, from the archive);
- `office_yearly_report`: `hub report --office 3572 --period 2026`;
- `projection_rebuild`: the archive through the reporting consumer's decoder and write
  path into a fresh PostgreSQL database (no broker: `projection_catchup` measures
  Kafka), then the roll-up the API serves (`LiveReporting.national`), cold and warm.

    BENCH_NATIONAL_OFFICES=50,500 BENCH_NATIONAL_DAYS=31 .venv/bin/python -m benchmarks.national

Needs DATABASE_URL for the rebuild (without it the rebuild is left out and said so).
Prints one JSON object.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.report_archive import BENCH_DIR, report_command, timed

OFFICE_COUNTS = [
    int(n) for n in os.environ.get("BENCH_NATIONAL_OFFICES", "50,100,250,500").split(",")
]
DAYS = int(os.environ.get("BENCH_NATIONAL_DAYS", "365"))
MONTH = "2026-01"
BATCH = 2000


def archive(offices: int, days: int) -> tuple[Path, float | None]:
    """The cached archive of `offices` offices over `days` days; generation seconds if new."""
    from benchmarks.generate_archive import generate_national, national_offices

    path = BENCH_DIR / f"national-{offices}-offices-{days}-days.jsonl"
    if path.exists():
        return path, None
    partial = path.with_suffix(".partial")
    started = time.perf_counter()
    generate_national(partial, national_offices(offices), days)
    partial.rename(path)
    return path, round(time.perf_counter() - started, 1)


def hub_report(path: Path, *args: str) -> dict[str, Any]:
    command = [*report_command(), "--archive", str(path), *args, "--format", "json"]
    seconds, rss, output = timed(command)
    return {
        "command": " ".join(command),
        "seconds": round(seconds, 2),
        "peak_rss_mib": round(rss, 1),
        "output": json.loads(output),
    }


def rebuild(path: str, database_url: str) -> None:
    """Child process: the archive into a fresh projection, then the API's roll-up."""
    from eventsourcing.persistence import Tracking

    from benchmarks.projection_catchup import fresh_database
    from services.reporting.composition import shorten_gil_switch_interval
    from services.reporting.live import LiveReporting
    from services.reporting.periods import parse_period
    from services.reporting.settings import ReportingSettings
    from services.reporting.store_postgres import PostgresStore
    from services.reporting.wire import decode_for_projection

    shorten_gil_switch_interval()
    result: dict[str, Any] = {}
    with fresh_database(database_url) as url:
        reporting = LiveReporting(PostgresStore(url), ReportingSettings(), write_behind=True)
        started, count, batch = time.perf_counter(), 0, []
        with open(path, "rb") as lines:
            for count, line in enumerate(lines, start=1):
                batch.append((decode_for_projection(line), Tracking("archive", count)))
                if len(batch) == BATCH:
                    reporting.projection.handle_batch(batch)
                    batch = []
        if batch:
            reporting.projection.handle_batch(batch)
        reporting.projection.flush(None)
        seconds = time.perf_counter() - started
        result["projection_rebuild"] = {
            "events": count,
            "rows": reporting.projection.applied,
            "seconds": round(seconds, 2),
            "events_per_second": round(count / seconds),
        }
        fresh = LiveReporting(reporting.store, ReportingSettings())
        for name in ("cold", "warm"):
            started = time.perf_counter()
            rollup = fresh.national(parse_period(MONTH))
            result[f"api_rollup_{name}_seconds"] = round(time.perf_counter() - started, 2)
        result["api_rollup_offices"] = rollup["national"]["offices"]
        reporting.close()
    result["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(result))


def measure(offices: int, database_url: str | None) -> dict[str, Any]:
    path, generated = archive(offices, DAYS)
    events = sum(1 for _ in path.open("rb"))
    rollup = hub_report(path, "--all-offices", "--period", MONTH)
    national = rollup.pop("output")["national"]
    yearly = hub_report(path, "--office", "3572", "--period", "2026")
    office_events = yearly.pop("output")["provenance"]["events"]
    result: dict[str, Any] = {
        "offices": offices,
        "events": events,
        "archive_mib": round(path.stat().st_size / 2**20, 1),
        "generated_seconds": generated,
        "national_rollup": {
            **rollup,
            "events_per_second": round(events / rollup["seconds"]),
            "offices_reported": national["offices"],
            "by_time_zone": national["by_time_zone"],
            "offline_compliance_pct": national["offline"]["compliance_pct"],
            "ikm": national["ikm"]["score"],
        },
        "office_yearly_report": {**yearly, "office": "3572", "office_events": office_events},
    }
    if database_url:
        _, rss, output = timed(
            [sys.executable, "-m", "benchmarks.national", "--rebuild", str(path), database_url]
        )
        child = json.loads(output.strip().splitlines()[-1])
        result["projection_rebuild"] = {
            **child.pop("projection_rebuild"),
            "peak_rss_mib": round(rss, 1),
        }
        result["api_rollup"] = {
            "period": MONTH,
            "cold_seconds": child["api_rollup_cold_seconds"],
            "warm_seconds": child["api_rollup_warm_seconds"],
            "offices": child["api_rollup_offices"],
        }
    return result


def main() -> None:
    if sys.argv[1:2] == ["--rebuild"]:
        rebuild(sys.argv[2], sys.argv[3])
        return
    database_url = os.environ.get("DATABASE_URL")
    runs = [measure(count, database_url) for count in OFFICE_COUNTS]
    smallest, largest = runs[0], runs[-1]
    growth = {
        "offices": f"{smallest['offices']} -> {largest['offices']}",
        "events_x": round(largest["events"] / smallest["events"], 1),
        "national_rollup_seconds_x": round(
            largest["national_rollup"]["seconds"] / smallest["national_rollup"]["seconds"], 1
        ),
        "office_yearly_report_seconds_x": round(
            largest["office_yearly_report"]["seconds"]
            / smallest["office_yearly_report"]["seconds"],
            1,
        ),
    }
    if database_url:
        growth["projection_rebuild_seconds_x"] = round(
            largest["projection_rebuild"]["seconds"] / smallest["projection_rebuild"]["seconds"], 1
        )
    print(
        json.dumps(
            {
                "benchmark": "national",
                "days": DAYS,
                "rollup_period": MONTH,
                "runs": runs,
                "growth": growth,
                "note": "realistic volumes per office-day; BENCH_NATIONAL_DAYS shortens the horizon"
                + ("" if database_url else "; no DATABASE_URL: projection rebuild not measured"),
            }
        )
    )


if __name__ == "__main__":
    main()
