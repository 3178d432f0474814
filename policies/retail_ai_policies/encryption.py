"""Encryption at rest (advisory by default): OSS with a KMS key, disks, node pool disks, KMS keys."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pulumi_policy import ResourceValidationArgs, StackValidationArgs
from pulumi_policy.policy import Policy, Severity

from ._buckets import bucket_setting
from ._factory import ADVISORY, ENCRYPTION, resource_policy, stack_policy
from ._values import flag, given, items, mapping, text

# One default for every encryption policy: our components always pass a customer key, and a team that
# accepts service-managed keys turns it off once, in "all" or per policy.
REQUIRE_CUSTOMER_KEY = True
REQUIRE_CMK_SCHEMA: dict[str, Any] = {
    "requireCustomerKey": {
        "type": "boolean",
        "default": REQUIRE_CUSTOMER_KEY,
        "description": "Also require an explicit customer KMS key ID, not only the service-managed key "
        "(CKV_ALI_6, CKV_ALI_8).",
    }
}


def _sse(rule: Mapping[str, Any], config: Mapping[str, Any], where: str) -> str | None:
    algorithm = text(rule, "sseAlgorithm")
    if algorithm != "kms":
        return (
            f"buckets must be encrypted with KMS: {where}sseAlgorithm is {algorithm or 'not set'}; it must "
            f"be KMS"
        )
    # Whether a key is named, not which: a key the stack creates is unknown during a real preview.
    if config.get("requireCustomerKey", REQUIRE_CUSTOMER_KEY) and not given(rule, "kmsMasterKeyId"):
        return f"buckets must be encrypted with a customer KMS key: {where}kmsMasterKeyId must be set"
    return None


def _oss_encryption(args: StackValidationArgs, config: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    yield from bucket_setting(
        args,
        config,
        separate_type="alicloud:oss/bucketServerSideEncryption:BucketServerSideEncryption",
        inline=lambda props, cfg: _sse(
            mapping(props.get("serverSideEncryptionRule")), cfg, "serverSideEncryptionRule."
        ),
        separate=lambda props, cfg: _sse(props, cfg, ""),
    )


oss_bucket_kms_encryption = stack_policy(
    name="oss-bucket-kms-encrypted",
    family=ENCRYPTION,
    description="Checks whether every OSS bucket is encrypted with KMS (and a customer key), inline "
    "(serverSideEncryptionRule) or through oss.BucketServerSideEncryption.",
    severity=Severity.HIGH,
    level=ADVISORY,
    remediation="Set serverSideEncryptionRule {sseAlgorithm: KMS, kmsMasterKeyId: <key>} on the bucket, "
    "or add "
    "an oss.BucketServerSideEncryption with the same settings.",
    check=_oss_encryption,
    schema=REQUIRE_CMK_SCHEMA,
)


DISK_TYPES = {"alicloud:ecs/disk:Disk", "alicloud:ecs/ecsDisk:EcsDisk"}
INSTANCE_TYPES = {"alicloud:ecs/instance:Instance", "alicloud:ess/scalingConfiguration:ScalingConfiguration"}
TEMPLATE_TYPES = {
    "alicloud:ecs/ecsLaunchTemplate:EcsLaunchTemplate",
    "alicloud:ecs/launchTemplate:LaunchTemplate",
}
NODE_POOL = "alicloud:cs/nodePool:NodePool"


def _encrypted(
    props: Mapping[str, Any], key: str, kms_key: str, config: Mapping[str, Any], where: str
) -> Iterator[str]:
    if flag(props, key) is not True:
        yield f"disks must be encrypted: {where}{key} must be true"
    elif config.get("requireCustomerKey", REQUIRE_CUSTOMER_KEY) and not given(props, kms_key):
        yield f"disks must use a customer KMS key: {where}{kms_key} must be set"


def _unless_from_snapshot(props: Mapping[str, Any], problems: list[str]) -> list[str]:
    """A disk created from a snapshot takes the snapshot's encryption and key (the SDK documents ecs.Disk's
    `encrypted` as conflicting with `snapshotId`; data disks likewise take the snapshot's contents): nothing on
    this resource can change it, so the finding belongs on the snapshot's source disk. The snapshot ID is read
    only when there is a finding; an unknown one (a snapshot the stack creates, as a real preview sends its ID)
    counts as given."""
    return problems if problems and not given(props, "snapshotId") else []


def _data_disks(props: Mapping[str, Any], kms_key: str, config: Mapping[str, Any]) -> Iterator[str]:
    for index, disk in enumerate(items(props.get("dataDisks"))):
        disk = mapping(disk)
        where = f"dataDisks[{index}]."
        yield from _unless_from_snapshot(disk, list(_encrypted(disk, "encrypted", kms_key, config, where)))


def _disks(args: ResourceValidationArgs, config: Mapping[str, Any]) -> Iterator[str]:
    props = args.props
    kind = args.resource_type
    if kind in DISK_TYPES:
        yield from _unless_from_snapshot(props, list(_encrypted(props, "encrypted", "kmsKeyId", config, "")))
    elif kind in INSTANCE_TYPES:
        # Checkov looks at standalone disks only; an instance's system and data disks hold data too.
        yield from _encrypted(props, "systemDiskEncrypted", "systemDiskKmsKeyId", config, "")
        yield from _data_disks(props, "kmsKeyId", config)
    elif kind in TEMPLATE_TYPES:
        # Checkov (CKV_ALI_32) checks data disks only; the system disk is checked here too.
        system = props.get("systemDisk")
        if system is not None:
            yield from _encrypted(mapping(system), "encrypted", "kmsKeyId", config, "systemDisk.")
        yield from _data_disks(props, "kmsKeyId", config)
    elif kind == NODE_POOL:
        yield from _encrypted(props, "systemDiskEncrypted", "systemDiskKmsKey", config, "")
        yield from _data_disks(props, "kmsKeyId", config)


ecs_disk_encrypted = resource_policy(
    name="ecs-disk-encrypted",
    family=ENCRYPTION,
    description="Checks whether ECS disks are encrypted: standalone disks, instance and "
    "scaling-configuration "
    "system and data disks, launch-template disks and ACK node pool disks.",
    severity=Severity.HIGH,
    level=ADVISORY,
    remediation="Set encrypted (systemDiskEncrypted, dataDisks[].encrypted) to true, with a KMS key ID when "
    "requireCustomerKey is on. Encryption can only be chosen when a disk is created.",
    types=DISK_TYPES | INSTANCE_TYPES | TEMPLATE_TYPES | {NODE_POOL},
    check=_disks,
    schema=REQUIRE_CMK_SCHEMA,
)


def _kms_key(args: ResourceValidationArgs, _config: Mapping[str, Any]) -> Iterator[str]:
    props = args.props
    status = text(props, "status")
    if status in ("disabled", "pendingdeletion"):
        yield f"KMS keys must be enabled: status is {props.get('status')}"
    if text(props, "automaticRotation") != "enabled":
        yield "KMS keys must rotate: automaticRotation must be Enabled (provider default: Disabled)"


kms_key_rotation_enabled = resource_policy(
    name="kms-key-rotation-enabled",
    family=ENCRYPTION,
    description="Checks whether a KMS key is enabled and rotates automatically.",
    severity=Severity.MEDIUM,
    level=ADVISORY,
    remediation="Set automaticRotation: Enabled (with rotationInterval, e.g. 365d, for keys in a KMS "
    "instance) "
    "and leave status Enabled.",
    types=["alicloud:kms/key:Key"],
    check=_kms_key,
)

POLICIES: list[Policy] = [
    oss_bucket_kms_encryption,
    ecs_disk_encrypted,
    kms_key_rotation_enabled,
]
