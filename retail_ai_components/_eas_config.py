"""The EAS ``service_config`` JSON, built from validated plain values by plain functions.

Evidence for every field we write (tags as in ``reference/alicloud_api.md`` §3.4):

* [DOC] ``metadata.name``, ``metadata.instance``, ``metadata.cpu``, ``metadata.memory`` (MB),
  ``metadata.gpu``, ``metadata.resource`` (dedicated resource group), ``cloud.computing``,
  ``cloud.networking.{vpc_id, vswitch_id, security_group_id}`` (VPC direct connection),
  ``containers[].{image, port, command}``, ``storage[].{mount_path, oss.{path, readOnly}}``,
  processor-style ``processor``, ``model_path`` (``oss://``), ``oss_endpoint``.
* [2nd] ``metadata.rpc.{keepalive, batching, max_batch_size}``, ``cloud.computing.instance_type``,
  ``containers[].env[{name, value}]``, ``networking.gateway`` (a dedicated gateway).
* [INF] ``metadata.group`` (service-group membership by name), ``metadata.resource_burstable`` (the
  "elastic resource pool": burst from a dedicated group into pay-as-you-go public resources; the
  feature is [DOC], the key spelling is not), the in-JSON ``autoscaler`` block (the API
  UpdateServiceAutoScaler body it mirrors is [DOC]). All three need a real account to confirm that
  CreateService honours them and DescribeService echoes them back.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Annotated, Any

import pulumi
import pydantic
from retail_ai_policies.rules import image_host, is_registry_vpc_endpoint, oss_internal_endpoint
from typing_extensions import Self

from ._validation import StrictModel


@dataclass(frozen=True)
class InstanceType:
    """One ECS instance type EAS may run replicas on."""

    vcpu: int
    memory_gib: float
    gpu: int = 0
    gpu_model: str = ""


# The instance types we allow, with their published vCPU / memory / GPU (ECS instance family docs).
# CPU-optimised first: the seed's advice is to benchmark ranking models on CPU before GPUs.
# Extend deliberately: a type missing here is rejected so that sizing mistakes fail at preview.
INSTANCE_TYPES: dict[str, InstanceType] = {
    "ecs.c7.2xlarge": InstanceType(8, 16),
    "ecs.c7.4xlarge": InstanceType(16, 32),
    "ecs.c7.8xlarge": InstanceType(32, 64),
    "ecs.g7.2xlarge": InstanceType(8, 32),
    "ecs.g7.4xlarge": InstanceType(16, 64),
    "ecs.g7.8xlarge": InstanceType(32, 128),
    "ecs.r7.2xlarge": InstanceType(8, 64),
    "ecs.r7.4xlarge": InstanceType(16, 128),
    "ecs.gn6i-c4g1.xlarge": InstanceType(4, 15, 1, "NVIDIA T4 16 GB"),
    "ecs.gn6i-c8g1.2xlarge": InstanceType(8, 31, 1, "NVIDIA T4 16 GB"),
    "ecs.gn7i-c8g1.2xlarge": InstanceType(8, 30, 1, "NVIDIA A10 24 GB"),
    "ecs.gn7i-c16g1.4xlarge": InstanceType(16, 60, 1, "NVIDIA A10 24 GB"),
}

# EAS service names: a lowercase letter first, then lowercase letters, digits and underscores.
SERVICE_NAME_PATTERN = r"^[a-z][a-z0-9_]{1,62}$"
DEFAULT_KEEPALIVE_MS = 5000
DEFAULT_SCALE_DOWN_WINDOW_SECONDS = 300
_OSS_PATH = re.compile(
    r"^oss://(?P<bucket>[a-z0-9][a-z0-9-]{1,61}[a-z0-9])(?P<host>\.[a-z0-9.-]+)?/(?P<key>.*)$"
)


def _oss_path(path: str) -> str:
    if not _OSS_PATH.match(path):
        raise ValueError(f"{path!r} is not an oss://bucket/key path")
    return path


OssPath = Annotated[str, pydantic.AfterValidator(_oss_path)]


class ModelSpec(StrictModel):
    """A built-in processor serving a model read from OSS."""

    path: OssPath
    processor: str = pydantic.Field(pattern=r"^[A-Za-z0-9_.-]{1,64}$")


class ContainerSpec(StrictModel):
    """A custom image, pulled over the registry's VPC endpoint."""

    image: str = pydantic.Field(min_length=1)
    port: int = pydantic.Field(default=8000, ge=1, le=65535)
    command: str | None = None
    env: dict[str, str] = pydantic.Field(default_factory=dict)


