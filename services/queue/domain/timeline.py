"""World time of a step: explicit times must not go back; the default "now" never does."""

from __future__ import annotations

from datetime import UTC, datetime

from services.queue.domain.errors import QueueRuleBroken


def next_moment(requested: datetime | None, previous: datetime) -> datetime:
    """The instant of the next step of an aggregate whose previous step was at `previous`.

    An explicit time (a channel's timestamp, a test, an import) before the previous step
    is refused; the default, now, is lifted to the previous step so that a clock a few
    seconds behind a channel's timestamp never refuses a live command.
    """
    if requested is None:
        return max(datetime.now(UTC), previous)
    if requested.tzinfo is None or requested.utcoffset() is None:
        raise QueueRuleBroken("occurred_at", "harus memakai offset UTC / must carry a UTC offset")
    if requested < previous:
        raise QueueRuleBroken(
            "occurred_at",
            f"tidak boleh sebelum langkah sebelumnya ({previous.isoformat()}) / "
            "must not precede the previous step",
        )
    return requested
