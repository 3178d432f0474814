"""The mandatory families' inventories agree with the policies that judge them and with the cases.

A row names a policy of the pack and cases of its own family file, at least one failing and one passing, all
judged by that policy on that type; the tables the policies read (type -> property) are exactly the rows;
every resource type a family policy matches has a row. Adding a property to a policy without a row (or a row
without the property) fails here. Every candidate the generator found in the SDK (inventory/candidates.json)
for the three families is a row or reviewed with a reason, so a new SDK version with new exposure properties
fails until someone reviews them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from _harness import StackCase
from cases_intranet import CASES as INTRANET_CASES
from cases_intranet import STACK_CASES as INTRANET_STACK_CASES
from cases_private_acl import CASES as PRIVATE_ACL_CASES
from cases_sovereignty import CASES as SOVEREIGNTY_CASES
from cases_sovereignty import STACK_CASES as SOVEREIGNTY_STACK_CASES
from retail_ai_policies import (
    POLICIES,
    endpoints,
    internet_paths,
    intranet,
    network_paths,
    principals,
    private_acl,
    sovereignty,
)
from retail_ai_policies._renames import successors

INVENTORY = Path(__file__).resolve().parents[2] / "inventory"


FAMILIES: dict[str, tuple[str, list[Any]]] = {
    "sovereignty.yaml": ("single-region", [*SOVEREIGNTY_CASES, *SOVEREIGNTY_STACK_CASES]),
    "private_acl.yaml": ("private-acl", PRIVATE_ACL_CASES),
    "principals.yaml": ("private-acl", PRIVATE_ACL_CASES),
    "intranet.yaml": ("intranet-only", [*INTRANET_CASES, *INTRANET_STACK_CASES]),
}
POLICY_NAMES = {p.name for p in POLICIES}


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((INVENTORY / name).read_text(encoding="utf-8"))
    return data


def matches(row_type: str, case: Any) -> bool:
    types = case.types if isinstance(case, StackCase) else {case.type}
    if row_type == "*":
        return True
    if row_type.endswith("/*"):
        return any(t.startswith(row_type[:-1]) for t in types)
    return row_type in types


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
        assert all(matches(row["type"], c) for c in found if c.fails or row["property"] != "*"), where
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


def test_network_path_tables_are_the_inventory() -> None:
    cen = {(t, p) for t, paths in network_paths.CEN_PATHS.items() for p in paths}
    cen |= {(t, "*") for t in network_paths.CEN_SPANNING_TYPES}
    cen |= {(network_paths.PEER_ATTACHMENT, "peerTransitRouterId")}
    assert cen == _rows("sovereignty.yaml", network_paths.cen_network_path.name)
    ga = {(t, p) for t, paths in network_paths.GA_PATHS.items() for p in paths}
    ga |= {(t, p) for t, switches in network_paths.GA_SWITCHES.items() for p in switches}
    ga |= {(network_paths.GA_BANDWIDTH_PACKAGE, "type")}
    assert ga == _rows("sovereignty.yaml", network_paths.ga_accelerator_region.name)
    databases = {(t, "*") for t in network_paths.GLOBAL_DATABASE_TYPES}
    databases |= {(t, p) for t, keys in network_paths.GLOBAL_MEMBERSHIP.items() for p in keys}
    assert databases == _rows("sovereignty.yaml", network_paths.db_global_database.name)


def test_scope_table_is_the_inventory() -> None:
    declared = set(sovereignty.SCOPE_PATHS.items())
    assert declared == _rows("sovereignty.yaml", sovereignty.edge_scope_in_region.name)


PRIVATE_ACL_POLICIES = [p for p in POLICIES if p.tags and p.tags[0] == "private-acl" and not successors(p)]


@pytest.mark.parametrize("policy", PRIVATE_ACL_POLICIES, ids=[p.name for p in PRIVATE_ACL_POLICIES])
def test_every_private_acl_policy_type_has_a_row(policy: Any) -> None:
    rows = {t for t, _ in _rows("private_acl.yaml", policy.name) | _rows("principals.yaml", policy.name)}
    assert rows, policy.name
    # Each case of the policy is on a type the inventory lists for it.
    assert {c.type for c in PRIVATE_ACL_CASES if c.policy == policy.name} <= rows
    assert rows == set(policy.judged_types)


def test_document_tables_are_the_inventory() -> None:
    trust = {(t, p) for t, keys in principals.TRUST_DOCUMENTS.items() for p in keys}
    assert trust == _rows("principals.yaml", principals.ram_role_trust.name)
    resource = {(t, key) for t, (key, _) in principals.RESOURCE_DOCUMENTS.items()}
    assert resource == _rows("principals.yaml", principals.resource_policy_no_public.name)


def test_every_document_input_is_a_row_or_reviewed() -> None:
    # Every document-typed input of the SDK (inventory/documents.json) says who may act or why it cannot.
    data = json.loads((INVENTORY / "documents.json").read_text(encoding="utf-8"))
    found = {(d["type"], d["property"]) for d in data["documents"]}
    principals_file = load("principals.yaml")
    entries = {(r["type"], r["property"]) for r in principals_file["rows"] + principals_file["reviewed"]}
    assert sorted(found - entries) == [], "review these document inputs into inventory/principals.yaml"
    # A reviewed entry the SDK no longer has is stale, and a bucket policy reviewed here is a private_acl row.
    assert entries <= found
    oss_rows = _rows("private_acl.yaml", private_acl.oss_bucket_policy_no_public.name)
    reviewed_as_rows = {
        (r["type"], r["property"]) for r in principals_file["reviewed"] if "row of" in r["reason"]
    }
    assert reviewed_as_rows == oss_rows


# --- intranet-only --------------------------------------------------------------------------------------------


def _types(policy_name: str) -> set[str]:
    return {t for t, _ in _rows("intranet.yaml", policy_name)}


@pytest.mark.parametrize(
    "policy,table",
    [
        (
            intranet.ecs_security_group_no_internet_ingress,
            {intranet.SECURITY_GROUP_RULE, intranet.ENS_SECURITY_GROUP},
        ),
        (intranet.ecs_security_group_prefix_list, {intranet.SECURITY_GROUP_RULE, *intranet.PREFIX_LISTS}),
        (intranet.ecs_instance_no_public_ip, intranet.PUBLIC_IP_TYPES),
        (intranet.ecs_eip_nat_only, set(intranet.EIP_BINDINGS)),
        (intranet.slb_load_balancer_intranet, intranet.CLB_TYPES | intranet.ALB_NLB_TYPES),
        (intranet.ack_api_server_private, intranet.ACK_CLUSTER_TYPES | {intranet.ACK_SERVERLESS}),
        (intranet.vpc_nat_internet_dnat, {intranet.FORWARD_ENTRY, *intranet.SAG_DNAT}),
        (intranet.sls_logstore_no_web_tracking, {"alicloud:log/store:Store"}),
        (intranet.pai_eas_service_intranet_only, {"alicloud:pai/service:Service"}),
        *(
            (policy, set(policy.judged_types))  # type: ignore[attr-defined]
            for policy in [*internet_paths.POLICIES, *endpoints.BY_KIND.values()]
            if policy.tags and policy.tags[0] == "intranet-only"
        ),
    ],
    ids=lambda v: getattr(v, "name", ""),
)
def test_intranet_policy_types_are_the_inventory(policy: Any, table: set[str]) -> None:
    assert policy in intranet.POLICIES + internet_paths.POLICIES + endpoints.POLICIES
    assert _types(policy.name) == set(table)


def test_public_endpoint_tables_are_the_inventory() -> None:
    for kind, policy in endpoints.BY_KIND.items():
        declared = {
            (t, p) for t, (k, switches) in endpoints.PUBLIC_SWITCHES.items() if k is kind for p, _ in switches
        }
        declared |= {
            (t, key) for t, (key, _) in endpoints.NOT_PUBLIC_WHEN.items() if endpoints.kind_of(t) is kind
        }
        declared |= {
            (t, "*")
            for t, (k, _) in endpoints.PUBLIC_ENDPOINT_TYPES.items()
            if k is kind and t not in endpoints.NOT_PUBLIC_WHEN
        }
        if kind is endpoints.DATA:
            declared |= {(endpoints.OTS_INSTANCE, "networkTypeAcls")}
        if kind is endpoints.FUNCTIONS:
            declared |= set(endpoints.FC_TRIGGERS.items())
        inventory = "private_acl.yaml" if kind.family == "private-acl" else "intranet.yaml"
        assert declared == _rows(inventory, policy.name), policy.name


def test_whitelist_keys_are_the_inventory() -> None:
    rows = _rows("intranet.yaml", intranet.db_whitelist_no_internet.name)
    typed = {(t, p) for t, props in intranet.TYPE_WHITELISTS.items() for p in props}
    # Keys are matched on every type: each has a row, and each row is a key or its type's own whitelist.
    assert {p for t, p in rows if (t, p) not in typed} == intranet.WHITELIST_KEYS
    assert typed <= rows
    # A reviewed candidate is not silently judged by a key of the whitelist policy.
    reviewed = {(r["type"], r["property"]) for r in load("intranet.yaml")["reviewed"]}
    assert not {(t, p) for t, p in reviewed if p in intranet.WHITELIST_KEYS}


# --- every candidate of the SDK is a row or reviewed ------------------------------------------------------------


def _candidates(family: str) -> set[tuple[str, str]]:
    data = json.loads((INVENTORY / "candidates.json").read_text(encoding="utf-8"))
    return {(c["type"], c["property"]) for c in data["candidates"] if c["family"] == family}


def _covered(candidate: tuple[str, str], entries: set[tuple[str, str]]) -> bool:
    """A row or reviewed entry covers its own (type, property), the whole type when its property is "*" (and,
    for a type-level candidate, any entry on the type), and a property whose nested fields it names."""
    kind, prop = candidate
    if candidate in entries or (kind, "*") in entries:
        return True
    same_type = [p for t, p in entries if t == kind]
    if prop == "*":
        return bool(same_type)
    return any(p == f"{prop}[]" or p.startswith((f"{prop}.", f"{prop}[].")) for p in same_type)


@pytest.mark.parametrize("name", ["intranet.yaml", "private_acl.yaml", "sovereignty.yaml"])
def test_every_candidate_is_a_row_or_reviewed(name: str) -> None:
    family, _ = FAMILIES[name]
    data = load(name)
    entries = {(r["type"], r["property"]) for r in data["rows"] + data.get("reviewed", [])}
    missing = sorted(c for c in _candidates(family) if not _covered(c, entries))
    assert not missing, f"review these SDK candidates into inventory/{name} (a row or reviewed): {missing}"


def test_reviewed_intranet_entries_are_candidates() -> None:
    # A reviewed entry the SDK no longer has is stale; the generator is the list of what to review.
    candidates = _candidates("intranet-only")
    reviewed = {(r["type"], r["property"]) for r in load("intranet.yaml")["reviewed"]}
    assert reviewed <= candidates


def test_intranet_inventory_names_real_sdk_inputs() -> None:
    # A row or reviewed entry on a property the SDK does not have judges nothing (as a whitelist key once did).
    from test_exposure_candidates import generator

    gen = generator()
    paths = gen.input_paths(gen.sdk_dir())
    data = load("intranet.yaml")
    wrong = [
        (e["type"], e["property"])
        for e in data["rows"] + data["reviewed"]
        if e["type"] not in paths or (e["property"] != "*" and e["property"] not in paths[e["type"]])
    ]
    assert not wrong
