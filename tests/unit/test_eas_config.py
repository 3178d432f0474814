"""The EAS service_config JSON, built by plain functions: one test per documented case."""

from __future__ import annotations

import json

import pytest

from retail_ai_components import InvalidArgumentError
from retail_ai_components import _eas_config as cfg
from retail_ai_components._validation import validate_args
from retail_ai_components.eas_service import (
    AutoscalingArgs,
    ContainerArgs,
    ModelArgs,
    OssMountArgs,
    ResourcesArgs,
    RpcArgs,
)

REGION = "cn-hangzhou"
IDS = {"vpc_id": "vpc-1", "vswitch_ids": ["vsw-1"], "security_group_id": "sg-1"}
IMAGE = f"registry-vpc.{REGION}.aliyuncs.com/retail/ranking:1.0"
PARTS: dict[str, type] = {
    "model": ModelArgs,
    "container": ContainerArgs,
    "resources": ResourcesArgs,
    "autoscaling": AutoscalingArgs,
    "rpc": RpcArgs,
}
CHECKS = {
    "resources": cfg.resources_problem,
    "autoscaling": cfg.autoscaling_problem,
    "rpc": cfg.rpc_problem,
}


def part(kind: str, value: object) -> dict:
    """One argument of EasService, validated as the component validates it (defaults filled in)."""
    return validate_args(PARTS[kind], value, owner="test", prefix=kind)


def spec(**overrides: object) -> cfg.ServiceConfig:
    base: dict[str, object] = {
        "name": "ranking",
        "region": REGION,
        "replicas": 2,
        "container": {"image": IMAGE},
        "resources": {"instance_type": "ecs.c7.2xlarge"},
        "rpc": {},
    }
    base.update(overrides)
    values = {k: part(k, v) if k in PARTS and v is not None else v for k, v in base.items()}
    values["oss_mounts"] = [validate_args(OssMountArgs, m, owner="test") for m in base.get("oss_mounts", [])]  # type: ignore[attr-defined]
    return cfg.ServiceConfig(**values)  # type: ignore[arg-type]


def build(s: cfg.ServiceConfig) -> dict:
    return cfg.build_service_config(s, **IDS)  # type: ignore[arg-type]


def test_processor_with_an_oss_model_reads_it_through_the_in_region_internal_endpoint():
    doc = build(
        spec(container=None, model={"path": "oss://models/ranking/v1/", "processor": "tensorflow_cpu_2.7"})
    )
    assert doc["processor"] == "tensorflow_cpu_2.7"
    assert doc["model_path"] == "oss://models/ranking/v1/"
    assert doc["oss_endpoint"] == "oss-cn-hangzhou-internal.aliyuncs.com"
    assert "containers" not in doc
    assert doc["metadata"] == {"name": "ranking", "instance": 2, "gpu": 0, "rpc": {"keepalive": 5000}}


def test_container_from_the_vpc_registry_with_env_and_read_only_mounts():
    doc = build(
        spec(
            container={"image": IMAGE, "port": 9000, "command": "serve", "env": {"B": "2", "A": "1"}},
            oss_mounts=[{"path": "oss://features/snapshots/", "mount_path": "/mnt/features"}],
        )
    )
    assert doc["containers"] == [
        {
            "image": IMAGE,
            "port": 9000,
            "command": "serve",
            "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}],
        }
    ]
    assert doc["storage"] == [
        {"mount_path": "/mnt/features", "oss": {"path": "oss://features/snapshots/", "readOnly": True}}
    ]
    assert doc["cloud"]["computing"] == {"instance_type": "ecs.c7.2xlarge"}


def test_vpc_direct_connection_names_vpc_vswitches_and_security_group():
    doc = cfg.build_service_config(
        spec(), vpc_id="vpc-1", vswitch_ids=["vsw-a", "vsw-b"], security_group_id="sg-1"
    )
    assert doc["cloud"]["networking"] == {
        "vpc_id": "vpc-1",
        "vswitch_id": "vsw-a,vsw-b",
        "security_group_id": "sg-1",
    }
    assert "networking" not in doc  # no gateway or NLB of any kind unless a dedicated gateway is named


def test_gpu_replica_on_a_gpu_type():
    doc = build(
        spec(resources={"instance_type": "ecs.gn7i-c8g1.2xlarge", "cpu": 6, "memory_mb": 24000, "gpu": 1})
    )
    assert doc["metadata"]["gpu"] == 1
    assert doc["metadata"]["cpu"] == 6
    assert doc["metadata"]["memory"] == 24000


