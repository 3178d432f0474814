"""Usage assumptions: what the stack's resources do in a month, which no preview can know.

Every default is stated in the output. A usage file (YAML or JSON) changes them for the whole stack, for
resources matched by name or URN pattern, and may add prices::

    defaults:
      burst_hours_per_month: 60
    resources:
      "*-catalog-images-bucket": {storage_gb: 20000}
    prices:
      ecs.c7.4xlarge: {price: 0.95, unit: hour}
"""

from __future__ import annotations

import fnmatch
from pathlib import Path
from typing import Annotated, Any

import pydantic
import yaml

from ..preview.errors import PreviewError
from .prices import Unit

HOURS_PER_MONTH = 730.0
"""The month every monthly figure uses (8,760 hours / 12), as cloud price calculators do."""


class Assumptions(pydantic.BaseModel):
    """One resource's usage; each field documents its default."""

    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)

    burst_hours_per_month: Annotated[float, pydantic.Field(ge=0, le=HOURS_PER_MONTH)] = 40.0
    """Hours a month an autoscaled service runs at its maximum (flash sales); between bursts it runs its minimum."""
    gpu_pool_utilisation: Annotated[float, pydantic.Field(ge=0, le=1)] = 0.25
    """Share of the scalable GPU nodes (max - min) running on average: training jobs come and go."""
    node_pool_utilisation: Annotated[float, pydantic.Field(ge=0, le=1)] = 0.0
    """Share of the scalable CPU nodes (max - min) running on average. Bursts go to ECI, so the baseline pool
    runs its minimum."""
    spot_price_ratio: Annotated[float, pydantic.Field(gt=0, le=1)] = 0.2
    """Spot price over on-demand price. 0.2 is the architecture guide's best case ("up to 80 %" saving); set
    the ratio you observe in the console's spot price history."""
    storage_gb: Annotated[float, pydantic.Field(ge=0)] = 100.0
    """GB stored per bucket, noncurrent versions included."""
    nat_cu_per_hour: Annotated[float, pydantic.Field(ge=0)] = 1.0
    """Capacity units a NAT gateway uses an hour (connections or traffic, whichever is larger)."""
    eip_egress_gb_per_month: Annotated[float, pydantic.Field(ge=0)] = 100.0
    """GB sent to the internet through each pay-by-traffic EIP a month."""


class _PriceEntry(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)
    price: float = pydantic.Field(ge=0)
    unit: Unit


class _UsageFile(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)
    defaults: dict[str, Any] = {}
    resources: dict[str, dict[str, Any]] = {}
    prices: dict[str, _PriceEntry] = {}


class Usage:
    """The stack-wide assumptions, per-resource overrides (first matching pattern wins) and supplied prices."""

    def __init__(
        self,
        defaults: Assumptions | None = None,
        per_resource: dict[str, Assumptions] | None = None,
        prices: dict[str, tuple[float, str]] | None = None,
    ) -> None:
        self.defaults = defaults or Assumptions()
        self.per_resource = per_resource or {}
        self.prices = prices or {}

    def for_resource(self, name: str, urn: str) -> Assumptions:
        for pattern, assumptions in self.per_resource.items():
            if fnmatch.fnmatchcase(name, pattern) or fnmatch.fnmatchcase(urn, pattern):
                return assumptions
        return self.defaults

    def stated(self) -> dict[str, float]:
        """The stack-wide assumptions, for the report."""
        return dict(self.defaults.model_dump())


def _assumptions(data: dict[str, Any], base: Assumptions, where: str) -> Assumptions:
    try:
        return Assumptions.model_validate({**base.model_dump(), **data})
    except pydantic.ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        field = ".".join(str(p) for p in first["loc"])
        raise PreviewError(f"--usage {where}.{field}: {first['msg']}") from None


def load_usage(path: Path | None) -> Usage:
    if path is None:
        return Usage()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        doc = _UsageFile.model_validate(raw)
    except OSError as exc:
        raise PreviewError(f"--usage {path}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise PreviewError(f"--usage {path}: not valid YAML or JSON: {exc}") from None
    except pydantic.ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        raise PreviewError(f"--usage {path}: {where}: {first['msg']}") from None
    defaults = _assumptions(doc.defaults, Assumptions(), "defaults")
    per_resource = {
        pattern: _assumptions(values, defaults, f"resources[{pattern!r}]")
        for pattern, values in doc.resources.items()
    }
    prices: dict[str, tuple[float, str]] = {
        key: (entry.price, entry.unit) for key, entry in doc.prices.items()
    }
    return Usage(defaults, per_resource, prices)
