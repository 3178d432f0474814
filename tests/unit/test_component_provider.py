"""The components served to any language: Pulumi's own component provider (the pinned SDK's
``pulumi.provider.experimental``) builds the schema of every component from its args TypedDict, with every
argument users pass, and maps a program's camelCase inputs to arguments the component accepts."""

from __future__ import annotations

import enum
import json
import re
import subprocess
import sys
import typing
from pathlib import Path
from typing import Any

import grpc
import pulumi
import pytest
import yaml
from pulumi.provider.experimental.component import ComponentProvider
from pulumi.provider.experimental.util import camel_case
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc
from typing_extensions import is_typeddict

from retail_ai_components import NatMode, Network, Tier
from retail_ai_components._version import __version__
from retail_ai_components.component_provider import PACKAGE, RetailAiProvider, components
from retail_ai_components.preview.recorder import record_resources

REPO = Path(__file__).resolve().parents[2]
COMPONENTS = components()


def _args_type(component: type[pulumi.ComponentResource]) -> Any:
    return typing.get_type_hints(component.__init__)["args"]


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return json.loads(ComponentProvider(COMPONENTS, PACKAGE, version=__version__).schema or "")


def test_every_component_is_served(schema) -> None:
    assert len(COMPONENTS) == 11
    assert (schema["name"], schema["version"]) == ("retailai", __version__)
    assert set(schema["resources"]) == {f"retailai:index:{c.__name__}" for c in COMPONENTS}


@pytest.mark.parametrize("component", COMPONENTS, ids=[c.__name__ for c in COMPONENTS])
def test_the_schema_builds_for_each_component_alone(component) -> None:
    served = json.loads(ComponentProvider([component], PACKAGE, version=__version__).schema or "")
    assert served["resources"][f"retailai:index:{component.__name__}"]["isComponent"] is True


@pytest.mark.parametrize("component", COMPONENTS, ids=[c.__name__ for c in COMPONENTS])
def test_the_type_token_is_the_one_the_component_registers(component) -> None:
    module = __import__(component.__module__, fromlist=["TYPE_TOKEN"])
    assert f"{PACKAGE}:index:{component.__name__}" == module.TYPE_TOKEN


@pytest.mark.parametrize("component", COMPONENTS, ids=[c.__name__ for c in COMPONENTS])
def test_every_argument_is_an_input_and_the_required_ones_are_required(schema, component) -> None:
    args = _args_type(component)
    resource = schema["resources"][f"retailai:index:{component.__name__}"]
    assert set(resource["inputProperties"]) == {camel_case(key) for key in args.__annotations__}
    assert set(resource.get("requiredInputs", [])) == {camel_case(key) for key in args.__required_keys__}
    assert resource["description"].startswith(component.__doc__.strip().split("\n")[0])


def _nested_args(args: Any, found: dict[str, Any]) -> None:
    for hint in args.__annotations__.values():
        stack = [hint]
        while stack:
            current = stack.pop()
            if is_typeddict(current) and current.__name__ not in found:
                found[current.__name__] = current
                _nested_args(current, found)
            stack.extend(typing.get_args(current))


def test_every_nested_argument_type_and_enum_is_in_the_schema(schema) -> None:
    nested: dict[str, Any] = {}
    for component in COMPONENTS:
        _nested_args(_args_type(component), nested)
    for name, args in nested.items():
        declared = schema["types"][f"retailai:index:{name}"]["properties"]
        assert set(declared) == {camel_case(key) for key in args.__annotations__}, name
    tier = schema["types"]["retailai:index:Tier"]
    assert [value["value"] for value in tier["enum"]] == [t.value for t in Tier]
    assert issubclass(Tier, enum.Enum)


