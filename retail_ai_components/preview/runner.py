"""The preview as a function: program under mocks, then the policy pack as the engine drives it."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from google.protobuf import json_format

from . import policy_config
from .analyzer import (
    LEVEL_NAMES,
    SEVERITY_NAMES,
    PolicyPackProcess,
    analyze_request,
    analyzer_resource,
    initial_config,
    policy_metas,
)
from .errors import PreviewError
from .project import load_project, load_stack_config
from .recorder import ProgramRun, RecordedResource, run_program

Progress = Callable[[str], None]


@dataclass
class Violation:
    policy_pack: str
    policy: str
    enforcement_level: str
    severity: str
    urn: str
    message: str
    remediation: str = ""

    def to_json(self) -> dict[str, str]:
        return {
            "policyPack": self.policy_pack,
            "policy": self.policy,
            "enforcementLevel": self.enforcement_level,
            "severity": self.severity,
            "urn": self.urn,
            "message": self.message,
        }


@dataclass
class NotApplicable:
    """A policy that chose not to judge a resource, with its reason (an exemption, for example)."""

    policy_pack: str
    policy: str
    urn: str
    reason: str

    def to_json(self) -> dict[str, str]:
        return {"policyPack": self.policy_pack, "policy": self.policy, "urn": self.urn, "reason": self.reason}


@dataclass
class PreviewResult:
    run: ProgramRun
    region: str
    violations: list[Violation] = field(default_factory=list)
    not_applicable: list[NotApplicable] = field(default_factory=list)
    policy_pack: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def mandatory(self) -> int:
        return sum(v.enforcement_level == "mandatory" for v in self.violations)

    @property
    def advisory(self) -> int:
        return sum(v.enforcement_level == "advisory" for v in self.violations)


def pack_timeout() -> float:
    """Seconds to wait for the pack to start or answer one call; ``RETAIL_AI_POLICY_TIMEOUT`` overrides."""
    value = os.environ.get("RETAIL_AI_POLICY_TIMEOUT", "")
    try:
        return float(value) if value else 120.0
    except ValueError:
        raise PreviewError(f"RETAIL_AI_POLICY_TIMEOUT={value!r} is not a number of seconds") from None


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def default_policy_pack(project_root: Path) -> Path | None:
    candidate = project_root / "policies"
    return candidate if (candidate / "PulumiPolicy.yaml").is_file() else None


def run_preview(
    cwd: Path,
    stack: str = "dev",
    policy_pack: Path | None = None,
    policy_pack_config: Path | None = None,
    progress: Progress = _stderr,
    organization: str = "organization",
) -> PreviewResult:
    """Runs the project in ``cwd`` for ``stack`` and, if ``policy_pack`` is given, its policies.

    Raises :class:`PreviewError` when the run cannot be judged.
    """
    project = load_project(cwd)
    config = load_stack_config(project, stack)
    file_config = policy_config.load_policy_pack_config(policy_pack_config) if policy_pack_config else {}
    region = config.values.get("alicloud:region", "")

    progress(
        f"Running {project.program_dir.relative_to(project.root) if project.program_dir != project.root else '.'}"
        f" for stack {stack} under mocks"
    )
    run = run_program(project, stack, config, organization)
    progress(f"Registered {len(run.resources)} resources")
    result = PreviewResult(run=run, region=region)
    result.notes.append(
        "IDs are placeholders (placeholder-<module>-<type>-<name>), the same string every reference receives; "
        "values only the cloud computes (endpoints, generated names) are unknown, shown as [unknown]."
    )
    result.notes.append(
        "Provider defaults the real preview adds through the provider's Check are absent from inputs."
    )
    if run.invokes:
        result.notes.append(
            f"Data-source calls returned nothing offline: {', '.join(sorted(set(run.invokes)))}."
        )
    if config.secret_keys:
        result.notes.append(
            "Secret stack config (secure:) was replaced by a placeholder; it is never printed."
        )

    if policy_pack is None:
        return result
    with PolicyPackProcess(
        policy_pack,
        project=project.name,
        stack=stack,
        config=config.values,
        organization=organization,
        timeout=pack_timeout(),
    ) as pack:
        evaluate_policies(
            pack, run, result, file_config, progress, project.name, stack, organization, config.values
        )
    return result


def evaluate_policies(
    pack: PolicyPackProcess,
    run: ProgramRun,
    result: PreviewResult,
    file_config: dict[str, policy_config.PolicyConfig],
    progress: Progress,
    project: str,
    stack: str,
    organization: str,
    config: dict[str, str],
) -> None:
    pack.configure_stack(project=project, stack=stack, organization=organization, config=config)
    info = pack.info()
    result.policy_pack = info.name
    remediation = {p.name: p.remediation_steps for p in info.policies}
    reconciled = policy_config.reconcile(policy_metas(info), initial_config(info), file_config)
    pack.configure(reconciled)

    by_urn = run.by_urn()

    def provider_of(resource: RecordedResource) -> RecordedResource | None:
        return by_urn.get(resource.provider) if resource.provider else None

    def record(diagnostics: Any, urn_of: Callable[..., str]) -> None:
        for d in diagnostics:
            result.violations.append(
                Violation(
                    policy_pack=d.policyPackName or info.name,
                    policy=d.policyName,
                    enforcement_level=LEVEL_NAMES.get(d.enforcementLevel, "advisory"),
                    severity=SEVERITY_NAMES.get(d.severity, ""),
                    urn=urn_of(d),
                    message=d.message or d.description,
                    remediation=remediation.get(d.policyName, ""),
                )
            )

    total = len(run.resources)
    for i, resource in enumerate(run.resources, 1):
        provider = provider_of(resource)
        remediated = pack.remediate(analyze_request(resource, provider))
        for r in remediated.remediations:
            if r.HasField("properties"):
                # As in the engine, a remediation's properties replace the inputs from here on.
                resource.inputs = json_format.MessageToDict(r.properties)
                result.violations.append(
                    Violation(
                        r.policyPackName or info.name,
                        r.policyName,
                        "remediate",
                        "",
                        resource.urn,
                        f"remediated: {r.description}",
                        remediation.get(r.policyName, ""),
                    )
                )
            if r.diagnostic:
                result.violations.append(
                    Violation(
                        r.policyPackName or info.name,
                        r.policyName,
                        "advisory",
                        "",
                        resource.urn,
                        r.diagnostic,
                    )
                )
        # pulumi-policy leaves urn empty on resource diagnostics; the engine attributes them to the resource.
        response = pack.analyze(analyze_request(resource, provider))
        record(response.diagnostics, lambda d, urn=resource.urn: str(d.urn or urn))
        result.not_applicable.extend(
            NotApplicable(info.name, n.policy_name, resource.urn, n.reason) for n in response.not_applicable
        )
        if i % 100 == 0 or i == total:
            progress(f"Analyzed {i}/{total} resources")
    stack_response = pack.analyze_stack([analyzer_resource(r, provider_of(r)) for r in run.resources])
    # A stack diagnostic names a resource, or nothing (the stack as a whole).
    record(stack_response.diagnostics, lambda d: d.urn if d.urn in by_urn else "")
    result.not_applicable.extend(
        NotApplicable(info.name, n.policy_name, "", n.reason) for n in stack_response.not_applicable
    )
    progress(f"Policy pack {info.name}: {result.mandatory} mandatory, {result.advisory} advisory")
