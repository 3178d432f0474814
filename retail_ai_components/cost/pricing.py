"""One plain function per resource kind: the resource's inputs and usage assumptions in, a monthly estimate out.

Each estimate carries its basis (quantities, unit prices and where each price comes from), so a reviewer can
recompute every figure from the price table. A price the table lacks makes the resource unpriced, with the
price key a usage file can supply it under; it is never taken as zero.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..preview.recorder import UNKNOWN, RecordedResource, is_secret
from .prices import Price, PriceTable
from .usage import HOURS_PER_MONTH, Assumptions, Usage

DAYS_PER_MONTH = HOURS_PER_MONTH / 24


@dataclass(frozen=True)
class Estimate:
    urn: str
    type: str
    name: str
    component: str
    """The top-level component the resource belongs to (``(stack)`` when it has none)."""
    monthly: float | None
    basis: str
    monthly_on_demand: float | None = None
    """For spot capacity: the same capacity at the on-demand price."""
    unpriced: str = ""
    """Why there is no figure; empty when priced."""


@dataclass(frozen=True)
class _Priced:
    monthly: float
    basis: str
    monthly_on_demand: float | None = None


class _Unpriced(Exception):
    """The resource cannot be priced; the message says why and how to supply what is missing."""


def _price(prices: PriceTable, key: str, what: str) -> Price:
    price = prices.get(key)
    if price is None:
        raise _Unpriced(
            f"no list price for {what} in the price table; supply it in --usage as prices: {{{key}: {{price: …, unit: …}}}}"
        )
    return price


def _value(inputs: dict[str, Any], key: str, default: Any = None) -> Any:
    value = inputs.get(key, default)
    if value == UNKNOWN or is_secret(value):
        raise _Unpriced(f"{key} is not known before deploy")
    return value


def _money(value: float) -> str:
    return f"${value:,.2f}"


def _unit_price(price: Price) -> str:
    return f"${price.price:g}/{price.unit} [{price.key}]"


# --- pricers, one per resource kind ---------------------------------------------------------------------------


def _managed_kubernetes(inputs: dict[str, Any], prices: PriceTable, usage: Assumptions) -> _Priced:
    spec = str(_value(inputs, "clusterSpec", "ack.standard"))
    if not spec.startswith("ack.pro"):
        return _Priced(0.0, f"{spec}: a managed Basic cluster has no cluster management fee")
    price = _price(prices, "ack.pro.cluster", "the ACK Pro cluster management fee")
    monthly = price.price * HOURS_PER_MONTH
    return _Priced(
        monthly, f"{spec}: {HOURS_PER_MONTH:g} h x {_unit_price(price)}; nodes are priced by their pools"
    )


def _instance_price(types: Iterable[str], prices: PriceTable) -> tuple[str, Price]:
    """The first of a pool's instance types with a price: pools list their preferred type first."""
    candidates = [str(t) for t in types]
    for instance_type in candidates:
        price = prices.get(instance_type)
        if price is not None:
            return instance_type, price
    first = candidates[0] if candidates else "the pool's instance type"
    raise _Unpriced(
        f"no list price for {', '.join(candidates) or first} in the price table; supply one in --usage as "
        f"prices: {{{first}: {{price: …, unit: hour}}}}"
    )


def _node_pool(inputs: dict[str, Any], prices: PriceTable, usage: Assumptions) -> _Priced:
    types = _value(inputs, "instanceTypes", []) or []
    instance_type, price = _instance_price(types, prices)
    scaling = _value(inputs, "scalingConfig", {}) or {}
    gpu = str(scaling.get("type", "")) == "gpu" or instance_type.startswith(("ecs.gn", "ecs.ebmgn"))
    if scaling.get("enable"):
        low, high = float(scaling.get("minSize", 0)), float(scaling.get("maxSize", 0))
        share = usage.gpu_pool_utilisation if gpu else usage.node_pool_utilisation
        nodes = low + share * (high - low)
        sizing = f"{low:g} + {share:g} x ({high:g} - {low:g}) = {nodes:g} nodes on average"
    else:
        nodes = float(_value(inputs, "desiredSize", 0) or 0)
        sizing = f"{nodes:g} nodes"
    on_demand = nodes * HOURS_PER_MONTH * price.price
    basis = f"{instance_type}: {sizing} x {HOURS_PER_MONTH:g} h x {_unit_price(price)}"
    if str(inputs.get("spotStrategy", "NoSpot")) in ("SpotAsPriceGo", "SpotWithPriceLimit"):
        spot = on_demand * usage.spot_price_ratio
        return _Priced(
            spot,
            f"{basis}; spot at {usage.spot_price_ratio:g} of on-demand ({_money(on_demand)} on demand)",
            monthly_on_demand=on_demand,
        )
    return _Priced(on_demand, basis)


