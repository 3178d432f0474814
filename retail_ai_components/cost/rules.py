"""One plain function per resource kind: the resource's inputs and usage assumptions in, its cost components out.

A resource is billed as one or more components (instances, disks, CUs, storage, traffic), each with its
basis (quantities, unit prices and the key of each price), so a reviewer can recompute every figure from
the price table. A price the table lacks leaves that component unpriced, with the key a usage file can
supply it under; it is never taken as zero. A resource is priced in its own region and billed as its own
payment type says: subscription at subscription prices, spot at the spot ratio capped by its price limit.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .billing import Component, Context, H, Priced, Unpriced, missing, money, number, subscription, value
from .prices import DAYS_PER_MONTH, HOURS_PER_MONTH, SUBSCRIPTION, Price
from .resources import UNKNOWN, Resource
from .usage import Assumptions

# --- instances and disks ------------------------------------------------------------------------------------


def _instance_types(inputs: dict[str, Any], key: str) -> list[str]:
    types = value(inputs, key, []) or []
    if isinstance(types, str):
        types = [types]
    return [str(t) for t in types]


def _first_priced(types: list[str], ctx: Context, suffix: str) -> tuple[str, Price | None]:
    """The first of the instance types (preferred first) that has a price; else the first type."""
    for instance_type in types:
        price = ctx.price(instance_type + suffix)
        if price is not None:
            return instance_type, price
    return (types[0] if types else ""), None


def _spot_limits(inputs: dict[str, Any]) -> dict[str, float]:
    limits: dict[str, float] = {}
    for entry in value(inputs, "spotPriceLimits", []) or []:
        if isinstance(entry, dict) and entry.get("priceLimit") not in (None, "", UNKNOWN):
            try:
                limits[str(entry.get("instanceType", ""))] = float(entry["priceLimit"])
            except (TypeError, ValueError):
                continue
    single = inputs.get("spotPriceLimit")
    if single not in (None, "", UNKNOWN, 0, 0.0):
        limits.setdefault("", float(single))
    return limits


def _instances(
    types: list[str], nodes: float, sizing: str, inputs: dict[str, Any], ctx: Context, charge_key: str
) -> Priced:
    """``nodes`` instances of the pool's first priced type, billed as on demand, spot (capped) or subscription."""
    if not types:
        raise Unpriced("no instance type is set")
    if subscription(value(inputs, charge_key, "PostPaid")):
        instance_type, price = _first_priced(types, ctx, SUBSCRIPTION)
        key = instance_type + SUBSCRIPTION
        line = ctx.line(
            "instances", nodes, f"{instance_type}: {sizing}", key, "month", f"{instance_type} (subscription)"
        )
        return Priced([line], billing="Subscription")
    strategy = str(value(inputs, "spotStrategy", "NoSpot"))
    instance_type, price = _first_priced(types, ctx, "")
    if strategy not in ("SpotAsPriceGo", "SpotWithPriceLimit"):
        line = ctx.line(
            "instances",
            nodes * HOURS_PER_MONTH,
            f"{instance_type}: {sizing} x {H}",
            instance_type,
            "hour",
            instance_type,
        )
        return Priced([line])
    ratio = ctx.usage.spot_price_ratio
    limits = _spot_limits(inputs) if strategy == "SpotWithPriceLimit" else {}
    cap = limits.get(instance_type, limits.get("")) if limits else None
    if price is None and cap is None:
        return Priced(
            [
                missing(
                    "instances (spot)",
                    instance_type,
                    "hour",
                    f"{instance_type} on demand (spot is priced from it)",
                    ctx.prices.region,
                )
            ],
            billing="Spot",
        )
    on_demand = None if price is None else price.per("hour")
    hourly = cap if on_demand is None else on_demand * ratio
    assert hourly is not None
    how = f"spot at {ratio:g} of on-demand {price.label()}" if price is not None else ""
    if cap is not None and (on_demand is None or cap < on_demand * ratio):
        hourly = cap
        how = f"spot at its price limit ${cap:g}/hour (the most it pays)"
    monthly = nodes * HOURS_PER_MONTH * hourly
    basis = f"{instance_type}: {sizing} x {H} x {how}"
    on_demand_monthly = None if on_demand is None else nodes * HOURS_PER_MONTH * on_demand
    if on_demand_monthly is not None:
        basis += f" ({money(on_demand_monthly)} on demand)"
    key = instance_type if price is not None else ""
    return Priced([Component("instances (spot)", monthly, basis, price_key=key)], "Spot", on_demand_monthly)


