"""The integration-event contract shared by every service (../shared/design/EVENTS.md)."""

from events.catalogue import CATALOGUE, IKM_ELEMENTS, OFFLINE_CHANNELS, ONLINE_CHANNELS
from events.codec import InvalidEvent, decode, encode, envelope_from_dict, payload_of
from events.envelope import Envelope
from events.topics import all_topics, message_key, topic_for

__all__ = [
    "CATALOGUE",
    "IKM_ELEMENTS",
    "OFFLINE_CHANNELS",
    "ONLINE_CHANNELS",
    "Envelope",
    "InvalidEvent",
    "all_topics",
    "decode",
    "encode",
    "envelope_from_dict",
    "message_key",
    "payload_of",
    "topic_for",
]