def _eas_service(inputs: dict[str, Any], prices: PriceTable, usage: Assumptions) -> _Priced:
    raw = _value(inputs, "serviceConfig", "{}")
    try:
        config = json.loads(raw) if isinstance(raw, str) else dict(raw)
    except ValueError:
        raise _Unpriced("serviceConfig is not JSON") from None
    metadata = config.get("metadata", {})
    autoscaler = config.get("autoscaler", {})
    replicas = float(autoscaler.get("min", metadata.get("instance", 1)))
    peak = float(autoscaler.get("max", replicas))
    instance_type = str(config.get("cloud", {}).get("computing", {}).get("instance_type", ""))
    group = metadata.get("resource")
    burst_replicas = max(peak - replicas, 0.0)
    if group and not metadata.get("resource_burstable"):
        burst_replicas = 0.0
    if group:
        # The dedicated resource group is bought (subscription) outside the stack: its fee is not this
        # resource's. Only replicas above what the group holds run pay-as-you-go.
        if not burst_replicas:
            return _Priced(
                0.0, f"{replicas:g} replicas on the dedicated resource group {group} (billed as that group)"
            )
        price = _price(prices, instance_type, f"{instance_type} (EAS pay-as-you-go burst)")
        monthly = burst_replicas * usage.burst_hours_per_month * price.price
        return _Priced(
            monthly,
            f"{replicas:g} replicas on the dedicated resource group {group} (billed as that group); "
            f"burst {burst_replicas:g} replicas x {usage.burst_hours_per_month:g} h x {_unit_price(price)}",
        )
    if not instance_type:
        raise _Unpriced("the service names no instance type (cloud.computing.instance_type)")
    price = _price(prices, instance_type, f"{instance_type} (EAS pay-as-you-go)")
    base_hours = HOURS_PER_MONTH - usage.burst_hours_per_month
    replica_hours = replicas * base_hours + peak * usage.burst_hours_per_month
    return _Priced(
        replica_hours * price.price,
        f"{replicas:g} replicas x {base_hours:g} h + {peak:g} replicas x {usage.burst_hours_per_month:g} h "
        f"= {replica_hours:g} replica-hours x {_unit_price(price)}",
    )


def _nat_gateway(inputs: dict[str, Any], prices: PriceTable, usage: Assumptions) -> _Priced:
    if str(_value(inputs, "networkType", "internet")) != "internet":
        raise _Unpriced("VPC NAT gateways are not in the price table")
    instance = _price(prices, "nat.internet.instance", "the Internet NAT gateway instance fee")
    cu = _price(prices, "nat.cu", "the NAT gateway CU fee")
    monthly = HOURS_PER_MONTH * (instance.price + usage.nat_cu_per_hour * cu.price)
    return _Priced(
        monthly,
        f"{HOURS_PER_MONTH:g} h x ({_unit_price(instance)} + {usage.nat_cu_per_hour:g} CU x {_unit_price(cu)})",
    )


def _eip(inputs: dict[str, Any], prices: PriceTable, usage: Assumptions) -> _Priced:
    if str(_value(inputs, "internetChargeType", "PayByBandwidth")) != "PayByTraffic":
        raise _Unpriced("pay-by-bandwidth EIPs are not in the price table")
    config = _price(prices, "eip.config", "the EIP configuration fee")
    traffic = _price(prices, "eip.traffic", "EIP internet traffic")
    monthly = HOURS_PER_MONTH * config.price + usage.eip_egress_gb_per_month * traffic.price
    return _Priced(
        monthly,
        f"{HOURS_PER_MONTH:g} h x {_unit_price(config)} + {usage.eip_egress_gb_per_month:g} GB x {_unit_price(traffic)}",
    )


def _bucket(inputs: dict[str, Any], prices: PriceTable, usage: Assumptions) -> _Priced:
    storage_class = str(_value(inputs, "storageClass", "Standard")).lower()
    redundancy = str(_value(inputs, "redundancyType", "LRS")).lower()
    key = f"oss.storage.{storage_class}.{redundancy}"
    price = _price(prices, key, f"OSS {storage_class} {redundancy.upper()} storage")
    return _Priced(
        usage.storage_gb * price.price,
        f"{usage.storage_gb:g} GB x {_unit_price(price)}; requests and traffic not included",
    )


def _kms_key(inputs: dict[str, Any], prices: PriceTable, usage: Assumptions) -> _Priced:
    level = str(_value(inputs, "protectionLevel", "SOFTWARE")).upper()
    price = _price(prices, "kms.key.hsm" if level == "HSM" else "kms.key.software", f"a {level} KMS key")
    return _Priced(
        DAYS_PER_MONTH * price.price,
        f"1 key version x {DAYS_PER_MONTH:g} days x {_unit_price(price)}; each rotation adds a version; "
        "API calls not included",
    )


