"""`hub dead-letters list|retry|discard`: the records a consumer or relay set aside.

Records are kept in each service's own store (infra.dead_letters, docs/adr/0015). A
retry applies (consumer) or re-publishes (relay) a key's records in the order they were
set aside, stopping at the first that fails again; a discard keeps the record, marked.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer

from events import topic_for
from hub.settings import SERVICE_NAMES, HubSettings
from infra.dead_letters import (
    CONSUME,
    DISCARDED,
    DeadLetter,
    letters_of,
    relay_retry,
    retry_in_order,
)

if TYPE_CHECKING:
    from infra.service import Service

dead_letters_app = typer.Typer(
    help="Rekaman yang disisihkan / records a consumer or relay set aside.",
    no_args_is_help=True,
)

WITH_LETTERS = tuple(name for name in SERVICE_NAMES if name != "reporting")
ServiceOption = Annotated[
    str | None, typer.Option("--service", help=f"one of {', '.join(WITH_LETTERS)} (default: all)")
]
IdsOption = Annotated[list[int] | None, typer.Option("--id", help="record id; repeat for several")]


@contextmanager
def services_of(name: str | None) -> Iterator[tuple[HubSettings, list[Service]]]:
    if name is not None and name not in WITH_LETTERS:
        raise typer.BadParameter(f"unknown service {name!r}", param_hint="--service")
    from hub.runtime import load_services  # the whole hub: only for a command that needs it
    from infra.context import ServiceContext

    settings = HubSettings()
    ctx = ServiceContext.from_settings(settings)
    services = load_services(settings, ctx, [name] if name else WITH_LETTERS)
    try:
        yield settings, list(services.values())
    finally:
        for service in services.values():
            if service.close:
                service.close()


def chosen(letters: list[DeadLetter], ids: list[int] | None, every: bool) -> list[DeadLetter]:
    if not ids and not every:
        raise typer.BadParameter("name records with --id, or pass --all")
    if every:
        return letters
    found = [letter for letter in letters if letter.id in set(ids or ())]
    missing = set(ids or ()) - {letter.id for letter in found}
    if missing:
        raise typer.BadParameter(f"no pending record with id {sorted(missing)}", param_hint="--id")
    return found


@dead_letters_app.command("list")
def list_letters(
    service: ServiceOption = None,
    every: Annotated[bool, typer.Option("--all", help="also retried and discarded ones")] = False,
) -> None:
    """Print the set-aside records (JSON lines: no payload, only where and why)."""
    with services_of(service) as (_, services):
        for item in services:
            letters = letters_of(item)
            for letter in letters.all() if every else letters.pending():
                typer.echo(json.dumps({"service": item.name, **letter.summary()}))


@dead_letters_app.command("retry")
def retry(
    service: Annotated[str, typer.Option(help=f"one of {', '.join(WITH_LETTERS)}")],
    ids: IdsOption = None,
    every: Annotated[bool, typer.Option("--all", help="every pending record")] = False,
) -> None:
    """Apply the records again (each record's key in order), after fixing the cause."""
    with services_of(service) as (settings, [item]):
        letters = letters_of(item)
        picked = chosen(letters.pending(), ids, every)
        publisher = None
        try:

            def attempt(letter: DeadLetter) -> None:
                nonlocal publisher
                if letter.stage == CONSUME:
                    if item.retry_consumed is None:
                        raise RuntimeError(f"{item.name} consumes nothing")
                    item.retry_consumed(letter)
                    return
                if publisher is None:
                    from infra.transport.kafka import kafka_publisher

                    topic = topic_for(item.name, settings.kafka.topic_prefix)
                    publisher = kafka_publisher(settings.kafka, topic)
                relay_retry(item, publisher.publish)(letter)

            done, left = retry_in_order(letters, picked, attempt)
        finally:
            if publisher is not None:
                publisher.close()
    typer.echo(json.dumps({"service": service, "retried": done, "still_pending": left}))
    if left:
        raise typer.Exit(1)


@dead_letters_app.command("discard")
def discard(
    service: Annotated[str, typer.Option(help=f"one of {', '.join(WITH_LETTERS)}")],
    ids: IdsOption = None,
) -> None:
    """Give records up (kept, marked discarded). Records held behind them stay pending:
    retry them next."""
    with services_of(service) as (_, [item]):
        letters = letters_of(item)
        picked = chosen(letters.pending(), ids, False)
        for letter in picked:
            letters.resolve(letter, DISCARDED)
    typer.echo(json.dumps({"service": service, "discarded": [d.id for d in picked]}))
