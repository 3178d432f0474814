"""In-process tests: every case through pulumi-policy's real servicer with proto requests."""

from __future__ import annotations

import pytest
from _harness import Case, Pack, StackCase, urn
from cases import CASES, STACK_CASES
from retail_ai_policies import POLICIES
from retail_ai_policies._renames import successors

LEVELS = {
    p.name: ("mandatory" if p.enforcement_level and p.enforcement_level.value == "mandatory" else "advisory")
    for p in POLICIES
}


@pytest.fixture(scope="module")
def pack() -> Pack:
    return Pack()


def run(case: Case, pack: Pack) -> tuple[str, list]:  # type: ignore[type-arg]
    target = pack if not case.pack_config else Pack(case.pack_config)
    resource_urn = urn(case.type, case.name)
    result = target.analyze(
        case.type,
        case.props,
        name=case.name,
        resource_urn=resource_urn,
        protect=case.protect,
        provider=case.provider,
    )
    return resource_urn, result.diagnostics


@pytest.mark.parametrize(
    "case", CASES, ids=[f"{c.policy}:{'fail' if c.fails else 'pass'}:{c.id}" for c in CASES]
)
def test_case(case: Case, pack: Pack) -> None:
    resource_urn, diagnostics = run(case, pack)
    mine = [d for d in diagnostics if d.policy == case.policy]
    others_mandatory = [d for d in diagnostics if d.policy != case.policy and d.level == "mandatory"]
    assert not others_mandatory, f"unexpected mandatory violations: {others_mandatory}"
    if case.fails:
        assert mine, f"{case.policy} did not fire"
        for d in mine:
            assert d.level == LEVELS[case.policy]
            assert d.urn == resource_urn
            assert " must " in d.message or "cannot be verified" in d.message
            named = getattr(case, "property", None)
            if named:
                assert named in d.message, f"{case.policy} message does not name {named}: {d.message}"
    else:
        assert not mine, f"{case.policy} fired on a compliant resource: {[d.message for d in mine]}"


@pytest.mark.parametrize("case", STACK_CASES, ids=[f"{c.policy}:{c.id}" for c in STACK_CASES])
def test_stack_case(case: StackCase, pack: Pack) -> None:
    target = pack if not case.pack_config else Pack(case.pack_config)
    result = target.analyze_stack(case.resources)
    assert not [d for d in result.mandatory() if d.policy != case.policy]
    mine = result.by_policy(case.policy)
    assert sorted(d.urn for d in mine) == sorted(case.urn_of(n) for n in case.offenders)
    assert all(d.level == LEVELS[case.policy] for d in mine)
    named = case.property or ""
    assert all(named in d.message for d in mine), [d.message for d in mine]


def test_every_policy_has_passing_and_failing_cases() -> None:
    covered_pass = {c.policy for c in [*CASES, *STACK_CASES] if not c.fails}
    covered_fail = {c.policy for c in [*CASES, *STACK_CASES] if c.fails}
    names = {p.name for p in POLICIES if not successors(p)}  # a renamed entry judges nothing
    assert names - covered_pass == set()
    assert names - covered_fail == set()
