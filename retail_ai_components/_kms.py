"""KMS keys: the one way components create one, so every key gets the same posture, and the rules of a key
given by ID or ARN.

A key is named by its ID (``key-hzz62f1cb66fa42qo9bgl``, or a UUID for older keys) or by its ARN,
``acs:kms:<region>:<account>:key/<key ID>``, the form KMS documents for a key of another account. The ARN
names the key's region: a key of another region is refused wherever a component takes one (a bucket, a
cluster or a disk encrypted with it would depend on that region, and the key cannot serve this one). A
wildcard is refused too: a RAM policy built on ``key/*`` would grant every key of the account.
"""

from __future__ import annotations

import re
from typing import Any

import pulumi
import pulumi_alicloud as alicloud
from retail_ai_policies.rules import is_region_id

from ._options import stateful_child_options
from ._relaxation import relaxed_tags, unprotected
from ._validation import shown

# Letters, digits, '-', '_' and '.': what key IDs are made of, with room for IDs of other forms, and nothing
# that a RAM resource ARN reads as a wildcard or a separator (*, ?, /, :).
_KEY_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")
_KEY_ARN = re.compile(r"acs:kms:(?P<region>[^:]*):(?P<account>[^:]*):key/(?P<key_id>.*)")
_ACCOUNT_ID = re.compile(r"[0-9]{1,32}")


def kms_key_problem(value: str) -> str | None:
    """What is wrong with a KMS key given by ID or ARN (None when nothing is)."""
    arn = _KEY_ARN.fullmatch(value)
    if arn is None and value.startswith("acs:"):
        return f"{shown(value)} is not a KMS key ARN: acs:kms:<region>:<account>:key/<key ID>"
    if arn is not None:
        if not is_region_id(arn["region"]):
            return (
                f"{shown(value)} names no region in its ARN; give the key's own region, not {arn['region']!r}"
            )
        if not _ACCOUNT_ID.fullmatch(arn["account"]):
            return f"{shown(value)} names no account ID in its ARN; give the key's account (digits)"
    key_id = arn["key_id"] if arn is not None else value
    if not _KEY_ID.fullmatch(key_id):
        return (
            f"{shown(value)} is not a KMS key ID (letters, digits, '-', '_' and '.') or the ARN of one; a wildcard "
            "would name every key of the account"
        )
    return None


def kms_key_region(value: str) -> str | None:
    """The region a KMS key's ARN names; None for a bare key ID, which KMS resolves in the caller's region."""
    arn = _KEY_ARN.fullmatch(value)
    return arn["region"] if arn is not None else None


def rotating_key(
    parent: pulumi.Resource,
    resource_name: str,
    *,
    description: str,
    protect: bool,
    tags: dict[str, str] | None,
    rotation_days: int = 365,
    pending_window_days: int = 30,
    deletion_protection_description: str | None = None,
    kms_instance_id: pulumi.Input[str] | None = None,
) -> alicloud.kms.Key:
    """A symmetric AES-256 key with automatic rotation, KMS deletion protection, a pending window
    before any deletion takes effect, and Pulumi ``protect``: losing a key loses everything it encrypts.
    """
    return alicloud.kms.Key(
        resource_name,
        description=description,
        key_spec="Aliyun_AES_256",
        key_usage="ENCRYPT/DECRYPT",
        automatic_rotation="Enabled",
        rotation_interval=f"{rotation_days}d",
        pending_window_in_days=pending_window_days,
        deletion_protection="Enabled",
        deletion_protection_description=deletion_protection_description,
        dkms_instance_id=kms_instance_id,
        tags=relaxed_tags(tags, unprotected(parent, protect)),
        opts=stateful_child_options(parent, protect),
    )


def adopted_or_rotating_key(
    parent: pulumi.Resource,
    resource_name: str,
    adopted: pulumi.Input[str] | None,
    *,
    description: str,
    protect: bool,
    tags: dict[str, str] | None,
    **options: Any,
) -> tuple[alicloud.kms.Key | None, pulumi.Input[str]]:
    """The key a component encrypts with: the one its caller adopts (a key ID or ARN), else a new
    :func:`rotating_key` (``options`` are that function's). Returns the key created, None when adopted,
    and the key ID."""
    if adopted is not None:
        return None, adopted
    key = rotating_key(parent, resource_name, description=description, protect=protect, tags=tags, **options)
    return key, key.id
