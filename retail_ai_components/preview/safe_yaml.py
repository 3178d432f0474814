"""YAML read the way the Pulumi CLI reads it (gopkg.in/yaml.v3), and never a memory bomb.

Two things differ from ``yaml.safe_load`` and both matter to a user's stack:

- Plain scalars resolve as yaml.v3 resolves them (YAML 1.2 core schema plus 0777 octals), not as
  YAML 1.1: ``yes``/``on``/``no`` stay strings, ``12:30`` stays a string (not 750), dates stay
  strings, ``0o17`` is 15. A config value then reaches the program as the CLI would pass it.
- A document whose aliases expand past a small budget is refused before anything is built, so a
  "billion laughs" stack file fails in milliseconds instead of eating gigabytes when its values are
  turned into JSON strings. Files are size-limited for the same reason. Duplicate mapping keys and
  non-string keys are errors, as in the CLI.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .errors import PreviewError

MAX_YAML_BYTES = 4 * 1024 * 1024
"""Stack and project files are hand-written; anything larger is a mistake or an attack."""
MAX_EXPANDED_NODES = 200_000
"""Nodes a document may hold once every alias is expanded (a large real stack file has a few thousand)."""

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_MERGE = "tag:yaml.org,2002:merge"

_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_SPECIAL_FLOATS = {
    ".nan": float("nan"),
    ".NaN": float("nan"),
    ".NAN": float("nan"),
    ".inf": float("inf"),
    ".Inf": float("inf"),
    ".INF": float("inf"),
    "+.inf": float("inf"),
    "+.Inf": float("inf"),
    "+.INF": float("inf"),
    "-.inf": float("-inf"),
    "-.Inf": float("-inf"),
    "-.INF": float("-inf"),
}
_YAML_STYLE_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_TIMESTAMP_START = re.compile(r"^[0-9]{4}-")
_DIGITS = {2: "01", 8: "01234567", 10: "0123456789", 16: "0123456789abcdefABCDEF"}


def _go_parse_int(text: str) -> int | None:
    """strconv.ParseInt(text, 0, 64), falling back to ParseUint, as yaml.v3 does."""
    sign = 1
    body = text
    if body[:1] in ("+", "-"):
        sign = -1 if body[0] == "-" else 1
        body = body[1:]
    base = 10
    prefix = body[:2].lower()
    if prefix in ("0x", "0o", "0b"):
        base = {"0x": 16, "0o": 8, "0b": 2}[prefix]
        body = body[2:]
    elif len(body) > 1 and body[0] == "0":
        base = 8
        body = body[1:]
    if not body or any(c not in _DIGITS[base] for c in body):
        return None
    value = sign * int(body, base)
    if -(2**63) <= value < 2**63 or (sign == 1 and text[:1] != "+" and value < 2**64):
        return value
    return None


def _resolve_plain(value: str) -> str:
    """The tag yaml.v3 (the CLI's YAML library) gives an unquoted scalar."""
    if value in _NULLS:
        return _NULL
    if value in _BOOLS:
        return _BOOL
    if value in _SPECIAL_FLOATS:
        return _FLOAT
    if value == "<<":
        return _MERGE
    first = value[0]
    if first == ".":
        return _FLOAT if _YAML_STYLE_FLOAT.match(value) else _STR
    if first.isdigit() or first in "+-":
        if _TIMESTAMP_START.match(value):
            return _STR  # yaml.v3 hands timestamp-like scalars to interface{} as their text
        plain = value.replace("_", "")
        if _go_parse_int(plain) is not None:
            return _INT
        if _YAML_STYLE_FLOAT.match(plain):
            return _FLOAT
    return _STR


class _CliLoader(yaml.SafeLoader):
    """SafeLoader with yaml.v3's scalar resolution, strict keys and an alias budget."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is yaml.ScalarNode:
            return _resolve_plain(value) if implicit[0] else _STR
        return super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]

    def construct_yaml_int(self, node: Any) -> Any:
        text = str(self.construct_scalar(node))
        parsed = _go_parse_int(text.replace("_", ""))
        if parsed is None:
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot decode !!str `{text}` as a !!int", node.start_mark
            )
        return parsed

    def construct_yaml_float(self, node: Any) -> Any:
        text = str(self.construct_scalar(node))
        if text in _SPECIAL_FLOATS:
            return _SPECIAL_FLOATS[text]
        return float(text.replace("_", ""))

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        if isinstance(node, yaml.MappingNode):
            # Checked before merge keys are flattened: a key may override one it merged in.
            seen: dict[Any, Any] = {}
            for key_node, _ in node.value:
                if key_node.tag == _MERGE:
                    continue
                key = self.construct_object(key_node, deep=True)
                if not isinstance(key, str):
                    raise yaml.constructor.ConstructorError(
                        None, None, f"expected only string keys, got '{key}'", key_node.start_mark
                    )
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None,
                        None,
                        f'mapping key "{key}" already defined at line {seen[key].line + 1}',
                        key_node.start_mark,
                    )
                seen[key] = key_node.start_mark
        return super().construct_mapping(node, deep=deep)


_CliLoader.add_constructor(_INT, _CliLoader.construct_yaml_int)
_CliLoader.add_constructor(_FLOAT, _CliLoader.construct_yaml_float)


class _RecursiveAlias(Exception):
    pass


def _expanded_size(node: Any, sizes: dict[int, int], budget: int, active: set[int] | None = None) -> int:
    """Nodes in ``node`` with every alias expanded; memoised so an alias chain costs its length."""
    known = sizes.get(id(node))
    if known is not None:
        return known
    active = set() if active is None else active
    if id(node) in active:
        raise _RecursiveAlias
    active.add(id(node))
    total = 1
    if isinstance(node, yaml.SequenceNode):
        for child in node.value:
            total += _expanded_size(child, sizes, budget, active)
            if total > budget:
                break
    elif isinstance(node, yaml.MappingNode):
        for key, child in node.value:
            total += _expanded_size(key, sizes, budget, active) + _expanded_size(child, sizes, budget, active)
            if total > budget:
                break
    active.discard(id(node))
    sizes[id(node)] = total
    return total


def parse_yaml(text: str, source: str) -> Any:
    """Parses one YAML document as the CLI would; ``source`` names it in every error."""
    if len(text) > MAX_YAML_BYTES:
        raise PreviewError(
            f"{source} is {len(text):,} characters; the limit is {MAX_YAML_BYTES:,} (is this the right file?)"
        )
    loader = _CliLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        size = _expanded_size(node, {}, MAX_EXPANDED_NODES)
        if size > MAX_EXPANDED_NODES:
            raise PreviewError(
                f"{source}: the document contains excessive aliasing (its aliases expand past "
                f"{MAX_EXPANDED_NODES:,} values); refusing to expand it"
            )
        return loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise PreviewError(f"{source} is not valid YAML: {_one_line(exc)}") from None
    except _RecursiveAlias:
        raise PreviewError(
            f"{source}: an alias refers to a node that contains it (a recursive alias)"
        ) from None
    except RecursionError:
        raise PreviewError(f"{source}: the document is nested too deeply to read") from None
    finally:
        loader.dispose()


def read_yaml(path: Path) -> Any:
    """Reads ``path`` (size-checked before it is read) and parses it with :func:`parse_yaml`."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise PreviewError(f"cannot read {path}: {exc.strerror}") from None
    if size > MAX_YAML_BYTES:
        raise PreviewError(
            f"{path} is {size:,} bytes; the limit is {MAX_YAML_BYTES:,} (is this the right file?)"
        )
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PreviewError(f"{path} is not UTF-8 text: {exc.reason} at byte {exc.start}") from None
    except OSError as exc:
        raise PreviewError(f"cannot read {path}: {exc.strerror}") from None
    return parse_yaml(text, str(path))


def _one_line(exc: yaml.YAMLError) -> str:
    return " ".join(str(exc).split())
