"""The EAS ``service_config`` JSON, built from validated plain values by plain functions.

Evidence for every field we write: [DOC] Alibaba Cloud's own documentation, [2nd] a second-hand but consistent
source, [INF] inferred, unconfirmed:

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

The provider stores DescribeService's ``ServiceConfig`` after every read and compares it with the JSON we send
as canonical JSON, key for key (its diff suppression is an exact comparison): a field the service adds to its
echo is a diff, and an update of ``service_config`` is a rolling restart of every replica, on every ``up``. So
the JSON carries the fields the echo is known to add, with the values it adds them with: ``metadata.gpu`` (0
when no GPU) and the workspace, as ``metadata.workspace_id`` and ``workspace_id``. The provider's own
acceptance tests, which fail on any diff after apply, send exactly these.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any

import pulumi
import pydantic
from retail_ai_policies.rules import image_host, is_registry_vpc_endpoint, oss_internal_endpoint

if TYPE_CHECKING:
    # The user's arguments, declared once in the public module; this module only reads them.
    from .eas_service import AutoscalingArgs, ContainerArgs, ModelArgs, OssMountArgs, ResourcesArgs, RpcArgs


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
"""An ``oss://bucket/key`` path."""


def instance_type_problem(value: str) -> str | None:
    """What is wrong with an instance type: only the types of :data:`INSTANCE_TYPES` are allowed."""
    if value in INSTANCE_TYPES:
        return None
    return f"{value!r} is not an allowed instance type; allowed: {', '.join(INSTANCE_TYPES)}"


def resources_problem(res: ResourcesArgs) -> tuple[str, str] | None:
    """``(field, rule)`` when the validated resources do not fit together; the field is relative to
    ``resources`` (empty when no one field is at fault)."""
    instance_type, group = res.get("instance_type"), res.get("dedicated_resource_group_id")
    if instance_type is None and group is None:
        return "", "give instance_type (pay-as-you-go), dedicated_resource_group_id, or both"
    if group is not None:
        for key in ("cpu", "memory_mb"):
            if key not in res:
                return key, "cpu and memory_mb are required on a dedicated resource group"
    if instance_type is None:
        return None
    it = INSTANCE_TYPES[instance_type]
    cpu, memory_mb, gpu = res.get("cpu"), res.get("memory_mb"), res["gpu"]
    if cpu is not None and cpu > it.vcpu:
        return "cpu", f"cpu {cpu} does not fit {instance_type} ({it.vcpu} vCPU)"
    if memory_mb is not None and memory_mb > it.memory_gib * 1024:
        return "memory_mb", f"memory_mb {memory_mb} does not fit {instance_type} ({it.memory_gib:g} GiB)"
    if gpu > it.gpu:
        return "gpu", f"gpu {gpu} does not fit {instance_type} ({it.gpu} GPU)"
    return None


def autoscaling_problem(auto: AutoscalingArgs) -> tuple[str, str] | None:
    """``(field, rule)`` relative to ``autoscaling`` when its bounds or triggers do not fit together."""
    if auto["min_replicas"] > auto["max_replicas"]:
        return (
            "max_replicas",
            f"min_replicas {auto['min_replicas']} must be <= max_replicas {auto['max_replicas']}",
        )
    if "qps_per_replica" not in auto and "cpu_utilization" not in auto:
        return "", "give qps_per_replica, cpu_utilization, or both"
    return None


def rpc_problem(rpc: RpcArgs) -> tuple[str, str] | None:
    """``(field, rule)`` relative to ``rpc`` when batching settings do not fit together."""
    if "max_batch_size" in rpc and not rpc["batching"]:
        return "max_batch_size", "max_batch_size needs batching: true"
    return None


@dataclass(frozen=True)
class ServiceConfig:
    """Everything one EAS service's JSON needs, except the network IDs (which are outputs): the validated
    arguments of one role (blue, green or shadow) with its name, group and sizing filled in."""

    name: str
    region: str
    replicas: int
    resources: ResourcesArgs
    rpc: RpcArgs
    model: ModelArgs | None = None
    container: ContainerArgs | None = None
    autoscaling: AutoscalingArgs | None = None
    oss_mounts: list[OssMountArgs] = field(default_factory=list)
    group: str | None = None
    dedicated_gateway_id: str | None = None


