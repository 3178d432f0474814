"""Pack-wide behaviour: metadata, config the Pulumi way, exemptions, unknowns, reference shapes and the
catalog."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from _harness import UNKNOWN, Pack, urn
from cases import SG_BASE, SG_RULE
from pulumi_policy import EnforcementLevel, ResourceValidationPolicy
from reference_stack import RESOURCES
from retail_ai_policies import PACK_NAME, POLICIES

REPO = Path(__file__).resolve().parents[2]


def _catalog() -> ModuleType:
    spec = importlib.util.spec_from_file_location("policy_catalog", REPO / "scripts" / "policy_catalog.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CATALOG = _catalog()
CHECKOV, render = CATALOG.CHECKOV, CATALOG.render
SG = "ecs-security-group-no-internet-ingress"
OPEN_RULE = {**SG_BASE, "cidrIp": "0.0.0.0/0"}
MANDATORY_FAMILIES = {"intranet-only", "private-acl", "single-region"}


@pytest.mark.parametrize("policy", POLICIES, ids=[p.name for p in POLICIES])
def test_policy_metadata(policy: ResourceValidationPolicy) -> None:
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+){2,}", policy.name)
    assert policy.description.startswith("Checks whether ")
    assert policy.severity is not None
    assert policy.remediation_steps
    assert policy.tags
    family = policy.tags[0]
    expected = EnforcementLevel.MANDATORY if family in MANDATORY_FAMILIES else EnforcementLevel.ADVISORY
    assert policy.enforcement_level == expected
    schema = policy.config_schema.properties  # type: ignore[union-attr]
    assert schema["exemptUrns"]["default"] == []
    assert schema["exemptions"]["items"]["required"] == ["resource"]
    assert "enforcementLevel" not in schema
    if family == "single-region":
        assert schema["allowedRegion"]["default"] == ""


def test_names_unique_and_pack_name() -> None:
    assert PACK_NAME == "retail-ai-policies"
    assert len({p.name for p in POLICIES}) == len(POLICIES)


def test_all_key_raises_every_policy() -> None:
    result = Pack({"all": "mandatory"}).analyze("alicloud:kms/key:Key", {"description": "k"})
    assert {d.policy for d in result.mandatory()} == {
        "kms-key-rotation-enabled",
        "pulumi-stateful-resource-protected",
    }


def test_per_policy_level_overrides_all() -> None:
    pack = Pack({"all": "advisory", SG: {"enforcementLevel": "mandatory"}})
    assert [d.policy for d in pack.analyze(SG_RULE, OPEN_RULE).mandatory()] == [SG]
    pack = Pack({"all": "mandatory", SG: "disabled"})
    assert not pack.analyze(SG_RULE, OPEN_RULE).diagnostics


def test_exempt_urn_is_reported_not_applicable() -> None:
    exempt = urn(SG_RULE, "bastion")
    pack = Pack({SG: {"exemptUrns": [exempt]}})
    result = pack.analyze(SG_RULE, OPEN_RULE, name="bastion", resource_urn=exempt)
    assert not result.diagnostics
    [(policy, reason)] = result.not_applicable
    assert policy == SG and "exempt" in reason and exempt in reason and "0.0.0.0/0" in reason
    # Only the listed URN is exempt.
    assert pack.analyze(SG_RULE, OPEN_RULE, name="other").mandatory()


def test_exemption_by_name_pattern_serves_every_stack_and_shows_its_reason() -> None:
    pack = Pack({SG: {"exemptions": [{"resource": "*-bastion", "reason": "break-glass SSH, ticket OPS-12"}]}})
    for stack in ("dev", "prod"):
        exempt = f"urn:pulumi:{stack}::shop::{SG_RULE}::ssh-bastion"
        result = pack.analyze(SG_RULE, OPEN_RULE, name="ssh-bastion", resource_urn=exempt)
        assert not result.diagnostics
        [(policy, reason)] = result.not_applicable
        assert policy == SG and exempt in reason and "'*-bastion'" in reason
        assert "break-glass SSH, ticket OPS-12" in reason and "0.0.0.0/0" in reason
    # The pattern is matched on the whole name, not a substring of it.
    assert pack.analyze(SG_RULE, OPEN_RULE, name="ssh-bastion-2").mandatory()


def test_exemption_by_urn_pattern() -> None:
    pack = Pack({SG: {"exemptions": [{"resource": f"urn:pulumi:*::*::{SG_RULE}::legacy-*"}]}})
    result = pack.analyze(SG_RULE, OPEN_RULE, name="legacy-ssh", resource_urn=urn(SG_RULE, "legacy-ssh"))
    assert not result.diagnostics and result.not_applicable
    assert pack.analyze(SG_RULE, OPEN_RULE, name="new-ssh").mandatory()


def test_unknown_is_a_violation_unless_configured_otherwise() -> None:
    props = {**SG_BASE, "cidrIp": UNKNOWN}
    [violation] = Pack().analyze(SG_RULE, props).mandatory()
    assert "cannot be verified during preview: cidrIp is unknown" in violation.message
    relaxed = Pack({SG: {"treatUnknownAsViolation": False}}).analyze(SG_RULE, props)
    assert not relaxed.mandatory()
    [note] = relaxed.advisory()
    assert "can't be known during preview" in note.message


def test_floats_and_string_numbers() -> None:
    pack = Pack()
    for value in (0.0, 0, "0"):
        result = pack.analyze("alicloud:ecs/instance:Instance", {"internetMaxBandwidthOut": value})
        assert not result.by_policy("ecs-instance-no-public-ip")
    assert Pack().analyze("alicloud:ecs/instance:Instance", {"internetMaxBandwidthOut": 1.5}).mandatory()


def test_region_comes_from_stack_config_or_policy_config() -> None:
    vswitch = "alicloud:vpc/switch:Switch"
    abroad = {"zoneId": "cn-shanghai-b"}
    assert Pack().analyze(vswitch, abroad).mandatory()
    assert not Pack(stack_config={"alicloud:region": "cn-shanghai"}).analyze(vswitch, abroad).mandatory()
    pack = Pack({"alicloud-zone-in-allowed-region": {"allowedRegion": "cn-shanghai"}})
    assert not pack.analyze(vswitch, abroad).mandatory()


def test_no_region_anywhere_is_reported_on_the_provider() -> None:
    pack = Pack(stack_config={})
    [violation] = pack.analyze("pulumi:providers:alicloud", {"version": "4.0.0"}).mandatory()
    assert "allowed region is unknown" in violation.message
    assert not pack.analyze("alicloud:vpc/switch:Switch", {"zoneId": "cn-hangzhou-h"}).diagnostics


def test_non_alicloud_resources_are_skipped() -> None:
    pack = Pack()
    for kind in ("pulumi:pulumi:Stack", "retailai:index:Network", "pulumi:providers:random"):
        result = pack.analyze(kind, {"securityIps": ["0.0.0.0/0"], "zoneId": "cn-beijing-a"})
        assert not result.diagnostics


def test_reference_stack_shapes_draw_no_mandatory_violation() -> None:
    pack = Pack()
    for resource in RESOURCES:
        result = pack.analyze(
            resource["type"], resource["props"], name=resource["name"], protect=resource.get("protect", False)
        )
        assert not result.mandatory(), (resource["name"], [d.message for d in result.mandatory()])
    stack = pack.analyze_stack(RESOURCES)
    assert not stack.mandatory()
    assert not stack.diagnostics, [d.message for d in stack.diagnostics]


def test_catalog_is_in_sync() -> None:
    committed = (REPO / "docs" / "policies.md").read_text(encoding="utf-8")
    assert committed == render(), "regenerate: make policy-docs"


def test_catalog_lists_every_policy_and_checkov_rows_name_real_policies() -> None:
    text = render()
    names = {p.name for p in POLICIES}
    assert all(f"`{name}`" in text for name in names)
    assert {row[3] for row in CHECKOV if row[3]} <= names
    assert {row[2] for row in CHECKOV} <= {"covered", "differently", "not covered"}


def test_pack_imports_fast_without_heavy_modules() -> None:
    code = (
        "import sys, retail_ai_policies; "
        "print(any(m.startswith('pulumi_alicloud') or m.startswith('retail_ai_components') for m in "
        "sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO / "policies", capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


ODD_SHAPES = [
    ("alicloud:rds/instance:Instance", {"securityIps": 5.0, "zoneId": 3.0, "parameters": "x"}),
    ("alicloud:alb/loadBalancer:LoadBalancer", {"addressType": "Intranet", "zoneMappings": "cn-hangzhou-h"}),
    ("alicloud:oss/bucketPolicy:BucketPolicy", {"bucket": "b", "policy": ["not", "an", "object"]}),
    ("alicloud:oss/bucketPolicy:BucketPolicy", {"bucket": "b", "policy": {"Statement": "nope"}}),
    ("alicloud:cs/nodePool:NodePool", {"taints": "x", "management": [], "dataDisks": {"a": 1.0}}),
    ("alicloud:ecs/securityGroupRule:SecurityGroupRule", {"type": "ingress", "cidrIp": 0.0}),
    ("pulumi:providers:alicloud", {"region": 7.0}),
]


@pytest.mark.parametrize("resource_type,props", ODD_SHAPES)
def test_odd_shapes_never_crash(resource_type: str, props: dict[str, object]) -> None:
    Pack().analyze(resource_type, props)  # any diagnostics are fine; an exception is not


def test_a_trust_policy_built_from_outputs_is_judged_at_up_not_blocked_in_preview() -> None:
    # RRSA: the role trusts the stack's own cluster's OIDC provider, whose ARN is unknown during preview.
    result = Pack().analyze(
        "alicloud:ram/role:Role", {"roleName": "trainer", "assumeRolePolicyDocument": UNKNOWN}
    )
    mine = result.by_policy("ram-role-trust-no-public-principal")
    assert [d.level for d in mine] == ["advisory"]
    assert "during preview" in mine[0].message and "assumeRolePolicyDocument" in mine[0].message


EAS_SERVICE = "alicloud:pai/service:Service"
EAS_COMPONENT = "retailai:index:EasService"


def _eas_verdicts(resource_type: str, props: dict[str, object], parent_type: str | None = None) -> list[str]:
    result = Pack().analyze(
        resource_type, props, name="ranking", resource_urn=urn(resource_type, "ranking", parent_type)
    )
    return [d.message for d in result.by_policy("pai-eas-service-intranet-only")]


def test_an_eas_service_rendered_by_the_component_is_judged_on_the_components_known_inputs() -> None:
    """In a real preview service_config is unknown whenever the stack creates the VPC or workspace it embeds."""
    assert _eas_verdicts(EAS_SERVICE, {"serviceConfig": UNKNOWN}, parent_type=EAS_COMPONENT) == []
    assert _eas_verdicts(EAS_COMPONENT, {"dedicatedGateway": "gw-1"}) == []
    [missing] = _eas_verdicts(EAS_COMPONENT, {"dedicatedGateway": None})
    assert "dedicatedGateway must name a dedicated gateway" in missing


def test_an_eas_service_of_unknown_config_outside_the_component_cannot_be_verified() -> None:
    [message] = _eas_verdicts(EAS_SERVICE, {"serviceConfig": UNKNOWN})
    assert "cannot be verified during preview: serviceConfig is unknown" in message
