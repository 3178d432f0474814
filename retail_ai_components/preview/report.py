"""The preview's faces: the JSON report (a contract), the text a person reads, and the view both share.

:func:`build` turns a :class:`~.runner.PreviewResult` into a :class:`Report`: violations with the policy's
description split from their own message, secrets hidden in every string, text from programs made safe to
print. The JSON document, the text report, SARIF, JUnit and GitHub annotations all read that one view, so a
secret hidden in one is hidden in all.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape
from rich.tree import Tree

from .notes import Note
from .records import RecordedResource
from .redaction import SECRET_TEXT, SECRETS, Redactor, credential_keys, learn_resource
from .text import cap_bytes, safe
from .wire import SECRET_SIG, SIG, UNKNOWN

if TYPE_CHECKING:
    from .runner import PreviewResult
    from .verdicts import NotApplicable, Violation

UNKNOWN_TEXT = "[unknown]"
LEVEL_ORDER = {"mandatory": 0, "remediate": 1, "advisory": 2}


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


def resource_inputs(resource: RecordedResource) -> Any:
    """A resource's inputs as every output shows them: secrets hidden, and a provider's credential arguments
    always ``[secret]`` (the SDK sends them in plain text; the engine would keep them in its state)."""
    inputs = redact(resource.inputs)
    for key in credential_keys(resource.type, inputs):
        inputs[key] = SECRET_TEXT
    return inputs


@dataclass(frozen=True)
class PolicyView:
    pack: str
    name: str
    description: str = ""
    enforcement_level: str = ""
    severity: str = ""
    remediation: str = ""


@dataclass(frozen=True)
class PackView:
    name: str
    version: str = ""
    origin: str = ""
    path: str = ""
    policies: tuple[PolicyView, ...] = ()


@dataclass(frozen=True)
class ViolationView:
    pack: str
    policy: str
    enforcement_level: str
    severity: str
    urn: str
    message: str
    """The whole message as the pack sent it (secrets hidden): what the JSON report carries."""
    detail: str
    """The violation's own words, without the policy's description in front."""
    description: str
    remediation: str
    resource_name: str = ""
    resource_type: str = ""
    source: tuple[str, int] | None = None
    """The program file and line that registered the resource (or its nearest registered ancestor)."""


@dataclass(frozen=True)
class NotApplicableView:
    pack: str
    policy: str
    urn: str
    reason: str
    resource_name: str = ""
    resource_type: str = ""
    source: tuple[str, int] | None = None
    """As :attr:`ViolationView.source`: where the program registered the resource."""


@dataclass
class Report:
    project: str
    stack: str
    region: str
    resources: list[RecordedResource]
    packs: list[PackView]
    violations: list[ViolationView]
    not_applicable: list[NotApplicableView]
    outputs: dict[str, Any]
    notes: list[Note]
    program_output: list[tuple[str, str]] = field(default_factory=list)
    hide: Redactor = field(default_factory=lambda: SECRETS)

    @property
    def mandatory(self) -> int:
        return sum(v.enforcement_level == "mandatory" for v in self.violations)

    @property
    def advisory(self) -> int:
        return sum(v.enforcement_level == "advisory" for v in self.violations)

    @property
    def stack_urn(self) -> str:
        return self.resources[0].urn

    def failing_policies(self) -> list[str]:
        return sorted({v.policy for v in self.violations if v.enforcement_level == "mandatory"})

    def policies(self) -> list[PolicyView]:
        """Every policy known for the run: the packs' own list, plus any that only a violation names."""
        known: dict[tuple[str, str], PolicyView] = {}
        for pack in self.packs:
            for p in pack.policies:
                known.setdefault((p.pack, p.name), p)
        for v in self.violations:
            known.setdefault(
                (v.pack, v.policy),
                PolicyView(v.pack, v.policy, v.description, v.enforcement_level, v.severity, v.remediation),
            )
        for n in self.not_applicable:
            known.setdefault((n.pack, n.policy), PolicyView(n.pack, n.policy))
        return list(known.values())


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _pack_views(result: PreviewResult) -> list[PackView]:
    return [
        PackView(
            name=pack.name,
            version=pack.version,
            origin=pack.origin,
            path=str(pack.path),
            policies=tuple(
                PolicyView(pack.name, p.name, p.description, p.enforcement_level, p.severity, p.remediation)
                for p in pack.policies
            ),
        )
        for pack in result.packs
    ]


