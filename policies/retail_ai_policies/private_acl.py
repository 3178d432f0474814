"""Private-ACL: no bucket or object is readable or writable by the public."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pulumi_policy import ResourceValidationArgs
from pulumi_policy.policy import Policy, Severity

from ._documents import policy_document, statements
from ._factory import MANDATORY, PRIVATE_ACL, resource_policy
from ._networks import is_internet_wide
from ._values import flag, items, mapping, text
from .rules import OSS_READ_ACTIONS

BUCKET = "alicloud:oss/bucket:Bucket"
BUCKET_ACL = "alicloud:oss/bucketAcl:BucketAcl"
BUCKET_OBJECT = "alicloud:oss/bucketObject:BucketObject"
BUCKET_POLICY = "alicloud:oss/bucketPolicy:BucketPolicy"
BUCKET_PAB = "alicloud:oss/bucketPublicAccessBlock:BucketPublicAccessBlock"
ACCOUNT_PAB = "alicloud:oss/accountPublicAccessBlock:AccountPublicAccessBlock"
ACCESS_POINT = "alicloud:oss/accessPoint:AccessPoint"
CDN_CONFIG = "alicloud:cdn/domainConfig:DomainConfig"
DCDN_CONFIG = "alicloud:dcdn/domainConfig:DomainConfig"

PUBLIC_ACLS = {"public-read", "public-read-write"}


def _bucket_acl(args: ResourceValidationArgs, _config: Mapping[str, Any]) -> Iterator[str]:
    # Bucket.acl is deprecated (removed from the 4.0 SDK) but older 4.x programs and imported state still
    # carry it.
    acl = text(args.props, "acl")
    if acl in PUBLIC_ACLS:
        yield f"buckets must be private: acl is {acl}; it must be private"


oss_bucket_acl_private = resource_policy(
    name="oss-bucket-acl-private",
    family=PRIVATE_ACL,
    description="Checks whether a bucket's ACL is public-read or public-read-write, set inline on oss.Bucket "
    "or through oss.BucketAcl.",
    severity=Severity.CRITICAL,
    level=MANDATORY,
    remediation="Set acl to private (oss.BucketAcl) and grant readers through RAM roles or a bucket policy "
    "scoped to RAM principals or the VPC.",
    types=[BUCKET, BUCKET_ACL],
    check=_bucket_acl,
)


def _object_acl(args: ResourceValidationArgs, _config: Mapping[str, Any]) -> Iterator[str]:
    acl = text(args.props, "acl")
    if acl in PUBLIC_ACLS:
        yield f"objects must be private: acl is {acl}; it must be private or default (inherit the bucket)"


oss_object_acl_private = resource_policy(
    name="oss-object-acl-private",
    family=PRIVATE_ACL,
    description="Checks whether an OSS object (oss.BucketObject) has a public-read or public-read-write ACL.",
    severity=Severity.CRITICAL,
    level=MANDATORY,
    remediation="Set the object's acl to private or default; share objects with signed URLs or RAM grants.",
    types=[BUCKET_OBJECT],
    check=_object_acl,
)


def _public_access_block(args: ResourceValidationArgs, _config: Mapping[str, Any]) -> Iterator[str]:
    if args.resource_type == ACCESS_POINT:
        # The access point's own block is optional; only an explicit false opens it.
        block = mapping(args.props.get("publicAccessBlockConfiguration"))
        if flag(block, "blockPublicAccess") is False:
            yield (
                "public access must stay blocked: publicAccessBlockConfiguration.blockPublicAccess is false; "
                "it must be true"
            )
        return
    value = flag(args.props, "blockPublicAccess")
    if value is not True:
        state = "not set" if value is None else "false"
        yield f"public access must stay blocked: blockPublicAccess is {state}; it must be true"


oss_public_access_block_enabled = resource_policy(
    name="oss-public-access-block-enabled",
    family=PRIVATE_ACL,
    description="Checks whether an oss.BucketPublicAccessBlock, oss.AccountPublicAccessBlock or an OSS "
    "access point's publicAccessBlockConfiguration switches blocking of public access off.",
    severity=Severity.CRITICAL,
    level=MANDATORY,
    remediation="Set blockPublicAccess: true. Blocking public access overrides any public ACL or policy.",
    types=[BUCKET_PAB, ACCOUNT_PAB, ACCESS_POINT],
    check=_public_access_block,
)


# Condition keys that pin who may call: a VPC, a VPC endpoint, a source IP range, or a RAM principal/account.
PINNING_KEYS = [
    "acs:SourceVpc",
    "acs:SourceVpce",
    "acs:SourceIp",
    "acs:AccessId",
    "acs:PrincipalARN",
    "acs:PrincipalAccount",
    "acs:PrincipalRAMRole",
    "acs:SourceAccount",
]


_READ_ACTIONS = {a.lower() for a in OSS_READ_ACTIONS}


def _is_read(action: str) -> bool:
    return action.strip().lower() in _READ_ACTIONS


def _is_wildcard_principal(principal: Any) -> bool:
    # OSS accepts "*", ["*"] and {"RAM": ["*"]}; a RAM ARN with a wildcard account is as open.
    if isinstance(principal, str):
        value = principal.strip()
        return value == "*" or value.startswith("acs:ram::*:")
    if isinstance(principal, Mapping):
        return any(_is_wildcard_principal(v) for v in principal.values())
    return any(_is_wildcard_principal(p) for p in items(principal))


def _pins_caller(condition: Any, pinning: set[str]) -> bool:
    """Whether a Condition block restricts the caller; a SourceIp of 0.0.0.0/0 does not."""
    for operator, clauses in mapping(condition).items():
        if "notequals" in operator.lower() or "notlike" in operator.lower() or "notip" in operator.lower():
            continue  # a negative match excludes some callers but still admits everyone else
        for key, values in mapping(clauses).items():
            if key.lower() not in pinning:
                continue
            listed = [str(v) for v in items(values)]
            if not listed:
                continue
            if key.lower() == "acs:sourceip" and any(is_internet_wide(v) for v in listed):
                continue
            if any(v.strip() in ("*", "") for v in listed):
                continue
            return True
    return False


def _public_statements(document: Mapping[str, Any], pinning: set[str]) -> Iterator[str]:
    for index, statement in enumerate(statements(document)):
        effect = str(statement.get("Effect", statement.get("effect", "Allow"))).strip().lower()
        if effect != "allow":
            continue  # Deny with Principal * is how a bucket forbids deletes to everyone: not public
        principal = statement.get("Principal", statement.get("principal"))
        if principal is None or not _is_wildcard_principal(principal):
            continue
        if _pins_caller(statement.get("Condition", statement.get("condition")), pinning):
            continue
        granted = [str(a) for a in items(statement.get("Action", statement.get("action")))]
        actions = ", ".join(granted) or "actions"
        kind = "public read" if granted and all(_is_read(a) for a in granted) else "public access"
        yield (
            f"bucket policies must not grant the public: policy Statement[{index}] gives Principal * "
            f"{actions} ({kind}) without a condition that pins the caller (acs:SourceVpc, acs:SourceIp, a RAM "
            f"principal)"
        )


def _bucket_policy(args: ResourceValidationArgs, config: Mapping[str, Any]) -> Iterator[str]:
    pinning = {k.lower() for k in items(config.get("pinningConditionKeys")) if isinstance(k, str)}
    document = policy_document(args.props.get("policy"), "policy")
    if document is not None:
        yield from _public_statements(document, pinning)


oss_bucket_policy_no_public = resource_policy(
    name="oss-bucket-policy-no-public-principal",
    family=PRIVATE_ACL,
    description="Checks whether a bucket policy (oss.BucketPolicy, or the deprecated inline Bucket.policy) "
    "allows Principal * without a condition that pins the caller to a VPC, an IP range or a RAM principal.",
    severity=Severity.CRITICAL,
    level=MANDATORY,
    remediation="Name RAM users, roles or accounts as principals, or add a condition such as acs:SourceVpc. "
    "Deny statements with Principal * are fine (and recommended for deletes).",
    types=[BUCKET_POLICY, BUCKET],
    check=_bucket_policy,
    schema={
        "pinningConditionKeys": {
            "type": "array",
            "items": {"type": "string"},
            "default": PINNING_KEYS,
            "description": "Condition keys that restrict the caller well enough to make Principal * private.",
        }
    },
)


def _access_point(args: ResourceValidationArgs, _config: Mapping[str, Any]) -> Iterator[str]:
    origin = text(args.props, "networkOrigin")
    if origin != "vpc":
        yield (
            f"access points must be reachable from the VPC only: networkOrigin is {origin or 'not set'}; it "
            f"must be vpc (with vpcConfiguration.vpcId)"
        )


oss_access_point_vpc_only = resource_policy(
    name="oss-access-point-vpc-only",
    family=PRIVATE_ACL,
    description="Checks whether an OSS access point can be reached through the public endpoint "
    "(networkOrigin internet) instead of only from a VPC.",
    severity=Severity.HIGH,
    level=MANDATORY,
    remediation="Set networkOrigin: vpc and vpcConfiguration {vpcId}; keep the access point's "
    "publicAccessBlockConfiguration.blockPublicAccess true.",
    types=[ACCESS_POINT],
    check=_access_point,
)


def _private_origin(args: ResourceValidationArgs, _config: Mapping[str, Any]) -> Iterator[str]:
    # l2_oss_key with private_oss_auth on lets the CDN read a PRIVATE bucket and serve it to anyone on the
    # internet: the bucket is private in name only.
    if text(args.props, "functionName") != "l2_oss_key":
        return
    for index, arg in enumerate(items(args.props.get("functionArgs"))):
        arg = mapping(arg)
        if text(arg, "argName") == "private_oss_auth" and text(arg, "argValue") == "on":
            yield (
                f"private buckets must not be served to the internet: functionArgs[{index}].argValue is on "
                f"(l2_oss_key private_oss_auth); it must be off"
            )


cdn_private_bucket_origin = resource_policy(
    name="cdn-domain-no-private-bucket-origin",
    family=PRIVATE_ACL,
    description="Checks whether a CDN or DCDN domain is configured to fetch from a private OSS bucket with "
    "its own credentials (l2_oss_key private_oss_auth on), which publishes the private bucket's objects.",
    severity=Severity.CRITICAL,
    level=MANDATORY,
    remediation="Remove the l2_oss_key config (or set private_oss_auth off); serve private objects with "
    "signed URLs to authenticated users from inside the VPC.",
    types=[CDN_CONFIG, DCDN_CONFIG],
    check=_private_origin,
)

POLICIES: list[Policy] = [
    oss_bucket_acl_private,
    oss_object_acl_private,
    oss_public_access_block_enabled,
    oss_bucket_policy_no_public,
    oss_access_point_vpc_only,
    cdn_private_bucket_origin,
]
