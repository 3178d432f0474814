"""``retail-ai cost``: what a stack costs per month, estimated offline from the resources its preview registers.

Layers: :mod:`.prices` (the dated, sourced price table of a region, plus prices a team supplies),
:mod:`.usage` (the usage assumptions, with stated defaults), :mod:`.pricing` (one plain function per resource
kind: inputs and assumptions in, an estimate and its basis out), :mod:`.report` (table, JSON and diff) and
:mod:`.cli`. Nothing here calls the cloud: a price the table does not have is never guessed; the resource is
listed as unpriced with the reason and the key a usage file can supply it under.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .prices import PriceTable, load_price_table
    from .pricing import Estimate, estimate_resources
    from .usage import Usage, load_usage

# Imported on first use (PEP 562): every `retail-ai` command builds the `cost` subcommand's parser, and
# the price table and the preview's recorder it needs cost a tenth of a second before any command starts.
_MODULE_OF = {
    "PriceTable": "prices",
    "load_price_table": "prices",
    "Estimate": "pricing",
    "estimate_resources": "pricing",
    "Usage": "usage",
    "load_usage": "usage",
}

__all__ = ["Estimate", "PriceTable", "Usage", "estimate_resources", "load_price_table", "load_usage"]


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __name__), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *_MODULE_OF])
