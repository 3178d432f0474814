"""The cost report: a table by component, markdown for a pull request, and the versioned JSON document.

A total never hides what it leaves out: it counts the unpriced and partly priced resources and says it is
a lower bound when there are any, in every output; a component whose resources are all unpriced shows
"unpriced", never $0.00.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .prices import HOURS_PER_MONTH, Price, PriceTable
from .pricing import Estimate, used_price_keys
from .rules import reads
from .usage import Usage

FORMAT_VERSION = 1
"""Of the JSON document (``formatVersion``); raised when a field changes meaning or goes away."""


@dataclass(frozen=True)
class Total:
    monthly: float
    unpriced: int
    partial: int

    @property
    def lower_bound(self) -> bool:
        return bool(self.unpriced or self.partial)

    def text(self) -> str:
        return f"{'at least ' if self.lower_bound else ''}{_money(self.monthly)}"


def total_of(estimates: list[Estimate]) -> Total:
    return Total(
        round(sum(e.monthly or 0.0 for e in estimates), 2),
        sum(e.status == "unpriced" for e in estimates),
        sum(e.status == "partial" for e in estimates),
    )


@dataclass
class CostReport:
    project: str
    stack: str
    region: str
    prices: PriceTable
    usage: Usage
    estimates: list[Estimate]
    tables: dict[str, PriceTable] = field(default_factory=dict)
    """Every region's table the estimates used, by region."""

    @property
    def total(self) -> Total:
        return total_of(self.estimates)

    @property
    def unpriced(self) -> list[Estimate]:
        return [e for e in self.estimates if e.status in ("unpriced", "partial")]

    def by_component(self) -> dict[str, list[Estimate]]:
        groups: dict[str, list[Estimate]] = defaultdict(list)
        for e in self.estimates:
            groups[e.component].append(e)
        return dict(sorted(groups.items()))

    def used_prices(self) -> list[Price]:
        found = []
        for key in sorted(used_price_keys(self.estimates)):
            for region in sorted({e.region for e in self.estimates if key in e.price_keys}):
                table = self.tables.get(region, self.prices if region == self.region else None)
                price = table.get(key) if table else None
                if price is not None:
                    found.append(price)
        return found

    def warnings(self) -> list[str]:
        """Usage-file entries that changed nothing: a pattern matching no resource, a price nothing uses, a
        field the matched resources do not read."""
        warnings = []
        for pattern in self.usage.per_resource:
            if pattern not in self.usage.matched:
                warnings.append(f"usage file: resources[{pattern!r}] matches no resource of the stack")
                continue
            fields = self.usage.given.get(pattern, frozenset())
            matched = [e for e in self.estimates if self.usage.match(e.name, e.urn) == pattern]
            unread = sorted(f for f in fields if not any(f in reads(e.type) for e in matched))
            if unread:
                warnings.append(
                    f"usage file: resources[{pattern!r}] sets {', '.join(unread)}, which no resource it matches "
                    "uses"
                )
        used = used_price_keys(self.estimates)
        for key in sorted(self.usage.prices):
            if key not in used:
                warnings.append(f"usage file: prices[{key!r}] is used by no resource of the stack")
        return warnings

    def notes(self) -> list[str]:
        stated = ", ".join(f"{k}={v:g}" for k, v in self.usage.stated().items())
        notes = [
            f"List prices read on or after {self.prices.date} from Alibaba Cloud's billing pages (USD; each "
            "resource in its own region, billed as its payment type says); discounts, savings plans, taxes "
            "and free quotas are not applied.",
            f"A month is {HOURS_PER_MONTH:g} hours. Usage assumptions (change them with --usage): {stated}.",
        ]
        total = self.total
        if total.lower_bound:
            notes.append(
                f"The total is a lower bound: it leaves out {total.unpriced} unpriced and {total.partial} partly "
                "priced resources; each says which price is missing and the key a usage file supplies it under."
            )
        other = sorted({e.region for e in self.estimates if e.region != self.region and e.status != "free"})
        if other:
            notes.append(
                f"Resources on explicit providers are priced in their own regions: {', '.join(other)}."
            )
        return notes


def _money(value: float | None) -> str:
    return "-" if value is None else f"${value:,.2f}"


def _subtotal(estimates: list[Estimate]) -> str:
    total = total_of(estimates)
    if total.unpriced and not any(e.status in ("priced", "partial") for e in estimates) and not total.monthly:
        return "unpriced"
    return total.text()


def _component_json(estimates: list[Estimate]) -> dict[str, Any]:
    total = total_of(estimates)
    return {
        "monthly": total.monthly,
        "unpricedResources": total.unpriced,
        "partiallyPricedResources": total.partial,
        "lowerBound": total.lower_bound,
    }


def resource_json(e: Estimate) -> dict[str, Any]:
    row: dict[str, Any] = {
        "urn": e.urn,
        "type": e.type,
        "name": e.name,
        "component": e.component,
        "region": e.region,
        "status": e.status,
        "monthly": e.monthly,
        "basis": e.basis or e.unpriced,
        "inputsDigest": e.inputs_digest,
        "costComponents": [
            {
                "name": c.name,
                "monthly": c.monthly,
                **({"basis": c.basis} if c.monthly is not None else {"unpriced": c.unpriced}),
                **({"priceKey": c.price_key} if c.price_key else {}),
            }
            for c in e.components
        ],
    }
    if e.billing:
        row["billing"] = e.billing
    if e.monthly_on_demand is not None:
        row["monthlyOnDemand"] = e.monthly_on_demand
    if e.unpriced:
        row["unpriced"] = e.unpriced
    return row


