"""ContainerRegistry under mocks: a private Enterprise Edition registry pulled over the VPC, pushed to by CI."""

from __future__ import annotations

import json
import re

import pytest

from retail_ai_components import BurstCluster, ContainerRegistry, EasService, InvalidArgumentError, Network
from retail_ai_components.container_registry import TYPE_TOKEN, default_instance_name
from retail_ai_components.preview.recorder import record_resources

ZONES = ["cn-hangzhou-i", "cn-hangzhou-j"]
CI = {
    "provider_arn": "acs:ram::1234567890123456:oidc-provider/github",
    "issuer_url": "https://token.actions.githubusercontent.com",
    "subject": "repo:acme/ranking:ref:refs/heads/main",
}


def program(**extra):
    def run() -> None:
        network = Network("core", {"zone_ids": ZONES})
        ContainerRegistry("acr", {"network": network.ref(), "namespaces": ["retail", "ml"], **extra})

    return run


def test_a_private_instance_in_the_vpc_with_no_internet_endpoint(record):
    run = record(program())
    [instance] = run.of_type("alicloud:cr/registryEnterpriseInstance:RegistryEnterpriseInstance")
    assert instance.protect
    assert instance.inputs["imageScanner"] == "ACR"
    assert instance.inputs["paymentType"] == "Subscription"
    namespaces = run.of_type("alicloud:cs/registryEnterpriseNamespace:RegistryEnterpriseNamespace")
    assert {n.inputs["name"] for n in namespaces} == {"retail", "ml"}
    assert all(n.inputs["defaultVisibility"] == "PRIVATE" for n in namespaces)
    [endpoint] = run.of_type("alicloud:cr/vpcEndpointLinkedVpc:VpcEndpointLinkedVpc")
    assert endpoint.inputs["vpcId"] == run.named("core-vpc").id
    assert endpoint.inputs["vswitchId"] == run.named("core-vsw-inference-cn-hangzhou-i").id
    assert (
        endpoint.inputs["moduleName"] == "Registry" and endpoint.inputs["enableCreateDnsRecordInPvzt"] is True
    )
    # Creating an internet endpoint turns internet access on; nor can images be synced to another region.
    assert not run.of_type("alicloud:cr/internetEndpoint:InternetEndpoint")
    assert not [r for r in run.resources if "syncRule" in r.type]
    [scan] = run.of_type("alicloud:cr/scanRule:ScanRule")
    assert (scan.inputs["scanScope"], scan.inputs["triggerType"], scan.inputs["scanType"]) == (
        "INSTANCE",
        "AUTO",
        "VUL",
    )


def test_ci_without_oidc_is_a_ram_user_with_no_key_that_can_push_to_its_namespaces_only(record):
    run = record(program())
    [user] = run.of_type("alicloud:ram/user:User")
    assert not run.of_type("alicloud:ram/accessKey:AccessKey")
    [policy] = run.of_type("alicloud:ram/policy:Policy")
    assert policy.inputs["rotateStrategy"] == "DeleteOldestNonDefaultVersionWhenLimitExceeded"
    document = json.loads(policy.inputs["policyDocument"])
    push, token = document["Statement"]
    instance_id = run.named("acr-instance").id
    assert push["Resource"] == [
        f"acs:cr:cn-hangzhou:*:repository/{instance_id}/retail/*",
        f"acs:cr:cn-hangzhou:*:repository/{instance_id}/ml/*",
    ]
    assert "cr:PushRepository" in push["Action"] and not any("Delete" in a for a in push["Action"])
    assert token == {"Effect": "Allow", "Action": ["cr:GetAuthorizationToken"], "Resource": ["*"]}
    [attachment] = run.of_type("alicloud:ram/userPolicyAttachment:UserPolicyAttachment")
    assert attachment.inputs["userName"] == user.inputs["name"]


def test_ci_with_oidc_is_a_role_only_that_subject_assumes(record):
    run = record(program(ci=CI))
    assert not run.of_type("alicloud:ram/user:User")
    [role] = run.of_type("alicloud:ram/role:Role")
    [statement] = json.loads(role.inputs["assumeRolePolicyDocument"])["Statement"]
    assert statement["Principal"] == {"Federated": [CI["provider_arn"]]}
    assert statement["Condition"]["StringEquals"]["oidc:sub"] == CI["subject"]
    # The audience defaults to STS's.
    assert statement["Condition"]["StringEquals"]["oidc:aud"] == "sts.aliyuncs.com"


def test_the_instance_defaults_to_standard_for_one_month_renewed(record):
    [instance] = record(program()).of_type(
        "alicloud:cr/registryEnterpriseInstance:RegistryEnterpriseInstance"
    )
    assert instance.inputs["instanceType"] == "Standard"
    assert (instance.inputs["period"], instance.inputs["renewPeriod"]) == (1, 1)
    assert instance.inputs["renewalStatus"] == "AutoRenewal"


def test_a_term_change_never_replaces_the_protected_registry(record):
    # renew_period and renewal_status are ForceNew in the provider: a changed term would replace the instance
    # and every image in it. The term is fixed at creation; the purchase-only period is ignored too.
    [instance] = record(program(period_months=24)).of_type(
        "alicloud:cr/registryEnterpriseInstance:RegistryEnterpriseInstance"
    )
    assert (instance.inputs["period"], instance.inputs["renewPeriod"]) == (24, 24)
    assert set(instance.ignore_changes) == {"period", "renewPeriod", "renewalStatus"}
    assert instance.protect


