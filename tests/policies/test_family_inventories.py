"""The single-region and private-ACL inventories agree with the policies that judge them and with the cases.

A row names a policy of the pack and cases of its own family file, at least one failing and one passing, all
judged by that policy on that type; the tables the policies read (type -> property) are exactly the rows;
every resource type a family policy matches has a row. Adding a property to a policy without a row (or a row
without the property) fails here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from cases_private_acl import CASES as PRIVATE_ACL_CASES
from cases_sovereignty import CASES as SOVEREIGNTY_CASES
from retail_ai_policies import POLICIES, private_acl, sovereignty

INVENTORY = Path(__file__).resolve().parents[2] / "inventory"
FAMILIES = {
    "sovereignty.yaml": ("single-region", SOVEREIGNTY_CASES),
    "private_acl.yaml": ("private-acl", PRIVATE_ACL_CASES),
}
POLICY_NAMES = {p.name for p in POLICIES}


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((INVENTORY / name).read_text(encoding="utf-8"))
    return data


def matches(row_type: str, case_type: str) -> bool:
    if row_type == "*":
        return True
    if row_type.endswith("/*"):
        return case_type.startswith(row_type[:-1])
    return row_type == case_type


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_rows_name_policies_and_cases(name: str) -> None:
    family, cases = FAMILIES[name]
    data = load(name)
    assert data["family"] == family
    by_id = {c.id: c for c in cases}
    assert len(by_id) == len(cases), "case ids must be unique within a family file"
    for row in data["rows"]:
        where = f"{row['type']} {row['property']}"
        assert row["policy"] in POLICY_NAMES, where
        assert row["exposes"] and row["source"], where
        found = [by_id[i] for i in row["cases"] if i in by_id]
        assert len(found) == len(row["cases"]), f"{where}: unknown case ids"
        assert all(c.policy == row["policy"] for c in found), where
        # A row whose property is "*" denies the whole resource type: no resource of that type can pass, so
        # its passing case shows a resource of another type is left alone.
        assert all(matches(row["type"], c.type) for c in found if c.fails or row["property"] != "*"), where
        assert any(c.fails for c in found) and any(not c.fails for c in found), where
    for entry in data.get("reviewed", []):
        assert entry["reason"], entry


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_failing_cases_name_their_property(name: str) -> None:
    _, cases = FAMILIES[name]
    assert all(c.property for c in cases if c.fails)


def _rows(name: str, policy: str) -> set[tuple[str, str]]:
    return {(r["type"], r["property"]) for r in load(name)["rows"] if r["policy"] == policy}


def test_copy_table_is_the_inventory() -> None:
    declared = {(t, p) for t, paths in sovereignty.COPY_PATHS.items() for p in paths}
    declared |= {(t, p) for t, paths in sovereignty.COPY_SWITCHES.items() for p in paths}
    assert declared == _rows("sovereignty.yaml", sovereignty.cross_region_copies.name)


def test_scope_table_is_the_inventory() -> None:
    declared = set(sovereignty.SCOPE_PATHS.items())
    assert declared == _rows("sovereignty.yaml", sovereignty.edge_scope_in_region.name)


PRIVATE_ACL_POLICIES = [
    private_acl.oss_bucket_acl_private,
    private_acl.oss_object_acl_private,
    private_acl.oss_public_access_block_enabled,
    private_acl.oss_bucket_policy_no_public,
    private_acl.oss_access_point_vpc_only,
    private_acl.cdn_private_bucket_origin,
]


@pytest.mark.parametrize("policy", PRIVATE_ACL_POLICIES, ids=[p.name for p in PRIVATE_ACL_POLICIES])
def test_every_private_acl_policy_type_has_a_row(policy: Any) -> None:
    assert policy in private_acl.POLICIES
    rows = {t for t, _ in _rows("private_acl.yaml", policy.name)}
    assert rows, policy.name
    # Each case of the policy is on a type the inventory lists for it.
    assert {c.type for c in PRIVATE_ACL_CASES if c.policy == policy.name} <= rows
