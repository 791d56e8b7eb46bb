"""Reporting's composition root: the live projection, the dashboard and report APIs.

The projection's store follows the hub's mode: PostgreSQL schema `pst_reporting`
(distributed), a SQLite file under `var/` (embedded), SQLite in memory (unit tests).
"""

from __future__ import annotations

import logging
import sys
import threading

from events import topic_for
from infra.context import ServiceContext
from infra.service import Service
from services.reporting.api.routes import router
from services.reporting.lag import KafkaEnds
from services.reporting.live import SOURCES, Clock, LiveReporting, system_clock
from services.reporting.settings import ReportingSettings
from services.reporting.store import ProjectionStore
from services.reporting.store_sqlite import SqliteStore
from services.reporting.wire import decode_for_projection

GIL_SWITCH_SECONDS = 0.0005
log = logging.getLogger(__name__)


def open_store(ctx: ServiceContext) -> ProjectionStore:
    if ctx.in_memory:
        return SqliteStore(":memory:")
    if ctx.database_url:
        from services.reporting.store_postgres import PostgresStore

        return PostgresStore(ctx.database_url)
    ctx.settings.var_dir.mkdir(parents=True, exist_ok=True)
    return SqliteStore(ctx.settings.var_dir / "reporting.sqlite3")


def kafka_ends(ctx: ServiceContext) -> KafkaEnds | None:
    bootstrap = ctx.settings.kafka.bootstrap_servers
    if not ctx.settings.distributed or ctx.in_memory or not bootstrap:
        return None
    prefix = ctx.settings.kafka.topic_prefix
    return KafkaEnds(bootstrap, [topic_for(source, prefix) for source in SOURCES])


def shorten_gil_switch_interval() -> None:
    """With write-behind, the writer thread waits on PostgreSQL a few times per batch and
    then needs the GIL back from the consumer thread, which decodes the next batch: at
    CPython's default 5 ms switch interval that handover alone cost a quarter of the
    catch-up speed (benchmarks/projection_catchup.py). 0.5 ms keeps both busy."""
    sys.setswitchinterval(min(sys.getswitchinterval(), GIL_SWITCH_SECONDS))


def build_live(
    ctx: ServiceContext,
    settings: ReportingSettings | None = None,
    clock: Clock = system_clock,
) -> LiveReporting:
    store = open_store(ctx)
    write_behind = not isinstance(store, SqliteStore)
    if write_behind:
        shorten_gil_switch_interval()
    return LiveReporting(
        store=store,
        settings=settings or ReportingSettings(),
        clock=clock,
        offices=ctx.offices,
        kafka_ends=kafka_ends(ctx),
        write_behind=write_behind,
    )


def warm_up_in_background(reporting: LiveReporting, office_id: str) -> None:
    def warm_up() -> None:
        try:
            reporting.warm_up(office_id)
        except Exception:  # a store not reachable yet: the first request folds instead
            log.warning("reporting warm-up of office %s failed", office_id, exc_info=True)

    threading.Thread(target=warm_up, name="reporting-warm-up", daemon=True).start()


def build_service(
    ctx: ServiceContext,
    settings: ReportingSettings | None = None,
    clock: Clock | None = None,
) -> Service:
    reporting = build_live(ctx, settings, clock or system_clock)
    if not ctx.in_memory:
        warm_up_in_background(reporting, ctx.settings.office_id)
    return Service(
        name="reporting",
        router=router,
        consumes=SOURCES,
        handle_batch=reporting.projection.handle_batch,
        last_position=reporting.projection.last_position,
        container=reporting,
        close=reporting.close,
        decode=decode_for_projection,
    )
