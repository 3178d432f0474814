"""Split and renamed policies: an old name in policy config keeps working, with a warning naming the new ones.

The config is reconciled as the engine does (defaults for every declared policy, then the file), sent to the
pack's Configure, and what the old name says reaches each successor; the old name then warns once, at
advisory level, until the config is renamed.
"""

from __future__ import annotations

from typing import Any

import pytest
from _harness import Pack, urn
from retail_ai_policies import POLICIES
from retail_ai_policies._renames import carry_renamed_config, successors

KVSTORE = "alicloud:kvstore/instance:Instance"
KAFKA = "alicloud:alikafka/instance:Instance"
OLD = "db-public-endpoint-denied"
DATA = "db-instance-public-endpoint-denied"
QUEUES = "mq-instance-public-endpoint-denied"
BY_NAME = {p.name: p for p in POLICIES}


def test_every_renamed_entry_names_policies_of_the_pack() -> None:
    renamed = {p.name: successors(p) for p in POLICIES if successors(p)}
    assert renamed == {
        "db-public-endpoint-denied": (
            "db-instance-public-endpoint-denied",
            "mq-instance-public-endpoint-denied",
            "fc-function-internet-endpoint-denied",
            "app-gateway-internet-ingress-denied",
            "bastionhost-instance-public-access-denied",
            "vpc-node-public-address-denied",
            "cr-registry-internet-endpoint-denied",
            "cr-repository-private",
        ),
        "vpc-nat-gateway-no-dnat": ("vpc-nat-internet-dnat-denied",),
        "alicloud-global-service-denied": (
            "cen-network-path-in-allowed-region",
            "ga-accelerator-in-allowed-region",
            "db-global-database-denied",
            "ga-accelerator-internet-entry-denied",
        ),
    }
    # Each takes every setting its successors take, so a config written for the old name validates.
    for name, names in renamed.items():
        schema = BY_NAME[name].config_schema.properties  # type: ignore[union-attr]
        for successor in names:
            assert set(BY_NAME[successor].config_schema.properties) <= set(schema)  # type: ignore[union-attr]


def _warnings(pack: Pack) -> list[str]:
    return [d.message for d in pack.analyze_stack([]).by_policy(OLD)]


def test_old_exemption_reaches_every_successor() -> None:
    pack = Pack({OLD: {"exemptions": [{"resource": "legacy-*", "reason": "retired in Q3"}]}})
    for kind, props, policy in [(KVSTORE, {"enablePublic": True}, DATA), (KAFKA, {"deployType": 4}, QUEUES)]:
        result = pack.analyze(kind, props, name="legacy-cache")
        assert not result.by_policy(policy)
        [reason] = [r for name, r in result.not_applicable if name == policy]
        assert "'legacy-*'" in reason and "retired in Q3" in reason
        # A resource the exemption does not name is still judged, at the successor's own level.
        assert [d.level for d in pack.analyze(kind, props, name="fresh").by_policy(policy)] == ["mandatory"]
    [warning] = _warnings(pack)
    assert DATA in warning and QUEUES in warning and "exemptions" in warning and "rename" in warning


@pytest.mark.parametrize("level", ["advisory", "disabled"])
def test_old_level_reaches_every_successor(level: str) -> None:
    pack = Pack({OLD: level})
    result = pack.analyze(KVSTORE, {"enablePublic": True})
    assert [d.level for d in result.by_policy(DATA)] == ([] if level == "disabled" else ["advisory"])
    # The warning itself is advisory (and present even when the old name disabled everything).
    stack = pack.analyze_stack([])
    assert [d.level for d in stack.by_policy(OLD)] == ["advisory"]
    assert f"level {level}" in stack.by_policy(OLD)[0].message
    assert not stack.mandatory()


def test_the_new_name_wins_where_both_are_given() -> None:
    pack = Pack({OLD: "advisory", DATA: "disabled", QUEUES: {"exemptUrns": [urn(KAFKA, "a")]}})
    assert not pack.analyze(KVSTORE, {"enablePublic": True}).by_policy(DATA)
    kafka = pack.analyze(KAFKA, {"deployType": 4}, name="b").by_policy(QUEUES)
    assert [d.level for d in kafka] == ["advisory"]


def test_an_unnamed_old_entry_is_silent() -> None:
    pack = Pack()
    assert not pack.analyze_stack([]).diagnostics
    assert [d.level for d in pack.analyze(KVSTORE, {"enablePublic": True}).by_policy(DATA)] == ["mandatory"]


def test_carried_config_as_a_plain_function() -> None:
    given: dict[str, tuple[str, dict[str, Any]]] = {
        "alicloud-global-service-denied": (
            "mandatory",
            {"allowedRegion": "cn-shanghai", "exemptUrns": ["u1"]},
        ),
        "db-global-database-denied": ("mandatory", {"allowedRegion": "", "exemptUrns": ["u2"]}),
    }
    carried = carry_renamed_config(POLICIES, given)
    level, props = carried["db-global-database-denied"]
    assert (
        level == "mandatory"
        and props["allowedRegion"] == "cn-shanghai"
        and props["exemptUrns"] == ["u2", "u1"]
    )
    # The intranet-only successor takes the exemption, not the region (it has no such setting).
    level, props = carried["ga-accelerator-internet-entry-denied"]
    assert props["exemptUrns"] == ["u1"] and "allowedRegion" not in props
    assert carried["alicloud-global-service-denied"][0] == "advisory"
    assert carried["vpc-nat-gateway-no-dnat"][0] == "disabled"


def test_an_all_level_alone_neither_warns_nor_carries() -> None:
    # "all" moves the old entry with every policy: that is not the config naming it.
    assert not _warnings(Pack({"all": "disabled"}))
    pack = Pack({"all": "advisory", DATA: "mandatory"})
    assert not _warnings(pack)
    assert [d.level for d in pack.analyze(KVSTORE, {"enablePublic": True}).by_policy(DATA)] == ["mandatory"]


def test_an_old_level_under_an_all_level_still_carries() -> None:
    pack = Pack({"all": "advisory", OLD: "disabled"})
    assert not pack.analyze(KVSTORE, {"enablePublic": True}).by_policy(DATA)
    assert [d.level for d in pack.analyze(KAFKA, {"deployType": 4}).by_policy(QUEUES)] == []
    assert "level disabled" in _warnings(pack)[0]