def _disk_line(name: str, category: Any, size: Any, level: Any, count: float, ctx: Context) -> Component:
    category = str(category or "cloud_efficiency")
    key = f"disk.{category}" + (f".{str(level).lower()}" if level and category == "cloud_essd" else "")
    if size in (None, "", UNKNOWN):
        return Component(
            name,
            None,
            "",
            unpriced="its size is not set (the provider's default applies at deploy)",
            price_key=key,
        )
    gb = float(size)
    return ctx.line(name, count * gb, f"{count:g} x {gb:g} GB", key, "gb-month", f"{key} disks")


def _disks(inputs: dict[str, Any], count: float, ctx: Context, system_prefix: str) -> list[Component]:
    lines: list[Component] = []
    if count == 0:
        return lines
    lines.append(
        _disk_line(
            "system disk",
            value(inputs, f"{system_prefix}Category", "cloud_efficiency"),
            inputs.get(f"{system_prefix}Size"),
            inputs.get(f"{system_prefix}PerformanceLevel"),
            count,
            ctx,
        )
    )
    for i, disk in enumerate(value(inputs, "dataDisks", []) or []):
        if isinstance(disk, dict):
            lines.append(
                _disk_line(
                    f"data disk {i + 1}",
                    disk.get("category"),
                    disk.get("size"),
                    disk.get("performanceLevel"),
                    count,
                    ctx,
                )
            )
    return lines


def _pool_size(inputs: dict[str, Any], gpu: bool, usage: Assumptions) -> tuple[float, str]:
    scaling = value(inputs, "scalingConfig", {}) or {}
    if scaling.get("enable") is True:
        low, high = float(scaling.get("minSize", 0) or 0), float(scaling.get("maxSize", 0) or 0)
        share = usage.gpu_pool_utilisation if gpu else usage.node_pool_utilisation
        nodes = low + share * (high - low)
        return nodes, f"{low:g} + {share:g} x ({high:g} - {low:g}) = {nodes:g} nodes on average"
    for key in ("desiredSize", "nodeCount"):
        count = number(inputs, key)
        if count is not None:
            return count, f"{count:g} nodes ({key})"
    raise Unpriced("the pool's size is not set (scaling_config, desired_size or node_count)")


def _node_pool(r: Resource, ctx: Context) -> Priced:
    types = _instance_types(r.inputs, "instanceTypes")
    scaling = value(r.inputs, "scalingConfig", {}) or {}
    gpu = str(scaling.get("type", "")) == "gpu" or any(t.startswith(("ecs.gn", "ecs.ebmgn")) for t in types)
    nodes, sizing = _pool_size(r.inputs, gpu, ctx.usage)
    priced = _instances(types, nodes, sizing, r.inputs, ctx, "instanceChargeType")
    disks = _disks(r.inputs, nodes, ctx, "systemDisk")
    return Priced([*priced.components, *disks], priced.billing, priced.monthly_on_demand)


def _ecs_instance(r: Resource, ctx: Context) -> Priced:
    types = _instance_types(r.inputs, "instanceType")
    priced = _instances(types, 1, "1 instance", r.inputs, ctx, "instanceChargeType")
    return Priced(
        [*priced.components, *_disks(r.inputs, 1, ctx, "systemDisk")],
        priced.billing,
        priced.monthly_on_demand,
    )


def _ecs_disk(r: Resource, ctx: Context) -> Priced:
    billing = "Subscription" if subscription(value(r.inputs, "paymentType", "PayAsYouGo")) else "PayAsYouGo"
    if billing == "Subscription":
        raise Unpriced("subscription disks are billed with their instance's subscription; not estimated")
    line = _disk_line(
        "disk",
        value(r.inputs, "category"),
        value(r.inputs, "size"),
        r.inputs.get("performanceLevel"),
        1,
        ctx,
    )
    return Priced([line])