def region_problems(config: ServiceConfig) -> list[tuple[str, str]]:
    """``(field, rule)`` for every model path, mount or image that points outside ``config.region``."""
    problems: list[tuple[str, str]] = []
    region = config.region
    if config.model is not None:
        rule = _oss_region_rule(config.model["path"], region)
        if rule:
            problems.append(("model.path", rule))
    for i, mount in enumerate(config.oss_mounts):
        rule = _oss_region_rule(mount["path"], region)
        if rule:
            problems.append((f"oss_mounts[{i}].path", rule))
    if config.container is not None and not image_in_region(config.container["image"], region):
        problems.append(
            (
                "container.image",
                f"{config.container['image']!r} must come from the registry's VPC endpoint in {region}: "
                f"registry-vpc.{region}.aliyuncs.com/... or <instance>-registry-vpc.{region}.cr.aliyuncs.com/...",
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
    config: ServiceConfig,
    *,
    vpc_id: str,
    vswitch_ids: list[str],
    security_group_id: str,
    workspace_id: str | None = None,
) -> dict[str, Any]:
    """The ``service_config`` document for plain (already resolved) network and workspace IDs."""
    metadata: dict[str, Any] = {"name": config.name, "instance": config.replicas}
    res = config.resources
    if "cpu" in res:
        metadata["cpu"] = res["cpu"]
    if "memory_mb" in res:
        metadata["memory"] = res["memory_mb"]
    # DescribeService echoes gpu even when it is 0: leaving it out would diff on every `up`.
    metadata["gpu"] = res["gpu"]
    if workspace_id:
        metadata["workspace_id"] = workspace_id
    if "dedicated_resource_group_id" in res:
        metadata["resource"] = res["dedicated_resource_group_id"]
        if "instance_type" in res:
            metadata["resource_burstable"] = True
    if config.group is not None:
        metadata["group"] = config.group
    rpc: dict[str, Any] = {"keepalive": config.rpc["keepalive_ms"]}
    if config.rpc["batching"]:
        rpc["batching"] = True
        if "max_batch_size" in config.rpc:
            rpc["max_batch_size"] = config.rpc["max_batch_size"]
    metadata["rpc"] = rpc

    cloud: dict[str, Any] = {
        "networking": {
            "vpc_id": vpc_id,
            "vswitch_id": ",".join(vswitch_ids),
            "security_group_id": security_group_id,
        }
    }
    if "instance_type" in res:
        cloud["computing"] = {"instance_type": res["instance_type"]}
    doc: dict[str, Any] = {"metadata": metadata, "cloud": cloud}
    if workspace_id:
        doc["workspace_id"] = workspace_id

    if config.model is not None:
        doc["processor"] = config.model["processor"]
        doc["model_path"] = config.model["path"]
        doc["oss_endpoint"] = oss_endpoint(config.region)
    if config.container is not None:
        given = config.container
        container: dict[str, Any] = {"image": given["image"], "port": given["port"]}
        if given.get("command"):
            container["command"] = given["command"]
        if given["env"]:
            container["env"] = [{"name": k, "value": v} for k, v in sorted(given["env"].items())]
        doc["containers"] = [container]
    if config.oss_mounts:
        doc["storage"] = [
            {"mount_path": m["mount_path"], "oss": {"path": m["path"], "readOnly": True}}
            for m in config.oss_mounts
        ]
    if config.autoscaling is not None:
        doc["autoscaler"] = autoscaler_block(config.autoscaling)
    if config.dedicated_gateway_id is not None:
        doc["networking"] = {"gateway": config.dedicated_gateway_id}
    return doc


def autoscaler_block(auto: AutoscalingArgs) -> dict[str, Any]:
    """The UpdateServiceAutoScaler body shape: min, max, scaleStrategies, behavior."""
    strategies: list[dict[str, Any]] = []
    if "qps_per_replica" in auto:
        strategies.append({"metricName": "qps", "threshold": auto["qps_per_replica"]})
    if "cpu_utilization" in auto:
        strategies.append({"metricName": "cpu", "threshold": auto["cpu_utilization"]})
    return {
        "min": auto["min_replicas"],
        "max": auto["max_replicas"],
        "scaleStrategies": strategies,
        "behavior": {"scaleDown": {"stabilizationWindowSeconds": auto["scale_down_window_seconds"]}},
    }


def service_config_json(
    config: ServiceConfig,
    *,
    vpc_id: pulumi.Input[str],
    vswitch_ids: list[pulumi.Input[str]],
    security_group_id: pulumi.Input[str],
    workspace_id: pulumi.Input[str] | None = None,
) -> pulumi.Output[str]:
    """The JSON string for ``pai.Service.service_config``, resolved once every network and workspace ID is
    known."""

    def render(values: list[Any]) -> str:
        vpc, sg, workspace, *switches = values
        doc = build_service_config(
            config, vpc_id=vpc, vswitch_ids=list(switches), security_group_id=sg, workspace_id=workspace
        )
        return json.dumps(doc, sort_keys=True, separators=(",", ":"))

    return pulumi.Output.all(vpc_id, security_group_id, workspace_id, *vswitch_ids).apply(render)


def rollout_timeout_minutes(replicas: int) -> int:
    """How long ``pulumi up`` waits for a service to reach Running: the provider's default (5 minutes to
    create) is for a few replicas, while EAS starts a large service's replicas in waves, each pulling its
    image. 15 minutes plus half a minute per replica, at most two hours."""
    return min(15 + (replicas + 1) // 2, 120)
