"""``alicloud.ram.get_policy_document``, rendered offline exactly as the provider renders it.

The data source makes no cloud call: the provider assembles the JSON from the call's statements, so the
preview can give the program the very string the real preview would, and the RAM role or policy that uses it
is judged on its real document. The provider's rules, as it applies them:

* ``version`` defaults to ``"1"`` and may only be ``"1"``; a statement's ``effect`` defaults to ``Allow`` and
  may be ``Allow`` or ``Deny``; ``actions`` is required; a principal's ``entity`` is ``RAM``, ``Service`` or
  ``Federated``; ``actions``, ``resources`` and a condition's ``values`` may not hold an empty (or all-space)
  string.
* ``Action``, ``Resource`` and a condition's values are a plain string when the list has one item, else the
  list. A principal's identifiers are always a list, in reverse sorted order.
* ``Principal`` is ``{entity: identifiers}`` and ``Condition`` is ``{operator: {variable: values}}``, keys
  sorted; principals and conditions are sets, so identical blocks count once.
* The document is Go's compact ``json.Marshal`` output (``<``, ``>``, ``&``, U+2028 and U+2029 escaped); the
  result's ``id`` is the CRC-32 of the document, in decimal.

Two blocks for the same principal entity, or for the same condition operator and variable, are merged by the
provider in the order of its set's hashes, which this module does not reproduce: such a call is refused with
how to write it (one block each) rather than answered in a possibly different order.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence
from typing import Any

from ..gojson import marshal_struct as go_json

EFFECTS = ("Allow", "Deny")
ENTITIES = ("RAM", "Service", "Federated")
VERSIONS = ("1",)


class Rejected(Exception):
    """Arguments the provider itself rejects: ``field`` and ``rule`` say which and why."""

    def __init__(self, field: str, rule: str) -> None:
        super().__init__(f"{field} {rule}")
        self.field = field
        self.rule = rule


class OrderUnknown(Exception):
    """A document whose order depends on the provider's set hashing; the message says how to avoid it."""


def document_id(document: str) -> str:
    return str(zlib.crc32(document.encode("utf-8")))


def render(statements: Sequence[Mapping[str, Any]], version: str = "1") -> str:
    """The policy document the provider renders from these statements (camelCase, as the SDK sends them)."""
    if version not in VERSIONS:
        raise Rejected("version", f"is {version!r}; the only valid value is '1'")
    blocks = _blocks(statements, "statements", unique=False)
    rendered = [_statement(statement, f"statements[{i}]") for i, statement in enumerate(blocks)]
    return go_json({"Statement": rendered, "Version": version})


def _statement(statement: Mapping[str, Any], where: str) -> dict[str, Any]:
    effect = statement.get("effect")
    if effect is None:
        effect = "Allow"
    if effect not in EFFECTS:
        raise Rejected(f"{where}.effect", f"is {effect!r}; it must be one of {', '.join(EFFECTS)}")
    actions = _strings(statement.get("actions"), f"{where}.actions")
    if not actions:
        raise Rejected(f"{where}.actions", "is required (at least one action)")
    out: dict[str, Any] = {"Effect": effect, "Action": _one_or_all(actions, f"{where}.actions", "action")}
    resources = _strings(statement.get("resources"), f"{where}.resources")
    if resources:
        out["Resource"] = _one_or_all(resources, f"{where}.resources", "resource")
    principals = _principals(statement.get("principals"), where)
    if principals:
        out["Principal"] = principals
    conditions = _conditions(statement.get("conditions"), where)
    if conditions:
        out["Condition"] = conditions
    return out


def _strings(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if (
        isinstance(value, str)
        or not isinstance(value, Sequence)
        or not all(isinstance(i, str) for i in value)
    ):
        raise Rejected(where, "must be a list of strings")
    return list(value)


def _one_or_all(values: list[str], where: str, name: str) -> str | list[str]:
    for index, item in enumerate(values):
        if item.strip(" ") == "":
            raise Rejected(f"{where}[{index}]", f"is empty; the provider refuses empty strings in {name}")
    return values[0] if len(values) == 1 else list(values)


def _blocks(value: Any, where: str, *, unique: bool = True) -> list[Mapping[str, Any]]:
    """The blocks of a list (``unique``: of a set, where identical blocks are one)."""
    if value is None:
        return []
    if not isinstance(value, Sequence) or isinstance(value, str):
        raise Rejected(where, "must be a list of blocks")
    for index, item in enumerate(value):
        if not isinstance(item, Mapping):
            raise Rejected(f"{where}[{index}]", "must be a block (a mapping)")
    if not unique:
        return list(value)
    once: list[Mapping[str, Any]] = []
    for block in value:
        if block not in once:
            once.append(block)
    return once


def _principals(value: Any, where: str) -> dict[str, list[str]]:
    merged: dict[str, list[str]] = {}
    for index, block in enumerate(_blocks(value, f"{where}.principals")):
        at = f"{where}.principals[{index}]"
        entity = block.get("entity")
        if entity not in ENTITIES:
            raise Rejected(f"{at}.entity", f"is {entity!r}; it must be one of {', '.join(ENTITIES)}")
        identifiers = _strings(block.get("identifiers"), f"{at}.identifiers")
        if not identifiers:
            raise Rejected(f"{at}.identifiers", "is required (at least one identifier)")
        if entity in merged:
            raise OrderUnknown(
                f"{where} has two principal blocks for {entity}; the provider merges them in an order this "
                "preview does not reproduce: list all of that entity's identifiers in one block"
            )
        merged[entity] = sorted(identifiers, reverse=True)
    return {entity: merged[entity] for entity in sorted(merged)}


def _conditions(value: Any, where: str) -> dict[str, dict[str, str | list[str]]]:
    merged: dict[str, dict[str, str | list[str]]] = {}
    for index, block in enumerate(_blocks(value, f"{where}.conditions")):
        at = f"{where}.conditions[{index}]"
        operator, variable = block.get("operator"), block.get("variable")
        for name, given in (("operator", operator), ("variable", variable)):
            if not isinstance(given, str) or not given:
                raise Rejected(f"{at}.{name}", "is required")
        assert isinstance(operator, str) and isinstance(variable, str)
        values = _strings(block.get("values"), f"{at}.values")
        if not values:
            raise Rejected(f"{at}.values", "is required (at least one value)")
        by_variable = merged.setdefault(operator, {})
        if variable in by_variable:
            raise OrderUnknown(
                f"{where} has two {operator} conditions on {variable}; the provider merges them in an order "
                "this preview does not reproduce: list all of their values in one block"
            )
        by_variable[variable] = _one_or_all(values, f"{at}.values", "values")
    return {op: {var: merged[op][var] for var in sorted(merged[op])} for op in sorted(merged)}
