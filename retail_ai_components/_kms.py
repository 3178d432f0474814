"""The one way components create or adopt a KMS key, so every key they create gets the same posture."""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_alicloud as alicloud

from ._options import stateful_child_options


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
        tags=tags,
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
    """The key a component encrypts with: the one its caller adopts (a key ID), else a new
    :func:`rotating_key` (``options`` are that function's). Returns the key created, None when adopted,
    and the key ID."""
    if adopted is not None:
        return None, adopted
    key = rotating_key(parent, resource_name, description=description, protect=protect, tags=tags, **options)
    return key, key.id
