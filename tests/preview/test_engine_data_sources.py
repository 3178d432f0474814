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


def test_an_unanswerable_data_source_is_exit_2_naming_it_and_how_to_supply_it():
    code, doc, _stderr = preview_json("--cwd", str(FIXTURES / "data_sources_supplied"))
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
