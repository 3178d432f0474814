"""A stack priced: every resource's estimate, from the rule for its kind, in its own region.

Each :class:`Estimate` carries its cost components and their basis, so a reviewer can recompute every
figure from the price table; a missing price leaves a component unpriced (never zero), a resource without a
rule is unpriced with why, and configuration billed through another resource has no charge of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from .billing import Component, Context, Unpriced
from .prices import PriceTable
from .resources import Resource, inputs_digest
from .rules import NO_CHARGE, PRICERS
from .usage import Usage


@dataclass(frozen=True)
class Estimate:
    urn: str
    type: str
    name: str
    component: str
    """The top-level component the resource belongs to (``(stack)`` when it has none)."""
    region: str
    components: tuple[Component, ...] = ()
    billing: str = ""
    """``PayAsYouGo``, ``Subscription`` or ``Spot``; empty when nothing is billed."""
    monthly_on_demand: float | None = None
    """For spot capacity: the same capacity at the on-demand price."""
    no_charge: str = ""
    """Why the resource has no charge of its own (billed through another, or free)."""
    unpriced_reason: str = ""
    """Why the resource as a whole cannot be priced (no rule, a deciding value unknown before deploy)."""
    inputs_digest: str = ""

    @property
    def status(self) -> str:
        """``free``, ``priced``, ``partial`` (some components unpriced: a lower bound) or ``unpriced``."""
        if self.no_charge:
            return "free"
        priced = [c for c in self.components if c.monthly is not None]
        if self.unpriced_reason or not priced:
            return "unpriced"
        return "partial" if len(priced) < len(self.components) else "priced"

    @property
    def monthly(self) -> float | None:
        if self.no_charge:
            return 0.0
        if self.status == "unpriced":
            return None
        return round(sum(c.monthly or 0.0 for c in self.components), 2)

    @property
    def unpriced(self) -> str:
        """Why (part of) the resource has no figure; empty when fully priced."""
        if self.unpriced_reason:
            return self.unpriced_reason
        return "; ".join(f"{c.name}: {c.unpriced}" for c in self.components if c.monthly is None)

    @property
    def basis(self) -> str:
        if self.no_charge:
            return f"no charge of its own: {self.no_charge}"
        return "; ".join(f"{c.name}: {c.basis}" for c in self.components if c.monthly is not None)

    @property
    def price_keys(self) -> list[str]:
        return sorted({c.price_key for c in self.components if c.price_key})


def _stack_facts(resources: list[Resource]) -> tuple[dict[str, int], dict[str, str], dict[str, str]]:
    weights: dict[str, int] = {}
    types_by_id = {r.id: r.type for r in resources if r.id}
    bound: dict[str, str] = {}
    for r in resources:
        split = r.inputs.get("weights") if r.type.endswith(":TrafficSplit") else None
        if isinstance(split, dict):
            weights.update({str(k): int(v) for k, v in split.items() if isinstance(v, (int, float))})
        if r.type == "alicloud:ecs/eipAssociation:EipAssociation":
            kind = r.inputs.get("instanceType")
            target = types_by_id.get(str(r.inputs.get("instanceId")), "")
            if not kind:
                kind = (
                    "EcsInstance" if target == "alicloud:ecs/instance:Instance" else target.rsplit(":", 1)[-1]
                )
            bound[str(r.inputs.get("allocationId"))] = str(kind)
    return weights, types_by_id, bound


def estimate_resources(
    resources: list[Resource], tables: Callable[[str], PriceTable | None], usage: Usage, stack: str = ""
) -> list[Estimate]:
    """An estimate for every resource, in URN order; ``tables(region)`` is the region's prices or None."""
    weights, types_by_id, bound = _stack_facts(resources)
    estimates = []
    for r in sorted(resources, key=lambda r: r.urn):
        base = Estimate(
            r.urn, r.type, r.name, r.component, r.region, inputs_digest=inputs_digest(r.inputs, stack)
        )
        estimates.append(_estimate(r, base, tables, usage, (weights, types_by_id, bound)))
    return estimates


def _estimate(
    r: Resource,
    base: Estimate,
    tables: Callable[[str], PriceTable | None],
    usage: Usage,
    facts: tuple[dict[str, int], dict[str, str], dict[str, str]],
) -> Estimate:
    rule = PRICERS.get(r.type)
    if rule is None:
        if r.type in NO_CHARGE:
            return replace(base, no_charge=NO_CHARGE[r.type])
        if r.type.startswith("pulumi-python:dynamic"):
            return replace(base, no_charge="an API call, not a cloud resource")
        reason = (
            f"no pricing rule for {r.type} yet"
            if r.type.startswith("alicloud:")
            else "not an Alibaba Cloud resource"
        )
        return replace(base, unpriced_reason=reason)
    prices = tables(r.region)
    if prices is None:
        return replace(base, unpriced_reason=f"no price table for region {r.region}")
    ctx = Context(prices, usage.for_resource(r.name, r.urn), *facts)
    try:
        priced = rule.price(r, ctx)
    except Unpriced as reason:
        return replace(base, unpriced_reason=str(reason))
    components = tuple(
        c if c.monthly is None else replace(c, monthly=round(c.monthly, 2)) for c in priced.components
    )
    on_demand = None if priced.monthly_on_demand is None else round(priced.monthly_on_demand, 2)
    return replace(base, components=components, billing=priced.billing, monthly_on_demand=on_demand)


def used_price_keys(estimates: Iterable[Estimate]) -> set[str]:
    return {c.price_key for e in estimates for c in e.components if c.price_key}
