"""The SurveyLink aggregate: the lookup from a link's token hash to its survey.

The token itself (`secrets.token_urlsafe(32)`, 256 random bits) is never stored: only
its SHA-256 hash, as this aggregate's id seed and in the survey's `LinkIssued` record.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from standard.aggregate import OfficeAggregate

LINK_NAMESPACE = uuid5(NAMESPACE_URL, "urn:pst-hub:feedback:survey-link")


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class SurveyLink(OfficeAggregate):
    class Issued(OfficeAggregate.Created):
        token_hash: str
        survey_id: UUID

    @staticmethod
    def create_id(token_hash: str) -> UUID:
        return uuid5(LINK_NAMESPACE, token_hash)

    @classmethod
    def id_for_token(cls, token: str) -> UUID:
        return cls.create_id(token_hash(token))

    @event(Issued)
    def __init__(
        self, office_id: str, occurred_at: datetime, token_hash: str, survey_id: UUID
    ) -> None:
        self.office_id = office_id
        self.token_hash = token_hash
        self.survey_id = survey_id
