"""Advisory cases for the round-2 fixes and the relaxation policy.

Each failing case names the property its message must mention; the passing cases are the situations the fixes
stopped flagging (snapshot disks, engines without TDE, lockout at the provider's default).
"""

from __future__ import annotations

from typing import Any

from _harness import Case

DISK = "alicloud:ecs/ecsDisk:EcsDisk"
LEGACY_DISK = "alicloud:ecs/disk:Disk"
RDS = "alicloud:rds/instance:Instance"
PASSWORD_POLICY = "alicloud:ram/accountPasswordPolicy:AccountPasswordPolicy"
MONGO = "alicloud:mongodb/instance:Instance"
MONGO_SHARDED = "alicloud:mongodb/shardingInstance:ShardingInstance"
CR_NAMESPACE = "alicloud:cr/registryEnterpriseNamespace:RegistryEnterpriseNamespace"
BUCKET = "alicloud:oss/bucket:Bucket"
SG = "alicloud:ecs/securityGroup:SecurityGroup"

DISKS = "ecs-disk-encrypted"
ENC = "oss-bucket-kms-encrypted"
RDSH = "rds-instance-hardened"
PWD = "ram-password-policy-strong"
MONGO_SSL = "mongodb-instance-ssl-enabled"
DEL = "db-cluster-deletion-protection-enabled"
RELAX = "alicloud-resource-relaxation-flagged"

RDS_BASE = {
    "sslAction": "Open",
    "autoUpgradeMinorVersion": "Auto",
    "sqlCollectorStatus": "Enabled",
    "sqlCollectorConfigValue": 365.0,
    "instanceType": "mysql.n2.medium.1",
    "instanceStorage": 20.0,
}
PG_LOGGING = [
    {"name": "log_connections", "value": "on"},
    {"name": "log_disconnections", "value": "on"},
    {"name": "log_duration", "value": "on"},
]
PASSWORDS = {"minimumPasswordLength": 16.0, "maxPasswordAge": 60.0, "passwordReusePrevention": 24.0}


def rds(engine: str, version: str, **extra: Any) -> dict[str, Any]:
    props = {**RDS_BASE, "engine": engine, "engineVersion": version, **extra}
    if engine == "PostgreSQL":
        props["parameters"] = PG_LOGGING
    return props


