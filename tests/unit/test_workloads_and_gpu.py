"""Plain helpers: ECI burst and load-balancer annotations, RRSA documents, GPU table, cluster CIDR rules."""

from __future__ import annotations

import json

import pytest

from retail_ai_components import InvalidArgumentError, _gpu, _kube
from retail_ai_components.burst_cluster import check_image
from retail_ai_components.workloads import (
    BurstMode,
    eci_burst_pod_settings,
    intranet_load_balancer_annotations,
    intranet_load_balancer_service,
    rrsa_service_account_annotations,
)


def test_burst_pods_go_to_eci_only_when_nodes_are_full_and_match_image_caches_automatically():
    settings = eci_burst_pod_settings()
    assert settings["annotations"] == {
        "alibabacloud.com/burst-resource": "eci",
        "k8s.aliyun.com/eci-auto-imc": "true",
    }
    assert settings["labels"] == {}  # the eci label would force every pod onto ECI
    assert settings["image_pull_policy"] == "IfNotPresent"


def test_eci_only_adds_the_eci_label_and_perfect_match_is_opt_in():
    settings = eci_burst_pod_settings(BurstMode.ECI_ONLY, perfect_match=True, match_count_request=2)
    assert settings["annotations"]["alibabacloud.com/burst-resource"] == "eci_only"
    assert settings["annotations"]["k8s.aliyun.com/imc-perfect-match"] == "true"
    assert settings["annotations"]["k8s.aliyun.com/imc-match-count-request"] == "2"
    assert settings["labels"] == {"alibabacloud.com/eci": "true"}


def test_an_explicit_image_cache_wins_over_automatic_matching():
    annotations = eci_burst_pod_settings(image_cache_id="imc-123")["annotations"]
    assert annotations["k8s.aliyun.com/eci-imc-id"] == "imc-123"
    assert "k8s.aliyun.com/eci-auto-imc" not in annotations


def test_match_count_request_must_be_positive():
    with pytest.raises(InvalidArgumentError) as caught:
        eci_burst_pod_settings(match_count_request=0)
    assert caught.value.field == "match_count_request"


def test_the_inference_gateway_service_is_an_intranet_clb():
    service = intranet_load_balancer_service(
        "eas-inference-gateway", {"app": "inference-proxy"}, vswitch_id="vsw-1", namespace="serving"
    )
    assert service["spec"] == {
        "type": "LoadBalancer",
        "selector": {"app": "inference-proxy"},
        "ports": [{"protocol": "TCP", "port": 80, "targetPort": 8080}],
    }
    assert service["metadata"]["namespace"] == "serving"
    assert service["metadata"]["annotations"] == {
        "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type": "intranet",
        "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-spec": "slb.s1.small",
        "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-vswitch-id": "vsw-1",
    }


def test_pay_by_clcu_load_balancers_leave_the_spec_out_but_stay_intranet():
    assert intranet_load_balancer_annotations(spec=None) == {
        "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type": "intranet"
    }


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"spec": "huge"}, "spec"),
        ({"selector": {}}, "selector"),
        ({"port": 0}, "port"),
        ({"target_port": 70000}, "target_port"),
    ],
)
def test_bad_service_arguments_name_the_field(kwargs, field):
    args = {"name": "gw", "selector": {"app": "x"}, **kwargs}
    with pytest.raises(InvalidArgumentError) as caught:
        intranet_load_balancer_service(args.pop("name"), args.pop("selector"), **args)
    assert caught.value.field == field


def test_rrsa_service_account_annotation_names_the_role():
    assert rrsa_service_account_annotations("r") == {"pod-identity.alibabacloud.com/role-name": "r"}
    with pytest.raises(InvalidArgumentError):
        rrsa_service_account_annotations("")


def test_gpu_families_come_from_the_instance_type():
    assert _gpu.instance_family("ecs.gn7e-c16g1.32xlarge") == "gn7e"
    assert _gpu.instance_family("ecs.ebmgn7ex.32xlarge") == "ebmgn7ex"
    assert _gpu.is_gpu_instance_type("ecs.gn7i-c8g1.2xlarge")
    assert not _gpu.is_gpu_instance_type("ecs.g7.2xlarge")
    assert not _gpu.is_gpu_instance_type("gn7e-c16g1.32xlarge")


