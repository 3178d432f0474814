"""Private-ACL cases: every inventory row of inventory/private_acl.yaml, failing and passing.

Inputs follow the provider's examples (oss.BucketAcl, oss.BucketPolicy, oss.AccessPoint, cdn.DomainConfig
docs). A failing case names the property its message must mention.
"""

from __future__ import annotations

import json
from typing import Any

from _harness import UNKNOWN, Case, t
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


# --- repositories and code layers: anonymous pulls and public code ------------------------------------------------
REPO = "cr-repository-private"
LAYER = "fc-layer-private"
TRUST = "ram-role-trust-no-public-principal"
RESOURCE_POLICY = "resource-policy-no-public-principal"


# (type, property, the provider's example props without it): PUBLIC fails, PRIVATE passes.
REPOSITORIES: list[tuple[str, str, dict[str, Any]]] = [
    (t("cr/namespace"), "defaultVisibility", {"autoCreate": False}),
    (t("cr/repo"), "repoType", {"namespace": "retail"}),
    (t("cs/registryEnterpriseNamespace"), "defaultVisibility", {"instanceId": "cri-1"}),
    (t("cs/registryEnterpriseRepo"), "repoType", {"instanceId": "cri-1"}),
    (t("cr/chartNamespace"), "defaultRepoType", {"instanceId": "cri-1"}),
    (t("cr/chartRepository"), "repoType", {"instanceId": "cri-1"}),
]


def repository_case_ids(type_: str, prop: str) -> tuple[str, str]:
    short = type_.split(":")[1].replace("/", "-")
    return f"repo-{short}-{prop}-public", f"repo-{short}-{prop}-private"


for _type, _prop, _base in REPOSITORIES:
    _failing, _passing = repository_case_ids(_type, _prop)
    CASES += [
        Case(_failing, REPO, _type, {**_base, _prop: "PUBLIC"}, True, _prop),
        Case(_passing, REPO, _type, {**_base, _prop: "PRIVATE"}, False),
    ]

LAYER_CODE = {"layerName": "shared", "compatibleRuntimes": ["python3.10"], "code": {"zipFile": "UEsDBA=="}}
CASES += [
    Case("layer-public-acl", LAYER, t("fc/v3LayerVersion"), {**LAYER_CODE, "acl": "1"}, True, "acl"),
    Case(
        "layer-public-flag", LAYER, t("fc/v3LayerVersion"), {**LAYER_CODE, "public": "true"}, True, "public"
    ),
    Case("layer-private-acl", LAYER, t("fc/v3LayerVersion"), {**LAYER_CODE, "acl": "0"}, False),
    Case("layer-default", LAYER, t("fc/v3LayerVersion"), LAYER_CODE, False),
]


# --- trust policies: who may assume a role -------------------------------------------------------------------------
def trust(*statements: dict[str, Any], key: str = "assumeRolePolicyDocument") -> dict[str, Any]:
    return {"roleName": "ci-deployer", key: doc(*statements)}


def assume(
    principal: Any, condition: dict[str, Any] | None = None, action: str = "sts:AssumeRole"
) -> dict[str, Any]:
    statement: dict[str, Any] = {"Effect": "Allow", "Action": action, "Principal": principal}
    if condition is not None:
        statement["Condition"] = condition
    return statement