CASES: list[Case] = [
    # Disks from a snapshot inherit the snapshot's encryption: no finding the disk cannot fix.
    Case("disk-from-snapshot", DISKS, DISK, {"zoneId": "cn-hangzhou-h", "snapshotId": "s-1"}, False),
    Case(
        "legacy-disk-from-snapshot",
        DISKS,
        LEGACY_DISK,
        {"availabilityZone": "cn-hangzhou-h", "snapshotId": "s-1"},
        False,
    ),
    Case(
        "instance-data-disk-from-snapshot",
        DISKS,
        "alicloud:ecs/instance:Instance",
        {
            "systemDiskEncrypted": True,
            "systemDiskKmsKeyId": "key-1",
            "dataDisks": [{"size": 100.0, "snapshotId": "s-1"}],
        },
        False,
    ),
    Case(
        "instance-data-disk-plain",
        DISKS,
        "alicloud:ecs/instance:Instance",
        {"systemDiskEncrypted": True, "systemDiskKmsKeyId": "key-1", "dataDisks": [{"size": 100.0}]},
        True,
        "dataDisks[0].encrypted",
    ),
    Case(
        "node-pool-data-disk-from-snapshot",
        DISKS,
        "alicloud:cs/nodePool:NodePool",
        {"systemDiskEncrypted": True, "systemDiskKmsKey": "key-1", "dataDisks": [{"snapshotId": "s-1"}]},
        False,
    ),
    Case("disk-plain", DISKS, DISK, {"zoneId": "cn-hangzhou-h", "size": 100.0}, True, "encrypted"),
    # One requireCustomerKey default (true) for disks and buckets.
    Case(
        "disk-encrypted-service-key",
        DISKS,
        DISK,
        {"zoneId": "cn-hangzhou-h", "encrypted": True},
        True,
        "kmsKeyId",
    ),
    Case(
        "disk-encrypted-customer-key",
        DISKS,
        DISK,
        {"zoneId": "cn-hangzhou-h", "encrypted": True, "kmsKeyId": "key-1"},
        False,
    ),
    Case(
        "disk-service-key-allowed",
        DISKS,
        DISK,
        {"zoneId": "cn-hangzhou-h", "encrypted": True},
        False,
        pack_config={DISKS: {"requireCustomerKey": False}},
    ),
    # TDE is demanded only where the engine version offers it.
    Case("mysql57-no-tde", RDSH, RDS, rds("MySQL", "5.7"), True, "tdeStatus"),
    Case("mysql80-tde", RDSH, RDS, rds("MySQL", "8.0", tdeStatus="Enabled"), False),
    Case("mysql55-no-tde", RDSH, RDS, rds("MySQL", "5.5"), False),
    Case("sqlserver-enterprise-no-tde", RDSH, RDS, rds("SQLServer", "2019_ent"), True, "tdeStatus"),
    Case("sqlserver-web-no-tde", RDSH, RDS, rds("SQLServer", "2019_web"), False),
    Case(
        "pg14-cloud-no-tde",
        RDSH,
        RDS,
        rds("PostgreSQL", "14.0", dbInstanceStorageType="cloud_essd"),
        True,
        "tdeStatus",
    ),
    Case("pg16-no-tde", RDSH, RDS, rds("PostgreSQL", "16.0", dbInstanceStorageType="cloud_essd"), False),
    Case(
        "pg14-local-ssd-no-tde",
        RDSH,
        RDS,
        rds("PostgreSQL", "14.0", dbInstanceStorageType="local_ssd"),
        False,
    ),
    Case("mariadb-no-tde", RDSH, RDS, rds("MariaDB", "10.3"), False),
    # Lockout: 1..5; 0 turns it off; absent is the provider's default 5.
    Case(
        "lockout-zero", PWD, PASSWORD_POLICY, {**PASSWORDS, "maxLoginAttempts": 0.0}, True, "maxLoginAttempts"
    ),
    Case(
        "lockout-ten", PWD, PASSWORD_POLICY, {**PASSWORDS, "maxLoginAttempts": 10.0}, True, "maxLoginAttempts"
    ),
    Case("lockout-one", PWD, PASSWORD_POLICY, {**PASSWORDS, "maxLoginAttempts": 1.0}, False),
    Case("lockout-default", PWD, PASSWORD_POLICY, PASSWORDS, False),
    # MongoDB: replica sets and sharded clusters judged alike.
    Case("mongo-ssl-open", MONGO_SSL, MONGO, {"engineVersion": "6.0", "sslAction": "Open"}, False),
    Case(
        "mongo-ssl-closed",
        MONGO_SSL,
        MONGO,
        {"engineVersion": "6.0", "sslAction": "Close"},
        True,
        "sslAction",
    ),
    Case(
        "mongo-sharded-ssl-open",
        MONGO_SSL,
        MONGO_SHARDED,
        {"engineVersion": "6.0", "sslAction": "Open"},
        False,
    ),
    Case("mongo-sharded-no-ssl", MONGO_SSL, MONGO_SHARDED, {"engineVersion": "6.0"}, True, "sslAction"),
    Case(
        "mongo-sharded-protected",
        DEL,
        MONGO_SHARDED,
        {"engineVersion": "6.0", "dbInstanceReleaseProtection": True},
        False,
    ),
    Case(
        "mongo-sharded-unprotected",
        DEL,
        MONGO_SHARDED,
        {"engineVersion": "6.0"},
        True,
        "dbInstanceReleaseProtection",
    ),
    # Relaxations: the tag a component sets on the child it relaxes, as a map or a key/value list.
    Case(
        "relaxed-namespace",
        RELAX,
        CR_NAMESPACE,
        {"instanceId": "cri-1", "name": "retail", "autoCreate": False, "defaultVisibility": "PRIVATE"},
        False,
    ),
    Case(
        "relaxed-bucket-tag",
        RELAX,
        BUCKET,
        {"bucket": "retail-media", "tags": {"retail-ai:relaxation": "allow_insecure_transport"}},
        True,
        "allow_insecure_transport",
    ),
    Case(
        "relaxed-two-flags",
        RELAX,
        SG,
        {
            "vpcId": "vpc-1",
            "tags": {"retail-ai:relaxation": "allow_public_registry, allow_insecure_transport"},
        },
        True,
        "allow_public_registry, allow_insecure_transport",
    ),
    Case(
        "relaxed-tag-list",
        RELAX,
        "alicloud:ess/scalingGroup:ScalingGroup",
        {"tags": [{"key": "retail-ai:relaxation", "value": "allow_public_registry"}]},
        True,
        "allow_public_registry",
    ),
    Case("unrelaxed-tags", RELAX, BUCKET, {"bucket": "retail-media", "tags": {"team": "ml"}}, False),
]
