"""Resource options on a component act as on any Pulumi component, for every component: ``protect``, an
explicit provider (``provider``, ``providers`` or a parent's) and the region it implies, ``retain_on_delete``
and ``deleted_with`` reach every child."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pulumi
import pulumi_alicloud as alicloud
import pytest
from test_fuzz import COMPONENTS
from test_fuzz import _program as fuzz_program

from retail_ai_components import ContainerRegistry, FeatureStore, InvalidArgumentError, Network, SecureBucket
from retail_ai_components.preview.monitor import ProgramRun

PROVIDER_TYPE = "pulumi:providers:alicloud"
SHANGHAI_ZONES = ["cn-shanghai-e", "cn-shanghai-f"]
# Components without a network or cluster to take the region from say which one they are in.
OWN_REGION = {"Network", "SecureBucket", "Guardrails"}
IDS = [c[0] for c in COMPONENTS]


def _program(
    make: Callable[..., Any], args: dict[str, Any], opts: Callable[[], pulumi.ResourceOptions]
) -> Callable[[], None]:
    """The fuzz test's program for the component (secrets made inside it), built with ``opts()``, made inside
    the program too (a provider is a resource)."""
    return fuzz_program(lambda name, given: make(name, given, opts=opts()), copy.deepcopy(args))


def _children(run: ProgramRun) -> list[Any]:
    return [r for r in run.resources if r.parent and not r.is_provider]


@pytest.mark.parametrize("name,make,args,_", COMPONENTS, ids=IDS)
def test_protect_false_on_the_component_leaves_no_child_protected(record, name, make, args, _) -> None:
    run = record(_program(make, args, lambda: pulumi.ResourceOptions(protect=False)))
    assert [r.name for r in _children(run) if r.protect] == []


def test_protect_true_on_the_component_protects_even_what_its_argument_leaves_unprotected(record) -> None:
    run = record(
        lambda: SecureBucket(
            "data",
            {"bucket_name": "acme-training-data", "protect": False},
            opts=pulumi.ResourceOptions(protect=True),
        )
    )
    assert all(r.protect for r in _children(run))


def test_without_the_option_stateful_children_stay_protected(record) -> None:
    run = record(lambda: SecureBucket("data", {"bucket_name": "acme-training-data"}))
    protected = {r.name for r in _children(run) if r.protect}
    assert protected == {"data-bucket", "data-kms-key"}


def _provider_forms() -> list[tuple[str, Callable[[pulumi.ProviderResource], pulumi.ResourceOptions]]]:
    def under_a_parent(provider: pulumi.ProviderResource) -> pulumi.ResourceOptions:
        group = pulumi.ComponentResource(
            "acme:index:Group", "g", opts=pulumi.ResourceOptions(providers=[provider])
        )
        return pulumi.ResourceOptions(parent=group)

    return [
        ("provider", lambda p: pulumi.ResourceOptions(provider=p)),
        ("providers-list", lambda p: pulumi.ResourceOptions(providers=[p])),
        ("providers-map", lambda p: pulumi.ResourceOptions(providers={"alicloud": p})),
        ("parent", under_a_parent),
    ]


PROVIDER_FORMS = _provider_forms()


@pytest.mark.parametrize("form,options", PROVIDER_FORMS, ids=[f[0] for f in PROVIDER_FORMS])
@pytest.mark.parametrize("name,make,args,_", COMPONENTS, ids=IDS)
def test_every_alicloud_child_uses_the_explicit_provider(record, name, make, args, _, form, options) -> None:
    given = {**args, "region": "cn-hangzhou"} if name in OWN_REGION else args
    run = record(_program(make, given, lambda: options(alicloud.Provider("hz", region="cn-hangzhou"))))
    [provider] = [r for r in run.resources if r.type == PROVIDER_TYPE and r.name == "hz"]
    children = [r for r in _children(run) if r.custom and r.type.startswith("alicloud:")]
    assert children
    assert {r.provider for r in children} == {provider.urn}


def test_a_provider_of_another_region_needs_its_region_named_and_then_everything_follows_it(record) -> None:
    images: list[pulumi.Output[str] | str] = []

    def program() -> None:
        shanghai = pulumi.ResourceOptions(provider=alicloud.Provider("sh", region="cn-shanghai"))
        network = Network("shop", {"zone_ids": SHANGHAI_ZONES, "region": "cn-shanghai"}, opts=shanghai)
        # Placed in the Shanghai network, with the same provider: its region comes from the network.
        registry = ContainerRegistry(
            "images", {"network": network.ref(), "namespaces": ["retail-ai"]}, opts=shanghai
        )
        images.append(registry.image("retail-ai", "ranking", "1.0.0"))
        FeatureStore(
            "features",
            {
                "network": network.ref(),
                "inference_zone_id": "cn-shanghai-e",
                "flink_state_bucket": "acme-flink-state",
                "tair": {"password": pulumi.Output.secret("Opts-not-a-real-password-1")},
            },
            opts=shanghai,
        )

    run = record(program)  # the stack's alicloud:region is cn-hangzhou
    assert {r.inputs["zoneId"] for r in run.of_type("alicloud:vpc/switch:Switch")} == set(SHANGHAI_ZONES)
    assert ".cn-shanghai." in str(images[0])
    assert run.named("features-tair").inputs["zoneId"] == "cn-shanghai-e"


def test_without_its_region_an_explicit_provider_is_one_error_naming_the_region_argument(record) -> None:
    def program() -> None:
        shanghai = pulumi.ResourceOptions(provider=alicloud.Provider("sh", region="cn-shanghai"))
        Network("shop", {"zone_ids": SHANGHAI_ZONES}, opts=shanghai)

    with pytest.raises(InvalidArgumentError) as caught:
        record(program)
    assert caught.value.field == "region"
    assert "'sh'" in caught.value.rule
    assert str(caught.value).startswith("Network 'shop': region: ")


def test_a_zone_outside_the_region_names_the_region_argument(record) -> None:
    with pytest.raises(InvalidArgumentError) as caught:
        record(lambda: Network("shop", {"zone_ids": SHANGHAI_ZONES}))
    assert caught.value.field == "zone_ids[0]"
    assert "the region argument" in caught.value.rule


def _effective(run_options: dict[str, tuple[str | None, Any]], name: str, option: str) -> Any:
    """An option as the engine applies it: the resource's own, else its parent's (inheritFromParent)."""
    parent, own = run_options[name]
    if own.get(option) is not None or parent is None:
        return own.get(option)
    return _effective(run_options, parent, option)


@pytest.mark.parametrize("name,make,args,_", COMPONENTS, ids=IDS)
def test_retain_on_delete_and_deleted_with_reach_every_child(record, name, make, args, _) -> None:
    seen: dict[str, tuple[str | None, dict[str, Any]]] = {}

    async def remember(resource: pulumi.ResourceTransformArgs) -> None:
        # The engine hands a transform each option as it was registered, resources as their URNs.
        async def name_of(resource: pulumi.Resource | None) -> str | None:
            return (await resource.urn.future() or "").rsplit("::", 1)[-1] if resource is not None else None

        seen[resource.name] = (
            await name_of(resource.opts.parent),
            {
                "retain_on_delete": resource.opts.retain_on_delete,
                "deleted_with": await name_of(resource.opts.deleted_with),
            },
        )

    def program() -> None:
        pulumi.runtime.register_resource_transform(remember)
        anchor = alicloud.vpc.Network("anchor", cidr_block="172.16.0.0/12")
        _program(make, args, lambda: pulumi.ResourceOptions(retain_on_delete=True, deleted_with=anchor))()

    record(program)
    children = [n for n in seen if n not in ("anchor", "fuzz")]
    assert children
    for child in children:
        assert _effective(seen, child, "retain_on_delete") is True, child
        assert _effective(seen, child, "deleted_with") == "anchor", child
