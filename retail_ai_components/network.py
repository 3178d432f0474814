"""Network: an intranet-only VPC with vSwitches per tier and zone, and security groups per tier."""

import ipaddress
from enum import Enum
from typing import Annotated, Any, Literal

import pulumi
import pulumi_alicloud as alicloud
import pydantic
from retail_ai_policies.rules import PRIVATE_RANGES_TEXT, is_private
from typing_extensions import NotRequired, TypedDict

from . import _cidr
from ._options import child_options
from ._refs import InputStr
from ._refs import NetworkRef as NetworkRef
from ._region import single_zone_in_region, stack_region
from ._validation import args_type, as_enum, component_owner, listed_once, rule, validate_args
from .errors import InvalidArgumentError

TYPE_TOKEN = "retailai:index:Network"


class Tier(str, Enum):
    """What runs in a vSwitch; each tier gets its own vSwitch per zone and its own security group."""

    INFERENCE = "inference"
    """EAS services and the serving node pool."""
    DATA = "data"
    """The feature store, Flink and other stateful services."""
    PODS = "pods"
    """Terway pod IPs (and ECI burst pods); the largest tier."""
    TRAINING = "training"
    """GPU training nodes."""


TierName = Literal["inference", "data", "pods", "training"]
"""The values of :class:`Tier` as plain strings, which the args accept as well."""


class NatMode(str, Enum):
    """How workloads reach the internet (package mirrors, for example). Nothing reaches them."""

    NONE = "none"
    """No internet egress at all."""
    SINGLE = "single"
    """One NAT gateway, in the first zone, for every vSwitch. Cheapest; a zone outage cuts egress."""
    PER_ZONE = "per_zone"
    """One NAT gateway per zone, each serving its own zone's vSwitches."""


NatModeName = Literal["none", "single", "per_zone"]
"""The values of :class:`NatMode` as plain strings, which the args accept as well."""


DEFAULT_CIDR_BLOCK = "10.0.0.0/8"
DEFAULT_PREFIX_LENGTHS: dict[str, int] = {"inference": 16, "data": 20, "pods": 16, "training": 18}
NAT_VSWITCH_PREFIX = 28
DEFAULT_NAT_BANDWIDTH_MBPS = 200


def tier_value(tier: Tier | str) -> str:
    """The tier's name, whether given as the enum or its string."""
    return Tier(tier).value


def _tier_name(value: str) -> str:
    if value not in Tier._value2member_map_:
        raise ValueError(f"{value!r} is not a tier: {', '.join(t.value for t in Tier)}")
    return value


def _private_vpc_cidr(cidr: str) -> str | None:
    # The default security-group rules admit the VPC CIDR: a public one (0.0.0.0/0) opens them to the internet.
    try:
        network = ipaddress.IPv4Network(cidr, strict=False)
    except ValueError:
        return None  # parse_network reports the malformed CIDR with its own message
    if not is_private(network, vpc=True):
        return f"{cidr} is not inside {PRIVATE_RANGES_TEXT}"
    return None


TierArg = Annotated[Tier | TierName, as_enum(Tier)]


@args_type
class VSwitchArgs(TypedDict):
    """A vSwitch given explicitly instead of carved."""

    tier: TierArg
    """The tier the vSwitch serves."""
    zone_id: str
    """The zone, one of the Network's ``zone_ids``."""
    cidr_block: str
    """Its CIDR: inside the VPC CIDR, a /16 to /29 mask, overlapping no other vSwitch."""


@args_type
class IngressRuleArgs(TypedDict):
    """One ingress rule on a tier's security group. The source is inside the VPC, or a named group."""

    tier: TierArg
    """The tier whose security group gets the rule."""
    port_range: Annotated[str, pydantic.Field(pattern=r"^(-1/-1|[0-9]{1,5}/[0-9]{1,5})$")]
    """``"443/443"``, ``"1/65535"``; ``"-1/-1"`` for ICMP and ``all``."""
    ip_protocol: NotRequired[
        Annotated[str, pydantic.Field(default="tcp", pattern=r"^(tcp|udp|icmp|gre|all)$")]
    ]
    """``tcp``, ``udp``, ``icmp``, ``gre`` or ``all``. Optional. Defaults to ``tcp``."""
    cidr_ip: NotRequired[str]
    """A source CIDR, which must lie inside the VPC CIDR. Give exactly one source."""
    source_tier: NotRequired[TierArg]
    """Another tier's security group as the source. Give exactly one source."""
    source_security_group_id: NotRequired[InputStr]
    """A named security group (in this VPC) as the source. Give exactly one source."""
    description: NotRequired[Annotated[str, pydantic.Field(default="")]]
    """Why the rule exists. Optional."""


