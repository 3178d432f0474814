"""Offline stand-in for the alicloud provider's Check.

The real ``pulumi preview`` sends every resource's inputs to the bridged Terraform provider's Check,
which fills schema ``Default`` values into unset inputs and runs the schema's validators; policies then
see the checked inputs, and a rejected value fails the preview. This module replays that from a table
generated from the upstream provider at the pinned version (``scripts/generate_provider_check.py``).

Applied, following pulumi-terraform-bridge's ``applyDefaults``: a property's
literal default, only where the input is absent (an unknown or a secret counts as present), at the top
level and inside nested blocks; not for Removed arguments, nor Deprecated non-Required ones, nor where a
ConflictsWith/ExactlyOneOf sibling is set or has a default of its own (resolved by the generator). Then the
validators the table expresses as data (one_of, int_between, len_between, match,
float_between, json). Not applied: unknown values and secret-wrapped values are never validated;
anything the table does not list passes unchanged. Skipped by the generator (and counted in its
summary): defaults and enum values given as Go constants or expressions, custom validate functions,
regexps Python cannot read, blocks nested deeper than two levels.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Any

from .errors import PreviewError
from .urns import PROVIDER_PREFIX
from .wire import is_opaque

_TABLE = "alicloud_check.json"


class CheckFailure(PreviewError):
    """A value the provider's Check would reject."""


@lru_cache(maxsize=1)
def _table() -> dict[str, Any]:
    try:
        text = resources.files("retail_ai_components.preview").joinpath("data").joinpath(_TABLE).read_text()
    except FileNotFoundError:
        return {}
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def _violation(rule: dict[str, Any], value: Any) -> str | None:
    kind = rule["kind"]
    if kind == "one_of":
        options = rule["values"]
        if rule.get("ignoreCase") and isinstance(value, str):
            ok = value.lower() in {str(o).lower() for o in options}
        else:
            ok = value in options
        return None if ok else f"expected one of [{', '.join(map(str, options))}], got {json.dumps(value)}"
    if kind in ("int_between", "float_between"):
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            return None
        low, high = rule.get("min"), rule.get("max")
        if (low is not None and value < low) or (high is not None and value > high):
            return f"expected to be in the range ({low} - {high}), got {value}"
        return None
    if kind == "len_between" and isinstance(value, str):
        if not rule["min"] <= len(value) <= rule["max"]:
            return (
                f"expected length to be in the range ({rule['min']} - {rule['max']}), got {json.dumps(value)}"
            )
        return None
    if kind == "match" and isinstance(value, str):
        if re.search(rule["pattern"], value) is None:
            return f"must match {rule['pattern']!r}, got {json.dumps(value)}"
        return None
    if kind == "json" and isinstance(value, str):
        try:
            json.loads(value)
        except ValueError:
            return f"must be valid JSON, got {json.dumps(value)}"
    return None


def _conflicts(spec: dict[str, Any]) -> list[str]:
    return [*spec.get("conflictsWith", []), *spec.get("exactlyOneOf", [])]


def _apply(props: dict[str, Any], inputs: dict[str, Any], where: str, path: str) -> dict[str, Any]:
    out = dict(inputs)
    # pulumi-terraform-bridge applyDefaults: no default for an argument that conflicts (ConflictsWith,
    # ExactlyOneOf) with one the user set, nor for one a set argument conflicts with.
    present = set(out)
    blocked = {n for s in (props.get(p, {}) for p in present) for n in _conflicts(s)}
    for name, spec in props.items():
        if (
            "default" in spec
            and name not in out
            and name not in blocked
            and not present & set(_conflicts(spec))
        ):
            out[name] = spec["default"]
    for name, spec in props.items():
        value = out.get(name)
        if value is None or is_opaque(value):
            continue
        for rule in spec.get("validators", []):
            problem = _violation(rule, value)
            if problem:
                raise CheckFailure(f"{where}: {path}{name}: {problem}")
        nested = spec.get("nested")
        if nested:
            if isinstance(value, dict):
                out[name] = _apply(nested, value, where, f"{path}{name}.")
            elif isinstance(value, list):
                out[name] = [
                    _apply(nested, item, where, f"{path}{name}[{i}].") if isinstance(item, dict) else item
                    for i, item in enumerate(value)
                ]
    return out


ALICLOUD_CONFIG_KEYS = frozenset(
    {
        "accessKey", "accountId", "accountType", "assumeRole", "assumeRoleWithOidc", "clientConnectTimeout",
        "clientReadTimeout", "configurationSource", "credentialsUri", "ecsRoleName", "endpoints", "fc",
        "features", "logEndpoint", "maxRetryTimeout", "mnsEndpoint", "otsInstanceName", "profile", "protocol",
        "region", "secretKey", "secureTransport", "securityToken", "securityTransport",
        "sharedCredentialsFile", "signVersion", "skipRegionValidation", "sourceIp",
    }
)  # fmt: skip
"""The alicloud provider's config schema (pulumi-alicloud's ProviderArgs, one name each)."""
ENGINE_PROVIDER_KEYS = frozenset({"version", "pluginDownloadURL"})
"""Provider inputs the engine itself sets, never sent to the bridged provider's schema."""


def check_config(package: str, name: str, inputs: dict[str, Any]) -> None:
    """The bridged provider's CheckConfig on a default provider's config: a key its schema does not have is
    refused, as pulumi-terraform-bridge words it (with the nearest valid key, when one is close)."""
    if package != "alicloud":
        return
    for key in sorted(inputs):
        if key in ALICLOUD_CONFIG_KEYS or key in ENGINE_PROVIDER_KEYS:
            continue
        close = difflib.get_close_matches(key, ALICLOUD_CONFIG_KEYS, n=1, cutoff=0.6)
        if not close:
            folded = {k.lower(): k for k in ALICLOUD_CONFIG_KEYS}
            close = [folded[k] for k in (key.lower().replace("_", "").replace("-", ""),) if k in folded]
        hint = f" Did you mean `{package}:{close[0]}`?" if close else ""
        raise CheckFailure(
            f"{PROVIDER_PREFIX}{package} resource '{name}' has a problem: `{package}:{key}` is not a valid "
            f"configuration key for the {package} provider. If the referenced key is not intended for the "
            f"provider, please choose a different namespace from `{package}:`.{hint}"
        )


def check(type_token: str, urn: str, inputs: dict[str, Any]) -> dict[str, Any]:
    """Return ``inputs`` with the provider's defaults applied; raise CheckFailure on a rejected value."""
    resource = _table().get("resources", {}).get(type_token)
    if resource is None:
        return inputs
    return _apply(resource, inputs, f"{type_token} ({urn})", "")


def notes(provider_versions: Iterable[str] = ()) -> list[str]:
    """Which table judged the run; ``provider_versions``: the alicloud providers the program registered."""
    table = _table()
    if not table:
        return ["provider Check table missing: alicloud defaults and validators not applied"]
    pinned = str(table.get("pulumiAlicloud"))
    texts = [
        f"provider Check table: terraform-provider-alicloud {table.get('terraformProvider')} "
        f"(pulumi-alicloud {pinned}), generated {table.get('generated')}"
    ]
    # A Node.js project brings its own @pulumi/alicloud, often not the version the table was generated for.
    others = sorted({v for v in provider_versions if v and v != pinned})
    if others:
        texts.append(
            f"The program's alicloud provider is {', '.join(others)}, not {pinned}: its resources were checked "
            f"with the pulumi-alicloud {pinned} table (defaults and validators that changed between the two "
            f"versions are {pinned}'s)"
        )
    return texts
