"""Kafka-compatible partitioning: the Java client's murmur2, checked on published vectors."""

from __future__ import annotations

import pytest

from infra.transport.kafka import partition_for
from infra.transport.partitioning import crc32_partition, kafka_partition, murmur2

# Apache Kafka, clients/src/test/java/org/apache/kafka/common/utils/UtilsTest.java,
# testMurmur2: the signed 32-bit values Utils.murmur2 returns.
KAFKA_VECTORS = {
    b"21": -973932308,
    b"foobar": -790332482,
    b"a-little-bit-long-string": -985981536,
    b"a-little-bit-longer-string": -1486304829,
    b"lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8": -58897971,
    b"abc": 479470107,
}


@pytest.mark.parametrize(("key", "expected"), KAFKA_VECTORS.items())
def test_murmur2_is_the_java_clients(key: bytes, expected: int) -> None:
    assert murmur2(key) == expected


@pytest.mark.parametrize("length", range(0, 9))
def test_every_tail_length_agrees_with_kafka_pythons_reference(length: int) -> None:
    from kafka.partitioner.default import murmur2 as reference  # unsigned, of the same hash

    key = b"0123456789abcdef"[:length]
    assert murmur2(key) & 0xFFFFFFFF == reference(key) & 0xFFFFFFFF


def test_the_partition_is_the_positive_hash_modulo_the_partitions() -> None:
    # toPositive(-973932308) = -973932308 & 0x7fffffff = 1173551340
    assert kafka_partition(b"21", 3) == 1173551340 % 3 == partition_for(b"21", 3)
    assert kafka_partition(b"abc", 7) == 479470107 % 7
    assert {kafka_partition(str(i).encode(), 3) for i in range(100)} == {0, 1, 2}


def test_the_legacy_crc32_choice_is_still_there_for_old_topics() -> None:
    # 0xCBF43926: CRC-32's published check value, of b"123456789".
    assert crc32_partition(b"123456789", 1000) == 0xCBF43926 % 1000
    assert crc32_partition(b"123456789", 1000) != kafka_partition(b"123456789", 1000)
