"""Settings of live reporting and of the scheduled delivery (read by the hub's settings)."""

from __future__ import annotations

from pydantic import BaseModel, Field, SecretStr

NIP = r"^[0-9]{18}$"


class Letterhead(BaseModel):
    """The office's letterhead and the person who signs its evaluations (kop surat)."""

    name: str = Field(min_length=1, max_length=120)  # "Badan Pusat Statistik Kota Blitar"
    address: str = Field(default="", max_length=300)  # one line, or lines separated by \n
    logo_path: str | None = None  # PNG/JPEG on the server; absent file: no logo
    city: str | None = None  # place line of the signature; default from the office name
    person_in_charge: str | None = Field(default=None, max_length=120)
    person_in_charge_nip: str | None = Field(default=None, pattern=NIP)
    person_in_charge_title: str = "Penanggung Jawab Pelayanan"


class ReportingSettings(BaseModel):
    """`PST_REPORTING_*`: offices' own settings, who receives the evaluations, the stream."""

    # Offices whose monthly/yearly evaluation is generated; empty: the hub's office.
    delivery_offices: list[str] = Field(default_factory=list)
    # Service managers (penanggung jawab pelayanan) per office: {"3572": ["a@b.go.id"]}.
    managers: dict[str, list[str]] = Field(default_factory=dict)
    # Letterhead and signatory per office: {"3572": {"name": ..., "address": ...}}
    # (PST_REPORTING_LETTERHEADS as JSON).
    letterheads: dict[str, Letterhead] = Field(default_factory=dict)
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
