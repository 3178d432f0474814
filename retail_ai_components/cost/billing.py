"""The vocabulary of a pricing rule: the cost components it returns and what it may read.

A rule gets the resource and a :class:`Context` (its region's prices, its usage assumptions, facts of the
whole stack) and returns :class:`Priced` components; :meth:`Context.line` prices one, or leaves it unpriced
naming the key and unit a usage file supplies it under. A deciding value only the cloud knows makes the whole
resource :class:`Unpriced`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from .prices import HOURS_PER_MONTH, Price, PriceTable
from .resources import SECRET, UNKNOWN
from .usage import Assumptions


@dataclass(frozen=True)
class Component:
    """One billed item of a resource: ``monthly`` is None when its price is missing (``unpriced`` says why)."""

    name: str
    monthly: float | None
    basis: str
    unpriced: str = ""
    price_key: str = ""
    unit: str = ""
    """The unit the pricer asks the price in (what a usage file supplies it in)."""


class Unpriced(Exception):
    """The resource as a whole cannot be priced; the message says why."""


@dataclass(frozen=True)
class Priced:
    components: list[Component]
    billing: str = "PayAsYouGo"
    monthly_on_demand: float | None = None


@dataclass
class Context:
    """What a pricer may use: the resource's prices and assumptions, and facts of the whole stack."""

    prices: PriceTable
    usage: Assumptions
    eas_weights: dict[str, int] = field(default_factory=dict)
    """EAS service name -> its percent of its group's traffic (from the stack's traffic splits)."""
    types_by_id: dict[str, str] = field(default_factory=dict)
    """Placeholder ID -> resource type, to see what an association binds."""
    eip_bound_to: dict[str, str] = field(default_factory=dict)
    """EIP ID -> the instance type it is associated with (``EcsInstance``, ``Nat``, ...)."""

    def price(self, key: str) -> Price | None:
        return self.prices.get(key)

    def line(self, name: str, quantity: float, what: str, key: str, unit: str, describe: str) -> Component:
        """``quantity`` x the price of ``key`` in ``unit``; unpriced (naming the key) when the table lacks it."""
        price = self.prices.get(key)
        if price is None:
            return missing(name, key, unit, describe, self.prices.region)
        try:
            rate = price.per(unit)
        except ValueError as exc:
            return Component(name, None, "", unpriced=str(exc), price_key=key, unit=unit)
        return Component(name, quantity * rate, f"{what} x {price.label()}", price_key=key, unit=unit)


def missing(name: str, key: str, unit: str, what: str, region: str) -> Component:
    return Component(
        name,
        None,
        "",
        unpriced=f"no list price for {what} in {region}; supply it in --usage as "
        f"prices: {{{key}: {{price: …, unit: {unit}}}}}",
        price_key=key,
        unit=unit,
    )


def value(inputs: dict[str, Any], key: str, default: Any = None) -> Any:
    found = inputs.get(key, default)
    if found in (UNKNOWN, SECRET):
        raise Unpriced(f"{key} is not known before deploy")
    return found


def number(inputs: dict[str, Any], key: str, default: float | None = None) -> float | None:
    found = value(inputs, key, default)
    if found is None or found == "":
        return None
    try:
        figure = float(found)
    except (TypeError, ValueError):
        raise Unpriced(f"{key} is not a number: {found!r}") from None
    if not math.isfinite(figure) or figure < 0:
        raise Unpriced(f"{key} is not a usable number: {found!r}")
    return figure


def money(amount: float) -> str:
    return f"${amount:,.2f}"


def subscription(payment: Any) -> bool:
    return str(payment).lower() in ("subscription", "prepaid", "prepay")


H = f"{HOURS_PER_MONTH:g} h"
