"""Single-region data sovereignty: every resource and every copy of data stays in the allowed region.

The allowed region is the policy config ``allowedRegion`` or, when that is empty, the stack's
``alicloud:region``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from pulumi_policy import ResourceValidationArgs
from pulumi_policy.policy import Policy, Severity
from pulumi_policy.proxy import UnknownValueError

from ._factory import MANDATORY, SOVEREIGNTY, resource_policy
from ._regions import REGION_SCHEMA, allowed_region
from ._values import items, text, values_at
from .rules import is_zone_like, zone_in_region

PROVIDER = "pulumi:providers:alicloud"


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
    return [v for v in items(value) if isinstance(v, str) and is_zone_like(v)]


def _zones(props: Mapping[str, Any], prefix: str = "", depth: int = 0) -> Iterator[tuple[str, str]]:
    for key in props:
        if any(marker.lower() in key.lower() for marker in _NOT_AZ):
            continue
        if _ZONE_KEY.match(key):
            for zone in _zone_values(props[key]):
                yield f"{prefix}{key}", zone
        elif depth == 0 and key in ("zoneMappings", "vswitchIds", "zoneMapping", "vswitches", "vSwitches"):
            entries = _known_ids(props, key) if key == "vswitchIds" else items(props[key])
            for index, entry in enumerate(entries):
                if isinstance(entry, Mapping):
                    yield from _zones(entry, f"{prefix}{key}[{index}].", depth + 1)


def _known_ids(props: Mapping[str, Any], key: str) -> list[Any]:
    """vSwitch IDs, unknown ones skipped: the ID of a vSwitch the stack creates is unknown during a real
    preview and holds no zone; that vSwitch's own zoneId is judged on the vSwitch."""
    try:
        value = props[key]
    except UnknownValueError:
        return []
    if not isinstance(value, Sequence) or isinstance(value, str):
        return items(value)
    found = []
    for index in range(len(value)):
        try:
            found.append(value[index])
        except UnknownValueError:
            continue
    return found


def _zone_check(args: ResourceValidationArgs, config: Mapping[str, Any]) -> Iterator[str]:
    try:
        region = _region(config)
    except _NoRegion:
        return  # reported once on the provider by alicloud-provider-region-allowed
    for path, zone in _zones(args.props):
        # Some zone-named properties take the region itself (a regional rather than zonal placement).
        if zone.strip().lower() != region and not zone_in_region(zone, region):
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


