"""Defaults every component shares: a relaxed secure default shows on the child it relaxes, as the tag the
pack's advisory policy reads (visible in any preview without looking at the component); every RAM policy
rotates its versions."""

from __future__ import annotations

from typing import Any

import pulumi
import pytest
from retail_ai_policies.relaxation import relaxation_flags

from retail_ai_components import (
    BurstCluster,
    FeatureStore,
    GpuTraining,
    InvalidArgumentError,
    Network,
    SecureBucket,
)

ZONES = ["cn-hangzhou-i", "cn-hangzhou-j"]
PUBLIC_IMAGE = "docker.io/library/nginx:1.27"


def bucket(**extra: Any) -> None:
    SecureBucket("data", {"bucket_name": "acme-training-data", **extra})  # type: ignore[typeddict-item]


def cluster(**burst: Any) -> None:
    network = Network("core", {"zone_ids": ZONES})
    BurstCluster("bc", {"network": network.ref(), "burst": {"images": [PUBLIC_IMAGE], **burst}})


def store(**tair: Any) -> None:
    network = Network("core", {"zone_ids": ZONES})
    FeatureStore(
        "fs",
        {
            "network": network.ref(),
            "inference_zone_id": "cn-hangzhou-i",
            "flink_state_bucket": "acme-flink-state",
            "tair": {"password": pulumi.Output.secret("not-a-real-password-1A"), **tair},
        },
    )


CASES = [
    (
        "insecure-transport",
        lambda: bucket(allow_insecure_transport=True),
        "data-bucket",
        "allow_insecure_transport",
    ),
    (
        "public-registry",
        lambda: cluster(allow_public_registry=True),
        "bc-cluster",
        "burst.allow_public_registry",
    ),
    ("tair-without-tls", lambda: store(tls=False), "fs-tair", "tair.tls=false"),
]


@pytest.mark.parametrize("case,program,child,flag", CASES, ids=[c[0] for c in CASES])
def test_the_relaxed_child_names_its_relaxation(record, case, program, child, flag) -> None:
    tags = record(program).named(child).inputs["tags"]
    assert relaxation_flags(tags) == [flag]


@pytest.mark.parametrize(
    "program,child",
    [
        (lambda: bucket(), "data-bucket"),
        (
            lambda: cluster(
                allow_public_registry=False, images=["registry-vpc.cn-hangzhou.aliyuncs.com/r/a:1"]
            ),
            "bc-cluster",
        ),
        (lambda: store(), "fs-tair"),
    ],
    ids=["bucket", "cluster", "tair"],
)
def test_secure_defaults_carry_no_relaxation(record, program, child) -> None:
    assert relaxation_flags(record(program).named(child).inputs.get("tags")) == []


def test_the_relaxation_tag_counts_against_the_bucket_tag_limit(record) -> None:
    ten = {f"k{i}": "v" for i in range(10)}
    with pytest.raises(InvalidArgumentError, match="tags"):
        record(lambda: bucket(allow_insecure_transport=True, tags=ten))
    record(lambda: bucket(allow_insecure_transport=True, tags=dict(list(ten.items())[:9])))


def test_every_ram_policy_a_component_writes_rotates_its_versions(record) -> None:
    # RAM keeps five versions of a policy: without rotation the sixth `pulumi up` that edits it fails.
    def program() -> None:
        SecureBucket("data", {"bucket_name": "acme-data", "reader_role_names": ["trainer"]})
        network = Network("core", {"zone_ids": ZONES})
        cluster = BurstCluster("bc", {"network": network.ref()})
        GpuTraining(
            "train",
            {
                "cluster": cluster.ref(),
                "checkpoint_bucket_name": "acme-ckpt",
                "training_data_bucket": "acme-data",
            },
        )

    policies = record(program).of_type("alicloud:ram/policy:Policy")
    assert len(policies) >= 2
    for policy in policies:
        assert policy.inputs["rotateStrategy"] == "DeleteOldestNonDefaultVersionWhenLimitExceeded", (
            policy.name
        )
