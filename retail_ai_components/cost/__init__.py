"""``retail-ai cost``: what a stack costs per month, estimated offline from the resources its preview registers.

Layers: :mod:`.resources` (the preview's registrations in cost's terms: the one module that reads the
engine's), :mod:`.prices` (the dated, sourced list prices per region, plus prices a team supplies),
:mod:`.usage` (the usage assumptions, with stated defaults), :mod:`.billing` (what a pricing rule returns and
reads), :mod:`.rules` (one plain function per resource kind), :mod:`.pricing` (the stack's estimates),
:mod:`.report` (table, markdown and the versioned JSON), :mod:`.diff` (two reports compared),
:mod:`.template` (a usage file for a stack) and :mod:`.cli`. Nothing here calls the cloud: a price the table
does not have is never guessed; the component is listed as unpriced with the reason and the key a usage file
can supply it under. Errors are :class:`CostError` (exit 2).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from .errors import CostError
    from .prices import PriceTable, load_price_table
    from .pricing import Estimate, estimate_resources
    from .usage import Usage, load_usage

# Imported on first use (PEP 562): every `retail-ai` command builds the `cost` subcommand's parser, and
# the price table and the preview's recorder it needs cost a tenth of a second before any command starts.
_MODULE_OF = {
    "CostError": "errors",
    "PriceTable": "prices",
    "load_price_table": "prices",
    "Estimate": "pricing",
    "estimate_resources": "pricing",
    "Usage": "usage",
    "load_usage": "usage",
}

__all__ = [
    "CostError",
    "Estimate",
    "PriceTable",
    "Usage",
    "estimate_resources",
    "load_price_table",
    "load_usage",
]


__getattr__, __dir__ = lazy_exports(__name__, _MODULE_OF, globals())
