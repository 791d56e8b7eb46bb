"""Which partition a message key goes to: Kafka's default (murmur2), or the legacy CRC-32.

`murmur2` is the 32-bit hash of the Kafka Java client's `Utils.murmur2` (seed 0x9747b28c),
and `kafka_partition` its `toPositive(murmur2(key)) % partitions`: what the Java client's
default partitioner and librdkafka's `murmur2_random` choose for a non-null key, so any
producer agrees with the relays on where a visit's events live. CRC-32 was this project's
hash before (docs/adr/0002); topics filled with it migrate as docs/adr/0006 describes.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from functools import lru_cache
from typing import Literal

Partitioner = Literal["murmur2", "crc32"]

_M = 0x5BD1E995
_SEED = 0x9747B28C
_MASK = 0xFFFFFFFF
_words = struct.Struct("<I").iter_unpack


def murmur2(data: bytes) -> int:
    """Kafka's murmur2 of `data`, as the signed 32-bit int the Java client returns."""
    length = len(data)
    h = _SEED ^ length
    whole = length & ~3
    for (k,) in _words(data[:whole]):
        k = (k * _M) & _MASK
        k ^= k >> 24
        h = ((h * _M) & _MASK) ^ ((k * _M) & _MASK)
    tail = length & 3
    if tail == 3:
        h ^= data[whole + 2] << 16
    if tail >= 2:
        h ^= data[whole + 1] << 8
    if tail >= 1:
        h = ((h ^ data[whole]) * _M) & _MASK
    h ^= h >> 13
    h = (h * _M) & _MASK
    h ^= h >> 15
    return h - 0x1_0000_0000 if h & 0x8000_0000 else h


@lru_cache(maxsize=65_536)
def kafka_partition(key: bytes, partitions: int) -> int:
    """The Java client's default partition of a non-null key (a visit's events share a key:
    the cache pays the hash once per visit)."""
    return (murmur2(key) & 0x7FFFFFFF) % partitions


def crc32_partition(key: bytes, partitions: int) -> int:
    """The legacy choice (topics written before docs/adr/0006)."""
    return zlib.crc32(key) % partitions


def partition_function(name: Partitioner) -> Callable[[bytes, int], int]:
    return crc32_partition if name == "crc32" else kafka_partition