# --- services -----------------------------------------------------------------------------------------------


def _managed_kubernetes(r: Resource, ctx: Context) -> Priced:
    spec = str(value(r.inputs, "clusterSpec", "ack.standard"))
    if not spec.startswith("ack.pro"):
        return Priced(
            [
                Component(
                    "cluster management",
                    0.0,
                    f"{spec}: a managed Basic cluster has no cluster management fee",
                )
            ]
        )
    lines = [
        ctx.line(
            "cluster management",
            HOURS_PER_MONTH,
            f"{H} ({spec})",
            "ack.pro.cluster",
            "hour",
            "the ACK Pro cluster management fee",
        )
    ]
    if spec != "ack.pro.small":
        key = f"ack.control-plane.{spec.removeprefix('ack.pro.')}"
        lines.append(
            ctx.line(
                "provisioned control plane",
                HOURS_PER_MONTH,
                f"{H} ({spec})",
                key,
                "hour",
                f"the {spec} provisioned control plane",
            )
        )
    return Priced(lines)


def _eas_service(r: Resource, ctx: Context) -> Priced:
    raw = value(r.inputs, "serviceConfig", "{}")
    try:
        config = json.loads(raw) if isinstance(raw, str) else dict(raw)
    except ValueError:
        raise Unpriced("serviceConfig is not JSON") from None
    metadata = config.get("metadata", {})
    autoscaler = config.get("autoscaler", {})
    replicas = float(autoscaler.get("min", metadata.get("instance", 1)))
    peak = float(autoscaler.get("max", replicas))
    name = str(metadata.get("name", ""))
    weight = ctx.eas_weights.get(name)
    traffic = ""
    if weight is not None:
        # A service's autoscaler follows its own traffic: at weight 0 it never scales past its minimum.
        peak = max(replicas, math.ceil(peak * weight / 100))
        traffic = f" (at {weight} % of its group's traffic, bursts to {peak:g})"
    instance_type = str(config.get("cloud", {}).get("computing", {}).get("instance_type", ""))
    group = metadata.get("resource")
    hours = ctx.usage.burst_hours_per_month
    key = f"eas.{instance_type}"
    if group:
        # The dedicated resource group is bought outside the stack: its fee is not this resource's. Only
        # replicas above what it holds run on pay-as-you-go (public) instances.
        burst = max(peak - replicas, 0.0) if metadata.get("resource_burstable") else 0.0
        held = (
            f"{replicas:g} replicas on the dedicated resource group {group} (billed as that group){traffic}"
        )
        if not burst:
            return Priced([Component("replicas", 0.0, held)])
        if not instance_type:
            raise Unpriced("the service names no instance type for its burst (cloud.computing.instance_type)")
        line = ctx.line(
            "burst replicas",
            burst * hours,
            f"{held}; burst {burst:g} replicas x {hours:g} h",
            key,
            "hour",
            f"EAS {instance_type} (pay-as-you-go)",
        )
        return Priced([line])
    if not instance_type:
        raise Unpriced("the service names no instance type (cloud.computing.instance_type)")
    base_hours = HOURS_PER_MONTH - hours
    replica_hours = replicas * base_hours + peak * hours
    what = f"{replicas:g} replicas x {base_hours:g} h + {peak:g} replicas x {hours:g} h{traffic} = {replica_hours:g} replica-hours"
    return Priced(
        [ctx.line("replicas", replica_hours, what, key, "hour", f"EAS {instance_type} (pay-as-you-go)")]
    )


def _nat_gateway(r: Resource, ctx: Context) -> Priced:
    if subscription(value(r.inputs, "paymentType", "PayAsYouGo")):
        raise Unpriced(
            "subscription NAT gateways (the legacy specification) are not sold any more; not estimated"
        )
    kind = "vpc" if str(value(r.inputs, "networkType", "internet")) == "intranet" else "internet"
    # The CU fee is a price per gateway kind, like the instance fee: a figure read for Internet NAT gateways
    # says nothing of VPC ones.
    cu = ctx.usage.nat_cu_per_hour
    return Priced(
        [
            ctx.line(
                "instance",
                HOURS_PER_MONTH,
                H,
                f"nat.{kind}.instance",
                "hour",
                f"the {kind} NAT gateway instance fee",
            ),
            ctx.line(
                "capacity units",
                cu * HOURS_PER_MONTH,
                f"{cu:g} CU x {H}",
                f"nat.{kind}.cu",
                "hour",
                f"the {kind} NAT gateway CU fee",
            ),
        ]
    )


