"""The one region data may live in: the policy's ``allowedRegion``, else the stack's ``alicloud:region``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

REGION_SCHEMA: dict[str, Any] = {
    "allowedRegion": {
        "type": "string",
        "default": "",
        "description": "The one region data may live in. Empty means the stack's alicloud:region.",
    },
}


def stack_region() -> str | None:
    """The stack's ``alicloud:region`` (pulumi-policy loads PULUMI_CONFIG into the runtime config)."""
    import pulumi  # imported lazily: only the sovereignty checks need it

    try:
        value = pulumi.Config("alicloud").get("region")
    except Exception:  # config not set up (in-process tests without a stack)
        return None
    return value.strip().lower() if value else None


def allowed_region(config: Mapping[str, Any]) -> str | None:
    configured = config.get("allowedRegion")
    if isinstance(configured, str) and configured.strip():
        return configured.strip().lower()
    return stack_region()
