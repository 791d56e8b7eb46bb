"""Outbound delivery: an outbox of messages to people, sent after they are recorded.

`message.py` is the outbox record (an aggregate in the sending service's own store),
`ports.py` the small port every channel adapter implements, `outbox.py` the mechanics
(record, claim, send, retry with capped exponential backoff, set aside), `whatsapp.py`
and `smtp.py` the adapters. See docs/adr/0004-outbox-for-outbound-messages.md.
"""
