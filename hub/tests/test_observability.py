"""The redaction filter and the JSON lines, on a real logging handler."""

from __future__ import annotations

import io
import json
import logging
import secrets
import subprocess
import sys
import uuid
from collections.abc import Iterator

import pytest
from pythonjsonlogger.json import JsonFormatter

from hub.observability import REDACTED, RedactionFilter, redact


@pytest.fixture
def captured() -> Iterator[tuple[logging.Logger, io.StringIO]]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactionFilter())
    handler.setFormatter(JsonFormatter("{levelname}{name}{message}{request_id}", style="{"))
    logger = logging.getLogger(f"test.redaction.{uuid.uuid4().hex}")
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.INFO)
    yield logger, stream
    logger.removeHandler(handler)


def test_tokens_secrets_and_personal_data_never_reach_the_log(captured) -> None:
    logger, stream = captured
    staff = "pst_" + secrets.token_urlsafe(24)
    survey = secrets.token_urlsafe(32)
    logger.info("GET /survei/%s from %s", survey, "Authorization: Bearer " + staff)
    logger.warning("connect postgresql://hub:s3cr3t-pw@db:5432/pst failed")
    logger.info(
        "visitor %s nik %s mail %s phone %s",
        "x",
        "3572011203900001",
        "siti@example.id",
        "081234567890",
    )
    logger.info("config cipher_key=%s password: hunter22", "QUJDREVGR0hJSktMTU5PUA==")
    try:
        raise ValueError(f"bad link {survey}")
    except ValueError:
        logger.exception("failed")
    logger.info("tagged", extra={"link": f"/status/{survey}"})
    text = stream.getvalue()
    for secret in (
        staff,
        survey,
        "s3cr3t-pw",
        "3572011203900001",
        "siti@example.id",
        "081234567890",
        "QUJDREVGR0hJSktMTU5PUA==",
        "hunter22",
    ):
        assert secret not in text
    assert text.count(REDACTED) >= 9
    assert all("request_id" in json.loads(line) for line in text.splitlines())


def test_visit_ids_and_ordinary_words_stay_readable() -> None:
    visit = str(uuid.uuid4())
    line = f"visit {visit} called to desk 3 by officer petugas-ani in 4.2 ms"
    assert redact(line) == line


def test_warnings_and_uncaught_thread_errors_are_json_lines_too() -> None:
    """A process's stderr holds nothing but JSON lines, even for what escapes the code."""
    script = (
        "import threading, warnings\n"
        "from hub.observability import configure_logging\n"
        "configure_logging('json', 'INFO', 'api')\n"
        "warnings.warn('an old call')\n"
        "def fail():\n"
        "    raise RuntimeError('boom in a thread')\n"
        "t = threading.Thread(target=fail)\n"
        "t.start(); t.join()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    records = [json.loads(line) for line in done.stderr.splitlines() if line.strip()]
    loggers = {record["logger"] for record in records}
    assert {"py.warnings", "hub.uncaught"} <= loggers, done.stderr
    assert any("boom in a thread" in record.get("exc_info", "") for record in records)