@pytest.mark.parametrize("months", [1, 6, 11, 12, 24, 36])
def test_terms_acr_sells_are_accepted(record, months):
    [instance] = record(program(period_months=months)).of_type(
        "alicloud:cr/registryEnterpriseInstance:RegistryEnterpriseInstance"
    )
    assert instance.inputs["period"] == months


def test_the_network_component_itself_is_accepted_as_its_ref(record):
    def run() -> None:
        network = Network("core", {"zone_ids": ZONES})
        ContainerRegistry("acr", {"network": network, "namespaces": ["retail"], "endpoint_tier": "data"})

    run_ = record(run)
    [endpoint] = run_.of_type("alicloud:cr/vpcEndpointLinkedVpc:VpcEndpointLinkedVpc")
    assert endpoint.inputs["vpcId"] == run_.named("core-vpc").id
    assert endpoint.inputs["vswitchId"] == run_.named("core-vsw-data-cn-hangzhou-i").id


def test_the_vpc_endpoint_host_feeds_images_the_other_components_accept(record):
    def run() -> None:
        network = Network("core", {"zone_ids": ZONES})
        registry = ContainerRegistry("acr", {"network": network.ref(), "namespaces": ["retail"]})
        image = registry.image("retail", "ranking", "1.0")
        assert image == "acr-test-registry-vpc.cn-hangzhou.cr.aliyuncs.com/retail/ranking:1.0"
        BurstCluster("bc", {"network": network.ref(), "burst": {"images": [image]}})
        EasService(
            "ranking",
            {
                "network": network.ref(),
                "container": {"image": image},
                "resources": {"instance_type": "ecs.c7.2xlarge"},
                "alerts": {"contact_group": "oncall", "throughput_warn_qps": 100},
                "dedicated_gateway_id": "gw-abc",
            },
        )

    assert record(run).of_type(TYPE_TOKEN)


def test_instance_names_differ_per_stack():
    names = set()
    for stack in ("dev", "prod"):
        run = record_resources(program(), config={"alicloud:region": "cn-hangzhou"}, stack=stack)
        names.add(run.named("acr-instance").inputs["instanceName"])
    assert names == {"acr-dev", "acr-prod"}


def test_the_instance_name_takes_the_organisations_prefix_and_so_does_the_vpc_host(record):
    # Instance names are part of the VPC endpoint's DNS name: unique in the region across all accounts.
    run = record(program(global_name_prefix="acme-eu"))
    assert run.named("acr-instance").inputs["instanceName"] == "acme-eu-acr-test"
    [component] = run.of_type(TYPE_TOKEN)
    assert component.inputs["vpcEndpointHost"] == "acme-eu-acr-test-registry-vpc.cn-hangzhou.cr.aliyuncs.com"


def test_a_long_prefixed_instance_name_keeps_the_prefix_and_fits_30_characters():
    name = default_instance_name("serving-images-registry", "production", "acme-retail-eu")
    assert len(name) <= 30 and name.startswith("acme-retail-eu-serving-")
    assert name != default_instance_name("serving-images-registry", "staging", "acme-retail-eu")
    assert re.fullmatch(r"[a-z0-9][a-z0-9-]{1,28}[a-z0-9]", name)


@pytest.mark.parametrize(
    "extra,field",
    [
        ({"namespaces": []}, "namespaces"),
        ({"namespaces": ["Retail"]}, "namespaces[0]"),
        ({"namespaces": ["ml", "ml"]}, "namespaces"),
        ({"instance_name": "ACR"}, "instance_name"),
        ({"global_name_prefix": "9acme"}, "global_name_prefix"),
        ({"global_name_prefix": "acme_eu"}, "global_name_prefix"),
        ({"global_name_prefix": "acme", "instance_name": "acme-registry"}, "global_name_prefix"),
        ({"instance_type": "Economy"}, "instance_type"),
        ({"ci": {**CI, "subject": "repo:acme/*"}}, "ci.subject"),
        ({"ci": {**CI, "provider_arn": "acs:ram::*:oidc-provider/x"}}, "ci.provider_arn"),
        ({"period_months": 0}, "period_months"),
        ({"period_months": 13}, "period_months"),
        ({"period_months": 18}, "period_months"),
        ({"period_months": 48}, "period_months"),
        ({"period_months": "monthly"}, "period_months"),
        ({"namespaces": "retail"}, "namespaces"),
        ({"endpoint_tier": "edge"}, "endpoint_tier"),
        ({"ci": {**CI, "audience": ""}}, "ci.audience"),
        ({"ci": {**CI, "role_name": "ci"}}, "ci.role_name"),
        ({"tags": {"team": 1}}, "tags.team"),
        ({"namespace": ["retail"]}, "namespace"),
    ],
)
def test_bad_args_are_one_error_naming_the_field(record, extra, field):
    with pytest.raises(InvalidArgumentError) as caught:
        record(program(**extra))
    assert caught.value.field == field


def test_image_of_an_unknown_namespace_is_refused(record):
    def run() -> None:
        network = Network("core", {"zone_ids": ZONES})
        registry = ContainerRegistry("acr", {"network": network.ref(), "namespaces": ["retail"]})
        registry.image("other", "x", "1")

    with pytest.raises(InvalidArgumentError, match="namespace"):
        record(run)
