"""The pack as served to the engine converts each request once, and judges exactly as pulumi-policy would; the
patch applies only to the pulumi-policy it was written against."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from _harness import UNKNOWN, Pack, analyze_request, result_of, stack_resources, struct
from pulumi_policy import policy as pulumi_policy
from retail_ai_policies import (
    INITIAL_CONFIG,
    PACK_ENFORCEMENT_LEVEL,
    PACK_NAME,
    POLICIES,
    pulumi_policy_patch,
)
from retail_ai_policies.pulumi_policy_patch import (
    PoliciesByType,
    carry_renamed_config_on_configure,
    convert_once_per_request,
)

SG_RULE = "alicloud:ecs/securityGroupRule:SecurityGroupRule"
OPEN = {
    "type": "ingress",
    "ipProtocol": "tcp",
    "portRange": "22/22",
    "cidrIp": "0.0.0.0/0",
    "nicType": "intranet",
}


def undone_after(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever convert_once_per_request() replaces in pulumi-policy is put back when ``monkeypatch`` undoes."""
    servicer = pulumi_policy._PolicyAnalyzerServicer
    for name in ("Analyze", "AnalyzeStack", "_get_resource_options", "_get_provider_resource"):
        monkeypatch.setattr(servicer, name, getattr(servicer, name))
    monkeypatch.setattr(pulumi_policy, "json_format", pulumi_policy.json_format)
    monkeypatch.setattr(pulumi_policy, "deserialize_properties", pulumi_policy.deserialize_properties)
    monkeypatch.setattr(pulumi_policy, "unknown_checking_proxy", pulumi_policy.unknown_checking_proxy)
    monkeypatch.setattr(servicer, "_retail_ai_convert_once", False, raising=False)


