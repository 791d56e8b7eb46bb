"""The platform's part of the settings tree: how services store events and meet on Kafka.

These are plain models: the composition root (`hub.settings.HubSettings`) reads the
environment once, `PST_` prefix, one level of nesting (`PST_KAFKA_TOPIC_PREFIX` is
`kafka.topic_prefix`), and hands each part to whoever needs it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr


class KafkaSettings(BaseModel):
    """`PST_KAFKA_*` (the bootstrap servers also as the conventional `KAFKA_BOOTSTRAP_SERVERS`)."""

    bootstrap_servers: str | None = None
    # The client library behind the transport port (docs/adr/0006): librdkafka through
    # confluent-kafka, or the pure-Python kafka-python. Both pass the same tests.
    client: Literal["confluent", "kafka-python"] = "confluent"
    topic_prefix: str = ""
    partitions: int = Field(default=3, ge=1)
    # murmur2: Kafka's default partitioner (Java client, librdkafka murmur2_random);
    # crc32: the hash of topics written before docs/adr/0006, until they are migrated.
    partitioner: Literal["murmur2", "crc32"] = "murmur2"
    # Producer: batched, idempotent, acks=all; a batch that cannot be acknowledged within
    # the delivery timeout fails and the relay re-sends it from its recorded position.
    linger_ms: int = Field(default=5, ge=0)
    batch_bytes: int = Field(default=512 * 1024, ge=1024)
    max_request_bytes: int = Field(default=4 * 1024 * 1024, ge=1024)
    retries: int = Field(default=10, ge=0)
    request_timeout_ms: int = Field(default=15_000, ge=100)
    delivery_timeout_ms: int = Field(default=60_000, ge=100)
    # Consumer.
    max_poll_records: int = Field(default=5000, ge=1)
    fetch_max_bytes: int = Field(default=32 * 1024 * 1024, ge=1024)
    max_partition_fetch_bytes: int = Field(default=8 * 1024 * 1024, ge=1024)
    # How long the group waits for a silent consumer (a killed process) before its
    # partitions move to a live one; at least the broker's group.min.session.timeout.ms.
    session_timeout_ms: int = Field(default=45_000, ge=1_000)

    def required_bootstrap(self) -> str:
        if not self.bootstrap_servers:
            raise RuntimeError("distributed mode needs KAFKA_BOOTSTRAP_SERVERS")
        return self.bootstrap_servers


class DatabaseSettings(BaseModel):
    """`PST_DATABASE_*` (the URL also as the conventional `DATABASE_URL`)."""

    url: str | None = None
    pool_size: int = Field(default=5, ge=1)
    max_overflow: int = Field(default=10, ge=0)
    lock_timeout_seconds: int = Field(default=5, ge=0)
    # Longest wait for a database connection before a request answers 503.
    connect_timeout_seconds: int = Field(default=1, ge=1)
    # Off for extra processes started beside one that already created the tables
    # (PostgreSQL refuses concurrent CREATE TABLE IF NOT EXISTS on the same table).
    create_tables: bool = True

    def required_url(self) -> str:
        if not self.url:
            raise RuntimeError("distributed mode needs DATABASE_URL")
        return self.url


class PlatformSettings(BaseModel):
    """What every service's composition receives: mode, home office, stores, transport."""

    mode: Literal["embedded", "distributed"] = "embedded"
    office_id: str = "3572"
    var_dir: Path = Path("var")
    database: DatabaseSettings = Field(default_factory=DatabaseSettings)
    kafka: KafkaSettings = Field(default_factory=KafkaSettings)
    relay_batch_size: int = Field(default=2000, ge=1)
    # The offices' own settings (standard.directory): {"3572": {<OfficeSettings fields>}}.
    offices_file: Path | None = None
    # Secrets. Defaults are generated into var/ on first run (see infra.secrets).
    cipher_key: SecretStr | None = None
    visitor_ref_key: SecretStr | None = None
    public_url: str = Field(
        default="",
        pattern=r"^(https?://[^/?#\s]+(/[^?#\s]*)?)?$",
        description="the address visitors' phones and the office's PCs open the hub at: every "
        "link handed to a visitor (ticket QR, status page, survey, complaint form) starts with "
        "it, e.g. `http://192.168.1.20:8000` or `https://pst.bps3572.example`; default: "
        "`http://<host>:<port>` of this hub",
    )

    @property
    def distributed(self) -> bool:
        return self.mode == "distributed"
