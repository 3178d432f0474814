"""Policy pack config reconciled exactly as the engine's ReconcilePolicyPackConfig does."""

from __future__ import annotations

import pytest

from retail_ai_components.preview.errors import PreviewError
from retail_ai_components.preview.policy_config import (
    PolicyConfig,
    PolicyMeta,
    parse_policy_pack_config,
    reconcile,
)

POLICIES = [
    PolicyMeta(
        "a",
        "mandatory",
        {"exemptUrns": {"type": "array", "items": {"type": "string"}, "default": []}},
        (),
        True,
    ),
    PolicyMeta("b", "advisory", {"maxDays": {"type": "number", "default": 90}}, (), True),
    PolicyMeta("c", "advisory"),
]


def levels(result):
    return {name: c.enforcement_level for name, c in result.items() if name in {"a", "b", "c"}}


def test_defaults_come_from_the_policies_and_their_schemas():
    result = reconcile(POLICIES, {}, {})
    assert levels(result) == {"a": "mandatory", "b": "advisory", "c": "advisory"}
    assert result["a"].properties == {"exemptUrns": []}
    assert result["b"].properties == {"maxDays": 90}
    assert result["c"].properties is None


def test_all_sets_every_level_then_per_policy_entries_win():
    config = parse_policy_pack_config({"all": "disabled", "b": "mandatory"})
    assert levels(reconcile(POLICIES, {}, config)) == {"a": "disabled", "b": "mandatory", "c": "disabled"}


def test_file_config_applies_after_the_packs_initial_config():
    initial = {"all": PolicyConfig("advisory"), "a": PolicyConfig("remediate")}
    config = parse_policy_pack_config({"a": {"enforcementLevel": "mandatory"}})
    assert levels(reconcile(POLICIES, initial, config)) == {
        "a": "mandatory",
        "b": "advisory",
        "c": "advisory",
    }
    assert levels(reconcile(POLICIES, initial, {})) == {"a": "remediate", "b": "advisory", "c": "advisory"}


def test_all_in_the_file_overrides_per_policy_levels_of_the_initial_config():
    initial = {"a": PolicyConfig("advisory")}
    assert (
        levels(reconcile(POLICIES, initial, parse_policy_pack_config({"all": "mandatory"})))["a"]
        == "mandatory"
    )


def test_properties_merge_over_the_defaults_and_keep_the_level():
    config = parse_policy_pack_config({"b": {"maxDays": 30}})
    result = reconcile(POLICIES, {}, config)
    assert result["b"].properties == {"maxDays": 30}
    assert result["b"].enforcement_level == "advisory"


def test_properties_that_break_the_schema_are_refused_with_the_policy_named():
    with pytest.raises(PreviewError, match=r"b: maxDays: 'soon' is not of type 'number'"):
        reconcile(POLICIES, {}, parse_policy_pack_config({"b": {"maxDays": "soon"}}))


def test_required_properties_are_enforced():
    policies = [PolicyMeta("r", "advisory", {"region": {"type": "string"}}, ("region",), True)]
    with pytest.raises(PreviewError, match="'region' is a required property"):
        reconcile(policies, {}, {})


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ({"a": "sometimes"}, "not a valid enforcement level"),
        ({"a": {"enforcementLevel": 1}}, "must be a string"),
        ({"a": 3}, "must be a string or object"),
        (["a"], "must be a JSON object"),
    ],
)
def test_malformed_files_are_refused(doc, message):
    with pytest.raises(PreviewError, match=message):
        parse_policy_pack_config(doc)


def test_empty_entries_are_dropped_like_the_engine_does():
    assert parse_policy_pack_config({"a": {}}) == {}
