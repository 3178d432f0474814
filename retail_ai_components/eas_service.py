"""EasService: a PAI-EAS model service reachable only inside the VPC, with autoscaling, blue-green,
shadow traffic and latency alerts."""

import dataclasses
import json
import math
import re
from enum import Enum
from typing import Annotated, Any, Literal

import pulumi
import pulumi_alicloud as alicloud
import pydantic
from typing_extensions import NotRequired, TypedDict

from . import _eas_config as cfg
from . import _naming
from ._eas_rollout import EasTrafficMirror, EasTrafficSplit
from ._options import child_options
from ._refs import InputStr, NetworkInput, network_ref, placed_region
from ._region import stack_region
from ._validation import args_type, as_enum, component_owner, rule, validate_args
from .errors import InvalidArgumentError

TYPE_TOKEN = "retailai:index:EasService"

DEFAULT_CONTAINER_PORT = 8000
DEFAULT_SHADOW_RATIO = 5
DEFAULT_P99_LATENCY_MS = 80
DEFAULT_THROUGHPUT_WARN_PERCENT = 80
# CloudMonitor namespace of PAI-EAS ("learn" is PAI's product code); metrics per serviceName.
CMS_NAMESPACE = "acs_learn"
CMS_LATENCY_METRIC = "rt"
"""Response time in microseconds; statistics Average/Maximum/Minimum."""
CMS_LATENCY_STATISTICS = "Maximum"
"""The maximum bounds P99 from above: when it stays under the threshold, so does P99."""
CMS_THROUGHPUT_METRIC = "qps_total"
"""Requests per second over every replica."""


class RolloutStrategy(str, Enum):
    """How new model versions reach traffic."""

    SINGLE = "single"
    """One live service; a change updates it in place (EAS rolls replicas)."""
    BLUE_GREEN = "blue_green"
    """Two live services in one service group, ``blue`` (the service itself) and ``green``; traffic is
    split between them by weight, so a new version is shifted in and rolled back without redeploying."""


RolloutStrategyName = Literal["single", "blue_green"]
"""The values of :class:`RolloutStrategy` as plain strings, which the args accept as well."""


ServiceName = Annotated[str, pydantic.Field(pattern=cfg.SERVICE_NAME_PATTERN)]
Replicas = Annotated[int, pydantic.Field(ge=1, le=1000)]


@args_type
class ModelArgs(TypedDict):
    """A built-in EAS processor serving a model file from OSS."""

    path: cfg.OssPath
    """``oss://bucket/key`` of the model; the bucket must be in the stack's region (it is read through
    the in-region internal endpoint)."""
    processor: Annotated[str, pydantic.Field(pattern=r"^[A-Za-z0-9_.-]{1,64}$")]
    """The built-in processor, e.g. ``tensorflow_cpu_2.7``, ``pmml``."""


@args_type
class ContainerArgs(TypedDict):
    """A custom image."""

    image: Annotated[str, pydantic.Field(min_length=1)]
    """From the registry's VPC endpoint in the stack's region: ``registry-vpc.<region>.aliyuncs.com/ns/repo:tag``
    or ``<instance>-registry-vpc.<region>.cr.aliyuncs.com/ns/repo:tag``."""
    port: NotRequired[Annotated[int, pydantic.Field(default=DEFAULT_CONTAINER_PORT, ge=1, le=65535)]]
    """The port the server listens on. Optional. Defaults to 8000."""
    command: NotRequired[str]
    """The start command. Optional. Defaults to the image's entrypoint."""
    env: NotRequired[Annotated[dict[str, str], pydantic.Field(default={})]]
    """Environment variables (not secrets: they are part of the service config). Optional. Defaults to none."""


