"""The apps layer's check that the platform stack is the one its config describes, as plain functions."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.append(str(Path(__file__).resolve().parents[2] / "stacks"))

from apps_config import PlatformStackConfig, check_platform, platform_output

from retail_ai_components import InvalidArgumentError

STACK = "organization/retail-ai-platform/prod"
HOST = "acme-retail-prod-registry-registry-vpc.cn-hangzhou.cr.aliyuncs.com"
FACTS = {
    "region": "cn-hangzhou",
    "zoneIds": ["cn-hangzhou-i", "cn-hangzhou-j"],
    "vpcCidrBlock": "10.0.0.0/8",
    "registryVpcEndpoint": HOST,
    "registryNamespaces": ["retail-ai"],
}
PLATFORM = PlatformStackConfig.model_validate(
    {"zones": ["cn-hangzhou-i", "cn-hangzhou-j"], "registryInstance": "acme-retail-prod-registry"},
    context={"region": "cn-hangzhou"},
)
IMAGE = ("retail-ai-apps:inference.image", "retail-ai")


def check(facts=FACTS, platform=PLATFORM, region="cn-hangzhou", host=HOST, namespaces=(IMAGE,)) -> bool:
    return check_platform(
        facts, platform, region=region, stack=STACK, registry_host=host, namespaces=list(namespaces)
    )


def test_a_platform_stack_as_described_passes():
    assert check() is True


@pytest.mark.parametrize(
    ("change", "key", "rule"),
    [
        ({"zoneIds": ["cn-hangzhou-i"]}, "retail-ai-apps:platform.zones", "but the platform stack"),
        ({"region": "cn-shanghai"}, "alicloud:region", "'cn-shanghai'"),
        ({"vpcCidrBlock": "172.16.0.0/12"}, "retail-ai-apps:platform.cidrBlock", "'172.16.0.0/12'"),
        (
            {"registryVpcEndpoint": "other-registry-vpc.cn-hangzhou.cr.aliyuncs.com"},
            "retail-ai-apps:platform.registryInstance",
            "other-registry-vpc",
        ),
        ({"registryVpcEndpoint": None}, "retail-ai-apps:platform.registryInstance", "no registry"),
        (
            {"registryNamespaces": ["ml"]},
            "retail-ai-apps:inference.image",
            "namespace 'retail-ai' is not one of",
        ),
        ({"zoneIds": None}, "retail-ai-apps:platform.stack", "exports no zoneIds"),
    ],
)
def test_a_platform_stack_that_differs_is_one_error_naming_the_apps_key(change, key, rule):
    with pytest.raises(InvalidArgumentError) as caught:
        check({**FACTS, **change})
    assert caught.value.field == key
    assert rule in caught.value.rule


def test_without_a_registry_instance_the_registry_is_not_checked():
    assert check({**FACTS, "registryVpcEndpoint": None}, host=None, namespaces=()) is True


def test_an_output_missing_on_the_platform_is_named_with_its_path():
    with pytest.raises(InvalidArgumentError, match=r"exports no vswitchIds\.pods\.cn-hangzhou-k"):
        platform_output({"pods": {"cn-hangzhou-i": "vsw-1"}}, "vswitchIds", ("pods", "cn-hangzhou-k"), STACK)
    assert (
        platform_output({"pods": {"cn-hangzhou-i": "vsw-1"}}, "vswitchIds", ("pods", "cn-hangzhou-i"), STACK)
        == "vsw-1"
    )
