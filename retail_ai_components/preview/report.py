"""The preview's two faces: the JSON report (a contract) and the tree a person reads."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.tree import Tree

from .recorder import SECRET_SIG, SIG, UNKNOWN, RecordedResource
from .runner import NotApplicable, PreviewResult, Violation

SECRET_TEXT = "[secret]"
UNKNOWN_TEXT = "[unknown]"


def redact(value: Any) -> Any:
    """Engine-encoded values made printable: secrets hidden, unknowns named."""
    if isinstance(value, dict):
        if value.get(SIG) == SECRET_SIG:
            return SECRET_TEXT
        return {k: redact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(v) for v in value]
    if value == UNKNOWN:
        return UNKNOWN_TEXT
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def to_json(result: PreviewResult) -> dict[str, Any]:
    run = result.run
    resources = [
        {
            "urn": r.urn,
            "type": r.type,
            "name": r.name,
            "parent": r.parent,
            "id": r.id,
            "custom": r.custom,
            "protect": r.protect,
            "dependencies": sorted(r.dependencies),
            "inputs": redact(r.inputs),
        }
        # Registration and dependency order vary from run to run; URN order keeps reports diffable.
        for r in [run.resources[0], *sorted(run.resources[1:], key=lambda r: r.urn)]
    ]
    return {
        "project": run.project,
        "stack": run.stack,
        "region": result.region,
        "resources": resources,
        "violations": [
            v.to_json() for v in sorted(result.violations, key=lambda v: (v.urn, v.policy, v.message))
        ],
        "outputs": redact(run.stack_resource.outputs or {}),
        "summary": {
            "resources": len(run.resources),
            "mandatory": result.mandatory,
            "advisory": result.advisory,
        },
        # Policies that chose not to judge a resource (exemptions by exemptUrns, for example).
        "notApplicable": [
            n.to_json() for n in sorted(result.not_applicable, key=lambda n: (n.urn, n.policy))
        ],
        "notes": result.notes,
    }


_LEVEL_STYLE = {"mandatory": "bold red", "advisory": "yellow", "remediate": "cyan"}


def _label(resource: RecordedResource) -> str:
    marks = " [dim](protected)[/dim]" if resource.protect else ""
    return f"[bold]{escape(resource.name)}[/bold] [dim]{escape(resource.type)}[/dim]{marks}"


def _add_not_applicable(node: Tree, entries: list[NotApplicable]) -> None:
    for n in entries:
        node.add(f"[dim]not applicable {escape(n.policy)}: {escape(n.reason)}[/dim]")


def _add_violations(node: Tree, violations: list[Violation]) -> None:
    for v in violations:
        style = _LEVEL_STYLE.get(v.enforcement_level, "white")
        severity = f" {v.severity}" if v.severity else ""
        branch = node.add(
            f"[{style}]{v.enforcement_level}[/{style}]{severity} {escape(v.policy)}: {escape(v.message)}"
        )
        for step in (line.strip() for line in v.remediation.splitlines()):
            if step:
                branch.add(f"[dim]fix: {escape(step)}[/dim]")


def render(result: PreviewResult, console: Console) -> None:
    """A tree of resources grouped by component, violations under their resource, then a summary."""
    run = result.run
    children: dict[str | None, list[RecordedResource]] = {}
    for r in run.resources[1:]:
        parent = r.parent if r.parent else (None if r.is_provider else run.stack_resource.urn)
        children.setdefault(parent, []).append(r)
    by_urn: dict[str, list[Violation]] = {}
    for v in result.violations:
        by_urn.setdefault(v.urn or run.stack_resource.urn, []).append(v)
    skipped: dict[str, list[NotApplicable]] = {}
    for n in result.not_applicable:
        skipped.setdefault(n.urn or run.stack_resource.urn, []).append(n)

    root = Tree(
        f"[bold]{escape(run.project)}[/bold] stack [bold]{escape(run.stack)}[/bold] ({escape(result.region or 'no region')})"
    )
    _add_violations(root, by_urn.get(run.stack_resource.urn, []))
    _add_not_applicable(root, skipped.get(run.stack_resource.urn, []))

    def grow(node: Tree, parent: str | None) -> None:
        for r in sorted(children.get(parent, []), key=lambda r: (r.type, r.name)):
            child = node.add(_label(r))
            _add_violations(child, by_urn.get(r.urn, []))
            _add_not_applicable(child, skipped.get(r.urn, []))
            grow(child, r.urn)

    providers = children.get(None, [])
    if providers:
        branch = root.add("[dim]providers[/dim]")
        for p in providers:
            _add_violations(branch.add(_label(p)), by_urn.get(p.urn, []))
    grow(root, run.stack_resource.urn)
    console.print(root)

    outputs = redact(run.stack_resource.outputs or {})
    if outputs:
        console.print("[bold]Outputs[/bold]")
        for key, value in outputs.items():
            console.print(f"  {escape(key)}: {escape(str(value))}")
    pack = f" by {result.policy_pack}" if result.policy_pack else " (no policy pack)"
    verdict = "[bold red]FAIL[/bold red]" if result.mandatory else "[bold green]PASS[/bold green]"
    exempt = f", {len(result.not_applicable)} not applicable" if result.not_applicable else ""
    console.print(
        f"{verdict} {len(run.resources)} resources, {result.mandatory} mandatory and "
        f"{result.advisory} advisory violations{exempt}{pack}"
    )
