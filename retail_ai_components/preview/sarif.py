"""SARIF 2.1.0 for code-scanning dashboards (GitHub code scanning, GitLab, Azure DevOps).

One run per preview; one rule per policy (``<pack>/<policy>``, so two packs never collide), with the policy's
description and remediation as help; one result per violation: level ``error`` for mandatory, ``warning`` for
advisory, ``note`` for remediate. A resource a policy did not judge (an exemption) is a result too, of kind
``notApplicable`` (level ``none``) with an external, accepted ``suppression`` whose justification is the
exemption's reason: it stays visible and reviewable instead of vanishing, and a consumer that ignores
``suppressions`` (GitHub code scanning, by default, lists a suppressed result as an open alert) still never
counts it as an error or a warning. A result's location is logical (the resource's URN) and physical: the
program file and line that registered the resource when the engine told us, else the program's ``__main__.py``
(code scanning drops results without a file), relative to the repository's root (:mod:`.locations`).
``automationDetails.id`` carries project and stack, so uploads of dev and prod are separate categories instead
of replacing each other.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .._version import __version__
from .locations import relative_to_root
from .report import NotApplicableView, Report, ViolationView

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"mandatory": "error", "advisory": "warning", "remediate": "note", "disabled": "none"}
# GitHub ranks security results by this property (a CVSS-like number as a string).
SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "2.0"}
TOOL_NAME = "retail-ai preview"


def _rule_id(pack: str, policy: str) -> str:
    return f"{pack}/{policy}" if pack else policy


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]


def _artifact(path: str, root: Path) -> dict[str, Any]:
    """A file as code scanning wants it: relative to the repository's root when inside it."""
    relative = relative_to_root(path, root)
    if relative is None:
        return {"uri": Path(path).resolve().as_uri()}
    return {"uri": quote(relative), "uriBaseId": "%SRCROOT%"}


def _location(
    finding: ViolationView | NotApplicableView, urn: str, program_file: Path | None, root: Path
) -> dict[str, Any]:
    """Where a finding is: the resource (logical) and the program line that registered it (physical)."""
    name = finding.resource_name or "stack"
    source = finding.source
    location: dict[str, Any] = {
        "logicalLocations": [
            {"fullyQualifiedName": urn, "name": name, "kind": "resource" if finding.urn else "module"}
        ],
        "message": {"text": f"{name} ({finding.resource_type or 'the stack'})"},
    }
    if source is not None:
        location["physicalLocation"] = {
            "artifactLocation": _artifact(source[0], root),
            "region": {"startLine": max(1, source[1])},
        }
    elif program_file is not None:
        location["physicalLocation"] = {
            "artifactLocation": _artifact(str(program_file), root),
            "region": {"startLine": 1},
        }
    return location


