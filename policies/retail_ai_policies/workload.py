"""Workload fit (advisory by default): spot only for training, ESSD PL3 for feature stores, Archive for
catalogs."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator, Mapping
from typing import Any

from pulumi_policy import ResourceValidationArgs
from pulumi_policy.policy import Policy, Severity

from ._factory import ADVISORY, COST_PERF, resource_policy
from ._values import items, mapping, text

NODE_POOL = "alicloud:cs/nodePool:NodePool"
SPOT_STRATEGIES = {"spotwithpricelimit", "spotaspricego"}


def _markers(config: Mapping[str, Any], key: str) -> list[str]:
    return [m.lower() for m in items(config.get(key)) if isinstance(m, str) and m]


def _tainted_for(props: Mapping[str, Any], markers: list[str]) -> bool:
    for taint in items(props.get("taints")):
        taint = mapping(taint)
        effect = text(taint, "effect") or "noschedule"
        words = f"{taint.get('key') or ''}={taint.get('value') or ''}".lower()
        if effect in ("noschedule", "noexecute") and any(m in words for m in markers):
            return True
    return False


def _spot_pool(args: ResourceValidationArgs, config: Mapping[str, Any]) -> Iterator[str]:
    props = args.props
    strategy = text(props, "spotStrategy")
    scaling_type = text(mapping(props.get("scalingConfig")), "type")
    if strategy not in SPOT_STRATEGIES and scaling_type != "spot":
        return
    # Spot is for interruptible training only; a NoSchedule taint keeps serving pods off the pool.
    if not _tainted_for(props, _markers(config, "trainingMarkers")):
        kind = f"spotStrategy {strategy}" if strategy in SPOT_STRATEGIES else "scalingConfig.type spot"
        yield (
            f"spot capacity is for training only: the pool is spot ({kind}), so its taints must include a "
            f"NoSchedule/NoExecute taint marking it for training (e.g. workload=training), so serving pods "
            f"cannot land on it"
        )


ack_node_pool_spot_training_only = resource_policy(
    name="ack-node-pool-no-spot-for-serving",
    family=COST_PERF,
    description="Checks whether a spot node pool (spotStrategy or scalingConfig.type spot) could run serving "
    "workloads, i.e. is not tainted for training.",
    severity=Severity.MEDIUM,
    level=ADVISORY,
    remediation="Use spotStrategy NoSpot for serving pools. For training pools add a taint such as "
    "{key: workload, value: training, effect: NoSchedule} and tolerate it in training jobs only.",
    types=[NODE_POOL],
    check=_spot_pool,
    schema={
        "trainingMarkers": {
            "type": "array",
            "items": {"type": "string"},
            "default": ["training", "train"],
            "description": "Words in a taint's key or value that mark a pool as a training pool.",
        }
    },
)


FEATURE_STORE_TYPES = {
    "alicloud:ecs/instance:Instance",
    "alicloud:ecs/ecsDisk:EcsDisk",
    "alicloud:ecs/disk:Disk",
    NODE_POOL,
}


def _is_feature_store(args: ResourceValidationArgs, markers: list[str]) -> bool:
    words = [args.name.lower()]
    for key in ("tags", "labels"):
        value = args.props.get(key)
        if isinstance(value, Mapping):
            words += [f"{k}={v}".lower() for k, v in value.items()]
        else:
            words += [f"{mapping(v).get('key')}={mapping(v).get('value')}".lower() for v in items(value)]
    return any(m in w for m in markers for w in words)


def _pl3(category: str | None, level: str | None, where: str) -> Iterator[str]:
    if category != "cloud_essd" or level != "pl3":
        yield (
            f"feature-store nodes need ESSD PL3: {where} is "
            f"{category or 'default'}/{(level or 'default').upper()}; "
            f"it must be cloud_essd/PL3"
        )


def _feature_store_disks(args: ResourceValidationArgs, config: Mapping[str, Any]) -> Iterator[str]:
    if not _is_feature_store(args, _markers(config, "featureStoreMarkers")):
        return
    props = args.props
    if args.resource_type in ("alicloud:ecs/ecsDisk:EcsDisk", "alicloud:ecs/disk:Disk"):
        yield from _pl3(text(props, "category"), text(props, "performanceLevel"), "category/performanceLevel")
        return
    disks = items(props.get("dataDisks"))
    if not disks:
        yield "feature-store nodes need an ESSD PL3 data disk: dataDisks must hold a cloud_essd PL3 disk"
    for index, disk in enumerate(disks):
        disk = mapping(disk)
        yield from _pl3(text(disk, "category"), text(disk, "performanceLevel"), f"dataDisks[{index}]")


ecs_feature_store_essd_pl3 = resource_policy(
    name="ecs-feature-store-disk-essd-pl3",
    family=COST_PERF,
    description="Checks whether feature-store nodes (ECS instances, disks or node pools named or tagged as "
    "feature-store) keep their data on ESSD PL3.",
    severity=Severity.LOW,
    level=ADVISORY,
    remediation="Use category cloud_essd with performanceLevel PL3 for feature-store data disks (PL3 "
    "needs at "
    "least 1,261 GiB).",
    types=FEATURE_STORE_TYPES,
    check=_feature_store_disks,
    schema={
        "featureStoreMarkers": {
            "type": "array",
            "items": {"type": "string"},
            "default": ["feature-store", "featurestore", "feature_store"],
            "description": "Words in a resource's name, tags or labels that mark it as a feature-store node.",
        }
    },
)


ARCHIVE_CLASSES = {"archive", "coldarchive", "deepcoldarchive"}


def _catalog_lifecycle(args: ResourceValidationArgs, config: Mapping[str, Any]) -> Iterator[str]:
    props = args.props
    patterns = _markers(config, "catalogBucketPatterns")
    name = str(props.get("bucket") or args.name).lower()
    tags = mapping(props.get("tags"))
    tagged = any(str(v).lower() == "catalog" for v in tags.values())
    if not tagged and not any(fnmatch.fnmatch(name, p) for p in patterns):
        return
    for rule in items(props.get("lifecycleRules")):
        rule = mapping(rule)
        if rule.get("enabled") is False:
            continue
        for transition in items(rule.get("transitions")):
            if text(mapping(transition), "storageClass") in ARCHIVE_CLASSES:
                return
    yield (
        "catalog buckets must archive cold data: lifecycleRules must hold an enabled rule with an Archive "
        "transition"
    )


oss_catalog_bucket_archive_lifecycle = resource_policy(
    name="oss-catalog-bucket-archive-lifecycle",
    family=COST_PERF,
    description="Checks whether a catalog bucket (matched by name pattern or a tag value 'catalog') has an "
    "enabled lifecycle rule that moves objects to Archive (or colder).",
    severity=Severity.LOW,
    level=ADVISORY,
    remediation="Add lifecycleRules [{enabled: true, transitions: [{days: 90, storageClass: Archive}]}] "
    "(plus a non-current version transition when versioning is on).",
    types=["alicloud:oss/bucket:Bucket"],
    check=_catalog_lifecycle,
    schema={
        "catalogBucketPatterns": {
            "type": "array",
            "items": {"type": "string"},
            "default": ["*catalog*"],
            "description": "Glob patterns of bucket names (or resource names) that are catalog buckets.",
        }
    },
)

POLICIES: list[Policy] = [
    ack_node_pool_spot_training_only,
    ecs_feature_store_essd_pl3,
    oss_catalog_bucket_archive_lifecycle,
]
