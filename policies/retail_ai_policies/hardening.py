"""Hardening (advisory by default): the Checkov CKV_ALI_* floor, ported with their blind spots mended."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pulumi_policy import ResourceValidationArgs, StackValidationArgs
from pulumi_policy.policy import Policy, Severity

from ._buckets import bucket_setting
from ._factory import ADVISORY, HARDENING, resource_policy, stack_policy
from ._networks import is_internet_wide
from ._values import flag, items, mapping, number, text

RDS = "alicloud:rds/instance:Instance"

# Engine versions where RDS offers TDE (ModifyDBInstanceTDE prerequisites, Alibaba Cloud API reference
# https://www.alibabacloud.com/help/en/apsaradb-for-rds/latest/api-doc-rds-2014-08-15-api-doc-modifydbinstancetde):
# MySQL 5.6/5.7/8.0, SQL Server 2019 Standard and every Enterprise edition, PostgreSQL 10-15 on cloud disks.
# MySQL 5.5, SQL Server Web/Express/other Standard editions, PostgreSQL 16+ and MariaDB have no TDE, so a
# finding there could never be fixed.
TDE_MYSQL_VERSIONS = {"5.6", "5.7", "8.0"}
TDE_POSTGRESQL_VERSIONS = {"10.0", "11.0", "12.0", "13.0", "14.0", "15.0"}


def tde_supported(engine: str, version: str | None, storage: str | None) -> bool:
    """Whether an RDS engine/version can enable TDE; an absent version is judged as supported (the newest
    MySQL and SQL Server Enterprise versions all support it)."""
    if engine == "mysql":
        return version is None or version in TDE_MYSQL_VERSIONS or version == "8"
    if engine == "sqlserver":
        return version is None or "_ent" in version or version.startswith("2019_std")
    if engine == "postgresql":
        normalized = version if version is None or "." in version else f"{version}.0"
        on_cloud_disk = storage is None or storage.startswith("cloud_")
        return normalized in TDE_POSTGRESQL_VERSIONS and on_cloud_disk
    return False


def _rds(args: ResourceValidationArgs, config: Mapping[str, Any]) -> Iterator[str]:
    props = args.props
    engine = text(props, "engine") or ""
    if text(props, "sslAction") not in ("open", "update"):
        yield "RDS connections must use SSL: sslAction must be Open (CKV_ALI_20)"
    if text(props, "tdeStatus") != "enabled" and tde_supported(
        engine, text(props, "engineVersion"), text(props, "dbInstanceStorageType")
    ):
        yield "RDS data must be encrypted with TDE: tdeStatus must be Enabled (CKV_ALI_22)"
    if text(props, "autoUpgradeMinorVersion") != "auto":
        yield "RDS must take minor version fixes: autoUpgradeMinorVersion must be Auto (CKV_ALI_30)"
    retention = number(props, "sqlCollectorConfigValue")
    minimum = float(config.get("minSqlAuditDays", 180))
    if text(props, "sqlCollectorStatus") != "enabled" or retention is None or retention < minimum:
        yield (
            f"RDS must keep a SQL audit trail: sqlCollectorStatus Enabled with sqlCollectorConfigValue >= "
            f"{minimum:g} (CKV_ALI_25)"
        )
    if engine == "postgresql":
        # Checkov applies these PostgreSQL parameters to every engine; here only to PostgreSQL.
        values = {text(mapping(p), "name"): text(mapping(p), "value") for p in items(props.get("parameters"))}
        for name in ("log_connections", "log_disconnections", "log_duration"):
            if values.get(name) != "on":
                yield f"PostgreSQL must log sessions: parameter {name} must be on (CKV_ALI_35-37)"


rds_instance_hardened = resource_policy(
    name="rds-instance-hardened",
    family=HARDENING,
    description="Checks whether an RDS instance uses SSL, TDE (MySQL/SQL Server), automatic minor "
    "upgrades, a "
    "SQL audit trail of at least 180 days and (PostgreSQL) connection logging.",
    severity=Severity.MEDIUM,
    level=ADVISORY,
    remediation="Set sslAction: Open, tdeStatus: Enabled, autoUpgradeMinorVersion: Auto, sqlCollectorStatus: "
    "Enabled with sqlCollectorConfigValue >= 180, and PostgreSQL parameters log_connections, "
    "log_disconnections and log_duration on.",
    types=[RDS],
    check=_rds,
    schema={
        "minSqlAuditDays": {"type": "number", "default": 180, "description": "Minimum SQL audit retention."}
    },
)


MONGODB_TYPES = ["alicloud:mongodb/instance:Instance", "alicloud:mongodb/shardingInstance:ShardingInstance"]


def _mongodb(args: ResourceValidationArgs, _config: Mapping[str, Any]) -> Iterator[str]:
    # Replica sets and sharded clusters take the same sslAction (Open/Close/Update); both are judged alike.
    if text(args.props, "sslAction") not in ("open", "update"):
        yield "MongoDB connections must use SSL: sslAction must be Open (CKV_ALI_42)"


mongodb_instance_ssl = resource_policy(
    name="mongodb-instance-ssl-enabled",
    family=HARDENING,
    description="Checks whether a MongoDB replica set or sharded cluster turns SSL on (sslAction Open).",
    severity=Severity.MEDIUM,
    level=ADVISORY,
    remediation="Set sslAction: Open on mongodb.Instance and mongodb.ShardingInstance.",
    types=MONGODB_TYPES,
    check=_mongodb,
)


def _password_policy(args: ResourceValidationArgs, _config: Mapping[str, Any]) -> Iterator[str]:
    props = args.props
    if (number(props, "minimumPasswordLength") or 12) < 14:
        yield "passwords must have at least 14 characters: minimumPasswordLength >= 14 (CKV_ALI_13)"
    # The provider's defaults for the require* flags are true, so absent is fine (Checkov fails it).
    for key, check in (
        ("requireNumbers", 14),
        ("requireSymbols", 15),
        ("requireLowercaseCharacters", 17),
        ("requireUppercaseCharacters", 19),
    ):
        if flag(props, key) is False:
            yield f"passwords must mix character classes: {key} must be true (CKV_ALI_{check})"
    age = number(props, "maxPasswordAge") or 0
    if age == 0 or age > 90:
        yield "passwords must expire within 90 days: maxPasswordAge must be 1..90 (CKV_ALI_16)"
    if (number(props, "passwordReusePrevention") or 0) < 24:
        yield "passwords must not be reused: passwordReusePrevention must be >= 24 (CKV_ALI_18)"
    # 0 switches lockout off (Checkov passes it); the provider accepts 0..32 and defaults to 5.
    attempts = number(props, "maxLoginAttempts")
    if attempts is not None and not 1 <= attempts <= 5:
        yield (
            f"logins must lock after at most 5 failures: maxLoginAttempts is {attempts:g}; it must be 1..5 "
            f"(0 turns lockout off) (CKV_ALI_23)"
        )


ram_password_policy_strong = resource_policy(
    name="ram-password-policy-strong",
    family=HARDENING,
    description="Checks whether the RAM account password policy requires 14+ characters, mixed character "
    "classes, expiry within 90 days, no reuse of the last 24 and lockout after 5 failed logins.",
    severity=Severity.MEDIUM,
    level=ADVISORY,
    remediation="Set minimumPasswordLength 14+, maxPasswordAge 1..90, passwordReusePrevention 24, "
    "maxLoginAttempts 1..5 and leave the require* flags true.",
    types=["alicloud:ram/accountPasswordPolicy:AccountPasswordPolicy"],
    check=_password_policy,
)


def _mfa(args: ResourceValidationArgs, _config: Mapping[str, Any]) -> Iterator[str]:
    props = args.props
    # 4.0 replaced enforceMfaForLogin with mfaOperationForLogin; accept either spelling of "required".
    if flag(props, "enforceMfaForLogin") is True or text(props, "mfaOperationForLogin") == "mandatory":
        return
    yield "RAM users must use MFA: mfaOperationForLogin must be mandatory (CKV_ALI_24)"


ram_mfa_required = resource_policy(
    name="ram-login-mfa-required",
    family=HARDENING,
    description="Checks whether the RAM security preference makes MFA mandatory at login "
    "(mfaOperationForLogin, or the deprecated enforceMfaForLogin).",
    severity=Severity.HIGH,
    level=ADVISORY,
    remediation="Set mfaOperationForLogin: mandatory on ram.SecurityPreference.",
    types=["alicloud:ram/securityPreference:SecurityPreference"],
    check=_mfa,
)


def _trail(args: ResourceValidationArgs, _config: Mapping[str, Any]) -> Iterator[str]:
    props = args.props
    if text(props, "eventRw") not in (None, "all"):
        yield "the audit trail must record reads and writes: eventRw must be All (CKV_ALI_5)"
    if text(props, "trailRegion") not in (None, "all"):
        yield "the audit trail must record every region's events: trailRegion must be All (CKV_ALI_4)"


actiontrail_all_events = resource_policy(
    name="actiontrail-trail-all-events",
    family=HARDENING,
    description="Checks whether an ActionTrail trail records read and write events of all regions.",
    severity=Severity.MEDIUM,
    level=ADVISORY,
    remediation="Set eventRw: All and trailRegion: All (or leave both out: the provider default is All). "
    "Deliver "
    "the trail to an SLS project or bucket in the allowed region.",
    types=["alicloud:actiontrail/trail:Trail"],
    check=_trail,
)


def _tls(args: ResourceValidationArgs, _config: Mapping[str, Any]) -> Iterator[str]:
    old = [v for v in items(args.props.get("tlsVersions")) if str(v) in ("TLSv1.0", "TLSv1.1")]
    if old:
        yield (
            f"TLS policies must drop TLS 1.0/1.1: tlsVersions contains {', '.join(map(str, old))} "
            f"(CKV_ALI_33)"
        )


slb_tls_policy_modern = resource_policy(
    name="slb-tls-cipher-policy-modern",
    family=HARDENING,
    description="Checks whether a CLB TLS cipher policy still allows TLS 1.0 or 1.1.",
    severity=Severity.MEDIUM,
    level=ADVISORY,
    remediation="Keep tlsVersions to TLSv1.2 and TLSv1.3.",
    types=["alicloud:slb/tlsCipherPolicy:TlsCipherPolicy"],
    check=_tls,
)


def _acl_entries(args: ResourceValidationArgs, _config: Mapping[str, Any]) -> Iterator[str]:
    props = args.props
    # Both the deprecated single `entry` and the `entries[]` list (and the legacy inline Acl.aclEntries).
    entries = [props.get("entry")] + [mapping(e).get("entry") for e in items(props.get("entries"))]
    entries += [mapping(e).get("entry") for e in items(props.get("aclEntries"))]
    for entry in entries:
        if is_internet_wide(entry):
            yield (
                f"load balancer ACLs must not admit everyone: entry {entry} must be a narrower range "
                f"(CKV_ALI_29)"
            )


lb_acl_no_open_entry = resource_policy(
    name="alb-acl-no-open-entry",
    family=HARDENING,
    description="Checks whether an ALB/CLB access control list has an entry that admits the whole internet.",
    severity=Severity.MEDIUM,
    level=ADVISORY,
    remediation="List the client CIDRs that need access; an ACL of 0.0.0.0/0 controls nothing.",
    types=[
        "alicloud:alb/aclEntryAttachment:AclEntryAttachment",
        "alicloud:alb/acl:Acl",
        "alicloud:slb/aclEntryAttachment:AclEntryAttachment",
        "alicloud:slb/acl:Acl",
    ],
    check=_acl_entries,
)


def _log_audit(args: ResourceValidationArgs, _config: Mapping[str, Any]) -> Iterator[str]:
    if flag(mapping(args.props.get("variableMap")), "rds_enabled") is not True:
        yield 'SLS log audit must collect RDS logs: variableMap.rds_enabled must be "true" (CKV_ALI_38)'


log_audit_rds = resource_policy(
    name="sls-log-audit-rds-enabled",
    family=HARDENING,
    description="Checks whether the SLS log audit service collects RDS audit logs.",
    severity=Severity.LOW,
    level=ADVISORY,
    remediation='Set variableMap {rds_enabled: "true"} on log.Audit.',
    types=["alicloud:log/audit:Audit"],
    check=_log_audit,
)


def _logging(args: StackValidationArgs, config: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    def inline(props: Mapping[str, Any], _cfg: Mapping[str, Any]) -> str | None:
        if not mapping(props.get("logging")).get("targetBucket"):
            return (
                "buckets must log access: set logging.targetBucket or add an oss.BucketLogging (CKV_ALI_12)"
            )
        return None

    def separate(props: Mapping[str, Any], _cfg: Mapping[str, Any]) -> str | None:
        return None if props.get("targetBucket") else "oss.BucketLogging must name a targetBucket"

    yield from bucket_setting(
        args,
        config,
        separate_type="alicloud:oss/bucketLogging:BucketLogging",
        inline=inline,
        separate=separate,
    )


oss_bucket_access_logging = stack_policy(
    name="oss-bucket-access-logging",
    family=HARDENING,
    description="Checks whether every OSS bucket logs access, inline (logging) or through oss.BucketLogging.",
    severity=Severity.LOW,
    level=ADVISORY,
    remediation="Add logging {targetBucket, targetPrefix} to the bucket or an oss.BucketLogging resource.",
    check=_logging,
)

POLICIES: list[Policy] = [
    rds_instance_hardened,
    mongodb_instance_ssl,
    ram_password_policy_strong,
    ram_mfa_required,
    actiontrail_all_events,
    slb_tls_policy_modern,
    lb_acl_no_open_entry,
    log_audit_rds,
    oss_bucket_access_logging,
]
