"""BurstCluster under mocks: a private cluster on the Network, an on-demand baseline, ECI burst with caches."""

from __future__ import annotations

import json

import pytest

from retail_ai_components import BurstCluster, InvalidArgumentError, Network
from retail_ai_components.burst_cluster import TYPE_TOKEN

ZONES = ["cn-hangzhou-i", "cn-hangzhou-j"]
IMAGE = "registry-vpc.cn-hangzhou.aliyuncs.com/retail/ranker:v2"
CLUSTER = "alicloud:cs/managedKubernetes:ManagedKubernetes"
NODE_POOL = "alicloud:cs/nodePool:NodePool"
ADDON = "alicloud:cs/kubernetesAddon:KubernetesAddon"
IMAGE_CACHE = "alicloud:eci/imageCache:ImageCache"
SG_RULE = "alicloud:ecs/securityGroupRule:SecurityGroupRule"


def build(args: dict | None = None, zones: list[str] | None = None, network_args: dict | None = None):
    network = Network("core", {"zone_ids": zones or ZONES, **(network_args or {})})
    return BurstCluster("bc", {"network": network.ref(), **(args or {})})


def test_children_are_named_from_the_component_and_parented_to_it(record):
    run = record(lambda: build({"burst": {"images": [IMAGE]}}))
    component = run.of_type(TYPE_TOKEN)[0]
    children = [r for r in run.resources if r.parent == component.urn]
    assert {c.name for c in children} == {
        "bc-secrets-key",
        "bc-cluster",
        "bc-autoscaler",
        "bc-baseline",
        "bc-virtual-node",
        "bc-node-problem-detector",
        "bc-node-repair",
        "bc-dns-udp",
        "bc-dns-tcp",
        "bc-imc-cn-hangzhou-i",
        "bc-imc-cn-hangzhou-j",
    }
    assert run.named("bc-cluster").urn.endswith(f"{TYPE_TOKEN}${CLUSTER}::bc-cluster")


def test_the_api_server_is_private_and_the_cluster_builds_no_network_of_its_own(record):
    run = record(lambda: build())
    cluster = run.named("bc-cluster").inputs
    assert cluster["slbInternetEnabled"] is False
    assert cluster["newNatGateway"] is False
    assert "zoneIds" not in cluster  # zone_ids would make ACK build a VPC
    assert not run.of_type("alicloud:vpc/natGateway:NatGateway")
    assert cluster["vswitchIds"] == [run.named(f"core-vsw-inference-{z}").id for z in ZONES]
    assert cluster["securityGroupId"] == run.named("core-sg-inference").id


def test_terway_uses_the_networks_pods_vswitches(record):
    run = record(lambda: build())
    cluster = run.named("bc-cluster").inputs
    assert cluster["podVswitchIds"] == [run.named(f"core-vsw-pods-{z}").id for z in ZONES]
    addons = {a["name"]: a for a in cluster["addons"]}
    assert "terway-eniip" in addons and "flannel" not in addons
    assert "podCidr" not in cluster
    assert cluster["serviceCidr"] == "192.168.0.0/16"


def test_no_default_ingress_and_rrsa_gets_its_webhook(record):
    addons = {a["name"]: a for a in record(lambda: build()).named("bc-cluster").inputs["addons"]}
    # Pro clusters install nginx-ingress unless told not to; it may come up behind an internet SLB.
    assert addons["nginx-ingress-controller"]["disabled"] is True
    assert not addons["ack-pod-identity-webhook"].get("disabled")


