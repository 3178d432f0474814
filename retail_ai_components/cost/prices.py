"""The price table of a region: list prices with their sources, and the prices a team adds in its usage file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pydantic
import yaml

from ..preview.errors import PreviewError

DATA = Path(__file__).parent / "data"
Unit = Literal["hour", "month", "gb-month", "gb", "key-version-day", "shard-day", "cu-hour"]


class _Strict(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    title: str
    url: str
    read: str


class PriceRow(_Strict):
    price: float = pydantic.Field(ge=0)
    unit: Unit
    source: str
    note: str = ""
    applies_to: list[str] = []


class _TableFile(_Strict):
    region: str
    currency: Literal["USD"]
    date: str
    sources: dict[str, Source]
    prices: dict[str, PriceRow]


@dataclass(frozen=True)
class Price:
    """One price as an estimate uses it: the figure, its unit and where it comes from."""

    key: str
    price: float
    unit: str
    origin: str
    """``table (<source title>)`` or ``usage file``: printed in the basis of every estimate that uses it."""


@dataclass(frozen=True)
class PriceTable:
    region: str
    currency: str
    date: str
    prices: dict[str, Price]

    def get(self, key: str) -> Price | None:
        return self.prices.get(key)

    def with_overrides(self, overrides: dict[str, tuple[float, str]]) -> PriceTable:
        """A team's own prices (negotiated, or missing from the table) win over the table's."""
        merged = dict(self.prices)
        for key, (price, unit) in overrides.items():
            merged[key] = Price(key, price, unit, "usage file")
        return PriceTable(self.region, self.currency, self.date, merged)


def available_regions() -> list[str]:
    return sorted(p.stem.removeprefix("prices-") for p in DATA.glob("prices-*.yaml"))


def load_price_table(region: str, path: Path | None = None) -> PriceTable:
    """The checked-in table for ``region`` (or the table at ``path``); a missing table is one clear error."""
    path = path or DATA / f"prices-{region}.yaml"
    if not path.is_file():
        raise PreviewError(
            f"no price table for region {region!r}; tables exist for: {', '.join(available_regions())}"
        )
    try:
        table = _TableFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (yaml.YAMLError, pydantic.ValidationError) as exc:
        raise PreviewError(f"{path.name}: not a valid price table: {exc}") from None
    prices: dict[str, Price] = {}
    for key, row in table.prices.items():
        if row.source not in table.sources:
            raise PreviewError(f"{path.name}: price {key} names an unknown source {row.source!r}")
        price = Price(key, row.price, row.unit, f"table: {table.sources[row.source].title}")
        prices[key] = price
        for alias in row.applies_to:
            prices[alias] = Price(alias, row.price, row.unit, price.origin)
    return PriceTable(table.region, table.currency, table.date, prices)
