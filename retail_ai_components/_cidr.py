"""vSwitch CIDR carving and checking: plain functions, no Pulumi.

Layout rule for carved vSwitches (chosen so that later changes never move an existing vSwitch,
because a vSwitch whose CIDR changes is replaced, and everything in it with it):

* The VPC CIDR is cut into ``TIER_REGIONS`` equal regions. Each tier owns one region, at a
  fixed index (``TIER_REGION_INDEX``), whatever other tiers exist or how large they are.
* Inside its region a tier's vSwitches are consecutive blocks of the tier's prefix length, one
  per zone, in the order the zones are listed.

So appending a zone, adding a tier, or resizing one tier leaves every other vSwitch where it was.
Reordering or removing zones does move vSwitches; the Network docs say to only append.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .errors import InvalidArgumentError

TIER_REGIONS = 8
# Index of each tier's region in the VPC. Never renumber: it would move every vSwitch.
TIER_REGION_INDEX: Mapping[str, int] = {"inference": 0, "data": 1, "pods": 2, "training": 3, "nat": 4}

# Alibaba accepts vSwitch masks from /16 to /29.
VSWITCH_MIN_PREFIX = 16
VSWITCH_MAX_PREFIX = 29


@dataclass(frozen=True)
class VSwitchPlan:
    tier: str
    zone_id: str
    cidr_block: str


def parse_network(value: str, field: str) -> ipaddress.IPv4Network:
    """A strict IPv4 CIDR: host bits must be zero, so ``10.0.0.1/8`` is refused, not silently widened."""
    try:
        return ipaddress.IPv4Network(value, strict=True)
    except ValueError as exc:
        raise InvalidArgumentError(field, f"{value!r} is not a valid IPv4 CIDR block ({exc})") from None


def carve_vswitches(
    vpc_cidr: str, zone_ids: Sequence[str], prefix_lengths: Mapping[str, int]
) -> list[VSwitchPlan]:
    """One vSwitch per tier and zone, laid out as the module docstring describes.

    ``prefix_lengths`` maps each wanted tier to the prefix length of its vSwitches; its order
    is the order of the result. Raises :class:`InvalidArgumentError` naming the field when a
    tier does not fit.
    """
    vpc = parse_network(vpc_cidr, "cidr_block")
    region_prefix = vpc.prefixlen + (TIER_REGIONS - 1).bit_length()
    if region_prefix > VSWITCH_MAX_PREFIX:
        raise InvalidArgumentError(
            "cidr_block", f"{vpc_cidr} is too small to carve: use a /{VSWITCH_MAX_PREFIX - 3} or larger VPC"
        )
    regions = list(vpc.subnets(new_prefix=region_prefix))
    plans: list[VSwitchPlan] = []
    for tier, prefix in prefix_lengths.items():
        field = f"vswitch_prefix_lengths.{tier}"
        if not VSWITCH_MIN_PREFIX <= prefix <= VSWITCH_MAX_PREFIX:
            raise InvalidArgumentError(
                field,
                f"/{prefix} is outside the /{VSWITCH_MIN_PREFIX} to /{VSWITCH_MAX_PREFIX} Alibaba allows",
            )
        if prefix < region_prefix:
            raise InvalidArgumentError(
                field,
                f"/{prefix} vSwitches do not fit a {vpc_cidr} VPC, whose tier regions are /{region_prefix}: "
                f"use /{region_prefix} or smaller vSwitches, or a larger VPC",
            )
        slots = 2 ** (prefix - region_prefix)
        if len(zone_ids) > slots:
            raise InvalidArgumentError(
                field,
                f"/{prefix} leaves room for {slots} zones in a {vpc_cidr} VPC, but {len(zone_ids)} are listed",
            )
        blocks = regions[TIER_REGION_INDEX[tier]].subnets(new_prefix=prefix)
        plans.extend(VSwitchPlan(tier, zone, str(next(blocks))) for zone in zone_ids)
    return plans


def check_vswitches(vpc_cidr: str, cidr_blocks: Sequence[str], field: str = "vswitches") -> None:
    """Every vSwitch CIDR parses, has an allowed mask, lies inside the VPC and overlaps no other."""
    vpc = parse_network(vpc_cidr, "cidr_block")
    seen: list[tuple[int, ipaddress.IPv4Network]] = []
    for i, block in enumerate(cidr_blocks):
        where = f"{field}[{i}].cidr_block"
        net = parse_network(block, where)
        if not VSWITCH_MIN_PREFIX <= net.prefixlen <= VSWITCH_MAX_PREFIX:
            raise InvalidArgumentError(
                where, f"{block} has a /{net.prefixlen} mask; vSwitches take /{VSWITCH_MIN_PREFIX} to /29"
            )
        if not net.subnet_of(vpc):
            raise InvalidArgumentError(where, f"{block} is outside the VPC CIDR {vpc_cidr}")
        for j, other in seen:
            if net.overlaps(other):
                raise InvalidArgumentError(where, f"{block} overlaps {field}[{j}].cidr_block {other}")
        seen.append((i, net))


def cidr_within(inner: str, outer: str) -> bool:
    """Whether ``inner`` (a CIDR or a bare address) lies inside ``outer``."""
    try:
        return ipaddress.ip_network(inner, strict=False).subnet_of(ipaddress.IPv4Network(outer))  # type: ignore[arg-type]
    except (ValueError, TypeError):
        return False
