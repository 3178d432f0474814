"""Sizing rules."""

from __future__ import annotations

import pytest

from retail_ai_components import _sizing


def test_seed_prod_rate_gives_40_shards_splitting_to_160():
    plan = _sizing.sls_shards(100_000, 1024)
    assert plan.shard_count == 40
    assert plan.max_split_shard_count == 160
    assert plan.bytes_per_second == 102_400_000


def test_small_rates_get_two_shards():
    assert _sizing.sls_shards(100, 512).shard_count == 2


def test_request_bound_when_events_are_tiny_and_unbatched():
    plan = _sizing.sls_shards(10_000, 10, events_per_request=1)
    assert plan.shard_count == 40  # 10,000 req/s / (500 x 0.5)


def test_split_ceiling_is_256():
    plan = _sizing.sls_shards(500_000, 1024)
    assert plan.shard_count == 196
    assert plan.max_split_shard_count == 256


def test_beyond_256_shards_is_refused():
    with pytest.raises(ValueError, match="more than 256"):
        _sizing.sls_shards(2_000_000, 1024)


@pytest.mark.parametrize("kwargs", [{"events_per_second": 0}, {"event_bytes": 0}, {"target_utilization": 0}])
def test_bad_inputs(kwargs):
    args = {"events_per_second": 1000, "event_bytes": 100, **kwargs}
    with pytest.raises(ValueError):
        _sizing.sls_shards(args.pop("events_per_second"), args.pop("event_bytes"), **args)


def test_state_ttl():
    assert _sizing.flink_state_ttl(30) == "30 min"
    with pytest.raises(ValueError):
        _sizing.flink_state_ttl(0)
