"""Reads a stack's config the way the Pulumi CLI does: the stack file over Pulumi.yaml's values and defaults.

The rules and error messages follow the CLI's own (its merge and validation of stack config values, its
rules for stack names), and a stack it accepts gives the program the same config strings (PULUMI_CONFIG) and
secret keys (PULUMI_CONFIG_SECRET_KEYS).

Offline there is no secrets provider: ``secure:`` values are never decrypted; each becomes
:data:`SECRET_PLACEHOLDER` and its key is secret. Provider credentials are secret even when written in plain.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import gojson
from .errors import PreviewError
from .project import Project, parse_key, qualify_key, type_name, value_has_type
from .safe_yaml import read_yaml

# Stack config values marked `secure:` are ciphertext only the stack's secrets provider can
# read. Offline there is none, so they become this stand-in, marked secret so it never prints.
# It is shaped to pass the usual password rules (length, case, digit, symbol).
SECRET_PLACEHOLDER = "Offline-Preview-Secret-0"

REGION_KEY = "alicloud:region"
REGION_ENV_VARS = ("ALICLOUD_REGION", "ALIBABA_CLOUD_REGION")
"""The provider's own fallback, in its order: the bridge reads ALICLOUD_REGION, the Terraform provider's
schema ``MultiEnvDefaultFunc(["ALICLOUD_REGION", "ALIBABA_CLOUD_REGION"])``."""
PROVIDER_DEFAULT_REGION = "cn-beijing"
"""terraform-provider-alicloud ``DEFAULT_REGION``: where an unconfigured provider goes."""

# alicloud provider config that carries a credential (the provider's own config schema):
# an AccessKey pair, an STS token, or an OIDC token inside assumeRoleWithOidc. Matched on the key's
# name with case, "_" and "-" ignored, so `alicloud:access_key` (a typo the provider ignores) is still
# treated as the credential it plainly is.
_CREDENTIAL_NAMES = frozenset(
    {
        "accesskey",
        "accesskeyid",
        "secretkey",
        "accesskeysecret",
        "securitytoken",
        "ststoken",
        "assumerolewithoidc",
        "oidctoken",
    }
)

_STACK_NAME_PREFIX = re.compile(r"^[A-Za-z0-9_.-]*")


@dataclass(frozen=True)
class StackConfig:
    values: dict[str, str]
    """``namespace:key`` to string; structured values are JSON strings, as the CLI passes them."""
    secret_keys: list[str]
    notes: list[str] = field(default_factory=list)
    """What a reader of the report should know: secrets replaced, region taken from the environment."""
    region_fallback: str = ""
    """The region from the provider's environment fallback, when ``alicloud:region`` is not set."""

    def namespace(self, ns: str) -> dict[str, str]:
        prefix = f"{ns}:"
        return {k[len(prefix) :]: v for k, v in self.values.items() if k.startswith(prefix)}

    @property
    def region(self) -> str:
        """``alicloud:region``, else ALICLOUD_REGION / ALIBABA_CLOUD_REGION (noted), else ""."""
        return self.values.get(REGION_KEY) or self.region_fallback


def validate_stack_name(stack: str) -> None:
    """tokens.ParseStackName, for the stack's own name (the part a stack file is named after)."""
    if stack == "":
        raise PreviewError("a stack name may not be empty")
    if len(stack) > 100:
        raise PreviewError("a stack name cannot exceed 100 characters")
    if "/" in stack:
        raise PreviewError(
            f"--stack {stack!r}: give the stack's own name (e.g. dev), not an organization/project/stack "
            "reference; the offline preview reads Pulumi.<name>.yaml beside the project"
        )
    end = _STACK_NAME_PREFIX.match(stack)
    failure = end.end() if end else 0
    if failure != len(stack):
        raise PreviewError(
            "a stack name may only contain alphanumeric, hyphens, underscores, or periods: "
            f"invalid character {json.dumps(stack[failure])} at position {failure}"
        )


