"""Scheduled delivery of the evaluation (standard: "a report to the person responsible,
every month and every year").

`hub deliver-reports`, run daily by cron (or a systemd timer), does it: from the first
working day of a month on (the office's service calendar), the previous month's
evaluation is generated from the live projection and stored, once per office and period;
likewise the previous year's from the first working day of January. A day missed (the
hub was down) is caught up by the next run. When SMTP is configured and the office has
managers, the stored evaluation is e-mailed (PDF, XLSX and JSON attached) until a
sending succeeded; a failed sending is retried by the next run.

Who receives what is the office's `Schedule`: the recipients, monthly and/or yearly, the
attached formats. A supervisor edits it on the report center (`/laporan`); it is kept in
the reporting store, and an office without a stored one follows the settings
(`PST_REPORTING_MANAGERS`, `PST_REPORTING_DELIVERY_OFFICES`: every evaluation, PDF, XLSX
and JSON).
"""

from __future__ import annotations

import logging
import re
import smtplib
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from email.message import EmailMessage
from typing import Any, Protocol

import orjson

from services.reporting.live import LiveReporting
from services.reporting.periods import Period, month, year
from services.reporting.renderers import render
from services.reporting.renderers.document import Document
from services.reporting.renderers.wording import period_text
from services.reporting.settings import SmtpSettings
from standard.calendar import ServiceCalendar
from standard.errors import OfficeCheck, RuleViolation, anyone, ensure_office

log = logging.getLogger(__name__)


def first_working_day(calendar: ServiceCalendar, year_number: int, month_number: int) -> date:
    """The first open day of a month on the office's calendar."""
    day = date(year_number, month_number, 1)
    while not calendar.is_open_day(day):
        day += timedelta(days=1)
        if day.month != month_number:
            return date(year_number, month_number, 1)  # no open day at all: the 1st
    return day


def due_periods(calendar: ServiceCalendar, today: date) -> list[Period]:
    """The evaluations due as of `today`: last month's, and last year's (from their
    month's first working day on)."""
    due = []
    if today >= first_working_day(calendar, today.year, today.month):
        last_month = today.replace(day=1) - timedelta(days=1)
        due.append(month(last_month.year, last_month.month))
    if today >= first_working_day(calendar, today.year, 1):
        due.append(year(today.year - 1))
    return due


class Mailer(Protocol):
    def send(self, message: EmailMessage) -> None: ...


class SmtpMailer:
    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings

    def send(self, message: EmailMessage) -> None:
        s = self.settings
        assert s.host is not None
        smtp_class = smtplib.SMTP_SSL if s.ssl else smtplib.SMTP
        with smtp_class(s.host, s.port, timeout=s.timeout_seconds) as smtp:
            if s.starttls and not s.ssl:
                smtp.starttls()
            if s.username:
                password = s.password.get_secret_value() if s.password else ""
                smtp.login(s.username, password)
            smtp.send_message(message)