def test_coredns_on_terway_pod_enis_is_reachable_over_udp_and_tcp_53(record):
    # Terway's pod ENIs, CoreDNS's included, carry the cluster's security group (the node tier's), not the
    # pods tier's, so DNS is admitted there, from the whole VPC (Terway and ECI pods alike).
    run = record(lambda: build({"node_tier": "data"}, network_args={"cidr_block": "172.16.0.0/12"}))
    cluster_group = run.named("bc-cluster").inputs["securityGroupId"]
    assert cluster_group == run.named("core-sg-data").id
    dns = {r.inputs["ipProtocol"]: r.inputs for r in run.of_type(SG_RULE) if r.name.startswith("bc-dns-")}
    assert set(dns) == {"udp", "tcp"}
    for rule in dns.values():
        assert rule["securityGroupId"] == cluster_group
        assert (rule["type"], rule["portRange"], rule["policy"]) == ("ingress", "53/53", "accept")
        assert rule["cidrIp"] == "172.16.0.0/12"
        assert rule["nicType"] == "intranet"


def test_node_auto_repair_addons_can_change_after_the_cluster_exists(record):
    # The cluster's `addons` list is create-only; the detector and the repair controller are KubernetesAddons.
    run = record(lambda: build())
    assert "ack-node-problem-detector" not in {a["name"] for a in run.named("bc-cluster").inputs["addons"]}
    addons = {r.inputs["name"]: r for r in run.of_type(ADDON)}
    assert set(addons) >= {"ack-node-problem-detector", "node-lifecycle-controller"}
    for name in ("ack-node-problem-detector", "node-lifecycle-controller"):
        assert addons[name].inputs["clusterId"] == run.named("bc-cluster").id
        assert run.named("bc-baseline").urn in addons[name].dependencies


def test_secrets_are_encrypted_with_a_rotating_protected_kms_key(record):
    run = record(lambda: build())
    key = run.named("bc-secrets-key")
    assert key.inputs["automaticRotation"] == "Enabled"
    assert key.protect
    cluster = run.named("bc-cluster")
    assert cluster.inputs["encryptionProviderKey"] == key.id
    assert cluster.inputs["disableEncryption"] is False
    assert cluster.protect


def test_an_adopted_key_is_used_and_none_is_created(record):
    run = record(lambda: build({"secrets_kms_key_id": "key-123"}))
    assert not run.of_type("alicloud:kms/key:Key")
    assert run.named("bc-cluster").inputs["encryptionProviderKey"] == "key-123"
    assert run.named("bc-baseline").inputs["systemDiskKmsKey"] == "key-123"


def test_rrsa_audit_logs_control_plane_logs_deletion_protection_and_maintenance_window(record):
    run = record(lambda: build({"log_project_name": "retail-k8s-logs"}))
    cluster = run.named("bc-cluster").inputs
    assert cluster["enableRrsa"] is True
    assert cluster["auditLogConfig"] == {"enabled": True, "slsProjectName": "retail-k8s-logs"}
    assert cluster["controlPlaneLogProject"] == "retail-k8s-logs"
    assert set(cluster["controlPlaneLogComponents"]) >= {"apiserver", "kcm", "scheduler"}
    assert cluster["deletionProtection"] is True
    assert cluster["maintenanceWindow"] == {
        "enable": True,
        "weeklyPeriod": "Tuesday,Wednesday,Thursday",
        "maintenanceTime": "2024-01-01T03:00:00.000+08:00",
        "duration": "3h",
    }


def test_the_baseline_is_on_demand_private_encrypted_imdsv2_and_self_repairing(record):
    run = record(lambda: build({"baseline": {"min_size": 3, "max_size": 30, "labels": {"team": "search"}}}))
    pool = run.named("bc-baseline")
    inputs = pool.inputs
    assert inputs["clusterId"] == run.named("bc-cluster").id
    assert inputs["spotStrategy"] == "NoSpot"
    assert inputs["instanceChargeType"] == "PostPaid"
    assert inputs["instanceTypes"] == ["ecs.g7.2xlarge", "ecs.g8i.2xlarge", "ecs.g7a.2xlarge"]
    assert inputs["scalingConfig"] == {
        "enable": True,
        "minSize": 3,
        "maxSize": 30,
        "type": "cpu",
        "isBondEip": False,
    }
    assert inputs["internetMaxBandwidthOut"] == 0
    assert inputs["systemDiskCategory"] == "cloud_essd"
    assert inputs["systemDiskEncrypted"] is True
    assert inputs["systemDiskKmsKey"] == run.named("bc-secrets-key").id
    assert inputs["instanceMetadataOptions"] == {"httpTokens": "required"}
    assert inputs["management"]["enable"] is True and inputs["management"]["autoRepair"] is True
    assert {"key": "workload", "value": "serving"} in inputs["labels"]
    assert {"key": "team", "value": "search"} in inputs["labels"]
    assert "taints" not in inputs
    assert inputs["securityGroupIds"] == [run.named("core-sg-inference").id]