def _stack_value_string(value: Any) -> tuple[str, bool]:
    """config.Value from a stack file: (the string the program sees, whether it is an object)."""
    if isinstance(value, str):
        return value, False
    if isinstance(value, (bool, int, float)):
        return gojson.marshal(value), False
    return gojson.marshal(value), True


def _replace_secure(value: Any) -> tuple[Any, bool]:
    """Swaps every ``{secure: ...}`` for the placeholder; says whether any was found."""
    if isinstance(value, dict):
        if set(value) == {"secure"} and isinstance(value["secure"], str):
            return SECRET_PLACEHOLDER, True
        found = False
        out = {}
        for k, v in value.items():
            out[k], f = _replace_secure(v)
            found = found or f
        return out, found
    if isinstance(value, list):
        items = [_replace_secure(v) for v in value]
        return [v for v, _ in items], any(f for _, f in items)
    return value, False


def is_credential_key(key: str) -> bool:
    """A provider config key that holds a credential: always secret, whatever the file says."""
    namespace, _, name = key.partition(":")
    return namespace == "alicloud" and name.replace("_", "").replace("-", "").lower() in _CREDENTIAL_NAMES


# --------------------------------------------------------------------------- the steps


def stack_config_path(project: Project, stack: str) -> Path:
    return project.stack_config_dir / f"Pulumi.{stack}.yaml"


def _missing_keys_error(stack: str, keys: list[str]) -> PreviewError:
    """missingStackConfigurationKeysError."""
    keys = sorted(keys)
    if len(keys) == 1:
        listed = f"'{keys[0]}'"
    else:
        listed = ", ".join(f"'{k}'" for k in keys[:-2])
        listed = (listed + ", " if listed else "") + f"'{keys[-2]}' and '{keys[-1]}'"
    return PreviewError(
        f"Stack '{stack}' is missing configuration value{'s' if len(keys) > 1 else ''} {listed}"
    )


def _read_stack_file(project: Project, stack: str, path: Path) -> dict[str, Any]:
    """The stack file's ``config:`` mapping; an error naming the stacks that exist when there is no file."""
    if not path.is_file():
        # The CLI would run with empty config; offline the stack file is the only sign the stack
        # exists, so a mistyped --stack must not quietly preview with no config.
        known = sorted(
            p.name[len("Pulumi.") : -len(".yaml")] for p in project.stack_config_dir.glob("Pulumi.*.yaml")
        )
        hint = f"; stacks here: {', '.join(known)}" if known else ""
        raise PreviewError(f"no such stack {stack!r}: {path} does not exist{hint}")
    doc = read_yaml(path) or {}
    if not isinstance(doc, dict):
        raise PreviewError(f"{path}: expected a mapping with a 'config' key")
    raw = doc.get("config") or {}
    if not isinstance(raw, dict):
        raise PreviewError(f"{path}: 'config' must be a mapping")
    return raw


@dataclass
class _Values:
    """Config being assembled: strings as the program gets them, object values decoded (for typed
    validation), and the keys that are secret."""

    strings: dict[str, str] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)
    secret_keys: list[str] = field(default_factory=list)


def _stack_values(project: Project, path: Path, raw: Mapping[Any, Any]) -> _Values:
    """The stack file's values, keys qualified with the project, ``secure:`` values replaced."""
    values = _Values()
    for key, value in raw.items():
        full_key = parse_key(qualify_key(str(key), project.name), str(path))
        if full_key in values.strings:
            raise PreviewError(f"{path}: config key {full_key!r} is given twice ({key!r})")
        plain, is_secret = _replace_secure(value)
        try:
            values.strings[full_key], is_object = _stack_value_string(plain)
        except ValueError as exc:
            raise PreviewError(f"{path}: config key {full_key!r}: {exc}") from None
        if is_object:
            values.objects[full_key] = plain
        if is_secret:
            values.secret_keys.append(full_key)
    return values


def _merge_project_config(project: Project, stack: str, values: _Values) -> None:
    """mergeConfig: project values and defaults fill what the stack does not set; a required project key
    the stack does not set is an error."""
    missing = [k for k in project.required_keys if qualify_key(k, project.name) not in values.strings]
    for full_key, text in project.config_defaults.items():
        if full_key in values.strings:
            continue
        values.strings[full_key] = text
        declaration = project.config_types.get(full_key, {})
        raw_default = (
            declaration["default"] if declaration.get("default") is not None else declaration.get("value")
        )
        if not isinstance(raw_default, (str, int, bool)):
            values.objects[full_key] = raw_default
    if missing:
        raise _missing_keys_error(stack, missing)


def _secret_notes(values: _Values) -> list[str]:
    """Provider credentials made secret whatever the file says, and what the report must say of secrets."""
    for key in values.strings:
        if is_credential_key(key) and key not in values.secret_keys:
            values.secret_keys.append(key)
    notes = []
    if any(not is_credential_key(k) for k in values.secret_keys):
        notes.append(
            "Secret stack config (secure:) was not decrypted: the program saw a placeholder, shown as [secret]."
        )
    credentials = sorted(k for k in values.secret_keys if is_credential_key(k))
    if credentials:
        notes.append(
            f"Provider credentials in config ({', '.join(credentials)}) are treated as secret and shown as "
            "[secret]; the offline preview never uses them."
        )
    return notes


def _region_fallback(values: _Values, environ: Mapping[str, str]) -> tuple[str, list[str]]:
    """With no ``alicloud:region`` in config: the provider's environment fallback, and a note either way."""
    if values.strings.get(REGION_KEY):
        return "", []
    for variable in REGION_ENV_VARS:
        if environ.get(variable):
            return environ[variable], [
                f"alicloud:region is not set in config; using {variable}={environ[variable]}, "
                "the provider's own fallback."
            ]
    return "", [
        "alicloud:region is not set in config, ALICLOUD_REGION or ALIBABA_CLOUD_REGION: the real "
        f"provider would fall back to its profile's region or {PROVIDER_DEFAULT_REGION}."
    ]


def load_stack_config(project: Project, stack: str, environ: Mapping[str, str] | None = None) -> StackConfig:
    """The config the CLI would hand the program for ``stack``: stack file over Pulumi.yaml.

    ``environ`` defaults to the process environment (read for the provider's region fallback).
    """
    validate_stack_name(stack)
    path = stack_config_path(project, stack)
    values = _stack_values(project, path, _read_stack_file(project, stack, path))
    _merge_project_config(project, stack, values)
    notes: list[str] = []
    _validate_typed(project, stack, values.strings, values.objects, set(values.secret_keys), notes)
    notes.extend(_secret_notes(values))
    region_fallback, region_notes = _region_fallback(values, os.environ if environ is None else environ)
    notes.extend(region_notes)
    return StackConfig(
        values=values.strings, secret_keys=values.secret_keys, notes=notes, region_fallback=region_fallback
    )


def _validate_typed(
    project: Project,
    stack: str,
    values: dict[str, str],
    objects: dict[str, Any],
    secure: set[str],
    notes: list[str],
) -> None:
    """validateStackConfigValues: secret and type rules of typed project config."""
    unchecked: list[str] = []
    for full_key in sorted(project.config_types):
        declaration = project.config_types[full_key]
        if declaration.get("type") is None or full_key not in values:
            continue
        as_written = declaration["as_written"]
        if declaration.get("secret") and full_key not in secure:
            raise PreviewError(
                f"Stack '{stack}' with configuration key '{as_written}' must be encrypted as it's secret"
            )
        if full_key in secure:
            unchecked.append(full_key)  # the real value is ciphertext we cannot read
            continue
        content: Any = (
            json.loads(gojson.marshal(objects[full_key])) if full_key in objects else values[full_key]
        )
        if not value_has_type(declaration["type"], declaration.get("items"), content):
            raise PreviewError(
                f"Stack '{stack}' with configuration key '{as_written}' must be of type '{type_name(declaration)}'"
            )
    if unchecked:
        notes.append(
            f"Typed secret config ({', '.join(unchecked)}) was not type-checked: its value is never decrypted offline."
        )