@args_type
class NetworkArgs(TypedDict):
    """Arguments of :class:`Network`."""

    zone_ids: Annotated[list[str], pydantic.Field(min_length=1), rule(listed_once("zone"))]
    """Zones to spread over, all in the stack's region; at least one. Append new zones at the end:
    carved vSwitches are slotted by position, so reordering moves (replaces) them."""
    cidr_block: NotRequired[
        Annotated[str, rule(_private_vpc_cidr), pydantic.Field(default=DEFAULT_CIDR_BLOCK)]
    ]
    """The VPC CIDR, inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16. Optional. Defaults to ``10.0.0.0/8``,
    room for Terway pods at flash-sale scale."""
    tiers: NotRequired[
        Annotated[list[TierArg], pydantic.Field(default=list(Tier), min_length=1), rule(listed_once("tier"))]
    ]
    """Tiers to create, each once. Optional. Defaults to all four: inference, data, pods, training."""
    vswitch_prefix_lengths: NotRequired[
        Annotated[dict[Annotated[str, pydantic.AfterValidator(_tier_name)], int], pydantic.Field(default={})]
    ]
    """Prefix length of carved vSwitches per tier. Optional. Defaults to inference /16, data /20,
    pods /16, training /18. Ignored when ``vswitches`` is given."""
    vswitches: NotRequired[list[VSwitchArgs]]
    """Explicit vSwitches instead of carved ones. Optional. Defaults to carving from ``cidr_block``."""
    ingress_rules: NotRequired[list[IngressRuleArgs]]
    """Ingress rules per tier. Optional. Defaults to one rule per tier: TCP 1-65535 from the VPC CIDR. Giving
    any rules replaces that default. DNS (UDP 53) to CoreDNS is the BurstCluster's rule, on the security
    group its nodes and pod ENIs use; do not add it here for that tier as well."""
    nat: NotRequired[Annotated[NatMode | NatModeName, as_enum(NatMode), pydantic.Field(default=NatMode.NONE)]]
    """Internet egress through NAT gateways with SNAT only. Optional. Defaults to ``none``."""
    nat_bandwidth_mbps: NotRequired[
        # AllocateEipAddress: PayAsYouGo + PayByTraffic (what the NAT EIPs use) allows 1-200 Mbit/s.
        Annotated[int, pydantic.Field(default=DEFAULT_NAT_BANDWIDTH_MBPS, ge=1, le=200)]
    ]
    """Peak bandwidth of each NAT gateway's EIP, in Mbit/s: 1-200 (PayByTraffic limit). Optional. Defaults
    to 200."""
    region: NotRequired[str]
    """The region every zone must belong to. Optional. Defaults to the stack's ``alicloud:region``; required
    with an explicit alicloud provider in ``opts`` (that provider's region)."""
    resource_group_id: NotRequired[InputStr]
    """Resource group for every child. Optional. Defaults to the account's default group."""
    tags: NotRequired[Annotated[dict[str, str], pydantic.Field(default={})]]
    """Tags for every child that takes tags. Optional. Defaults to none."""