def _eip(r: Resource, ctx: Context) -> Priced:
    if subscription(value(r.inputs, "paymentType", "PayAsYouGo")):
        bandwidth = number(r.inputs, "bandwidth", 5) or 0
        return Priced(
            [
                ctx.line(
                    "bandwidth",
                    bandwidth,
                    f"{bandwidth:g} Mbit/s",
                    "eip.bandwidth/subscription",
                    "month",
                    "subscription EIP bandwidth per Mbit/s",
                )
            ],
            "Subscription",
        )
    bound = ctx.eip_bound_to.get(r.id or "")
    if bound == "EcsInstance":
        config = Component(
            "configuration",
            0.0,
            "none for an EIP associated with an ECS instance (EIP billing, pay-as-you-go)",
        )
    else:
        config = ctx.line(
            "configuration",
            HOURS_PER_MONTH,
            f"{H}" + (f" (associated with a {bound})" if bound else ""),
            "eip.config",
            "hour",
            "the EIP configuration fee",
        )
    if str(value(r.inputs, "internetChargeType", "PayByBandwidth")) == "PayByTraffic":
        gb = ctx.usage.eip_egress_gb_per_month
        data = ctx.line(
            "internet data transfer",
            gb,
            f"{gb:g} GB",
            "eip.traffic",
            "gb",
            "internet data transfer (CDT tiers)",
        )
    else:
        bandwidth = number(r.inputs, "bandwidth", 5) or 0
        data = ctx.line(
            "bandwidth",
            bandwidth * HOURS_PER_MONTH,
            f"{bandwidth:g} Mbit/s x {H}",
            "eip.bandwidth",
            "hour",
            "pay-by-bandwidth EIP bandwidth per Mbit/s",
        )
    return Priced([config, data])


def _bucket(r: Resource, ctx: Context) -> Priced:
    storage_class = str(value(r.inputs, "storageClass", "Standard")).lower()
    redundancy = str(value(r.inputs, "redundancyType", "LRS")).lower()
    key = f"oss.storage.{storage_class}.{redundancy}"
    gb = ctx.usage.storage_gb
    line = ctx.line(
        "storage",
        gb,
        f"{gb:g} GB (requests and traffic not included)",
        key,
        "gb-month",
        f"OSS {storage_class} {redundancy.upper()} storage",
    )
    return Priced([line])


def _kms_key(r: Resource, ctx: Context) -> Priced:
    if not value(r.inputs, "dkmsInstanceId"):
        return Priced(
            [
                Component(
                    "key",
                    0.0,
                    "a default key (no KMS instance): free, as the KMS billing page states; API calls not included",
                )
            ]
        )
    line = ctx.line(
        "key version",
        DAYS_PER_MONTH,
        f"1 version x {DAYS_PER_MONTH:g} days (each rotation adds one)",
        "kms.key.version",
        "day",
        "a key version in a pay-as-you-go KMS instance",
    )
    return Priced([line])


def _log_store(r: Resource, ctx: Context) -> Priced:
    shards = number(r.inputs, "shardCount", 2) or 0
    gb = ctx.usage.log_write_gb_per_month
    return Priced(
        [
            ctx.line(
                "active shards",
                shards * DAYS_PER_MONTH,
                f"{shards:g} shards x {DAYS_PER_MONTH:g} days",
                "sls.shard",
                "day",
                "an active Log Service shard",
            ),
            ctx.line("write traffic", gb, f"{gb:g} GB", "sls.write", "gb", "Log Service write traffic"),
        ]
    )


