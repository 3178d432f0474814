"""Bad arguments: every problem of a component comes at once in one InvalidArgumentError, each naming the
component, the field and the rule, and a misspelt argument names the one meant."""

from __future__ import annotations

from typing import Any

import pytest

from retail_ai_components import EasService, InvalidArgumentError, Network, SecureBucket

EAS: dict[str, Any] = {
    "network": {},  # checked after the arguments' own rules, so not reached here
    "resources": {"instance_type": "ecs.g7.2xlarge"},
    "dedicated_gateway_id": "gw-abc123",
    "model": {"path": "oss://acme-models/ranking/", "processor": "pmml"},
}


def test_every_problem_of_the_arguments_is_reported_at_once(record) -> None:
    args: Any = {"zone_ids": [], "nat": "sometimes", "cidr_blok": "10.0.0.0/8", "nat_bandwidth_mbps": 0}
    with pytest.raises(InvalidArgumentError) as caught:
        record(lambda: Network("shop", args))
    assert [field for field, _ in caught.value.problems] == [
        "zone_ids",
        "nat",
        "nat_bandwidth_mbps",
        "cidr_blok",
    ]
    lines = str(caught.value).splitlines()
    assert len(lines) == 4
    assert all(line.startswith("Network 'shop': ") for line in lines)
    assert "Network 'shop': nat: Input should be 'none', 'single' or 'per_zone'" in lines
    assert (caught.value.field, caught.value.rule) == caught.value.problems[0]


@pytest.mark.parametrize(
    "program,field,meant",
    [
        (
            lambda: EasService(
                "ranking",
                {**EAS, "autoscaling": {"min_replicas": 1, "max_replicas": 4, "qps_per_replicas": 50}},
            ),
            "autoscaling.qps_per_replicas",
            "qps_per_replica",
        ),
        (
            lambda: Network("shop", {"zone_ids": ["cn-hangzhou-i"], "zone_id": ["cn-hangzhou-j"]}),
            "zone_id",
            "zone_ids",
        ),
        (
            lambda: SecureBucket("data", {"bucket_name": "acme-data", "reader_roles": ["trainer"]}),
            "reader_roles",
            "reader_role_names",
        ),
    ],
    ids=["nested", "network", "bucket"],
)
def test_a_misspelt_argument_names_the_one_meant(record, program, field, meant) -> None:
    with pytest.raises(InvalidArgumentError) as caught:
        record(program)
    assert caught.value.problems == [(field, f"is not a known argument (did you mean {meant!r}?)")]


def test_an_unknown_argument_close_to_none_lists_the_arguments_there_are(record) -> None:
    with pytest.raises(InvalidArgumentError) as caught:
        record(lambda: SecureBucket("data", {"bucket_name": "acme-data", "versionning": True}))  # type: ignore[typeddict-unknown-key]
    assert caught.value.field == "versionning"
    assert caught.value.rule.startswith("is not a known argument (it takes access_log_bucket, ")
    assert "writer_role_names)" in caught.value.rule
