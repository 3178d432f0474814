"""What a change does to the monthly bill: resources added, changed and removed, per cost component.

Resources of the two reports are matched by their type chain and name with the stack name replaced
(``retail-{stack}-network-vpc``), so a dev report diffs against prod resource by resource. A resource in
both reports is *changed* when its figure, its status (unpriced -> priced is a change, not an addition),
one of its cost components, or, for a resource that is not fully priced, its inputs differ. Two reports
priced in other currencies, regions or price tables are refused: their figures do not compare.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pydantic

from .errors import CostError
from .resources import logical_key

_Lenient = pydantic.ConfigDict(extra="ignore", frozen=True, allow_inf_nan=False)


class _ComponentRow(pydantic.BaseModel):
    model_config = _Lenient
    name: str
    monthly: float | None = None


class _ResourceRow(pydantic.BaseModel):
    model_config = _Lenient
    urn: str = pydantic.Field(pattern=r"^urn:pulumi:")
    type: str
    monthly: float | None
    status: str | None = None
    inputsDigest: str = ""
    costComponents: list[_ComponentRow] = []

    def state(self) -> str:
        return self.status or ("unpriced" if self.monthly is None else "priced")


class _TotalRow(pydantic.BaseModel):
    model_config = _Lenient
    monthly: float
    lowerBound: bool | None = None


class _ReportDoc(pydantic.BaseModel):
    model_config = _Lenient
    formatVersion: int | None = None
    stack: str = ""
    currency: str
    priceTableDate: str
    region: str
    resources: list[_ResourceRow]
    total: _TotalRow

    def stack_name(self) -> str:
        if self.stack:
            return self.stack
        match = re.match(r"^urn:pulumi:([^:]+)::", self.resources[0].urn) if self.resources else None
        return match.group(1) if match else ""


def read_report(path: Path) -> _ReportDoc:
    """A base report written by ``retail-ai cost --json``; anything else is one error naming the field."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CostError(f"--diff {path}: {exc.strerror}") from None
    except ValueError as exc:
        raise CostError(f"--diff {path}: not JSON: {exc}") from None
    return parse_report(raw, f"--diff {path}")


def parse_report(raw: Any, where: str) -> _ReportDoc:
    if not isinstance(raw, dict):
        raise CostError(f"{where}: not a `retail-ai cost --json` report (a JSON object)")
    if "error" in raw and "resources" not in raw:
        raise CostError(f"{where}: the base run failed, its report holds only its error: {raw['error']}")
    if "changes" in raw:
        raise CostError(f"{where}: this is a diff, not a `retail-ai cost --json` report")
    try:
        return _ReportDoc.model_validate(raw)
    except pydantic.ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        field_name = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in first["loc"]).lstrip(".")
        raise CostError(
            f"{where}: not a `retail-ai cost --json` report: {field_name}: {first['msg']}"
        ) from None


@dataclass(frozen=True)
class ComponentChange:
    name: str
    before: float | None
    after: float | None
    before_present: bool = True
    after_present: bool = True

    def text(self) -> str:
        def side(value: float | None, present: bool) -> str:
            return "-" if not present else "unpriced" if value is None else _money(value)

        return (
            f"{self.name}: {side(self.before, self.before_present)} -> {side(self.after, self.after_present)}"
        )


@dataclass(frozen=True)
class ResourceChange:
    action: str
    """``added``, ``removed`` or ``changed``."""
    urn: str
    type: str
    before: float | None
    after: float | None
    before_status: str | None
    after_status: str | None
    components: tuple[ComponentChange, ...] = ()
    inputs_changed: bool = False

    @property
    def delta(self) -> float:
        return round((self.after or 0.0) - (self.before or 0.0), 2)

    @property
    def name(self) -> str:
        return self.urn.rsplit("::", 1)[-1]

    def describe(self) -> str:
        parts = []
        if self.before_status != self.after_status and self.action == "changed":
            parts.append(f"{self.before_status} -> {self.after_status}")
        elif self.action != "changed" and (self.before_status or self.after_status) in (
            "unpriced",
            "partial",
        ):
            parts.append(str(self.before_status or self.after_status))
        if self.inputs_changed and not parts and self.delta == 0:
            parts.append(f"inputs changed ({self.after_status}: the figure cannot show it)")
        return "; ".join(parts)