def _tair(r: Resource, ctx: Context) -> Priced:
    instance_class = str(value(r.inputs, "instanceClass"))
    shards = number(r.inputs, "shardCount", 1) or 1
    if subscription(value(r.inputs, "paymentType", "PayAsYouGo")):
        line = ctx.line(
            "instance",
            shards,
            f"{shards:g} shards",
            instance_class + SUBSCRIPTION,
            "month",
            f"Tair {instance_class} (subscription)",
        )
        return Priced([line], "Subscription")
    return Priced(
        [
            ctx.line(
                "instance",
                shards * HOURS_PER_MONTH,
                f"{shards:g} shards x {H}",
                instance_class,
                "hour",
                f"Tair {instance_class}",
            )
        ]
    )


def _flink(r: Resource, ctx: Context) -> Priced:
    spec = value(r.inputs, "resourceSpec", {}) or {}
    cus = float(spec.get("cpu", 0) or 0) + 2
    # The workspace's management service always uses 2 CUs on top of the jobs' (Flink billing docs).
    what = f"({cus - 2:g} CUs + 2 management CUs)"
    if subscription(value(r.inputs, "paymentType", "PayAsYouGo")):
        return Priced(
            [ctx.line("CUs", cus, what, "flink.cu" + SUBSCRIPTION, "month", "a Flink CU (subscription)")],
            "Subscription",
        )
    return Priced([ctx.line("CUs", cus * HOURS_PER_MONTH, f"{what} x {H}", "flink.cu", "hour", "a Flink CU")])


def _milvus(r: Resource, ctx: Context) -> Priced:
    cus = 0.0
    for part in value(r.inputs, "components", []) or []:
        if isinstance(part, dict):
            cus += float(part.get("cuNum", 0) or 0) * float(part.get("replica", 1) or 1)
    what = f"{cus:g} CUs (CU x replicas over its components)"
    if subscription(value(r.inputs, "paymentType", "PayAsYouGo")):
        return Priced(
            [ctx.line("CUs", cus, what, "milvus.cu" + SUBSCRIPTION, "month", "a Milvus CU (subscription)")],
            "Subscription",
        )
    return Priced(
        [ctx.line("CUs", cus * HOURS_PER_MONTH, f"{what} x {H}", "milvus.cu", "hour", "a Milvus CU")]
    )


_MAXCOMPUTE_TIERS = (
    ("maxcompute.storage.upto-100gb", 100.0),
    ("maxcompute.storage.upto-1tb", 1024.0),
    ("maxcompute.storage.upto-10tb", 10240.0),
    ("maxcompute.storage.upto-100tb", 102400.0),
    ("maxcompute.storage.upto-1pb", 1048576.0),
)


def _maxcompute_project(r: Resource, ctx: Context) -> Priced:
    if str(value(r.inputs, "productType", "PayAsYouGo")) != "PayAsYouGo":
        raise Unpriced("subscription compute is a quota bought outside the project; not estimated")
    gb = ctx.usage.warehouse_storage_gb
    lines: list[Component] = []
    floor = 1.0  # the first GB a day is free
    for key, ceiling in _MAXCOMPUTE_TIERS:
        portion = max(0.0, min(gb, ceiling) - floor)
        if portion:
            lines.append(
                ctx.line(
                    "storage",
                    portion * DAYS_PER_MONTH,
                    f"{portion:g} GB x {DAYS_PER_MONTH:g} days",
                    key,
                    "gb-day",
                    "MaxCompute storage",
                )
            )
        floor = ceiling
    if gb > floor:
        lines.append(
            Component(
                "storage",
                None,
                "",
                unpriced="storage above 1 PB is quoted by Alibaba on request",
                price_key="maxcompute.storage.above-1pb",
            )
        )
    scanned, complexity = ctx.usage.warehouse_scanned_gb_per_month, ctx.usage.warehouse_sql_complexity
    lines.append(
        ctx.line(
            "SQL",
            scanned * complexity,
            f"{scanned:g} GB scanned x complexity {complexity:g}",
            "maxcompute.sql",
            "gb",
            "MaxCompute SQL",
        )
    )
    return Priced(lines)


