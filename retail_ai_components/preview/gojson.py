"""JSON as Go's ``encoding/json`` ``Marshal`` writes it, for the strings the CLI and the provider would produce.

Compact, with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped, and floats formatted as Go formats a
``float64``. A dict is a Go map (keys sorted) for :func:`marshal`, a Go struct (keys in the order given) for
:func:`marshal_struct`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

_HTML_SAFE = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def go_float(value: float) -> str:
    """A float as Go's encoding/json writes it (what the CLI stores for a YAML float)."""
    if math.isnan(value) or math.isinf(value):
        raise ValueError(f"json: unsupported value: {value}")
    if value == 0:
        return "0" if math.copysign(1, value) > 0 else "-0"
    exact = Decimal(repr(value)).normalize()
    if 1e-6 <= abs(value) < 1e21:
        return format(exact, "f")
    sign, digits, _ = exact.as_tuple()
    mantissa = str(digits[0]) + ("." + "".join(str(d) for d in digits[1:]) if len(digits) > 1 else "")
    exponent = exact.adjusted()
    return f"{'-' if sign else ''}{mantissa}e{'+' if exponent >= 0 else '-'}{abs(exponent):02d}".replace(
        "e-0", "e-"
    )


def _encode(value: Any, sort_keys: bool) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return go_float(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Mapping):
        keys = sorted(value) if sort_keys else list(value)
        return (
            "{" + ",".join(f"{_encode(str(k), sort_keys)}:{_encode(value[k], sort_keys)}" for k in keys) + "}"
        )
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_encode(item, sort_keys) for item in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def _html_safe(text: str) -> str:
    for char, escape in _HTML_SAFE:
        text = text.replace(char, escape)
    return text


def marshal(value: Any) -> str:
    """``json.Marshal`` of a value decoded from YAML or JSON: every dict a Go map, so its keys sorted."""
    return _html_safe(_encode(value, sort_keys=True))


def marshal_struct(value: Any) -> str:
    """``json.Marshal`` of Go structs: every dict's keys in the order given (the struct's field order)."""
    return _html_safe(_encode(value, sort_keys=False))
