"""The outbox mechanics: record first, send after, retry with capped backoff, never twice.

`Outbox.record` saves an `OutboundMessage` under an id derived from a stable key: the
same key recorded again collides and nothing new is sent. `Deliverer` follows the
store's notification log for recorded messages and sends each one due:

1. it records `AttemptStarted` (optimistic concurrency: of two processes, one wins),
2. calls the channel's adapter,
3. records `Sent` (with the channel's id, and a `ProviderRef` for status webhooks),
   `AttemptFailed` (retry at min(cap, base x 2^(attempt-1)), or when the channel said)
   or `SetAside` (permanent failure, or too many attempts: an ALERT log line).

A process killed before step 1 or 2 leaves the message pending: the next deliverer
sends it once. Killed during step 2, the attempt stays "sending"; after the in-flight
grace it is attempted again under the same stable id (the e-mail's Message-ID, the
WhatsApp `biz_opaque_callback_data` that the channel's status webhook echoes, which
marks the message sent without a resend when it arrives first).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError
from eventsourcing.utils import get_topic

from infra.delivery.message import OutboundMessage, ProviderRef, outbound_id, provider_ref_id
from infra.delivery.ports import Adapter, RetryLater, Sent, Undeliverable
from infra.follower import LogFollower

log = logging.getLogger(__name__)

RECORDED_TOPIC = get_topic(OutboundMessage.Recorded)  # type: ignore[attr-defined]
PULLED_CHANNELS = frozenset({"halopst"})  # fetched by the channel itself, never pushed


def now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class RetryPolicy:
    base_seconds: float = 5.0
    cap_seconds: float = 900.0
    max_attempts: int = 8
    in_flight_grace_seconds: float = 120.0

    def delay(self, attempts: int, hint: float | None = None) -> timedelta:
        backoff = min(self.cap_seconds, self.base_seconds * 2 ** max(0, attempts - 1))
        return timedelta(seconds=max(backoff, min(hint or 0.0, self.cap_seconds)))


class Outbox:
    """Recording outbound messages and what their channels report about them."""

    def __init__(self, app: Application[Any]) -> None:
        self.app = app

    def prepare(self, key: str, **fields: Any) -> OutboundMessage | None:
        """A new outbox record for `key` (to save with the caller's other changes), or
        None when one exists already."""
        message_id = outbound_id(key)
        if self.find(message_id) is not None:
            return None
        fields.setdefault("occurred_at", now())
        return OutboundMessage(id=message_id, **fields)

    def record(self, key: str, **fields: Any) -> UUID:
        message = self.prepare(key, **fields)
        if message is not None:
            with suppress(IntegrityError):  # recorded concurrently under the key: one message
                self.app.save(message)
        return outbound_id(key)

    def find(self, message_id: UUID) -> OutboundMessage | None:
        found: Any
        try:
            found = self.app.repository.get(message_id)
        except AggregateNotFoundError:
            return None
        return found if isinstance(found, OutboundMessage) else None

    def by_provider_id(self, channel: str, provider_id: str) -> OutboundMessage | None:
        ref: Any
        try:
            ref = self.app.repository.get(provider_ref_id(channel, provider_id))
        except AggregateNotFoundError:
            return None
        return self.find(ref.message_id) if isinstance(ref, ProviderRef) else None

    def mark_sent(self, message: OutboundMessage, sent: Sent, at: datetime | None = None) -> None:
        """Record a hand-over (and the channel's id, for its status reports)."""
        at = sent.at or at or now()
        message.mark_sent(
            provider_id=sent.provider_id,
            mode=message.mode or message.mode_at(at),
            occurred_at=at,
            channel=message.channel,
            purpose=message.purpose,
            visit_id=message.visit_id,
            author=message.author,
        )
        ref = ProviderRef(
            id=provider_ref_id(message.channel, sent.provider_id),
            office_id=message.office_id,
            occurred_at=at,
            message_id=message.id,
        )
        self.app.save(message, ref)

    def report_status(
        self,
        message: OutboundMessage,
        status: str,
        at: datetime,
        reason: str | None = None,
        reengage: bool = False,
    ) -> bool:
        """A channel's status report; a re-engagement failure reopens it as a template."""
        changed = message.report_status(status, at, reason)
        if status == "failed" and reengage and not message.force_template:
            message.reopen_as_template(reason=reason or "re-engagement", occurred_at=at)
            changed = True
        if changed:
            self.app.save(message)
        return changed

    def recorded(self, after: int = 0, limit: int = 500) -> list[tuple[int, UUID]]:
        """(position, id) of the messages recorded after `after` in the store's log."""
        follower = LogFollower(self.app, limit, topics=(RECORDED_TOPIC,))
        return [(position, event.originator_id) for position, event in follower.page(after)]


class Deliverer:
    """Sends what the outbox holds, due first; one per sending service and process."""

    def __init__(
        self,
        app: Application[Any],
        adapters: Mapping[str, Adapter],
        policy: RetryPolicy | None = None,
        clock: Callable[[], datetime] = now,
        interval_seconds: float = 1.0,
    ) -> None:
        self.outbox = Outbox(app)
        self.adapters = dict(adapters)
        self.policy = policy or RetryPolicy()
        self.clock = clock
        self.interval = interval_seconds
        self.position = 0
        self.due: dict[UUID, datetime] = {}

    def run_forever(self, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                self.run_once()
            except Exception:  # a store that does not answer: try again next round
                log.exception("outbound delivery round failed; retrying")
            stop.wait(self.interval)

    def run_until_settled(self, rounds: int = 20) -> int:
        """Rounds until nothing is due now (tests, one-shots); the attempts made."""
        total = 0
        for _ in range(rounds):
            made = self.run_once()
            total += made
            if not made:
                break
        return total

    def run_once(self) -> int:
        self._discover()
        at = self.clock()
        attempts = 0
        for message_id, due in sorted(self.due.items(), key=lambda item: item[1]):
            if due <= at:
                attempts += self._attempt(message_id, at)
        return attempts

    def _discover(self) -> None:
        while page := self.outbox.recorded(self.position):
            for position, message_id in page:
                self.due.setdefault(message_id, datetime.min.replace(tzinfo=UTC))
                self.position = position

    def _attempt(self, message_id: UUID, at: datetime) -> int:
        message = self.outbox.find(message_id)
        if message is None or message.settled or message.channel in PULLED_CHANNELS:
            self.due.pop(message_id, None)
            return 0
        wait_until = self._not_before(message)
        adapter = self.adapters.get(message.channel)
        if wait_until > at or adapter is None:
            self.due[message_id] = wait_until if adapter else at + timedelta(seconds=60)
            return 0
        mode = message.mode_at(at)
        message.start_attempt(mode=mode, occurred_at=at)
        try:
            self.outbox.app.save(message)
        except IntegrityError:  # another process claimed this attempt
            self.due[message_id] = at + timedelta(seconds=self.policy.in_flight_grace_seconds)
            return 0
        self._send(adapter, message, mode, at)
        return 1

    def _not_before(self, message: OutboundMessage) -> datetime:
        if message.status == "sending" and message.attempt_at is not None:
            return message.attempt_at + timedelta(seconds=self.policy.in_flight_grace_seconds)
        return message.due_at

    def _send(self, adapter: Adapter, message: OutboundMessage, mode: str, at: datetime) -> None:
        try:
            sent = adapter.send(message.parcel(mode))
        except Undeliverable as exc:
            self._set_aside(message, exc.reason)
        except RetryLater as exc:
            self._retry(message, exc.reason, exc.after_seconds, exc.template)
        except Exception as exc:  # the adapter's own failure: transient until proven not
            self._retry(message, f"{type(exc).__name__}: {exc}", None, False)
        else:
            self.outbox.mark_sent(message, sent, self.clock())
            self.due.pop(message.id, None)

    def _retry(
        self, message: OutboundMessage, reason: str, after: float | None, template: bool
    ) -> None:
        if message.attempts >= self.policy.max_attempts:
            self._set_aside(message, f"{message.attempts} attempts failed; last: {reason}")
            return
        retry_at = self.clock() + (
            timedelta(0) if template else self.policy.delay(message.attempts, after)
        )
        message.fail_attempt(
            reason=reason, retry_at=retry_at, template=template, occurred_at=self.clock()
        )
        self.outbox.app.save(message)
        self.due[message.id] = retry_at
        log.warning(
            "outbound %s on %s: attempt %d failed (%s); retry at %s",
            message.id,
            message.channel,
            message.attempts,
            reason,
            retry_at.isoformat(),
        )

    def _set_aside(self, message: OutboundMessage, reason: str) -> None:
        message.set_aside(reason=reason, occurred_at=self.clock())
        self.outbox.app.save(message)
        self.due.pop(message.id, None)
        log.error("ALERT outbound %s on %s set aside: %s", message.id, message.channel, reason)