# Every input that names where a copy of the data goes (or comes from), by type and property path
# ("a.b": nested object, "a[]": each list item). Kinds say how to read the region out of the value:
#   region    - a region ID (or a list of them)
#   oss       - an OSS location, "oss-<region>"
#   endpoint  - an SLS endpoint host, "<region>[-intranet|-share].log.aliyuncs.com"
#   namespace - an EDAS logical region, "<region>:<namespace>"
#   node      - an ENS edge node, "<country>-<city>-<suffix>" (cn-hangzhou-31, tr-istanbul-1): the node lies in
#               the allowed region only when its "<country>-<city>" is the region ID, so a region not named
#               after a city (ap-southeast-1) has no node of its own and every node fails
# Each entry is what that value moves, for the message. Verified against the pulumi_alicloud 4.0.0 SDK and
# the Terraform provider's schema; inventory/sovereignty.yaml lists the same pairs with their sources.
REGION, OSS, ENDPOINT, NAMESPACE, NODE = "region", "oss", "endpoint", "namespace", "node"
COPY_PATHS: dict[str, dict[str, tuple[str, str]]] = {
    "alicloud:oss/bucketReplication:BucketReplication": {
        "destination.location": (OSS, "objects are replicated to"),
    },
    "alicloud:rds/rdsInstanceCrossBackupPolicy:RdsInstanceCrossBackupPolicy": {
        "crossBackupRegion": (REGION, "RDS backups are copied to"),
    },
    "alicloud:rds/ddrInstance:DdrInstance": {
        "sourceRegion": (REGION, "the instance is restored from backups in")
    },
    "alicloud:polardb/backupPolicy:BackupPolicy": {
        "dataLevel2BackupAnotherRegionRegion": (REGION, "PolarDB level-2 backups are copied to"),
        "logBackupAnotherRegionRegion": (REGION, "PolarDB log backups are copied to"),
    },
    "alicloud:dbs/backupPlan:BackupPlan": {
        "storageRegion": (REGION, "DBS stores backups in"),
        "databaseRegion": (REGION, "DBS backs up a database in"),
        "sourceEndpointRegion": (REGION, "DBS backs up a source in"),
    },
    "alicloud:hbr/replicationVault:ReplicationVault": {
        "replicationSourceRegionId": (REGION, "the vault replicates backups from"),
    },
    "alicloud:threatdetection/backupPolicy:BackupPolicy": {
        "policyRegionId": (REGION, "anti-ransomware backups are kept in"),
    },
    "alicloud:dts/instance:Instance": {
        "destinationRegion": (REGION, "DTS moves data to"),
        "sourceRegion": (REGION, "DTS moves data from"),
    },
    "alicloud:dts/migrationInstance:MigrationInstance": {
        "destinationEndpointRegion": (REGION, "DTS migrates data to"),
        "sourceEndpointRegion": (REGION, "DTS migrates data from"),
    },
    "alicloud:dts/migrationJob:MigrationJob": {
        "destinationEndpointRegion": (REGION, "DTS migrates data to"),
        "sourceEndpointRegion": (REGION, "DTS migrates data from"),
    },
    "alicloud:dts/subscriptionJob:SubscriptionJob": {
        "destinationRegion": (REGION, "DTS streams changes to"),
        "sourceEndpointRegion": (REGION, "DTS streams changes from"),
    },
    "alicloud:dts/synchronizationInstance:SynchronizationInstance": {
        "destinationEndpointRegion": (REGION, "DTS synchronizes data to"),
        "sourceEndpointRegion": (REGION, "DTS synchronizes data from"),
    },
    "alicloud:dts/synchronizationJob:SynchronizationJob": {
        "destinationEndpointRegion": (REGION, "DTS synchronizes data to"),
        "sourceEndpointRegion": (REGION, "DTS synchronizes data from"),
    },
    "alicloud:ecs/snapshotPolicy:SnapshotPolicy": {
        "targetCopyRegions[]": (REGION, "snapshots are copied to")
    },
    "alicloud:ecs/autoSnapshotPolicy:AutoSnapshotPolicy": {
        "targetCopyRegions[]": (REGION, "snapshots are copied to"),
    },
    "alicloud:ebs/enterpriseSnapshotPolicy:EnterpriseSnapshotPolicy": {
        "crossRegionCopyInfo.regions[].regionId": (REGION, "snapshots are copied to"),
    },
    "alicloud:ebs/diskReplicaPair:DiskReplicaPair": {
        "destinationRegionId": (REGION, "the disk is replicated to"),
    },
    "alicloud:ebs/diskReplicaGroup:DiskReplicaGroup": {
        "destinationRegionId": (REGION, "the disks are replicated to"),
        "sourceRegionId": (REGION, "the disks are replicated from"),
    },
    "alicloud:ecs/imageCopy:ImageCopy": {"sourceRegionId": (REGION, "the image is copied from")},
    "alicloud:ecs/copyImage:CopyImage": {"sourceRegionId": (REGION, "the image is copied from")},
    "alicloud:ecs/ecsImagePipeline:EcsImagePipeline": {
        "toRegionIds[]": (REGION, "built images are distributed to")
    },
    "alicloud:cs/registryEnterpriseSyncRule:RegistryEnterpriseSyncRule": {
        "targetRegionId": (REGION, "container images are synchronized to"),
    },
    "alicloud:cloudstoragegateway/expressSync:ExpressSync": {
        "bucketRegion": (REGION, "gateway files are synchronized with a bucket in"),
    },
    "alicloud:log/etl:Etl": {"etlSinks[].endpoint": (ENDPOINT, "transformed logs are written to")},
    "alicloud:sls/etl:Etl": {"configuration.sinks[].endpoint": (ENDPOINT, "transformed logs are written to")},
    "alicloud:cdn/realTimeLogDelivery:RealTimeLogDelivery": {
        "slsRegion": (REGION, "CDN logs are delivered to")
    },
    "alicloud:sag/smartagFlowLog:SmartagFlowLog": {"slsRegionId": (REGION, "flow logs are delivered to")},
    "alicloud:actiontrail/globalEventsStorageRegion:GlobalEventsStorageRegion": {
        "storageRegion": (REGION, "global audit events are stored in"),
    },
    "alicloud:vpc/peerConnection:PeerConnection": {"acceptingRegionId": (REGION, "the VPC is peered with")},
    "alicloud:vpc/routerInterface:RouterInterface": {"oppositeRegion": (REGION, "traffic is routed to")},
    "alicloud:expressconnect/routerInterface:RouterInterface": {
        "oppositeRegionId": (REGION, "traffic is routed to"),
    },
    "alicloud:expressconnect/routerExpressConnectRouter:RouterExpressConnectRouter": {
        "regions[].regionId": (REGION, "the Express Connect router spans"),
    },
    "alicloud:expressconnect/routerVpcAssociation:RouterVpcAssociation": {
        "associationRegionId": (REGION, "the Express Connect router joins a VPC in"),
    },
    "alicloud:expressconnect/routerTrAssociation:RouterTrAssociation": {
        "associationRegionId": (REGION, "the Express Connect router joins a transit router in"),
    },
    "alicloud:expressconnect/routerVbrChildInstance:RouterVbrChildInstance": {
        "childInstanceRegionId": (REGION, "the Express Connect router joins a border router in"),
    },
    "alicloud:expressconnect/routerGrantAssociation:RouterGrantAssociation": {
        "instanceRegionId": (REGION, "the Express Connect router is granted a network in"),
    },
    "alicloud:privatelink/vpcEndpoint:VpcEndpoint": {
        "serviceRegionId": (REGION, "the endpoint reaches a service in"),
    },
    "alicloud:privatelink/vpcEndpointService:VpcEndpointService": {
        "supportedRegionLists[]": (REGION, "the service is offered to"),
    },
    "alicloud:pvtz/zoneAttachment:ZoneAttachment": {
        "vpcs[].regionId": (REGION, "private DNS answers a VPC in")
    },
    "alicloud:pvtz/endpoint:Endpoint": {"vpcRegionId": (REGION, "DNS queries are forwarded from")},
    "alicloud:bastionhost/host:Host": {
        "instanceRegionId": (REGION, "the bastion opens sessions to a host in")
    },
    "alicloud:dms/enterpriseInstance:EnterpriseInstance": {
        "ecsRegion": (REGION, "DMS queries a database in")
    },
    "alicloud:ros/stackInstances:StackInstances": {"regionIds[]": (REGION, "ROS deploys stacks to")},
    "alicloud:ros/stackInstance:StackInstance": {"stackInstanceRegionId": (REGION, "ROS deploys a stack to")},
    "alicloud:servicecatalog/provisionedProduct:ProvisionedProduct": {
        "stackRegionId": (REGION, "the product is deployed to"),
    },
    "alicloud:oos/applicationGroup:ApplicationGroup": {
        "deployRegionId": (REGION, "the application group is deployed to"),
    },
    "alicloud:ocean/baseInstance:BaseInstance": {"primaryRegion": (REGION, "OceanBase keeps its primary in")},
    # The few resources that take their own region as an input, overriding the provider's.
    "alicloud:polardb/aicluster:Aicluster": {"regionId": (REGION, "the AI cluster is created in")},
    "alicloud:polardb/application:Application": {"regionId": (REGION, "the application is created in")},
    "alicloud:polardb/batchTask:BatchTask": {"regionId": (REGION, "the batch task runs in")},
    "alicloud:edas/application:Application": {"logicalRegionId": (NAMESPACE, "the application runs in")},
    "alicloud:edas/cluster:Cluster": {"logicalRegionId": (NAMESPACE, "the cluster runs in")},
    "alicloud:edas/k8sApplication:K8sApplication": {
        "logicalRegionId": (NAMESPACE, "the application runs in")
    },
    # Backups replicated by HBR policies and ECS server backup plans.
    "alicloud:hbr/policy:Policy": {"rules[].replicationRegionId": (REGION, "backups are replicated to")},
    "alicloud:hbr/serverBackupPlan:ServerBackupPlan": {
        "details[].destinationRegionId": (REGION, "server backups are replicated to"),
    },
    # Logs, events and telemetry delivered to (or read from) another region.
    "alicloud:cms/eventRule:EventRule": {
        "fcParameters[].region": (REGION, "events are delivered to a function in"),
        "mnsParameters[].region": (REGION, "events are delivered to a queue in"),
        "slsParameters[].region": (REGION, "events are delivered to a log project in"),
        "openApiParameters[].region": (REGION, "events are sent to an API call on a resource in"),
    },
    "alicloud:cms/slsGroup:SlsGroup": {"slsGroupConfigs[].slsRegion": (REGION, "CMS reads logs from")},
    "alicloud:cms/alertRuleV2:AlertRuleV2": {
        "datasourceConfig.regionId": (REGION, "the alert rule queries data in")
    },
    "alicloud:cms/prometheusView:PrometheusView": {
        "prometheusInstances[].regionId": (REGION, "the view aggregates metrics from"),
    },
    "alicloud:log/alert:Alert": {"queryLists[].region": (REGION, "the alert queries logs in")},
    "alicloud:sls/collectionPolicy:CollectionPolicy": {
        "centralizeConfig.destRegion": (REGION, "collected logs are forwarded to"),
        "dataConfig.dataRegion": (REGION, "global logs are collected to"),
    },
    "alicloud:esa/siteDeliveryTask:SiteDeliveryTask": {
        "ossDelivery.region": (REGION, "site logs are delivered to a bucket in"),
        "slsDelivery.slsRegion": (REGION, "site logs are delivered to a log project in"),
        "s3Delivery.region": (REGION, "site logs are delivered to an S3 bucket in"),
    },
    "alicloud:arms/syntheticTask:SyntheticTask": {
        "commonSetting.xtraceRegion": (REGION, "synthetic test traces are reported to"),
    },
    "alicloud:eventbridge/eventSourceV2:EventSourceV2": {
        "sourceKafkaParameters.regionId": (REGION, "events are read from a Kafka instance in"),
        "sourceMnsParameters.regionId": (REGION, "events are read from a queue in"),
        "sourceRabbitMqParameters.regionId": (REGION, "events are read from a RabbitMQ instance in"),
        "sourceRocketmqParameters.regionId": (REGION, "events are read from a RocketMQ instance in"),
    },
    # Requests, traffic and images that cross to another region.
    "alicloud:apigateway/api:Api": {
        "fcServiceConfig.region": (REGION, "API requests are passed to a function in")
    },
    "alicloud:ddos/schedulerRule:SchedulerRule": {
        "rules[].regionId": (REGION, "traffic is scheduled to a resource in")
    },
    "alicloud:vpc/vPCRouteEntry:VPCRouteEntry": {
        "nextHops[].nextHopRegionId": (REGION, "traffic is routed to a next hop in"),
    },
    "alicloud:eci/containerGroup:ContainerGroup": {
        "acrRegistryInfos[].regionId": (REGION, "container images are pulled from a registry in"),
    },
    "alicloud:ess/eciScalingConfiguration:EciScalingConfiguration": {
        "acrRegistryInfos[].regionId": (REGION, "container images are pulled from a registry in"),
    },
    "alicloud:live/domain:Domain": {"region": (REGION, "live streams are ingested and processed in")},
    # ENS places resources on edge nodes, not in a region; its images are stored in OSS of a region.
    "alicloud:ens/image:Image": {"targetOssRegionId": (REGION, "the image is stored in OSS in")},
    "alicloud:ens/disk:Disk": {"ensRegionId": (NODE, "the disk is placed on an edge node in")},
    "alicloud:ens/eip:Eip": {"ensRegionId": (NODE, "the EIP is allocated on an edge node in")},
    "alicloud:ens/instance:Instance": {"ensRegionId": (NODE, "the instance runs on an edge node in")},
    "alicloud:ens/loadBalancer:LoadBalancer": {
        "ensRegionId": (NODE, "the load balancer runs on an edge node in")
    },
    "alicloud:ens/natGateway:NatGateway": {"ensRegionId": (NODE, "the NAT gateway runs on an edge node in")},
    "alicloud:ens/network:Network": {"ensRegionId": (NODE, "the network is on an edge node in")},
    "alicloud:ens/snapshot:Snapshot": {"ensRegionId": (NODE, "the snapshot is kept on an edge node in")},
    "alicloud:ens/vswitch:Vswitch": {"ensRegionId": (NODE, "the vSwitch is on an edge node in")},
    "alicloud:polardb/zonalDbCluster:ZonalDbCluster": {
        "ensRegionId": (NODE, "the database runs on an edge node in")
    },
}
# Switches that turn a cross-region copy on, whatever destination is named.
COPY_SWITCHES: dict[str, dict[str, str]] = {
    "alicloud:ecs/snapshotPolicy:SnapshotPolicy": {
        "enableCrossRegionCopy": "snapshots are copied to another region"
    },
    "alicloud:ecs/autoSnapshotPolicy:AutoSnapshotPolicy": {
        "enableCrossRegionCopy": "snapshots are copied to another region",
    },
    "alicloud:ebs/enterpriseSnapshotPolicy:EnterpriseSnapshotPolicy": {
        "crossRegionCopyInfo.enabled": "snapshots are copied to another region",
    },
    "alicloud:hbr/serverBackupPlan:ServerBackupPlan": {
        "details[].doCopy": "server backups are replicated to another region",
    },
}

