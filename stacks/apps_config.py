"""The apps layer's typed config: the EAS services, the ECI image caches and the alert rules, on the platform
layer's network, cluster and registry, which it reads through a StackReference.

A StackReference's outputs are Outputs, but Pulumi needs a few facts as plain values before anything
registers: the zones (one image cache per zone), the VPC CIDR (checked in every network ref) and the registry
host (image references are checked as strings). The ``platform`` section states them; :func:`check_platform`
compares each with the platform stack's outputs, and every ID the apps take from the platform waits for that
check, so a difference stops the preview with the key to change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pulumi
import pydantic
from reference_config import ConfigModel, LayerConfig, ZoneId, load_config

from retail_ai_components import InvalidArgumentError, RolloutStrategy
from retail_ai_components.network import DEFAULT_CIDR_BLOCK

PLATFORM_PROJECT = "retail-ai-platform"
"""The platform layer's Pulumi project (the Pulumi.yaml at the repository's root)."""
PLATFORM_FACTS = ("region", "zoneIds", "vpcCidrBlock", "registryVpcEndpoint", "registryNamespaces")
"""The platform outputs the ``platform`` section restates, checked before any ID is used."""


class PlatformStackConfig(ConfigModel):
    """The platform stack the apps run on, and the facts of it the apps need as plain values."""

    stack: str | None = None
    """The platform stack, ``<organization>/retail-ai-platform/<stack>``. Optional. Defaults to this stack's
    organization and name in the project retail-ai-platform (``organization/retail-ai-platform/prod`` for
    prod on a self-managed backend)."""
    zones: list[ZoneId] = pydantic.Field(min_length=1)
    """The platform network's zones, in its order: EAS runs in the first, an image cache goes in each."""
    cidr_block: str = DEFAULT_CIDR_BLOCK
    """The platform VPC's CIDR. Optional. Defaults to the Network's default, ``10.0.0.0/8``."""
    registry_instance: str | None = None
    """The platform registry's instance name (its ``registryVpcEndpoint`` output starts with it): images given
    as ``namespace/repository:tag`` are pulled from its VPC endpoint. Optional: without it, images are full
    references on a registry VPC endpoint in the region."""


class InferenceConfig(ConfigModel):
    """The ranking service on PAI-EAS (EasService); sizes are per replica."""

    service_name: str | None = None
    """The EAS service name, unique per region. Optional: by default it is derived from the component name,
    which holds the environment, so dev and prod can share an account."""
    image: str
    """The serving image: ``namespace/repository:tag`` in the platform's registry, or a full reference on a
    registry's VPC endpoint in the stack's region. CI pushes it before this layer's ``pulumi up``."""
    port: int | None = None
    instance_type: str = "ecs.c7.2xlarge"
    """Pay-as-you-go type; with a dedicated group, the type burst replicas use."""
    dedicated_resource_group_id: str | None = None
    """EAS dedicated resource group (subscription) for the baseline."""
    dedicated_gateway_id: str = pydantic.Field(pattern=r"^gw-[a-z0-9]+$")
    """EAS dedicated gateway with internet access off: the shared gateway always publishes an internet
    endpoint, which the policy pack refuses."""
    cpu: int | None = None
    memory_mb: int | None = None
    min_replicas: int = 1
    max_replicas: int = 2
    qps_per_replica: int = 300
    rollout: RolloutStrategy | None = None
    green_weight: int | None = None
    shadow_ratio: int | None = None
    """Percent of live requests mirrored to a shadow service; none = no shadow."""
    alert_contact_group: str
    p99_latency_ms: int | None = None


class ImageCacheConfig(ConfigModel):
    """ECI image caches of the serving images, one per platform zone in its pods vSwitch, so burst pods on the
    platform's cluster start without pulling."""

    images: list[str] = pydantic.Field(min_length=1, max_length=20)
    """Versioned images, like ``inference.image`` relative to the platform's registry or full references."""
    size_gib: int | None = pydantic.Field(default=None, ge=20, le=2048)
    """Size of each cache, 20 to 2048 GiB. Optional. Defaults to ECI's 20."""
    retention_days: int | None = pydantic.Field(default=None, ge=1)
    """Days after which an unused cache expires. Optional. Defaults to never."""