def _registry_instance(r: Resource, ctx: Context) -> Priced:
    edition = str(value(r.inputs, "instanceType", "Basic")).lower()
    if subscription(value(r.inputs, "paymentType", "Subscription")):
        key = f"cr.ee.{edition}" + SUBSCRIPTION
        return Priced(
            [
                ctx.line(
                    "instance", 1, "1 instance", key, "month", f"an ACR Enterprise Edition {edition} instance"
                )
            ],
            "Subscription",
        )
    return Priced(
        [
            ctx.line(
                "instance",
                HOURS_PER_MONTH,
                H,
                f"cr.ee.{edition}",
                "hour",
                f"an ACR Enterprise Edition {edition} instance",
            )
        ]
    )


def _prometheus(r: Resource, ctx: Context) -> Priced:
    gb = ctx.usage.prometheus_custom_gb_per_month
    return Priced(
        [
            ctx.line(
                "custom metrics",
                gb,
                f"{gb:g} GB ingested (basic metrics are free)",
                "arms.prometheus.ingest",
                "gb",
                "Prometheus data ingestion",
            )
        ]
    )


def _grafana(r: Resource, ctx: Context) -> Priced:
    edition = str(value(r.inputs, "grafanaWorkspaceEdition", "standard"))
    return Priced(
        [
            ctx.line(
                "workspace",
                1,
                f"1 {edition} workspace",
                f"arms.grafana.{edition}",
                "month",
                f"a Grafana {edition} workspace",
            )
        ]
    )


def _monthly_item(name: str, key: str, what: str) -> Callable[[Resource, Context], Priced]:
    def pricer(r: Resource, ctx: Context) -> Priced:
        return Priced([ctx.line(name, 1, f"1 {name}", key, "month", what)])

    return pricer


def _image_cache(r: Resource, ctx: Context) -> Priced:
    gb = number(r.inputs, "imageCacheSize", 20) or 0
    return Priced(
        [ctx.line("snapshot", gb, f"{gb:g} GB", "eci.imagecache", "gb-month", "an ECI image cache snapshot")]
    )


def _rds(r: Resource, ctx: Context) -> Priced:
    instance_class = str(value(r.inputs, "instanceType"))
    storage = number(r.inputs, "instanceStorage", 0) or 0
    storage_type = str(value(r.inputs, "dbInstanceStorageType", "cloud_essd"))
    if subscription(value(r.inputs, "instanceChargeType", "Postpaid")):
        return Priced(
            [
                ctx.line(
                    "instance",
                    1,
                    f"{instance_class}",
                    f"rds.{instance_class}" + SUBSCRIPTION,
                    "month",
                    f"RDS {instance_class} (subscription)",
                ),
                ctx.line(
                    "storage",
                    storage,
                    f"{storage:g} GB",
                    f"rds.storage.{storage_type}" + SUBSCRIPTION,
                    "gb-month",
                    f"RDS {storage_type} storage (subscription)",
                ),
            ],
            "Subscription",
        )
    return Priced(
        [
            ctx.line(
                "instance",
                HOURS_PER_MONTH,
                f"{instance_class} x {H}",
                f"rds.{instance_class}",
                "hour",
                f"RDS {instance_class}",
            ),
            ctx.line(
                "storage",
                storage,
                f"{storage:g} GB",
                f"rds.storage.{storage_type}",
                "gb-month",
                f"RDS {storage_type} storage",
            ),
        ]
    )


def _alb(r: Resource, ctx: Context) -> Priced:
    edition = str(value(r.inputs, "loadBalancerEdition", "Basic")).lower()
    lcu = ctx.usage.lcu_per_hour
    return Priced(
        [
            ctx.line(
                "instance",
                HOURS_PER_MONTH,
                H,
                f"alb.instance.{edition}",
                "hour",
                f"an ALB {edition} instance",
            ),
            ctx.line("LCUs", lcu * HOURS_PER_MONTH, f"{lcu:g} LCU x {H}", "alb.lcu", "hour", "an ALB LCU"),
        ]
    )


def _nlb(r: Resource, ctx: Context) -> Priced:
    lcu = ctx.usage.lcu_per_hour
    return Priced(
        [
            ctx.line("instance", HOURS_PER_MONTH, H, "nlb.instance", "hour", "an NLB instance"),
            ctx.line("LCUs", lcu * HOURS_PER_MONTH, f"{lcu:g} LCU x {H}", "nlb.lcu", "hour", "an NLB LCU"),
        ]
    )