ATTACHMENTS = (
    ("pdf", "application", "pdf"),
    ("xlsx", "application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("json", "application", "json"),
    ("csv", "text", "csv"),
    ("html", "text", "html"),
)
FORMATS = tuple(extension for extension, _, _ in ATTACHMENTS)
DEFAULT_FORMATS = ("pdf", "xlsx", "json")
EMAIL = re.compile(r"^[^@\s,;<>]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
MAX_RECIPIENTS = 20


@dataclass(frozen=True)
class Schedule:
    """Who receives an office's evaluations, which ones, and in which formats."""

    office_id: str
    recipients: tuple[str, ...] = ()
    monthly: bool = True
    yearly: bool = True
    formats: tuple[str, ...] = DEFAULT_FORMATS
    changed_by: str | None = None  # None: the settings' default, never edited
    changed_at: str | None = None

    def due(self, periods: list[Period]) -> list[Period]:
        wanted = {"month": self.monthly, "year": self.yearly}
        return [period for period in periods if wanted.get(period.kind, True)]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def checked_schedule(
    office_id: str, recipients: list[str], monthly: bool, yearly: bool, formats: list[str]
) -> Schedule:
    """A schedule from a form, or a RuleViolation naming the field and why."""
    given = [address.strip() for address in recipients if address.strip()]
    if len(given) > MAX_RECIPIENTS:
        raise RuleViolation("recipients", f"paling banyak {MAX_RECIPIENTS} penerima / at most")
    for address in given:
        if len(address) > 254 or not EMAIL.match(address):
            raise RuleViolation(
                "recipients", f"bukan alamat e-mail: {address[:60]} / not an e-mail"
            )
    unknown = [name for name in formats if name not in FORMATS]
    if unknown:
        raise RuleViolation("formats", f"format: {', '.join(FORMATS)} / one of")
    if given and not formats:
        raise RuleViolation("formats", "pilih setidaknya satu format / choose a format")
    chosen = tuple(name for name in FORMATS if name in formats)  # the catalogue's order
    unique = tuple(dict.fromkeys(given))
    return Schedule(office_id, unique, monthly, yearly, chosen)


class Schedules:
    """The offices' delivery schedules: stored ones (edited by a supervisor) over the
    settings' default."""

    def __init__(self, reporting: LiveReporting) -> None:
        self.reporting = reporting

    def default(self, office_id: str) -> Schedule:
        managers = self.reporting.settings.managers.get(office_id, [])
        return Schedule(office_id, tuple(managers))

    def of(self, office_id: str, *, may_act_for: OfficeCheck = anyone) -> Schedule:
        ensure_office(may_act_for, office_id)
        stored = self.reporting.store.delivery_schedules().get(office_id)
        if stored is None:
            return self.default(office_id)
        values = orjson.loads(stored["schedule"])
        return Schedule(
            office_id,
            tuple(values.get("recipients", ())),
            bool(values.get("monthly", True)),
            bool(values.get("yearly", True)),
            tuple(values.get("formats", DEFAULT_FORMATS)),
            stored["changed_by"],
            stored["changed_at"],
        )

    def offices(self, default_office: str) -> list[str]:
        """The offices evaluated: the settings' (else the hub's own), and every office
        a supervisor scheduled."""
        listed = self.reporting.settings.delivery_offices or [default_office]
        stored = sorted(self.reporting.store.delivery_schedules())
        return list(dict.fromkeys([*listed, *stored]))

    def save(self, schedule: Schedule, by: str, *, may_act_for: OfficeCheck = anyone) -> Schedule:
        ensure_office(may_act_for, schedule.office_id)
        self.reporting.office(schedule.office_id)  # a known office
        values = {
            "recipients": list(schedule.recipients),
            "monthly": schedule.monthly,
            "yearly": schedule.yearly,
            "formats": list(schedule.formats),
        }
        self.reporting.store.set_delivery_schedule(
            schedule.office_id, orjson.dumps(values).decode(), by
        )
        return self.of(schedule.office_id)


def evaluation_message(
    report: dict[str, Any],
    sender: str,
    recipients: list[str],
    document: Document | None = None,
    formats: tuple[str, ...] = DEFAULT_FORMATS,
) -> EmailMessage:
    """The e-mail to the service managers, in Bahasa Indonesia, with the report attached."""
    office, label = report["office_name"], report["period_label"]
    message = EmailMessage()
    message["Subject"] = f"Evaluasi kinerja pelayanan PST {office} — {period_text(report)}"
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    offline, online, ikm = report["offline"], report["online"], report["ikm"]
    message.set_content(
        f"Yth. Penanggung Jawab Pelayanan {office},\n\n"
        f"terlampir evaluasi kinerja pelayanan konsultasi statistik periode "
        f"{period_text(report)}.\n\n"
        f"- Kunjungan langsung: {offline['visits']}, dilayani {offline['served']}, "
        f"sesuai standar {offline['compliance_pct']}%\n"
        f"- Permintaan daring: {online['requests']}, dilayani {online['served']}, "
        f"sesuai standar {online['compliance_pct']}%\n"
        f"- IKM: {ikm['score']} ({ikm['category']}), {ikm['responses']} responden\n"
        f"- Pengaduan: {report['complaints']['filed']} diajukan, "
        f"{report['complaints']['open']} masih terbuka\n\n"
        f"Dihitung dari {report['provenance']['events']} event "
        f"(sha256 {report['provenance']['events_digest']['sha256']}).\n\n"
        "Pesan ini dikirim otomatis oleh PST Hub.\n"
    )
    base = f"evaluasi-{report['office_id']}-{label}"
    for extension, maintype, subtype in ATTACHMENTS:
        if extension not in formats:
            continue
        message.add_attachment(
            render(report, extension, document),
            maintype=maintype,
            subtype=subtype,
            filename=f"{base}.{extension}",
        )
    return message


@dataclass
class Delivered:
    office_id: str
    label: str
    generated: bool  # stored by this run (False: it was there already)
    sent_to: list[str] = field(default_factory=list)
    error: str | None = None  # why sending failed (retried by the next run)

    def to_json(self) -> dict[str, Any]:
        return {
            "office_id": self.office_id,
            "period": self.label,
            "generated": self.generated,
            "sent_to": self.sent_to,
            "error": self.error,
        }


class Delivery:
    def __init__(
        self,
        reporting: LiveReporting,
        smtp: SmtpSettings,
        default_office: str,
        mailer: Mailer | None = None,
    ) -> None:
        self.reporting, self.smtp, self.default_office = reporting, smtp, default_office
        self.mailer = mailer or (SmtpMailer(smtp) if smtp.configured else None)
        self.schedules = Schedules(reporting)

    def offices(self) -> list[str]:
        return self.schedules.offices(self.default_office)

    def run(self) -> list[Delivered]:
        done = []
        for office_id in self.offices():
            calendar = self.reporting.calendar(office_id)
            today = calendar.local_date(self.reporting.now())
            schedule = self.schedules.of(office_id)
            due = schedule.due(due_periods(calendar, today))
            done += [self.deliver(office_id, period, schedule) for period in due]
        return done

    def deliver(
        self, office_id: str, period: Period, schedule: Schedule | None = None
    ) -> Delivered:
        store, label = self.reporting.store, period.label
        generated = False
        if store.stored_evaluation(office_id, label) is None:
            report = self.reporting.report(office_id, period, "xlsx")  # with the visit rows
            generated = store.store_evaluation(office_id, label, orjson.dumps(report).decode())
        stored = store.stored_evaluation(office_id, label)
        assert stored is not None
        delivered = Delivered(office_id, label, generated)
        schedule = schedule or self.schedules.of(office_id)
        recipients = list(schedule.recipients)
        if self.mailer is not None and recipients and stored["sent_at"] is None:
            report = orjson.loads(stored["report"])
            try:
                document = self.reporting.document(office_id)
                message = evaluation_message(
                    report, self.smtp.sender, recipients, document, schedule.formats
                )
                self.mailer.send(message)
            except (smtplib.SMTPException, OSError) as exc:
                log.error("evaluation %s of %s not sent: %s", label, office_id, exc)
                delivered.error = f"{type(exc).__name__}: {exc}"
                return delivered
            store.mark_sent(office_id, label, ", ".join(recipients))
            delivered.sent_to = recipients
        return delivered
