"""Reading resource inputs as policies receive them: read-only proxies, numbers as floats, lists that may be
comma-separated strings. Every reader raises ``UnknownValueError`` when the value is unknown during preview."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


def strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, Sequence):
        return [v for v in value if isinstance(v, str)]
    return []


def text(props: Mapping[str, Any], key: str) -> str | None:
    """A string prop, lower-cased and stripped; None when absent. Raises UnknownValueError when unknown."""
    value = props.get(key)
    if value is None:
        return None
    return str(value).strip().lower()


def flag(props: Mapping[str, Any], key: str) -> bool | None:
    """A boolean prop; accepts real booleans and the strings "true"/"false" some resources use."""
    value = props.get(key)
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value.strip().lower() in ("true", "on", "enabled", "1")
    if isinstance(value, int | float):
        return value != 0
    return bool(value)


def number(props: Mapping[str, Any], key: str) -> float | None:
    """A numeric prop; numbers arrive as floats, some resources type them as strings."""
    value = props.get(key)
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).strip())
    except ValueError:
        return None


def items(value: Any) -> list[Any]:
    """A list prop as a list (a scalar becomes a one-item list, absent becomes empty)."""
    if value is None:
        return []
    if isinstance(value, str | bytes | Mapping):
        return [value]
    if isinstance(value, Sequence):
        return [value[i] for i in range(len(value))]
    return [value]


def mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def split_list(value: Any) -> list[str]:
    """IP whitelists come as "a,b,c" strings or lists of strings (sometimes each with commas)."""
    out: list[str] = []
    for item in items(value):
        if isinstance(item, str):
            out.extend(part.strip() for part in item.replace(";", ",").split(",") if part.strip())
    return out
