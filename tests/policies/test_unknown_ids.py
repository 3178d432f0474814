"""The whole case corpus twice: resource IDs as placeholders and as a real preview sends them (unknown).

In a real `pulumi preview` the ID of a resource the program creates is unknown, so every input that
references one reaches the pack as the unknown sentinel (AnalyzeStack's resources also carry the
property dependencies that say where it came from). The offline preview used to send a placeholder ID
instead. A verdict (which policy fails which resource, at which level) must not depend on which of the
two the pack gets: here every ID-valued input of every case is sent once as a placeholder and once as
unknown, and the verdicts must agree.

Which inputs are references: in a stack case, every property with property dependencies (``deps``); in a
one-resource case, every ``...Id``/``...Ids`` input except zones and regions (facts the program knows, not
IDs of resources it creates), the broadest reading, since a one-resource case does not say which IDs come
from the program's own resources.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

import pytest
from _harness import UNKNOWN, Case, Diagnostic, Pack, StackCase, urn
from cases import CASES, STACK_CASES
from reference_stack import RESOURCES

_ID_KEY = re.compile(r"^[a-z][A-Za-z0-9]*Ids?$")
_KNOWN_KEY = re.compile(r"(zone|region)Ids?$", re.IGNORECASE)
Replace = Callable[[str, Any], Any]


def _placeholder(path: str, value: Any) -> Any:
    return f"placeholder-ref-{path.replace('.', '-')}" if isinstance(value, str) else value


def _unknown(_path: str, value: Any) -> Any:
    return UNKNOWN if isinstance(value, str) else value


def _ids(value: Any, path: str, replace: Replace) -> Any:
    if isinstance(value, list):
        return [_ids(item, f"{path}.{index}", replace) for index, item in enumerate(value)]
    return replace(path, value)


def with_ids(props: Mapping[str, Any], replace: Replace, keys: Callable[[str], bool]) -> dict[str, Any]:
    """``props`` with every reference (``keys``), at any depth, replaced by ``replace``."""
    out: dict[str, Any] = {}
    for key, value in props.items():
        if keys(key):
            out[key] = _ids(value, key, replace)
        elif isinstance(value, Mapping):
            out[key] = with_ids(value, replace, keys)
        elif isinstance(value, list):
            out[key] = [with_ids(v, replace, keys) if isinstance(v, Mapping) else v for v in value]
        else:
            out[key] = value
    return out


def id_key(key: str) -> bool:
    return bool(_ID_KEY.match(key)) and not _KNOWN_KEY.search(key)


def verdicts(diagnostics: list[Diagnostic]) -> set[tuple[str, str, str]]:
    return {(d.policy, d.urn, d.level) for d in diagnostics}


@pytest.fixture(scope="module")
def pack() -> Pack:
    return Pack()


def _case_verdicts(case: Case, pack: Pack, replace: Replace) -> set[tuple[str, str, str]]:
    target = pack if not case.pack_config else Pack(case.pack_config)
    props = with_ids(case.props, replace, id_key)
    result = target.analyze(
        case.type,
        props,
        name=case.name,
        resource_urn=urn(case.type, case.name),
        protect=case.protect,
        provider=case.provider,
    )
    return verdicts(result.diagnostics)


def _stack_with_ids(resources: list[dict[str, Any]], replace: Replace) -> list[dict[str, Any]]:
    changed = []
    for resource in resources:
        references = set(resource.get("deps", {}))
        props = with_ids(resource.get("props", {}), replace, references.__contains__)
        changed.append({**resource, "props": props})
    return changed


@pytest.mark.parametrize("case", CASES, ids=[f"{c.policy}:{c.id}" for c in CASES])
def test_case_verdict_is_the_same_with_ids_unknown(case: Case, pack: Pack) -> None:
    assert _case_verdicts(case, pack, _unknown) == _case_verdicts(case, pack, _placeholder)


@pytest.mark.parametrize("case", STACK_CASES, ids=[f"{c.policy}:{c.id}" for c in STACK_CASES])
def test_stack_case_verdict_is_the_same_with_ids_unknown(case: StackCase, pack: Pack) -> None:
    target = pack if not case.pack_config else Pack(case.pack_config)
    unknown = target.analyze_stack(_stack_with_ids(case.resources, _unknown))
    placeholder = target.analyze_stack(_stack_with_ids(case.resources, _placeholder))
    assert verdicts(unknown.diagnostics) == verdicts(placeholder.diagnostics)


def test_reference_stack_verdicts_are_the_same_with_ids_unknown(pack: Pack) -> None:
    def judged(replace: Replace) -> set[tuple[str, str, str]]:
        found: set[tuple[str, str, str]] = set()
        for resource in RESOURCES:
            props = with_ids(resource.get("props", {}), replace, id_key)
            found |= verdicts(pack.analyze(resource["type"], props, name=resource["name"]).diagnostics)
        stack = [{**r, "props": with_ids(r.get("props", {}), replace, id_key)} for r in RESOURCES]
        return found | verdicts(pack.analyze_stack(stack).diagnostics)

    assert judged(_unknown) == judged(_placeholder)


def test_the_transformation_reaches_nested_and_listed_ids() -> None:
    props = {
        "vpcId": "vpc-1",
        "zoneId": "cn-hangzhou-h",
        "vswitchIds": ["vsw-1", "vsw-2"],
        "dataDisks": [{"kmsKeyId": "key-1", "size": 40}],
        "serverSideEncryptionRule": {"kmsMasterKeyId": "key-2"},
    }
    assert with_ids(props, _unknown, id_key) == {
        "vpcId": UNKNOWN,
        "zoneId": "cn-hangzhou-h",
        "vswitchIds": [UNKNOWN, UNKNOWN],
        "dataDisks": [{"kmsKeyId": UNKNOWN, "size": 40}],
        "serverSideEncryptionRule": {"kmsMasterKeyId": UNKNOWN},
    }