def _clb(r: Resource, ctx: Context) -> Priced:
    if subscription(value(r.inputs, "paymentType", "PayAsYouGo")):
        spec = str(value(r.inputs, "loadBalancerSpec", ""))
        return Priced(
            [
                ctx.line(
                    "instance",
                    1,
                    spec or "1 instance",
                    f"clb.{spec}" + SUBSCRIPTION,
                    "month",
                    f"a CLB {spec} instance (subscription)",
                )
            ],
            "Subscription",
        )
    if str(value(r.inputs, "instanceChargeType", "PayBySpec")) == "PayByCLCU":
        lcu = ctx.usage.lcu_per_hour
        return Priced(
            [
                ctx.line("instance", HOURS_PER_MONTH, H, "clb.instance", "hour", "a pay-by-LCU CLB instance"),
                ctx.line("LCUs", lcu * HOURS_PER_MONTH, f"{lcu:g} LCU x {H}", "clb.lcu", "hour", "a CLB LCU"),
            ]
        )
    spec = str(value(r.inputs, "loadBalancerSpec", ""))
    return Priced(
        [
            ctx.line(
                "instance", HOURS_PER_MONTH, f"{spec} x {H}", f"clb.{spec}", "hour", f"a CLB {spec} instance"
            )
        ]
    )


Pricer = Callable[[Resource, Context], Priced]


@dataclass(frozen=True)
class Rule:
    price: Pricer
    reads: tuple[str, ...] = ()
    """The usage assumptions it reads (what a usage file can set for such a resource)."""


PRICERS: dict[str, Rule] = {
    "alicloud:cs/managedKubernetes:ManagedKubernetes": Rule(_managed_kubernetes),
    "alicloud:cs/nodePool:NodePool": Rule(
        _node_pool, ("gpu_pool_utilisation", "node_pool_utilisation", "spot_price_ratio")
    ),
    "alicloud:ecs/instance:Instance": Rule(_ecs_instance, ("spot_price_ratio",)),
    "alicloud:ecs/ecsDisk:EcsDisk": Rule(_ecs_disk),
    "alicloud:ecs/disk:Disk": Rule(_ecs_disk),
    "alicloud:pai/service:Service": Rule(_eas_service, ("burst_hours_per_month",)),
    "alicloud:vpc/natGateway:NatGateway": Rule(_nat_gateway, ("nat_cu_per_hour",)),
    "alicloud:ecs/eipAddress:EipAddress": Rule(_eip, ("eip_egress_gb_per_month",)),
    "alicloud:oss/bucket:Bucket": Rule(_bucket, ("storage_gb",)),
    "alicloud:kms/key:Key": Rule(_kms_key),
    "alicloud:log/store:Store": Rule(_log_store, ("log_write_gb_per_month",)),
    "alicloud:redis/tairInstance:TairInstance": Rule(_tair),
    "alicloud:realtimecompute/vvpInstance:VvpInstance": Rule(_flink),
    "alicloud:index/milvusInstance:MilvusInstance": Rule(_milvus),
    "alicloud:maxcompute/project:Project": Rule(
        _maxcompute_project,
        ("warehouse_storage_gb", "warehouse_scanned_gb_per_month", "warehouse_sql_complexity"),
    ),
    "alicloud:cr/registryEnterpriseInstance:RegistryEnterpriseInstance": Rule(_registry_instance),
    "alicloud:arms/prometheus:Prometheus": Rule(_prometheus, ("prometheus_custom_gb_per_month",)),
    "alicloud:arms/grafanaWorkspace:GrafanaWorkspace": Rule(_grafana),
    "alicloud:cfg/rule:Rule": Rule(
        _monthly_item("rule", "cfg.rule", "a Cloud Config rule (its evaluations in a month)")
    ),
    "alicloud:actiontrail/trail:Trail": Rule(
        _monthly_item("trail", "actiontrail.trail", "an ActionTrail trail")
    ),
    "alicloud:eci/imageCache:ImageCache": Rule(_image_cache),
    "alicloud:rds/instance:Instance": Rule(_rds),
    "alicloud:alb/loadBalancer:LoadBalancer": Rule(_alb, ("lcu_per_hour",)),
    "alicloud:nlb/loadBalancer:LoadBalancer": Rule(_nlb, ("lcu_per_hour",)),
    "alicloud:slb/loadBalancer:LoadBalancer": Rule(_clb, ("lcu_per_hour",)),
}