def test_a_network_ref_is_what_other_languages_pass_for_a_network(schema) -> None:
    network = schema["resources"]["retailai:index:FeatureStore"]["inputProperties"]["network"]
    assert network["$ref"] == "#/types/retailai:index:NetworkRef"
    vpc_id = schema["types"]["retailai:index:NetworkRef"]["properties"]["vpcId"]
    assert vpc_id["type"] == "string" and "plain" not in vpc_id  # an Input: another resource's output


def test_type_hints_resolve_on_every_args_type_and_constructor() -> None:
    for component in COMPONENTS:
        nested: dict[str, Any] = {}
        _nested_args(_args_type(component), nested)
        for args in [_args_type(component), *nested.values()]:
            assert typing.get_type_hints(args)


def test_a_typescript_programs_inputs_construct_the_network() -> None:
    """What the engine hands the provider for the README's TypeScript program, mapped by Pulumi's provider,
    builds the Network with the given zones and NAT mode."""
    provider = ComponentProvider([Network], PACKAGE, version=__version__)
    definition = provider._component_defs["Network"]
    inputs = {"zoneIds": ["cn-hangzhou-i", "cn-hangzhou-j"], "nat": "per_zone", "natBandwidthMbps": 100}
    args = provider.map_inputs(inputs, definition)
    assert args == {
        "zone_ids": ["cn-hangzhou-i", "cn-hangzhou-j"],
        "nat": NatMode.PER_ZONE,
        "nat_bandwidth_mbps": 100,
    }
    run = record_resources(lambda: Network("shop", args), config={"alicloud:region": "cn-hangzhou"})  # type: ignore[arg-type]
    assert len(run.of_type("alicloud:vpc/natGateway:NatGateway")) == 2


def test_a_list_of_tiers_from_another_language_is_a_list_of_tiers() -> None:
    """Pulumi's own mapping turns each item of a list of enums into ``{}``; the provider the repository serves
    maps them to the enum's members, at the top level and inside nested args, so a TypeScript program can
    choose Network's tiers."""
    provider = RetailAiProvider([Network], PACKAGE, version=__version__)
    definition = provider._component_defs["Network"]
    inputs = {"zoneIds": ["cn-hangzhou-i"], "tiers": ["inference", "data"]}
    args = provider.map_inputs(inputs, definition)
    assert args == {"zone_ids": ["cn-hangzhou-i"], "tiers": [Tier.INFERENCE, Tier.DATA]}
    run = record_resources(lambda: Network("shop", args), config={"alicloud:region": "cn-hangzhou"})  # type: ignore[arg-type]
    assert sorted(r.name for r in run.of_type("alicloud:ecs/securityGroup:SecurityGroup")) == [
        "shop-sg-data",
        "shop-sg-inference",
    ]


def test_the_repository_is_a_python_plugin_that_serves_the_schema() -> None:
    """As ``pulumi package add <repository>`` runs it: Pulumi's Python host starts
    ``python -m pulumi.run.plugin <distribution>`` with the engine's address, reads the port it prints, and
    asks for the schema."""
    plugin = yaml.safe_load((REPO / "PulumiPlugin.yaml").read_text(encoding="utf-8"))
    assert plugin["runtime"] == "python"
    distribution = _distribution_name()
    process = subprocess.Popen(
        [sys.executable, "-m", "pulumi.run.plugin", distribution, "127.0.0.1:1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        port = process.stdout.readline().strip() if process.stdout else ""
        assert port.isdigit(), process.stderr.read() if process.stderr else ""
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            reply = provider_pb2_grpc.ResourceProviderStub(channel).GetSchema(provider_pb2.GetSchemaRequest())
    finally:
        process.terminate()
        process.communicate(timeout=60)
    served = json.loads(reply.schema)
    assert served["name"] == "retailai"
    assert set(served["resources"]) == {f"retailai:index:{c.__name__}" for c in COMPONENTS}


def _distribution_name() -> str:
    """The distribution name in pyproject.toml, which the host passes to ``pulumi.run.plugin``."""
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    match = re.search(r'^name = "([^"]+)"$', text, re.M)
    assert match is not None
    return match.group(1)
