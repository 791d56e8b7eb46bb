"""The queue's named rule errors (mapped to HTTP by the hub: 422, 409, 404)."""

from __future__ import annotations

from standard.errors import Conflict, NotFound, RuleViolation


class QueueRuleBroken(RuleViolation):
    """Input that breaks a rule of the queue (422)."""


class TicketStateConflict(Conflict):
    """A ticket step that does not fit the ticket's state: twice, too early, too late (409)."""


class OfficerStateConflict(Conflict):
    """An officer step that does not fit the officer's duty (409)."""


class TicketNotFound(NotFound):
    pass


class OfficerNotFound(NotFound):
    pass


class QueueEmpty(NotFound):
    """Nobody is waiting in the chosen queue (404)."""
