"""Private-ACL: no bucket or object is readable or writable by the public."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pulumi_policy import ResourceValidationArgs
from pulumi_policy.policy import Policy, Severity

from ._documents import policy_document
from ._factory import MANDATORY, PRIVATE_ACL, resource_policy
from ._values import flag, items, mapping, text
from .principals import PINNING_SCHEMA, configured_pinning, public_grants
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


_READ_ACTIONS = {a.lower() for a in OSS_READ_ACTIONS}


def _public_statements(document: Mapping[str, Any], pinning: set[str]) -> Iterator[str]:
    for grant in public_grants(document, pinning):
        actions = ", ".join(grant.actions) or "actions"
        reads = grant.actions and all(a.strip().lower() in _READ_ACTIONS for a in grant.actions)
        kind = "public read" if reads else "public access"
        yield (
            f"bucket policies must not grant the public: policy Statement[{grant.index}] gives {grant.who} "
            f"{actions} ({kind}) without a condition that pins the caller (acs:SourceVpc, acs:SourceIp, a RAM "
            f"principal)"
        )


def _bucket_policy(args: ResourceValidationArgs, config: Mapping[str, Any]) -> Iterator[str]:
    document = policy_document(args.props.get("policy"), "policy")
    if document is not None:
        yield from _public_statements(document, configured_pinning(config))


oss_bucket_policy_no_public = resource_policy(
    name="oss-bucket-policy-no-public-principal",
    family=PRIVATE_ACL,
    description="Checks whether a bucket policy (oss.BucketPolicy, or the deprecated inline Bucket.policy) "
    "allows the public (Principal *, any account) without a condition that pins the caller to a VPC, an IP "
    "range or a RAM principal.",
    severity=Severity.CRITICAL,
    level=MANDATORY,
    remediation="Name RAM users, roles or accounts as principals, or add a condition such as acs:SourceVpc. "
    "Deny statements with Principal * are fine (and recommended for deletes).",
    types=[BUCKET_POLICY, BUCKET],
    check=_bucket_policy,
    schema=PINNING_SCHEMA,
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