def _log_store(inputs: dict[str, Any], prices: PriceTable, usage: Assumptions) -> _Priced:
    shards = float(_value(inputs, "shardCount", 2))
    price = _price(prices, "sls.shard", "an active Log Service shard")
    return _Priced(
        shards * DAYS_PER_MONTH * price.price,
        f"{shards:g} shards x {DAYS_PER_MONTH:g} days x {_unit_price(price)}; traffic, storage and index not included",
    )


def _tair(inputs: dict[str, Any], prices: PriceTable, usage: Assumptions) -> _Priced:
    instance_class = str(_value(inputs, "instanceClass"))
    shards = float(_value(inputs, "shardCount", 1) or 1)
    price = _price(prices, instance_class, f"Tair {instance_class}")
    return _Priced(
        shards * HOURS_PER_MONTH * price.price,
        f"{shards:g} shards x {HOURS_PER_MONTH:g} h x {_unit_price(price)}",
    )


def _flink(inputs: dict[str, Any], prices: PriceTable, usage: Assumptions) -> _Priced:
    spec = _value(inputs, "resourceSpec", {}) or {}
    cus = float(spec.get("cpu", 0))
    price = _price(prices, "flink.cu", "a Realtime Compute for Apache Flink CU")
    # The workspace's management service always uses 2 CUs on top of the jobs' (Flink billing docs).
    total = cus + 2
    return _Priced(
        total * HOURS_PER_MONTH * price.price,
        f"({cus:g} CUs + 2 management CUs) x {HOURS_PER_MONTH:g} h x {_unit_price(price)}",
    )


Pricer = Callable[[dict[str, Any], PriceTable, Assumptions], _Priced]

PRICERS: dict[str, Pricer] = {
    "alicloud:cs/managedKubernetes:ManagedKubernetes": _managed_kubernetes,
    "alicloud:cs/nodePool:NodePool": _node_pool,
    "alicloud:pai/service:Service": _eas_service,
    "alicloud:vpc/natGateway:NatGateway": _nat_gateway,
    "alicloud:ecs/eipAddress:EipAddress": _eip,
    "alicloud:oss/bucket:Bucket": _bucket,
    "alicloud:kms/key:Key": _kms_key,
    "alicloud:log/store:Store": _log_store,
    "alicloud:redis/tairInstance:TairInstance": _tair,
    "alicloud:realtimecompute/vvpInstance:VvpInstance": _flink,
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
    "alicloud:log/project:Project": "billed through its logstores",
    "alicloud:cs/kubernetesAddon:KubernetesAddon": "billed through the cluster and the nodes it runs on",
    "alicloud:cs/autoscalingConfig:AutoscalingConfig": "billed through the node pools it scales",
    "alicloud:pai/workspaceWorkspace:WorkspaceWorkspace": "billed through the services and jobs it holds",
    "alicloud:pai/workspaceDataset:WorkspaceDataset": "billed as the storage it points to",
}


def _component_of(resource: RecordedResource, by_urn: dict[str, RecordedResource]) -> str:
    top = resource
    while top.parent and top.parent in by_urn and by_urn[top.parent].type != "pulumi:pulumi:Stack":
        top = by_urn[top.parent]
    return top.name if top is not resource or not resource.custom else "(stack)"


def _estimate(resource: RecordedResource, component: str, prices: PriceTable, usage: Usage) -> Estimate:
    def unpriced(reason: str) -> Estimate:
        return Estimate(resource.urn, resource.type, resource.name, component, None, "", unpriced=reason)

    def priced(monthly: float, basis: str, on_demand: float | None = None) -> Estimate:
        return Estimate(
            resource.urn,
            resource.type,
            resource.name,
            component,
            round(monthly, 2),
            basis,
            monthly_on_demand=None if on_demand is None else round(on_demand, 2),
        )

    pricer = PRICERS.get(resource.type)
    if pricer is not None:
        try:
            result = pricer(resource.inputs, prices, usage.for_resource(resource.name, resource.urn))
        except _Unpriced as reason:
            return unpriced(str(reason))
        return priced(result.monthly, result.basis, result.monthly_on_demand)
    if resource.type in NO_CHARGE:
        return priced(0.0, f"no charge of its own: {NO_CHARGE[resource.type]}")
    if resource.type.startswith("pulumi-python:dynamic"):
        return priced(0.0, "no charge of its own: an API call, not a cloud resource")
    if resource.type.startswith("alicloud:"):
        return unpriced(f"no pricing rule for {resource.type} yet")
    return unpriced("not an Alibaba Cloud resource")


def estimate_resources(resources: list[RecordedResource], prices: PriceTable, usage: Usage) -> list[Estimate]:
    """An estimate for every custom resource of a preview (providers and components are not billed)."""
    by_urn = {r.urn: r for r in resources}
    return [
        _estimate(r, _component_of(r, by_urn), prices, usage)
        for r in resources
        if r.custom and not r.is_provider
    ]
