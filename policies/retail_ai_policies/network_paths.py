"""Single-region: network paths between regions (Cloud Enterprise Network, Global Accelerator) and globally
distributed databases.

CEN and transit routers connect VPCs inside one region as well as across regions, so they are judged by what
they span: an attachment, peer, bandwidth, route or private zone that names another region fails; a transit
router with VPC attachments of its own region passes. Global Accelerator is judged here for the regions it
spans (its acceleration areas and endpoint groups), and by the intranet-only family as an internet entry.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pulumi_policy import PolicyResource, ResourceValidationArgs, StackValidationArgs
from pulumi_policy.policy import Policy, Severity

from ._factory import MANDATORY, SOVEREIGNTY, each_resource, renamed_policy, resource_policy, stack_policy
from ._regions import REGION_SCHEMA, allowed_region
from ._values import flag, text
from .internet_paths import ga_internet_entry
from .sovereignty import PROVIDER, REGION, flag_true, region_findings

# Every CEN input that names a region a path reaches, as COPY_PATHS does for copies: (kind, what it reaches).
CEN_PATHS: dict[str, dict[str, tuple[str, str]]] = {
    "alicloud:cen/instanceAttachment:InstanceAttachment": {
        "childInstanceRegionId": (REGION, "the CEN instance joins a network in"),
    },
    "alicloud:cen/privateZone:PrivateZone": {
        "accessRegionId": (REGION, "private DNS is answered to networks in"),
        "hostRegionId": (REGION, "private DNS is served from"),
    },
    "alicloud:cen/routeService:RouteService": {
        "accessRegionId": (REGION, "cloud services are reached from networks in"),
        "hostRegionId": (REGION, "cloud services are reached in"),
    },
    "alicloud:cen/routeMap:RouteMap": {
        "cenRegionId": (REGION, "routes are filtered in"),
        "sourceRegionIds[]": (REGION, "routes are learned from"),
    },
    "alicloud:cen/vbrHealthCheck:VbrHealthCheck": {
        "vbrInstanceRegionId": (REGION, "a border router is checked in"),
    },
    "alicloud:cen/transitRouterPeerAttachment:TransitRouterPeerAttachment": {
        "peerTransitRouterRegionId": (REGION, "the transit router is peered with"),
    },
}
# CEN resources that exist only to carry traffic between regions: (what they do).
CEN_SPANNING_TYPES: dict[str, str] = {
    # Its regionIds are "the two regions to interconnect. Must be two different regions."
    "alicloud:cen/bandwidthLimit:BandwidthLimit": "allots bandwidth between two regions",
    "alicloud:cen/bandwidthPackage:BandwidthPackage": "buys bandwidth between regions",
    "alicloud:cen/bandwidthPackageAttachment:BandwidthPackageAttachment": "gives a CEN instance bandwidth "
    "between regions",
    "alicloud:cen/interRegionTrafficQosPolicy:InterRegionTrafficQosPolicy": "schedules traffic between regions",
    "alicloud:cen/interRegionTrafficQosQueue:InterRegionTrafficQosQueue": "schedules traffic between regions",
    "alicloud:cen/transitRouterMulticastDomainPeerMember:TransitRouterMulticastDomainPeerMember": "adds a "
    "multicast member from another region's multicast domain",
}
PEER_ATTACHMENT = "alicloud:cen/transitRouterPeerAttachment:TransitRouterPeerAttachment"
TRANSIT_ROUTER = "alicloud:cen/transitRouter:TransitRouter"


def _provider_region(resource: PolicyResource) -> str | None:
    provider = resource.provider
    if provider is not None and provider.resource_type == PROVIDER:
        return text(provider.props, "region")
    return None


def _peer_region(attachment: PolicyResource, region: str) -> Iterator[str]:
    """The region of a peer transit router of the stack, when the attachment does not name it."""
    peers = [
        p
        for p in attachment.property_dependencies.get("peerTransitRouterId", [])
        if p.resource_type == TRANSIT_ROUTER
    ]
    if not peers:
        yield (
            f"network paths must stay in {region}: peerTransitRouterRegionId is not set and peerTransitRouterId "
            f"names a transit router outside this stack; set peerTransitRouterRegionId to the peer's region"
        )
        return
    for peer in peers:
        # A transit router is created in its provider's region; the default provider is the stack's.
        peer_region = _provider_region(peer) or region
        if peer_region != region:
            yield (
                f"network paths must stay in {region}: peerTransitRouterId is {peer.name}, a transit router in "
                f"{peer_region} (the transit router is peered with {peer_region})"
            )


def _cen_path(resource: PolicyResource, region: str) -> Iterator[str]:
    kind = resource.resource_type
    lead = f"network paths must stay in {region}"
    if kind in CEN_SPANNING_TYPES:
        yield f"{lead}: this {kind.rsplit(':', 1)[-1]} {CEN_SPANNING_TYPES[kind]}"
        return
    yield from region_findings(resource.props, CEN_PATHS.get(kind, {}), {}, region, lead)
    if kind == PEER_ATTACHMENT and not resource.props.get("peerTransitRouterRegionId"):
        yield from _peer_region(resource, region)


def _cen(args: StackValidationArgs, config: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    region = allowed_region(config)
    if region is None:
        return  # reported once on the provider by alicloud-provider-region-allowed
    types = {*CEN_PATHS, *CEN_SPANNING_TYPES}
    yield from each_resource(args, types, lambda resource: _cen_path(resource, region))


# A stack policy: a peer attachment may name its peer only by reference to a transit router of the stack
# (whose region is its provider's), which only AnalyzeStack's property dependencies tell during a preview.
cen_network_path = stack_policy(
    name="cen-network-path-in-allowed-region",
    family=SOVEREIGNTY,
    description="Checks whether Cloud Enterprise Network resources span regions: an attachment, transit router "
    "peer, bandwidth limit, route map, route service or private zone naming another region, and the resources "
    "that exist only between regions (bandwidth packages, inter-region QoS, peer multicast members). A transit "
    "router with VPC attachments of its own region passes.",
    severity=Severity.HIGH,
    level=MANDATORY,
    remediation="Attach only networks of the allowed region and drop inter-region peers, bandwidth and routes; "
    "connect VPCs of one region through a transit router (or VPC peering) in that region.",
    check=_cen,
    schema=REGION_SCHEMA,
    types={*CEN_PATHS, *CEN_SPANNING_TYPES},
)


# Global Accelerator: the regions of its acceleration areas (where users enter) and endpoint groups (where the
# traffic goes), and the regions of its delivered logs.
GA_PATHS: dict[str, dict[str, tuple[str, str]]] = {
    "alicloud:ga/ipSet:IpSet": {"accelerateRegionId": (REGION, "users enter the accelerator in")},
    "alicloud:ga/basicIpSet:BasicIpSet": {"accelerateRegionId": (REGION, "users enter the accelerator in")},
    "alicloud:ga/endpointGroup:EndpointGroup": {
        "endpointGroupRegion": (REGION, "accelerated traffic is delivered to")
    },
    "alicloud:ga/basicEndpointGroup:BasicEndpointGroup": {
        "endpointGroupRegion": (REGION, "accelerated traffic is delivered to"),
    },
    "alicloud:ga/customRoutingEndpointGroup:CustomRoutingEndpointGroup": {
        "endpointGroupRegion": (REGION, "accelerated traffic is delivered to"),
    },
    "alicloud:ga/accessLog:AccessLog": {"slsRegionId": (REGION, "access logs are delivered to")},
}
# Switches that carry traffic across the border of mainland China, whatever regions are named.
GA_SWITCHES: dict[str, dict[str, str]] = {
    "alicloud:ga/accelerator:Accelerator": {"crossBorderStatus": "traffic crosses the mainland China border"},
}
GA_BANDWIDTH_PACKAGE = "alicloud:ga/bandwidthPackage:BandwidthPackage"


def _ga_regions(args: ResourceValidationArgs, config: Mapping[str, Any]) -> Iterator[str]:
    region = allowed_region(config)
    if region is None:
        return
    lead = f"accelerated traffic must stay in {region}"
    if args.resource_type == GA_BANDWIDTH_PACKAGE:
        if text(args.props, "type") == "crossdomain":
            yield f"{lead}: type is CrossDomain (a cross-border bandwidth package); it must be Basic"
        return
    paths, switches = GA_PATHS.get(args.resource_type, {}), GA_SWITCHES.get(args.resource_type, {})
    yield from region_findings(args.props, paths, switches, region, lead)


ga_accelerator_region = resource_policy(
    name="ga-accelerator-in-allowed-region",
    family=SOVEREIGNTY,
    description="Checks whether a Global Accelerator spans regions: an acceleration area (ipSet "
    "accelerateRegionId), an endpoint group or access log in another region, cross-border acceleration or a "
    "cross-border (CrossDomain) bandwidth package. An accelerator whose areas and endpoint groups are all the "
    "allowed region passes here (the intranet-only family judges it as an internet entry).",
    severity=Severity.HIGH,
    level=MANDATORY,
    remediation="Keep every acceleration area and endpoint group in the allowed region, crossBorderStatus false "
    "and bandwidth packages Basic; better, serve users through an in-region load balancer.",
    types={*GA_PATHS, *GA_SWITCHES, GA_BANDWIDTH_PACKAGE},
    check=_ga_regions,
    schema=REGION_SCHEMA,
)


# Databases that replicate to other regions by design.
GLOBAL_DATABASE_TYPES = {
    "alicloud:polardb/globalDatabaseNetwork:GlobalDatabaseNetwork": "a PolarDB global database network",
}
# Membership of a global database, on the instance itself: type -> the properties that make it a member.
GLOBAL_MEMBERSHIP: dict[str, tuple[str, ...]] = {
    "alicloud:polardb/cluster:Cluster": ("gdnId",),
    "alicloud:redis/tairInstance:TairInstance": ("globalInstanceId",),
    "alicloud:kvstore/instance:Instance": ("globalInstance", "globalInstanceId"),
}


def _global_databases(args: ResourceValidationArgs, _config: Mapping[str, Any]) -> Iterator[str]:
    props = args.props
    if args.resource_type in GLOBAL_DATABASE_TYPES:
        yield (
            f"databases must not replicate to other regions: this creates "
            f"{GLOBAL_DATABASE_TYPES[args.resource_type]} (its secondary clusters are in other regions)"
        )
        return
    for key in GLOBAL_MEMBERSHIP[args.resource_type]:
        value = props.get(key)
        if key == "globalInstance":
            if flag_true(value) or flag(props, key):
                yield "databases must not replicate to other regions: globalInstance must be false"
        elif value:
            yield f"databases must not replicate to other regions: {key} must not be set (a global database)"


db_global_database = resource_policy(
    name="db-global-database-denied",
    family=SOVEREIGNTY,
    description="Checks whether a database is globally distributed: a PolarDB global database network or a "
    "cluster joining one (gdnId), a Redis/Tair global instance or a member of one (globalInstance, "
    "globalInstanceId).",
    severity=Severity.HIGH,
    level=MANDATORY,
    remediation="Remove the global database network and the gdnId/globalInstanceId/globalInstance settings; keep "
    "replicas in the region's zones (multi-zone clusters, read-only replicas in another zone).",
    types={*GLOBAL_DATABASE_TYPES, *GLOBAL_MEMBERSHIP},
    check=_global_databases,
    schema=REGION_SCHEMA,
)

# The blanket "global service" ban these replace: its name still works in policy config, carried to each of
# them (and to the intranet-only family's judgement of Global Accelerator as an internet entry).
global_service_renamed = renamed_policy(
    name="alicloud-global-service-denied",
    family=SOVEREIGNTY,
    successors=[cen_network_path, ga_accelerator_region, db_global_database, ga_internet_entry],
)

POLICIES: list[Policy] = [cen_network_path, ga_accelerator_region, db_global_database, global_service_renamed]
