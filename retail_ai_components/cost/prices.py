"""The price table of a region: list prices with their sources, and the prices a team adds in its usage file.

Every price carries its unit, and a unit converts only to another of the same kind: an hourly, daily or
monthly price per item (``hour``, ``day``, ``month``), per GB stored over time (``gb-hour``, ``gb-day``,
``gb-month``) or per GB moved or scanned (``gb``). A month is :data:`HOURS_PER_MONTH` hours everywhere.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

import pydantic

from .errors import CostError

DATA = Path(__file__).parent / "data"
TABLE = DATA / "prices.yaml"

HOURS_PER_MONTH = 730.0
"""The month every monthly figure uses (8,760 hours / 12), as cloud price calculators do."""
DAYS_PER_MONTH = HOURS_PER_MONTH / 24

Unit = Literal["hour", "day", "month", "gb-hour", "gb-day", "gb-month", "gb"]
UNITS: tuple[str, ...] = get_args(Unit)
Billing = Literal["PayAsYouGo", "Subscription"]

_HOURS = {"hour": 1.0, "day": 24.0, "month": HOURS_PER_MONTH}

SUBSCRIPTION = "/subscription"
"""Suffix of a price key billed by subscription (a monthly figure), beside the pay-as-you-go key."""


def _kind(unit: str) -> tuple[str, str | None]:
    """``gb-day`` -> (``gb``, ``day``); ``hour`` -> (``item``, ``hour``); ``gb`` -> (``gb``, None)."""
    if unit == "gb":
        return "gb", None
    if unit.startswith("gb-"):
        return "gb", unit[3:]
    return "item", unit


def convertible(unit: str, to: str) -> bool:
    (kind, period), (to_kind, to_period) = _kind(unit), _kind(to)
    return kind == to_kind and (period is None) == (to_period is None)


class _Strict(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class _Source(_Strict):
    title: str
    url: str = pydantic.Field(pattern=r"^https://")
    read: str = pydantic.Field(pattern=r"^\d{4}-\d{2}-\d{2}$")


class _Row(_Strict):
    unit: Unit
    billing: Billing
    source: str
    note: str = ""
    regions: dict[str, pydantic.NonNegativeFloat]


class _TableFile(_Strict):
    currency: Literal["USD"]
    date: str = pydantic.Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    regions: dict[str, str]
    sources: dict[str, _Source]
    prices: dict[str, _Row]


@dataclass(frozen=True)
class Price:
    """One price as an estimate uses it: the figure, its unit and where it comes from."""

    key: str
    price: float
    unit: str
    billing: str
    origin: str
    """The source's title, or ``usage file``."""
    url: str = ""
    region: str = ""
    read: str = ""
    """The day the source was read (empty for a usage-file price)."""

    def per(self, unit: str) -> float:
        """The price in ``unit`` (``month`` from ``hour`` is x 730); refuses units of another kind."""
        if not convertible(self.unit, unit):
            raise ValueError(
                f"[{self.key}] is a price per {self.unit}, which cannot be used as a price per {unit}"
            )
        (_, period), (_, to_period) = _kind(self.unit), _kind(unit)
        if period is None or to_period is None:
            return self.price
        return self.price * _HOURS[to_period] / _HOURS[period]

    def label(self) -> str:
        return f"${self.price:g}/{self.unit} [{self.key}]"


@dataclass(frozen=True)
class PriceTable:
    region: str
    currency: str
    date: str
    prices: dict[str, Price]

    def get(self, key: str) -> Price | None:
        return self.prices.get(key)

    def with_overrides(self, overrides: dict[str, tuple[float, str]]) -> PriceTable:
        """A team's own prices (negotiated, or missing from the table) win over the table's, in every region."""
        merged = dict(self.prices)
        for key, (price, unit) in overrides.items():
            billing = "Subscription" if key.endswith(SUBSCRIPTION) else "PayAsYouGo"
            merged[key] = Price(key, price, unit, billing, "usage file")
        return PriceTable(self.region, self.currency, self.date, merged)


@functools.lru_cache(maxsize=1)
def _table_file() -> _TableFile:
    from ..preview.errors import PreviewError
    from ..preview.safe_yaml import read_yaml

    try:
        table = _TableFile.model_validate(read_yaml(TABLE))
    except (PreviewError, pydantic.ValidationError) as exc:
        raise CostError(f"{TABLE.name}: not a valid price table: {exc}") from None
    for key, row in table.prices.items():
        if row.source not in table.sources:
            raise CostError(f"{TABLE.name}: price {key} names an unknown source {row.source!r}")
        unknown = sorted(set(row.regions) - set(table.regions))
        if unknown:
            raise CostError(f"{TABLE.name}: price {key} names regions the table does not list: {unknown}")
        if key.endswith(SUBSCRIPTION) != (row.billing == "Subscription"):
            raise CostError(
                f"{TABLE.name}: price {key}: subscription prices (and only they) end in {SUBSCRIPTION}"
            )
    return table


def available_regions() -> list[str]:
    return sorted(_table_file().regions)


def table_units() -> dict[str, str]:
    """Every price key of the table and its unit (a usage-file price for the same key must convert to it)."""
    return {key: row.unit for key, row in _table_file().prices.items()}


def load_price_table(region: str) -> PriceTable:
    """The checked-in list prices of ``region``; a region the table does not cover is one clear error."""
    table = _table_file()
    if region not in table.regions:
        raise CostError(
            f"no price table for region {region!r}; the table covers: {', '.join(available_regions())}"
        )
    prices: dict[str, Price] = {}
    for key, row in table.prices.items():
        if region in row.regions:
            source = table.sources[row.source]
            figure = row.regions[region]
            assert math.isfinite(figure)
            prices[key] = Price(
                key, figure, row.unit, row.billing, source.title, source.url, region, source.read
            )
    return PriceTable(region, table.currency, table.date, prices)