def test_the_virtual_node_addon_puts_eci_pods_on_the_pods_vswitches_and_security_group(record):
    run = record(lambda: build({"burst": {"virtual_node_version": "v2.13.0"}}))
    addon = run.named("bc-virtual-node").inputs
    assert addon["name"] == "ack-virtual-node"
    assert addon["clusterId"] == run.named("bc-cluster").id
    assert addon["version"] == "v2.13.0"
    assert addon["cleanupCloudResources"] is True
    config = json.loads(addon["config"])
    assert config["vSwitchIds"].split(",") == [run.named(f"core-vsw-pods-{z}").id for z in ZONES]
    assert config["securityGroupId"] == run.named("core-sg-pods").id
    assert not run.of_type(IMAGE_CACHE)  # no images, no caches


def test_one_image_cache_per_zone_on_the_pods_network_without_an_eip(record):
    run = record(
        lambda: build({"burst": {"images": [IMAGE], "image_cache_size_gib": 40, "retention_days": 30}})
    )
    caches = run.of_type(IMAGE_CACHE)
    assert len(caches) == 2
    for zone in ZONES:
        cache = run.named(f"bc-imc-{zone}").inputs
        assert cache["images"] == [IMAGE]
        assert cache["zoneId"] == zone
        assert cache["vswitchId"] == run.named(f"core-vsw-pods-{zone}").id
        assert cache["securityGroupId"] == run.named("core-sg-pods").id
        assert cache["imageCacheSize"] == 40
        assert cache["retentionDays"] == 30
        assert "eipInstanceId" not in cache


def test_zone_subset_limits_switches_and_caches(record):
    run = record(lambda: build({"zone_ids": ["cn-hangzhou-j"], "burst": {"images": [IMAGE]}}))
    assert [c.name for c in run.of_type(IMAGE_CACHE)] == ["bc-imc-cn-hangzhou-j"]
    assert run.named("bc-cluster").inputs["podVswitchIds"] == [run.named("core-vsw-pods-cn-hangzhou-j").id]


def test_outputs_and_ref(record):
    refs = []

    def program():
        cluster = build({"burst": {"images": [IMAGE]}})
        refs.append(cluster.ref())

    run = record(program)
    outputs = run.of_type(TYPE_TOKEN)[0].outputs
    assert outputs["clusterId"] == run.named("bc-cluster").id
    assert outputs["baselineNodePoolId"] == run.named("bc-baseline").id
    assert outputs["imageCacheIds"]["cn-hangzhou-i"] == run.named("bc-imc-cn-hangzhou-i").id
    assert outputs["secretsKmsKeyId"] == run.named("bc-secrets-key").id
    assert refs[0]["zone_ids"] == ZONES


def test_relaxations_are_explicit(record):
    run = record(lambda: build({"deletion_protection": False, "protect": False}))
    assert run.named("bc-cluster").inputs["deletionProtection"] is False
    assert not run.named("bc-cluster").protect
    assert not run.named("bc-secrets-key").protect
    props = run.of_type(TYPE_TOKEN)[0].inputs
    assert props["deletionProtection"] is False and props["apiServerPublic"] is False


