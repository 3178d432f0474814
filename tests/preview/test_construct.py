"""Multi-language components, as the engine handles a ``remote: true`` registration: the monitor hands it to
the package's provider (``python -m retail_ai_components``), whose Construct registers the component and its
children on the same monitor, and the program gets back the component's URN and outputs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc
import pytest
from google.protobuf import struct_pb2
from pulumi.runtime.proto import resource_pb2, resource_pb2_grpc

from retail_ai_components.preview.construct import ComponentProviders, provider_error
from retail_ai_components.preview.engine_service import EngineServicer
from retail_ai_components.preview.monitor import Monitor
from retail_ai_components.preview.server import serve

CONFIG = {"alicloud:region": "cn-hangzhou"}
STACK = "urn:pulumi:dev::shop::pulumi:pulumi:Stack::shop-dev"


@pytest.fixture(scope="module")
def engine() -> Iterator[tuple[Monitor, Any]]:
    monitor = Monitor("shop", "dev", CONFIG)
    served = serve(monitor, EngineServicer(lambda severity, message: None))
    components = ComponentProviders(
        monitor_address=served.monitor_address,
        engine_address=served.engine_address,
        organization="organization",
        project="shop",
        stack="dev",
        config=CONFIG,
        secret_keys=[],
        on_output=lambda stream, line: None,
        cwd=Path.cwd(),
    )
    monitor.components = components
    channel = grpc.insecure_channel(served.monitor_address)
    stub = resource_pb2_grpc.ResourceMonitorStub(channel)
    stub.RegisterResource(resource_pb2.RegisterResourceRequest(type="pulumi:pulumi:Stack", name="shop-dev"))
    try:
        yield monitor, stub
    finally:
        channel.close()
        components.close()
        served.stop()


def remote(stub: Any, type_: str, name: str, inputs: dict[str, Any]) -> Any:
    properties = struct_pb2.Struct()
    properties.update(inputs)
    request = resource_pb2.RegisterResourceRequest(
        type=type_, name=name, parent=STACK, remote=True, object=properties
    )
    return stub.RegisterResource(request, timeout=180)


@pytest.mark.slow
def test_the_provider_constructs_the_network_and_its_children_register_on_the_same_monitor(engine):
    monitor, stub = engine
    answer = remote(stub, "retailai:index:Network", "shop", {"zoneIds": ["cn-hangzhou-i"], "tiers": ["data"]})
    network = "urn:pulumi:dev::shop::retailai:index:Network::shop"
    assert answer.urn == network
    assert answer.object["vpcId"] == "placeholder-vpc-network-shop-vpc"
    by_name = {r.name: r for r in monitor.resources}
    assert by_name["shop"].type == "retailai:index:Network" and by_name["shop"].parent == STACK
    assert by_name["shop-vpc"].parent == network
    assert by_name["shop-sg-data"].type == "alicloud:ecs/securityGroup:SecurityGroup"
    # The engine registers the package's default provider before the construct, as for any resource.
    assert "pulumi:providers:retailai" in {r.type for r in monitor.resources}


@pytest.mark.slow
def test_inputs_the_component_refuses_fail_the_registration_with_its_own_message(engine):
    _monitor, stub = engine
    with pytest.raises(grpc.RpcError) as raised:
        remote(stub, "retailai:index:Network", "bad", {"zoneIds": ["cn-hangzhou-i"], "tiers": ["gpu"]})
    details = raised.value.details()
    assert details.startswith(
        "retailai:index:Network 'bad': the component's provider failed to construct it: "
    )
    assert "Network 'bad': tiers[0]: Input should be 'inference', 'data', 'pods' or 'training'" in details


def test_another_packages_remote_component_is_not_served_here(engine):
    monitor, _stub = engine
    assert monitor.components is not None
    assert not monitor.components.serves("acme:index:Cluster")
    assert monitor.components.serves("retailai:index:VectorStore")


def test_the_providers_traceback_is_left_out_of_its_error():
    details = (
        "Unexpected <class 'Exception'>: Network 'shop': zone_ids: at least one zone:\n"
        '  File "/site-packages/retail_ai_components/network.py", line 190, in __init__\n'
        "    spec = validate_args(NetworkArgs, args, owner=owner)\n"
    )
    assert provider_error(details) == "Network 'shop': zone_ids: at least one zone"