class OnCallContactConfig(ConfigModel):
    name: str
    email: str | None = None
    phone: str | None = None


class ObservabilityConfig(ConfigModel):
    """Managed Prometheus on the platform's cluster, Grafana and the alerts that page on-call (Observability)."""

    oncall: list[OnCallContactConfig] = pydantic.Field(min_length=1)


class AppsConfig(LayerConfig):
    platform: PlatformStackConfig
    inference: InferenceConfig | None = None
    image_caches: ImageCacheConfig | None = None
    observability: ObservabilityConfig | None = None


def load_apps_config(config: pulumi.Config | None = None) -> tuple[AppsConfig, str]:
    """The validated apps config and the stack's region."""
    return load_config(AppsConfig, config)


def platform_stack_name(platform: PlatformStackConfig) -> str:
    return platform.stack or f"{pulumi.get_organization()}/{PLATFORM_PROJECT}/{pulumi.get_stack()}"


def _differs(key: str, ours: Any, theirs: Any, stack: str) -> InvalidArgumentError:
    return InvalidArgumentError(
        key, f"is {ours!r} but the platform stack {stack} has {theirs!r}", owner="stack config"
    )


def check_platform(
    facts: Mapping[str, Any],
    platform: PlatformStackConfig,
    *,
    region: str,
    stack: str,
    registry_host: str | None,
    namespaces: Sequence[tuple[str, str]],
) -> bool:
    """That the platform stack's outputs (``facts``, :data:`PLATFORM_FACTS`) are what the apps config says.

    ``namespaces``: (config key, namespace) of each image given relative to the registry. Raises one
    :class:`InvalidArgumentError` naming the apps config key to change."""
    if facts.get("zoneIds") is None:
        raise InvalidArgumentError(
            "retail-ai-apps:platform.stack",
            f"{stack} exports no zoneIds: is it a stack of the {PLATFORM_PROJECT} program?",
            owner="stack config",
        )
    if facts.get("region") != region:
        raise _differs("alicloud:region", region, facts.get("region"), stack)
    if list(facts["zoneIds"]) != list(platform.zones):
        raise _differs("retail-ai-apps:platform.zones", list(platform.zones), facts["zoneIds"], stack)
    if facts.get("vpcCidrBlock") != platform.cidr_block:
        raise _differs(
            "retail-ai-apps:platform.cidrBlock", platform.cidr_block, facts.get("vpcCidrBlock"), stack
        )
    if registry_host is not None:
        if facts.get("registryVpcEndpoint") != registry_host:
            raise _differs(
                "retail-ai-apps:platform.registryInstance",
                registry_host,
                facts.get("registryVpcEndpoint") or "no registry",
                stack,
            )
        known = list(facts.get("registryNamespaces") or [])
        for key, namespace in namespaces:
            if namespace not in known:
                raise InvalidArgumentError(
                    key,
                    f"namespace {namespace!r} is not one of the platform registry's {known}",
                    owner="stack config",
                )
    return True


def platform_output(outputs: Any, name: str, path: Sequence[str], stack: str) -> Any:
    """``outputs`` (the platform stack's output ``name``) at ``path``, or one error saying what is missing."""
    value = outputs
    for step in path:
        if not isinstance(value, Mapping) or step not in value:
            where = ".".join([name, *path])
            raise InvalidArgumentError(
                "retail-ai-apps:platform",
                f"the platform stack {stack} exports no {where}",
                owner="stack config",
            )
        value = value[step]
    if value is None:
        raise InvalidArgumentError(
            "retail-ai-apps:platform", f"the platform stack {stack} exports no {name}", owner="stack config"
        )
    return value
