"""What a service's composition receives from the hub: platform settings, stores, secrets,
and the one office directory every service asks."""

from __future__ import annotations

from dataclasses import dataclass, field

from infra import stores
from infra.secrets import load_or_create
from infra.settings import PlatformSettings
from standard.directory import OfficeDirectory


@dataclass(frozen=True)
class ServiceContext:
    settings: PlatformSettings
    cipher_key: str
    visitor_ref_key: bytes
    offices: OfficeDirectory = field(default_factory=OfficeDirectory)
    in_memory: bool = False

    @classmethod
    def from_settings(cls, settings: PlatformSettings, in_memory: bool = False) -> ServiceContext:
        generated = load_or_create(settings.var_dir / "secrets.json")
        cipher = settings.cipher_key.get_secret_value() if settings.cipher_key else None
        ref_key = settings.visitor_ref_key.get_secret_value() if settings.visitor_ref_key else None
        return cls(
            settings=settings,
            cipher_key=cipher or generated["cipher_key"],
            visitor_ref_key=(ref_key or generated["visitor_ref_key"]).encode(),
            offices=OfficeDirectory.from_file(settings.offices_file, settings.office_id),
            in_memory=in_memory,
        )

    def store_env(self, name: str) -> dict[str, str]:
        """The eventsourcing environment of service `name`'s own store."""
        if self.in_memory:
            return stores.memory_env()
        if self.settings.distributed:
            return stores.postgres_env(self.settings.database, f"pst_{name}")
        return stores.sqlite_env(self.settings.var_dir, name)

    @property
    def database_url(self) -> str | None:
        """A SQLAlchemy-free DSN for read models: PostgreSQL when distributed, else None."""
        return self.settings.database.url if self.settings.distributed else None
