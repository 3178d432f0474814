"""Account state answered with placeholders: deterministic, echoing the filters, shaped to pass the provider."""

from __future__ import annotations

from types import SimpleNamespace

import pulumi
import pulumi_alicloud as alicloud
import pytest
from pulumi.runtime import rpc

from retail_ai_components.preview import provider_check
from retail_ai_components.preview.answers.placeholders import matching
from retail_ai_components.preview.datasources import DataSources

GROUPS = "alicloud:resourcemanager/getResourceGroups:getResourceGroups"
NETWORKS = "alicloud:vpc/getNetworks:getNetworks"
SWITCHES = "alicloud:vpc/getSwitches:getSwitches"


@pytest.fixture
def sdk(monkeypatch):
    """The SDK's own data source functions answered by one DataSources, through the SDK's result types."""
    sources = DataSources("cn-shanghai")

    def invoke(token, args, opts=None, typ=None, package_ref=None):
        sent = {k: v for k, v in args.items() if v is not None}
        result = sources.invoke(token, sent)
        return SimpleNamespace(
            value=rpc.translate_output_properties(result, lambda n: n, typ) if typ else result
        )

    monkeypatch.setattr(pulumi.runtime, "invoke", invoke)
    return sources


def test_the_same_call_gets_the_same_answer_and_another_call_another(sdk):
    first = alicloud.resourcemanager.get_resource_groups(name_regex="default-NODELETING")
    again = alicloud.resourcemanager.get_resource_groups(name_regex="default-NODELETING")
    other = alicloud.resourcemanager.get_resource_groups(name_regex="other")
    assert first.ids == again.ids
    assert first.ids != other.ids
    assert DataSources("cn-shanghai").invoke(GROUPS, {"nameRegex": "default-NODELETING"})["ids"] == first.ids


def test_names_ids_and_filters_are_echoed_into_the_items(sdk):
    groups = alicloud.resourcemanager.get_resource_groups(name_regex="^default-NODELETING$")
    assert groups.groups[0].name == groups.names[0] == "default-NODELETING"  # a name the regex matches
    switches = alicloud.vpc.get_switches(ids=["vsw-1", "vsw-2"], vpc_id="vpc-shared", zone_id="cn-shanghai-e")
    assert switches.ids == ["vsw-1", "vsw-2"]
    assert [s.id for s in switches.vswitches] == ["vsw-1", "vsw-2"]
    assert {(s.vpc_id, s.zone_id) for s in switches.vswitches} == {("vpc-shared", "cn-shanghai-e")}
    networks = alicloud.vpc.get_networks(vpc_name="prod")
    assert networks.vpcs[0].vpc_name == "prod"


def test_region_zone_and_two_items_so_the_first_and_second_can_be_indexed(sdk):
    networks = alicloud.vpc.get_networks(status="Available")
    vpc, second = networks.vpcs
    assert networks.ids == [vpc.id, second.id] and vpc.id != second.id
    assert vpc.region_id == "cn-shanghai"
    assert vpc.status == "Available"
    assert vpc.vswitch_ids[0].startswith("vsw-placeholder")
    switches = alicloud.vpc.get_switches()
    assert switches.vswitches[0].zone_id == "cn-shanghai-a"  # the region's first sourced zone


def test_ids_have_the_shape_the_provider_validates(sdk):
    group_id = alicloud.resourcemanager.get_resource_groups().groups[0].id
    assert group_id.startswith("rg-")
    # The provider's own Check accepts it where a resource takes a resource group (rg-\w+).
    checked = provider_check.check("alicloud:vpc/network:Network", "urn:x", {"resourceGroupId": group_id})
    assert checked["resourceGroupId"] == group_id
    account = alicloud.resourcemanager.get_accounts().accounts[0]
    assert account.account_id.isdigit() and len(account.account_id) == 16


def test_every_invented_value_is_listed_with_its_call_and_field(sdk):
    vpc_id = alicloud.vpc.get_networks(name_regex="^shared$").vpcs[0].id
    [found] = sdk.placeholder(vpc_id)
    assert (found.token, found.function, found.field) == (NETWORKS, "alicloud.vpc.get_networks", "vpcs[0].id")
    assert found.args == {"nameRegex": "^shared$"}
    assert sdk.placeholder("vpc-not-invented") == []
    [note] = sdk.notes()
    assert note.startswith(
        "Data source alicloud.vpc.get_networks(name_regex='^shared$') [alicloud:vpc/getNetworks:getNetworks]: PLACEHOLDER"
    )
    assert f'vpcs[0].id="{vpc_id}"' in note


def test_an_id_the_program_creates_is_never_sent(sdk):
    with pytest.raises(Exception, match=r"hold the ID of a resource this program creates"):
        sdk.invoke(SWITCHES, {"vpcId": "placeholder-vpc-network-main"})


def test_a_supplied_answer_wins_over_the_placeholder(tmp_path):
    path = tmp_path / "ds.yaml"
    path.write_text("alicloud.vpc.get_networks:\n  - args: {page_size: 36}\n    result: {ids: [vpc-real]}\n")
    sources = DataSources("cn-shanghai", path)
    # gRPC sends 36.0 for the program's 36: the same number.
    assert sources.invoke(NETWORKS, {"pageSize": 36.0})["ids"] == ["vpc-real"]
    assert sources.placeholders() == []
    # A boolean is not the number 1.
    path.write_text("alicloud.vpc.get_networks:\n  - args: {dry_run: 1}\n    result: {ids: [vpc-real]}\n")
    assert DataSources("cn-shanghai", path).invoke(NETWORKS, {"dryRun": True})["ids"] != ["vpc-real"]


@pytest.mark.parametrize(
    ("pattern", "example"),
    [("^tf-testacc", "tf-testacc"), ("default-NODELETING", "default-NODELETING"), ("^web-[0-9]+$", "web-0")],
)
def test_a_name_the_regex_matches(pattern, example):
    assert matching(pattern) == example


def test_every_account_state_answer_fits_its_sdk_result_class():
    # All 743 account-state data sources, called with no arguments: each placeholder builds into the SDK's class.
    from retail_ai_components.preview.datasources import table

    sources = DataSources("cn-hangzhou")
    for row in table().values():
        if row.kind == "account state":
            sources.invoke(row.token, {})
