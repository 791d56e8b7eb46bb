"""The hub's settings tree, read once by the composition root.

One prefix, `PST_`, one level of nesting: `PST_INTAKE_WHATSAPP_APP_SECRET` is
`intake.whatsapp_app_secret`, `PST_KAFKA_TOPIC_PREFIX` is `kafka.topic_prefix`. The
conventional `DATABASE_URL` and `KAFKA_BOOTSTRAP_SERVERS` are read too (below the `PST_`
names). Each service receives its own part; none reads the environment itself.
"""

from __future__ import annotations

import os
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, Field, model_validator
from pydantic.fields import FieldInfo
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from infra.delivery.settings import DeliverySettings
from infra.settings import PlatformSettings
from services.feedback.settings import FeedbackSettings
from services.intake.settings import IntakeSettings
from services.reporting.settings import ReportingSettings, SmtpSettings
from services.staff.settings import StaffSettings

# Every service the hub can run, in the order they are built.
SERVICE_NAMES = ("staff", "intake", "queue", "feedback", "reporting")


class ConventionalNames(PydanticBaseSettingsSource):
    """`DATABASE_URL` and `KAFKA_BOOTSTRAP_SERVERS`, as most tools and platforms spell them."""

    NAMES: ClassVar[dict[str, tuple[str, str]]] = {
        "DATABASE_URL": ("database", "url"),
        "KAFKA_BOOTSTRAP_SERVERS": ("kafka", "bootstrap_servers"),
    }

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False  # everything is in __call__

    def __call__(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for name, (section, key) in self.NAMES.items():
            if os.environ.get(name):
                found.setdefault(section, {})[key] = os.environ[name]
        return found


class LogSettings(BaseModel):
    """`PST_LOG_*`: how the processes write their logs (to stderr)."""

    format: Literal["json", "text"] = Field(
        default="json", description="`json`: one JSON object a line; `text`: for a terminal"
    )
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", description="the lowest level written"
    )


class HubSettings(PlatformSettings, BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="PST_",
        env_nested_delimiter="_",
        env_nested_max_split=1,
        env_file=".env",
        extra="ignore",
    )

    host: str = Field(default="127.0.0.1", description="address the processes listen on")
    port: int = Field(default=8000, description="the API role's HTTP port")
    health_port: int = Field(
        default=9000,
        description="a relay or consumer process's port for /health, /health/ready and /metrics "
        "(one per process on a host: `hub run --health-port`)",
    )
    log: LogSettings = Field(default_factory=LogSettings)
    staff: StaffSettings = Field(default_factory=StaffSettings)
    intake: IntakeSettings = Field(default_factory=IntakeSettings)
    feedback: FeedbackSettings = Field(default_factory=FeedbackSettings)
    reporting: ReportingSettings = Field(default_factory=ReportingSettings)
    smtp: SmtpSettings = Field(default_factory=SmtpSettings)
    delivery: DeliverySettings = Field(default_factory=DeliverySettings)

    @model_validator(mode="after")
    def _public_url_of_this_hub(self) -> HubSettings:
        """Without PST_PUBLIC_URL, visitors' links point at where this hub listens."""
        if not self.public_url:
            host = "127.0.0.1" if self.host in ("0.0.0.0", "::", "") else self.host
            self.public_url = f"http://{host}:{self.port}"
        return self

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        conventional = ConventionalNames(settings_cls)
        return init_settings, env_settings, conventional, dotenv_settings, file_secret_settings
