"""A small harness that drives the pack in process through pulumi-policy's real servicer.

Requests are real proto ``AnalyzeRequest``s, so props go through the same deserialization and unknown-checking
proxies as under the engine (hand-made args drift from what pulumi-policy builds at run time).
Config is reconciled the way the engine does it before ``Configure``: policy defaults, then the pack's
initial_config, then a ``--policy-pack-config`` document with ``all`` and per-policy entries.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pulumi.runtime
from google.protobuf import json_format, struct_pb2
from pulumi.runtime.proto import analyzer_pb2
from pulumi_policy import EnforcementLevel
from pulumi_policy.policy import _PolicyAnalyzerServicer
from retail_ai_policies import INITIAL_CONFIG, PACK_ENFORCEMENT_LEVEL, PACK_NAME, POLICIES
from retail_ai_policies.pulumi_policy_patch import carry_renamed_config_on_configure

UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
SECRET_SIG = "4dabf18193072939515e22adb298388d"
PROJECT = "shop"
STACK = "dev"
REGION = "cn-hangzhou"
BUCKET_TYPE = "alicloud:oss/bucket:Bucket"

_LEVELS = {
    "advisory": analyzer_pb2.ADVISORY,
    "mandatory": analyzer_pb2.MANDATORY,
    "disabled": analyzer_pb2.DISABLED,
    "remediate": analyzer_pb2.REMEDIATE,
}
_LEVEL_FROM_ENUM = {
    EnforcementLevel.ADVISORY: "advisory",
    EnforcementLevel.MANDATORY: "mandatory",
    EnforcementLevel.DISABLED: "disabled",
    EnforcementLevel.REMEDIATE: "remediate",
}
LEVEL_NAMES = {v: k for k, v in _LEVELS.items()}


def t(short: str) -> str:
    """The engine token of a short "module/resource" name (alicloud:module/resource:Resource)."""
    module, resource = short.split("/")
    return f"alicloud:{module}/{resource}:{resource[0].upper()}{resource[1:]}"


def secret(value: Any) -> dict[str, Any]:
    return {SECRET_SIG: "1b47061264138c4ac30d75fd1eb44270", "value": value}


def urn(resource_type: str, name: str, parent_type: str | None = None) -> str:
    qualified = f"{parent_type}${resource_type}" if parent_type else resource_type
    return f"urn:pulumi:{STACK}::{PROJECT}::{qualified}::{name}"


def struct(value: Mapping[str, Any]) -> struct_pb2.Struct:
    s = struct_pb2.Struct()
    json_format.ParseDict(json.loads(json.dumps(value)), s)
    return s


def reconcile(pack_config: Mapping[str, Any] | None = None) -> dict[str, tuple[str, dict[str, Any]]]:
    """Engine-style config: defaults, then initial_config, then the --policy-pack-config document."""
    result: dict[str, tuple[str, dict[str, Any]]] = {}
    for policy in POLICIES:
        level = _LEVEL_FROM_ENUM[policy.enforcement_level or PACK_ENFORCEMENT_LEVEL]
        props: dict[str, Any] = {}
        schema = policy.config_schema.properties if policy.config_schema else {}
        for key, spec in schema.items():
            if "default" in spec:
                props[key] = spec["default"]
        result[policy.name] = (level, props)

    def apply(source: Mapping[str, Any]) -> None:
        for key in ("all", *[k for k in source if k != "all"]):
            if key not in source:
                continue
            value = source[key]
            targets = list(result) if key == "all" else [key]
            for target in targets:
                level, props = result[target]
                if isinstance(value, EnforcementLevel):
                    level = _LEVEL_FROM_ENUM[value]
                elif isinstance(value, str):
                    level = value
                else:
                    value = dict(value)
                    raw = value.pop("enforcementLevel", None)
                    if raw is not None:
                        level = raw if isinstance(raw, str) else _LEVEL_FROM_ENUM[raw]
                    if key != "all":
                        props = {**props, **value}
                result[target] = (level, props)

    apply(INITIAL_CONFIG)
    apply(pack_config or {})
    return result


@dataclass(frozen=True)
class Case:
    """One policy case: a resource of ``type`` with ``props``, and whether ``policy`` must fail it; a failing
    case names the ``property`` (or the words) every message of the policy must mention."""

    id: str
    policy: str
    type: str
    props: dict[str, Any]
    fails: bool
    property: str | None = None
    protect: bool = False
    provider: dict[str, Any] | None = None
    pack_config: dict[str, Any] = field(default_factory=dict)
    name: str = "r"

    def __post_init__(self) -> None:
        if self.fails and not self.property:
            raise ValueError(f"case {self.id} ({self.policy}): a failing case must name its property")


@dataclass(frozen=True)
class StackCase:
    """One stack-policy case: ``resources`` (as :func:`stack_resources` takes them) judged together, the names
    of the ``offenders`` the policy must report (none: compliant), and the ``property`` every message names."""

    id: str
    policy: str
    resources: list[dict[str, Any]]
    offenders: list[str]
    property: str | None = None
    pack_config: dict[str, Any] = field(default_factory=dict)
    fails: bool = field(init=False)
    types: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fails", bool(self.offenders))
        object.__setattr__(self, "types", frozenset(r["type"] for r in self.resources))
        if self.fails and not self.property:
            raise ValueError(f"stack case {self.id} ({self.policy}): a failing case must name its property")

    def urn_of(self, name: str) -> str:
        resource = next(r for r in self.resources if r["name"] == name)
        return str(resource.get("urn") or urn(resource["type"], name))


@dataclass
class Diagnostic:
    policy: str
    level: str
    urn: str
    message: str
    severity: int


@dataclass
class Result:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    not_applicable: list[tuple[str, str]] = field(default_factory=list)

    def mandatory(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.level == "mandatory"]

    def advisory(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.level == "advisory"]

    def by_policy(self, name: str) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.policy == name]


class Pack:
    """The pack under test, configured once like the engine does."""

    def __init__(
        self,
        pack_config: Mapping[str, Any] | None = None,
        stack_config: Mapping[str, str] | None = None,
    ) -> None:
        # As served: an old policy name in the config reaches the policies that replaced it.
        assert carry_renamed_config_on_configure()
        self.servicer = _PolicyAnalyzerServicer(
            PACK_NAME, "0.1.0", list(POLICIES), PACK_ENFORCEMENT_LEVEL, INITIAL_CONFIG or None
        )
        self.stack_config = {"alicloud:region": REGION} if stack_config is None else dict(stack_config)
        request = analyzer_pb2.ConfigureAnalyzerRequest()
        for name, (level, props) in reconcile(pack_config).items():
            request.policyConfig[name].CopyFrom(
                analyzer_pb2.PolicyConfig(enforcementLevel=_LEVELS[level], properties=struct(props))
            )
        self.servicer.Configure(request, None)

    def _runtime_config(self) -> None:
        pulumi.runtime.set_all_config(dict(self.stack_config), [])

    def analyze(
        self,
        resource_type: str,
        props: Mapping[str, Any],
        *,
        name: str = "r",
        resource_urn: str | None = None,
        protect: bool = False,
        provider: Mapping[str, Any] | None = None,
    ) -> Result:
        self._runtime_config()
        request = analyze_request(
            resource_type, props, name=name, resource_urn=resource_urn, protect=protect, provider=provider
        )
        return result_of(self.servicer.Analyze(request, None))

    def analyze_stack(self, resources: list[Mapping[str, Any]]) -> Result:
        """``resources``: as :func:`stack_resources` takes them."""
        self._runtime_config()
        request = analyzer_pb2.AnalyzeStackRequest()
        request.resources.extend(stack_resources(resources))
        return result_of(self.servicer.AnalyzeStack(request, None))


def stack_resources(resources: list[Mapping[str, Any]]) -> list[analyzer_pb2.AnalyzerResource]:
    """AnalyzeStack's resources from dicts with type, name, props and optional urn, parent, ``deps``
    ({prop: [bucket names or URNs]}: property dependencies on the buckets of those names, or on those URNs)
    and ``provider`` (its explicit provider's inputs)."""
    found = []
    for r in resources:
        resource = analyzer_pb2.AnalyzerResource(
            type=r["type"],
            name=r["name"],
            urn=r.get("urn") or urn(r["type"], r["name"]),
            properties=struct(r.get("props", {})),
            parent=r.get("parent", ""),
        )
        for key, names in r.get("deps", {}).items():
            resource.propertyDependencies[key].urns.extend(
                n if n.startswith("urn:") else urn(BUCKET_TYPE, n) for n in names
            )
        if "provider" in r:
            resource.provider.CopyFrom(_provider(f"{r['name']}-provider", r["provider"]))
        found.append(resource)
    return found


def analyze_request(
    resource_type: str,
    props: Mapping[str, Any],
    *,
    name: str = "r",
    resource_urn: str | None = None,
    protect: bool = False,
    provider: Mapping[str, Any] | None = None,
) -> analyzer_pb2.AnalyzeRequest:
    """The request the engine sends to Analyze for one resource (``provider``: its provider's inputs)."""
    request = analyzer_pb2.AnalyzeRequest(
        type=resource_type,
        name=name,
        urn=resource_urn or urn(resource_type, name),
        properties=struct(props),
        options=analyzer_pb2.AnalyzerResourceOptions(protect=protect),
    )
    if provider is not None:
        request.provider.CopyFrom(_provider("default_4_0_0", provider))
    return request


def _provider(name: str, props: Mapping[str, Any]) -> analyzer_pb2.AnalyzerProviderResource:
    return analyzer_pb2.AnalyzerProviderResource(
        type="pulumi:providers:alicloud",
        name=name,
        urn=urn("pulumi:providers:alicloud", name),
        properties=struct(props),
    )


def result_of(response: Any) -> Result:
    result = Result()
    for d in response.diagnostics:
        result.diagnostics.append(
            Diagnostic(d.policyName, LEVEL_NAMES[d.enforcementLevel], d.urn, d.message, d.severity)
        )
    for n in response.not_applicable:
        result.not_applicable.append((n.policy_name, n.reason))
    return result