def test_dedicated_group_baseline_with_pay_as_you_go_burst():
    doc = build(
        spec(
            resources={
                "dedicated_resource_group_id": "eas-r-abc",
                "instance_type": "ecs.c7.4xlarge",
                "cpu": 8,
                "memory_mb": 16000,
            },
            autoscaling={"min_replicas": 2, "max_replicas": 8, "qps_per_replica": 300, "cpu_utilization": 70},
        )
    )
    meta = doc["metadata"]
    assert meta["resource"] == "eas-r-abc"
    assert meta["resource_burstable"] is True
    assert doc["cloud"]["computing"] == {"instance_type": "ecs.c7.4xlarge"}
    assert doc["autoscaler"] == {
        "min": 2,
        "max": 8,
        "scaleStrategies": [{"metricName": "qps", "threshold": 300}, {"metricName": "cpu", "threshold": 70}],
        "behavior": {"scaleDown": {"stabilizationWindowSeconds": 300}},
    }


def test_dedicated_group_alone_never_bursts():
    doc = build(spec(resources={"dedicated_resource_group_id": "eas-r-abc", "cpu": 4, "memory_mb": 8000}))
    assert "resource_burstable" not in doc["metadata"]
    assert "computing" not in doc["cloud"]


def test_rpc_batching_group_and_dedicated_gateway():
    doc = build(
        spec(
            rpc={"keepalive_ms": 200, "batching": True, "max_batch_size": 16},
            group="ranking",
            dedicated_gateway_id="gw-abc",
        )
    )
    assert doc["metadata"]["rpc"] == {"keepalive": 200, "batching": True, "max_batch_size": 16}
    assert doc["metadata"]["group"] == "ranking"
    assert doc["networking"] == {"gateway": "gw-abc"}


def first_problem(kind: str, value: object) -> tuple[str, str]:
    """The field and rule of the first problem with one argument: its field rules, then how its fields fit."""
    try:
        valid = part(kind, value)
    except InvalidArgumentError as exc:
        return exc.field, exc.rule
    found = CHECKS[kind](valid) if kind in CHECKS else None  # type: ignore[operator]
    assert found is not None, f"{kind} {value!r} passed"
    field, rule = found
    return (f"{kind}.{field}" if field else kind), rule


@pytest.mark.parametrize(
    ("kind", "value", "field", "fragment"),
    [
        (
            "autoscaling",
            {"min_replicas": 5, "max_replicas": 2, "qps_per_replica": 1},
            "autoscaling.max_replicas",
            "min_replicas 5",
        ),
        ("autoscaling", {"min_replicas": 1, "max_replicas": 2}, "autoscaling", "qps_per_replica"),
        (
            "autoscaling",
            {"min_replicas": 1, "max_replicas": 2, "cpu_utilization": 101},
            "autoscaling.cpu_utilization",
            "less than or equal to 100",
        ),
        ("resources", {"instance_type": "ecs.c7.2xlarge", "cpu": 16}, "resources.cpu", "cpu 16 does not fit"),
        (
            "resources",
            {"instance_type": "ecs.c7.2xlarge", "memory_mb": 32000},
            "resources.memory_mb",
            "memory_mb 32000",
        ),
        ("resources", {"instance_type": "ecs.c7.2xlarge", "gpu": 1}, "resources.gpu", "gpu 1 does not fit"),
        (
            "resources",
            {"instance_type": "ecs.t5.small"},
            "resources.instance_type",
            "not an allowed instance type",
        ),
        ("resources", {"dedicated_resource_group_id": "eas-r-abc"}, "resources.cpu", "cpu and memory_mb"),
        (
            "resources",
            {"dedicated_resource_group_id": "eas-r-abc", "cpu": 4},
            "resources.memory_mb",
            "cpu and memory_mb",
        ),
        (
            "resources",
            {"dedicated_resource_group_id": "rg-abc", "cpu": 4, "memory_mb": 8000},
            "resources.dedicated_resource_group_id",
            "pattern",
        ),
        ("resources", {}, "resources", "give instance_type"),
        ("model", {"path": "https://example.com/m", "processor": "pmml"}, "model.path", "oss://"),
        ("model", {"path": "oss://models/m/", "processor": "pm ml"}, "model.processor", "pattern"),
        ("container", {"image": "  "}, "container.image", "at least 1 character"),
        ("container", {"image": IMAGE, "port": 0}, "container.port", "greater than or equal to 1"),
        ("rpc", {"max_batch_size": 8}, "rpc.max_batch_size", "batching"),
        ("rpc", {"keepalive_ms": 0}, "rpc.keepalive_ms", "greater than or equal to 1"),
    ],
)
def test_validation_errors_name_their_field(kind, value, field, fragment):
    assert first_problem(kind, value)[0] == field
    assert fragment in first_problem(kind, value)[1]


