"""RAM and OSS policy documents, as JSON strings or objects."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from ._factory import Unverifiable
from ._values import items


def plain(value: Any) -> Any:
    """Copy a props proxy into plain dicts/lists (reading every nested value, so unknowns surface here)."""
    if isinstance(value, Mapping):
        return {str(k): plain(value[k]) for k in value}
    if isinstance(value, Sequence) and not isinstance(value, str | bytes):
        return [plain(value[i]) for i in range(len(value))]
    return value


def policy_document(value: Any, prop: str) -> Mapping[str, Any] | None:
    """A RAM/OSS policy document given as a JSON string or an object; None when absent."""
    if value is None:
        return None
    if isinstance(value, str):
        if not value.strip():
            return None
        try:
            parsed = json.loads(value)
        except ValueError as error:
            raise Unverifiable(f"{prop} must be a valid JSON policy document ({error})") from None
        value = parsed
    value = plain(value)
    if not isinstance(value, Mapping):
        raise Unverifiable(f"{prop} must be a JSON object with a Statement list")
    return value


def statements(document: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    for statement in items(document.get("Statement", document.get("statement"))):
        if isinstance(statement, Mapping):
            yield statement


def custom_alicloud(resource_type: str) -> bool:
    return resource_type.startswith("alicloud:")