class ResourceSpec(StrictModel):
    """Where replicas run: a public instance type, a dedicated resource group, or both (burst)."""

    instance_type: str | None = None
    dedicated_resource_group_id: str | None = pydantic.Field(default=None, pattern=r"^eas-r-[a-z0-9]+$")
    cpu: int | None = pydantic.Field(default=None, ge=1, le=128)
    memory_mb: int | None = pydantic.Field(default=None, ge=1000, le=2_048_000)
    gpu: int = pydantic.Field(default=0, ge=0, le=8)

    @pydantic.model_validator(mode="after")
    def _fits(self) -> Self:
        if self.instance_type is None and self.dedicated_resource_group_id is None:
            raise ValueError("give instance_type (pay-as-you-go), dedicated_resource_group_id, or both")
        if self.dedicated_resource_group_id is not None and (self.cpu is None or self.memory_mb is None):
            raise ValueError("cpu and memory_mb are required on a dedicated resource group")
        if self.instance_type is None:
            return self
        spec = INSTANCE_TYPES.get(self.instance_type)
        if spec is None:
            raise ValueError(
                f"{self.instance_type!r} is not an allowed instance type; allowed: {', '.join(INSTANCE_TYPES)}"
            )
        if self.cpu is not None and self.cpu > spec.vcpu:
            raise ValueError(f"cpu {self.cpu} does not fit {self.instance_type} ({spec.vcpu} vCPU)")
        if self.memory_mb is not None and self.memory_mb > spec.memory_gib * 1024:
            raise ValueError(
                f"memory_mb {self.memory_mb} does not fit {self.instance_type} ({spec.memory_gib:g} GiB)"
            )
        if self.gpu > spec.gpu:
            raise ValueError(f"gpu {self.gpu} does not fit {self.instance_type} ({spec.gpu} GPU)")
        return self


class AutoscalerSpec(StrictModel):
    """Horizontal autoscaling on QPS per replica and/or CPU utilisation (EAS's two built-in triggers)."""

    min_replicas: int = pydantic.Field(ge=1, le=1000)
    max_replicas: int = pydantic.Field(ge=1, le=1000)
    qps_per_replica: int | None = pydantic.Field(default=None, ge=1)
    cpu_utilization: int | None = pydantic.Field(default=None, ge=1, le=100)
    scale_down_window_seconds: int = pydantic.Field(default=DEFAULT_SCALE_DOWN_WINDOW_SECONDS, ge=0, le=3600)

    @pydantic.model_validator(mode="after")
    def _bounds(self) -> Self:
        if self.min_replicas > self.max_replicas:
            raise ValueError(f"min_replicas {self.min_replicas} must be <= max_replicas {self.max_replicas}")
        if self.qps_per_replica is None and self.cpu_utilization is None:
            raise ValueError("give qps_per_replica, cpu_utilization, or both")
        return self


class RpcSpec(StrictModel):
    keepalive_ms: int = pydantic.Field(default=DEFAULT_KEEPALIVE_MS, ge=1, le=600_000)
    batching: bool = False
    max_batch_size: int | None = pydantic.Field(default=None, ge=1, le=1024)

    @pydantic.model_validator(mode="after")
    def _batch(self) -> Self:
        if self.max_batch_size is not None and not self.batching:
            raise ValueError("max_batch_size needs batching: true")
        return self


