"""Usage assumptions: what the stack's resources do in a month, which no preview can know.

Every default is stated in the output. A usage file (YAML or JSON, read with the preview's limited loader)
changes them for the whole stack, for resources matched by name or URN pattern, and adds prices, each in
its own unit::

    defaults:
      burst_hours_per_month: 60
    resources:
      "*-catalog-images-bucket": {storage_gb: 20000}
    prices:
      ecs.g7.2xlarge: {price: 180, unit: month}

A field that is not an assumption, or a number that is negative, NaN or infinite, is refused naming the
field; a pattern that matches no resource and a price nothing uses are warnings in the report.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import pydantic
from retail_ai_policies.rules import resource_matches

from .._fields import field_path
from .errors import CostError
from .prices import HOURS_PER_MONTH, UNITS, Unit, convertible, table_units

_Finite = pydantic.ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Assumptions(pydantic.BaseModel):
    """One resource's usage; each field documents its default."""

    model_config = _Finite

    burst_hours_per_month: Annotated[float, pydantic.Field(ge=0, le=HOURS_PER_MONTH)] = 40.0
    """Hours a month an autoscaled service runs at its maximum (flash sales); between bursts it runs its minimum."""
    gpu_pool_utilisation: Annotated[float, pydantic.Field(ge=0, le=1)] = 0.25
    """Share of the scalable GPU nodes (max - min) running on average: training jobs come and go."""
    node_pool_utilisation: Annotated[float, pydantic.Field(ge=0, le=1)] = 0.0
    """Share of the scalable CPU nodes (max - min) running on average. Bursts go to ECI, so the baseline pool
    runs its minimum."""
    spot_price_ratio: Annotated[float, pydantic.Field(gt=0, le=1)] = 0.2
    """Spot price over on-demand price. 0.2 is the architecture guide's best case ("up to 80 %" saving); set
    the ratio you observe in the console's spot price history. A pool's price limit caps it."""
    storage_gb: Annotated[float, pydantic.Field(ge=0)] = 100.0
    """GB stored per bucket, noncurrent versions included."""
    nat_cu_per_hour: Annotated[float, pydantic.Field(ge=0)] = 1.0
    """Capacity units a NAT gateway uses an hour (connections or traffic, whichever is larger)."""
    eip_egress_gb_per_month: Annotated[float, pydantic.Field(ge=0)] = 100.0
    """GB sent to the internet through each pay-by-traffic EIP a month."""
    lcu_per_hour: Annotated[float, pydantic.Field(ge=0)] = 1.0
    """Capacity units a load balancer uses an hour."""
    log_write_gb_per_month: Annotated[float, pydantic.Field(ge=0)] = 100.0
    """Compressed GB written to each logstore a month."""
    prometheus_custom_gb_per_month: Annotated[float, pydantic.Field(ge=0)] = 100.0
    """GB of custom metrics a Prometheus instance ingests a month (basic container metrics are free)."""
    warehouse_storage_gb: Annotated[float, pydantic.Field(ge=0)] = 100.0
    """Compressed GB a MaxCompute project stores."""
    warehouse_scanned_gb_per_month: Annotated[float, pydantic.Field(ge=0)] = 1000.0
    """GB its SQL jobs scan a month (times ``warehouse_sql_complexity``)."""
    warehouse_sql_complexity: Annotated[float, pydantic.Field(ge=0)] = 1.0
    """The SQL complexity factor MaxCompute multiplies the scanned GB by (1 for simple queries)."""


ASSUMPTIONS: tuple[str, ...] = tuple(Assumptions.model_fields)


class _PriceEntry(pydantic.BaseModel):
    model_config = _Finite
    price: pydantic.NonNegativeFloat
    unit: Unit


class _UsageFile(pydantic.BaseModel):
    model_config = _Finite
    defaults: dict[str, Any] = {}
    resources: dict[str, dict[str, Any]] = {}
    prices: dict[str, _PriceEntry] = {}


@dataclass
class Usage:
    """The stack-wide assumptions, per-resource overrides (first matching pattern wins) and supplied prices."""

    defaults: Assumptions = field(default_factory=Assumptions)
    per_resource: dict[str, Assumptions] = field(default_factory=dict)
    prices: dict[str, tuple[float, str]] = field(default_factory=dict)
    given: dict[str, frozenset[str]] = field(default_factory=dict)
    """Per pattern, the fields the file sets (the rest come from ``defaults``)."""
    matched: set[str] = field(default_factory=set)
    """Patterns that matched at least one resource."""

    def match(self, name: str, urn: str) -> str | None:
        for pattern in self.per_resource:
            if resource_matches(pattern, urn, name):
                self.matched.add(pattern)
                return pattern
        return None

    def for_resource(self, name: str, urn: str) -> Assumptions:
        pattern = self.match(name, urn)
        return self.defaults if pattern is None else self.per_resource[pattern]

    def stated(self) -> dict[str, float]:
        """The stack-wide assumptions, for the report."""
        return dict(self.defaults.model_dump())


def _did_you_mean(word: str, choices: tuple[str, ...] | list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1)
    return f"; did you mean {close[0]!r}?" if close else f"; known: {', '.join(choices)}"


def _first_error(exc: pydantic.ValidationError, prefix: str, names: tuple[str, ...]) -> CostError:
    first = exc.errors(include_url=False)[0]
    where = field_path(first["loc"], quote_keys=True)
    message = first["msg"]
    if first["type"] == "extra_forbidden":
        message = f"is not a known field{_did_you_mean(str(first['loc'][-1]), names)}"
    elif first["type"] == "finite_number":
        message = "must be a finite number (not NaN or infinity)"
    return CostError(f"--usage {prefix}{where}: {message}")


def _assumptions(data: dict[str, Any], base: Assumptions, where: str) -> Assumptions:
    try:
        return Assumptions.model_validate({**base.model_dump(), **data})
    except pydantic.ValidationError as exc:
        raise _first_error(exc, f"{where}.", ASSUMPTIONS) from None


def load_usage(path: Path | None) -> Usage:
    if path is None:
        return Usage()
    from ..preview.errors import PreviewError
    from ..preview.safe_yaml import read_yaml

    try:
        raw = read_yaml(path)
    except PreviewError as exc:
        raise CostError(f"--usage {exc}") from None
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise CostError(f"--usage {path}: must be a mapping with defaults, resources and prices")
    # A section whose every entry is commented out (as --sync-usage writes them) reads as null: empty.
    raw = {key: {} if value is None else value for key, value in raw.items()}
    try:
        doc = _UsageFile.model_validate(raw)
    except pydantic.ValidationError as exc:
        raise _first_error(exc, f"{path}: ", ("defaults", "resources", "prices")) from None
    defaults = _assumptions(doc.defaults, Assumptions(), "defaults")
    per_resource = {
        pattern: _assumptions(values, defaults, f"resources[{pattern!r}]")
        for pattern, values in doc.resources.items()
    }
    known_units = table_units()
    prices: dict[str, tuple[float, str]] = {}
    for key, entry in doc.prices.items():
        expected = known_units.get(key)
        if expected is not None and not convertible(entry.unit, expected):
            raise CostError(
                f"--usage prices[{key!r}].unit: {entry.unit!r} cannot stand for the table's unit {expected!r} "
                f"(units: {', '.join(UNITS)})"
            )
        prices[key] = (entry.price, entry.unit)
    given = {pattern: frozenset(values) for pattern, values in doc.resources.items()}
    return Usage(defaults, per_resource, prices, given)
