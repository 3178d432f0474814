"""Price arithmetic per resource kind, usage assumptions, the price table and the diff (retail_ai_components.cost)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from retail_ai_components.cost.prices import Price, PriceTable, load_price_table
from retail_ai_components.cost.pricing import estimate_resources
from retail_ai_components.cost.report import diff
from retail_ai_components.cost.usage import Assumptions, Usage, load_usage
from retail_ai_components.preview.errors import PreviewError
from retail_ai_components.preview.recorder import UNKNOWN, RecordedResource

STACK = "urn:pulumi:prod::shop::pulumi:pulumi:Stack::shop-prod"


def table(**prices: tuple[float, str]) -> PriceTable:
    return PriceTable(
        "cn-hangzhou", "USD", "2026-11-22", {k: Price(k, p, u, "test") for k, (p, u) in prices.items()}
    )


def resource(type_: str, name: str, inputs: dict[str, Any], parent: str = STACK) -> RecordedResource:
    return RecordedResource(
        urn=f"urn:pulumi:prod::shop::{type_}::{name}",
        type=type_,
        name=name,
        custom=True,
        inputs=inputs,
        parent=parent,
    )


def one(r: RecordedResource, prices: PriceTable, usage: Usage | None = None) -> Any:
    (estimate,) = estimate_resources([r], prices, usage or Usage())
    return estimate


GPU_POOL = {
    "instanceTypes": ["ecs.gn7e-c16g1.32xlarge"],
    "scalingConfig": {"enable": True, "minSize": 0, "maxSize": 4, "type": "gpu"},
    "spotStrategy": "SpotAsPriceGo",
}


def test_spot_gpu_pool_shows_on_demand_beside_the_spot_estimate() -> None:
    e = one(
        resource("alicloud:cs/nodePool:NodePool", "gpu", GPU_POOL),
        table(**{"ecs.gn7e-c16g1.32xlarge": (28.0, "hour")}),
    )
    # 0 + 0.25 x (4 - 0) = 1 node on average, 730 h, $28/h on demand, spot at 0.2 of it.
    assert e.monthly_on_demand == 20440.0
    assert e.monthly == 4088.0
    assert "spot at 0.2 of on-demand" in e.basis


def test_on_demand_pool_runs_its_minimum_and_has_no_on_demand_column() -> None:
    pool = {
        "instanceTypes": ["ecs.g7.2xlarge", "ecs.g8i.2xlarge"],
        "scalingConfig": {"enable": True, "minSize": 3, "maxSize": 30},
        "spotStrategy": "NoSpot",
    }
    e = one(
        resource("alicloud:cs/nodePool:NodePool", "baseline", pool),
        table(**{"ecs.g8i.2xlarge": (0.5, "hour")}),
    )
    assert e.monthly == 3 * 730 * 0.5
    assert e.monthly_on_demand is None
    assert e.basis.startswith("ecs.g8i.2xlarge")  # the first type of the pool that has a price


def test_usage_per_resource_pattern_overrides_the_defaults() -> None:
    usage = Usage(per_resource={"*-gpu": Assumptions(gpu_pool_utilisation=1.0, spot_price_ratio=0.5)})
    e = one(
        resource("alicloud:cs/nodePool:NodePool", "prod-gpu", GPU_POOL),
        table(**{"ecs.gn7e-c16g1.32xlarge": (28.0, "hour")}),
        usage,
    )
    assert e.monthly_on_demand == 4 * 730 * 28.0
    assert e.monthly == 4 * 730 * 28.0 * 0.5


def test_eas_on_a_dedicated_group_prices_only_the_burst_above_it() -> None:
    config = {
        "metadata": {"instance": 50, "resource": "eas-r-1", "resource_burstable": True},
        "autoscaler": {"min": 50, "max": 200},
        "cloud": {"computing": {"instance_type": "ecs.c7.4xlarge"}},
    }
    e = one(
        resource("alicloud:pai/service:Service", "ranking", {"serviceConfig": json.dumps(config)}),
        table(**{"ecs.c7.4xlarge": (1.0, "hour")}),
    )
    assert e.monthly == 150 * 40 * 1.0  # 150 burst replicas x 40 burst hours
    assert "dedicated resource group eas-r-1" in e.basis


def test_eas_pay_as_you_go_runs_min_most_of_the_month_and_max_in_bursts() -> None:
    config = {
        "metadata": {"instance": 3},
        "autoscaler": {"min": 3, "max": 10},
        "cloud": {"computing": {"instance_type": "t"}},
    }
    e = one(
        resource("alicloud:pai/service:Service", "shadow", {"serviceConfig": json.dumps(config)}),
        table(t=(2.0, "hour")),
    )
    assert e.monthly == (3 * 690 + 10 * 40) * 2.0


def test_ack_pro_fee_and_basic_cluster_free() -> None:
    prices = table(**{"ack.pro.cluster": (0.09, "hour")})
    pro = one(
        resource("alicloud:cs/managedKubernetes:ManagedKubernetes", "c", {"clusterSpec": "ack.pro.small"}),
        prices,
    )
    basic = one(
        resource("alicloud:cs/managedKubernetes:ManagedKubernetes", "c", {"clusterSpec": "ack.standard"}),
        prices,
    )
    assert pro.monthly == 65.7
    assert basic.monthly == 0.0


def test_bucket_storage_class_and_redundancy_choose_the_price() -> None:
    prices = table(**{"oss.storage.standard.lrs": (0.0173, "gb-month")})
    lrs = one(
        resource("alicloud:oss/bucket:Bucket", "b", {"storageClass": "Standard", "redundancyType": "LRS"}),
        prices,
    )
    zrs = one(
        resource("alicloud:oss/bucket:Bucket", "b", {"storageClass": "Standard", "redundancyType": "ZRS"}),
        prices,
    )
    assert lrs.monthly == 1.73  # 100 GB default
    assert zrs.monthly is None
    assert "oss.storage.standard.zrs" in zrs.unpriced  # the key a usage file supplies it under


def test_kms_nat_tair_flink_and_log_store_arithmetic() -> None:
    prices = table(
        **{
            "kms.key.software": (0.002, "key-version-day"),
            "nat.internet.instance": (0.034, "hour"),
            "nat.cu": (0.03, "cu-hour"),
            "tair.scm.standard.2m.8d": (0.5, "hour"),
            "flink.cu": (0.1, "cu-hour"),
            "sls.shard": (0.01, "shard-day"),
        }
    )
    assert one(resource("alicloud:kms/key:Key", "k", {}), prices).monthly == round(730 / 24 * 0.002, 2)
    nat = one(resource("alicloud:vpc/natGateway:NatGateway", "n", {"networkType": "internet"}), prices)
    assert nat.monthly == round(730 * (0.034 + 0.03), 2)
    tair = {"instanceClass": "tair.scm.standard.2m.8d", "shardCount": 4}
    assert (
        one(resource("alicloud:redis/tairInstance:TairInstance", "t", tair), prices).monthly == 4 * 730 * 0.5
    )
    flink = {"resourceSpec": {"cpu": 32, "memoryGb": 128}}
    assert (
        one(resource("alicloud:realtimecompute/vvpInstance:VvpInstance", "f", flink), prices).monthly
        == 34 * 730 * 0.1
    )
    store = one(resource("alicloud:log/store:Store", "s", {"shardCount": 40}), prices)
    assert store.monthly == round(40 * 730 / 24 * 0.01, 2)


def test_unknown_deciding_value_is_unpriced_not_zero() -> None:
    e = one(resource("alicloud:oss/bucket:Bucket", "b", {"storageClass": UNKNOWN}), table())
    assert e.monthly is None and "storageClass is not known before deploy" in e.unpriced


def test_free_configuration_and_unknown_types() -> None:
    prices = table()
    assert one(resource("alicloud:vpc/switch:Switch", "s", {}), prices).monthly == 0.0
    other = one(resource("alicloud:rds/instance:Instance", "db", {}), prices)
    assert other.monthly is None and "no pricing rule for alicloud:rds/instance:Instance" in other.unpriced


def test_resources_are_grouped_by_their_top_level_component() -> None:
    component = RecordedResource(
        urn="urn:pulumi:prod::shop::retailai:index:Network::net",
        type="retailai:index:Network",
        name="net",
        custom=False,
        inputs={},
        parent=STACK,
    )
    child = resource("alicloud:vpc/network:Network", "vpc", {}, parent=component.urn)
    (estimate,) = estimate_resources([component, child], table(), Usage())
    assert estimate.component == "net"


def test_checked_in_table_is_dated_sourced_and_maps_the_gpu_types() -> None:
    prices = load_price_table("cn-hangzhou")
    assert prices.date == "2026-11-22" and prices.currency == "USD"
    gpu = prices.get("ecs.ebmgn7ex.32xlarge")
    assert gpu is not None and gpu.price == 28.0 and "9.1" in gpu.origin
    with pytest.raises(PreviewError, match="no price table for region 'eu-west-1'"):
        load_price_table("eu-west-1")


def test_usage_file_prices_and_errors(tmp_path: Path) -> None:
    path = tmp_path / "usage.yaml"
    path.write_text(
        "defaults: {storage_gb: 2000}\nprices:\n  oss.storage.standard.zrs: {price: 0.02, unit: gb-month}\n"
    )
    usage = load_usage(path)
    prices = load_price_table("cn-hangzhou").with_overrides(usage.prices)
    e = one(
        resource("alicloud:oss/bucket:Bucket", "b", {"storageClass": "Standard", "redundancyType": "ZRS"}),
        prices,
        usage,
    )
    assert e.monthly == 40.0 and "[oss.storage.standard.zrs]" in e.basis
    path.write_text("defaults: {spot_price_ratio: 2}\n")
    with pytest.raises(
        PreviewError, match=r"--usage defaults.spot_price_ratio: Input should be less than or equal to 1"
    ):
        load_usage(path)
    path.write_text("defualts: {}\n")
    with pytest.raises(PreviewError, match="defualts: Extra inputs are not permitted"):
        load_usage(path)


def test_diff_matches_resources_across_stacks_and_sums_the_change() -> None:
    old = {
        "resources": [
            {"urn": "urn:pulumi:dev::shop::t::a", "type": "t", "monthly": 10.0},
            {"urn": "urn:pulumi:dev::shop::t::gone", "type": "t", "monthly": 5.0},
        ],
        "total": {"monthly": 15.0},
    }
    new = {
        "resources": [
            {"urn": "urn:pulumi:prod::shop::t::a", "type": "t", "monthly": 12.5},
            {"urn": "urn:pulumi:prod::shop::t::new", "type": "t", "monthly": None},
        ],
        "total": {"monthly": 12.5},
    }
    changes, total = diff(old, new)
    assert total == -2.5
    assert {(c.urn.rsplit("::", 1)[-1], c.delta) for c in changes} == {
        ("a", 2.5),
        ("gone", -5.0),
        ("new", 0.0),
    }