@args_type
class ResourcesArgs(TypedDict):
    """Where replicas run. Dedicated group + instance type = baseline on the group, bursts pay-as-you-go."""

    instance_type: NotRequired[Annotated[str, rule(cfg.instance_type_problem)]]
    """A public pay-as-you-go ECS type from ``_eas_config.INSTANCE_TYPES``. With a dedicated group, the type
    that burst replicas use when the group is full. Optional. Defaults to none (give this or a group)."""
    dedicated_resource_group_id: NotRequired[Annotated[str, pydantic.Field(pattern=r"^eas-r-[a-z0-9]+$")]]
    """An EAS dedicated resource group (``eas-r-...``) for the predictable baseline. Optional. Defaults to none."""
    cpu: NotRequired[Annotated[int, pydantic.Field(ge=1, le=128)]]
    """vCPUs per replica; must fit ``instance_type``. Optional. Defaults to the whole instance (required
    with a dedicated group)."""
    memory_mb: NotRequired[Annotated[int, pydantic.Field(ge=1000, le=2_048_000)]]
    """Memory per replica in MB; must fit ``instance_type``. Optional. Defaults to the whole instance
    (required with a dedicated group)."""
    gpu: NotRequired[Annotated[int, pydantic.Field(default=0, ge=0, le=8)]]
    """GPUs per replica; must fit ``instance_type``. Optional. Defaults to 0."""


@args_type
class AutoscalingArgs(TypedDict):
    """EAS horizontal autoscaling (QPS and CPU are EAS's built-in triggers)."""

    min_replicas: Replicas
    """Fewest replicas, at least 1."""
    max_replicas: Replicas
    """Most replicas, at least ``min_replicas``."""
    qps_per_replica: NotRequired[Annotated[int, pydantic.Field(ge=1)]]
    """Target QPS per replica. Optional. Defaults to none (give this, ``cpu_utilization`` or both)."""
    cpu_utilization: NotRequired[Annotated[int, pydantic.Field(ge=1, le=100)]]
    """Target CPU utilisation per replica, in percent. Optional. Defaults to none."""
    scale_down_window_seconds: NotRequired[
        Annotated[int, pydantic.Field(default=cfg.DEFAULT_SCALE_DOWN_WINDOW_SECONDS, ge=0, le=3600)]
    ]
    """Stabilisation window before scaling down. Optional. Defaults to 300."""


@args_type
class RpcArgs(TypedDict):
    """EAS's RPC settings of every replica."""

    keepalive_ms: NotRequired[
        Annotated[int, pydantic.Field(default=cfg.DEFAULT_KEEPALIVE_MS, ge=1, le=600_000)]
    ]
    """Longest a request may take, in milliseconds. Optional. Defaults to 5000."""
    batching: NotRequired[Annotated[bool, pydantic.Field(default=False)]]
    """Server-side request batching. Optional. Defaults to false."""
    max_batch_size: NotRequired[Annotated[int, pydantic.Field(ge=1, le=1024)]]
    """Largest batch when batching. Optional. Defaults to EAS's default."""


@args_type
class OssMountArgs(TypedDict):
    """An OSS path mounted read-only into every replica."""

    path: cfg.OssPath
    """``oss://bucket/key/``, in the stack's region."""
    mount_path: Annotated[str, pydantic.Field(pattern=r"^/[A-Za-z0-9_./-]*$")]
    """Absolute path inside the replica."""


@args_type
class GreenArgs(TypedDict):
    """The second member of a blue-green pair; it copies everything from blue except what is given."""

    weight: NotRequired[Annotated[int, pydantic.Field(default=0, ge=0, le=100)]]
    """Percent of the group's traffic that green receives (blue gets the rest). Optional. Defaults to 0."""
    model: NotRequired[ModelArgs]
    """Green's model. Optional. Defaults to blue's."""
    container: NotRequired[ContainerArgs]
    """Green's container. Optional. Defaults to blue's."""


@args_type
class ShadowArgs(TypedDict):
    """A shadow service that receives a copy of live requests; its answers are never returned."""

    ratio: NotRequired[Annotated[int, pydantic.Field(default=DEFAULT_SHADOW_RATIO, ge=1, le=100)]]
    """Percent of every live service's requests that is mirrored. Optional. Defaults to 5."""
    model: NotRequired[ModelArgs]
    """The shadow's model. Optional. Defaults to the live model."""
    container: NotRequired[ContainerArgs]
    """The shadow's container. Optional. Defaults to the live container."""