def install(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pack's serving installed into pulumi-policy until ``monkeypatch`` undoes."""
    undone_after(monkeypatch)
    assert convert_once_per_request()


def counting_builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry per time AnalyzeStack's resources are built by the served pack."""
    builds: list[int] = []
    real_build = pulumi_policy_patch._stack_resources
    monkeypatch.setattr(
        pulumi_policy_patch, "_stack_resources", lambda *a: builds.append(1) or real_build(*a)
    )
    return builds


@pytest.fixture
def patched(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """pulumi-policy with the per-request conversion installed (undone after the test), counting real
    MessageToDict calls."""
    calls: list[Any] = []
    real = pulumi_policy.json_format.MessageToDict

    def counting(message: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(message)
        return real(message, *args, **kwargs)

    monkeypatch.setattr(pulumi_policy.json_format, "MessageToDict", counting)
    install(monkeypatch)
    yield calls


def servicer() -> Any:
    return pulumi_policy._PolicyAnalyzerServicer(
        PACK_NAME, "0.1.0", list(POLICIES), PACK_ENFORCEMENT_LEVEL, INITIAL_CONFIG or None
    )


def test_each_request_is_converted_once_not_once_per_policy(patched: list[Any]) -> None:
    request = analyze_request(SG_RULE, OPEN, provider={"region": "cn-hangzhou"})
    result = result_of(servicer().Analyze(request, None))
    assert [d.policy for d in result.mandatory()] == ["ecs-security-group-no-internet-ingress"]
    # One conversion of the properties and one of the provider's, where pulumi-policy alone makes two per
    # policy (more than 80 here).
    assert len(patched) == 2
    # The next request is converted afresh: nothing leaks from one request into another.
    servicer().Analyze(analyze_request(SG_RULE, {**OPEN, "cidrIp": "10.0.0.0/8"}), None)
    assert len(patched) == 3


@pytest.mark.parametrize(
    "props,violates",
    [
        (OPEN, True),
        ({**OPEN, "cidrIp": "10.0.0.0/8"}, False),
        ({**OPEN, "cidrIp": UNKNOWN}, True),
        ({**OPEN, "portRange": UNKNOWN}, True),
    ],
    ids=["open", "private", "unknown-cidr", "unknown-port"],
)
def test_verdicts_are_the_same_as_pulumi_policy_alone(props: dict[str, Any], violates: bool) -> None:
    request = analyze_request(SG_RULE, props, provider={"region": "cn-hangzhou"})
    plain = result_of(servicer().Analyze(request, None))
    with pytest.MonkeyPatch.context() as monkeypatch:
        install(monkeypatch)
        once = result_of(servicer().Analyze(request, None))
    assert once == plain
    assert bool(plain.mandatory()) is violates


def test_another_pulumi_policy_version_is_left_as_it_ships(monkeypatch: pytest.MonkeyPatch) -> None:
    undone_after(monkeypatch)
    monkeypatch.setattr(pulumi_policy_patch, "_installed_version", lambda: "1.22.0")
    before = pulumi_policy._PolicyAnalyzerServicer.Analyze, pulumi_policy._PolicyAnalyzerServicer.AnalyzeStack
    assert not convert_once_per_request()
    assert (
        pulumi_policy._PolicyAnalyzerServicer.Analyze,
        pulumi_policy._PolicyAnalyzerServicer.AnalyzeStack,
    ) == before
    assert pulumi_policy.deserialize_properties.__module__ == "pulumi_policy.deserialize"


def test_the_renamed_config_patch_of_another_version_is_left_as_it_ships(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Configure is wrapped only on the pulumi-policy it was written against, like every other patch."""
    servicer = pulumi_policy._PolicyAnalyzerServicer
    monkeypatch.setattr(servicer, "Configure", servicer.Configure)
    monkeypatch.setattr(servicer, "_retail_ai_renames", False, raising=False)
    monkeypatch.setattr(pulumi_policy_patch, "_installed_version", lambda: "1.22.0")
    before = servicer.Configure
    assert not carry_renamed_config_on_configure()
    assert servicer.Configure is before


def test_the_pinned_version_with_other_code_is_left_as_it_ships(monkeypatch: pytest.MonkeyPatch) -> None:
    """Same version string, different source (a patched install): the re-implemented AnalyzeStack would no
    longer be pulumi-policy's, so nothing is replaced."""
    undone_after(monkeypatch)

    def analyze_stack(self: Any, request: Any, _context: Any) -> Any:
        return pulumi_policy.proto.AnalyzeResponse()

    monkeypatch.setattr(pulumi_policy._PolicyAnalyzerServicer, "AnalyzeStack", analyze_stack)
    assert not convert_once_per_request()
    assert pulumi_policy._PolicyAnalyzerServicer.AnalyzeStack is analyze_stack


def _served(policies: Any) -> Any:
    return pulumi_policy._PolicyAnalyzerServicer(
        PACK_NAME, "0.1.0", policies, PACK_ENFORCEMENT_LEVEL, INITIAL_CONFIG or None
    )


def test_analyze_runs_only_the_policies_that_judge_the_type(patched: list[Any]) -> None:
    ran: list[str] = []
    real = pulumi_policy._PolicyAnalyzerServicer._get_policy_config

    def counting(self: Any, name: str) -> Any:
        ran.append(name)
        return real(self, name)

    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(pulumi_policy._PolicyAnalyzerServicer, "_get_policy_config", counting)
        result = result_of(
            _served(PoliciesByType(list(POLICIES))).Analyze(analyze_request(SG_RULE, OPEN), None)
        )
    assert [d.policy for d in result.mandatory()] == ["ecs-security-group-no-internet-ingress"]
    assert "ecs-security-group-no-internet-ingress" in ran
    assert (
        "oss-bucket-acl-private" not in ran
    )  # a bucket policy has nothing to say about a security group rule
    assert len(ran) < len(POLICIES) // 2
    # Outside Analyze (GetAnalyzerInfo, Configure, AnalyzeStack) the servicer sees every policy.
    assert list(PoliciesByType(list(POLICIES))) == list(POLICIES)


@pytest.mark.parametrize(
    "resource_type,props",
    [
        (SG_RULE, OPEN),
        ("alicloud:oss/bucket:Bucket", {"bucket": "b", "acl": "public-read"}),
        ("alicloud:vpc/network:Network", {"cidrBlock": "10.0.0.0/8"}),
        ("alicloud:ecs/instance:Instance", {"internetMaxBandwidthOut": 10, "instanceType": "ecs.g7.large"}),
        ("pulumi:providers:alicloud", {"region": "us-west-1"}),
        ("aws:s3/bucket:Bucket", {"acl": "public-read"}),
    ],
)
def test_filtering_by_type_changes_no_verdict(
    patched: list[Any], resource_type: str, props: dict[str, Any]
) -> None:
    request = analyze_request(resource_type, props, provider={"region": "cn-hangzhou"})
    every = result_of(_served(list(POLICIES)).Analyze(request, None))
    by_type = result_of(_served(PoliciesByType(list(POLICIES))).Analyze(request, None))
    assert by_type == every


def _stack_scenarios() -> list[tuple[str, dict[str, Any], list[dict[str, Any]]]]:
    """Every stack case of the intranet inventory, and the stack policies' exemption and unknown scenarios."""
    from cases_intranet import STACK_CASES
    from test_stack_policies import ENC, STACK_POLICIES, _unknown_and_known, bucket

    scenarios: list[tuple[str, dict[str, Any], list[dict[str, Any]]]] = [
        (case.id, case.pack_config, case.resources) for case in STACK_CASES
    ]
    for policy, prop, bad, good, _ in STACK_POLICIES:
        two = [
            bucket("legacy-a", **{prop: bad}),
            bucket("fresh", **{prop: bad}),
            bucket("ok", **{prop: good}),
        ]
        scenarios.append((f"{policy}-plain", {}, two))
        scenarios.append((f"{policy}-exempt", {policy: {"exemptions": [{"resource": "legacy-*"}]}}, two))
        scenarios.append((f"{policy}-disabled", {policy: "disabled"}, two))
    scenarios.append(("unknown-violation", {}, _unknown_and_known()))
    scenarios.append(("unknown-note", {ENC: {"treatUnknownAsViolation": False}}, _unknown_and_known()))
    scenarios.append(("unknown-mandatory", {ENC: "mandatory"}, _unknown_and_known()))
    return scenarios


STACK_SCENARIOS = _stack_scenarios()


@pytest.mark.parametrize(
    "config,resources", [s[1:] for s in STACK_SCENARIOS], ids=[s[0] for s in STACK_SCENARIOS]
)
def test_analyze_stack_built_once_judges_as_pulumi_policy(
    config: dict[str, Any], resources: list[dict[str, Any]]
) -> None:
    plain = Pack(config).analyze_stack(resources)
    with pytest.MonkeyPatch.context() as monkeypatch:
        install(monkeypatch)
        builds = counting_builds(monkeypatch)
        served = Pack(config).analyze_stack(resources)
    assert served == plain
    assert builds == [1]  # the resources were built once, for every stack policy


def _with_provider(resource: Any, provider_urn: str, region: str) -> Any:
    resource.provider.CopyFrom(
        pulumi_policy.proto.AnalyzerProviderResource(
            type="pulumi:providers:alicloud",
            urn=provider_urn,
            name=provider_urn.rsplit("::", 1)[-1],
            properties=struct({"region": region, "version": "4.0.0"}),
        )
    )
    return resource


def test_analyze_stack_builds_each_provider_once_with_what_pulumi_policy_would_build() -> None:
    default = "urn:pulumi:dev::p::pulumi:providers:alicloud::default_4_0_0"
    beijing = "urn:pulumi:dev::p::pulumi:providers:alicloud::beijing"
    a, b, c, no_provider = stack_resources(
        [{"type": "alicloud:oss/bucket:Bucket", "name": name, "props": {"bucket": name}} for name in "abcd"]
    )
    resources = [
        _with_provider(a, default, "cn-hangzhou"),
        _with_provider(b, default, "cn-hangzhou"),
        _with_provider(c, beijing, "cn-beijing"),
        no_provider,
    ]
    request = pulumi_policy.proto.AnalyzeStackRequest(resources=resources)
    built = pulumi_policy_patch._stack_resources(servicer(), request, pulumi_policy)

    def seen(provider: Any) -> Any:
        if provider is None:
            return None
        return (provider.resource_type, provider.urn, provider.name, dict(provider.props))

    # Each resource's provider is what pulumi-policy builds for it on its own ...
    assert [seen(r.provider) for r in built] == [
        seen(servicer()._get_provider_resource(r)) for r in resources
    ]
    assert seen(built[2].provider)[3] == {"region": "cn-beijing", "version": "4.0.0"}
    # ... and the resources of one provider share one copy.
    assert built[0].provider is built[1].provider
    assert built[2].provider is not built[0].provider
