"""The resource monitor's engine facts, in process (the same Monitor the out-of-process preview serves)."""

from __future__ import annotations

from importlib.metadata import version

import pulumi
import pulumi_alicloud as alicloud
import pytest
from pulumi.runtime import resource as sdk_resource
from pulumi.runtime.proto import resource_pb2
from retail_ai_policies.upstream_guard import pinned

from retail_ai_components.preview.datasources import DataSourceUnanswered
from retail_ai_components.preview.errors import PreviewError
from retail_ai_components.preview.monitor import SUPPORTED_FEATURES, Monitor
from retail_ai_components.preview.program_hosts import python, python_exec
from retail_ai_components.preview.recorder import record_resources
from retail_ai_components.preview.wire import UNKNOWN

REGION = {"alicloud:region": "cn-hangzhou"}


class Site(pulumi.ComponentResource):
    def __init__(self, name: str) -> None:
        super().__init__("acme:index:Site", name, None, None)
        self.vpc = alicloud.vpc.Network(
            f"{name}-vpc", cidr_block="10.0.0.0/16", opts=pulumi.ResourceOptions(parent=self)
        )
        self.register_outputs({})


def _positions() -> dict[str, tuple[str, int] | None]:
    run = record_resources(lambda: Site("shop"), config=REGION)
    return {r.name: r.source_position for r in run.resources}


def test_the_cheap_registration_site_is_pinned_to_the_installed_sdk_and_gives_the_same_position(monkeypatch):
    """An SDK upgrade that changes its private _get_stack_trace fails here instead of silently
    slowing the preview (or breaking it)."""
    monkeypatch.setattr(sdk_resource, "_get_stack_trace", sdk_resource._get_stack_trace)
    sdk_positions = _positions()
    assert python_exec.cheap_stack_traces(version("pulumi"), pinned) is True
    assert sdk_resource._get_stack_trace.__name__ == "registration_site"
    assert _positions() == sdk_positions
    assert sdk_positions["shop-vpc"] is not None and sdk_positions["shop-vpc"][0].endswith(
        "test_engine_monitor.py"
    )


def test_an_unknown_sdk_version_keeps_the_sdks_own_stack_traces(monkeypatch):
    monkeypatch.setattr(sdk_resource, "_get_stack_trace", sdk_resource._get_stack_trace)
    assert python_exec.cheap_stack_traces("0.0.0", pinned) is False
    assert sdk_resource._get_stack_trace.__name__ == "_get_stack_trace"


def test_the_exec_script_loads_the_one_upstream_guard_by_path_and_patches_nothing_without_it(monkeypatch):
    """The program's interpreter may lack the tool's packages, so the guard comes as a file; the guard it loads
    is the pack's own (one mechanism for every upstream patch)."""
    monkeypatch.setattr(sdk_resource, "_get_stack_trace", sdk_resource._get_stack_trace)
    loaded = python_exec.load_guard(python._upstream_guard())
    assert loaded.__code__.co_filename == pinned.__code__.co_filename
    assert python_exec.load_guard(None)({"0": ""}, "0") is False
    assert python_exec.cheap_stack_traces(version("pulumi"), python_exec.load_guard("")) is False
    assert sdk_resource._get_stack_trace.__name__ == "_get_stack_trace"


def test_alias_specs_are_collapsed_to_urns_as_the_step_generator_does():
    def program() -> None:
        site = Site("shop")
        alicloud.vpc.Network(
            "edge",
            cidr_block="10.1.0.0/16",
            opts=pulumi.ResourceOptions(
                aliases=[
                    pulumi.Alias(name="old-edge"),
                    pulumi.Alias(parent=site),
                    "urn:pulumi:test::test::alicloud:vpc/network:Network::older",
                ]
            ),
        )

    edge = record_resources(program, config=REGION).named("edge")
    assert edge.aliases == [
        "urn:pulumi:test::test::alicloud:vpc/network:Network::old-edge",
        "urn:pulumi:test::test::acme:index:Site$alicloud:vpc/network:Network::edge",
        "urn:pulumi:test::test::alicloud:vpc/network:Network::older",
    ]


