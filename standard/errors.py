"""Errors a domain raises when a rule is broken; the web layer maps them to HTTP in one place.

Every error names the `field` at fault and the `reason`, in words a caller can act on, and
a `kind` (what went wrong, never how a protocol says it: `infra.errors` maps kinds to
status codes and finds where the field was sent).
"""

from __future__ import annotations

from collections.abc import Callable

OfficeCheck = Callable[[str], bool]


def anyone(_office_id: str) -> bool:
    """The office check of a trusted caller (a reaction, a script, a test)."""
    return True


class RuleViolation(ValueError):
    """Input that breaks a rule of the standard or of an aggregate."""

    kind = "rule_violation"

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class Conflict(RuleViolation):
    """A command that does not fit the current state: twice, or out of order."""

    kind = "conflict"


class NotFound(RuleViolation):
    """The thing named by `field` does not exist (or is not the caller's to see)."""

    kind = "not_found"


class Gone(RuleViolation):
    """The thing existed but its time is over."""

    kind = "gone"


class NotPermitted(RuleViolation):
    """The caller may not act for the office named by `field`."""

    kind = "forbidden"


def ensure_office(may_act_for: OfficeCheck, office_id: str, field: str = "office_id") -> None:
    """Refuses an act for an office the caller does not serve, naming the field."""
    if not may_act_for(office_id):
        raise NotPermitted(field, f"tidak berwenang untuk kantor {office_id} / not your office")