@dataclass
class Diff:
    currency: str
    old_total: float
    new_total: float
    old_lower_bound: bool
    new_lower_bound: bool
    changes: list[ResourceChange] = field(default_factory=list)
    free_added: int = 0
    free_removed: int = 0
    """Resources without a charge of their own (route tables, RAM) added or removed: counted, not listed."""

    @property
    def delta(self) -> float:
        return round(self.new_total - self.old_total, 2)

    @property
    def percent(self) -> float | None:
        return None if not self.old_total else round(100 * self.delta / self.old_total, 1)

    def count(self, action: str) -> int:
        return sum(c.action == action for c in self.changes)


def _components(row: _ResourceRow | None) -> dict[str, float | None]:
    if row is None:
        return {}
    merged: dict[str, float | None] = {}
    for c in row.costComponents:
        previous = merged.get(c.name)
        merged[c.name] = c.monthly if previous is None else previous + (c.monthly or 0.0)
    return merged


def diff(old: _ReportDoc, new: _ReportDoc, where: str = "--diff") -> Diff:
    for label, base_value, new_value in (
        ("currency", old.currency, new.currency),
        ("region", old.region, new.region),
        ("priceTableDate", old.priceTableDate, new.priceTableDate),
    ):
        if base_value != new_value:
            raise CostError(
                f"{where}: the base report's {label} is {base_value!r} and this run's is {new_value!r}: their "
                "figures do not compare; write the base report with the same version of retail-ai for the same "
                "region"
            )
    before = {logical_key(r.urn, old.stack_name()): r for r in old.resources}
    after = {logical_key(r.urn, new.stack_name()): r for r in new.resources}
    result = Diff(
        new.currency,
        old.total.monthly,
        new.total.monthly,
        bool(old.total.lowerBound),
        bool(new.total.lowerBound),
    )
    for key in sorted(before.keys() | after.keys()):
        b, a = before.get(key), after.get(key)
        row = a or b
        assert row is not None
        old_parts, new_parts = _components(b), _components(a)
        parts = tuple(
            ComponentChange(
                name, old_parts.get(name), new_parts.get(name), name in old_parts, name in new_parts
            )
            for name in sorted(old_parts.keys() | new_parts.keys())
            if old_parts.get(name) != new_parts.get(name) or (name in old_parts) != (name in new_parts)
        )
        if b is None or a is None:
            action = "added" if b is None else "removed"
            if row.state() == "free":
                if b is None:
                    result.free_added += 1
                else:
                    result.free_removed += 1
                continue
            result.changes.append(
                ResourceChange(
                    action,
                    row.urn,
                    row.type,
                    None if b is None else b.monthly,
                    None if a is None else a.monthly,
                    None if b is None else b.state(),
                    None if a is None else a.state(),
                    parts,
                )
            )
            continue
        not_fully_priced = {a.state(), b.state()} & {"unpriced", "partial"}
        inputs_changed = bool(
            not_fully_priced and a.inputsDigest and b.inputsDigest and a.inputsDigest != b.inputsDigest
        )
        if a.monthly != b.monthly or a.state() != b.state() or parts or inputs_changed:
            result.changes.append(
                ResourceChange(
                    "changed",
                    a.urn,
                    a.type,
                    b.monthly,
                    a.monthly,
                    b.state(),
                    a.state(),
                    parts,
                    inputs_changed,
                )
            )
    result.changes.sort(key=lambda c: (-abs(c.delta), c.action, c.urn))
    return result


def _money(value: float | None) -> str:
    return "-" if value is None else f"${value:,.2f}"


def _signed(value: float) -> str:
    return f"{'+' if value >= 0 else '-'}${abs(value):,.2f}"


def _figure(value: float | None, status: str | None) -> str:
    if status == "unpriced":
        return "unpriced"
    text = _money(value)
    return f"≥ {text}" if status == "partial" else text


