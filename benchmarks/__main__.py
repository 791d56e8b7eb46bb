"""`make bench`: run every benchmark in its own process and print one JSON document.

Each benchmark module prints one JSON object on stdout; failures are reported, not hidden.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

BENCHMARKS = (
    "relay",
    "report_archive",
    "queue_contention",
    "projection_catchup",
    "national",
    "sign_in",
)


def run(name: str) -> dict[str, object]:
    started = time.monotonic()
    try:
        __import__(f"benchmarks.{name}")
    except ModuleNotFoundError:
        return {"status": "not built"}
    proc = subprocess.run(
        [sys.executable, "-m", f"benchmarks.{name}"], capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        return {"status": "failed", "stderr": proc.stderr[-2000:]}
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["wall_seconds"] = round(time.monotonic() - started, 2)
    return result


def main() -> int:
    only = sys.argv[1:] or BENCHMARKS
    results = {name: run(name) for name in only}
    print(json.dumps(results, indent=2))
    return 1 if any(r.get("status") == "failed" for r in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
