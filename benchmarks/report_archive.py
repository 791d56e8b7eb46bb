"""Audit replay speed: `hub report` on a 1,000,000-event archive, against the parse floor.

Generates (once, cached under var/bench/) a realistic archive: the 39 offices of East
Java over a year, every event type, rough time order, ~0.5% duplicates. Then, each in
its own process so peak RSS is per process: the floor (read every line and
orjson.loads it, nothing else) and the report (`hub report --office 3572 --period 2026
--format json`). Prints one JSON object on stdout. Targets: >= 100,000 events/s,
<= 3x the floor, peak RSS < 1 GiB. `--single-office` (default on; `BENCH_REPORT_SINGLE_OFFICE=0`
or `--no-single-office` leaves it out) adds the worst case: every event of the archive
belongs to the reported office. The floor is measured with orjson (`ratio_to_floor`) and
with the standard library's json (`ratio_to_json_floor`), in the same run.

    BENCH_REPORT_EVENTS=1000000 .venv/bin/python -m benchmarks.report_archive
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH_DIR = Path("var/bench")
OFFICE, PERIOD = "3572", "2026"
FLOOR = """
import sys, orjson
with open(sys.argv[1], "rb") as lines:
    for line in lines:
        orjson.loads(line)
"""
JSON_FLOOR = FLOOR.replace("orjson", "json")
EVENTS = int(os.environ.get("BENCH_REPORT_EVENTS", "1000000"))
SINGLE_OFFICE = os.environ.get("BENCH_REPORT_SINGLE_OFFICE", "1") == "1"


def archive(events: int, offices: str, name: str) -> Path:
    """The cached archive, generated in a child process: this process stays small, so a
    child's peak RSS (which counts the pages it shares with us until it execs) is its own."""
    path = BENCH_DIR / f"{name}-{events}.jsonl"
    if not path.exists():
        partial = path.with_suffix(".partial")
        subprocess.run(
            [
                sys.executable,
                "-m",
                "benchmarks.generate_archive",
                "--events",
                str(events),
                "--offices",
                offices,
                "--out",
                str(partial),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        partial.rename(path)
    return path


@functools.cache
def report_command() -> list[str]:
    """`hub report` once the hub registers it; the reporting module's own entry until then."""
    hub = Path(sys.executable).with_name("hub")
    if hub.exists():
        probe = subprocess.run(
            [hub, "report", "--help"], capture_output=True, check=False, env=installed_environment()
        )
        if probe.returncode == 0:
            return [str(hub), "report"]
    return [sys.executable, "-m", "services.reporting"]


def installed_environment() -> dict[str, str]:
    """The environment of an installed hub: modules run from cached bytecode (pip compiles
    it at install time). With PYTHONDONTWRITEBYTECODE set, as in some shells and CI, every
    `hub report` would compile ~1,400 modules first, seconds the floor never pays; the
    cache goes under var/bench, not into the source tree."""
    environment = {**os.environ, "PYTHONPYCACHEPREFIX": str((BENCH_DIR / "pycache").resolve())}
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    return environment


def report_of(path: Path) -> list[str]:
    command = [*report_command(), "--archive", str(path), "--office", OFFICE, "--period", PERIOD]
    return [*command, "--format", "json"]


def warm_bytecode(path: Path) -> None:
    """Run the report once over the archive's first lines, so its bytecode is cached."""
    with tempfile.NamedTemporaryFile(suffix=".jsonl") as head, path.open("rb") as lines:
        head.writelines(line for _, line in zip(range(1000), lines, strict=False))
        head.flush()
        timed(report_of(Path(head.name)))


def timed(command: list[str]) -> tuple[float, float, bytes]:
    """Wall seconds, peak RSS (MiB) of that one process, and its stdout."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, env=installed_environment())
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        if process.returncode != 0:
            raise RuntimeError(f"{command} failed: {err.read().decode()[-2000:]}")
        return seconds, usage.ru_maxrss / 1024, out.read()


def measure(path: Path) -> dict[str, Any]:
    lines = sum(1 for _ in path.open("rb"))
    floor_seconds, floor_rss, _ = timed([sys.executable, "-c", FLOOR, str(path)])
    json_floor_seconds, _, _ = timed([sys.executable, "-c", JSON_FLOOR, str(path)])
    command = report_of(path)
    warm_bytecode(path)
    seconds, rss, output = timed(command)
    provenance = json.loads(output)["provenance"]
    rate = lines / seconds
    return {
        "archive": str(path),
        "events": lines,
        "archive_mib": round(path.stat().st_size / 2**20, 1),
        "events_of_office": provenance["archive"].get("used", 0),
        "command": " ".join(command),
        "report_seconds": round(seconds, 3),
        "events_per_second": round(rate),
        "floor_seconds": round(floor_seconds, 3),
        "floor_peak_rss_mib": round(floor_rss, 1),
        "ratio_to_floor": round(seconds / floor_seconds, 2),
        "floor": "orjson.loads of every line",
        "floor_json_seconds": round(json_floor_seconds, 3),
        "ratio_to_json_floor": round(seconds / json_floor_seconds, 2),
        "peak_rss_mib": round(rss, 1),
        "targets_met": {
            "events_per_second>=100000": rate >= 100_000,
            "ratio_to_floor<=3": seconds <= 3 * floor_seconds,
            "peak_rss<1GiB": rss < 1024,
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=EVENTS)
    parser.add_argument(
        "--single-office",
        action=argparse.BooleanOptionalAction,
        default=SINGLE_OFFICE,
        help="also the archive whose every event is the office's (default on)",
    )
    args = parser.parse_args()
    result = {
        "benchmark": "report_archive",
        "office": OFFICE,
        "period": PERIOD,
        **measure(archive(args.events, "east-java", "east-java")),
    }
    if args.single_office:
        result["single_office"] = measure(archive(args.events, OFFICE, "blitar-only"))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