GITHUB = "acs:ram::1234567890:oidc-provider/github-actions"
OIDC_ISSUER = {"oidc:iss": ["https://token.actions.githubusercontent.com"], "oidc:aud": ["sts.aliyuncs.com"]}
SAML = "acs:ram::1234567890:saml-provider/corp-idp"
ROLE = t("ram/role")
CASES += [
    # The provider's own example: services of the account.
    Case(
        "trust-services",
        TRUST,
        ROLE,
        trust(assume({"Service": ["apigateway.aliyuncs.com", "ecs.aliyuncs.com"]})),
        False,
    ),
    Case("trust-named-account", TRUST, ROLE, trust(assume({"RAM": ["acs:ram::1234567890:root"]})), False),
    Case("trust-any-account", TRUST, ROLE, trust(assume({"RAM": ["acs:ram::*:root"]})), True, "any account"),
    Case("trust-anyone", TRUST, ROLE, trust(assume({"RAM": "*"})), True, "anyone"),
    Case("trust-anyone-plain", TRUST, ROLE, trust(assume("*")), True, "Statement[0]"),
    Case(
        "trust-any-account-vpc-pinned",
        TRUST,
        ROLE,
        trust(assume({"RAM": ["acs:ram::*:root"]}, {"StringEquals": {"acs:SourceVpc": ["vpc-retail"]}})),
        False,
    ),
    Case(
        "trust-deprecated-document",
        TRUST,
        ROLE,
        trust(assume({"RAM": ["acs:ram::*:root"]}), key="document"),
        True,
        "document Statement[0]",
    ),
    Case(
        "trust-resource-directory-role",
        TRUST,
        t("resourcemanager/role"),
        {"roleName": "rd-admin", "assumeRolePolicyDocument": doc(assume({"RAM": ["acs:ram::*:root"]}))},
        True,
        "assumeRolePolicyDocument",
    ),
    Case(
        "trust-resource-directory-named",
        TRUST,
        t("resourcemanager/role"),
        {
            "roleName": "rd-admin",
            "assumeRolePolicyDocument": doc(assume({"RAM": ["acs:ram::1234567890:root"]})),
        },
        False,
    ),
    # OIDC: any workflow of any repository may get a token for the issuer and audience; oidc:sub says which.
    Case(
        "trust-oidc-no-subject",
        TRUST,
        ROLE,
        trust(assume({"Federated": [GITHUB]}, {"StringEquals": OIDC_ISSUER}, "sts:AssumeRoleWithOIDC")),
        True,
        "oidc:sub",
    ),
    Case(
        "trust-oidc-any-subject",
        TRUST,
        ROLE,
        trust(
            assume(
                {"Federated": [GITHUB]}, {"StringEquals": OIDC_ISSUER, "StringLike": {"oidc:sub": "repo:*"}}
            )
        ),
        True,
        "oidc:sub",
    ),
    Case(
        "trust-oidc-subject-pinned",
        TRUST,
        ROLE,
        trust(
            assume(
                {"Federated": [GITHUB]},
                {"StringEquals": {**OIDC_ISSUER, "oidc:sub": ["repo:acme/shop:ref:refs/heads/main"]}},
            )
        ),
        False,
    ),
    Case(
        "trust-oidc-owner-pinned",
        TRUST,
        ROLE,
        trust(
            assume(
                {"Federated": [GITHUB]},
                {"StringEquals": OIDC_ISSUER, "StringLike": {"oidc:sub": "repo:acme/*"}},
            )
        ),
        False,
    ),
    Case(
        "trust-oidc-any-account",
        TRUST,
        ROLE,
        trust(
            assume({"Federated": ["acs:ram::*:oidc-provider/github-actions"]}, {"StringEquals": OIDC_ISSUER})
        ),
        True,
        "any account's identity provider",
    ),
    Case("trust-saml-no-recipient", TRUST, ROLE, trust(assume({"Federated": SAML})), True, "saml:recipient"),
    Case(
        "trust-saml-recipient",
        TRUST,
        ROLE,
        trust(
            assume(
                {"Federated": SAML},
                {"StringEquals": {"saml:recipient": ["https://signin.alibabacloud.com/saml-role/sso"]}},
            )
        ),
        False,
    ),
    Case("trust-deny-anyone", TRUST, ROLE, trust({**assume("*"), "Effect": "Deny"}), False),
    Case(
        "trust-not-json",
        TRUST,
        ROLE,
        {"roleName": "r", "assumeRolePolicyDocument": "{not json"},
        True,
        "assumeRolePolicyDocument",
    ),
    # Unknown during preview: a violation when the team asks for it (by default the advisory note, see test_pack).
    Case(
        "trust-unknown",
        TRUST,
        ROLE,
        {"roleName": "r", "assumeRolePolicyDocument": UNKNOWN},
        True,
        "assumeRolePolicyDocument",
        pack_config={TRUST: {"treatUnknownAsViolation": True}},
    ),
]


# --- resource policies: KMS keys and secrets, Log Service projects ------------------------------------------------
def allow(principal: Any, actions: list[str], condition: dict[str, Any] | None = None) -> dict[str, Any]:
    statement: dict[str, Any] = {
        "Effect": "Allow",
        "Principal": principal,
        "Action": actions,
        "Resource": ["*"],
    }
    if condition is not None:
        statement["Condition"] = condition
    return statement


KMS_ROLE = {"RAM": ["acs:ram::1234567890:role/trainer"]}
LOG_READ = ["log:GetLogStoreLogs", "log:GetCursorOrData"]
CASES += [
    Case(
        "kms-key-policy-role",
        RESOURCE_POLICY,
        t("kms/key"),
        {"policy": doc(allow(KMS_ROLE, ["kms:Decrypt"]))},
        False,
    ),
    Case(
        "kms-key-policy-anyone",
        RESOURCE_POLICY,
        t("kms/key"),
        {"policy": doc(allow({"RAM": ["*"]}, ["kms:Decrypt"]))},
        True,
        "policy Statement[0]",
    ),
    Case(
        "kms-secret-policy-any-account",
        RESOURCE_POLICY,
        t("kms/secret"),
        {"secretName": "db", "policy": doc(allow({"RAM": ["acs:ram::*:*"]}, ["kms:GetSecretValue"]))},
        True,
        "any account",
    ),
    Case(
        "kms-secret-policy-role",
        RESOURCE_POLICY,
        t("kms/secret"),
        {"secretName": "db", "policy": doc(allow(KMS_ROLE, ["kms:GetSecretValue"]))},
        False,
    ),
    # Log Service's documented examples: Principal * narrowed (or denied) by the source VPC or IP.
    Case(
        "log-project-anonymous-read",
        RESOURCE_POLICY,
        t("log/project"),
        {"projectName": "clicks", "policy": doc(allow(["*"], LOG_READ))},
        True,
        "anyone",
    ),
    Case(
        "log-project-vpc-only",
        RESOURCE_POLICY,
        t("log/project"),
        {
            "projectName": "clicks",
            "policy": doc(allow(["*"], LOG_READ, {"StringEquals": {"acs:SourceVpc": ["vpc-retail"]}})),
        },
        False,
    ),
    Case(
        "log-project-any-vpc",
        RESOURCE_POLICY,
        t("log/project"),
        {
            "projectName": "clicks",
            "policy": doc(allow(["*"], LOG_READ, {"StringLike": {"acs:SourceVpc": ["vpc-*"]}})),
        },
        True,
        "anyone",
    ),
    Case(
        "log-project-deny-internet",
        RESOURCE_POLICY,
        t("log/project"),
        {
            "projectName": "clicks",
            "policy": doc(
                {
                    "Effect": "Deny",
                    "Action": ["log:PostLogStoreLogs"],
                    "Principal": ["*"],
                    "Resource": "acs:log:*:*:project/clicks/*",
                    "Condition": {"StringNotEquals": {"acs:SourceVpc": ["vpc-*"]}},
                }
            ),
        },
        False,
    ),
]