def _fingerprint(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _result(
    v: ViolationView, rule_index: int, program_file: Path | None, root: Path, stack_urn: str
) -> dict[str, Any]:
    urn = v.urn or stack_urn
    text = v.detail if v.detail != v.description else v.message
    result: dict[str, Any] = {
        "ruleId": _rule_id(v.pack, v.policy),
        "ruleIndex": rule_index,
        "level": LEVELS.get(v.enforcement_level, "warning"),
        "message": {"text": f"{text} (resource {urn})"},
        "locations": [_location(v, urn, program_file, root)],
        "partialFingerprints": {"retailAiPolicyResource/v1": _fingerprint(v.pack, v.policy, urn, text)},
        "properties": {"urn": urn, "enforcementLevel": v.enforcement_level, "policyPack": v.pack},
    }
    if v.severity:
        result["properties"]["severity"] = v.severity
    return result


def _suppressed_result(
    n: NotApplicableView, rule_index: int, program_file: Path | None, root: Path, stack_urn: str
) -> dict[str, Any]:
    """A resource the policy did not judge (an exemption): not applicable, suppressed outside the code (the
    pack's config) with the exemption's reason, so a dashboard shows it as accepted, never as a finding."""
    urn = n.urn or stack_urn
    reason = n.reason or "the policy did not judge this resource"
    return {
        "ruleId": _rule_id(n.pack, n.policy),
        "ruleIndex": rule_index,
        "kind": "notApplicable",
        "level": "none",  # SARIF: a result whose kind is not "fail" has level "none"
        "message": {"text": f"Not applicable: {reason} (resource {urn})"},
        "locations": [_location(n, urn, program_file, root)],
        "suppressions": [{"kind": "external", "status": "accepted", "justification": reason}],
        "partialFingerprints": {
            "retailAiPolicyResource/v1": _fingerprint(n.pack, n.policy, urn, "not applicable")
        },
        "properties": {"urn": urn, "policyPack": n.pack},
    }


def to_sarif(report: Report, *, root: Path, program_file: Path | None = None) -> dict[str, Any]:
    """The SARIF log of a judged run (exit 0 or 1), file locations relative to ``root`` (the repository's:
    :func:`.locations.repository_root`); :func:`failed_sarif` is the one for exit 2."""
    root = root.resolve()
    rules: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for policy in sorted(report.policies(), key=lambda p: (p.pack, p.name)):
        rule_id = _rule_id(policy.pack, policy.name)
        if rule_id in index:
            continue
        index[rule_id] = len(rules)
        description = " ".join(policy.description.split()) or policy.name
        remediation = policy.remediation.strip()
        help_text = remediation or description
        rule: dict[str, Any] = {
            "id": rule_id,
            "name": policy.name,
            "shortDescription": {"text": _first_sentence(description)},
            "fullDescription": {"text": description},
            "help": {
                "text": help_text,
                "markdown": f"**{policy.name}** ({policy.pack})\n\n{description}\n\n**Fix:** {remediation}"
                if remediation
                else description,
            },
            "defaultConfiguration": {"level": LEVELS.get(policy.enforcement_level, "warning")},
            "properties": {"tags": [t for t in ("iac", "pulumi", policy.pack) if t]},
        }
        if policy.severity in SECURITY_SEVERITY:
            rule["properties"]["security-severity"] = SECURITY_SEVERITY[policy.severity]
            rule["properties"]["tags"].append("security")
        rules.append(rule)

    results = [
        _result(v, index[_rule_id(v.pack, v.policy)], program_file, root, report.stack_urn)
        for v in report.violations
    ]
    results += [
        _suppressed_result(n, index[_rule_id(n.pack, n.policy)], program_file, root, report.stack_urn)
        for n in report.not_applicable
    ]
    invocation: dict[str, Any] = {"executionSuccessful": True}
    notifications = [
        {"level": "warning", "message": {"text": n.text.strip()}} for n in report.notes if n.warning
    ]
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": TOOL_NAME,
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": rules,
                    }
                },
                "automationDetails": {"id": f"retail-ai-preview/{report.project}/{report.stack}/"},
                "originalUriBaseIds": {"%SRCROOT%": {"uri": root.as_uri() + "/"}},
                "invocations": [invocation],
                "results": results,
                "properties": {
                    "project": report.project,
                    "stack": report.stack,
                    "region": report.region,
                    "policyPacks": [
                        {"name": p.name, "version": p.version, "origin": p.origin} for p in report.packs
                    ],
                },
            }
        ],
    }


def failed_sarif(message: str, *, root: Path) -> dict[str, Any]:
    """A SARIF log for a run that could not be judged (exit 2): no results and a failed invocation, so a
    dashboard shows the failure instead of keeping the last clean scan."""
    root = root.resolve()
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": TOOL_NAME,
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": [],
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": root.as_uri() + "/"}},
                "invocations": [
                    {
                        "executionSuccessful": False,
                        "toolExecutionNotifications": [{"level": "error", "message": {"text": message}}],
                    }
                ],
                "results": [],
            }
        ],
    }


def sarif_text(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
