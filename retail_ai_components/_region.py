"""Region and zone rules shared by every component."""

from __future__ import annotations

import os
import re

import pulumi

from .errors import InvalidArgumentError

# Alibaba zone IDs are the region ID plus a letter, with or without a dash:
# cn-hangzhou-i, ap-southeast-1a. A zone of another region (cn-hangzhou-finance-a) never matches.
_REGION_RE = re.compile(r"^[a-z]{2}(-[a-z0-9]+)+$")


def zone_in_region(zone_id: str, region: str) -> bool:
    return re.fullmatch(re.escape(region) + r"-?[a-z]", zone_id) is not None


def stack_region(explicit: str | None = None, *, owner: str = "", field: str = "region") -> str:
    """The region a component must stay in.

    An explicit value wins; otherwise the stack's ``alicloud:region`` config, then the
    environment variables the provider itself reads.
    """
    region = (
        explicit
        or pulumi.Config("alicloud").get("region")
        # The provider's own order (its region DefaultFunc reads ALICLOUD_REGION first).
        or os.environ.get("ALICLOUD_REGION")
        or os.environ.get("ALIBABA_CLOUD_REGION")
    )
    if not region:
        raise InvalidArgumentError(
            field, "no region: set alicloud:region in the stack config or pass region explicitly", owner=owner
        )
    if not _REGION_RE.fullmatch(region):
        raise InvalidArgumentError(field, f"{region!r} is not an Alibaba Cloud region ID", owner=owner)
    return region
