"""Deterministic aggregate ids: a redelivered command or event lands on the same aggregate."""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

NAMESPACE = uuid5(NAMESPACE_URL, "urn:pst-hub:queue")


def ticket_id_for(visit_id: str) -> UUID:
    """One ticket per visit: the same VisitorArrived twice is one ticket."""
    return uuid5(NAMESPACE, f"ticket:{visit_id}")


def officer_id_for(office_id: str, officer_id: str) -> UUID:
    return uuid5(NAMESPACE, f"officer:{office_id}:{officer_id}")


def roll_id_for(office_id: str, day: str, queue: str) -> UUID:
    return uuid5(NAMESPACE, f"roll:{office_id}:{day}:{queue}")
