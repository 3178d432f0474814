"""Price arithmetic per resource kind, units, usage files, the price table, totals, the diff and the template."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from retail_ai_components.cost import diff as diffs
from retail_ai_components.cost.errors import CostError
from retail_ai_components.cost.prices import Price, PriceTable, available_regions, load_price_table
from retail_ai_components.cost.pricing import Estimate, estimate_resources
from retail_ai_components.cost.report import CostReport, render_markdown, to_json
from retail_ai_components.cost.resources import UNKNOWN, Resource, logical_key
from retail_ai_components.cost.template import usage_template
from retail_ai_components.cost.usage import Assumptions, Usage, load_usage
from retail_ai_components.preview.errors import PreviewError

REGION = "cn-hangzhou"


def table(region: str = REGION, **prices: tuple[float, str]) -> PriceTable:
    return PriceTable(
        region, "USD", "2026-12-07", {k: Price(k, p, u, "PayAsYouGo", "test") for k, (p, u) in prices.items()}
    )


def resource(
    type_: str,
    name: str,
    inputs: dict[str, Any],
    region: str = REGION,
    id_: str | None = None,
    stack: str = "prod",
) -> Resource:
    return Resource(f"urn:pulumi:{stack}::shop::{type_}::{name}", type_, name, inputs, region, "(stack)", id_)


def estimate(
    resources: list[Resource], tables: dict[str, PriceTable] | PriceTable, usage: Usage | None = None
) -> list[Estimate]:
    by_region = {tables.region: tables} if isinstance(tables, PriceTable) else tables
    return estimate_resources(resources, by_region.get, usage or Usage(), "prod")


def one(r: Resource, prices: PriceTable, usage: Usage | None = None) -> Estimate:
    (e,) = estimate([r], prices, usage)
    return e


POOL = "alicloud:cs/nodePool:NodePool"
GPU = "ecs.gn7e-c16g1.32xlarge"
GPU_POOL = {
    "instanceTypes": [GPU],
    "scalingConfig": {"enable": True, "minSize": 0, "maxSize": 4, "type": "gpu"},
    "spotStrategy": "SpotAsPriceGo",
}


def test_spot_gpu_pool_shows_on_demand_beside_the_spot_estimate() -> None:
    e = one(resource(POOL, "gpu", GPU_POOL), table(**{GPU: (28.0, "hour")}))
    # 0 + 0.25 x (4 - 0) = 1 node on average, 730 h, $28/h on demand, spot at 0.2 of it.
    assert e.monthly_on_demand == 20440.0
    assert e.monthly == 4088.0 and e.billing == "Spot"
    assert "spot at 0.2 of on-demand" in e.basis


def test_a_spot_price_limit_caps_the_spot_estimate() -> None:
    # $28/h on demand x 0.2 = $5.60/h, but the pool never pays more than its $5/h limit.
    pool = {
        **GPU_POOL,
        "spotStrategy": "SpotWithPriceLimit",
        "spotPriceLimits": [{"instanceType": GPU, "priceLimit": "5"}],
    }
    e = one(resource(POOL, "gpu", pool), table(**{GPU: (28.0, "hour")}))
    assert e.monthly == 1 * 730 * 5.0
    assert "price limit $5/hour" in e.basis
    # Without an on-demand price, the limit still bounds the estimate (what it pays at most).
    capped = one(resource(POOL, "gpu", pool), table())
    assert capped.monthly == 3650.0 and capped.monthly_on_demand is None


def test_usage_file_prices_are_read_in_their_own_unit(tmp_path: Path) -> None:
    # {price: 180, unit: month} for a 3-node pool is $540 a month, not 180 x 730 x 3.
    path = tmp_path / "usage.yaml"
    path.write_text("prices:\n  ecs.g7.2xlarge: {price: 180, unit: month}\n")
    usage = load_usage(path)
    pool = {"instanceTypes": ["ecs.g7.2xlarge"], "desiredSize": 3}
    e = one(resource(POOL, "baseline", pool), table().with_overrides(usage.prices), usage)
    assert e.components[0].monthly == 540.0


def test_prices_convert_with_a_730_hour_month_everywhere() -> None:
    assert Price("k", 1.0, "hour", "PayAsYouGo", "t").per("month") == 730.0
    assert Price("k", 24.0, "day", "PayAsYouGo", "t").per("hour") == 1.0
    assert Price("k", 0.001, "gb-hour", "PayAsYouGo", "t").per("gb-month") == pytest.approx(0.73)
    assert Price("k", 0.0173, "gb-month", "PayAsYouGo", "t").per("gb-month") == 0.0173
    with pytest.raises(
        ValueError, match=r"\[k\] is a price per gb-month, which cannot be used as a price per hour"
    ):
        Price("k", 0.0173, "gb-month", "PayAsYouGo", "t").per("hour")


def test_a_gpu_pool_sized_with_node_count_is_priced_not_zero() -> None:
    pool = {"instanceTypes": [GPU], "nodeCount": 2, "scalingConfig": {"enable": False}}
    e = one(resource(POOL, "gpu", pool), table(**{GPU: (28.0, "hour")}))
    assert e.components[0].monthly == 2 * 730 * 28.0
    # Unsized: unpriced with the reason, listed as such, never "0 nodes = $0.00".
    unsized = one(resource(POOL, "gpu", {"instanceTypes": [GPU]}), table(**{GPU: (28.0, "hour")}))
    assert unsized.status == "unpriced" and unsized.monthly is None
    assert "size is not set" in unsized.unpriced


def test_subscription_capacity_is_priced_at_its_subscription_price_never_pay_as_you_go() -> None:
    pool = {"instanceTypes": ["ecs.g7.2xlarge"], "desiredSize": 2, "instanceChargeType": "PrePaid"}
    hourly_only = table(**{"ecs.g7.2xlarge": (0.5, "hour")})
    e = one(resource(POOL, "baseline", pool), hourly_only)
    assert e.billing == "Subscription" and e.components[0].monthly is None
    assert "ecs.g7.2xlarge/subscription" in e.components[0].unpriced
    monthly = table(**{"ecs.g7.2xlarge/subscription": (200.0, "month")})
    assert one(resource(POOL, "baseline", pool), monthly).components[0].monthly == 400.0
    tair = {"instanceClass": "tair.scm.standard.2m.8d", "shardCount": 4, "paymentType": "Subscription"}
    t = one(
        resource("alicloud:redis/tairInstance:TairInstance", "t", tair),
        table(
            **{
                "tair.scm.standard.2m.8d": (0.5, "hour"),
                "tair.scm.standard.2m.8d/subscription": (100.0, "month"),
            }
        ),
    )
    assert t.monthly == 400.0 and t.billing == "Subscription"


def test_a_resource_on_an_explicit_provider_is_priced_in_its_region() -> None:
    singapore = resource("alicloud:oss/bucket:Bucket", "sg", {}, region="ap-southeast-1")
    hangzhou = table(**{"oss.storage.standard.lrs": (0.0173, "gb-month")})
    (e,) = estimate([singapore], {REGION: hangzhou, "ap-southeast-1": table("ap-southeast-1")})
    assert e.region == "ap-southeast-1" and e.monthly is None
    assert "in ap-southeast-1" in e.unpriced  # never Hangzhou's rate
    (no_table,) = estimate([resource("alicloud:oss/bucket:Bucket", "eu", {}, region="eu-west-1")], hangzhou)
    assert no_table.unpriced == "no price table for region eu-west-1"


def test_an_eip_bound_to_an_ecs_instance_has_no_configuration_fee() -> None:
    prices = table(**{"eip.config": (0.004, "hour"), "eip.traffic": (0.1, "gb")})
    eip = resource(
        "alicloud:ecs/eipAddress:EipAddress", "eip", {"internetChargeType": "PayByTraffic"}, id_="eip-1"
    )
    vm = resource("alicloud:ecs/instance:Instance", "vm", {"instanceType": "t"}, id_="i-1")
    bind = resource(
        "alicloud:ecs/eipAssociation:EipAssociation", "bind", {"allocationId": "eip-1", "instanceId": "i-1"}
    )
    by_name = {e.name: e for e in estimate([eip, vm, bind], prices)}
    assert by_name["eip"].components[0].monthly == 0.0  # configuration
    assert by_name["eip"].monthly == 10.0  # 100 GB x $0.1
    nat = resource("alicloud:vpc/natGateway:NatGateway", "nat", {}, id_="ngw-1")
    on_nat = resource(
        "alicloud:ecs/eipAssociation:EipAssociation", "bind", {"allocationId": "eip-1", "instanceId": "ngw-1"}
    )
    charged = {e.name: e for e in estimate([eip, nat, on_nat], prices)}["eip"]
    assert charged.components[0].monthly == round(730 * 0.004, 2)


EAS = "alicloud:pai/service:Service"


def eas(name: str, group: str | None = "eas-r-1") -> Resource:
    metadata: dict[str, Any] = {"name": name, "instance": 50}
    if group:
        metadata |= {"resource": group, "resource_burstable": True}
    config = {
        "metadata": metadata,
        "autoscaler": {"min": 50, "max": 200},
        "cloud": {"computing": {"instance_type": "ecs.c7.4xlarge"}},
    }
    return resource(EAS, name, {"serviceConfig": json.dumps(config)})


def test_eas_on_a_dedicated_group_prices_only_the_burst_above_it() -> None:
    e = one(eas("ranking"), table(**{"eas.ecs.c7.4xlarge": (1.0, "hour")}))
    assert e.monthly == 150 * 40 * 1.0  # 150 burst replicas x 40 burst hours
    assert "dedicated resource group eas-r-1" in e.basis


def test_a_green_service_at_traffic_weight_0_does_not_burst_like_blue() -> None:
    split = resource(
        "pulumi-python:dynamic/eas:TrafficSplit", "traffic", {"weights": {"ranking": 100, "ranking_green": 0}}
    )
    prices = table(**{"eas.ecs.c7.4xlarge": (1.0, "hour")})
    by_name = {e.name: e for e in estimate([eas("ranking"), eas("ranking_green"), split], prices)}
    assert by_name["ranking"].monthly == 6000.0
    assert (
        by_name["ranking_green"].monthly == 0.0
        and "at 0 % of its group's traffic" in by_name["ranking_green"].basis
    )
    # Pay-as-you-go, weight 0: its minimum all month.
    paygo = {e.name: e for e in estimate([eas("ranking_green", group=None), split], prices)}
    assert paygo["ranking_green"].monthly == 50 * 730 * 1.0


def test_nat_gateway_prices_instance_and_cu_and_misses_the_cu_price_openly() -> None:
    prices = table(**{"nat.internet.instance": (0.034, "hour")})
    nat = one(resource("alicloud:vpc/natGateway:NatGateway", "n", {"networkType": "internet"}), prices)
    assert nat.status == "partial" and nat.monthly == round(730 * 0.034, 2)
    assert "nat.internet.cu" in nat.unpriced
    full = one(
        resource("alicloud:vpc/natGateway:NatGateway", "n", {"networkType": "internet"}),
        table(**{"nat.internet.instance": (0.034, "hour"), "nat.internet.cu": (0.03, "hour")}),
    )
    assert full.status == "priced" and full.monthly == round(730 * (0.034 + 0.03), 2)
    # A VPC NAT gateway's CU is its own price: the Internet gateway's is never used for it.
    vpc = one(
        resource("alicloud:vpc/natGateway:NatGateway", "n", {"networkType": "intranet"}),
        table(**{"nat.vpc.instance": (0.034, "hour"), "nat.internet.cu": (0.03, "hour")}),
    )
    assert vpc.status == "partial" and vpc.monthly == round(730 * 0.034, 2) and "nat.vpc.cu" in vpc.unpriced


def test_checked_in_nat_cu_and_eip_configuration_fee_resolve_per_region_with_their_page() -> None:
    hangzhou, singapore = load_price_table("cn-hangzhou"), load_price_table("ap-southeast-1")
    for prices, cu, config in ((hangzhou, 0.034, 0.0031), (singapore, 0.043, 0.0063)):
        nat = prices.get("nat.internet.cu")
        eip = prices.get("eip.config")
        assert nat is not None and (nat.price, nat.unit, nat.billing) == (cu, "hour", "PayAsYouGo")
        assert eip is not None and (eip.price, eip.unit, eip.billing) == (config, "hour", "PayAsYouGo")
        assert nat.url.startswith("https://github.com/AlibabaCloudDocs/nat/") and nat.read == "2026-12-08"
        assert eip.url.startswith("https://github.com/AlibabaCloudDocs/eip/") and eip.read == "2026-12-08"
        # Not read from any page: internet data transfer (CDT tiers) and the VPC NAT gateway's CU.
        assert prices.get("eip.traffic") is None and prices.get("nat.vpc.cu") is None
    gateway = one(resource("alicloud:vpc/natGateway:NatGateway", "n", {"networkType": "internet"}), hangzhou)
    assert gateway.status == "priced" and gateway.monthly == round(730 * 0.034, 2) * 2


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
    assert pro.monthly == 65.7 and pro.status == "priced"
    assert basic.monthly == 0.0 and basic.status == "priced"


def test_flink_tair_logstore_milvus_and_maxcompute_arithmetic() -> None:
    prices = table(
        **{
            "flink.cu": (0.1, "hour"),
            "sls.shard": (0.01, "day"),
            "sls.write": (0.045, "gb"),
            "milvus.cu": (0.2, "hour"),
            "maxcompute.storage.upto-100gb": (0.0028, "gb-day"),
            "maxcompute.sql": (0.0438, "gb"),
        }
    )
    flink = one(
        resource("alicloud:realtimecompute/vvpInstance:VvpInstance", "f", {"resourceSpec": {"cpu": 32}}),
        prices,
    )
    assert flink.monthly == 34 * 730 * 0.1  # 2 management CUs on top of the jobs'
    store = one(resource("alicloud:log/store:Store", "s", {"shardCount": 40}), prices)
    assert store.monthly == round(40 * 730 / 24 * 0.01, 2) + 4.5
    milvus = {"components": [{"cuNum": 2, "replica": 2}, {"cuNum": 8, "replica": 2}]}
    assert (
        one(resource("alicloud:index/milvusInstance:MilvusInstance", "m", milvus), prices).monthly
        == 20 * 730 * 0.2
    )
    warehouse = one(
        resource("alicloud:maxcompute/project:Project", "w", {"productType": "PayAsYouGo"}), prices
    )
    assert warehouse.monthly == round(99 * 730 / 24 * 0.0028, 2) + round(1000 * 0.0438, 2)


def test_unknown_deciding_value_is_unpriced_not_zero() -> None:
    e = one(resource("alicloud:oss/bucket:Bucket", "b", {"storageClass": UNKNOWN}), table())
    assert e.monthly is None and "storageClass is not known before deploy" in e.unpriced


def test_free_configuration_and_unknown_types() -> None:
    assert one(resource("alicloud:vpc/switch:Switch", "s", {}), table()).status == "free"
    other = one(resource("alicloud:ots/instance:Instance", "db", {}), table())
    assert other.monthly is None and "no pricing rule for alicloud:ots/instance:Instance" in other.unpriced


def test_checked_in_table_has_a_url_billing_and_date_per_row_for_every_region() -> None:
    assert {"cn-hangzhou", "cn-shanghai", "cn-beijing", "cn-shenzhen", "ap-southeast-1"} <= set(
        available_regions()
    )
    for region in available_regions():
        prices = load_price_table(region)
        assert prices.currency == "USD" and prices.date
        for price in prices.prices.values():
            assert price.url.startswith("https://") and price.billing in ("PayAsYouGo", "Subscription")
            assert price.read and price.region == region
    nat = load_price_table("ap-southeast-1").get("nat.internet.instance")
    assert nat is not None and nat.price == 0.043
    # The architecture guide's round GPU figure is not an Alibaba price: no row carries it.
    assert load_price_table("cn-hangzhou").get(GPU) is None
    with pytest.raises(CostError, match="no price table for region 'eu-west-1'"):
        load_price_table("eu-west-1")


def test_active_shard_price_is_the_documented_one_and_only_where_documented() -> None:
    # The shard price comes from a worked example that names no region, as the write-traffic price: both are
    # used for the Chinese mainland and neither is carried to Singapore at the mainland's rate.
    for region in ("cn-hangzhou", "cn-shanghai", "cn-beijing", "cn-shenzhen"):
        shard = load_price_table(region).get("sls.shard")
        assert shard is not None and (shard.price, shard.unit, shard.billing) == (0.01, "day", "PayAsYouGo")
        assert shard.url.startswith("https://github.com/AlibabaCloudDocs/sls/") and shard.read == "2026-12-08"
    singapore = load_price_table("ap-southeast-1")
    assert singapore.get("sls.shard") is None and singapore.get("sls.write") is None
    store = one(resource("alicloud:log/store:Store", "s", {"shardCount": 2}), load_price_table("cn-hangzhou"))
    assert store.status == "priced" and store.monthly == round(2 * 730 / 24 * 0.01, 2) + 4.5


def test_cost_errors_are_not_the_previews() -> None:
    assert not issubclass(CostError, PreviewError)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("defaults: {storage_gb: .inf}\n", r"defaults.storage_gb: must be a finite number"),
        ("defaults: {storage_gb: .nan}\n", r"defaults.storage_gb: must be a finite number"),
        ("defaults: {storage_gb: -1}\n", r"defaults.storage_gb: Input should be greater than or equal to 0"),
        (
            "prices:\n  x: {price: -1, unit: hour}\n",
            r"prices.x.price: Input should be greater than or equal to 0",
        ),
        ("prices:\n  x: {price: .inf, unit: hour}\n", r"prices.x.price: must be a finite number"),
        (
            "prices:\n  nat.internet.instance: {price: -1, unit: hour}\n",
            r"prices\['nat.internet.instance'\].price: Input should be greater than or equal to 0",
        ),
        (
            "resources:\n  '*-bucket': {storage_gb: -1}\n",
            r"resources\['\*-bucket'\].storage_gb: Input should be greater than or equal to 0",
        ),
        (
            "defaults: {storage_gbb: 3}\n",
            r"defaults.storage_gbb: is not a known field; did you mean 'storage_gb'\?",
        ),
        ("defualts: {}\n", r"defualts: is not a known field; did you mean 'defaults'\?"),
        ("prices:\n  x: {price: 1, unit: hours}\n", r"prices.x.unit: Input should be 'hour'"),
        (
            "prices:\n  nat.internet.instance: {price: 1, unit: gb}\n",
            r"'gb' cannot stand for the table's unit 'hour'",
        ),
        ("defaults: {storage_gb: 1}\ndefaults: {storage_gb: 2}\n", r'mapping key "defaults" already defined'),
    ],
)
def test_a_bad_usage_file_is_one_error_naming_the_field(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "usage.yaml"
    path.write_text(text)
    with pytest.raises(CostError, match=message):
        load_usage(path)


def report(estimates: list[Estimate], usage: Usage | None = None, stack: str = "prod") -> CostReport:
    return CostReport("shop", stack, REGION, table(), usage or Usage(), estimates)


def test_unmatched_patterns_unused_prices_and_unread_fields_are_warnings(tmp_path: Path) -> None:
    path = tmp_path / "usage.yaml"
    path.write_text(
        'resources:\n  "*-nothing": {storage_gb: 1}\n  "b*": {spot_price_ratio: 0.5}\n'
        "prices:\n  ecs.unused: {price: 1, unit: hour}\n"
    )
    usage = load_usage(path)
    estimates = estimate([resource("alicloud:oss/bucket:Bucket", "bucket", {})], table(), usage)
    warnings = report(estimates, usage).warnings()
    assert "usage file: resources['*-nothing'] matches no resource of the stack" in warnings
    assert "usage file: resources['b*'] sets spot_price_ratio, which no resource it matches uses" in warnings
    assert "usage file: prices['ecs.unused'] is used by no resource of the stack" in warnings


def test_the_total_says_what_it_leaves_out_and_no_subtotal_reads_zero() -> None:
    prices = table(**{"ack.pro.cluster": (0.09, "hour")})
    rows = estimate(
        [
            resource(
                "alicloud:cs/managedKubernetes:ManagedKubernetes", "c", {"clusterSpec": "ack.pro.small"}
            ),
            resource("alicloud:redis/tairInstance:TairInstance", "t", {"instanceClass": "x"}),
            resource("alicloud:vpc/switch:Switch", "s", {}),
        ],
        prices,
    )
    doc = to_json(report(rows))
    assert doc["total"] == {
        "monthly": 65.7,
        "unpricedResources": 1,
        "partiallyPricedResources": 0,
        "lowerBound": True,
    }
    assert doc["formatVersion"] == 1
    markdown = render_markdown(report(rows))
    assert "at least $65.70" in markdown
    only_unpriced = estimate(
        [resource("alicloud:redis/tairInstance:TairInstance", "t", {"instanceClass": "x"})], table()
    )
    assert "| (stack) | unpriced | 1 |" in render_markdown(report(only_unpriced))


def test_json_is_in_a_stable_order_and_strict() -> None:
    a = resource("alicloud:vpc/switch:Switch", "a", {})
    b = resource("alicloud:oss/bucket:Bucket", "b", {})
    forwards, backwards = (
        to_json(report(estimate([a, b], table()))),
        to_json(report(estimate([b, a], table()))),
    )
    assert json.dumps(forwards, sort_keys=True) == json.dumps(backwards, sort_keys=True)
    json.dumps(forwards, allow_nan=False)


def report_doc(stack: str, rows: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    total = round(sum(r["monthly"] or 0 for r in rows), 2)
    return {
        "formatVersion": 1,
        "stack": stack,
        "currency": "USD",
        "priceTableDate": "2026-12-07",
        "region": REGION,
        "resources": rows,
        "total": {"monthly": total, "lowerBound": any(r["monthly"] is None for r in rows)},
        **extra,
    }


def row(
    stack: str, name: str, monthly: float | None, digest: str = "d", status: str | None = None
) -> dict[str, Any]:
    return {
        "urn": f"urn:pulumi:{stack}::shop::t::retail-{stack}-{name}",
        "type": "t",
        "monthly": monthly,
        "status": status or ("unpriced" if monthly is None else "priced"),
        "inputsDigest": digest,
        "costComponents": [{"name": "instance", "monthly": monthly}],
    }


def test_diff_matches_dev_and_prod_by_logical_name_and_reports_totals_and_percent() -> None:
    old = diffs.parse_report(report_doc("dev", [row("dev", "a", 10.0), row("dev", "gone", 5.0)]), "base")
    new = diffs.parse_report(report_doc("prod", [row("prod", "a", 12.5), row("prod", "new", 7.5)]), "new")
    d = diffs.diff(old, new)
    assert (d.old_total, d.new_total, d.delta, d.percent) == (15.0, 20.0, 5.0, 33.3)
    assert {(c.action, c.name.split("-", 2)[2], c.delta) for c in d.changes} == {
        ("changed", "a", 2.5),
        ("removed", "gone", -5.0),
        ("added", "new", 7.5),
    }
    (a,) = [c for c in d.changes if c.action == "changed"]
    assert a.components == (diffs.ComponentChange("instance", 10.0, 12.5),)
    assert logical_key(a.urn, "prod") == "t::retail-{stack}-a"


def test_diff_an_unpriced_resource_that_got_a_price_is_changed_and_unpriced_changes_show() -> None:
    old = diffs.parse_report(
        report_doc("prod", [row("prod", "nat", None), row("prod", "tair", None, digest="one")]), "base"
    )
    new = diffs.parse_report(
        report_doc("prod", [row("prod", "nat", 24.82), row("prod", "tair", None, digest="two")]), "new"
    )
    d = diffs.diff(old, new)
    by_name = {c.name: c for c in d.changes}
    assert by_name["retail-prod-nat"].action == "changed"
    assert by_name["retail-prod-nat"].describe() == "unpriced -> priced"
    assert by_name["retail-prod-tair"].action == "changed" and by_name["retail-prod-tair"].inputs_changed
    text = diffs.render_text(d)
    assert "changed retail-prod-tair (t): unpriced -> unpriced (+$0.00); inputs changed" in text
    assert "| changed | `retail-prod-nat`<br>unpriced -> priced" in diffs.render_markdown(d)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("currency", "CNY", "the base report's currency is 'CNY' and this run's is 'USD'"),
        ("region", "ap-southeast-1", "the base report's region is 'ap-southeast-1'"),
        ("priceTableDate", "2026-11-22", "the base report's priceTableDate is '2026-11-22'"),
    ],
)
def test_diff_refuses_reports_whose_figures_do_not_compare(field: str, value: str, message: str) -> None:
    base = report_doc("prod", [row("prod", "a", 1.0)])
    base[field] = value
    with pytest.raises(CostError, match=message):
        diffs.diff(
            diffs.parse_report(base, "base"),
            diffs.parse_report(report_doc("prod", [row("prod", "a", 1.0)]), "new"),
        )


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ([], r"not a `retail-ai cost --json` report \(a JSON object\)"),
        ({"resources": []}, r"not a `retail-ai cost --json` report: currency: Field required"),
        (
            {**report_doc("prod", []), "resources": [{"urn": "urn:pulumi:x::y::t::n", "type": "t"}]},
            r"resources\[0\]\.monthly: Field required",
        ),
        ({"error": "the program raised"}, "the base run failed, its report holds only its error"),
        ({"changes": [], "total": {"delta": 1}}, "this is a diff, not a `retail-ai cost --json` report"),
    ],
)
def test_a_malformed_base_report_is_a_clear_error(raw: Any, message: str) -> None:
    with pytest.raises(CostError, match=message):
        diffs.parse_report(raw, "--diff base.json")


def test_threshold_in_usd_or_percent() -> None:
    d = diffs.Diff("USD", 100.0, 130.0, False, False)
    assert diffs.parse_threshold("25").exceeded_by(d) and not diffs.parse_threshold("30").exceeded_by(d)
    assert diffs.parse_threshold("29%").exceeded_by(d) and not diffs.parse_threshold("30%").exceeded_by(d)
    with pytest.raises(CostError, match="--fail-above 'lots'"):
        diffs.parse_threshold("lots")
    with pytest.raises(CostError, match="finite, non-negative"):
        diffs.parse_threshold("inf")


def test_usage_template_lists_missing_prices_and_keeps_what_the_file_sets(tmp_path: Path) -> None:
    path = tmp_path / "usage.yaml"
    path.write_text('defaults: {storage_gb: 500}\nresources:\n  "b*": {storage_gb: 9}\n')
    usage = load_usage(path)
    rows = estimate(
        [
            resource("alicloud:oss/bucket:Bucket", "bucket", {"redundancyType": "ZRS"}),
            resource("alicloud:log/store:Store", "store", {}),
        ],
        table(),
        usage,
    )
    text = usage_template(rows, usage)
    assert "  storage_gb: 500\n" in text and '  "b*": {storage_gb: 9}\n' in text
    assert "  # oss.storage.standard.zrs: {price: , unit: gb-month}  # needed by bucket\n" in text
    assert "  # sls.shard: {price: , unit: day}  # needed by store\n" in text
    assert '  # "store": {log_write_gb_per_month: 100}  # alicloud:log/store:Store\n' in text
    (tmp_path / "again.yaml").write_text(text)
    again = load_usage(tmp_path / "again.yaml")  # the template is itself a valid usage file
    assert again.defaults == Assumptions(storage_gb=500)


def test_the_region_comes_from_an_explicit_provider_before_the_stack() -> None:
    from retail_ai_components.cost.resources import SECRET, resources_of
    from retail_ai_components.preview.records import ProgramRun, RecordedResource
    from retail_ai_components.preview.wire import SECRET_SIG, SIG

    stack = RecordedResource(
        "urn:pulumi:prod::shop::pulumi:pulumi:Stack::shop-prod", "pulumi:pulumi:Stack", "shop-prod", False, {}
    )
    singapore = RecordedResource(
        "urn:pulumi:prod::shop::pulumi:providers:alicloud::sg",
        "pulumi:providers:alicloud",
        "sg",
        True,
        {"region": "ap-southeast-1"},
        id="sg-id",
    )
    on_sg = RecordedResource(
        "urn:pulumi:prod::shop::alicloud:oss/bucket:Bucket::b",
        "alicloud:oss/bucket:Bucket",
        "b",
        True,
        {"password": {SIG: SECRET_SIG, "value": "hunter2"}},
        parent=stack.urn,
        provider=f"{singapore.urn}::sg-id",
    )
    default = RecordedResource(
        "urn:pulumi:prod::shop::alicloud:oss/bucket:Bucket::d",
        "alicloud:oss/bucket:Bucket",
        "d",
        True,
        {},
        parent=stack.urn,
    )
    resources = resources_of(ProgramRun("shop", "prod", [stack, singapore, on_sg, default]), "cn-hangzhou")
    assert [(r.name, r.region) for r in resources] == [("b", "ap-southeast-1"), ("d", "cn-hangzhou")]
    assert resources[0].inputs == {"password": SECRET}  # never the secret's value
