"""The cost report: a table by component, the contract's JSON, and the difference between two reports."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .prices import PriceTable
from .pricing import Estimate
from .usage import HOURS_PER_MONTH, Usage


@dataclass
class CostReport:
    project: str
    stack: str
    region: str
    prices: PriceTable
    usage: Usage
    estimates: list[Estimate]

    @property
    def total(self) -> float:
        return round(sum(e.monthly or 0.0 for e in self.estimates), 2)

    @property
    def unpriced(self) -> list[Estimate]:
        return [e for e in self.estimates if e.monthly is None]

    def notes(self) -> list[str]:
        stated = ", ".join(f"{k}={v:g}" for k, v in self.usage.stated().items())
        notes = [
            f"List prices of {self.region} read on {self.prices.date} (USD, pay-as-you-go unless a resource says "
            "otherwise); discounts, taxes, free quotas and subscription discounts are not applied.",
            f"A month is {HOURS_PER_MONTH:g} hours. Usage assumptions (change them with --usage): {stated}.",
        ]
        used = sorted({key for e in self.estimates for key in re.findall(r"\[([^\]]+)\]", e.basis)})
        for key in used:
            price = self.prices.get(key)
            if price is not None:
                notes.append(f"[{key}] ${price.price:g}/{price.unit}: {price.origin}")
        if self.unpriced:
            notes.append(
                f"{len(self.unpriced)} resources are unpriced (not counted in the total); each says why and which "
                "price a usage file can supply."
            )
        return notes


def to_json(report: CostReport) -> dict[str, Any]:
    resources = []
    for e in report.estimates:
        row: dict[str, Any] = {
            "urn": e.urn,
            "type": e.type,
            "monthly": e.monthly,
            "basis": e.basis or e.unpriced,
        }
        if e.monthly_on_demand is not None:
            row["monthlyOnDemand"] = e.monthly_on_demand
        if e.unpriced:
            row["unpriced"] = e.unpriced
        resources.append(row)
    return {
        "project": report.project,
        "stack": report.stack,
        "currency": report.prices.currency,
        "priceTableDate": report.prices.date,
        "region": report.region,
        "resources": resources,
        "total": {"monthly": report.total},
        "notes": report.notes(),
    }


def _money(value: float | None) -> str:
    return "-" if value is None else f"${value:,.2f}"


def render(report: CostReport, console: Console) -> None:
    """Priced resources by component with subtotals, then what is unpriced and why, then the total."""
    by_component: dict[str, list[Estimate]] = defaultdict(list)
    for e in report.estimates:
        by_component[e.component].append(e)
    table = Table(
        title=f"{report.project} / {report.stack} ({report.region}): monthly estimate", expand=False
    )
    table.add_column("component / resource", overflow="fold")
    table.add_column("monthly", justify="right")
    table.add_column("on demand", justify="right")
    table.add_column("basis", overflow="fold")
    for component in sorted(by_component):
        rows = [e for e in by_component[component] if e.monthly]
        subtotal = sum(e.monthly or 0.0 for e in by_component[component])
        table.add_row(f"[bold]{escape(component)}[/bold]", f"[bold]{_money(subtotal)}[/bold]", "", "")
        for e in sorted(rows, key=lambda e: -(e.monthly or 0.0)):
            table.add_row(
                f"  {escape(e.name)}",
                _money(e.monthly),
                _money(e.monthly_on_demand) if e.monthly_on_demand else "",
                escape(e.basis),
            )
    console.print(table)
    if report.unpriced:
        console.print(f"\n[bold]Unpriced ({len(report.unpriced)})[/bold], not in the total:")
        for e in report.unpriced:
            console.print(f"  {escape(e.name)} ({escape(e.type)}): {escape(e.unpriced)}", soft_wrap=True)
    free = sum(1 for e in report.estimates if e.monthly == 0.0)
    console.print(
        f"\n[bold]Total: {_money(report.total)} a month[/bold] "
        f"({len(report.estimates) - len(report.unpriced) - free} priced, {free} without a charge of their own, "
        f"{len(report.unpriced)} unpriced)",
        soft_wrap=True,
    )
    for note in report.notes():
        console.print(f"[dim]{escape(note)}[/dim]", soft_wrap=True)


_STACK_IN_URN = re.compile(r"^urn:pulumi:[^:]+::")


def _key(urn: str) -> str:
    """A resource's identity across stacks: its URN without the stack name."""
    return _STACK_IN_URN.sub("urn:pulumi:*::", urn)


@dataclass(frozen=True)
class Change:
    urn: str
    type: str
    before: float | None
    after: float | None

    @property
    def delta(self) -> float:
        return round((self.after or 0.0) - (self.before or 0.0), 2)


def diff(old: dict[str, Any], new: dict[str, Any]) -> tuple[list[Change], float]:
    """Per resource (matched by URN without the stack), what a change adds, removes or re-prices a month."""
    before = {_key(r["urn"]): r for r in _rows(old)}
    after = {_key(r["urn"]): r for r in _rows(new)}
    changes = []
    for key in sorted(before.keys() | after.keys()):
        b, a = before.get(key), after.get(key)
        change = Change(
            urn=(a or b or {})["urn"],
            type=(a or b or {})["type"],
            before=None if b is None else b.get("monthly"),
            after=None if a is None else a.get("monthly"),
        )
        if b is None or a is None or change.delta:
            changes.append(change)
    total = round(float(new["total"]["monthly"]) - float(old["total"]["monthly"]), 2)
    return changes, total


def _rows(report: dict[str, Any]) -> Iterable[dict[str, Any]]:
    rows = report.get("resources")
    if not isinstance(rows, list) or "total" not in report:
        raise ValueError("not a `retail-ai cost --json` report (it needs resources and total)")
    return rows


def diff_to_json(changes: list[Change], total: float, currency: str) -> dict[str, Any]:
    return {
        "currency": currency,
        "changes": [
            {"urn": c.urn, "type": c.type, "before": c.before, "after": c.after, "delta": c.delta}
            for c in changes
        ],
        "total": {"delta": total},
    }


def render_diff(changes: list[Change], total: float, console: Console) -> None:
    """Markdown-friendly lines, ready for a pull-request comment."""
    sign = "+" if total >= 0 else "-"
    console.print(f"Monthly cost change: {sign}${abs(total):,.2f}", soft_wrap=True)
    for c in sorted(changes, key=lambda c: -abs(c.delta)):
        what = "added" if c.before is None else "removed" if c.after is None else "changed"
        d = f"{'+' if c.delta >= 0 else '-'}${abs(c.delta):,.2f}"
        console.print(
            f"- {what} {escape(c.urn.rsplit('::', 1)[-1])} ({escape(c.type)}): {_money(c.before)} -> {_money(c.after)} ({d})",
            soft_wrap=True,
        )
