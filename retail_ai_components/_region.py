"""Region and zone rules shared by every component."""

from __future__ import annotations

import os

import pulumi
from retail_ai_policies.rules import is_region_id, zone_in_region

from .errors import InvalidArgumentError


def single_zone_in_region(zone_id: str, region: str) -> bool:
    """Whether ``zone_id`` is one zone of ``region`` (what a vSwitch or an instance takes): the pack's rule,
    without the multi-zone shapes some database and gateway products accept."""
    return zone_in_region(zone_id, region, multi_zone=False)


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
    if not is_region_id(region):
        raise InvalidArgumentError(field, f"{region!r} is not an Alibaba Cloud region ID", owner=owner)
    return region