_SLS_ENDPOINT = re.compile(
    r"^(?:https?://)?(?:[a-z0-9-]+\.)?([a-z]{2}-[a-z0-9-]+?)(?:-intranet|-share)?\.log\.aliyuncs\.com/?$"
)


def region_of(kind: str, value: str) -> str | None:
    """The region a value names, by kind; None when the value does not have the documented shape."""
    value = value.strip().lower()
    if kind == OSS:
        return value[4:] if value.startswith("oss-") else value
    if kind == ENDPOINT:
        match = _SLS_ENDPOINT.match(value)
        return match.group(1) if match else None
    if kind == NAMESPACE:
        return value.partition(":")[0]
    if kind == NODE:
        labels = value.split("-")
        return "-".join(labels[:2]) if len(labels) > 2 else None
    return value


def region_findings(
    props: Mapping[str, Any],
    paths: Mapping[str, tuple[str, str]],
    switches: Mapping[str, str],
    region: str,
    lead: str,
) -> Iterator[str]:
    """One message per switch turned on and per value that names a region other than ``region``; ``paths``
    and ``switches`` are one type's entries of a table such as COPY_PATHS and COPY_SWITCHES."""
    for path, meaning in switches.items():
        for concrete, value in values_at(props, path):
            if flag_true(value):
                yield f"{lead}: {concrete} is true ({meaning}); it must be false"
    for path, (kind, meaning) in paths.items():
        for concrete, value in values_at(props, path):
            for entry in items(value):
                if not isinstance(entry, str) or not entry.strip():
                    continue
                named = region_of(kind, entry)
                if named is None:
                    yield f"{lead}: {concrete} is {entry}, which names no region; it must be {region}'s"
                elif named != region:
                    yield f"{lead}: {concrete} is {entry} ({meaning} {named})"