def test_default_training_types_have_eight_80gb_gpus():
    for instance_type in _gpu.DEFAULT_TRAINING_INSTANCE_TYPES:
        assert _gpu.gpu_shape(instance_type) == (8, 80)
    assert _gpu.gpu_shape("ecs.gn7-c13g1.26xlarge") == (8, 40)
    assert _gpu.gpu_shape("ecs.unknown.large") is None
    assert all(t.family in _gpu.GPU_FAMILIES for t in _gpu.GPU_INSTANCE_TYPES.values())


@pytest.mark.parametrize(
    ("cidr", "rule"),
    [
        ("10.96.0.0/16", "overlaps the VPC CIDR"),
        ("8.8.0.0/16", "not inside"),
        ("192.168.0.0/12", "not a valid"),
        ("192.168.0.0/26", "/26 mask"),
        ("172.16.0.0/15", "/15 mask"),
    ],
)
def test_service_cidr_rules(cidr, rule):
    with pytest.raises(InvalidArgumentError) as caught:
        _kube.check_service_cidr(cidr, "10.0.0.0/8")
    assert rule in caught.value.rule
    _kube.check_service_cidr("192.168.0.0/16", "10.0.0.0/8")


def test_maintenance_time_is_rfc3339():
    assert _kube.maintenance_time("03:00", "+08:00") == "2024-01-01T03:00:00.000+08:00"
    with pytest.raises(InvalidArgumentError):
        _kube.maintenance_time("25:00", "+08:00")
    with pytest.raises(InvalidArgumentError):
        _kube.maintenance_time("03:00", "CST")


def test_rrsa_trust_policy_admits_one_service_account_of_one_cluster():
    doc = json.loads(
        _kube.rrsa_trust_policy(
            "acs:ram::1:oidc-provider/ack-rrsa-c1", "https://oidc/c1", "training", "trainer"
        )
    )
    [statement] = doc["Statement"]
    assert statement["Principal"] == {"Federated": ["acs:ram::1:oidc-provider/ack-rrsa-c1"]}
    assert statement["Condition"]["StringEquals"] == {
        "oidc:aud": "sts.aliyuncs.com",
        "oidc:iss": "https://oidc/c1",
        "oidc:sub": "system:serviceaccount:training:trainer",
    }


def test_training_policy_reads_data_writes_checkpoints_and_never_deletes():
    doc = json.loads(
        _kube.training_access_policy("cn-hangzhou", [("data", "")], [("ckpt", "checkpoints/")], ["k1", ""])
    )
    allow_read, allow_write, deny, kms = doc["Statement"]
    assert "acs:oss:*:*:data/*" in allow_read["Resource"]
    assert allow_write["Resource"] == ["acs:oss:*:*:ckpt", "acs:oss:*:*:ckpt/checkpoints/*"]
    assert not any("data" in r for r in allow_write["Resource"])
    assert not any(a.startswith("oss:Put") or a.startswith("oss:Delete") for a in allow_read["Action"])
    assert deny["Effect"] == "Deny" and "oss:DeleteObject" in deny["Action"]
    assert kms["Resource"] == ["acs:kms:cn-hangzhou:*:key/k1"]


@pytest.mark.parametrize(
    ("image", "rule"),
    [
        ("registry-vpc.cn-hangzhou.aliyuncs.com/retail/ranker", "is not host/repository"),
        ("registry-vpc.cn-hangzhou.aliyuncs.com/retail/ranker:latest", "tag latest"),
        ("docker.io/library/nginx:1.27", "VPC endpoint"),
        ("registry-vpc.cn-beijing.aliyuncs.com/retail/ranker:v1", "VPC endpoint in cn-hangzhou"),
    ],
)
def test_cached_images_are_versioned_and_come_from_the_vpc_endpoint(image, rule):
    with pytest.raises(InvalidArgumentError) as caught:
        check_image(image, "cn-hangzhou", False, "burst.images[0]")
    assert rule in caught.value.rule
    assert caught.value.field == "burst.images[0]"


def test_vpc_endpoints_and_digests_are_accepted_and_public_registries_need_the_flag():
    check_image("acme-registry-vpc.cn-hangzhou.cr.aliyuncs.com/retail/ranker:v2", "cn-hangzhou", False, "f")
    check_image(
        "registry-vpc.cn-hangzhou.aliyuncs.com/retail/ranker@sha256:" + "a" * 64, "cn-hangzhou", False, "f"
    )
    check_image("docker.io/library/nginx:1.27", "cn-hangzhou", True, "f")
