"""The rules the library and the pack share (retail_ai_policies.rules)."""

import pytest
from retail_ai_policies.rules import (
    image_host,
    is_oss_internal_endpoint,
    is_region_id,
    is_registry_vpc_endpoint,
    zone_in_region,
)


@pytest.mark.parametrize(
    ("zone", "region", "inside"),
    [
        ("cn-hangzhou-i", "cn-hangzhou", True),
        ("ap-southeast-1a", "ap-southeast-1", True),
        (" CN-HANGZHOU-K ", "cn-hangzhou", True),
        ("cn-shanghai-finance-1a", "cn-shanghai", False),
        ("cn-hangzhou", "cn-hangzhou", False),
        ("cn-beijing-a", "cn-hangzhou", False),
        ("cn-hangzhou-ij", "cn-hangzhou", False),
        ("cn-hangzhou-i", "", False),
    ],
)
def test_zone_in_region(zone: str, region: str, inside: bool) -> None:
    assert zone_in_region(zone, region) is inside


@pytest.mark.parametrize(
    ("host", "ok"),
    [
        ("registry-vpc.cn-hangzhou.aliyuncs.com", True),
        ("retail-registry-vpc.cn-hangzhou.cr.aliyuncs.com", True),
        ("registry.cn-hangzhou.aliyuncs.com", False),  # the internet endpoint
        ("registry-vpc.cn-beijing.aliyuncs.com", False),  # another region
        ("registry-vpc.cn-hangzhou.aliyuncs.com.example.com", False),  # look-alike
        ("evil-vpc.cn-hangzhou.example.com", False),
        ("retail-registry.cn-hangzhou.cr.aliyuncs.com", False),
    ],
)
def test_registry_vpc_endpoint(host: str, ok: bool) -> None:
    assert is_registry_vpc_endpoint(host, "cn-hangzhou") is ok


def test_oss_internal_endpoint() -> None:
    assert is_oss_internal_endpoint("oss-cn-hangzhou-internal.aliyuncs.com", "cn-hangzhou")
    assert is_oss_internal_endpoint("models.oss-cn-hangzhou-internal.aliyuncs.com", "cn-hangzhou")
    assert not is_oss_internal_endpoint("models.oss-cn-hangzhou.aliyuncs.com", "cn-hangzhou")
    assert not is_oss_internal_endpoint("oss-cn-beijing-internal.aliyuncs.com", "cn-hangzhou")


def test_region_id_and_image_host() -> None:
    assert is_region_id("cn-shanghai-finance-1") and not is_region_id("CN_HANGZHOU")
    assert (
        image_host("registry-vpc.cn-hangzhou.aliyuncs.com/ns/repo:1")
        == "registry-vpc.cn-hangzhou.aliyuncs.com"
    )
    assert image_host("library/nginx:1.27") == ""
