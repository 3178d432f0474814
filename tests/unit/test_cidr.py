"""vSwitch carving: fits, never overlaps, and never moves an existing vSwitch when the layout grows."""

from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from retail_ai_components._cidr import carve_vswitches, check_vswitches, cidr_within
from retail_ai_components._region import single_zone_in_region
from retail_ai_components.errors import InvalidArgumentError

DEFAULTS = {"inference": 16, "data": 20, "pods": 16, "training": 18}
ZONES = ["cn-hangzhou-i", "cn-hangzhou-j", "cn-hangzhou-k"]


def blocks(plans):
    return {(p.tier, p.zone_id): p.cidr_block for p in plans}


def test_default_layout_of_a_slash_8():
    plans = blocks(carve_vswitches("10.0.0.0/8", ZONES[:2], DEFAULTS))
    assert plans == {
        ("inference", "cn-hangzhou-i"): "10.0.0.0/16",
        ("inference", "cn-hangzhou-j"): "10.1.0.0/16",
        ("data", "cn-hangzhou-i"): "10.32.0.0/20",
        ("data", "cn-hangzhou-j"): "10.32.16.0/20",
        ("pods", "cn-hangzhou-i"): "10.64.0.0/16",
        ("pods", "cn-hangzhou-j"): "10.65.0.0/16",
        ("training", "cn-hangzhou-i"): "10.96.0.0/18",
        ("training", "cn-hangzhou-j"): "10.96.64.0/18",
    }


def test_appending_a_zone_moves_no_existing_vswitch():
    before = blocks(carve_vswitches("10.0.0.0/8", ZONES[:2], DEFAULTS))
    after = blocks(carve_vswitches("10.0.0.0/8", ZONES, DEFAULTS))
    assert {k: v for k, v in after.items() if k in before} == before


def test_resizing_or_adding_a_tier_moves_no_other_tier():
    before = blocks(carve_vswitches("10.0.0.0/8", ZONES, {"inference": 16, "pods": 16}))
    after = blocks(carve_vswitches("10.0.0.0/8", ZONES, {"inference": 18, "pods": 16, "training": 18}))
    assert {k: v for k, v in after.items() if k[0] == "pods"} == {
        k: v for k, v in before.items() if k[0] == "pods"
    }


@given(
    vpc_prefix=st.integers(min_value=8, max_value=20),
    zone_count=st.integers(min_value=1, max_value=6),
    sizes=st.lists(st.integers(min_value=16, max_value=29), min_size=4, max_size=4),
)
def test_carved_vswitches_fit_the_vpc_and_never_overlap(vpc_prefix, zone_count, sizes):
    vpc = f"10.0.0.0/{vpc_prefix}"
    lengths = dict(zip(DEFAULTS, sizes, strict=True))
    zones = [f"cn-hangzhou-{chr(ord('a') + i)}" for i in range(zone_count)]
    try:
        plans = carve_vswitches(vpc, zones, lengths)
    except InvalidArgumentError as exc:
        assert exc.field.startswith("vswitch_prefix_lengths.") or exc.field == "cidr_block"
        return
    nets = [ipaddress.ip_network(p.cidr_block) for p in plans]
    assert len(nets) == 4 * zone_count
    assert all(n.subnet_of(ipaddress.ip_network(vpc)) for n in nets)
    assert not any(a.overlaps(b) for i, a in enumerate(nets) for b in nets[i + 1 :])
    check_vswitches(vpc, [p.cidr_block for p in plans])  # the checker agrees with the carver


@pytest.mark.parametrize(
    ("vpc", "zones", "lengths", "field", "rule"),
    [
        ("10.0.0.0/16", ZONES, {"pods": 16}, "vswitch_prefix_lengths.pods", "do not fit"),
        ("10.0.0.0/16", ZONES * 3, {"pods": 20}, "vswitch_prefix_lengths.pods", "room for 2 zones"),
        ("10.0.0.0/8", ZONES, {"pods": 15}, "vswitch_prefix_lengths.pods", "outside the /16 to /29"),
        ("10.0.0.0/27", ZONES, {"pods": 29}, "cidr_block", "too small"),
        ("10.0.0.300/8", ZONES, {"pods": 16}, "cidr_block", "not a valid IPv4 CIDR"),
    ],
)
def test_layouts_that_cannot_fit_name_the_field(vpc, zones, lengths, field, rule):
    with pytest.raises(InvalidArgumentError) as caught:
        carve_vswitches(vpc, zones, lengths)
    assert caught.value.field == field
    assert rule in caught.value.rule


def test_check_vswitches_rejects_bad_masks():
    with pytest.raises(InvalidArgumentError, match=r"vswitches\[0\].cidr_block: 10.0.0.0/30 has a /30 mask"):
        check_vswitches("10.0.0.0/8", ["10.0.0.0/30"])


@pytest.mark.parametrize(
    ("inner", "outer", "inside"),
    [
        ("10.1.2.0/24", "10.0.0.0/8", True),
        ("10.1.2.3", "10.0.0.0/8", True),
        ("0.0.0.0/0", "10.0.0.0/8", False),
        ("::/0", "10.0.0.0/8", False),
        ("not-a-cidr", "10.0.0.0/8", False),
    ],
)
def test_cidr_within(inner, outer, inside):
    assert cidr_within(inner, outer) is inside


@pytest.mark.parametrize(
    ("zone", "region", "inside"),
    [
        ("cn-hangzhou-i", "cn-hangzhou", True),
        ("ap-southeast-1a", "ap-southeast-1", True),
        ("cn-beijing-a", "cn-hangzhou", False),
        ("cn-hangzhou-finance-a", "cn-hangzhou", False),
        ("cn-hangzhou", "cn-hangzhou", False),
        ("CN-Hangzhou-I", "cn-hangzhou", True),  # the pack's rule: case-insensitive
        ("cn-shanghai-cloudspe-b", "cn-shanghai", True),
        # A multi-zone ID is in the region (the pack accepts it) but no vSwitch can be placed in it.
        ("cn-hangzhou-MAZ6(i,j,k)", "cn-hangzhou", False),
    ],
)
def test_single_zone_in_region(zone, region, inside):
    assert single_zone_in_region(zone, region) is inside