class Network(pulumi.ComponentResource):
    """An intranet-only VPC for the AI platform.

    Children: ``{name}-vpc`` (vpc.Network); ``{name}-vsw-{tier}-{zone}`` (vpc.Switch) per tier and
    zone; ``{name}-sg-{tier}`` (ecs.SecurityGroup) and ``{name}-sg-{tier}-ingress-{i}``
    (ecs.SecurityGroupRule) per tier; with NAT, per NAT zone: ``{name}-vsw-nat-{zone}``,
    ``{name}-nat-{zone}`` (vpc.NatGateway), ``{name}-nat-eip-{zone}`` (ecs.EipAddress),
    ``{name}-nat-eip-{zone}-association`` and ``{name}-snat-{tier}-{zone}`` (vpc.SnatEntry); with ``nat:
    per_zone`` also ``{name}-rt-{zone}`` (vpc.RouteTable), ``{name}-rt-{zone}-egress`` (vpc.RouteEntry to the
    zone's NAT gateway) and ``{name}-rt-{tier}-{zone}`` (vpc.RouteTableAttachment).
    """

    vpc_id: pulumi.Output[str]
    """The VPC ID."""
    cidr_block: pulumi.Output[str]
    """The VPC CIDR."""
    zone_ids: pulumi.Output[list[str]]
    """The zones, in order."""
    vswitch_ids: pulumi.Output[dict[str, dict[str, str]]]
    """vSwitch IDs by tier, then zone ID."""
    security_group_ids: pulumi.Output[dict[str, str]]
    """Security group IDs by tier."""
    nat_gateway_ids: pulumi.Output[list[str]]
    """NAT gateway IDs; empty when ``nat`` is ``none``."""

    def __init__(self, name: str, args: NetworkArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        owner = component_owner("Network", name)
        spec = validate_args(NetworkArgs, args, owner=owner)
        region = stack_region(spec.get("region"), owner=owner, opts=opts)
        plans = _plan_vswitches(spec, region, owner)
        rules = spec["ingress_rules"] if "ingress_rules" in spec else _default_rules(spec)
        _check_rules(spec, rules, owner)

        super().__init__(TYPE_TOKEN, name, _public_props(spec, region), opts)
        self.region = region
        tags = spec["tags"] or None
        rg = spec.get("resource_group_id")

        self.vpc = self._vpc(name, spec["cidr_block"], rg, tags)
        self.vswitches = self._vswitches(name, plans, tags)
        self.route_tables: dict[str, alicloud.vpc.RouteTable] = {}
        """With ``nat: per_zone``, each zone's route table (its 0.0.0.0/0 to the zone's own NAT gateway)."""
        self.security_groups = self._security_groups(name, _tiers(spec), rg, tags)
        self._ingress_rules(name, rules)
        self.nat_gateways = self._nat_gateways(name, spec, plans, self.vpc, rg, tags)
        self._publish_outputs(spec, region, plans)

    def ref(self) -> NetworkRef:
        """The handle other components take as their ``network`` argument."""
        return self._ref

    def _vpc(
        self, name: str, cidr_block: str, rg: pulumi.Input[str] | None, tags: dict[str, str] | None
    ) -> alicloud.vpc.Network:
        return alicloud.vpc.Network(
            f"{name}-vpc",
            vpc_name=f"{name}-vpc",
            cidr_block=cidr_block,
            resource_group_id=rg,
            tags=tags,
            opts=child_options(self),
        )

    def _vswitches(
        self, name: str, plans: list[_cidr.VSwitchPlan], tags: dict[str, str] | None
    ) -> dict[tuple[str, str], alicloud.vpc.Switch]:
        """A vSwitch per tier and zone, by ``(tier, zone)``, each with its planned CIDR block."""
        vswitches: dict[tuple[str, str], alicloud.vpc.Switch] = {}
        for plan in plans:
            switch_name = f"{name}-vsw-{plan.tier}-{plan.zone_id}"
            vswitches[(plan.tier, plan.zone_id)] = alicloud.vpc.Switch(
                switch_name,
                vswitch_name=switch_name,
                vpc_id=self.vpc.id,
                cidr_block=plan.cidr_block,
                zone_id=plan.zone_id,
                tags=tags,
                opts=child_options(self),
            )
        return vswitches

    def _security_groups(
        self, name: str, tiers: list[str], rg: pulumi.Input[str] | None, tags: dict[str, str] | None
    ) -> dict[str, alicloud.ecs.SecurityGroup]:
        """A security group per tier, by tier; what it admits is in its ingress rules alone."""
        return {
            tier: alicloud.ecs.SecurityGroup(
                f"{name}-sg-{tier}",
                security_group_name=f"{name}-sg-{tier}",
                description=f"{tier} tier of {name}: ingress from inside the VPC only",
                vpc_id=self.vpc.id,
                security_group_type="normal",
                inner_access_policy="Accept",
                resource_group_id=rg,
                tags=tags,
                opts=child_options(self),
            )
            for tier in tiers
        }

    def _ingress_rules(self, name: str, rules: list[IngressRuleArgs]) -> None:
        """Each tier's ingress rules, numbered within the tier, from a CIDR or another group."""
        per_tier_index: dict[str, int] = {}
        for ingress in rules:
            tier = tier_value(ingress["tier"])
            index = per_tier_index.get(tier, 0)
            per_tier_index[tier] = index + 1
            source_group = (
                self.security_groups[tier_value(ingress["source_tier"])].id
                if "source_tier" in ingress
                else ingress.get("source_security_group_id")
            )
            alicloud.ecs.SecurityGroupRule(
                f"{name}-sg-{tier}-ingress-{index}",
                type="ingress",
                security_group_id=self.security_groups[tier].id,
                ip_protocol=ingress["ip_protocol"],
                port_range=ingress["port_range"],
                cidr_ip=ingress.get("cidr_ip"),
                source_security_group_id=source_group,
                # Alibaba requires intranet for group sources; for CIDRs it keeps rules off public NICs.
                nic_type="intranet",
                policy="accept",
                priority=1,
                description=ingress["description"] or None,
                opts=child_options(self),
            )

    def _publish_outputs(self, spec: NetworkArgs, region: str, plans: list[_cidr.VSwitchPlan]) -> None:
        self.vpc_id = self.vpc.id
        self.cidr_block = pulumi.Output.from_input(spec["cidr_block"])
        self.zone_ids = pulumi.Output.from_input(list(spec["zone_ids"]))
        by_tier: dict[str, dict[str, pulumi.Output[str]]] = {}
        for (tier_name, zone), switch in self.vswitches.items():
            if tier_name != "nat":
                by_tier.setdefault(tier_name, {})[zone] = switch.id
        self.vswitch_ids = pulumi.Output.from_input(by_tier)  # type: ignore[arg-type]
        self.security_group_ids = pulumi.Output.from_input(
            {tier: group.id for tier, group in self.security_groups.items()}
        )
        self.nat_gateway_ids = pulumi.Output.all(*[nat.id for nat in self.nat_gateways])
        self._ref = NetworkRef(
            region=region,
            vpc_id=self.vpc.id,
            cidr_block=spec["cidr_block"],
            zone_ids=list(spec["zone_ids"]),
            vswitch_ids={t: dict(z) for t, z in by_tier.items()},
            vswitch_cidr_blocks=_cidrs_by_tier(plans),
            security_group_ids={tier: group.id for tier, group in self.security_groups.items()},
        )
        self.register_outputs(
            {
                "vpcId": self.vpc_id,
                "cidrBlock": self.cidr_block,
                "zoneIds": self.zone_ids,
                "vswitchIds": self.vswitch_ids,
                "securityGroupIds": self.security_group_ids,
                "natGatewayIds": self.nat_gateway_ids,
            }
        )

    def _nat_gateways(
        self,
        name: str,
        spec: NetworkArgs,
        plans: list[_cidr.VSwitchPlan],
        vpc: alicloud.vpc.Network,
        rg: Any,
        tags: dict[str, str] | None,
    ) -> list[alicloud.vpc.NatGateway]:
        """Egress, unless ``nat`` is ``none``: per NAT zone a gateway in a vSwitch of its own with its EIP, and
        an SNAT entry for every workload vSwitch (to its zone's gateway, else the one gateway)."""
        if spec["nat"] == NatMode.NONE:
            return []
        nat_zones = spec["zone_ids"] if spec["nat"] == NatMode.PER_ZONE else spec["zone_ids"][:1]
        nat_cidrs = {p.zone_id: p.cidr_block for p in _nat_vswitch_plans(spec, nat_zones)}
        gateways: dict[str, tuple[alicloud.vpc.NatGateway, alicloud.ecs.EipAddress, pulumi.Resource]] = {}
        for zone in nat_zones:
            switch = alicloud.vpc.Switch(
                f"{name}-vsw-nat-{zone}",
                vswitch_name=f"{name}-vsw-nat-{zone}",
                vpc_id=vpc.id,
                cidr_block=nat_cidrs[zone],
                zone_id=zone,
                tags=tags,
                opts=child_options(self),
            )
            self.vswitches[("nat", zone)] = switch
            nat = alicloud.vpc.NatGateway(
                f"{name}-nat-{zone}",
                nat_gateway_name=f"{name}-nat-{zone}",
                vpc_id=vpc.id,
                vswitch_id=switch.id,
                nat_type="Enhanced",
                network_type="internet",
                payment_type="PayAsYouGo",
                internet_charge_type="PayByLcu",
                eip_bind_mode="NAT",
                # The egress path of every private workload: a stray delete must fail, not cut it.
                deletion_protection=True,
                tags=tags,
                opts=child_options(self),
            )
            eip = alicloud.ecs.EipAddress(
                f"{name}-nat-eip-{zone}",
                address_name=f"{name}-nat-eip-{zone}",
                bandwidth=str(spec["nat_bandwidth_mbps"]),
                internet_charge_type="PayByTraffic",
                payment_type="PayAsYouGo",
                # Partners allow-list this egress address; a recreated EIP gets a new one.
                deletion_protection=True,
                resource_group_id=rg,
                tags=tags,
                opts=child_options(self),
            )
            association = alicloud.ecs.EipAssociation(
                f"{name}-nat-eip-{zone}-association",
                allocation_id=eip.id,
                instance_id=nat.id,
                instance_type="Nat",
                opts=child_options(self),
            )
            gateways[zone] = (nat, eip, association)
        if spec["nat"] == NatMode.PER_ZONE:
            self._route_each_zone_to_its_gateway(name, plans, vpc, gateways, tags)
        for plan in plans:
            nat, eip, association = gateways.get(plan.zone_id) or gateways[nat_zones[0]]
            alicloud.vpc.SnatEntry(
                f"{name}-snat-{plan.tier}-{plan.zone_id}",
                snat_table_id=nat.snat_table_ids,
                source_vswitch_id=self.vswitches[(plan.tier, plan.zone_id)].id,
                snat_ip=eip.ip_address,
                opts=child_options(self, depends_on=[association]),
            )
        return [nat for nat, _, _ in gateways.values()]

    def _route_each_zone_to_its_gateway(
        self,
        name: str,
        plans: list[_cidr.VSwitchPlan],
        vpc: alicloud.vpc.Network,
        gateways: dict[str, tuple[alicloud.vpc.NatGateway, alicloud.ecs.EipAddress, pulumi.Resource]],
        tags: dict[str, str] | None,
    ) -> None:
        """One route table per zone, its 0.0.0.0/0 to that zone's NAT gateway, the zone's vSwitches attached.

        The VPC's system route table holds one 0.0.0.0/0 route, added for the first NAT gateway only: left
        there, every zone would leave through that gateway, whose SNAT entries cover only its own zone.
        """
        for zone, (nat, _, _) in gateways.items():
            table = alicloud.vpc.RouteTable(
                f"{name}-rt-{zone}",
                route_table_name=f"{name}-rt-{zone}",
                vpc_id=vpc.id,
                associate_type="VSwitch",
                description=f"Egress of {zone} through its own NAT gateway",
                tags=tags,
                opts=child_options(self),
            )
            self.route_tables[zone] = table
            alicloud.vpc.RouteEntry(
                f"{name}-rt-{zone}-egress",
                route_table_id=table.id,
                destination_cidrblock="0.0.0.0/0",
                nexthop_type="NatGateway",
                nexthop_id=nat.id,
                opts=child_options(self),
            )
            for plan in plans:
                if plan.zone_id == zone:
                    alicloud.vpc.RouteTableAttachment(
                        f"{name}-rt-{plan.tier}-{zone}",
                        route_table_id=table.id,
                        vswitch_id=self.vswitches[(plan.tier, zone)].id,
                        opts=child_options(self),
                    )


def _plan_vswitches(spec: NetworkArgs, region: str, owner: str) -> list[_cidr.VSwitchPlan]:
    try:
        _cidr.parse_network(spec["cidr_block"], "cidr_block")
        for i, zone in enumerate(spec["zone_ids"]):
            if not single_zone_in_region(zone, region):
                raise InvalidArgumentError(
                    f"zone_ids[{i}]",
                    f"zone {zone!r} is not in region {region!r} (the region argument, else the stack's "
                    "alicloud:region)",
                )
        tiers = _tiers(spec)
        if "vswitches" not in spec:
            lengths = {t: DEFAULT_PREFIX_LENGTHS[t] for t in tiers}
            lengths.update({t: n for t, n in spec["vswitch_prefix_lengths"].items() if t in tiers})
            plans = _cidr.carve_vswitches(spec["cidr_block"], spec["zone_ids"], lengths)
        else:
            plans = []
            for i, given in enumerate(spec["vswitches"]):
                if given["zone_id"] not in spec["zone_ids"]:
                    raise InvalidArgumentError(
                        f"vswitches[{i}].zone_id", f"zone {given['zone_id']!r} is not one of zone_ids"
                    )
                tier = tier_value(given["tier"])
                if tier not in tiers:
                    raise InvalidArgumentError(f"vswitches[{i}].tier", f"tier {tier!r} is not in tiers")
                plans.append(_cidr.VSwitchPlan(tier, given["zone_id"], given["cidr_block"]))
            _cidr.check_vswitches(spec["cidr_block"], [p.cidr_block for p in plans])
            keys = [(p.tier, p.zone_id) for p in plans]
            for i, key in enumerate(keys):
                if keys.index(key) != i:
                    raise InvalidArgumentError(
                        f"vswitches[{i}]", f"a second vSwitch for tier {key[0]!r} in zone {key[1]!r}"
                    )
        if spec["nat"] != NatMode.NONE:
            nat_plans = _nat_vswitch_plans(spec, spec["zone_ids"])
            _cidr.check_vswitches(spec["cidr_block"], [p.cidr_block for p in [*plans, *nat_plans]])
        return plans
    except InvalidArgumentError as exc:
        raise InvalidArgumentError(exc.field, exc.rule, owner=owner) from None


def _nat_vswitch_plans(spec: NetworkArgs, zones: list[str]) -> list[_cidr.VSwitchPlan]:
    return _cidr.carve_vswitches(spec["cidr_block"], zones, {"nat": NAT_VSWITCH_PREFIX})


def _tiers(spec: NetworkArgs) -> list[str]:
    return [tier_value(t) for t in spec["tiers"]]


def _default_rules(spec: NetworkArgs) -> list[IngressRuleArgs]:
    return [
        IngressRuleArgs(
            tier=tier,  # type: ignore[typeddict-item]
            port_range="1/65535",
            ip_protocol="tcp",
            cidr_ip=spec["cidr_block"],
            description="TCP from inside the VPC",
        )
        for tier in _tiers(spec)
    ]


def _check_rules(spec: NetworkArgs, rules: list[IngressRuleArgs], owner: str) -> None:
    tiers = _tiers(spec)
    for i, ingress in enumerate(rules):
        where = f"ingress_rules[{i}]"
        sources = [k for k in ("cidr_ip", "source_tier", "source_security_group_id") if k in ingress]
        if len(sources) != 1:
            raise InvalidArgumentError(
                where, "give exactly one of cidr_ip, source_tier, source_security_group_id", owner=owner
            )
        if ingress["ip_protocol"] in ("tcp", "udp"):
            low, _, high = ingress["port_range"].partition("/")
            if not 1 <= int(low) <= int(high) <= 65535:
                raise InvalidArgumentError(
                    f"{where}.port_range",
                    f"{ingress['port_range']!r} must be FROM/TO with 1 <= FROM <= TO <= 65535",
                    owner=owner,
                )
        tier = tier_value(ingress["tier"])
        if tier not in tiers:
            raise InvalidArgumentError(f"{where}.tier", f"tier {tier!r} is not in tiers", owner=owner)
        if "source_tier" in ingress and tier_value(ingress["source_tier"]) not in tiers:
            raise InvalidArgumentError(
                f"{where}.source_tier",
                f"tier {tier_value(ingress['source_tier'])!r} is not in tiers",
                owner=owner,
            )
        if "cidr_ip" in ingress and not _cidr.cidr_within(ingress["cidr_ip"], spec["cidr_block"]):
            raise InvalidArgumentError(
                f"{where}.cidr_ip",
                f"{ingress['cidr_ip']} is not inside the VPC CIDR {spec['cidr_block']}; ingress comes only from "
                "inside the VPC or from a named security group",
                owner=owner,
            )


def _cidrs_by_tier(plans: list[_cidr.VSwitchPlan]) -> dict[str, dict[str, str]]:
    result: dict[str, dict[str, str]] = {}
    for plan in plans:
        result.setdefault(plan.tier, {})[plan.zone_id] = plan.cidr_block
    return result


def _public_props(spec: NetworkArgs, region: str) -> dict[str, Any]:
    """The component's own inputs as policies see them: plain, validated values only."""
    return {
        "region": region,
        "cidrBlock": spec["cidr_block"],
        "zoneIds": list(spec["zone_ids"]),
        "tiers": _tiers(spec),
        "nat": NatMode(spec["nat"]).value,
    }
