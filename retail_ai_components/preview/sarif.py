"""SARIF 2.1.0 for code-scanning dashboards (GitHub code scanning, GitLab, Azure DevOps).

One run per preview; one rule per policy (``<pack>/<policy>``, so two packs never collide), with the policy's
description and remediation as help; one result per violation: level ``error`` for mandatory, ``warning``
for advisory, ``note`` for remediate. A result's location is logical (the resource's URN) and physical: the
program file and line that registered the resource when the engine told us, else the program's
``__main__.py`` (code scanning drops results without a file). ``automationDetails.id`` carries project and
stack, so uploads of dev and prod are separate categories instead of replacing each other.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .._version import __version__
from .redaction import write_text
from .report import Report, ViolationView

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


def _artifact(path: str, base: Path) -> dict[str, Any]:
    """A file as code scanning wants it: relative to the checkout (the folder the tool runs in) when inside."""
    resolved = Path(path).resolve()
    try:
        relative = resolved.relative_to(base)
    except ValueError:
        return {"uri": resolved.as_uri()}
    return {"uri": quote(relative.as_posix()), "uriBaseId": "%SRCROOT%"}


def _result(
    v: ViolationView, rule_index: int, program_file: Path | None, base: Path, stack_urn: str
) -> dict[str, Any]:
    urn = v.urn or stack_urn
    text = v.detail if v.detail != v.description else v.message
    name = v.resource_name or "stack"
    location: dict[str, Any] = {
        "logicalLocations": [
            {"fullyQualifiedName": urn, "name": name, "kind": "resource" if v.urn else "module"}
        ],
        "message": {"text": f"{name} ({v.resource_type or 'the stack'})"},
    }
    if v.source is not None:
        location["physicalLocation"] = {
            "artifactLocation": _artifact(v.source[0], base),
            "region": {"startLine": max(1, v.source[1])},
        }
    elif program_file is not None:
        location["physicalLocation"] = {
            "artifactLocation": _artifact(str(program_file), base),
            "region": {"startLine": 1},
        }
    fingerprint = hashlib.sha256(f"{v.pack}\0{v.policy}\0{urn}\0{text}".encode()).hexdigest()
    result: dict[str, Any] = {
        "ruleId": _rule_id(v.pack, v.policy),
        "ruleIndex": rule_index,
        "level": LEVELS.get(v.enforcement_level, "warning"),
        "message": {"text": f"{text} (resource {urn})"},
        "locations": [location],
        "partialFingerprints": {"retailAiPolicyResource/v1": fingerprint},
        "properties": {"urn": urn, "enforcementLevel": v.enforcement_level, "policyPack": v.pack},
    }
    if v.severity:
        result["properties"]["severity"] = v.severity
    return result


def to_sarif(
    report: Report,
    *,
    program_file: Path | None = None,
    base: Path | None = None,
) -> dict[str, Any]:
    """The SARIF log of a judged run (exit 0 or 1); :func:`failed_sarif` is the one for exit 2."""
    base = (base or Path(os.getcwd())).resolve()
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
        _result(v, index[_rule_id(v.pack, v.policy)], program_file, base, report.stack_urn)
        for v in report.violations
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
                "originalUriBaseIds": {"%SRCROOT%": {"uri": base.as_uri() + "/"}},
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


def failed_sarif(message: str, *, base: Path | None = None) -> dict[str, Any]:
    """A SARIF log for a run that could not be judged (exit 2): no results and a failed invocation, so a
    dashboard shows the failure instead of keeping the last clean scan."""
    base = (base or Path(os.getcwd())).resolve()
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
                "originalUriBaseIds": {"%SRCROOT%": {"uri": base.as_uri() + "/"}},
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


def write_sarif(path: Path, document: dict[str, Any]) -> None:
    write_text("SARIF log", path, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
