"""Hand-written refs (adopting an existing VPC or cluster) are checked in one place, naming the key at fault."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from retail_ai_components._refs import cluster_ref, network_ref
from retail_ai_components.errors import InvalidArgumentError

NETWORK = {
    "region": "cn-hangzhou",
    "vpc_id": "vpc-1",
    "cidr_block": "172.16.0.0/12",
    "zone_ids": ["cn-hangzhou-i"],
    "vswitch_ids": {"data": {"cn-hangzhou-i": "vsw-1"}},
    "vswitch_cidr_blocks": {"data": {"cn-hangzhou-i": "172.16.0.0/20"}},
    "security_group_ids": {"data": "sg-1"},
}
CLUSTER = {
    "cluster_id": "c-1",
    "network": NETWORK,
    "zone_ids": ["cn-hangzhou-i"],
    "rrsa_oidc_provider_arn": "acs:ram::1:oidc-provider/x",
    "rrsa_oidc_issuer_url": "https://issuer",
}


def changed(base: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    ref = copy.deepcopy(base)
    *parents, last = path.split(".")
    target = ref
    for key in parents:
        target = target[key]
    if value is KeyError:
        del target[last]
    else:
        target[last] = value
    return ref


def test_well_formed_refs_pass() -> None:
    network_ref(NETWORK, region="cn-hangzhou", owner="X")
    cluster_ref(CLUSTER, region="cn-hangzhou", owner="X")


@pytest.mark.parametrize(
    "path,value,field,rule",
    [
        ("region", "cn-shanghai", "network.region", "the stack in 'cn-hangzhou'"),
        ("vpc_id", 42, "network.vpc_id", "must be a string or a pulumi Output"),
        ("vpc_id", KeyError, "network.vpc_id", "is required"),
        ("cidr_block", "10.0.0.0/33", "network.cidr_block", "is not a CIDR block"),
        ("cidr_block", "0.0.0.0/0", "network.cidr_block", "is not inside 10.0.0.0/8"),
        ("zone_ids", ["cn-beijing-a"], "network.zone_ids[0]", "is not in the network's region"),
        ("zone_ids", "cn-hangzhou-i", "network.zone_ids", "valid list"),
        ("vswitch_ids", {"data": ["vsw-1"]}, "network.vswitch_ids.data", "valid dictionary"),
        (
            "vswitch_cidr_blocks",
            {"data": {"cn-hangzhou-i": "10.0.0.0/24"}},
            "network.vswitch_cidr_blocks.data.cn-hangzhou-i",
            "not inside the VPC",
        ),
        (
            "security_group_ids",
            {"data": None},
            "network.security_group_ids.data",
            "string or a pulumi Output",
        ),
        ("subnets", [], "network.subnets", "is not a key of a NetworkRef"),
    ],
)
def test_a_bad_network_ref_names_the_key(path: str, value: Any, field: str, rule: str) -> None:
    with pytest.raises(InvalidArgumentError) as caught:
        network_ref(changed(NETWORK, path, value), region="cn-hangzhou", owner="X")
    assert caught.value.field == field
    assert rule in caught.value.rule


@pytest.mark.parametrize(
    "path,value,field,rule",
    [
        ("network.region", "cn-shanghai", "cluster.network.region", "the stack in 'cn-hangzhou'"),
        ("cluster_id", [], "cluster.cluster_id", "must be a string or a pulumi Output"),
        ("zone_ids", ["cn-hangzhou-k"], "cluster.zone_ids[0]", "not one of the network's zones"),
        ("rrsa_oidc_issuer_url", "", "cluster.rrsa_oidc_issuer_url", "must not be empty"),
    ],
)
def test_a_bad_cluster_ref_names_the_key(path: str, value: Any, field: str, rule: str) -> None:
    with pytest.raises(InvalidArgumentError) as caught:
        cluster_ref(changed(CLUSTER, path, value), region="cn-hangzhou", owner="X")
    assert caught.value.field == field
    assert rule in caught.value.rule


def test_a_ref_that_is_not_a_mapping() -> None:
    with pytest.raises(InvalidArgumentError, match="must be a NetworkRef"):
        network_ref(["vpc-1"], region="cn-hangzhou", owner="X")


def test_a_component_stands_for_its_ref() -> None:
    class Built:
        def ref(self) -> dict[str, Any]:
            return copy.deepcopy(NETWORK)

    assert network_ref(Built(), region="cn-hangzhou", owner="X")["vpc_id"] == "vpc-1"


def test_a_ref_without_vswitch_blocks_gets_none() -> None:
    ref = network_ref(changed(NETWORK, "vswitch_cidr_blocks", KeyError), region="cn-hangzhou", owner="X")
    assert ref["vswitch_cidr_blocks"] == {}
