"""EasService under mocks: VPC-only config, dedicated + burst, blue-green, shadow, alarms, validation."""

from __future__ import annotations

import json

import pytest

from retail_ai_components import EasService, InvalidArgumentError, Network
from retail_ai_components.eas_service import TYPE_TOKEN
from retail_ai_components.preview.recorder import record_resources

ZONES = ["cn-hangzhou-i", "cn-hangzhou-j"]
IMAGE = "registry-vpc.cn-hangzhou.aliyuncs.com/retail/ranking:1.0"
SERVICE = "alicloud:pai/service:Service"
ALARM = "alicloud:cms/alarm:Alarm"


def args(**overrides: object) -> dict:
    base: dict[str, object] = {
        "container": {"image": IMAGE},
        "resources": {"instance_type": "ecs.c7.2xlarge"},
        "autoscaling": {"min_replicas": 2, "max_replicas": 6, "qps_per_replica": 300},
        "alerts": {"contact_group": "oncall"},
        "dedicated_gateway_id": "gw-intranet1",
    }
    base.update(overrides)
    return base


def program(**overrides: object):
    def run() -> None:
        net = Network("core", {"zone_ids": ZONES})
        EasService("ranking", {"network": net.ref(), **args(**overrides)})  # type: ignore[typeddict-item]

    return run


def config_of(run, name: str) -> dict:
    return json.loads(run.named(name).inputs["serviceConfig"])


def test_single_service_connects_to_the_inference_tier_of_the_vpc(record):
    run = record(program())
    component = run.of_type(TYPE_TOKEN)[0]
    [service] = run.of_type(SERVICE)
    assert service.name == "ranking-service" and service.parent == component.urn
    doc = config_of(run, "ranking-service")
    assert doc["cloud"]["networking"] == {
        "vpc_id": run.named("core-vpc").id,
        "vswitch_id": run.named("core-vsw-inference-cn-hangzhou-i").id,
        "security_group_id": run.named("core-sg-inference").id,
    }
    assert doc["metadata"]["name"] == "ranking_test" and doc["metadata"]["instance"] == 2
    assert doc["autoscaler"]["min"] == 2 and doc["autoscaler"]["max"] == 6
    assert doc["networking"] == {"gateway": "gw-intranet1"}
    workspace = run.named("ranking-workspace")
    assert service.inputs["workspaceId"] == workspace.id
    assert component.inputs["vpcDirectConnection"] is True
    assert not run.of_type("pulumi-python:dynamic/eas:TrafficSplit")
    assert not run.of_type("pulumi-python:dynamic/eas:TrafficMirror")


def test_the_service_config_names_its_workspace_and_gpu_as_describe_service_echoes_them(record):
    # Anything the echo adds is a diff to the provider (exact canonical-JSON comparison): a rolling restart of
    # every replica on every `up`.
    run = record(program())
    workspace = run.named("ranking-workspace").id
    doc = config_of(run, "ranking-service")
    assert doc["workspace_id"] == workspace and doc["metadata"]["workspace_id"] == workspace
    assert doc["metadata"]["gpu"] == 0
    adopted = config_of(record(program(workspace_id="ws-123")), "ranking-service")
    assert adopted["workspace_id"] == "ws-123" and adopted["metadata"]["workspace_id"] == "ws-123"


def test_a_given_workspace_is_adopted_and_zones_can_be_chosen(record):
    run = record(program(workspace_id="ws-123", zone_ids=ZONES))
    assert not run.of_type("alicloud:pai/workspaceWorkspace:WorkspaceWorkspace")
    assert run.named("ranking-service").inputs["workspaceId"] == "ws-123"
    switches = config_of(run, "ranking-service")["cloud"]["networking"]["vswitch_id"].split(",")
    assert switches == [run.named(f"core-vsw-inference-{z}").id for z in ZONES]