def test_validation_fills_in_the_defaults_the_config_reads():
    assert part("container", {"image": IMAGE}) == {"image": IMAGE, "port": 8000, "env": {}}
    assert part("rpc", {}) == {"keepalive_ms": cfg.DEFAULT_KEEPALIVE_MS, "batching": False}
    assert part("resources", {"instance_type": "ecs.c7.2xlarge"}) == {
        "instance_type": "ecs.c7.2xlarge",
        "gpu": 0,
    }
    auto = part("autoscaling", {"min_replicas": 1, "max_replicas": 2, "qps_per_replica": 10})
    assert auto["scale_down_window_seconds"] == cfg.DEFAULT_SCALE_DOWN_WINDOW_SECONDS
    for kind, value in [
        ("resources", {"instance_type": "ecs.gn7i-c8g1.2xlarge", "cpu": 8, "memory_mb": 30720, "gpu": 1}),
        ("autoscaling", {"min_replicas": 2, "max_replicas": 2, "cpu_utilization": 100}),
        ("rpc", {"batching": True, "max_batch_size": 8}),
    ]:
        assert CHECKS[kind](part(kind, value)) is None  # type: ignore[operator]


def test_images_and_oss_paths_must_stay_in_the_region():
    assert cfg.image_in_region(IMAGE, REGION)
    assert cfg.image_in_region("retail-registry-vpc.cn-hangzhou.cr.aliyuncs.com/ns/r:1", REGION)
    assert not cfg.image_in_region("registry.cn-hangzhou.aliyuncs.com/ns/r:1", REGION)  # public endpoint
    assert not cfg.image_in_region("registry-vpc.cn-shanghai.aliyuncs.com/ns/r:1", REGION)
    assert not cfg.image_in_region("docker.io/library/nginx", REGION)
    s = spec(
        container={"image": "registry-vpc.cn-shanghai.aliyuncs.com/ns/r:1"},
        oss_mounts=[{"path": "oss://bkt.oss-cn-shanghai-internal.aliyuncs.com/x/", "mount_path": "/m"}],
    )
    assert [field for field, _ in cfg.region_problems(s)] == ["oss_mounts[0].path", "container.image"]


def test_network_outputs_are_serialized_once_resolved():
    import pulumi

    @pulumi.runtime.test
    def check():
        out = cfg.service_config_json(
            spec(),
            vpc_id=pulumi.Output.from_input("vpc-9"),
            vswitch_ids=[pulumi.Output.from_input("vsw-9")],
            security_group_id="sg-9",
        )
        return out.apply(
            lambda text: json.loads(text)["cloud"]["networking"]["vpc_id"] == "vpc-9" or pytest.fail(text)
        )

    check()


def test_the_config_carries_what_describe_service_echoes_so_the_provider_sees_no_diff():
    # The provider compares canonical JSON with DescribeService's echo, key for key; its own acceptance tests
    # (no diff after apply) send gpu even at 0 and the workspace both in metadata and at the top.
    doc = cfg.build_service_config(spec(), **IDS, workspace_id="ws-42")  # type: ignore[arg-type]
    assert doc["metadata"]["gpu"] == 0
    assert doc["metadata"]["workspace_id"] == "ws-42"
    assert doc["workspace_id"] == "ws-42"
    without = cfg.build_service_config(spec(), **IDS)  # type: ignore[arg-type]
    assert "workspace_id" not in without and "workspace_id" not in without["metadata"]


def test_the_instance_table_is_consistent():
    for name, it in cfg.INSTANCE_TYPES.items():
        assert name.startswith("ecs.")
        assert it.vcpu > 0 and it.memory_gib > 0
        assert (it.gpu > 0) == bool(it.gpu_model)
