"""The one way components create a KMS key, so every key gets the same posture."""

from __future__ import annotations

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