@pytest.mark.parametrize(
    ("args", "field", "rule"),
    [
        ({"baseline": {"spot_strategy": "SpotAsPriceGo"}}, "baseline.spot_strategy", "never spot"),
        ({"baseline": {"spot_strategy": "SpotWithPriceLimit"}}, "baseline.spot_strategy", "only NoSpot"),
        ({"baseline": {"min_size": 5, "max_size": 3}}, "baseline.max_size", "below min_size 5"),
        ({"baseline": {"min_size": 0}}, "baseline.min_size", "greater than or equal to 1"),
        ({"baseline": {"max_size": 1001}}, "baseline.max_size", "less than or equal to 1000"),
        ({"baseline": {"instance_types": []}}, "baseline.instance_types", "at least 1"),
        (
            {"baseline": {"instance_types": ["ecs.g7.2xlarge", "g7.large"]}},
            "baseline.instance_types[1]",
            "not an ECS instance type",
        ),
        (
            {"baseline": {"instance_types": ["ecs.g7.large", "ecs.g7.large"]}},
            "baseline.instance_types",
            "more than once",
        ),
        (
            {"baseline": {"system_disk_performance_level": "PL3", "system_disk_size_gib": 200}},
            "baseline.system_disk_size_gib",
            "ESSD PL3 needs",
        ),
        ({"baseline": {"labels": {"workload": "x"}}}, "baseline.labels.workload", "set by the component"),
        ({"service_cidr": "10.200.0.0/16"}, "service_cidr", "overlaps the VPC CIDR"),
        ({"service_cidr": "192.168.0.0/27"}, "service_cidr", "/27 mask"),
        ({"zone_ids": ["cn-hangzhou-k"]}, "zone_ids[0]", "not one of the Network's zones"),
        ({"zone_ids": ["cn-hangzhou-i", "cn-hangzhou-i"]}, "zone_ids", "more than once"),
        ({"zone_ids": []}, "zone_ids", "at least one zone"),
        ({"node_tier": "pods"}, "node_tier", "pods tier holds pod IPs"),
        ({"cluster_spec": "ack.standard"}, "cluster_spec", "Input should be"),
        ({"kubernetes_version": "1.26.3-aliyun.1"}, "kubernetes_version", "older than 1.28"),
        ({"kubernetes_version": "latest"}, "kubernetes_version", "should match pattern"),
        ({"burst": {"images": ["nginx:1.27"]}}, "burst.images[0]", "is not host/repository"),
        ({"burst": {"images": ["docker.io/library/nginx:1.27"]}}, "burst.images[0]", "VPC endpoint"),
        (
            {"burst": {"image_cache_size_gib": 10}},
            "burst.image_cache_size_gib",
            "greater than or equal to 20",
        ),
        ({"maintenance_window": {"days": ["Funday"]}}, "maintenance_window.days[0]", "Input should be"),
        (
            {"maintenance_window": {"start_time": "3am"}},
            "maintenance_window.start_time",
            "should match pattern",
        ),
        (
            {"maintenance_window": {"duration_hours": 25}},
            "maintenance_window.duration_hours",
            "less than or equal",
        ),
        ({"colour": "blue"}, "colour", "not a known argument"),
        ({"baseline": {"colour": "blue"}}, "baseline.colour", "not a known argument"),
        ({"baseline": "large"}, "baseline", "valid dictionary"),
        ({"burst": {"images": IMAGE}}, "burst.images", "valid list"),
        ({"burst": {"retention_days": 0}}, "burst.retention_days", "greater than or equal to 1"),
        ({"control_plane_log_ttl_days": "a month"}, "control_plane_log_ttl_days", "valid integer"),
        ({"control_plane_log_ttl_days": 3651}, "control_plane_log_ttl_days", "less than or equal to 3650"),
        ({"secrets_kms_key_id": 42}, "secrets_kms_key_id", "must be a string or a pulumi Output"),
        (
            {"baseline": {"system_disk_performance_level": "PL4"}},
            "baseline.system_disk_performance_level",
            "Input should be",
        ),
    ],
)
def test_bad_args_raise_one_error_naming_the_field_before_anything_registers(record, args, field, rule):
    registered = []

    def program():
        network = Network("core", {"zone_ids": ZONES})
        try:
            BurstCluster("bc", {"network": network.ref(), **args})
        except InvalidArgumentError as exc:
            registered.append(exc)

    run = record(program)
    [caught] = registered
    assert caught.field == field
    assert rule in caught.rule
    assert "BurstCluster 'bc'" in str(caught)
    assert not [r for r in run.resources if r.name.startswith("bc")]


