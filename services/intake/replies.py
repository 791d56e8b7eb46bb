"""Where replies to online visitors go: a port, and the default that only records them.

WhatsApp replies are Graph API requests and e-mail replies are MIME messages (the
channel adapters build them); sending them needs an access token or a mail relay.
Until one is configured, replies are kept in memory (the latest few hundred, for the
staff console and tests) and counted in the log without any personal data.
"""

from __future__ import annotations

import logging
from collections import deque
from typing import Protocol

from services.intake.channels.base import Reply

log = logging.getLogger(__name__)


class ReplySender(Protocol):
    def send(self, reply: Reply) -> None: ...


class RecordedReplies:
    def __init__(self, limit: int = 500) -> None:
        self.sent: deque[Reply] = deque(maxlen=limit)

    def send(self, reply: Reply) -> None:
        self.sent.append(reply)
        log.info("reply recorded on %s (%d characters)", reply.channel, len(reply.text))
