"""Policy pack config reconciled exactly as the engine's ReconcilePolicyPackConfig does."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from retail_ai_components.preview.errors import PreviewError
from retail_ai_components.preview.policy_config import (
    Exemption,
    PolicyConfig,
    PolicyMeta,
    exemptions,
    parse_policy_pack_config,
    reconcile,
    unmatched_exemptions,
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


# --------------------------------------------------------------------------- strictness


def test_unknown_policy_name_is_refused_with_the_closest_name():
    policies = [*POLICIES, PolicyMeta("oss-bucket-kms-encrypted", "mandatory", {}, (), True)]
    config = parse_policy_pack_config({"oss-bucket-kms-encryptd": "advisory"})
    with pytest.raises(PreviewError) as raised:
        reconcile(policies, {}, config, pack="retail-ai-policies", source="policy.json")
    message = str(raised.value)
    assert "in policy pack retail-ai-policies" in message
    assert "policy.json: no policy named 'oss-bucket-kms-encryptd'" in message
    assert "did you mean 'oss-bucket-kms-encrypted'?" in message


def test_unknown_policy_name_far_from_every_name_has_no_suggestion():
    with pytest.raises(PreviewError, match=r"no policy named 'zzz'$"):
        reconcile(POLICIES, {}, parse_policy_pack_config({"zzz": "advisory"}))


def test_unknown_config_key_is_refused_with_the_closest_key():
    with pytest.raises(
        PreviewError, match=r"a: unknown config key 'exemptUrn' \(did you mean 'exemptUrns'\?\)"
    ):
        reconcile(POLICIES, {}, parse_policy_pack_config({"a": {"exemptUrn": ["urn:x"]}}))


def test_unknown_config_key_without_a_close_one_lists_the_keys():
    with pytest.raises(PreviewError, match=r"b: unknown config key 'colour' \(it takes maxDays\)"):
        reconcile(POLICIES, {}, parse_policy_pack_config({"b": {"colour": "red"}}))


def test_config_for_a_policy_without_schema_is_refused():
    with pytest.raises(PreviewError, match="c: takes no config, but 'maxDays' was given"):
        reconcile(POLICIES, {}, parse_policy_pack_config({"c": {"maxDays": 3}}))


def test_all_takes_only_a_level():
    with pytest.raises(PreviewError, match="all: only an enforcement level"):
        reconcile(
            POLICIES, {}, parse_policy_pack_config({"all": {"enforcementLevel": "advisory", "maxDays": 3}})
        )


def test_every_problem_is_reported_in_one_message():
    config = parse_policy_pack_config({"zzz": "advisory", "a": {"exemptUrn": []}})
    with pytest.raises(PreviewError) as raised:
        reconcile(POLICIES, {}, config)
    assert "no policy named 'zzz'" in str(raised.value) and "'exemptUrn'" in str(raised.value)


def test_pulumi_esc_environments_cannot_be_resolved_offline():
    with pytest.raises(PreviewError, match="'environments' \\(Pulumi ESC\\) cannot be resolved offline"):
        parse_policy_pack_config({"environments": ["org/prod"]})


def test_schema_failure_of_an_exemption_entry_names_the_policy_and_path():
    exemptions = {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {"resource": {"type": "string"}, "reason": {"type": "string"}},
            "required": ["resource"],
            "additionalProperties": False,
        },
    }
    policies = [PolicyMeta("p", "mandatory", {"exemptions": exemptions}, (), True)]
    with pytest.raises(PreviewError, match=r"p: exemptions\[0\]: 'resource' is a required property"):
        reconcile(policies, {}, parse_policy_pack_config({"p": {"exemptions": [{"reason": "bastion"}]}}))


# --------------------------------------------------------------------------- exemptions


@dataclass(frozen=True)
class Res:
    urn: str
    name: str


DEV_BASTION = Res(
    "urn:pulumi:dev::shop::alicloud:ecs/securityGroupRule:SecurityGroupRule::dev-ssh-bastion",
    "dev-ssh-bastion",
)
PROD_BASTION = Res(
    "urn:pulumi:prod::shop::alicloud:ecs/securityGroupRule:SecurityGroupRule::prod-ssh-bastion",
    "prod-ssh-bastion",
)


def test_glob_exemptions_match_by_name_or_urn_across_stacks():
    by_name = Exemption("p", "*-ssh-bastion", exact=False)
    assert by_name.matches(DEV_BASTION) and by_name.matches(PROD_BASTION)
    by_urn = Exemption("p", "urn:pulumi:*::shop::*::prod-ssh-bastion", exact=False)
    assert by_urn.matches(PROD_BASTION) and not by_urn.matches(DEV_BASTION)
    exact = Exemption("p", PROD_BASTION.urn, exact=True)
    assert exact.matches(PROD_BASTION) and not exact.matches(DEV_BASTION)


def test_exemptions_are_read_from_both_config_keys_with_their_reasons():
    configs = {
        "p": PolicyConfig(
            "mandatory",
            {
                "exemptUrns": [PROD_BASTION.urn],
                "exemptions": [
                    {"resource": "*-bastion", "reason": "jump host, ticket SEC-12"},
                    {"reason": "no glob"},
                ],
            },
        ),
        "q": PolicyConfig("disabled", {"exemptUrns": ["urn:never"]}),
    }
    assert exemptions(configs) == [
        Exemption("p", PROD_BASTION.urn, True),
        Exemption("p", "*-bastion", False, "jump host, ticket SEC-12"),
    ]


def test_unmatched_exemptions_warn_with_pack_policy_and_the_closest_urn():
    stale = PROD_BASTION.urn.replace("bastion", "bastoin")
    configs = {
        "retail-ai-policies": {
            "p": PolicyConfig("mandatory", {"exemptUrns": [stale], "exemptions": [{"resource": "*-jump"}]}),
            "q": PolicyConfig("mandatory", {"exemptions": [{"resource": "*-bastion"}]}),
        }
    }
    warnings = unmatched_exemptions(configs, [DEV_BASTION, PROD_BASTION])
    assert len(warnings) == 2
    assert all(w.warning for w in warnings)
    assert str(warnings[0]).startswith("warning: retail-ai-policies p: exemptUrns entry")
    assert f"did you mean {PROD_BASTION.urn!r}" in warnings[0].text
    assert "exemptions resource pattern '*-jump' matches no resource" in warnings[1].text


def test_no_warning_when_every_exemption_matches():
    configs = {"pack": {"p": PolicyConfig("mandatory", {"exemptions": [{"resource": "*-bastion"}]})}}
    assert unmatched_exemptions(configs, [PROD_BASTION]) == []


def test_misspelt_level_suggests_the_real_one():
    with pytest.raises(
        PreviewError, match=r"'mandatroy' is not a valid enforcement level \(did you mean 'mandatory'\?\)"
    ):
        parse_policy_pack_config({"a": "mandatroy"})