class OssMountSpec(StrictModel):
    path: OssPath
    mount_path: str = pydantic.Field(pattern=r"^/[A-Za-z0-9_./-]*$")


class ServiceConfigSpec(StrictModel):
    """Everything one EAS service's JSON needs, except the network IDs (which are outputs)."""

    name: str = pydantic.Field(pattern=SERVICE_NAME_PATTERN)
    region: str
    replicas: int = pydantic.Field(ge=1, le=1000)
    model: ModelSpec | None = None
    container: ContainerSpec | None = None
    resources: ResourceSpec
    autoscaling: AutoscalerSpec | None = None
    rpc: RpcSpec = pydantic.Field(default_factory=RpcSpec)
    oss_mounts: list[OssMountSpec] = pydantic.Field(default_factory=list)
    group: str | None = pydantic.Field(default=None, pattern=SERVICE_NAME_PATTERN)
    dedicated_gateway_id: str | None = pydantic.Field(default=None, pattern=r"^gw-[a-z0-9]+$")

    @pydantic.model_validator(mode="after")
    def _checks(self) -> Self:
        if (self.model is None) == (self.container is None):
            raise ValueError("give exactly one of model (processor) or container (image)")
        if self.autoscaling is not None and not (
            self.autoscaling.min_replicas <= self.replicas <= self.autoscaling.max_replicas
        ):
            raise ValueError(
                f"replicas {self.replicas} must lie between autoscaling min_replicas "
                f"{self.autoscaling.min_replicas} and max_replicas {self.autoscaling.max_replicas}"
            )
        return self


def region_problems(spec: ServiceConfigSpec) -> list[tuple[str, str]]:
    """``(field, rule)`` for every model path, mount or image that points outside ``spec.region``."""
    problems: list[tuple[str, str]] = []
    if spec.model is not None:
        rule = _oss_region_rule(spec.model.path, spec.region)
        if rule:
            problems.append(("model.path", rule))
    for i, mount in enumerate(spec.oss_mounts):
        rule = _oss_region_rule(mount.path, spec.region)
        if rule:
            problems.append((f"oss_mounts[{i}].path", rule))
    if spec.container is not None and not image_in_region(spec.container.image, spec.region):
        problems.append(
            (
                "container.image",
                f"{spec.container.image!r} must come from the registry's VPC endpoint in {spec.region}: "
                f"registry-vpc.{spec.region}.aliyuncs.com/... or <instance>-registry-vpc.{spec.region}.cr.aliyuncs.com/...",
            )
        )
    return problems


def image_in_region(image: str, region: str) -> bool:
    """Personal ACR (``registry-vpc.<region>.aliyuncs.com``) or ACR EE (``<i>-registry-vpc.<region>.cr.aliyuncs.com``),
    by the rule the pack applies too."""
    return is_registry_vpc_endpoint(image_host(image), region)


def _oss_region_rule(path: str, region: str) -> str:
    match = _OSS_PATH.match(path)
    host = (match.group("host") or "") if match else ""
    if host and host != f".{oss_internal_endpoint(region)}":
        return f"{path!r} names an endpoint other than {oss_internal_endpoint(region)}"
    return ""


def oss_endpoint(region: str) -> str:
    """The in-region internal OSS endpoint: a bucket in another region is unreachable through it."""
    return oss_internal_endpoint(region)


