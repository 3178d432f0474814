"""Policy documents for a private OSS bucket: the bucket policy and the RAM grants.

Plain functions over plain values, so that they are unit-tested without Pulumi. Action names
follow Alibaba's "RAM policies for OSS" action list; every action is spelled out, never a
wildcard, so a reviewer (and the policy pack) sees exactly what a role may do.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from retail_ai_policies.rules import OSS_READ_ACTIONS

from ._kms import kms_key_region

POLICY_VERSION = "1"

READ_ACTIONS: tuple[str, ...] = OSS_READ_ACTIONS
"""Read-only: Get and List actions only (the pack's own definition of a read, so a grant the library writes
and the read the pack recognises can never differ)."""

WRITE_ACTIONS: tuple[str, ...] = (
    *READ_ACTIONS,
    "oss:PutObject",
    "oss:AbortMultipartUpload",
    "oss:ListParts",
    "oss:ListMultipartUploads",
)
"""Read-write: reads plus uploads. No deletes: the bucket policy denies those to everyone, and a
versioned bucket keeps an overwritten object as a non-current version anyway."""

KMS_READ_ACTIONS: tuple[str, ...] = ("kms:Decrypt",)
"""Reading an SSE-KMS object with a customer key needs Decrypt on that key."""

KMS_WRITE_ACTIONS: tuple[str, ...] = ("kms:Decrypt", "kms:GenerateDataKey")
"""Writing an SSE-KMS object with a customer key needs GenerateDataKey (and Decrypt for multipart)."""

DESTRUCTIVE_ACTIONS: tuple[str, ...] = (
    "oss:DeleteObject",
    "oss:DeleteObjectVersion",
    "oss:DeleteBucket",
    "oss:DeleteBucketPolicy",
    "oss:DeleteBucketEncryption",
    "oss:DeleteBucketLifecycle",
    "oss:DeleteBucketLogging",
    "oss:PutBucketVersioning",
    "oss:PutBucketPolicy",
    "oss:PutBucketLifecycle",
)
"""Denied to everyone but the break-glass role: deleting data, and deleting the settings that
protect it (the policy itself, encryption, lifecycle, logging; suspending versioning). Replacing the policy
or the lifecycle is denied too: one call would otherwise lift the deny, or expire every object. Changing
either after creation is therefore a break-glass operation (deploy as the break-glass role, or as the
account when there is none)."""


def bucket_resources(bucket: str, account_id: str = "*") -> list[str]:
    """The bucket and every object in it, as RAM resource ARNs."""
    return [f"acs:oss:*:{account_id}:{bucket}", f"acs:oss:*:{account_id}:{bucket}/*"]


def kms_key_resource(key_id: str, region: str, account_id: str = "*") -> str:
    """A KMS key as a RAM resource ARN: a key given by its ARN is that ARN (components hold its region to
    theirs where the key is given); a key ID is the key of that ID in ``region``."""
    if kms_key_region(key_id) is not None:
        return key_id
    return f"acs:kms:{region}:{account_id}:key/{key_id}"


def role_arns(role_name: str, account_id: str = "*") -> list[str]:
    """A role as a principal: the role itself and any session assumed from it."""
    # RAM lowercases role names in ARNs.
    role = role_name.lower()
    return [f"acs:ram::{account_id}:role/{role}", f"acs:ram::{account_id}:assumed-role/{role}/*"]


def bucket_policy(
    bucket: str,
    *,
    break_glass_role_name: str | None = None,
    deleter_role_names: Sequence[str] = (),
    account_id: str = "*",
    deny_insecure_transport: bool = True,
) -> dict[str, Any]:
    """The bucket policy: deny destructive actions to everyone but the break-glass role (and any
    ``deleter_role_names``, services that manage their own data's lifecycle), and deny plain-HTTP
    requests.

    Every statement is a Deny, so the policy grants nobody anything; access comes from RAM grants.
    With a break-glass role, the deny carries ``StringNotLike`` on ``acs:PrincipalARN``: OSS applies
    a Principal-* statement that has a condition to the bucket owner too, so then even the root
    account cannot delete without assuming the break-glass role. Without one, the deny has no
    condition, and OSS exempts the bucket owner (the account itself) from it.
    """
    deny_deletes: dict[str, Any] = {
        "Sid": "DenyDestructiveActions",
        "Effect": "Deny",
        "Principal": ["*"],
        "Action": list(DESTRUCTIVE_ACTIONS),
        "Resource": bucket_resources(bucket, account_id),
    }
    exempt = [*([break_glass_role_name] if break_glass_role_name else []), *deleter_role_names]
    if exempt:
        arns = [arn for role in exempt for arn in role_arns(role, account_id)]
        deny_deletes["Condition"] = {"StringNotLike": {"acs:PrincipalARN": arns}}
    statements = [deny_deletes]
    if deny_insecure_transport:
        statements.append(
            {
                "Sid": "DenyInsecureTransport",
                "Effect": "Deny",
                "Principal": ["*"],
                "Action": ["oss:*"],
                "Resource": bucket_resources(bucket, account_id),
                "Condition": {"Bool": {"acs:SecureTransport": ["false"]}},
            }
        )
    return {"Version": POLICY_VERSION, "Statement": statements}


def role_grant_policy(
    bucket: str,
    *,
    oss_actions: Sequence[str],
    kms_actions: Sequence[str],
    kms_key_id: str,
    region: str,
    account_id: str = "*",
) -> dict[str, Any]:
    """A RAM policy for roles that use the bucket: the OSS actions on the bucket, and the KMS
    actions on its key (SSE-KMS with a customer key needs them)."""
    return {
        "Version": POLICY_VERSION,
        "Statement": [
            {
                "Effect": "Allow",
                "Action": list(oss_actions),
                "Resource": bucket_resources(bucket, account_id),
            },
            {
                "Effect": "Allow",
                "Action": list(kms_actions),
                "Resource": [kms_key_resource(kms_key_id, region, account_id)],
            },
        ],
    }


def to_json(document: dict[str, Any]) -> str:
    """Stable JSON (sorted keys, no spaces) so a re-run never shows a spurious diff."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"))
