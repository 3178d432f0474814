"""Private-ACL cases: every inventory row of inventory/private_acl.yaml, failing and passing.

Inputs follow the provider's examples (oss.BucketAcl, oss.BucketPolicy, oss.AccessPoint, cdn.DomainConfig
docs). A failing case names the property its message must mention.
"""

from __future__ import annotations

import json
from typing import Any

from _harness import UNKNOWN, Case
from retail_ai_policies.rules import OSS_READ_ACTIONS

BUCKET = "alicloud:oss/bucket:Bucket"
BUCKET_ACL = "alicloud:oss/bucketAcl:BucketAcl"
BUCKET_OBJECT = "alicloud:oss/bucketObject:BucketObject"
BUCKET_POLICY = "alicloud:oss/bucketPolicy:BucketPolicy"
BUCKET_PAB = "alicloud:oss/bucketPublicAccessBlock:BucketPublicAccessBlock"
ACCOUNT_PAB = "alicloud:oss/accountPublicAccessBlock:AccountPublicAccessBlock"
ACCESS_POINT = "alicloud:oss/accessPoint:AccessPoint"
CDN_CONFIG = "alicloud:cdn/domainConfig:DomainConfig"
DCDN_CONFIG = "alicloud:dcdn/domainConfig:DomainConfig"

ACL = "oss-bucket-acl-private"
OBJ = "oss-object-acl-private"
PAB = "oss-public-access-block-enabled"
BP = "oss-bucket-policy-no-public-principal"
AP = "oss-access-point-vpc-only"
CDN = "cdn-domain-no-private-bucket-origin"


def doc(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "1", "Statement": list(statements)})


RESOURCES = ["acs:oss:*:*:retail-catalog", "acs:oss:*:*:retail-catalog/*"]
PUBLIC_READ = {"Effect": "Allow", "Principal": ["*"], "Action": list(OSS_READ_ACTIONS), "Resource": RESOURCES}
PUBLIC_WRITE = {"Effect": "Allow", "Principal": ["*"], "Action": ["oss:PutObject"], "Resource": RESOURCES}
DENY_DELETES = {
    "Effect": "Deny",
    "Principal": ["*"],
    "Action": ["oss:DeleteObject", "oss:DeleteBucket"],
    "Resource": RESOURCES,
}
NAMED_ACCOUNT = {**PUBLIC_READ, "Principal": ["1234567890"]}
NAMED_ROLE = {**PUBLIC_READ, "Principal": ["acs:ram::1234567890:role/trainer"]}
VPC_PINNED = {**PUBLIC_READ, "Condition": {"StringEquals": {"acs:SourceVpc": ["vpc-retail"]}}}


def policy(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"bucket": "retail-catalog", "policy": doc(*statements)}


def access_point(origin: str, block: bool | None = None) -> dict[str, Any]:
    props: dict[str, Any] = {
        "accessPointName": "ap-retail",
        "bucket": "retail-catalog",
        "networkOrigin": origin,
    }
    if origin == "vpc":
        props["vpcConfiguration"] = {"vpcId": "vpc-retail"}
    if block is not None:
        props["publicAccessBlockConfiguration"] = {"blockPublicAccess": block}
    return props


def oss_auth(value: str) -> dict[str, Any]:
    return {
        "domainName": "cdn.example.com",
        "functionName": "l2_oss_key",
        "functionArgs": [{"argName": "private_oss_auth", "argValue": value}],
    }


