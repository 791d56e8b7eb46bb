"""The SMTP adapter against a real aiosmtpd server that demands STARTTLS and AUTH, checking
the message as a mail client receives it (threading headers, stable Message-ID)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from infra.delivery.ports import Parcel, RetryLater
from infra.delivery.smtp import SmtpAdapter, SmtpServer
from tests.fakes.mailbox import Mailbox, self_signed

LOGIN = ("pst3572@bps.go.id", "rahasia-smtp")
PARCEL = Parcel(
    message_id="1c4cf10d-95af-561b-86bd-47825f188d94",
    channel="email",
    recipient="rina.wulandari@example.com",
    text="Data kemiskinan Kota Blitar 2020-2025 terlampir.",
    subject="Permintaan data kemiskinan",
    account="pst3572@bps.go.id",
    reply_to="CAF8x2Yq=rina.20260317091200@mail.example.com",
    references=("first.20260316@mail.example.com",),
)


@pytest.fixture
def secured(tmp_path: Path) -> Iterator[tuple[Mailbox, Path]]:
    cert, key = self_signed(tmp_path)
    box = Mailbox(tls=(cert, key), login=LOGIN).start()
    yield box, cert
    box.stop()


def server(box: Mailbox, cert: Path, **changes: object) -> SmtpServer:
    values: dict[str, object] = {
        "host": "127.0.0.1",
        "port": box.port,
        "username": LOGIN[0],
        "password": LOGIN[1],
        "starttls": True,
        "ca_file": str(cert),
        "sender": "pst3572@bps.go.id",
        "timeout_seconds": 10.0,
    }
    return SmtpServer(**{**values, **changes})  # type: ignore[arg-type]


def test_an_answer_is_submitted_over_starttls_with_auth_in_the_visitors_thread(
    secured: tuple[Mailbox, Path],
) -> None:
    box, cert = secured
    sent = SmtpAdapter(server(box, cert)).send(PARCEL)
    [(recipients, mail)] = box.messages
    assert box.logins == [LOGIN[0]] and recipients == [PARCEL.recipient]
    assert mail["Subject"] == "Re: Permintaan data kemiskinan"
    assert mail["In-Reply-To"] == f"<{PARCEL.reply_to}>"
    assert mail["References"] == f"<first.20260316@mail.example.com> <{PARCEL.reply_to}>"
    assert mail["Message-ID"] == f"<{PARCEL.message_id}@bps.go.id>" == f"<{sent.provider_id}>"
    assert mail.get_content().strip() == PARCEL.text


def test_a_resend_carries_the_same_message_id(secured: tuple[Mailbox, Path]) -> None:
    box, cert = secured
    adapter = SmtpAdapter(server(box, cert))
    adapter.send(PARCEL)
    adapter.send(PARCEL)
    first, second = (mail["Message-ID"] for _, mail in box.messages)
    assert first == second  # a mail client shows one message


def test_an_unverified_certificate_is_not_trusted(secured: tuple[Mailbox, Path]) -> None:
    box, cert = secured
    with pytest.raises(RetryLater):
        SmtpAdapter(server(box, cert, ca_file=None)).send(PARCEL)
    assert box.messages == []


def test_a_server_that_does_not_answer_is_retried_later() -> None:
    from tests.fakes.mailbox import free_port

    closed = SmtpServer(host="127.0.0.1", port=free_port(), timeout_seconds=2.0)
    with pytest.raises(RetryLater, match="unreachable"):
        SmtpAdapter(closed).send(PARCEL)
