"""Policy pack config, reconciled exactly as the Pulumi engine does it.

A port of ``pkg/resource/analyzer/config.go``: start from each policy's own enforcement level
and the ``default`` values of its config schema, apply the pack's ``initialConfig``, then the
``--policy-pack-config`` file; in both, the ``all`` key sets every policy's level first. The
result is validated against each policy's JSON schema.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema

from .errors import PreviewError

LEVELS = ("advisory", "mandatory", "remediate", "disabled")


@dataclass
class PolicyConfig:
    enforcement_level: str = ""
    """One of :data:`LEVELS`, or empty for "not given"."""
    properties: dict[str, Any] | None = None


@dataclass(frozen=True)
class PolicyMeta:
    """What reconciliation needs to know of one policy (from GetAnalyzerInfo)."""

    name: str
    enforcement_level: str
    schema_properties: dict[str, Any] = field(default_factory=dict)
    schema_required: tuple[str, ...] = ()
    has_schema: bool = False


def _level(value: Any, key: str) -> str:
    if not isinstance(value, str):
        raise PreviewError(
            f"policy pack config: {key}: {value!r} is not a valid enforcement level; must be a string"
        )
    if value not in LEVELS:
        raise PreviewError(
            f"policy pack config: {key}: {value!r} is not a valid enforcement level (one of {', '.join(LEVELS)})"
        )
    return value


def parse_policy_pack_config(doc: Any, source: str = "policy pack config") -> dict[str, PolicyConfig]:
    """A ``--policy-pack-config`` document: each key a level string or an object."""
    if doc is None:
        return {}
    if not isinstance(doc, Mapping):
        raise PreviewError(f"{source}: must be a JSON object of policy names")
    result: dict[str, PolicyConfig] = {}
    for key, value in doc.items():
        if isinstance(value, str):
            result[key] = PolicyConfig(enforcement_level=_level(value, key))
            continue
        if not isinstance(value, Mapping):
            raise PreviewError(f"{source}: {key}: {value!r} is not a valid value; must be a string or object")
        props = dict(value)
        level = _level(props.pop("enforcementLevel"), key) if "enforcementLevel" in props else ""
        if level or props:
            result[key] = PolicyConfig(enforcement_level=level, properties=props or None)
    return result


def load_policy_pack_config(path: Path) -> dict[str, PolicyConfig]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PreviewError(f"cannot read --policy-pack-config {path}: {exc.strerror}") from None
    if not text.strip():
        return {}
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PreviewError(f"--policy-pack-config {path} is not valid JSON: {exc}") from None
    return parse_policy_pack_config(doc, source=str(path))


def _apply(result: dict[str, PolicyConfig], given: Mapping[str, PolicyConfig]) -> None:
    everything = given.get("all")
    if everything is not None and everything.enforcement_level:
        for config in result.values():
            config.enforcement_level = everything.enforcement_level
    for name, config in given.items():
        current = result.get(name, PolicyConfig())
        level = config.enforcement_level or current.enforcement_level
        props = dict(current.properties) if current.properties is not None else None
        if config.properties:
            props = {**(props or {}), **config.properties}
        result[name] = PolicyConfig(enforcement_level=level, properties=props)


def reconcile(
    policies: Iterable[PolicyMeta],
    initial_config: Mapping[str, PolicyConfig],
    config: Mapping[str, PolicyConfig],
) -> dict[str, PolicyConfig]:
    """The config the engine sends to ``Configure``; raises :class:`PreviewError` if a value breaks a schema."""
    policies = list(policies)
    result: dict[str, PolicyConfig] = {}
    for policy in policies:
        defaults = {k: v["default"] for k, v in policy.schema_properties.items() if "default" in v}
        result[policy.name] = PolicyConfig(policy.enforcement_level, defaults or None)
    _apply(result, initial_config)
    _apply(result, config)

    errors: list[str] = []
    for policy in policies:
        if not policy.has_schema:
            continue
        schema: dict[str, Any] = {"type": "object"}
        if policy.schema_properties:
            schema["properties"] = policy.schema_properties
        if policy.schema_required:
            schema["required"] = list(policy.schema_required)
        props = result[policy.name].properties or {}
        validator = jsonschema.Draft7Validator(schema)
        for error in sorted(validator.iter_errors(props), key=lambda e: list(e.absolute_path)):
            where = ".".join(str(p) for p in error.absolute_path)
            errors.append(f"{policy.name}: {where + ': ' if where else ''}{error.message}")
    if errors:
        raise PreviewError("invalid policy pack config: " + "; ".join(errors))
    return result