NO_CHARGE: dict[str, str] = {
    # Configuration that Alibaba bills through another resource, or not at all.
    "alicloud:vpc/network:Network": "VPCs are free; traffic is billed where it leaves",
    "alicloud:vpc/switch:Switch": "vSwitches are free",
    "alicloud:vpc/routeTable:RouteTable": "route tables are free",
    "alicloud:vpc/routeTableAttachment:RouteTableAttachment": "route tables are free",
    "alicloud:vpc/routeEntry:RouteEntry": "route entries are free",
    "alicloud:vpc/snatEntry:SnatEntry": "billed as its NAT gateway",
    "alicloud:ecs/securityGroup:SecurityGroup": "security groups are free",
    "alicloud:ecs/securityGroupRule:SecurityGroupRule": "security groups are free",
    "alicloud:ecs/eipAssociation:EipAssociation": "billed as its EIP",
    "alicloud:oss/bucketAcl:BucketAcl": "billed as its bucket",
    "alicloud:oss/bucketPolicy:BucketPolicy": "billed as its bucket",
    "alicloud:oss/bucketLogging:BucketLogging": "billed as its bucket (logs are stored in the target bucket)",
    "alicloud:oss/bucketPublicAccessBlock:BucketPublicAccessBlock": "billed as its bucket",
    "alicloud:ram/role:Role": "RAM is free",
    "alicloud:ram/policy:Policy": "RAM is free",
    "alicloud:ram/rolePolicyAttachment:RolePolicyAttachment": "RAM is free",
    "alicloud:ram/user:User": "RAM is free",
    "alicloud:ram/userPolicyAttachment:UserPolicyAttachment": "RAM is free",
    "alicloud:maxcompute/role:Role": "a MaxCompute role is a set of permissions; compute and storage bill on the project",
    "alicloud:cs/registryEnterpriseNamespace:RegistryEnterpriseNamespace": "namespaces are part of the Enterprise Edition instance",
    "alicloud:cr/scanRule:ScanRule": "a setting of its Enterprise Edition instance",
    "alicloud:cr/vpcEndpointLinkedVpc:VpcEndpointLinkedVpc": "a setting of its Enterprise Edition instance",
    "alicloud:log/project:Project": "billed through its logstores",
    "alicloud:cs/kubernetesAddon:KubernetesAddon": "billed through the cluster and the nodes it runs on",
    "alicloud:cs/autoscalingConfig:AutoscalingConfig": "billed through the node pools it scales",
    "alicloud:pai/workspaceWorkspace:WorkspaceWorkspace": "billed through the services and jobs it holds",
    "alicloud:pai/workspaceDataset:WorkspaceDataset": "billed as the storage it points to",
    "alicloud:kvstore/backupPolicy:BackupPolicy": "a setting of its Tair instance; backups are billed with the instance",
    "alicloud:arms/alertContact:AlertContact": "alerting configuration; notifications are billed per message, not estimated",
    "alicloud:arms/alertContactGroup:AlertContactGroup": "alerting configuration",
    "alicloud:arms/dispatchRule:DispatchRule": "alerting configuration",
    "alicloud:arms/prometheusAlertRule:PrometheusAlertRule": "evaluated by its Prometheus instance",
    "alicloud:arms/prometheusMonitoring:PrometheusMonitoring": "a scrape config; what it ingests is billed on its Prometheus instance",
    "alicloud:cms/alarm:Alarm": "CloudMonitor alarm rules are free; notifications are billed per message, not estimated",
}


def reads(type_: str) -> tuple[str, ...]:
    rule = PRICERS.get(type_)
    return () if rule is None else rule.reads