CASES: list[Case] = [
    # Bucket and object ACLs.
    Case("bucket-acl-private", ACL, BUCKET_ACL, {"bucket": "retail-catalog", "acl": "private"}, False),
    Case(
        "bucket-acl-public-read",
        ACL,
        BUCKET_ACL,
        {"bucket": "retail-catalog", "acl": "public-read"},
        True,
        "acl",
    ),
    Case(
        "bucket-acl-public-read-write",
        ACL,
        BUCKET_ACL,
        {"bucket": "retail-catalog", "acl": "public-read-write"},
        True,
        "acl",
    ),
    Case("bucket-acl-unknown", ACL, BUCKET_ACL, {"bucket": "retail-catalog", "acl": UNKNOWN}, True, "acl"),
    Case("bucket-inline-no-acl", ACL, BUCKET, {"bucket": "retail-catalog"}, False),
    Case("bucket-inline-private", ACL, BUCKET, {"bucket": "retail-catalog", "acl": "private"}, False),
    Case(
        "bucket-inline-public-read",
        ACL,
        BUCKET,
        {"bucket": "retail-catalog", "acl": "public-read"},
        True,
        "acl",
    ),
    Case(
        "object-default",
        OBJ,
        BUCKET_OBJECT,
        {"bucket": "retail-catalog", "key": "a.txt", "acl": "default"},
        False,
    ),
    Case(
        "object-private",
        OBJ,
        BUCKET_OBJECT,
        {"bucket": "retail-catalog", "key": "a.txt", "acl": "private"},
        False,
    ),
    Case(
        "object-public-read",
        OBJ,
        BUCKET_OBJECT,
        {"bucket": "retail-catalog", "key": "a.txt", "acl": "public-read"},
        True,
        "acl",
    ),
    Case(
        "object-public-read-write",
        OBJ,
        BUCKET_OBJECT,
        {"bucket": "retail-catalog", "key": "a.txt", "acl": "public-read-write"},
        True,
        "acl",
    ),
    # Public access blocks: bucket, account and access point.
    Case("bucket-pab-on", PAB, BUCKET_PAB, {"bucket": "retail-catalog", "blockPublicAccess": True}, False),
    Case(
        "bucket-pab-off",
        PAB,
        BUCKET_PAB,
        {"bucket": "retail-catalog", "blockPublicAccess": False},
        True,
        "blockPublicAccess",
    ),
    Case("account-pab-on", PAB, ACCOUNT_PAB, {"blockPublicAccess": True}, False),
    Case("account-pab-off", PAB, ACCOUNT_PAB, {"blockPublicAccess": False}, True, "blockPublicAccess"),
    Case("access-point-block-on", PAB, ACCESS_POINT, access_point("vpc", True), False),
    Case(
        "access-point-block-off",
        PAB,
        ACCESS_POINT,
        access_point("vpc", False),
        True,
        "publicAccessBlockConfiguration.blockPublicAccess",
    ),
    # Access point network origin.
    Case("access-point-vpc", AP, ACCESS_POINT, access_point("vpc"), False),
    Case("access-point-internet", AP, ACCESS_POINT, access_point("internet"), True, "networkOrigin"),
    # Bucket policies: public principals, and no false alarm on pinned, named or deny-only statements.
    Case("policy-public-read", BP, BUCKET_POLICY, policy(PUBLIC_READ), True, "policy"),
    Case("policy-public-write", BP, BUCKET_POLICY, policy(PUBLIC_WRITE), True, "policy"),
    Case(
        "policy-public-read-object-form",
        BP,
        BUCKET_POLICY,
        {"bucket": "retail-catalog", "policy": json.loads(doc(PUBLIC_READ))},
        True,
        "policy",
    ),
    Case(
        "policy-principal-string",
        BP,
        BUCKET_POLICY,
        policy({**PUBLIC_READ, "Principal": "*"}),
        True,
        "policy",
    ),
    Case(
        "policy-principal-ram-wildcard",
        BP,
        BUCKET_POLICY,
        policy({**PUBLIC_READ, "Principal": {"RAM": ["*"]}}),
        True,
        "policy",
    ),
    Case(
        "policy-source-ip-world",
        BP,
        BUCKET_POLICY,
        policy({**PUBLIC_READ, "Condition": {"IpAddress": {"acs:SourceIp": ["0.0.0.0/0"]}}}),
        True,
        "policy",
    ),
    Case(
        "policy-not-equals-vpc",
        BP,
        BUCKET_POLICY,
        policy({**PUBLIC_READ, "Condition": {"StringNotEquals": {"acs:SourceVpc": ["vpc-x"]}}}),
        True,
        "policy",
    ),
    Case("policy-inline-on-bucket", BP, BUCKET, policy(PUBLIC_READ), True, "policy"),
    Case("policy-inline-vpc-pinned", BP, BUCKET, policy(VPC_PINNED), False),
    Case(
        "policy-not-json",
        BP,
        BUCKET_POLICY,
        {"bucket": "retail-catalog", "policy": "{not json"},
        True,
        "policy",
    ),
    Case(
        "policy-unknown", BP, BUCKET_POLICY, {"bucket": "retail-catalog", "policy": UNKNOWN}, True, "policy"
    ),
    Case("policy-vpc-pinned", BP, BUCKET_POLICY, policy(VPC_PINNED), False),
    Case("policy-named-account", BP, BUCKET_POLICY, policy(NAMED_ACCOUNT), False),
    Case("policy-named-role", BP, BUCKET_POLICY, policy(NAMED_ROLE), False),
    Case("policy-deny-only", BP, BUCKET_POLICY, policy(DENY_DELETES), False),
    Case("policy-deny-and-role", BP, BUCKET_POLICY, policy(DENY_DELETES, NAMED_ROLE), False),
    # CDN / DCDN fetching a private bucket with its own credentials publishes it.
    Case("cdn-private-oss-auth-on", CDN, CDN_CONFIG, oss_auth("on"), True, "functionArgs[0].argValue"),
    Case("cdn-private-oss-auth-off", CDN, CDN_CONFIG, oss_auth("off"), False),
    Case(
        "cdn-other-function",
        CDN,
        CDN_CONFIG,
        {
            "domainName": "cdn.example.com",
            "functionName": "referer_white_list_set",
            "functionArgs": [{"argName": "refer_domain_allow_list", "argValue": "example.com"}],
        },
        False,
    ),
    Case("dcdn-private-oss-auth-on", CDN, DCDN_CONFIG, oss_auth("on"), True, "functionArgs[0].argValue"),
    Case("dcdn-private-oss-auth-off", CDN, DCDN_CONFIG, oss_auth("off"), False),
]
