"""`hub export`: the full history as an archive an auditor can replay elsewhere.

The archive is JSONL: one envelope per line, exactly the bytes the relay publishes
(`events.encode`), so `hub report --archive FILE` reads it as it is. Its digest is a
sidecar `FILE.sha256` in `sha256sum` format (`sha256sum -c FILE.sha256` checks it); the
archive itself holds nothing but envelopes.

Two sources, the same events: the services' own stores (the source of truth; each
notification log read through the service's mapper, the relay's code path), or the
Kafka topics (every partition from the beginning to the end offsets seen at the start).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from events import encode
from infra.follower import ServiceLog
from infra.service import Service
from infra.settings import KafkaSettings

PAGE = 2000
Progress = Callable[[int], None]


@dataclass
class ExportResult:
    path: Path
    digest_path: Path
    sha256: str
    events: int = 0
    by_source: Counter[str] = field(default_factory=Counter)

    def to_json(self) -> dict[str, Any]:
        return {
            "archive": str(self.path),
            "events": self.events,
            "by_source": dict(sorted(self.by_source.items())),
            "sha256": self.sha256,
            "digest_file": str(self.digest_path),
        }


def store_lines(service: Service) -> Iterator[bytes]:
    """Every integration event of a service's notification log, as archive lines."""
    for page in ServiceLog(service, PAGE).pages(after=0):
        for envelope, _ in page.deliveries:
            yield encode(envelope) + b"\n"


def topic_lines(settings: KafkaSettings, topic: str) -> Iterator[bytes]:
    """Every message of a topic, up to the end offsets seen when reading starts."""
    from kafka import KafkaConsumer, TopicPartition

    consumer = KafkaConsumer(
        bootstrap_servers=settings.required_bootstrap(),
        group_id=None,
        enable_auto_commit=False,
        client_id="pst-export",
        max_poll_records=5000,
    )
    try:
        partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or ()]
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        ends = consumer.end_offsets(partitions)
        pending = {tp for tp in partitions if ends[tp] > 0}
        while pending:
            for tp, records in consumer.poll(timeout_ms=1000).items():
                for record in records:
                    if record.offset < ends[tp]:
                        yield record.value.rstrip(b"\n") + b"\n"
                if consumer.position(tp) >= ends[tp]:
                    pending.discard(tp)
    finally:
        consumer.close()


def write_archive(
    out: Path, sources: Iterable[tuple[str, Iterable[bytes]]], progress: Progress | None = None
) -> ExportResult:
    """Write the lines of every source, then the digest sidecar (only once all is written)."""
    digest, partial = hashlib.sha256(), out.with_name(out.name + ".partial")
    result = ExportResult(out, out.with_name(out.name + ".sha256"), "")
    with partial.open("wb") as sink:
        for name, lines in sources:
            written = _copy(lines, sink, digest, progress, result.events)
            result.by_source[name] += written
            result.events += written
    partial.replace(out)
    result.sha256 = digest.hexdigest()
    result.digest_path.write_text(f"{result.sha256}  {out.name}\n")
    return result


def _copy(
    lines: Iterable[bytes], sink: IO[bytes], digest: Any, progress: Progress | None, done: int
) -> int:
    written = 0
    for line in lines:
        sink.write(line)
        digest.update(line)
        written += 1
        if progress is not None and (done + written) % 10_000 == 0:
            progress(done + written)
    return written


def export_from_stores(
    services: Sequence[Service], out: Path, progress: Progress | None = None
) -> ExportResult:
    producers = [s for s in services if s.application is not None and s.to_envelope is not None]
    return write_archive(out, [(s.name, store_lines(s)) for s in producers], progress)


def export_from_topics(
    settings: KafkaSettings, topics: dict[str, str], out: Path, progress: Progress | None = None
) -> ExportResult:
    """`topics`: source name -> topic name."""
    return write_archive(
        out, [(name, topic_lines(settings, topic)) for name, topic in topics.items()], progress
    )


def verify(archive: Path) -> bool:
    """Whether the archive matches its `.sha256` sidecar."""
    sidecar = archive.with_name(archive.name + ".sha256")
    expected = sidecar.read_text().split()[0]
    digest = hashlib.sha256()
    with archive.open("rb") as lines:
        for chunk in iter(lambda: lines.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest() == expected