def test_dedicated_baseline_bursts_to_pay_as_you_go(record):
    resources = {
        "dedicated_resource_group_id": "eas-r-base",
        "instance_type": "ecs.c7.4xlarge",
        "cpu": 8,
        "memory_mb": 16000,
    }
    run = record(program(resources=resources))
    meta = config_of(run, "ranking-service")["metadata"]
    assert meta["resource"] == "eas-r-base" and meta["resource_burstable"] is True
    assert run.of_type(TYPE_TOKEN)[0].inputs["dedicatedResourceGroup"] is True


def test_blue_green_pair_shares_a_group_and_a_weighted_split(record):
    run = record(program(rollout="blue_green", green={"weight": 10}))
    blue, green = config_of(run, "ranking-service"), config_of(run, "ranking-service-green")
    assert blue["metadata"]["group"] == green["metadata"]["group"] == "ranking_test"
    assert green["metadata"]["name"] == "ranking_test_green"
    [split] = run.of_type("pulumi-python:dynamic/eas:TrafficSplit")
    assert split.name == "ranking-traffic"
    assert split.inputs["groupName"] == "ranking_test"
    assert split.inputs["weights"] == {"ranking_test": 90, "ranking_test_green": 10}
    assert run.named("ranking-service").urn in split.dependencies


def test_shadow_mirrors_five_percent_of_every_live_service(record):
    resources = {
        "dedicated_resource_group_id": "eas-r-base",
        "instance_type": "ecs.c7.4xlarge",
        "cpu": 8,
        "memory_mb": 16000,
    }
    run = record(
        program(
            rollout="blue_green",
            shadow={},
            resources=resources,
            autoscaling={"min_replicas": 50, "max_replicas": 200, "qps_per_replica": 300},
        )
    )
    mirrors = {m.name: m.inputs for m in run.of_type("pulumi-python:dynamic/eas:TrafficMirror")}
    assert mirrors == {
        "ranking-mirror": {
            "region": "cn-hangzhou",
            "sourceService": "ranking_test",
            "targets": ["ranking_test_shadow"],
            "ratio": 5,
        },
        "ranking-mirror-green": {
            "region": "cn-hangzhou",
            "sourceService": "ranking_test_green",
            "targets": ["ranking_test_shadow"],
            "ratio": 5,
        },
    }
    shadow = config_of(run, "ranking-service-shadow")
    assert "group" not in shadow["metadata"]  # never behind the live group endpoint
    assert "resource" not in shadow["metadata"]  # pay-as-you-go, off the dedicated baseline
    assert (shadow["autoscaler"]["min"], shadow["autoscaler"]["max"]) == (3, 10)