def test_an_explicit_provider_is_used_and_gets_its_version_as_input():
    def program() -> None:
        provider = alicloud.Provider("shanghai", region="cn-shanghai")
        alicloud.vpc.Network("vpc", cidr_block="10.0.0.0/16", opts=pulumi.ResourceOptions(provider=provider))

    run = record_resources(program, config=REGION)
    provider = run.named("shanghai")
    assert provider.inputs["region"] == "cn-shanghai"
    assert provider.inputs["version"] == "4.0.0"
    assert run.named("vpc").provider == provider.urn
    assert [r.name for r in run.of_type("pulumi:providers:alicloud")] == ["shanghai"]  # no default one needed


def test_a_duplicate_urn_is_refused_in_process_too():
    def program() -> None:
        alicloud.vpc.Network("twice", cidr_block="10.0.0.0/16")
        alicloud.vpc.Network("twice", cidr_block="10.1.0.0/16")

    with pytest.raises(
        Exception,
        match=r"Duplicate resource URN 'urn:pulumi:test::test::alicloud:vpc/network:Network::twice'",
    ):
        record_resources(program, config=REGION)


def test_supported_features_are_the_engines_and_questions_by_name_agree():
    monitor = Monitor("p", "s", {})
    info = monitor.GetDeploymentInfo(None)
    assert list(info.supportedFeatures) == SUPPORTED_FEATURES
    assert info.dryRun is True
    for name in (
        "secrets",
        "resourceReferences",
        "aliasSpecs",
        "transforms",
        "invokeTransforms",
        "deletedWith",
    ):
        assert monitor.SupportsFeature(resource_pb2.SupportsFeatureRequest(id=name)).hasSupport
    assert not monitor.SupportsFeature(resource_pb2.SupportsFeatureRequest(id="someFutureFeature")).hasSupport


def test_a_failure_recorded_outside_a_call_stops_the_next_registration():
    monitor = Monitor("p", "s", {})
    monitor.fail(PreviewError("the policy pack crashed"))
    with pytest.raises(PreviewError, match="the policy pack crashed"):
        monitor.RegisterResource(resource_pb2.RegisterResourceRequest(type="pulumi:pulumi:Stack", name="p-s"))


def _unknown_ids_program(seen: dict[str, object], compute: bool = True) -> None:
    vpc = alicloud.vpc.Network("net", cidr_block="10.0.0.0/8")
    alicloud.vpc.Switch("vsw", vpc_id=vpc.id, cidr_block="10.0.0.0/16", zone_id="cn-hangzhou-h")
    # An output-form invoke whose argument is the new VPC's ID: a preview never sends it.
    found = alicloud.vpc.get_networks_output(ids=[vpc.id])
    found.ids.apply(lambda ids: seen.setdefault("invoke answered", ids))
    if compute:
        vpc.id.apply(lambda value: seen.setdefault("id", int(value)))


def test_ids_of_created_resources_are_unknown_to_the_program_as_in_a_real_preview():
    seen: dict[str, object] = {}
    run = record_resources(lambda: _unknown_ids_program(seen), config=REGION, known_ids=False)
    by_name = {r.name: r for r in run.resources}
    # The program never computes with the ID (int() of it would fail under the CLI too) ...
    assert seen == {}
    # ... the invoke that depends on it is declined, naming the dependency, and never answered ...
    assert "alicloud:vpc/getNetworks:getNetworks" not in run.invokes
    assert run.declined == [("alicloud:vpc/getNetworks:getNetworks", by_name["net"].urn)]
    # ... the packs get the reference as unknown, with the property dependency that says where it came from,
    # and the report keeps the VPC's placeholder ID.
    assert by_name["vsw"].inputs["vpcId"] == UNKNOWN
    assert by_name["vsw"].property_dependencies["vpcId"] == [by_name["net"].urn]
    assert by_name["net"].id == "placeholder-vpc-network-net"


def test_with_known_ids_the_invoke_is_sent_with_the_placeholder_and_refused():
    """What the offline preview did before IDs were unknown: the placeholder ID reached the data source."""
    with pytest.raises(DataSourceUnanswered, match="ids=\\['placeholder-vpc-network-net'\\]"):
        record_resources(lambda: _unknown_ids_program({}, compute=False), config=REGION, known_ids=True)