def _source_position(
    resource: RecordedResource, by_urn: dict[str, RecordedResource], root: Path | None
) -> tuple[str, int] | None:
    """The first registration site inside the project, walking up the parents (a component's children are
    registered by the library; the user's file is where the component was created)."""
    current: RecordedResource | None = resource
    while current is not None:
        position = current.source_position
        if position:
            path, line = str(position[0]), int(position[1])
            if path.startswith("file://"):
                path = path[len("file://") :]
            if root is None or Path(path).resolve().is_relative_to(root):
                return path, line
        current = by_urn.get(current.parent) if current.parent else None
    return None


def _learn_run_secrets(result: PreviewResult) -> None:
    """Every secret of the run into the redaction layer: inputs and outputs marked secret, the stack's
    outputs, and the credential arguments of providers."""
    for r in result.run.resources:
        learn_resource(SECRETS, r.type, r.inputs, r.outputs)
    SECRETS.learn(result.outputs)


def _inferred_descriptions(violations: Sequence[Violation]) -> dict[tuple[str, str], str]:
    """pulumi-policy sends "<description>\n<message>"; without the description from the pack's info, the first
    line that every violation of a policy shares is that description."""
    first_lines: dict[tuple[str, str], set[str]] = {}
    for v in violations:
        head, newline, _ = _text(v.message).partition("\n")
        first_lines.setdefault((v.policy_pack, v.policy), set()).add(head if newline else "")
    return {key: heads.pop() for key, heads in first_lines.items() if len(heads) == 1 and "" not in heads}


@dataclass(frozen=True)
class _Context:
    """What every violation's view is built with."""

    policies: dict[tuple[str, str], PolicyView]
    inferred: dict[tuple[str, str], str]
    by_urn: dict[str, RecordedResource]
    root: Path | None
    hide: Redactor


def _violation_view(v: Violation, context: _Context) -> ViolationView:
    """One violation as every output shows it: the description split from its own words, secrets hidden."""
    key = (v.policy_pack, v.policy)
    info = context.policies.get(key)
    description = v.description or (info.description if info else "") or context.inferred.get(key, "")
    message = cap_bytes(context.hide(_text(v.message)))
    detail = message
    if description and detail.startswith(description):
        detail = detail[len(description) :].lstrip("\n") or description
    resource = context.by_urn.get(v.urn) if v.urn else None
    return ViolationView(
        pack=v.policy_pack,
        policy=v.policy,
        enforcement_level=v.enforcement_level,
        severity=v.severity,
        urn=v.urn,
        message=message,
        detail=detail,
        description=context.hide(description),
        remediation=context.hide(_text(v.remediation) or (info.remediation if info else "")),
        resource_name=resource.name if resource else "",
        resource_type=resource.type if resource else "",
        source=_source_position(resource, context.by_urn, context.root) if resource else None,
    )


def _not_applicable_view(n: NotApplicable, context: _Context) -> NotApplicableView:
    resource = context.by_urn.get(n.urn) if n.urn else None
    return NotApplicableView(
        pack=n.policy_pack,
        policy=n.policy,
        urn=n.urn,
        reason=cap_bytes(context.hide(_text(n.reason))),
        resource_name=resource.name if resource else "",
        resource_type=resource.type if resource else "",
        source=_source_position(resource, context.by_urn, context.root) if resource else None,
    )