def summary(d: Diff) -> str:
    percent = "" if d.percent is None else f" ({'+' if d.delta >= 0 else ''}{d.percent:g} %)"
    old = f"{'at least ' if d.old_lower_bound else ''}{_money(d.old_total)}"
    new = f"{'at least ' if d.new_lower_bound else ''}{_money(d.new_total)}"
    return (
        f"Monthly cost: {old} -> {new}, {_signed(d.delta)}{percent}; "
        f"{d.count('added')} added, {d.count('changed')} changed, {d.count('removed')} removed"
    )


def to_json(d: Diff) -> dict[str, Any]:
    return {
        "formatVersion": 1,
        "currency": d.currency,
        "changes": [
            {
                "action": c.action,
                "urn": c.urn,
                "type": c.type,
                "before": c.before,
                "after": c.after,
                "delta": c.delta,
                "beforeStatus": c.before_status,
                "afterStatus": c.after_status,
                "inputsChanged": c.inputs_changed,
                "costComponents": [
                    {"name": p.name, "before": p.before, "after": p.after} for p in c.components
                ],
            }
            for c in d.changes
        ],
        "withoutChargeAdded": d.free_added,
        "withoutChargeRemoved": d.free_removed,
        "total": {
            "before": d.old_total,
            "after": d.new_total,
            "delta": d.delta,
            "percent": d.percent,
            "beforeLowerBound": d.old_lower_bound,
            "afterLowerBound": d.new_lower_bound,
        },
    }


def render_text(d: Diff) -> str:
    lines = [summary(d)]
    for c in d.changes:
        note = c.describe()
        lines.append(
            f"- {c.action} {c.name} ({c.type}): {_figure(c.before, c.before_status)} -> "
            f"{_figure(c.after, c.after_status)} ({_signed(c.delta)})" + (f"; {note}" if note else "")
        )
        if c.action == "changed":
            lines += [f"    {p.text()}" for p in c.components]
    lines += _free_lines(d)
    if d.new_lower_bound or d.old_lower_bound:
        lines.append("Totals marked 'at least' leave out unpriced resources; their changes are listed above.")
    return "\n".join(lines) + "\n"


def _free_lines(d: Diff) -> list[str]:
    if not (d.free_added or d.free_removed):
        return []
    return [
        f"Not listed: {d.free_added} added and {d.free_removed} removed resources without a charge of their own."
    ]


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render_markdown(d: Diff) -> str:
    lines = [f"### {summary(d)}", ""]
    if d.changes:
        lines += ["| | resource | type | before | after | change |", "|---|---|---|---:|---:|---:|"]
        for c in d.changes:
            note = c.describe()
            what = f"`{_cell(c.name)}`" + (f"<br>{_cell(note)}" if note else "")
            if c.action == "changed":
                what += "".join(f"<br>{_cell(p.text())}" for p in c.components)
            lines.append(
                f"| {c.action} | {what} | {_cell(c.type)} | {_figure(c.before, c.before_status)} | "
                f"{_figure(c.after, c.after_status)} | {_signed(c.delta)} |"
            )
    else:
        lines.append("No resource changes what it costs.")
    free = _free_lines(d)
    if free:
        lines += ["", *free]
    if d.new_lower_bound or d.old_lower_bound:
        lines += [
            "",
            "> Totals marked *at least* leave out unpriced resources; their changes are listed above.",
        ]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Threshold:
    amount: float
    percent: bool

    def exceeded_by(self, d: Diff) -> bool:
        if self.percent:
            if d.percent is None:
                return d.delta > 0
            return d.percent > self.amount
        return d.delta > self.amount

    def text(self) -> str:
        return f"{self.amount:g} %" if self.percent else f"${self.amount:,.2f}"


def parse_threshold(text: str) -> Threshold:
    """``250`` (USD a month) or ``10%`` (of the base total)."""
    value = text.strip()
    percent = value.endswith("%")
    try:
        amount = float(value.rstrip("%").strip().lstrip("$"))
    except ValueError:
        raise CostError(
            f"--fail-above {text!r}: give an amount in USD a month (250) or a percentage (10%)"
        ) from None
    if not math.isfinite(amount) or amount < 0:
        raise CostError(f"--fail-above {text!r}: must be a finite, non-negative amount")
    return Threshold(amount, percent)
