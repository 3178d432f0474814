"""Data sources and provider Check through `retail-ai preview`: answered, supplied, refused, rejected."""

from __future__ import annotations

from typing import Any

import pytest
from cli_harness import FIXTURES, preview_json

pytestmark = pytest.mark.slow  # each test runs the preview in subprocesses


@pytest.fixture(scope="module")
def answered() -> tuple[int, dict[str, Any], str]:
    # The bundled pack judges it (no policies/ beside its Pulumi.yaml).
    return preview_json("--cwd", str(FIXTURES / "data_sources"))


def test_a_program_starting_from_data_sources_previews_with_real_facts(answered):
    code, doc, stderr = answered
    assert code == 0, stderr
    assert doc["region"] == "cn-hangzhou"
    vswitch = next(r for r in doc["resources"] if r["name"] == "vswitch")
    assert vswitch["inputs"]["zoneId"] == "cn-hangzhou-b"
    assert doc["outputs"] == {
        "zone": "cn-hangzhou-b",
        "image": "ubuntu_18_04_64_20G_alibase_20190624.vhd",
        "instance_type": "ecs.g6.large",
    }


def test_region_kept_in_pulumi_yaml_draws_no_single_region_violation(answered):
    _, doc, _ = answered
    assert doc["violations"] == []


def test_every_data_source_call_is_in_the_notes(answered):
    _, doc, _ = answered
    notes = [n for n in doc["notes"] if n.startswith("Data source ")]
    assert [n.split("(")[0] for n in notes] == [
        "Data source alicloud.get_zones",
        "Data source alicloud.ecs.get_images",
        "Data source alicloud.ecs.get_instance_types",
    ]


def test_account_state_is_a_placeholder_listed_in_the_notes():
    code, doc, stderr = preview_json("--cwd", str(FIXTURES / "data_sources_supplied"))
    assert code == 0, stderr
    app = next(r for r in doc["resources"] if r["name"] == "app")
    assert app["inputs"]["vpcId"].startswith("vpc-placeholder")
    [note] = [n for n in doc["notes"] if n.startswith("Data source alicloud.vpc.get_networks(")]
    assert "PLACEHOLDER (account state" in note
    assert f'vpcs[0].id="{app["inputs"]["vpcId"]}"' in note
    assert 'vpcs[0].name="shared-vpc"' in note  # a name the program's name_regex matches


def test_strict_data_sources_refuse_account_state_naming_it_and_how_to_supply_it():
    code, doc, _stderr = preview_json(
        "--cwd", str(FIXTURES / "data_sources_supplied"), "--strict-data-sources"
    )
    assert code == 2
    assert doc["error"].startswith(
        "data source alicloud.vpc.get_networks (alicloud:vpc/getNetworks:getNetworks)"
    )
    assert "--data-sources" in doc["error"]
    assert "the program raised" not in doc["error"]  # the data source is named, the program never blamed


def test_a_supplied_answer_reaches_the_program():
    project = FIXTURES / "data_sources_supplied"
    code, doc, stderr = preview_json(
        "--cwd", str(project), "--data-sources", str(project / "data-sources.yaml")
    )
    assert code == 0, stderr
    app = next(r for r in doc["resources"] if r["name"] == "app")
    assert app["inputs"]["vpcId"] == "vpc-bp1sharedvpc0000000001"
    assert any(str(project / "data-sources.yaml") in n for n in doc["notes"] if n.startswith("Data source"))


def test_a_value_the_providers_check_rejects_is_exit_2_naming_resource_property_and_rule():
    code, doc, _ = preview_json("--cwd", str(FIXTURES / "engine" / "check_failure"), "--policy-pack", "none")
    assert code == 2
    assert doc["error"] == (
        "alicloud:ecs/securityGroupRule:SecurityGroupRule "
        "(urn:pulumi:dev::check-failure::alicloud:ecs/securityGroupRule:SecurityGroupRule::sideways): "
        'type: expected one of [ingress, egress], got "sideways"'
    )


def test_a_policy_document_data_source_gives_the_role_the_providers_document():
    code, doc, stderr = preview_json("--cwd", str(FIXTURES / "policy_document"), "--policy-pack", "none")
    assert code == 0, stderr
    role = next(r for r in doc["resources"] if r["name"] == "role")
    # The string the provider's own acceptance test expects for this statement.
    assert role["inputs"]["assumeRolePolicyDocument"] == (
        '{"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":["ecs.aliyuncs.com"]}}],'
        '"Version":"1"}'
    )
    [note] = [n for n in doc["notes"] if n.startswith("Data source alicloud.ram.get_policy_document(")]
    assert "answered from the provider's own rendering, offline" in note


def test_a_program_importing_pulumi_std_and_pulumi_random_previews_with_exact_std_answers():
    code, doc, stderr = preview_json("--cwd", str(FIXTURES / "std_random"), "--policy-pack", "none")
    assert code == 0, stderr
    vswitch = next(r for r in doc["resources"] if r["name"] == "vsw")
    assert vswitch["inputs"]["vswitchName"] == "app-36"  # %d of the 36.0 gRPC sent, as pulumi-std formats it
    assert vswitch["inputs"]["cidrBlock"] == "172.16.32.0/20"
    assert doc["outputs"]["joined"] == "a,b"
    integer = next(r for r in doc["resources"] if r["type"] == "random:index/randomInteger:RandomInteger")
    assert integer["inputs"] == {"min": 10000, "max": 99999}
    providers = {r["name"]: r["type"] for r in doc["resources"] if r["type"].startswith("pulumi:providers:")}
    # Default providers, as the engine registers them: for random's resource and for std's invokes.
    assert providers == {
        "default_4_0_0": "pulumi:providers:alicloud",
        "default_4_21_4": "pulumi:providers:random",
        "default_2_3_2": "pulumi:providers:std",
    }
    assert doc["outputs"]["suffix"] == "[unknown]"  # computed by the provider, unknown as in a real preview


def test_verdicts_with_a_complete_supplied_answer_are_the_same_strict_or_not():
    project = FIXTURES / "supplied_open_ingress"
    supplied = ("--cwd", str(project), "--data-sources", str(project / "data-sources.yaml"))
    code, doc, stderr = preview_json(*supplied)
    strict_code, strict_doc, _ = preview_json(*supplied, "--strict-data-sources")
    assert code == strict_code == 1, stderr
    assert doc["violations"] == strict_doc["violations"]
    assert doc["resources"] == strict_doc["resources"]
    group = next(r for r in doc["resources"] if r["name"] == "ssh")
    assert group["inputs"]["vpcId"] == "vpc-bp1sharedvpc0000000001"  # the supplied answer, not a placeholder
    assert {v["policy"] for v in doc["violations"] if v["enforcementLevel"] == "mandatory"} == {
        "ecs-security-group-no-internet-ingress"
    }
    assert not [n for n in doc["notes"] if "PLACEHOLDER" in n]