def _copies(args: ResourceValidationArgs, config: Mapping[str, Any]) -> Iterator[str]:
    try:
        region = _region(config)
    except _NoRegion:
        return
    kind = args.resource_type
    yield from region_findings(
        args.props,
        COPY_PATHS.get(kind, {}),
        COPY_SWITCHES.get(kind, {}),
        region,
        f"data must stay in {region}",
    )


cross_region_copies = resource_policy(
    name="alicloud-data-copy-in-allowed-region",
    family=SOVEREIGNTY,
    description="Checks whether a resource copies, backs up, syncs, replicates, exports or routes data to (or "
    "from) another region: OSS replication, database cross-region backups (RDS, PolarDB, DBS, HBR), DTS, "
    "snapshot copies and disk replication, image copies and distribution, registry sync, SLS ETL sinks and "
    "log delivery (SLS, CDN, ESA, collection policies), event rules and event sources, alerts and views "
    "reading another region, VPC peering, router interfaces and next hops, Express Connect routers, "
    "cross-region PrivateLink, ROS stack sets, and ENS resources on edge nodes outside the region's city.",
    severity=Severity.CRITICAL,
    level=MANDATORY,
    remediation="Keep every destination and source in the allowed region; use same-region, cross-zone "
    "redundancy (ZRS buckets, multi-zone databases, same-region backups) instead of cross-region copies.",
    types=set(COPY_PATHS) | set(COPY_SWITCHES),
    check=_copies,
    schema=REGION_SCHEMA,
)


