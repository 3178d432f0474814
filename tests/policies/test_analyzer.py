"""The same cases through the real analyzer: the pack started as the engine starts it
(``python -u -m pulumi.policy``, cwd=policies/), configured and called over gRPC by the offline preview's
``PolicyPackProcess``. Slower than the in-process suite, so one pack serves the whole session."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from _harness import (
    PROJECT,
    REGION,
    STACK,
    Case,
    Result,
    StackCase,
    analyze_request,
    result_of,
    stack_resources,
    urn,
)
from cases import CASES, STACK_CASES
from conftest import POLICIES_DIR
from reference_stack import RESOURCES
from test_policies import LEVELS

analyzer_messages = pytest.importorskip("retail_ai_components.preview.analyzer_messages")
pack_process = pytest.importorskip("retail_ai_components.preview.pack_process")
policy_config = pytest.importorskip("retail_ai_components.preview.policy_config")

pytestmark = pytest.mark.slow  # the pack runs in a subprocess, started as the engine starts it


class Driver:
    def __init__(self, process: Any) -> None:
        self.process = process
        info = process.info()
        self.metas = analyzer_messages.policy_metas(info)
        self.initial = analyzer_messages.initial_config(info)
        self.configured: dict[str, Any] | None = None

    def configure(self, pack_config: dict[str, Any]) -> None:
        if self.configured == pack_config:
            return
        given = policy_config.parse_policy_pack_config(pack_config)
        self.process.configure(policy_config.reconcile(self.metas, self.initial, given))
        self.configured = pack_config

    def analyze(self, case: Case) -> Result:
        self.configure(case.pack_config)
        request = analyze_request(
            case.type, case.props, name=case.name, protect=case.protect, provider=case.provider
        )
        self.process.remediate(request)
        return result_of(self.process.analyze(request))


@pytest.fixture(scope="session")
def driver() -> Iterator[Driver]:
    with pack_process.PolicyPackProcess(
        POLICIES_DIR, project=PROJECT, stack=STACK, config={"alicloud:region": REGION}
    ) as process:
        yield Driver(process)


def test_info_lists_every_policy(driver: Driver) -> None:
    info = driver.process.info()
    assert info.name == "retail-ai-policies"
    assert {p.name for p in info.policies} == set(LEVELS)
    assert all(p.description.startswith("Checks whether") and p.remediation_steps for p in info.policies)


@pytest.mark.parametrize(
    "case", CASES, ids=[f"{c.policy}:{'fail' if c.fails else 'pass'}:{c.id}" for c in CASES]
)
def test_case_through_analyzer(case: Case, driver: Driver) -> None:
    result = driver.analyze(case)
    mine = result.by_policy(case.policy)
    assert not [d for d in result.mandatory() if d.policy != case.policy]
    if case.fails:
        assert mine and all(
            d.level == LEVELS[case.policy] and d.urn == urn(case.type, case.name) for d in mine
        )
    else:
        assert not mine


def test_reference_stack_through_analyzer(driver: Driver) -> None:
    driver.configure({})
    for resource in RESOURCES:
        request = analyze_request(
            resource["type"], resource["props"], name=resource["name"], protect=resource.get("protect", False)
        )
        result = result_of(driver.process.analyze(request))
        assert not result.mandatory(), (resource["name"], [d.message for d in result.mandatory()])


def test_all_mandatory_config_file(driver: Driver) -> None:
    driver.configure({"all": "mandatory"})
    request = analyze_request("alicloud:kms/key:Key", {"description": "k"})
    result = result_of(driver.process.analyze(request))
    assert {d.policy for d in result.mandatory()} == {
        "kms-key-rotation-enabled",
        "pulumi-stateful-resource-protected",
    }


@pytest.mark.parametrize("case", STACK_CASES, ids=[f"{c.policy}:{c.id}" for c in STACK_CASES])
def test_stack_case_through_analyzer(case: StackCase, driver: Driver) -> None:
    driver.configure(case.pack_config)
    result = result_of(driver.process.analyze_stack(stack_resources(case.resources)))
    assert not [d for d in result.mandatory() if d.policy != case.policy]
    assert sorted(d.urn for d in result.by_policy(case.policy)) == sorted(
        case.urn_of(n) for n in case.offenders
    )


def test_exemption_reaches_the_response(driver: Driver) -> None:
    exempt = urn("alicloud:ecs/securityGroupRule:SecurityGroupRule", "bastion")
    driver.configure({"ecs-security-group-no-internet-ingress": {"exemptUrns": [exempt]}})
    request = analyze_request(
        "alicloud:ecs/securityGroupRule:SecurityGroupRule",
        {"type": "ingress", "cidrIp": "0.0.0.0/0", "ipProtocol": "tcp", "portRange": "22/22"},
        name="bastion",
    )
    response = driver.process.analyze(request)
    assert not response.diagnostics
    assert [n.policy_name for n in response.not_applicable] == ["ecs-security-group-no-internet-ingress"]
    assert "exempt" in response.not_applicable[0].reason


def test_an_old_policy_name_in_config_reaches_its_successors(driver: Driver) -> None:
    # Reconciled as the preview (and the engine) does, then carried by the served pack's Configure.
    driver.configure({"db-public-endpoint-denied": {"enforcementLevel": "disabled", "exemptUrns": ["u"]}})
    request = analyze_request("alicloud:kvstore/instance:Instance", {"enablePublic": True})
    assert not result_of(driver.process.analyze(request)).by_policy("db-instance-public-endpoint-denied")
    stack = result_of(driver.process.analyze_stack([]))
    [warning] = stack.by_policy("db-public-endpoint-denied")
    assert warning.level == "advisory" and "db-instance-public-endpoint-denied" in warning.message
