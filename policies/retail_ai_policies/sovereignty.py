"""Single-region data sovereignty: every resource and every copy of data stays in the allowed region.

The allowed region is the policy config ``allowedRegion`` or, when that is empty, the stack's
``alicloud:region``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from pulumi_policy import ResourceValidationArgs
from pulumi_policy.policy import Policy, Severity

from ._common import (
    MANDATORY,
    REGION_SCHEMA,
    SOVEREIGNTY,
    allowed_region,
    items,
    mapping,
    resource_policy,
    text,
    zone_in_region,
)

PROVIDER = "pulumi:providers:alicloud"
_REGION_ID = re.compile(r"^[a-z]{2,}-[a-z0-9]+(-[a-z0-9]+)*$")


def _region(config: Mapping[str, Any]) -> str:
    region = allowed_region(config)
    if region is None:
        # Without a known region nothing can be judged; say so once per resource rather than pass silently.
        raise _NoRegion()
    return region


class _NoRegion(Exception):
    pass


def _provider_region(args: ResourceValidationArgs, config: Mapping[str, Any]) -> Iterator[str]:
    try:
        region = _region(config)
    except _NoRegion:
        if args.resource_type == PROVIDER:
            yield "the allowed region is unknown: set alicloud:region in the stack config or allowedRegion"
        return
    if args.resource_type == PROVIDER:
        provider_region = text(args.props, "region")
        if provider_region is None:
            # The provider then falls back to ALIBABA_CLOUD_REGION or its built-in default, neither
            # reviewable.
            yield f"providers must name their region: region is not set; it must be {region}"
        elif provider_region != region:
            yield f"providers must stay in {region}: region is {provider_region}"
        return
    # A resource placed through an explicit provider carries that provider's inputs.
    provider = args.provider
    if provider is not None and provider.resource_type == PROVIDER:
        provider_region = text(provider.props, "region")
        if provider_region is not None and provider_region != region:
            yield f"resources must stay in {region}: its provider {provider.name} targets {provider_region}"


alicloud_provider_region = resource_policy(
    name="alicloud-provider-region-allowed",
    family=SOVEREIGNTY,
    description="Checks whether an alicloud provider (explicit or default), or a resource created through "
    "one, "
    "targets a region other than the allowed region.",
    severity=Severity.CRITICAL,
    level=MANDATORY,
    remediation="Create every provider with region set to the allowed region (the stack's "
    "alicloud:region), or "
    "remove the explicit provider so resources use the stack's default provider.",
    types=None,
    check=_provider_region,
    schema=REGION_SCHEMA,
    also=[PROVIDER],
)
# Zone-valued props: matched by name so any service with a zone is covered.
_ZONE_KEY = re.compile(r"^(zoneId|zoneIds|zone|availabilityZone|[a-z]+ZoneId|[a-z]+ZoneIds|standbyAz)$")
_NOT_AZ = ("privateZone", "hostedZone", "dnsZone", "timeZone", "pvtz")


def _zone_values(value: Any) -> list[str]:
    return [v for v in items(value) if isinstance(v, str) and _REGION_ID.match(v.strip().lower())]


def _zones(props: Mapping[str, Any], prefix: str = "", depth: int = 0) -> Iterator[tuple[str, str]]:
    for key in props:
        if any(marker.lower() in key.lower() for marker in _NOT_AZ):
            continue
        if _ZONE_KEY.match(key):
            for zone in _zone_values(props[key]):
                yield f"{prefix}{key}", zone
        elif depth == 0 and key in ("zoneMappings", "vswitchIds", "zoneMapping", "vswitches", "vSwitches"):
            for index, entry in enumerate(items(props[key])):
                if isinstance(entry, Mapping):
                    yield from _zones(entry, f"{prefix}{key}[{index}].", depth + 1)


def _zone_check(args: ResourceValidationArgs, config: Mapping[str, Any]) -> Iterator[str]:
    try:
        region = _region(config)
    except _NoRegion:
        return  # reported once on the provider by alicloud-provider-region-allowed
    for path, zone in _zones(args.props):
        if not zone_in_region(zone, region):
            yield f"zones must be in {region}: {path} is {zone}"


zone_in_allowed_region = resource_policy(
    name="alicloud-zone-in-allowed-region",
    family=SOVEREIGNTY,
    description="Checks whether any zone ID on a resource (vSwitches, databases, caches, instances, load "
    "balancer zone mappings, secondary and standby zones, ...) lies outside the allowed region.",
    severity=Severity.HIGH,
    level=MANDATORY,
    remediation="Use zones of the allowed region only (for cn-hangzhou: cn-hangzhou-h, cn-hangzhou-k, ...), "
    "including secondary/standby zones of databases.",
    types=None,
    check=_zone_check,
    schema=REGION_SCHEMA,
)


# Explicit region-valued props on resources that place data or links in another region.
REGION_KEYS = {
    "acceptingRegionId": "the peer VPC's region",
    "oppositeRegion": "the opposite router interface's region",
    "oppositeRegionId": "the opposite router interface's region",
    "childInstanceRegionId": "the attached network's region",
    "peerTransitRouterRegionId": "the peer transit router's region",
    "destinationRegionId": "the destination region",
    "destinationRegion": "the destination region",
    "targetRegionId": "the target region",
    "targetRegion": "the target region",
    "storageRegion": "the storage region",
    "backupRegion": "the backup region",
    "crossBackupRegion": "the cross-region backup region",
    "dstRegion": "the destination region",
    "destRegion": "the destination region",
}


def _oss_location(location: str) -> str:
    # OSS locations are "oss-cn-hangzhou"; some write the bare region.
    return location[4:] if location.startswith("oss-") else location


def _copies(args: ResourceValidationArgs, config: Mapping[str, Any]) -> Iterator[str]:
    try:
        region = _region(config)
    except _NoRegion:
        return
    props = args.props
    if args.resource_type == "alicloud:oss/bucketReplication:BucketReplication":
        destination = mapping(props.get("destination"))
        location = text(destination, "location")
        if location is None:
            yield "replication must name its destination location, in the allowed region"
        elif _oss_location(location) != region:
            yield f"OSS replication must stay in {region}: destination.location is {location}"
        return
    for key, meaning in REGION_KEYS.items():
        value = props.get(key)
        for entry in items(value):
            if isinstance(entry, str) and entry.strip() and entry.strip().lower() not in (region, "all"):
                yield f"data and links must stay in {region}: {key} ({meaning}) is {entry}"
    if args.resource_type == "alicloud:cen/bandwidthLimit:BandwidthLimit":
        for entry in items(props.get("regionIds")):
            if isinstance(entry, str) and entry.strip().lower() != region:
                yield f"data and links must stay in {region}: regionIds includes {entry}"


cross_region_copies = resource_policy(
    name="alicloud-data-copy-in-allowed-region",
    family=SOVEREIGNTY,
    description="Checks whether a resource copies or links data to another region: OSS replication, VPC "
    "peering, router interfaces, CEN attachments, backup or storage regions set to another region.",
    severity=Severity.CRITICAL,
    level=MANDATORY,
    remediation="Keep replication destinations, peers and backup/storage regions in the allowed region; use "
    "same-region, cross-zone redundancy (ZRS, multi-zone deployments) instead of cross-region copies.",
    types=None,
    check=_copies,
    schema=REGION_SCHEMA,
)


GLOBAL_TOKEN_PREFIXES = ("alicloud:cen/", "alicloud:ga/")
GLOBAL_TYPES = {
    "alicloud:polardb/globalDatabaseNetwork:GlobalDatabaseNetwork": "a PolarDB global database network",
}


def _global_services(args: ResourceValidationArgs, _config: Mapping[str, Any]) -> Iterator[str]:
    resource_type = args.resource_type
    if resource_type.startswith("alicloud:cen/"):
        yield "Cloud Enterprise Network is a global, cross-region service; it must not be used"
        return
    if resource_type.startswith("alicloud:ga/"):
        yield "Global Accelerator carries traffic through other regions; it must not be used"
        return
    if resource_type in GLOBAL_TYPES:
        yield f"{GLOBAL_TYPES[resource_type]} replicates data to other regions; it must not be used"
        return
    props = args.props
    for key in ("globalInstanceId", "gdnId"):
        if props.get(key):
            yield f"globally distributed instances replicate to other regions: {key} must not be set"
    if flag_true(props.get("globalInstance")):
        yield "globally distributed instances replicate to other regions: globalInstance must be false"


def flag_true(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


global_services_denied = resource_policy(
    name="alicloud-global-service-denied",
    family=SOVEREIGNTY,
    description="Checks whether the stack uses a global, cross-region service: CEN, Global Accelerator, a "
    "PolarDB global database network, or a globally distributed Redis/Tair/PolarDB instance.",
    severity=Severity.HIGH,
    level=MANDATORY,
    remediation="Remove the resource (or globalInstanceId/gdnId). Connect same-region VPCs with VPC peering "
    "in the region, and serve users through in-region load balancers.",
    types=None,
    check=_global_services,
    schema=REGION_SCHEMA,
)

POLICIES: list[Policy] = [
    alicloud_provider_region,
    zone_in_allowed_region,
    cross_region_copies,
    global_services_denied,
]
