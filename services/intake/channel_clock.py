"""Channel timestamps checked against the receipt time.

A channel's own timestamp is when the visitor sent the message, and is used as the
arrival time, but only when it is plausible: no older than the channel's redelivery
window (WhatsApp retries a webhook for up to 7 days; mail servers queue up to 5 days)
and not in the future (beyond a small clock skew). Otherwise the message is recorded at
the receipt time and flagged, never refused: a refused webhook is redelivered forever.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

DEFAULT_REDELIVERY_HOURS: Mapping[str, float] = {"whatsapp": 168.0, "email": 120.0, "halopst": 24.0}
FUTURE_SKEW = timedelta(minutes=5)


def trusted_time(
    channel: str,
    stamp: datetime | None,
    received: datetime,
    windows: Mapping[str, float] = DEFAULT_REDELIVERY_HOURS,
) -> tuple[datetime, str | None]:
    """(the arrival time to record, the flag: None, "stale" or "future")."""
    if stamp is None:
        return received, None
    if stamp > received + FUTURE_SKEW:
        return received, "future"
    hours = windows.get(channel)
    if hours is not None and received - stamp > timedelta(hours=hours):
        return received, "stale"
    return stamp, None