# Edge services cache and serve copies of content from nodes across their acceleration scope. "domestic" is
# mainland China; "overseas" is everywhere else; "global" is both. The providers' default is domestic.
SCOPE_PATHS: dict[str, str] = {
    "alicloud:cdn/domain:Domain": "scope",
    "alicloud:cdn/domainNew:DomainNew": "scope",
    "alicloud:dcdn/domain:Domain": "scope",
    "alicloud:dcdn/ipaDomain:IpaDomain": "scope",
    "alicloud:vod/domain:Domain": "scope",
    "alicloud:live/domain:Domain": "scope",
    "alicloud:esa/site:Site": "coverage",
    "alicloud:esa/cacheReserveInstance:CacheReserveInstance": "crRegion",
}
# ESA cache reserve keeps its copies in one area instead of a scope: mainland China (CN, or a mainland city as
# the provider's own example writes it, CN-beijing) or Hong Kong (HK).
CACHE_RESERVE = "alicloud:esa/cacheReserveInstance:CacheReserveInstance"


def mainland_china(region: str) -> bool:
    return region.startswith("cn-") and not region.startswith("cn-hongkong")


def _edge_scope(args: ResourceValidationArgs, config: Mapping[str, Any]) -> Iterator[str]:
    try:
        region = _region(config)
    except _NoRegion:
        return
    key = SCOPE_PATHS[args.resource_type]
    if args.resource_type == CACHE_RESERVE:
        value = args.props.get(key) or "CN"
        area = str(value).strip().upper().partition("-")[0]
        home = "HK" if region.startswith("cn-hongkong") else "CN" if mainland_china(region) else None
        if area != home:
            fix = f"it must be {home}" if home else "serve content from an in-region load balancer instead"
            yield f"cached copies must stay in {region}'s country: {key} is {value}; {fix}"
        return
    scope = text(args.props, key) or "domestic"
    if scope in ("overseas", "global"):
        yield f"cached copies must stay in {region}'s country: {key} is {scope}; it must be domestic"
    elif not mainland_china(region):
        yield (
            f"cached copies must stay near {region}: {key} is {scope} (mainland China edge nodes), outside "
            f"{region}; serve content from an in-region load balancer instead"
        )