def build(
    result: PreviewResult,
    project_root: Path | None = None,
    notes: Sequence[Note] = (),
) -> Report:
    """The one view of a run that every output reads."""
    run = result.run
    _learn_run_secrets(result)
    hide = SECRETS
    packs = _pack_views(result)
    context = _Context(
        policies={(p.pack, p.name): p for pack in packs for p in pack.policies},
        inferred=_inferred_descriptions(result.violations),
        by_urn=run.by_urn(),
        root=project_root.resolve() if project_root else None,
        hide=hide,
    )
    violations = sorted(
        (_violation_view(v, context) for v in result.violations),
        key=lambda v: (v.urn, LEVEL_ORDER.get(v.enforcement_level, 3), v.pack, v.policy, v.message),
    )
    not_applicable = sorted(
        (_not_applicable_view(n, context) for n in result.not_applicable),
        key=lambda n: (n.urn, n.pack, n.policy),
    )
    outputs = result.outputs or run.stack_resource.outputs or {}
    all_notes = [*notes, *(n for n in result.notes if n not in notes)]
    return Report(
        project=run.project,
        stack=run.stack,
        region=result.region,
        resources=run.resources,
        packs=packs,
        violations=violations,
        not_applicable=not_applicable,
        outputs=redact(outputs),
        notes=[replace(n, text=hide(n.text)) for n in all_notes],
        program_output=[(stream, hide(line)) for stream, line in result.program_output],
        hide=hide,
    )


# --------------------------------------------------------------------------- JSON


def to_json(report: Report) -> dict[str, Any]:
    run_resources = report.resources
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
            "inputs": resource_inputs(r),
        }
        # Registration and dependency order vary from run to run; URN order keeps reports diffable.
        for r in [run_resources[0], *sorted(run_resources[1:], key=lambda r: r.urn)]
    ]
    return {
        "project": report.project,
        "stack": report.stack,
        "region": report.region,
        "resources": resources,
        "violations": [
            {
                "policyPack": v.pack,
                "policy": v.policy,
                "enforcementLevel": v.enforcement_level,
                "severity": v.severity,
                "urn": v.urn,
                "message": v.message,
                "remediation": v.remediation,
            }
            for v in report.violations
        ],
        "outputs": report.outputs,
        "summary": {
            "resources": len(run_resources),
            "mandatory": report.mandatory,
            "advisory": report.advisory,
        },
        "policyPacks": [
            {"name": p.name, "version": p.version, "origin": p.origin, "path": p.path} for p in report.packs
        ],
        # Policies that chose not to judge a resource (exemptions, for example), with their reason.
        "notApplicable": [
            {"policyPack": n.pack, "policy": n.policy, "urn": n.urn, "reason": n.reason}
            for n in report.not_applicable
        ],
        "notes": [str(n) for n in report.notes],
    }


# --------------------------------------------------------------------------- text


_LEVEL_STYLE = {"mandatory": "bold red", "advisory": "yellow", "remediate": "cyan"}


def _level(level: str) -> str:
    style = _LEVEL_STYLE.get(level, "white")
    return f"[{style}]{escape(level)}[/{style}]"


