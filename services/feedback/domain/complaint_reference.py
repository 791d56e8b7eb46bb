"""Readable complaint references, `PGD-<office>-<year>-<seq>`, and the status code.

A reference is allocated by the application: the next number of the office and year
(from the complaint book), recorded as a `ComplaintReference` aggregate whose id derives
from the reference text. The slot is saved in the same transaction as the complaint, so
two requests that pick the same number collide on the event store's unique constraint;
the loser catches up and takes the next one. The slots' events are the audit trail of
the numbering: which complaint got which number, and when.

The reference alone is not enough to read a complaint's status (references are
sequential, so guessable): the complainant also gets a short random status code, of
which only the SHA-256 hash is recorded.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from standard.aggregate import OfficeAggregate

REFERENCE_NAMESPACE = uuid5(NAMESPACE_URL, "urn:pst-hub:feedback:complaint-reference")
REFERENCE = re.compile(r"^PGD-(\d{4})-(\d{4})-(\d{4,})$")
# No 0/O, 1/I/L: a code read out over the phone or copied from paper survives.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8  # 31**8 ~ 8.5e11 codes, and the public lookup is rate limited


def format_reference(office_id: str, year: int, sequence: int) -> str:
    return f"PGD-{office_id}-{year}-{sequence:04d}"


def parse_reference(text: str) -> tuple[str, int, int] | None:
    found = REFERENCE.match(text.strip().upper())
    return (found[1], int(found[2]), int(found[3])) if found else None


def new_status_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def normal_code(code: str) -> str:
    return re.sub(r"[\s-]", "", code).upper()


def code_hash(code: str) -> str:
    return hashlib.sha256(normal_code(code).encode()).hexdigest()


def code_matches(code: str, recorded_hash: str | None) -> bool:
    return recorded_hash is not None and hmac.compare_digest(code_hash(code), recorded_hash)


class ComplaintReference(OfficeAggregate):
    """One allocated reference number and the complaint that holds it."""

    class Allocated(OfficeAggregate.Created):
        reference: str
        year: int
        sequence: int
        complaint_id: UUID

    @staticmethod
    def create_id(reference: str) -> UUID:
        return uuid5(REFERENCE_NAMESPACE, reference.upper())

    @event(Allocated)
    def __init__(
        self,
        office_id: str,
        occurred_at: datetime,
        reference: str,
        year: int,
        sequence: int,
        complaint_id: UUID,
    ) -> None:
        self.office_id = office_id
        self.reference = reference
        self.year = year
        self.sequence = sequence
        self.complaint_id = complaint_id
        self.allocated_at = occurred_at
