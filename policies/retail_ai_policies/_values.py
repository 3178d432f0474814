"""Reading resource inputs as policies receive them: read-only proxies, numbers as floats, lists that may be
comma-separated strings. Every reader raises ``UnknownValueError`` when the value is unknown during preview."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from pulumi_policy.proxy import UnknownValueError


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


def shown(props: Mapping[str, Any], key: str) -> str:
    """A prop's value for a message: never raises, so a value that is unknown during preview (another
    resource's output) does not turn a definite finding into an unverifiable one."""
    try:
        value = props.get(key)
    except UnknownValueError:
        return f"{key} (known once created)"
    return f"{key} {value}" if value is not None else f"{key} (not set)"


def present(props: Mapping[str, Any], key: str) -> bool:
    """Whether a prop is set, counting a value that is unknown during preview (it will be set)."""
    try:
        return props.get(key) is not None
    except UnknownValueError:
        return True


def given(props: Mapping[str, Any], key: str) -> bool:
    """Whether a prop holds a non-empty value, counting one unknown during preview: the ID of a resource the
    stack creates reaches the pack unknown under the real CLI, so a check that asks only whether an ID is given
    must not rest on its (placeholder) value."""
    try:
        return bool(props.get(key))
    except UnknownValueError:
        return True


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


def values_at(props: Mapping[str, Any], path: str) -> Iterator[tuple[str, Any]]:
    """(concrete path, value) for each value a path like ``a.b[].c`` names (``a.b``: a nested object, ``a[]``:
    every item of a list); absent steps yield nothing."""
    head, _, rest = path.partition(".")
    each = head.endswith("[]")
    key = head[:-2] if each else head
    value = props.get(key)
    if value is None:
        return
    if each:
        for index, item in enumerate(items(value)):
            concrete = f"{key}[{index}]"
            if rest:
                for sub, found in values_at(mapping(item), rest):
                    yield f"{concrete}.{sub}", found
            else:
                yield concrete, item
    elif rest:
        for sub, found in values_at(mapping(value), rest):
            yield f"{key}.{sub}", found
    else:
        yield key, value