@args_type
class AlertArgs(TypedDict):
    """CloudMonitor alarms, one set per service (live and shadow)."""

    contact_group: Annotated[str, pydantic.Field(min_length=1, max_length=128)]
    """The CloudMonitor alarm contact group that is notified (it must exist)."""
    p99_latency_ms: NotRequired[
        Annotated[int, pydantic.Field(default=DEFAULT_P99_LATENCY_MS, ge=1, le=600_000)]
    ]
    """Alarm when P99 latency exceeds this, in milliseconds. Optional. Defaults to 80."""
    throughput_warn_qps: NotRequired[Annotated[int, pydantic.Field(ge=1)]]
    """Warn when a service's QPS reaches this. Optional. Defaults to 80% of what the autoscaler can serve
    (``max_replicas`` x ``qps_per_replica``); required when it does not scale on QPS."""


@args_type
class EasServiceArgs(TypedDict):
    """Arguments of :class:`EasService`."""

    network: NetworkInput
    """The :class:`~retail_ai_components.network.Network`, or its
    :class:`~retail_ai_components.network.NetworkRef`, to serve in; its inference tier's vSwitch and security
    group are used (VPC direct connection)."""
    resources: ResourcesArgs
    """Instance type and/or dedicated resource group, and per-replica size."""
    alerts: NotRequired[AlertArgs]
    """CloudMonitor latency and throughput alarms, and where they go. Optional. Defaults to none: alert through
    :class:`~retail_ai_components.observability.Observability` (Managed Prometheus rules from the service's
    latency histogram, which page on-call), so that one source of truth pages."""
    model: NotRequired[ModelArgs]
    """A processor and an OSS model. Optional. Defaults to none: give this or ``container``."""
    container: NotRequired[ContainerArgs]
    """A custom image. Optional. Defaults to none: give this or ``model``."""
    service_name: NotRequired[ServiceName]
    """The EAS service name, unique per region: a lowercase letter, then lowercase letters, digits,
    underscores. Optional. Defaults to the component name plus the stack (unless the name already holds the
    stack as a word), dashes as underscores, so the same program deploys to dev and prod in one account. The
    PAI workspace it creates is named after it (``<service>_ws``, at most 23 characters)."""
    replicas: NotRequired[Replicas]
    """Replicas at deploy time. Optional. Defaults to ``autoscaling.min_replicas``, else 1."""
    autoscaling: NotRequired[AutoscalingArgs]
    """Horizontal autoscaling. Optional. Defaults to a fixed replica count."""
    rpc: NotRequired[Annotated[RpcArgs, pydantic.Field(default={}, validate_default=True)]]
    """Request timeout and batching. Optional. Defaults to a 5000 ms keepalive, no batching."""
    oss_mounts: NotRequired[Annotated[list[OssMountArgs], pydantic.Field(default=[])]]
    """Read-only OSS mounts. Optional. Defaults to none."""
    zone_ids: NotRequired[Annotated[list[str], pydantic.Field(min_length=1)]]
    """Zones (of the network) whose inference vSwitches replicas use. Optional. Defaults to the network's
    first zone, next to the feature store."""
    rollout: NotRequired[
        Annotated[
            RolloutStrategy | RolloutStrategyName,
            as_enum(RolloutStrategy),
            pydantic.Field(default=RolloutStrategy.SINGLE),
        ]
    ]
    """``single`` or ``blue_green``. Optional. Defaults to ``single``."""
    green: NotRequired[GreenArgs]
    """The green member, with ``rollout: blue_green``. Optional. Defaults to a copy of blue at weight 0."""
    shadow: NotRequired[ShadowArgs]
    """Shadow traffic to a separate service. Optional. Defaults to none."""
    dedicated_gateway_id: Annotated[str, pydantic.Field(pattern=r"^gw-[a-z0-9]+$")]
    """The dedicated EAS gateway (``gw-...``, internet access off) that callers in the VPC reach the service
    through. Required: the shared gateway always gives a service an internet endpoint as well, and
    pulumi-alicloud has no resource that creates a dedicated gateway, so it is bought once per account and
    its ID passed here."""
    workspace_id: NotRequired[InputStr]
    """The PAI workspace. Optional. Defaults to a new workspace named after the service."""
    tags: NotRequired[Annotated[dict[str, str], pydantic.Field(default={})]]
    """Tags for every child that takes tags. Optional. Defaults to none."""


