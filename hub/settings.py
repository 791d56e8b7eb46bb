"""Hub settings, read once by a composition root (environment variables prefixed PST_)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class HubSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PST_", env_file=".env", extra="ignore")

    mode: Literal["embedded", "distributed"] = "embedded"
    office_id: str = "3572"
    var_dir: Path = Path("var")
    # Distributed mode: one PostgreSQL for every service (a schema each) and Kafka.
    database_url: str | None = Field(default=None, validation_alias="DATABASE_URL")
    kafka_bootstrap_servers: str | None = Field(
        default=None, validation_alias="KAFKA_BOOTSTRAP_SERVERS"
    )
    kafka_topic_prefix: str = ""
    kafka_partitions: int = 3
    # Secrets. Defaults are generated into var/ on first run (see hub.secrets).
    tokens_file: Path | None = None
    cipher_key: SecretStr | None = None
    visitor_ref_key: SecretStr | None = None
    relay_batch_size: int = 2000
    # Off for extra processes started beside one that already created the tables
    # (PostgreSQL refuses concurrent CREATE TABLE IF NOT EXISTS on the same table).
    create_tables: bool = True
    host: str = "127.0.0.1"
    port: int = 8000

    @property
    def tokens_path(self) -> Path:
        return self.tokens_file or self.var_dir / "tokens.json"
