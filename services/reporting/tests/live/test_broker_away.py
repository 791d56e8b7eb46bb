"""Without a reachable broker the dashboard still answers: the lag is shown as unknown."""

from __future__ import annotations

import socket

from services.reporting.lag import KafkaEnds
from services.reporting.live import LiveReporting
from services.reporting.settings import ReportingSettings
from services.reporting.store_sqlite import SqliteStore


def closed_port() -> int:
    with socket.socket() as probe:  # bound then closed: nothing listens there
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_lag_is_unknown_when_the_broker_cannot_be_reached() -> None:
    ends = KafkaEnds(f"127.0.0.1:{closed_port()}", ["pst.intake"])
    reporting = LiveReporting(SqliteStore(":memory:"), ReportingSettings(), kafka_ends=ends)
    reporting.store.apply([], {"pst.intake:0": 7})  # what the projection had consumed
    rows = reporting.lag({})
    assert rows == [{"source": "pst.intake:0", "position": 7, "end": None, "lag": None}]
    reporting.close()