def test_every_service_has_a_p99_alarm_and_a_throughput_alarm(record):
    run = record(program(rollout="blue_green", shadow={"ratio": 5}))
    alarms = {a.name: a.inputs for a in run.of_type(ALARM)}
    assert set(alarms) == {
        f"ranking-{kind}{suffix}" for kind in ("p99", "qps") for suffix in ("", "-green", "-shadow")
    }
    p99 = alarms["ranking-p99"]
    assert p99["project"] == "acs_learn" and p99["metric"] == "rt"
    assert p99["contactGroups"] == ["oncall"]
    assert p99["escalationsCritical"]["threshold"] == "80000"  # 80 ms in microseconds
    assert p99["escalationsCritical"]["comparisonOperator"] == ">"
    assert json.loads(p99["metricDimensions"]) == [{"serviceName": "ranking_test"}]
    qps = alarms["ranking-qps"]
    assert qps["metric"] == "qps_total"
    assert qps["escalationsWarn"]["threshold"] == str(6 * 300 * 80 // 100)
    assert json.loads(alarms["ranking-p99-shadow"]["metricDimensions"]) == [
        {"serviceName": "ranking_test_shadow"}
    ]


def test_alarm_thresholds_follow_the_args(record):
    run = record(program(alerts={"contact_group": "sre", "p99_latency_ms": 45, "throughput_warn_qps": 12000}))
    assert run.named("ranking-p99").inputs["escalationsCritical"]["threshold"] == "45000"
    assert run.named("ranking-qps").inputs["escalationsWarn"]["threshold"] == "12000"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"service_name": "Ranking"}, "service_name"),
        ({"model": {"path": "oss://models/r/", "processor": "pmml"}}, "model"),
        ({"container": None}, "model"),
        ({"container": {"image": "registry.cn-hangzhou.aliyuncs.com/retail/r:1"}}, "container.image"),
        ({"container": {"image": "registry-vpc.cn-shanghai.aliyuncs.com/retail/r:1"}}, "container.image"),
        ({"resources": {"instance_type": "ecs.c7.2xlarge", "cpu": 32}}, "resources.cpu"),
        ({"resources": {"instance_type": "ecs.t5.small"}}, "resources.instance_type"),
        ({"resources": {"dedicated_resource_group_id": "eas-r-abc", "cpu": 4}}, "resources.memory_mb"),
        ({"resources": {"instance_type": "ecs.c7.2xlarge", "cpu": "many"}}, "resources.cpu"),
        ({"resources": {}}, "resources"),
        (
            {"autoscaling": {"min_replicas": 4, "max_replicas": 2, "qps_per_replica": 1}},
            "autoscaling.max_replicas",
        ),
        (
            {"autoscaling": {"min_replicas": 0, "max_replicas": 2, "qps_per_replica": 1}},
            "autoscaling.min_replicas",
        ),
        (
            {
                "autoscaling": {"min_replicas": 1, "max_replicas": 2},
                "alerts": {"contact_group": "oncall", "throughput_warn_qps": 10},
            },
            "autoscaling",
        ),
        ({"rpc": {"max_batch_size": 8}}, "rpc.max_batch_size"),
        ({"rpc": {"keepalive_ms": "soon"}}, "rpc.keepalive_ms"),
        ({"rollout": "canary"}, "rollout"),
        ({"dedicated_gateway_id": "gw_shared"}, "dedicated_gateway_id"),
        ({"replicas": 9}, "replicas"),
        (
            {
                "oss_mounts": [
                    {"path": "oss://bkt.oss-cn-beijing-internal.aliyuncs.com/x/", "mount_path": "/m"}
                ]
            },
            "oss_mounts[0].path",
        ),
        ({"zone_ids": ["cn-hangzhou-k"]}, "zone_ids[0]"),
        ({"green": {"weight": 10}}, "green"),
        ({"rollout": "blue_green", "green": {"weight": 101}}, "green.weight"),
        ({"shadow": {"ratio": 0}}, "shadow.ratio"),
        ({"shadow": {"container": {"image": "docker.io/x/y:1"}}}, "shadow.container.image"),
        ({"alerts": {}}, "alerts.contact_group"),
        (
            {"autoscaling": {"min_replicas": 1, "max_replicas": 2, "cpu_utilization": 70}},
            "alerts.throughput_warn_qps",
        ),
        ({"public_endpoint": True}, "public_endpoint"),
    ],
)
def test_validation_errors_name_their_field_before_anything_registers(record, overrides, field):
    if overrides.get("container", "keep") is None:
        overrides = {k: v for k, v in overrides.items() if k != "container"}
        overrides["container"] = None
    registered: list[str] = []

    def run() -> None:
        net = Network("core", {"zone_ids": ZONES})
        given = {k: v for k, v in args(**overrides).items() if v is not None}
        try:
            EasService("ranking", {"network": net.ref(), **given})  # type: ignore[typeddict-item]
        except InvalidArgumentError as exc:
            registered.append(exc.field)
            raise

    with pytest.raises(Exception) as info:
        record(run)
    assert registered == [field], info.value
    assert "EasService 'ranking'" in str(info.value)