def to_json(report: CostReport) -> dict[str, Any]:
    """The contract's document (``currency``, ``priceTableDate``, ``region``, ``resources``, ``total``,
    ``notes``) plus what a reviewer needs to trust it; resources in URN order, so two runs are identical."""
    total = report.total
    return {
        "formatVersion": FORMAT_VERSION,
        "project": report.project,
        "stack": report.stack,
        "currency": report.prices.currency,
        "priceTableDate": report.prices.date,
        "region": report.region,
        "resources": [resource_json(e) for e in sorted(report.estimates, key=lambda e: e.urn)],
        "components": {name: _component_json(rows) for name, rows in report.by_component().items()},
        "total": {
            "monthly": total.monthly,
            "unpricedResources": total.unpriced,
            "partiallyPricedResources": total.partial,
            "lowerBound": total.lower_bound,
        },
        "prices": [
            {
                "key": p.key,
                "price": p.price,
                "unit": p.unit,
                "billing": p.billing,
                "region": p.region,
                "source": p.origin,
                "url": p.url,
                "read": p.read,
            }
            for p in report.used_prices()
        ],
        "usage": report.usage.stated(),
        "warnings": report.warnings(),
        "notes": report.notes(),
    }


def render(report: CostReport, console: Console) -> None:
    """Every billable resource by component with subtotals, then what is unpriced and why, then the total."""
    table = Table(
        title=f"{report.project} / {report.stack} ({report.region}): monthly estimate", expand=False
    )
    table.add_column("component / resource", overflow="fold")
    table.add_column("monthly", justify="right")
    table.add_column("on demand", justify="right")
    table.add_column("basis", overflow="fold")
    for component, rows in report.by_component().items():
        billable = [e for e in rows if e.status != "free"]
        if not billable:
            continue
        table.add_row(f"[bold]{escape(component)}[/bold]", f"[bold]{_subtotal(rows)}[/bold]", "", "")
        for e in sorted(billable, key=lambda e: (-(e.monthly or 0.0), e.name)):
            figure = "unpriced" if e.status == "unpriced" else _money(e.monthly)
            if e.status == "partial":
                figure = f"≥ {figure}"
            table.add_row(
                f"  {escape(e.name)}",
                figure,
                _money(e.monthly_on_demand) if e.monthly_on_demand is not None else "",
                escape(e.basis) + ("; the rest below" if e.status == "partial" else "")
                if e.basis
                else "below",
            )
    console.print(table)
    if report.unpriced:
        console.print(f"\n[bold]Not in the total ({len(report.unpriced)})[/bold]:")
        for e in report.unpriced:
            console.print(f"  {escape(e.name)} ({escape(e.type)}): {escape(e.unpriced)}", soft_wrap=True)
    for warning in report.warnings():
        console.print(f"[yellow]warning:[/yellow] {escape(warning)}", soft_wrap=True)
    total = report.total
    free = sum(1 for e in report.estimates if e.status == "free")
    console.print(
        f"\n[bold]Total: {total.text()} a month[/bold] ({len(report.estimates) - free - total.unpriced - total.partial} "
        f"priced, {total.partial} partly priced, {total.unpriced} unpriced, {free} without a charge of their own)",
        soft_wrap=True,
    )
    for note in report.notes():
        console.print(f"[dim]{escape(note)}[/dim]", soft_wrap=True)
    for line in price_lines(report):
        console.print(f"[dim]{escape(line)}[/dim]", soft_wrap=True)


def price_lines(report: CostReport) -> list[str]:
    """Each price the estimate used, with where it comes from: a reviewer can check every figure."""
    return [
        f"[{p.key}] ${p.price:g}/{p.unit} ({p.billing}, {p.region}): {p.origin}, {p.url}, read {p.read}"
        if p.url
        else f"[{p.key}] ${p.price:g}/{p.unit}: {p.origin}"
        for p in report.used_prices()
    ]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(report: CostReport) -> str:
    total = report.total
    lines = [
        f"### Monthly cost of `{report.project}/{report.stack}` ({report.region}): {total.text()}",
        "",
        "| component | monthly | unpriced |",
        "|---|---:|---:|",
    ]
    for component, rows in report.by_component().items():
        if any(e.status != "free" for e in rows):
            part = total_of(rows)
            lines.append(f"| {_cell(component)} | {_subtotal(rows)} | {part.unpriced + part.partial} |")
    lines.append(f"| **total** | **{total.text()}** | **{total.unpriced + total.partial}** |")
    if report.unpriced:
        lines += ["", "<details><summary>Not in the total</summary>", ""]
        lines += [f"- `{_cell(e.name)}` ({_cell(e.type)}): {_cell(e.unpriced)}" for e in report.unpriced]
        lines += ["", "</details>"]
    lines += ["", *(f"> {note}" for note in report.notes())]
    prices = price_lines(report)
    if prices:
        lines += ["", "<details><summary>Prices used</summary>", "", *(f"- {_cell(p)}" for p in prices)]
        lines += ["", "</details>"]
    return "\n".join(lines) + "\n"
