"""The rules the library and the pack share (retail_ai_policies.rules)."""

import ipaddress

import pytest
from retail_ai_policies.rules import (
    image_host,
    is_oss_internal_endpoint,
    is_private,
    is_region_id,
    is_registry_vpc_endpoint,
    resource_matches,
    urn_name,
    urn_parts,
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
        # Every documented shape: multi-zone (with and without its zones), a special-purpose zone group.
        ("cn-hangzhou-MAZ6", "cn-hangzhou", True),
        ("cn-hangzhou-MAZ6(i,j,k)", "cn-hangzhou", True),
        ("cn-beijing-MAZ5(a,b)", "cn-beijing", True),
        ("cn-beijing-MAZ5(a,b)", "cn-hangzhou", False),
        ("cn-shanghai-cloudspe-b", "cn-shanghai", True),
        ("cn-shanghai-cloudspe-b", "cn-hangzhou", False),
        # An unknown word after the region may be another region's zone (cn-hangzhou-finance).
        ("cn-hangzhou-finance-b", "cn-hangzhou", False),
        ("CN-Hangzhou-I", "cn-hangzhou", True),
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


def test_single_zones_only() -> None:
    assert zone_in_region("cn-hangzhou-i", "cn-hangzhou", multi_zone=False)
    assert zone_in_region("cn-shanghai-cloudspe-b", "cn-shanghai", multi_zone=False)
    assert not zone_in_region("cn-hangzhou-MAZ6", "cn-hangzhou", multi_zone=False)


@pytest.mark.parametrize(
    ("urn", "parts"),
    [
        (
            "urn:pulumi:dev::shop::alicloud:oss/bucket:Bucket::team::bucket",
            ("dev", "shop", "alicloud:oss/bucket:Bucket", "team::bucket"),
        ),
        (
            "urn:pulumi:prod::shop::retailai:index:SecureBucket$alicloud:oss/bucket:Bucket::logs",
            ("prod", "shop", "retailai:index:SecureBucket$alicloud:oss/bucket:Bucket", "logs"),
        ),
        ("not-a-urn::a::b::c", ("", "", "", "")),
    ],
)
def test_urn_parts(urn: str, parts: tuple[str, str, str, str]) -> None:
    assert urn_parts(urn) == parts
    assert urn_name(urn) == parts[3]


def test_resource_matches_a_glob_on_the_urn_or_the_name() -> None:
    urn = "urn:pulumi:prod::shop::alicloud:oss/bucket:Bucket::team::bucket"
    assert resource_matches("team::*", urn, urn_name(urn))
    assert resource_matches("urn:pulumi:*::shop::*::team::bucket", urn, urn_name(urn))
    assert not resource_matches("bucket", urn, urn_name(urn))  # the name is team::bucket, not its tail
    assert not resource_matches("TEAM::*", urn, urn_name(urn))  # case-sensitive, as the engine's names


@pytest.mark.parametrize(
    ("cidr", "private", "vpc"),
    [
        ("10.1.0.0/16", True, True),
        ("192.168.0.0/16", True, True),
        ("100.64.0.0/10", True, False),  # shared address space: not routed, but no VPC range
        ("169.254.0.0/16", True, False),
        ("fd00::/8", True, False),
        ("8.8.8.0/24", False, False),
        ("10.0.0.0/7", False, False),
    ],
)
def test_private_ranges(cidr: str, private: bool, vpc: bool) -> None:
    network = ipaddress.ip_network(cidr)
    assert is_private(network) is private
    assert is_private(network, vpc=True) is vpc
