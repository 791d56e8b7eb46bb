"""Errors a domain raises when a rule is broken; the hub maps them to HTTP in one place.

Every error names the `field` at fault and the `reason`, in words a caller can act on.
"""

from __future__ import annotations


class RuleViolation(ValueError):
    """Input that breaks a rule of the standard or of an aggregate (HTTP 422)."""

    status_code = 422
    kind = "rule_violation"

    def __init__(self, field: str, reason: str, location: str = "body") -> None:
        """`location` is where the field is: body, query, path or header."""
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason
        self.location = location


class Conflict(RuleViolation):
    """A command that does not fit the current state (HTTP 409): twice, or out of order."""

    status_code = 409
    kind = "conflict"


class NotFound(RuleViolation):
    """The thing named by `field` does not exist (HTTP 404)."""

    status_code = 404
    kind = "not_found"