def build_service_config(
    spec: ServiceConfigSpec, *, vpc_id: str, vswitch_ids: list[str], security_group_id: str
) -> dict[str, Any]:
    """The ``service_config`` document for plain (already resolved) network IDs."""
    metadata: dict[str, Any] = {"name": spec.name, "instance": spec.replicas}
    res = spec.resources
    if res.cpu is not None:
        metadata["cpu"] = res.cpu
    if res.memory_mb is not None:
        metadata["memory"] = res.memory_mb
    if res.gpu:
        metadata["gpu"] = res.gpu
    if res.dedicated_resource_group_id is not None:
        metadata["resource"] = res.dedicated_resource_group_id
        if res.instance_type is not None:
            metadata["resource_burstable"] = True
    if spec.group is not None:
        metadata["group"] = spec.group
    rpc: dict[str, Any] = {"keepalive": spec.rpc.keepalive_ms}
    if spec.rpc.batching:
        rpc["batching"] = True
        if spec.rpc.max_batch_size is not None:
            rpc["max_batch_size"] = spec.rpc.max_batch_size
    metadata["rpc"] = rpc

    cloud: dict[str, Any] = {
        "networking": {
            "vpc_id": vpc_id,
            "vswitch_id": ",".join(vswitch_ids),
            "security_group_id": security_group_id,
        }
    }
    if res.instance_type is not None:
        cloud["computing"] = {"instance_type": res.instance_type}
    config: dict[str, Any] = {"metadata": metadata, "cloud": cloud}

    if spec.model is not None:
        config["processor"] = spec.model.processor
        config["model_path"] = spec.model.path
        config["oss_endpoint"] = oss_endpoint(spec.region)
    if spec.container is not None:
        container: dict[str, Any] = {"image": spec.container.image, "port": spec.container.port}
        if spec.container.command:
            container["command"] = spec.container.command
        if spec.container.env:
            container["env"] = [{"name": k, "value": v} for k, v in sorted(spec.container.env.items())]
        config["containers"] = [container]
    if spec.oss_mounts:
        config["storage"] = [
            {"mount_path": m.mount_path, "oss": {"path": m.path, "readOnly": True}} for m in spec.oss_mounts
        ]
    if spec.autoscaling is not None:
        config["autoscaler"] = autoscaler_block(spec.autoscaling)
    if spec.dedicated_gateway_id is not None:
        config["networking"] = {"gateway": spec.dedicated_gateway_id}
    return config


def autoscaler_block(auto: AutoscalerSpec) -> dict[str, Any]:
    """The UpdateServiceAutoScaler body shape: min, max, scaleStrategies, behavior."""
    strategies: list[dict[str, Any]] = []
    if auto.qps_per_replica is not None:
        strategies.append({"metricName": "qps", "threshold": auto.qps_per_replica})
    if auto.cpu_utilization is not None:
        strategies.append({"metricName": "cpu", "threshold": auto.cpu_utilization})
    return {
        "min": auto.min_replicas,
        "max": auto.max_replicas,
        "scaleStrategies": strategies,
        "behavior": {"scaleDown": {"stabilizationWindowSeconds": auto.scale_down_window_seconds}},
    }


def service_config_json(
    spec: ServiceConfigSpec,
    *,
    vpc_id: pulumi.Input[str],
    vswitch_ids: list[pulumi.Input[str]],
    security_group_id: pulumi.Input[str],
) -> pulumi.Output[str]:
    """The JSON string for ``pai.Service.service_config``, resolved once every network ID is known."""

    def render(values: list[Any]) -> str:
        vpc, sg, *switches = values
        doc = build_service_config(spec, vpc_id=vpc, vswitch_ids=list(switches), security_group_id=sg)
        return json.dumps(doc, sort_keys=True, separators=(",", ":"))

    return pulumi.Output.all(vpc_id, security_group_id, *vswitch_ids).apply(render)


def rollout_timeout_minutes(replicas: int) -> int:
    """How long ``pulumi up`` waits for a service to reach Running: the provider's default (5 minutes to
    create) is for a few replicas, while EAS starts a large service's replicas in waves, each pulling its
    image. 15 minutes plus half a minute per replica, at most two hours."""
    return min(15 + (replicas + 1) // 2, 120)
