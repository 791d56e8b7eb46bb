"""Settings of live reporting and of the scheduled delivery (read by the hub's settings)."""

from __future__ import annotations

from pydantic import BaseModel, Field, SecretStr


class ReportingSettings(BaseModel):
    """`PST_REPORTING_*`: offices' own settings, who receives the evaluations, the stream."""

    # Offices whose monthly/yearly evaluation is generated; empty: the hub's office.
    delivery_offices: list[str] = Field(default_factory=list)
    # Service managers (penanggung jawab pelayanan) per office: {"3572": ["a@b.go.id"]}.
    managers: dict[str, list[str]] = Field(default_factory=dict)
    heartbeat_seconds: float = Field(default=15.0, gt=0)
    # How often a dashboard stream looks at the store when no in-process signal came
    # (the consumer runs in another process).
    poll_seconds: float = Field(default=0.5, gt=0)


class SmtpSettings(BaseModel):
    """`PST_SMTP_*`: the mail server that sends the evaluations (none: stored only)."""

    host: str | None = None
    port: int = 587
    username: str | None = None
    password: SecretStr | None = None
    starttls: bool = True
    ssl: bool = False
    sender: str = "pst-hub@localhost"
    timeout_seconds: float = 30.0
    # A private CA that signed the server's certificate (default: the system's CAs).
    ca_file: str | None = None

    @property
    def configured(self) -> bool:
        return bool(self.host)