def test_a_network_without_a_pods_tier_is_refused(record):
    with pytest.raises(InvalidArgumentError) as caught:
        record(lambda: build(network_args={"tiers": ["inference", "data"]}))
    assert caught.value.field == "network"
    assert "'pods'" in caught.value.rule


def test_network_is_required(record):
    with pytest.raises(InvalidArgumentError) as caught:
        record(lambda: BurstCluster("bc", {}))  # type: ignore[typeddict-item]
    assert caught.value.field == "network"
    assert caught.value.rule == "is required"


@pytest.mark.parametrize(
    "image",
    [
        "evil-vpc.cn-hangzhou.example.com/acme/ranker:v2",
        "registry-vpc.cn-hangzhou.aliyuncs.com.evil.example/acme/ranker:v2",
        "registry-vpc.cn-shanghai.aliyuncs.com/acme/ranker:v2",
    ],
    ids=["look-alike", "suffixed", "other-region"],
)
def test_look_alike_registry_hosts_are_not_the_vpc_endpoint(record, image):
    with pytest.raises(InvalidArgumentError, match=r"burst\.images\[0\]"):
        record(lambda: build({"burst": {"images": [image]}}))


def test_defaults_fill_in_what_is_left_out_nested_ones_too(record):
    run = record(lambda: build({"maintenance_window": {"days": ["Monday"]}, "burst": {"images": [IMAGE]}}))
    cluster = run.named("bc-cluster").inputs
    assert cluster["clusterSpec"] == "ack.pro.small"
    assert cluster["controlPlaneLogTtl"] == "30"
    # A window given in part keeps the defaults of what it leaves out.
    assert cluster["maintenanceWindow"]["weeklyPeriod"] == "Monday"
    assert cluster["maintenanceWindow"]["maintenanceTime"] == "2024-01-01T03:00:00.000+08:00"
    assert cluster["maintenanceWindow"]["duration"] == "3h"
    pool = run.named("bc-baseline").inputs
    assert (pool["scalingConfig"]["minSize"], pool["scalingConfig"]["maxSize"]) == (2, 20)
    assert (pool["systemDiskSize"], pool["systemDiskPerformanceLevel"]) == (120, "PL1")
    cache = run.named("bc-imc-cn-hangzhou-i").inputs
    assert cache["imageCacheSize"] == 20
    assert "retentionDays" not in cache
    assert "version" not in run.named("bc-virtual-node").inputs


def test_the_network_component_itself_is_accepted_as_its_ref(record):
    def program():
        network = Network("core", {"zone_ids": ZONES})
        BurstCluster("bc", {"network": network, "cluster_spec": "ack.pro.xlarge"})

    run = record(program)
    cluster = run.named("bc-cluster").inputs
    assert cluster["vswitchIds"] == [run.named(f"core-vsw-inference-{z}").id for z in ZONES]
    assert cluster["podVswitchIds"] == [run.named(f"core-vsw-pods-{z}").id for z in ZONES]
    assert cluster["clusterSpec"] == "ack.pro.xlarge"
    assert run.of_type(TYPE_TOKEN)[0].inputs["region"] == "cn-hangzhou"
