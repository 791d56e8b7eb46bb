"""Kafka topic names and message keys (EVENTS.md, section Kafka)."""

from __future__ import annotations

from events.envelope import Envelope

SOURCES: tuple[str, ...] = ("intake", "queue", "feedback", "staff")


def topic_for(source: str, prefix: str = "") -> str:
    """`pst.<source>`; tests pass a prefix so concurrent runs never share topics."""
    return f"{prefix}pst.{source}"


def all_topics(prefix: str = "") -> list[str]:
    return [topic_for(source, prefix) for source in SOURCES]


def message_key(envelope: Envelope) -> bytes:
    """The visit id when the event concerns a visit, else the stream id."""
    return (envelope.visit_id or envelope.stream_id).encode()


def headers(envelope: Envelope) -> list[tuple[str, bytes]]:
    return [
        ("event_type", envelope.event_type.encode()),
        ("schema_version", str(envelope.schema_version).encode()),
    ]
