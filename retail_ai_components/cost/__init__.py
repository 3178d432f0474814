"""``retail-ai cost``: what a stack costs per month, estimated offline from the resources its preview registers.

Layers: :mod:`.prices` (the dated, sourced price table of a region, plus prices a team supplies),
:mod:`.usage` (the usage assumptions, with stated defaults), :mod:`.pricing` (one plain function per resource
kind: inputs and assumptions in, an estimate and its basis out), :mod:`.report` (table, JSON and diff) and
:mod:`.cli`. Nothing here calls the cloud: a price the table does not have is never guessed; the resource is
listed as unpriced with the reason and the key a usage file can supply it under.
"""

from .prices import PriceTable, load_price_table
from .pricing import Estimate, estimate_resources
from .usage import Usage, load_usage

__all__ = ["Estimate", "PriceTable", "Usage", "estimate_resources", "load_price_table", "load_usage"]
