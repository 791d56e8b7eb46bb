"""What visitors and officers see: queue positions, estimated waits, the standard's clock.

The standard (SERVICE-STANDARD.md): an offline visitor's wait runs in business time from
max(arrival, the previous completion of the officer who serves them); online from the
arrival. For a visitor still waiting, the serving officer is not known yet, so:
- seen by an officer on duty: that officer's own last completion (their clock); none
  runs while the officer holds a ticket (their previous visitor has not finished);
- seen by anyone else: the earliest clock of the officers with free hands (on duty or
  on a break, which does not stop the clock); if all are busy, none runs yet; if nobody
  is on duty, the clock runs from the arrival.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from services.queue.board_entries import CallNotice, OfficerOnBoard, OpenTicket
from services.queue.domain.officer import OFF_DUTY, ON_DUTY
from standard.calendar import ServiceCalendar
from standard.office import OfficeSettings

DEFAULT_SERVICE_MINUTES = 15.0  # until the office has completed consultations to learn from
CALL_NOW_MARGIN_MINUTES = 3.0  # "must be called now" this many business minutes before breach


@dataclass(frozen=True, slots=True)
class StandardClock:
    limit_minutes: float | None  # None: the limit is in working days, not minutes
    started_at: datetime | None  # None: the clock has not started
    waited_minutes: float
    minutes_left: float | None  # negative once breached
    breached: bool
    call_now: bool


@dataclass(frozen=True, slots=True)
class WaitingEntry:
    ticket: OpenTicket
    position: int
    estimated_wait_minutes: float | None  # None: no officer on duty
    standard: StandardClock


@dataclass(frozen=True, slots=True)
class WaitingList:
    office_id: str
    queue: str
    at: datetime
    officers_on_duty: int
    mean_service_minutes: float
    entries: list[WaitingEntry]


@dataclass(frozen=True, slots=True)
class Alert:
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class BoardView:
    office_id: str
    at: datetime
    office_open: bool
    officers_on_duty: int
    alerts: list[Alert]
    waiting: dict[str, int]
    in_service: list[OpenTicket]
    recent_calls: list[CallNotice]
    position: int


def later(first: datetime, second: datetime | None) -> datetime:
    return first if second is None or second <= first else second


def clock_start(
    ticket: OpenTicket, officers: Sequence[OfficerOnBoard], viewer: OfficerOnBoard | None
) -> datetime | None:
    """When the standard's clock started for a waiting ticket (None: not yet)."""
    if ticket.queue == "online":
        return ticket.arrived_at
    if viewer is not None and viewer.status != OFF_DUTY:
        return None if viewer.serving else later(ticket.arrived_at, viewer.last_completed_at)
    present = [o for o in officers if o.status != OFF_DUTY]
    free = [o for o in present if o.serving is None]
    if free:
        return min(later(ticket.arrived_at, o.last_completed_at) for o in free)
    return None if present else ticket.arrived_at


def standard_clock(
    ticket: OpenTicket,
    started_at: datetime | None,
    at: datetime,
    calendar: ServiceCalendar,
    settings: OfficeSettings,
) -> StandardClock:
    limit = settings.wait_limit(ticket.channel)
    limit_minutes = limit.amount if limit.unit == "business_minutes" else None
    waited = 0.0
    if started_at is not None:
        waited = calendar.business_time(started_at, at).total_seconds() / 60
    if limit_minutes is None:
        return StandardClock(None, started_at, round(waited, 1), None, False, False)
    left = limit_minutes - waited
    return StandardClock(
        limit_minutes=limit_minutes,
        started_at=started_at,
        waited_minutes=round(waited, 1),
        minutes_left=round(left, 1),
        breached=waited > limit_minutes,
        call_now=started_at is not None and left <= CALL_NOW_MARGIN_MINUTES,
    )


def estimated_wait(
    position: int, officers: Sequence[OfficerOnBoard], mean_minutes: float
) -> float | None:
    """Visitors ahead first fill the free officers, then every officer on duty in rounds."""
    on_duty = [o for o in officers if o.status == ON_DUTY]
    if not on_duty:
        return None
    free = sum(o.serving is None for o in on_duty)
    remaining = max(0, position - free)
    return round(math.ceil(remaining / len(on_duty)) * mean_minutes, 1)


def waiting_list(
    office_id: str,
    queue: str,
    tickets: Sequence[OpenTicket],
    officers: Sequence[OfficerOnBoard],
    viewer: OfficerOnBoard | None,
    mean_minutes: float | None,
    at: datetime,
    calendar: ServiceCalendar,
    settings: OfficeSettings,
) -> WaitingList:
    mean = mean_minutes if mean_minutes is not None else DEFAULT_SERVICE_MINUTES
    entries = [
        WaitingEntry(
            ticket=ticket,
            position=position,
            estimated_wait_minutes=estimated_wait(position, officers, mean),
            standard=standard_clock(
                ticket, clock_start(ticket, officers, viewer), at, calendar, settings
            ),
        )
        for position, ticket in enumerate(tickets, start=1)
    ]
    on_duty = sum(o.status == ON_DUTY for o in officers)
    return WaitingList(office_id, queue, at, on_duty, round(mean, 1), entries)


def alerts(
    office_open: bool, officers: Sequence[OfficerOnBoard], walk_ins: Sequence[WaitingEntry]
) -> list[Alert]:
    found: list[Alert] = []
    if office_open and not any(o.status == ON_DUTY for o in officers):
        found.append(
            Alert(
                "no_officer_on_duty",
                "Kantor buka tetapi tidak ada petugas yang bertugas / "
                "the office is open but no officer is on duty",
            )
        )
    breached = sum(entry.standard.breached for entry in walk_ins)
    due = sum(entry.standard.call_now and not entry.standard.breached for entry in walk_ins)
    if breached:
        found.append(
            Alert(
                "standard_breached",
                f"{breached} pengunjung menunggu melebihi standar / "
                f"{breached} walk-in(s) waited beyond the standard",
            )
        )
    if due:
        found.append(
            Alert(
                "call_now",
                f"{due} pengunjung harus segera dipanggil / {due} walk-in(s) must be called now",
            )
        )
    return found
