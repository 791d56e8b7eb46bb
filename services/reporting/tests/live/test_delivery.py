"""Scheduled delivery: the previous month's and year's evaluation, stored once, e-mailed
to the service managers through a real (local) SMTP server."""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from datetime import date
from email.message import EmailMessage
from email.policy import default
from typing import Any

import orjson
import pytest
from aiosmtpd.controller import Controller

from events import envelope_from_dict
from services.reporting.delivery import Delivery, due_periods, first_working_day
from services.reporting.settings import ReportingSettings, SmtpSettings
from services.reporting.tests.live.support import (
    OFFICE,
    deliveries,
    generated_days,
    make_reporting,
    wib,
)
from standard.calendar import ServiceCalendar
from standard.office import BLITAR

CALENDAR = ServiceCalendar(BLITAR)
MANAGERS = ReportingSettings(managers={OFFICE: ["kepala@bps.go.id", "kasubbag@bps.go.id"]})


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(
            (envelope.rcpt_tos, email.message_from_bytes(envelope.content, policy=default))
        )
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, SmtpSettings]]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield inbox, SmtpSettings(host="127.0.0.1", port=controller.port, starttls=False)
    finally:
        controller.stop()


def april_first(settings: ReportingSettings = MANAGERS):
    """The hub on Wednesday 1 April 2026, the first working day of April, with March's history."""
    reporting = make_reporting(wib(1, 7, month=4), settings)
    history = generated_days([date(2026, 3, 2), date(2026, 3, 3)])
    reporting.projection.handle_batch(deliveries(envelope_from_dict(item) for item in history))
    return reporting


def test_the_first_working_day_skips_holidays_and_weekends():
    assert first_working_day(CALENDAR, 2026, 5) == date(2026, 5, 4)  # 1 May is Labour Day
    assert first_working_day(CALENDAR, 2026, 3) == date(2026, 3, 2)


def test_last_month_is_due_from_the_first_working_day_on():
    assert [p.label for p in due_periods(CALENDAR, date(2026, 5, 1))] == ["2025"]
    assert [p.label for p in due_periods(CALENDAR, date(2026, 5, 4))] == ["2026-04", "2025"]
    assert [p.label for p in due_periods(CALENDAR, date(2026, 5, 20))] == ["2026-04", "2025"]


def test_last_year_is_due_from_the_first_working_day_of_january():
    assert [p.label for p in due_periods(CALENDAR, date(2027, 1, 1))] == []
    assert [p.label for p in due_periods(CALENDAR, date(2027, 1, 4))] == ["2026-12", "2026"]


def test_an_evaluation_is_generated_and_stored_once_per_period():
    reporting = april_first(ReportingSettings())
    first = Delivery(reporting, SmtpSettings(), OFFICE).run()
    again = Delivery(reporting, SmtpSettings(), OFFICE).run()
    assert [(d.label, d.generated) for d in first] == [("2026-03", True), ("2025", True)]
    assert [(d.label, d.generated) for d in again] == [("2026-03", False), ("2025", False)]
    stored = reporting.store.evaluations(OFFICE)
    assert [row["label"] for row in stored] == ["2025", "2026-03"]


def test_the_stored_evaluation_is_the_report_of_the_period():
    reporting = april_first(ReportingSettings())
    Delivery(reporting, SmtpSettings(), OFFICE).run()
    stored = reporting.store.stored_evaluation(OFFICE, "2026-03")
    assert stored is not None
    live = reporting.report(OFFICE, due_periods(CALENDAR, date(2026, 4, 1))[0], "xlsx")
    assert orjson.loads(stored["report"])["offline"] == live["offline"]


def test_the_managers_receive_the_evaluation_by_email(smtp: tuple[Inbox, SmtpSettings]):
    inbox, settings = smtp
    done = Delivery(april_first(), settings, OFFICE).run()
    assert [d.sent_to for d in done] == [MANAGERS.managers[OFFICE]] * 2
    recipients, message = inbox.messages[0]
    assert recipients == ["kepala@bps.go.id", "kasubbag@bps.go.id"]
    assert "Evaluasi kinerja pelayanan PST BPS Kota Blitar" in message["Subject"]
    attachments = {part.get_filename(): part for part in message.iter_attachments()}
    assert set(attachments) == {
        "evaluasi-3572-2026-03.pdf",
        "evaluasi-3572-2026-03.xlsx",
        "evaluasi-3572-2026-03.json",
    }
    pdf = attachments["evaluasi-3572-2026-03.pdf"].get_content()
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF")


def test_an_evaluation_is_emailed_once(smtp: tuple[Inbox, SmtpSettings]):
    inbox, settings = smtp
    reporting = april_first()
    Delivery(reporting, settings, OFFICE).run()
    again = Delivery(reporting, settings, OFFICE).run()
    assert [d.sent_to for d in again] == [[], []]
    assert len(inbox.messages) == 2  # March and 2025, once each


def test_a_failed_sending_is_retried_by_the_next_run(smtp: tuple[Inbox, SmtpSettings]):
    inbox, settings = smtp
    reporting = april_first()
    unreachable = settings.model_copy(update={"port": free_port()})
    failed = Delivery(reporting, unreachable, OFFICE).run()
    assert all(d.error for d in failed) and not inbox.messages
    retried = Delivery(reporting, settings, OFFICE).run()
    assert [d.error for d in retried] == [None, None] and len(inbox.messages) == 2


def test_the_stored_evaluations_are_listed_with_their_provenance():
    reporting = april_first(ReportingSettings())
    Delivery(reporting, SmtpSettings(), OFFICE).run()
    listed = {row["label"]: row for row in reporting.evaluations(OFFICE)}
    march = orjson.loads(reporting.store.stored_evaluation(OFFICE, "2026-03")["report"])
    assert listed["2026-03"]["events_digest"] == march["provenance"]["events_digest"]["sha256"]
    assert listed["2026-03"]["events"] == march["provenance"]["events"] > 0
    # generated on 1 April 07:00: March had ended, so the evaluation is complete
    assert listed["2026-03"]["as_of"] == "2026-04-01T07:00:00+07:00"
    assert listed["2026-03"]["complete"] is True
