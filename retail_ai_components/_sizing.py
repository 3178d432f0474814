"""Sizing rules, as plain functions with their assumptions written down.

Log Service (SLS) shards: Alibaba documents each shard's capacity as writes of 5 MB/s or 500
write requests/s, and reads of 10 MB/s or 100 read requests/s ("Manage shards", Simple Log
Service docs). The limits are soft: above them SLS still serves, with degraded performance.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

SHARD_WRITE_BYTES_PER_SECOND = 5 * 1024 * 1024
"""Documented write throughput of one shard: 5 MB/s (taken as MiB)."""
SHARD_WRITE_REQUESTS_PER_SECOND = 500
"""Documented write requests per second of one shard."""
MAX_SHARDS = 256
"""Upper bound of ``max_split_shard_count`` in the provider (1-256), used for the initial count too."""


@dataclass(frozen=True)
class ShardPlan:
    shard_count: int
    """Shards to create."""
    max_split_shard_count: int
    """How far automatic splitting may go."""
    bytes_per_second: int
    """The write throughput the plan was made for."""


def sls_shards(
    events_per_second: int,
    event_bytes: int,
    *,
    events_per_request: int = 100,
    target_utilization: float = 0.5,
    burst_factor: int = 4,
) -> ShardPlan:
    """Shards for a logstore that ingests ``events_per_second`` events of ``event_bytes`` each.

    Rule: enough shards that the steady load uses at most ``target_utilization`` of each shard's
    documented write capacity, by bytes (5 MB/s) and by requests (500/s, with producers batching
    ``events_per_request`` events per PutLogs call, as the Logtail and producer libraries do);
    at least 2 shards. Automatic splitting may then grow the store to ``burst_factor`` times that
    (capped at 256) for flash-sale spikes, which arrive faster than anyone can split by hand.

    The seed's 100,000 events/s of ~1 KiB: 97.7 MiB/s / (5 MiB/s x 0.5) -> 40 shards, splitting up
    to 160.
    """
    if events_per_second < 1 or event_bytes < 1 or events_per_request < 1:
        raise ValueError("events_per_second, event_bytes and events_per_request must be positive")
    if not 0 < target_utilization <= 1:
        raise ValueError("target_utilization must be in (0, 1]")
    bytes_per_second = events_per_second * event_bytes
    by_bytes = math.ceil(bytes_per_second / (SHARD_WRITE_BYTES_PER_SECOND * target_utilization))
    requests = math.ceil(events_per_second / events_per_request)
    by_requests = math.ceil(requests / (SHARD_WRITE_REQUESTS_PER_SECOND * target_utilization))
    shards = max(2, by_bytes, by_requests)
    if shards > MAX_SHARDS:
        raise ValueError(
            f"{events_per_second} events/s of {event_bytes} bytes needs {shards} shards, more than "
            f"{MAX_SHARDS}; split the stream over several logstores"
        )
    return ShardPlan(
        shard_count=shards,
        max_split_shard_count=min(MAX_SHARDS, max(shards, shards * burst_factor)),
        bytes_per_second=bytes_per_second,
    )


def flink_state_ttl(minutes: int) -> str:
    """``table.exec.state.ttl`` as Flink reads it: a duration with a unit, e.g. ``"30 min"``."""
    if minutes < 1:
        raise ValueError("state TTL must be at least 1 minute")
    return f"{minutes} min"