def test_network_in_another_region_is_rejected(record):
    def run() -> None:
        net = Network("core", {"zone_ids": ZONES})
        ref = {**net.ref(), "region": "cn-shanghai"}
        EasService("ranking", {"network": ref, **args()})  # type: ignore[typeddict-item]

    with pytest.raises(Exception, match=r"network.region"):
        record(run)


def test_default_service_names_hold_the_stack_so_dev_and_prod_can_share_an_account(record):
    names = {}
    for stack in ("dev", "prod"):
        run = record_resources(program(), config={"alicloud:region": "cn-hangzhou"}, stack=stack)
        names[stack] = (
            config_of(run, "ranking-service")["metadata"]["name"],
            run.named("ranking-workspace").inputs["workspaceName"],
        )
    assert names == {"dev": ("ranking_dev", "ranking_dev_ws"), "prod": ("ranking_prod", "ranking_prod_ws")}
    # An explicit name wins as given.
    assert (
        config_of(record(program(service_name="ranking")), "ranking-service")["metadata"]["name"] == "ranking"
    )


def test_a_dedicated_gateway_is_required_so_no_service_gets_the_shared_internet_endpoint(record):
    without = args()
    del without["dedicated_gateway_id"]

    def run() -> None:
        net = Network("core", {"zone_ids": ["cn-hangzhou-i"]})
        EasService("ranking", {"network": net.ref(), **without})  # type: ignore[typeddict-item]

    with pytest.raises(InvalidArgumentError, match="dedicated_gateway_id"):
        record(run)
    config = config_of(record(program()), "ranking-service")
    assert config["networking"] == {"gateway": "gw-intranet1"}


def test_large_services_get_time_to_start_all_replicas(record):
    small = record(program()).named("ranking-service")
    large = record(
        program(autoscaling={"min_replicas": 50, "max_replicas": 200, "qps_per_replica": 300})
    ).named("ranking-service")
    # The provider's default create timeout is 5 minutes; 50 replicas start in waves, each pulling an image.
    assert small.custom_timeouts["create"] == 16 * 60
    assert large.custom_timeouts["create"] == large.custom_timeouts["update"] == 40 * 60


def test_without_alerts_no_cloudmonitor_alarm_is_created(record):
    # Observability's Prometheus rules page on-call instead: one source of truth.
    without = args()
    del without["alerts"]

    def run() -> None:
        net = Network("core", {"zone_ids": ["cn-hangzhou-i"]})
        EasService("ranking", {"network": net.ref(), **without})  # type: ignore[typeddict-item]

    assert not record(run).of_type(ALARM)


def test_defaults_are_filled_in_where_an_argument_is_left_out(record):
    run = record(program(rollout="blue_green", shadow={}))
    doc = config_of(run, "ranking-service")
    assert doc["containers"] == [{"image": IMAGE, "port": 8000}]
    assert doc["metadata"]["rpc"] == {"keepalive": 5000}
    assert doc["metadata"]["gpu"] == 0
    assert doc["autoscaler"]["behavior"] == {"scaleDown": {"stabilizationWindowSeconds": 300}}
    assert run.named("ranking-traffic").inputs["weights"] == {"ranking_test": 100, "ranking_test_green": 0}
    component = run.of_type(TYPE_TOKEN)[0].inputs
    assert (component["greenWeight"], component["shadowRatio"], component["p99LatencyMs"]) == (0, 5, 80)
    assert run.named("ranking-mirror").inputs["ratio"] == 5
    assert run.named("ranking-p99").inputs["escalationsCritical"]["threshold"] == "80000"


def test_the_network_component_itself_stands_for_its_ref(record):
    def run() -> None:
        net = Network("core", {"zone_ids": ZONES})
        EasService("ranking", {"network": net, **args()})  # type: ignore[typeddict-item]

    recorded = record(run)
    networking = config_of(recorded, "ranking-service")["cloud"]["networking"]
    assert networking["vpc_id"] == recorded.named("core-vpc").id
    assert networking["vswitch_id"] == recorded.named("core-vsw-inference-cn-hangzhou-i").id
