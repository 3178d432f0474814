"""A usage file for a stack, written from its estimate (``retail-ai cost --sync-usage FILE``).

What the file already sets is kept as it is; every assumption, every resource that reads one and every
price the estimate misses is added, commented out, with its default or its unit, so a team fills in what
it knows and deletes nothing. Running it again after the stack changes adds what is new.
"""

from __future__ import annotations

import json
from pathlib import Path

from .pricing import Estimate
from .rules import reads
from .usage import ASSUMPTIONS, Assumptions, Usage


def _scalar(value: object) -> str:
    return (
        json.dumps(value)
        if isinstance(value, str)
        else f"{value:g}"
        if isinstance(value, float)
        else str(value)
    )


def _flow(values: dict[str, object]) -> str:
    return "{" + ", ".join(f"{k}: {_scalar(v)}" for k, v in values.items()) + "}"


def usage_template(estimates: list[Estimate], usage: Usage) -> str:
    defaults = Assumptions()
    lines = [
        "# Usage assumptions and prices for `retail-ai cost` (written by --sync-usage; what you set is kept).",
        "# Uncomment a line to use it. Units of prices: hour, day, month, gb-hour, gb-day, gb-month, gb.",
        "defaults:",
    ]
    for name in ASSUMPTIONS:
        value = getattr(usage.defaults, name)
        if value != getattr(defaults, name):
            lines.append(f"  {name}: {_scalar(value)}")
        else:
            lines.append(f"  # {name}: {_scalar(value)}")
    lines.append("resources:")
    for pattern, assumptions in usage.per_resource.items():
        given = {k: getattr(assumptions, k) for k in ASSUMPTIONS if k in usage.given.get(pattern, ())}
        lines.append(f"  {json.dumps(pattern)}: {_flow(given)}")
    for e in estimates:
        fields = reads(e.type)
        if not fields or usage.match(e.name, e.urn) is not None:
            continue
        values = {k: getattr(usage.defaults, k) for k in fields}
        lines.append(f"  # {json.dumps(e.name)}: {_flow(values)}  # {e.type}")
    lines.append("prices:")
    for key, (price, unit) in usage.prices.items():
        lines.append(f"  {key}: {_flow({'price': price, 'unit': unit})}")
    missing: dict[str, tuple[str, list[str]]] = {}
    for e in estimates:
        for c in e.components:
            if c.monthly is None and c.price_key and c.price_key not in usage.prices:
                missing.setdefault(c.price_key, (c.unit, []))[1].append(e.name)
    for key, (unit, names) in sorted(missing.items()):
        used_by = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        lines.append(f"  # {key}: {{price: , unit: {unit or 'month'}}}  # needed by {used_by}")
    return "\n".join(lines) + "\n"


def write_usage_template(path: Path, estimates: list[Estimate], usage: Usage) -> int:
    """Writes the file; returns how many prices are still missing."""
    text = usage_template(estimates, usage)
    path.write_text(text, encoding="utf-8")
    return sum(1 for line in text.splitlines() if line.startswith("  # ") and "needed by" in line)