edge_scope_in_region = resource_policy(
    name="cdn-domain-scope-in-region",
    family=SOVEREIGNTY,
    description="Checks whether a CDN, DCDN, VOD, Live or ESA domain (or an ESA cache reserve) caches content "
    "outside the allowed region's country: scope (ESA: coverage; cache reserve: crRegion HK) overseas or global, "
    "or any scope when the region is outside mainland China.",
    severity=Severity.HIGH,
    level=MANDATORY,
    remediation="Set scope (coverage) to domestic (cache reserve crRegion to CN) for mainland China regions; "
    "outside mainland China serve content from an in-region load balancer, or exempt the domain with a reason.",
    types=set(SCOPE_PATHS),
    check=_edge_scope,
    schema=REGION_SCHEMA,
)

# Resource ARNs carry the region as their third field: acs:<service>:<region>:<account>:<resource>.
_ARN = re.compile(r"^acs:[a-z0-9-]+:([a-z0-9-]*):")


def _arns(value: Any, path: str, depth: int = 0) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        match = _ARN.match(value.strip().lower())
        if match and match.group(1) and match.group(1) != "*":
            yield path, match.group(1)
    elif depth < 4 and isinstance(value, Mapping):
        for key in value:
            yield from _arns(value[key], f"{path}.{key}" if path else str(key), depth + 1)
    elif depth < 4 and isinstance(value, Sequence) and not isinstance(value, bytes):
        for index, item in enumerate(items(value)):
            yield from _arns(item, f"{path}[{index}]", depth + 1)


# Policy documents name resources of every region by design (acs:oss:*:...); they are judged elsewhere.
_ARN_SKIP = ("policy", "policyDocument", "assumeRolePolicyDocument", "document", "trustPolicy")


def _arn_targets(args: ResourceValidationArgs, config: Mapping[str, Any]) -> Iterator[str]:
    try:
        region = _region(config)
    except _NoRegion:
        return
    for key in args.props:
        if key in _ARN_SKIP:
            continue
        try:
            found = list(_arns(args.props[key], key))
        except UnknownValueError:
            # An unknown value is another resource's output; that resource is placed by its own provider,
            # which alicloud-provider-region-allowed judges. Reading every unknown would block every stack.
            continue
        for path, named in found:
            if named != region:
                yield f"data must be delivered within {region}: {path} is a resource in {named}"


arn_in_region = resource_policy(
    name="alicloud-target-arn-in-allowed-region",
    family=SOVEREIGNTY,
    description="Checks whether any input names, by ARN, a resource in another region as a destination: "
    "ActionTrail's SLS project, Config delivery channels, EventBridge and Function Compute destinations, "
    "OSS inventory buckets and every other ARN-valued target.",
    severity=Severity.HIGH,
    level=MANDATORY,
    remediation="Point deliveries, sinks and targets at resources in the allowed region "
    "(acs:<service>:<allowed region>:...).",
    types=None,
    check=_arn_targets,
    schema=REGION_SCHEMA,
)


def flag_true(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


POLICIES: list[Policy] = [
    alicloud_provider_region,
    zone_in_allowed_region,
    cross_region_copies,
    edge_scope_in_region,
    arn_in_region,
]