def _steps(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _render_violations(report: Report, console: Console) -> None:
    if not report.violations:
        return
    several = len({v.pack for v in report.violations}) > 1 or len(report.packs) > 1
    by_pack: dict[str, list[ViolationView]] = {}
    for v in report.violations:
        by_pack.setdefault(v.pack, []).append(v)
    versions = {p.name: p.version for p in report.packs}
    for pack, violations in by_pack.items():
        counts = Counter(v.enforcement_level for v in violations)
        summary = ", ".join(f"{counts[level]} {level}" for level in LEVEL_ORDER if counts[level])
        version = f" {versions[pack]}" if versions.get(pack) else ""
        title = f"Violations of {safe(pack)}{escape(version)}" if several or pack else "Violations"
        console.print(f"[bold]{title}[/bold] ({summary})")
        by_urn: dict[str, list[ViolationView]] = {}
        for v in violations:
            by_urn.setdefault(v.urn, []).append(v)
        # The resources with the worst violation first, then by URN, so the mandatory ones lead.
        ordered = sorted(
            by_urn.items(),
            key=lambda item: (min(LEVEL_ORDER.get(v.enforcement_level, 3) for v in item[1]), item[0]),
        )
        for urn, items in ordered:
            first = items[0]
            if urn:
                console.print(
                    f"  [bold]{safe(first.resource_name or urn)}[/bold] [dim]{safe(first.resource_type)}[/dim]"
                )
                console.print(f"    [dim]{safe(urn)}[/dim]")
            else:
                console.print(f"  [bold]stack {safe(report.stack)}[/bold] [dim](the stack as a whole)[/dim]")
            for v in items:
                severity = f" {escape(v.severity)}" if v.severity else ""
                console.print(f"    {_level(v.enforcement_level)}{severity} [bold]{safe(v.policy)}[/bold]")
                for line in _steps(v.detail):
                    console.print(f"      {safe(line)}")
                steps = _steps(v.remediation)
                for i, step in enumerate(steps):
                    console.print(f"      [green]{'fix:' if i == 0 else '    '}[/green] {safe(step)}")
        policies = {(v.pack, v.policy): v.description for v in violations if v.description}
        if policies:
            console.print("  [dim]Policies:[/dim]")
            for (_, name), description in sorted(policies.items()):
                console.print(f"    [dim]{safe(name)}: {safe(' '.join(description.split()))}[/dim]")
        console.print()


def _render_not_applicable(report: Report, console: Console) -> None:
    if not report.not_applicable:
        return
    names = {r.urn: r.name for r in report.resources}
    console.print(
        f"[bold]Not applicable[/bold] ({len(report.not_applicable)}: exemptions and policies that chose not to judge)"
    )
    for n in report.not_applicable:
        where = names.get(n.urn, n.urn) if n.urn else f"stack {report.stack}"
        console.print(f"  {safe(where)}: not applicable {safe(n.policy)}: {safe(n.reason)}")
    console.print()


def _short_type(type_: str) -> str:
    """``alicloud:vpc/network:Network`` -> ``vpc/network:Network``: the package is the same everywhere."""
    return type_.split(":", 1)[1] if type_.count(":") >= 2 else type_


def _render_tree(report: Report, console: Console) -> None:
    """Components (and the stack) with the count of what each holds; only resources with violations by name."""
    resources = report.resources
    stack = resources[0]
    children: dict[str, list[RecordedResource]] = {}
    providers: list[RecordedResource] = []
    for r in resources[1:]:
        if r.is_provider and not r.parent:
            providers.append(r)
            continue
        children.setdefault(r.parent or stack.urn, []).append(r)
    flagged: dict[str, Counter[str]] = {}
    for v in report.violations:
        flagged.setdefault(v.urn or stack.urn, Counter())[v.enforcement_level] += 1

    def marks(urn: str) -> str:
        counts = flagged.get(urn)
        if not counts:
            return ""
        return " " + ", ".join(f"{_level(level)} {counts[level]}" for level in LEVEL_ORDER if counts[level])

    def label(r: RecordedResource) -> str:
        custom = [c for c in children.get(r.urn, []) if c.custom]
        total = _count(r.urn)
        protected = sum(c.protect for c in _descendants(r.urn))
        held = f": {total} resources" if total else ""
        held += f", {protected} protected" if protected else ""
        types = Counter(_short_type(c.type) for c in custom)
        kinds = ", ".join(f"{n} {t}" for t, n in sorted(types.items(), key=lambda kv: (-kv[1], kv[0])))
        text = f"[bold]{safe(r.name)}[/bold] [dim]{safe(r.type)}[/dim]{held}{marks(r.urn)}"
        return text + (f" [dim]({safe(kinds)})[/dim]" if kinds else "")

    def _descendants(urn: str) -> list[RecordedResource]:
        found: list[RecordedResource] = []
        stack_ = list(children.get(urn, []))
        while stack_:
            r = stack_.pop()
            found.append(r)
            stack_.extend(children.get(r.urn, []))
        return found

    def _count(urn: str) -> int:
        return sum(c.custom for c in _descendants(urn))

    root = Tree(
        f"[bold]{safe(report.project)}[/bold] stack [bold]{safe(report.stack)}[/bold] "
        f"({safe(report.region or 'no region')}): {len(resources)} resources{marks(stack.urn)}"
    )

    def grow(node: Tree, parent: str) -> None:
        kids = children.get(parent, [])
        for r in sorted((k for k in kids if not k.custom), key=lambda r: (r.type, r.name)):
            grow(node.add(label(r)), r.urn)
        for r in sorted((k for k in kids if k.custom and k.urn in flagged), key=lambda r: (r.type, r.name)):
            node.add(f"{safe(r.name)} [dim]{safe(_short_type(r.type))}[/dim]{marks(r.urn)}")
        direct = [k for k in kids if k.custom and k.urn not in flagged]
        if direct and parent == stack.urn:
            types = Counter(_short_type(c.type) for c in direct)
            kinds = ", ".join(f"{n} {t}" for t, n in sorted(types.items(), key=lambda kv: (-kv[1], kv[0])))
            node.add(f"[dim]{len(direct)} resources outside components ({safe(kinds)})[/dim]")

    grow(root, stack.urn)
    if providers:
        root.add(
            "[dim]providers: "
            + ", ".join(f"{safe(p.name)}{marks(p.urn)}" for p in sorted(providers, key=lambda p: p.urn))
            + "[/dim]"
        )
    console.print(root)


def _render_outputs(report: Report, console: Console) -> None:
    if not report.outputs:
        return
    console.print("[bold]Outputs[/bold]")
    for key, value in report.outputs.items():
        text = value if isinstance(value, str) else json.dumps(value, sort_keys=True, ensure_ascii=False)
        console.print(f"  {safe(str(key))}: {safe(report.hide(text))}")


def _render_program_output(report: Report, console: Console) -> None:
    if not report.program_output:
        return
    console.print(f"[bold]Program output[/bold] ({len(report.program_output)} lines)")
    for stream, line in report.program_output:
        marker = "" if stream == "stdout" else f"[dim]{escape(stream)}:[/dim] "
        console.print(f"  {marker}{safe(line)}")
    console.print()


def summary_line(report: Report) -> str:
    verdict = "[bold red]FAIL[/bold red]" if report.mandatory else "[bold green]PASS[/bold green]"
    failing = report.failing_policies()
    named = f" ({', '.join(safe(p) for p in failing)})" if failing else ""
    exempt = f", {len(report.not_applicable)} not applicable" if report.not_applicable else ""
    if report.packs:
        judged = " by " + ", ".join(
            safe(p.name)
            + (f" {escape(p.version)}" if p.version else "")
            + (" (bundled)" if p.origin == "bundled" else "")
            for p in report.packs
        )
    else:
        judged = " ([bold yellow]no policy pack ran[/bold yellow])"
    return (
        f"{verdict} {len(report.resources)} resources, {report.mandatory} mandatory{named} and "
        f"{report.advisory} advisory violations{exempt}{judged}"
    )


def render(report: Report, console: Console, *, show_outputs: bool = False) -> None:
    """Violations first (grouped by resource), then exemptions, a compact tree, notes, the summary line."""
    _render_violations(report, console)
    _render_not_applicable(report, console)
    _render_tree(report, console)
    if show_outputs:
        _render_outputs(report, console)
    console.print()
    _render_program_output(report, console)
    for note in report.notes:
        if note.warning:
            console.print(f"[yellow]{safe(str(note))}[/yellow]")
    others = [n for n in report.notes if not n.warning]
    if others:
        console.print("[dim]Notes:[/dim]")
        for note in others:
            console.print(f"[dim]  - {safe(note.text)}[/dim]")
    console.print(summary_line(report))


def console_for(stream: Any, *, stderr: bool = False) -> Console:
    """A console that never hard-wraps when it is not a terminal (CI logs keep URNs whole) and honours
    NO_COLOR (rich reads it)."""
    terminal = bool(getattr(stream, "isatty", lambda: False)())
    return Console(
        file=stream,
        stderr=stderr,
        highlight=False,
        soft_wrap=not terminal,
        width=None if terminal else 100_000,
    )
