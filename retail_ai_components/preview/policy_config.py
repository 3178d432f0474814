"""Policy pack config, reconciled exactly as the Pulumi engine does it.

A port of the engine's analyzer config reconciliation: start from each policy's own enforcement level
and the ``default`` values of its config schema, apply the pack's ``initialConfig``, then the
``--policy-pack-config`` file; in both, the ``all`` key sets every policy's level first. The
result is validated against each policy's JSON schema.

Stricter than the engine, on purpose: the engine ignores a policy name no policy has and a key no
schema declares, so a typo (``oss-bucket-kms-encryptd``, ``exemptUrn``) silently leaves a policy at
its default, which for a gate means passing stacks it should fail. Here both are errors that name
the closest real name.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import jsonschema
from retail_ai_policies.rules import resource_matches

from .._fields import field_path
from .errors import PreviewError
from .notes import Note, warning

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
            f"policy pack config: {key}: {value!r} is not a valid enforcement level{did_you_mean(value, LEVELS)} "
            f"(one of {', '.join(LEVELS)})"
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
        if key == "environments":
            # The CLI resolves these Pulumi ESC environments through Pulumi Cloud; offline they are unknowable,
            # and judging without the values they supply would be a different verdict.
            raise PreviewError(
                f"{source}: 'environments' (Pulumi ESC) cannot be resolved offline; put the values in the file"
            )
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


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest candidate, or ``""``."""
    close = difflib.get_close_matches(name, sorted(candidates), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _unknown_names(
    policies: Sequence[PolicyMeta], config: Mapping[str, PolicyConfig], where: str
) -> list[str]:
    known = {p.name: p for p in policies}
    errors: list[str] = []
    for name, given in config.items():
        if name == "all":
            if given.properties:
                errors.append(
                    f"{where}all: only an enforcement level can apply to all policies, not "
                    f"{', '.join(sorted(given.properties))}"
                )
            continue
        policy = known.get(name)
        if policy is None:
            errors.append(f"{where}no policy named {name!r}{did_you_mean(name, known)}")
            continue
        keys = set(policy.schema_properties)
        for key in sorted(given.properties or {}):
            if key in keys:
                continue
            if not keys:
                errors.append(f"{where}{name}: takes no config, but {key!r} was given")
            else:
                hint = did_you_mean(key, keys) or f" (it takes {', '.join(sorted(keys))})"
                errors.append(f"{where}{name}: unknown config key {key!r}{hint}")
    return errors


def reconcile(
    policies: Iterable[PolicyMeta],
    initial_config: Mapping[str, PolicyConfig],
    config: Mapping[str, PolicyConfig],
    *,
    pack: str = "",
    source: str = "",
) -> dict[str, PolicyConfig]:
    """The config the engine sends to ``Configure``.

    Raises :class:`PreviewError` (one message listing every problem) when ``config`` names a policy the pack
    does not have, gives a policy a key its schema does not declare, or a value breaks a schema. ``pack`` and
    ``source`` (the config file) name where the problem is.
    """
    policies = list(policies)
    where = f"{source}: " if source else ""
    in_pack = f" in policy pack {pack}" if pack else ""
    unknown = _unknown_names(policies, config, where)
    if unknown:
        raise PreviewError(f"invalid policy pack config{in_pack}: " + "; ".join(unknown))

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
            where_in = field_path(error.absolute_path)
            errors.append(f"{where}{policy.name}: {where_in + ': ' if where_in else ''}{error.message}")
    if errors:
        raise PreviewError(f"invalid policy pack config{in_pack}: " + "; ".join(errors))
    return result


# --------------------------------------------------------------------------- exemptions


class NamedResource(Protocol):
    @property
    def urn(self) -> str: ...

    @property
    def name(self) -> str: ...


@dataclass(frozen=True)
class Exemption:
    """One exemption of one policy: an exact URN (``exemptUrns``) or a glob (``exemptions[].resource``)."""

    policy: str
    pattern: str
    exact: bool
    reason: str = ""

    def matches(self, resource: NamedResource) -> bool:
        if self.exact:
            return resource.urn == self.pattern
        # The pack's own rule, so a warning for an unmatched exemption is never wrong.
        return resource_matches(self.pattern, resource.urn, resource.name)


def exemptions(configs: Mapping[str, PolicyConfig]) -> list[Exemption]:
    """The exemptions in one pack's reconciled config, in policy order; disabled policies have none."""
    found: list[Exemption] = []
    for policy, config in configs.items():
        if config.enforcement_level == "disabled" or not config.properties:
            continue
        urns = config.properties.get("exemptUrns")
        if isinstance(urns, list):
            found.extend(Exemption(policy, urn, True) for urn in urns if isinstance(urn, str))
        entries = config.properties.get("exemptions")
        if isinstance(entries, list):
            for entry in entries:
                if isinstance(entry, Mapping) and isinstance(entry.get("resource"), str):
                    reason = entry.get("reason")
                    found.append(
                        Exemption(policy, entry["resource"], False, reason if isinstance(reason, str) else "")
                    )
    return found


def unmatched_exemptions(
    configs: Mapping[str, Mapping[str, PolicyConfig]], resources: Iterable[NamedResource]
) -> list[Note]:
    """Warnings for exemptions that match no resource of the stack (a typo, or a resource since renamed).

    ``configs``: each pack's reconciled config by pack name. An exemption meant for another stack's resources
    matches nothing here too; the warning says so, it never fails the run.
    """
    resources = list(resources)
    warnings: list[Note] = []
    for pack, config in configs.items():
        for exemption in exemptions(config):
            if any(exemption.matches(r) for r in resources):
                continue
            kind = "exemptUrns entry" if exemption.exact else "exemptions resource pattern"
            hint = ""
            if exemption.exact:
                hint = did_you_mean(exemption.pattern, [r.urn for r in resources])
            warnings.append(
                warning(
                    f"{pack} {exemption.policy}: {kind} {exemption.pattern!r} matches no resource of this "
                    f"stack{hint}"
                )
            )
    return warnings
