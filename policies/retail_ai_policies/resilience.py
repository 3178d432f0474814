"""Resilience (advisory by default): versioning, deletion protection, `protect`, node pool auto-repair."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pulumi_policy import ResourceValidationArgs, StackValidationArgs
from pulumi_policy.policy import Policy, Severity

from ._buckets import bucket_setting
from ._factory import ADVISORY, RESILIENCE, resource_policy, stack_policy
from ._values import flag, mapping, number, text


def _versioning(status: str | None, where: str) -> str | None:
    if status != "enabled":
        return f"buckets must keep old versions: {where}status is {status or 'not set'}; it must be Enabled"
    return None


def _oss_versioning(args: StackValidationArgs, config: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    yield from bucket_setting(
        args,
        config,
        separate_type="alicloud:oss/bucketVersioning:BucketVersioning",
        inline=lambda props, _cfg: _versioning(
            text(mapping(props.get("versioning")), "status"), "versioning."
        ),
        separate=lambda props, _cfg: _versioning(text(props, "status"), ""),
    )


oss_bucket_versioning = stack_policy(
    name="oss-bucket-versioning-enabled",
    family=RESILIENCE,
    description="Checks whether every OSS bucket has versioning Enabled, inline (versioning.status) or "
    "through oss.BucketVersioning.",
    severity=Severity.MEDIUM,
    level=ADVISORY,
    remediation="Set versioning {status: Enabled} on the bucket, or add an oss.BucketVersioning with status "
    "Enabled, plus a lifecycle rule that expires non-current versions.",
    check=_oss_versioning,
)


# type -> (property, value that means protected)
DELETION_PROTECTION = {
    "alicloud:cs/managedKubernetes:ManagedKubernetes": "deletionProtection",
    "alicloud:cs/kubernetes:Kubernetes": "deletionProtection",
    "alicloud:cs/serverlessKubernetes:ServerlessKubernetes": "deletionProtection",
    "alicloud:rds/instance:Instance": "deletionProtection",
    "alicloud:polardb/cluster:Cluster": "deletionLock",
    "alicloud:kvstore/instance:Instance": "instanceReleaseProtection",
    "alicloud:mongodb/instance:Instance": "dbInstanceReleaseProtection",
    # A sharded cluster holds the same data as a replica set and has the same switch.
    "alicloud:mongodb/shardingInstance:ShardingInstance": "dbInstanceReleaseProtection",
}


def _deletion_protection(args: ResourceValidationArgs, _config: Mapping[str, Any]) -> Iterator[str]:
    key = DELETION_PROTECTION[args.resource_type]
    enabled = (number(args.props, key) or 0) >= 1 if key == "deletionLock" else flag(args.props, key) is True
    if not enabled:
        yield (
            f"clusters and databases must be protected from deletion: {key} must be "
            f"{'1' if key == 'deletionLock' else 'true'}"
        )


deletion_protection_enabled = resource_policy(
    name="db-cluster-deletion-protection-enabled",
    family=RESILIENCE,
    description="Checks whether ACK clusters and databases (RDS, PolarDB, Redis/kvstore, MongoDB) turn on "
    "the "
    "service's own deletion protection.",
    severity=Severity.MEDIUM,
    level=ADVISORY,
    remediation="Set deletionProtection: true (PolarDB deletionLock: 1, kvstore "
    "instanceReleaseProtection: true, "
    "MongoDB replica set and sharded cluster dbInstanceReleaseProtection: true).",
    types=set(DELETION_PROTECTION),
    check=_deletion_protection,
)


STATEFUL_TYPES = [
    "alicloud:oss/bucket:Bucket",
    "alicloud:kms/key:Key",
    "alicloud:rds/instance:Instance",
    "alicloud:polardb/cluster:Cluster",
    "alicloud:kvstore/instance:Instance",
    "alicloud:redis/tairInstance:TairInstance",
    "alicloud:mongodb/instance:Instance",
    "alicloud:mongodb/shardingInstance:ShardingInstance",
    "alicloud:mongodb/serverlessInstance:ServerlessInstance",
    "alicloud:ecs/ecsDisk:EcsDisk",
    "alicloud:ecs/disk:Disk",
    "alicloud:nas/fileSystem:FileSystem",
    "alicloud:log/project:Project",
    "alicloud:log/store:Store",
    "alicloud:index/milvusInstance:MilvusInstance",
    "alicloud:gpdb/instance:Instance",
]


def _protected(args: ResourceValidationArgs, config: Mapping[str, Any]) -> Iterator[str]:
    types = config.get("statefulTypes") or STATEFUL_TYPES
    if args.resource_type in types and not args.opts.protect:
        yield "stateful resources must be protected: set the resource option protect=True"


stateful_resource_protected = resource_policy(
    name="pulumi-stateful-resource-protected",
    family=RESILIENCE,
    description="Checks whether stateful resources (buckets, keys, databases, caches, disks, file "
    "systems, log "
    "projects) carry Pulumi's protect option, so a refactor cannot delete them.",
    severity=Severity.MEDIUM,
    level=ADVISORY,
    remediation="Pass opts=ResourceOptions(protect=True) (components: pass protect to the component, "
    "children "
    "inherit it).",
    types=None,
    check=_protected,
    schema={
        "statefulTypes": {
            "type": "array",
            "items": {"type": "string"},
            "default": STATEFUL_TYPES,
            "description": "Type tokens that hold data and must be protected.",
        }
    },
)


def _auto_repair(args: ResourceValidationArgs, _config: Mapping[str, Any]) -> Iterator[str]:
    management = mapping(args.props.get("management"))
    # The provider applies autoRepair only when management.enable is true (Checkov misses that).
    if flag(management, "enable") is not True:
        yield "node pools must repair nodes automatically: management.enable must be true"
    if flag(management, "autoRepair") is not True:
        yield "node pools must repair nodes automatically: management.autoRepair must be true"


ack_node_pool_auto_repair = resource_policy(
    name="ack-node-pool-auto-repair-enabled",
    family=RESILIENCE,
    description="Checks whether an ACK node pool has managed auto-repair on (management.enable and "
    "management.autoRepair).",
    severity=Severity.LOW,
    level=ADVISORY,
    remediation="Set management {enable: true, autoRepair: true} on the node pool.",
    types=["alicloud:cs/nodePool:NodePool"],
    check=_auto_repair,
)

POLICIES: list[Policy] = [
    oss_bucket_versioning,
    deletion_protection_enabled,
    stateful_resource_protected,
    ack_node_pool_auto_repair,
]