def _validate(args: EasServiceArgs, owner: str) -> EasServiceArgs:
    """Field rules through pydantic, then the rules that relate fields of one argument, each naming one
    field."""
    spec = validate_args(EasServiceArgs, args, owner=owner)
    auto = spec.get("autoscaling")
    found = [
        ("resources", cfg.resources_problem(spec["resources"])),
        ("autoscaling", cfg.autoscaling_problem(auto) if auto is not None else None),
        ("rpc", cfg.rpc_problem(spec["rpc"])),
    ]
    for prefix, problem in found:
        if problem is not None:
            field, message = problem
            raise InvalidArgumentError(f"{prefix}.{field}" if field else prefix, message, owner=owner)
    return spec


class EasService(pulumi.ComponentResource):
    """A PAI-EAS model service serving only inside the VPC.

    Children: ``{name}-workspace`` (pai.WorkspaceWorkspace, unless ``workspace_id`` is given);
    ``{name}-service`` (pai.Service, "blue"); with ``blue_green``, ``{name}-service-green`` and
    ``{name}-traffic`` (EasTrafficSplit); with ``shadow``, ``{name}-service-shadow`` and
    ``{name}-mirror[-green]`` (EasTrafficMirror); per service, ``{name}-p99[-variant]`` and
    ``{name}-qps[-variant]`` (cms.Alarm).
    """

    service_name: pulumi.Output[str]
    """The EAS name of the live (blue) service."""
    service_names: pulumi.Output[dict[str, str]]
    """EAS service names by role: ``blue``, and ``green`` / ``shadow`` when present."""
    role_names: dict[str, str]
    """The same names as plain strings, known before deploy (for Observability's alert rules)."""
    group_name: pulumi.Output[str]
    """The service group of a blue-green pair; empty for ``single``."""
    workspace_id: pulumi.Output[str]
    """The PAI workspace the services belong to."""
    service_configs: pulumi.Output[dict[str, str]]
    """The ``service_config`` JSON by role."""

    def __init__(
        self,
        name: str,
        args: EasServiceArgs,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        owner = component_owner("EasService", name)
        spec = _validate(args, owner)
        region = stack_region(
            owner=owner, opts=opts, placed_in=placed_region(spec["network"]), field="network.region"
        )
        placement = _network_ids(spec["network"], spec.get("zone_ids"), region, owner)
        configs = _plan(name, spec, region, owner)
        alerts = spec.get("alerts")
        warn_qps = _throughput_threshold(spec, alerts, owner) if alerts is not None else 0

        super().__init__(TYPE_TOKEN, name, _public_props(spec, configs, region), opts)
        tags = spec["tags"] or None

        workspace_id = (
            spec["workspace_id"] if "workspace_id" in spec else self._workspace(name, configs["blue"])
        )
        self.services, rendered = self._services(name, configs, placement, workspace_id, tags)
        group = configs["blue"].group or ""
        if RolloutStrategy(spec["rollout"]) is RolloutStrategy.BLUE_GREEN:
            self._traffic_split(name, spec, configs, region, group)
        if "shadow" in spec:
            self._traffic_mirrors(name, spec, configs, region)
        if alerts is not None:
            for role, config in configs.items():
                self._alarms(name, role, config.name, alerts, warn_qps, tags)
        self._publish_outputs(configs, group, workspace_id, rendered)

    def _workspace(self, name: str, blue: cfg.ServiceConfig) -> pulumi.Output[str]:
        """A PAI workspace of the services' own, when none is given. Returns its ID."""
        workspace = alicloud.pai.WorkspaceWorkspace(
            f"{name}-workspace",
            workspace_name=_workspace_name(blue.name),
            display_name=name,
            description=f"PAI workspace of the EAS service {blue.name}"[:80],
            env_types=["prod"],
            opts=child_options(self),
        )
        workspace_id: pulumi.Output[str] = workspace.id
        return workspace_id

    def _services(
        self,
        name: str,
        configs: dict[str, cfg.ServiceConfig],
        placement: tuple[Any, list[Any], Any],
        workspace_id: pulumi.Input[str],
        tags: dict[str, str] | None,
    ) -> tuple[dict[str, alicloud.pai.Service], dict[str, pulumi.Output[str]]]:
        """One EAS service per role, in the network's inference vSwitches; and each one's service config."""
        vpc_id, vswitch_ids, sg_id = placement
        services: dict[str, alicloud.pai.Service] = {}
        rendered: dict[str, pulumi.Output[str]] = {}
        for role, config in configs.items():
            rendered[role] = cfg.service_config_json(
                config,
                vpc_id=vpc_id,
                vswitch_ids=vswitch_ids,
                security_group_id=sg_id,
                workspace_id=workspace_id,
            )
            services[role] = alicloud.pai.Service(
                f"{name}-service" if role == "blue" else f"{name}-service-{role}",
                service_config=rendered[role],
                workspace_id=workspace_id,
                develop="false",
                status="Running",
                tags=tags,
                opts=child_options(self, custom_timeouts=_rollout_timeouts(config.replicas)),
            )
        return services, rendered

    def _traffic_split(
        self,
        name: str,
        spec: EasServiceArgs,
        configs: dict[str, cfg.ServiceConfig],
        region: str,
        group: str,
    ) -> None:
        """Blue-green: the group's traffic split between the two services."""
        green_weight = _green_weight(spec)
        EasTrafficSplit(
            f"{name}-traffic",
            region=region,
            group_name=group,
            weights={
                configs["blue"].name: 100 - green_weight,
                configs["green"].name: green_weight,
            },
            opts=child_options(self, depends_on=[self.services["blue"], self.services["green"]]),
        )

    def _traffic_mirrors(
        self, name: str, spec: EasServiceArgs, configs: dict[str, cfg.ServiceConfig], region: str
    ) -> None:
        """Shadow: a share of each live service's traffic mirrored to the shadow service."""
        for role in [r for r in ("blue", "green") if r in configs]:
            EasTrafficMirror(
                f"{name}-mirror" if role == "blue" else f"{name}-mirror-{role}",
                region=region,
                source_service=configs[role].name,
                targets=[configs["shadow"].name],
                ratio=spec["shadow"]["ratio"],
                opts=child_options(self, depends_on=[self.services[role], self.services["shadow"]]),
            )

    def _publish_outputs(
        self,
        configs: dict[str, cfg.ServiceConfig],
        group: str,
        workspace_id: pulumi.Input[str],
        rendered: dict[str, pulumi.Output[str]],
    ) -> None:
        self.service_name = pulumi.Output.from_input(configs["blue"].name)
        self.role_names = {role: c.name for role, c in configs.items()}
        self.service_names = pulumi.Output.from_input(dict(self.role_names))
        self.group_name = pulumi.Output.from_input(group)
        self.workspace_id = pulumi.Output.from_input(workspace_id)
        self.service_configs = pulumi.Output.all(**rendered)
        self.register_outputs(
            {
                "serviceName": self.service_name,
                "serviceNames": self.service_names,
                "groupName": self.group_name,
                "workspaceId": self.workspace_id,
                "serviceConfigs": self.service_configs,
            }
        )

    def _alarms(
        self,
        name: str,
        role: str,
        service: str,
        alerts: AlertArgs,
        warn_qps: int,
        tags: dict[str, str] | None,
    ) -> None:
        """One service's CloudMonitor alarms: P99 latency (critical) and throughput near capacity (warning)."""
        suffix = "" if role == "blue" else f"-{role}"
        dimensions = json.dumps([{"serviceName": service}], separators=(",", ":"))
        alicloud.cms.Alarm(
            f"{name}-p99{suffix}",
            name=f"{service} P99 latency > {alerts['p99_latency_ms']} ms",
            project=CMS_NAMESPACE,
            metric=CMS_LATENCY_METRIC,
            metric_dimensions=dimensions,
            period=60,
            contact_groups=[alerts["contact_group"]],
            escalations_critical={
                "comparison_operator": ">",
                "statistics": CMS_LATENCY_STATISTICS,
                # rt is reported in microseconds.
                "threshold": str(alerts["p99_latency_ms"] * 1000),
                "times": 3,
            },
            effective_interval="00:00-23:59",
            silence_time=300,
            enabled=True,
            tags=tags,
            opts=child_options(self, depends_on=[self.services[role]]),
        )
        alicloud.cms.Alarm(
            f"{name}-qps{suffix}",
            name=f"{service} throughput >= {warn_qps} QPS",
            project=CMS_NAMESPACE,
            metric=CMS_THROUGHPUT_METRIC,
            metric_dimensions=dimensions,
            period=60,
            contact_groups=[alerts["contact_group"]],
            escalations_warn={
                "comparison_operator": ">=",
                "statistics": "Average",
                "threshold": str(warn_qps),
                "times": 3,
            },
            effective_interval="00:00-23:59",
            silence_time=900,
            enabled=True,
            tags=tags,
            opts=child_options(self, depends_on=[self.services[role]]),
        )


def _network_ids(
    network: Any, zone_ids: list[str] | None, region: str, owner: str
) -> tuple[Any, list[Any], Any]:
    network = network_ref(network, region=region, owner=owner)
    switches = network["vswitch_ids"].get("inference") or {}
    group = network["security_group_ids"].get("inference")
    if not switches or group is None:
        raise InvalidArgumentError(
            "network", "has no inference tier (vSwitches and security group)", owner=owner
        )
    zones = zone_ids if zone_ids is not None else list(network["zone_ids"])[:1]
    for i, zone in enumerate(zones):
        if zone not in switches:
            raise InvalidArgumentError(
                f"zone_ids[{i}]", f"zone {zone!r} has no inference vSwitch", owner=owner
            )
    return network["vpc_id"], [switches[z] for z in zones], group


def _plan(name: str, spec: EasServiceArgs, region: str, owner: str) -> dict[str, cfg.ServiceConfig]:
    """One checked config per role: blue, then green and shadow when asked for."""
    model, container = spec.get("model"), spec.get("container")
    if (model is None) == (container is None):
        raise InvalidArgumentError(
            "model", "give exactly one of model (processor) or container (image)", owner=owner
        )
    auto = spec.get("autoscaling")
    replicas = spec.get("replicas") or (auto["min_replicas"] if auto is not None else 1)
    if auto is not None and not auto["min_replicas"] <= replicas <= auto["max_replicas"]:
        raise InvalidArgumentError(
            "replicas",
            f"{replicas} must lie between autoscaling.min_replicas {auto['min_replicas']} and "
            f"max_replicas {auto['max_replicas']}",
            owner=owner,
        )
    blue_green = RolloutStrategy(spec["rollout"]) is RolloutStrategy.BLUE_GREEN
    if "green" in spec and not blue_green:
        raise InvalidArgumentError("green", "needs rollout: blue_green", owner=owner)
    variants: list[tuple[str, GreenArgs | ShadowArgs]] = []
    if "green" in spec:
        variants.append(("green", spec["green"]))
    if "shadow" in spec:
        variants.append(("shadow", spec["shadow"]))
    for field, variant in variants:
        if "model" in variant and "container" in variant:
            raise InvalidArgumentError(f"{field}.model", "give model or container, not both", owner=owner)
        if "model" in variant and model is None:
            raise InvalidArgumentError(
                f"{field}.model", "blue serves a container; give container", owner=owner
            )
        if "container" in variant and container is None:
            raise InvalidArgumentError(f"{field}.container", "blue serves a model; give model", owner=owner)

    # EAS service names are unique per region: by default the stack is part of it, so dev and prod can share
    # an account (room is left for the _green/_shadow suffixes).
    base_name = spec.get("service_name") or _naming.fitted_name(
        _naming.in_stack(name, pulumi.get_stack()), 56
    )
    if not _valid_service_name(f"{base_name}_shadow"):
        raise InvalidArgumentError(
            "service_name",
            f"{base_name!r} is not a valid EAS service name (lowercase letter first, then lowercase letters, "
            "digits, underscores; room for a _shadow/_green suffix); set service_name",
            owner=owner,
        )
    blue = cfg.ServiceConfig(
        name=base_name,
        region=region,
        replicas=replicas,
        resources=spec["resources"],
        rpc=spec["rpc"],
        model=model,
        container=container,
        autoscaling=auto,
        oss_mounts=spec["oss_mounts"],
        group=base_name if blue_green else None,
        dedicated_gateway_id=spec["dedicated_gateway_id"],
    )
    configs = {"blue": blue}
    if blue_green:
        green = spec.get("green", {})
        configs["green"] = dataclasses.replace(
            blue,
            name=f"{base_name}_green",
            model=green.get("model", model),
            container=green.get("container", container),
        )
    if "shadow" in spec:
        shadow = spec["shadow"]
        configs["shadow"] = _shadow_sized(
            dataclasses.replace(
                blue,
                name=f"{base_name}_shadow",
                group=None,
                model=shadow.get("model", model),
                container=shadow.get("container", container),
            ),
            shadow["ratio"],
        )
    for role, config in configs.items():
        for field, message in cfg.region_problems(config):
            prefix = "" if role == "blue" or not field.startswith(("model", "container")) else f"{role}."
            raise InvalidArgumentError(prefix + field, message, owner=owner)
    return configs


def _valid_service_name(value: str) -> bool:
    return re.fullmatch(cfg.SERVICE_NAME_PATTERN, value) is not None


def _shadow_sized(config: cfg.ServiceConfig, ratio: int) -> cfg.ServiceConfig:
    """The shadow gets ``ratio`` percent of the load: size it so, and keep it off the dedicated baseline
    (pay-as-you-go only) when a burst instance type exists."""
    auto = config.autoscaling
    replicas = max(1, math.ceil(config.replicas * ratio / 100))
    if auto is not None:
        low = max(1, math.ceil(auto["min_replicas"] * ratio / 100))
        high = max(low, math.ceil(auto["max_replicas"] * ratio / 100))
        auto = {**auto, "min_replicas": low, "max_replicas": high}
        replicas = low
    resources = config.resources
    if "dedicated_resource_group_id" in resources and "instance_type" in resources:
        resources = resources.copy()
        del resources["dedicated_resource_group_id"]
    return dataclasses.replace(config, replicas=replicas, autoscaling=auto, resources=resources)


def _throughput_threshold(spec: EasServiceArgs, alerts: AlertArgs, owner: str) -> int:
    if "throughput_warn_qps" in alerts:
        return alerts["throughput_warn_qps"]
    auto = spec.get("autoscaling")
    if auto is None or "qps_per_replica" not in auto:
        raise InvalidArgumentError(
            "alerts.throughput_warn_qps",
            "is required when the autoscaler does not scale on qps_per_replica",
            owner=owner,
        )
    return max(1, auto["max_replicas"] * auto["qps_per_replica"] * DEFAULT_THROUGHPUT_WARN_PERCENT // 100)


def _rollout_timeouts(replicas: int) -> pulumi.CustomTimeouts:
    minutes = f"{cfg.rollout_timeout_minutes(replicas)}m"
    return pulumi.CustomTimeouts(create=minutes, update=minutes)


def _workspace_name(service_name: str) -> str:
    """PAI workspace names: 3-23 letters, digits, underscores, a letter first; unique per region, as the
    service name is."""
    return _naming.fitted_name(f"{service_name}_ws", 23)


def _green_weight(spec: EasServiceArgs) -> int:
    """Green's share of a blue-green pair's traffic; a pair without ``green`` starts green at 0."""
    return spec["green"]["weight"] if "green" in spec else 0


def _public_props(spec: EasServiceArgs, configs: dict[str, cfg.ServiceConfig], region: str) -> dict[str, Any]:
    """The component's own inputs as policies see them: plain, validated values only."""
    res = spec["resources"]
    rollout = RolloutStrategy(spec["rollout"])
    alerts = spec.get("alerts")
    return {
        "region": region,
        "serviceNames": {role: c.name for role, c in configs.items()},
        "vpcDirectConnection": True,
        "dedicatedGateway": spec["dedicated_gateway_id"],
        "dedicatedResourceGroup": "dedicated_resource_group_id" in res,
        "burstInstanceType": res.get("instance_type"),
        "rollout": rollout.value,
        "greenWeight": _green_weight(spec) if rollout is RolloutStrategy.BLUE_GREEN else None,
        "shadowRatio": spec["shadow"]["ratio"] if "shadow" in spec else None,
        "p99LatencyMs": alerts["p99_latency_ms"] if alerts is not None else None,
    }
