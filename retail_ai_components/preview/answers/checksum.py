"""What the alicloud provider computes without calling the cloud, beside the policy document."""

from __future__ import annotations

from functools import cache

_CRC64_ECMA_REFLECTED = 0xC96C5795D7870F42


@cache
def _crc64_table() -> tuple[int, ...]:
    entries = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ _CRC64_ECMA_REFLECTED if crc & 1 else crc >> 1
        entries.append(crc)
    return tuple(entries)


def crc64_ecma(data: bytes) -> int:
    """Go's ``crc64.Checksum(data, crc64.MakeTable(crc64.ECMA))``, which the provider prints in decimal."""
    lookup = _crc64_table()
    crc = 0xFFFFFFFFFFFFFFFF
    for byte in data:
        crc = lookup[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFFFFFFFFFF
