"""Reads a Pulumi project and a stack's config the way the Pulumi CLI does.

The rules and error messages follow the CLI's own (its project validation and shorthand-config rewriting,
its merge and validation of stack config values, its rules for project and stack names), so a project
the CLI refuses is refused here with the CLI's words, and a project it accepts gives the program the same
config strings (PULUMI_CONFIG) and secret keys (PULUMI_CONFIG_SECRET_KEYS).

Offline there is no secrets provider: ``secure:`` values are never decrypted; each becomes
:data:`SECRET_PLACEHOLDER` and its key is secret. Provider credentials are secret even when written in plain.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from . import program_hosts
from .errors import PreviewError
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

_CONFIG_TYPES = ("string", "integer", "boolean", "array", "object")
_CONFIG_DECLARATION_KEYS = ("default", "description", "items", "secret", "type", "value")
_NAME_RE = re.compile(r"^[A-Za-z0-9_.-]+$")
_STACK_NAME_PREFIX = re.compile(r"^[A-Za-z0-9_.-]*")


@dataclass(frozen=True)
class Project:
    name: str
    root: Path
    program_dir: Path
    stack_config_dir: Path
    config_defaults: dict[str, str] = field(default_factory=dict)
    """``ns:key`` -> string for every Pulumi.yaml ``config:`` entry with a ``default``/``value``."""
    runtime: str = "python"
    """Pulumi.yaml ``runtime``: which program host runs the program (:mod:`.program_hosts`)."""
    runtime_options: dict[str, Any] = field(default_factory=dict)
    """Pulumi.yaml ``runtime.options``, as written (the host reads its own: ``virtualenv``, ``toolchain``)."""
    config_types: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Pulumi.yaml ``config:`` declarations as written (``type``/``items``/``secret``/...), by full key."""
    required_keys: tuple[str, ...] = ()
    """Project keys declared without default or value: every stack must set them (as written in Pulumi.yaml)."""


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


# --------------------------------------------------------------------------- names


def validate_project_name(name: str) -> None:
    """tokens.ValidateProjectName."""
    if name == "":
        raise PreviewError("project names may not be empty")
    if len(name) > 100:
        raise PreviewError("project names are limited to 100 characters")
    if not _NAME_RE.match(name):
        raise PreviewError("project names may only contain alphanumerics, hyphens, underscores, and periods")


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


# --------------------------------------------------------------------------- config strings


def _go_float(value: float) -> str:
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


def _go_json(value: Any) -> str:
    """json.Marshal as Go does it: sorted keys, HTML-safe escapes, Go float formatting."""

    def encode(v: Any) -> str:
        if v is None:
            return "null"
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, int):
            return str(v)
        if isinstance(v, float):
            return _go_float(v)
        if isinstance(v, str):
            return json.dumps(v, ensure_ascii=False)
        if isinstance(v, Mapping):
            return "{" + ",".join(f"{encode(str(k))}:{encode(v[k])}" for k in sorted(v)) + "}"
        if isinstance(v, (list, tuple)):
            return "[" + ",".join(encode(item) for item in v) + "]"
        return json.dumps(str(v), ensure_ascii=False)

    text = encode(value)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escape)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _stack_value_string(value: Any) -> tuple[str, bool]:
    """config.Value from a stack file: (the string the program sees, whether it is an object)."""
    if isinstance(value, str):
        return value, False
    if isinstance(value, (bool, int, float)):
        return _go_json(value), False
    return _go_json(value), True


def _project_value_string(value: Any) -> tuple[str, bool]:
    """createConfigValue: string/int/bool printed with %v, anything else as a JSON object value."""
    if isinstance(value, bool):
        return ("true" if value else "false"), False
    if isinstance(value, (str, int)):
        return str(value), False
    return _go_json(value), True


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


# --------------------------------------------------------------------------- typed config


def _type_name(declaration: Mapping[str, Any]) -> str:
    """InferFullTypeName: array<items...>."""
    items = declaration.get("items")
    if isinstance(items, Mapping):
        return f"array<{_type_name(items)}>"
    return str(declaration.get("type", ""))


def _value_has_type(type_name: str, items: Any, value: Any) -> bool:
    """workspace.ValidateConfigValue."""
    if type_name == "string":
        return isinstance(value, str)
    if type_name == "integer":
        if isinstance(value, bool):
            return False
        if isinstance(value, int):
            return True
        if isinstance(value, float):
            return value == math.trunc(value) if math.isfinite(value) else False
        if isinstance(value, str):
            return re.fullmatch(r"[+-]?[0-9]+", value) is not None and -(2**63) <= int(value) < 2**63
        return False
    if type_name == "boolean":
        return isinstance(value, bool) or value in ("true", "false")
    if type_name == "object":
        return isinstance(value, dict)
    if not isinstance(value, list) or not isinstance(items, Mapping):
        return False
    return all(_value_has_type(str(items.get("type", "")), items.get("items"), item) for item in value)


# --------------------------------------------------------------------------- Pulumi.yaml


def _levenshtein(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _closest(needle: str, haystack: list[str]) -> str:
    """findClosestKey: the nearest name within distance 2, case-insensitive, first alphabetically."""
    best, best_distance = "", 3
    for key in sorted(haystack):
        distance = _levenshtein(needle.lower(), key.lower())
        if distance < best_distance:
            best, best_distance = key, distance
    return best


def _schema_errors(path: Path, doc: dict[str, Any]) -> None:
    """The parts of ValidateProject (project.json) a Python project can trip over."""
    fail = f"could not validate '{path}'"
    if "name" not in doc:
        closest = _closest("name", list(doc))
        found = f"; found '{closest}' instead" if closest else ""
        raise PreviewError(f"{fail}: project is missing a 'name' attribute{found}")
    name = doc["name"]
    if not isinstance(name, str) or name == "":
        raise PreviewError(f"{fail}: project is missing a non-empty string 'name' attribute")
    for key in ("main", "stackConfigDir", "description"):
        if doc.get(key) is not None and not isinstance(doc[key], str):
            raise PreviewError(f"{fail}: #/{key}: expected string or null, but got {_json_type(doc[key])}")
    config = doc.get("config")
    if config is None or isinstance(config, str):
        return
    if not isinstance(config, dict):
        raise PreviewError(f"{fail}: #/config: expected object, string or null, but got {_json_type(config)}")
    for key, entry in config.items():
        where = f"#/config/{key}"
        if isinstance(entry, (str, bool, int, list)) and not isinstance(entry, float):
            continue
        if not isinstance(entry, dict):
            raise PreviewError(
                f"{fail}: {where}: expected string, integer, boolean, array or a config declaration "
                f"(type/description/default/value/secret/items), but got {_json_type(entry)}"
            )
        for attribute in entry:
            if attribute not in _CONFIG_DECLARATION_KEYS:
                closest = _closest(attribute, list(_CONFIG_DECLARATION_KEYS))
                hint = (
                    f"; did you mean '{closest}'?"
                    if closest
                    else "; the allowed attributes are 'default', 'description', 'items', 'secret', 'type' "
                    "and 'value'"
                )
                raise PreviewError(f"{fail}: {where}: additionalProperties '{attribute}' not allowed{hint}")
        if "type" in entry and entry["type"] not in _CONFIG_TYPES:
            raise PreviewError(
                f"{fail}: {where}/type: value must be one of 'string', 'integer', 'boolean', 'array', 'object'"
            )
        if "secret" in entry and not isinstance(entry["secret"], bool):
            raise PreviewError(
                f"{fail}: {where}/secret: expected boolean, but got {_json_type(entry['secret'])}"
            )
        if "description" in entry and not isinstance(entry["description"], str):
            raise PreviewError(
                f"{fail}: {where}/description: expected string, but got {_json_type(entry['description'])}"
            )
        _check_items(
            fail,
            f"{where}/items",
            entry.get("items"),
            required=entry.get("type") == "array" and "items" in entry,
        )


def _check_items(fail: str, where: str, items: Any, required: bool) -> None:
    if items is None and not required:
        return
    if not isinstance(items, dict) or "type" not in items:
        raise PreviewError(f"{fail}: {where}: missing properties: 'type'")
    if items["type"] not in _CONFIG_TYPES:
        raise PreviewError(
            f"{fail}: {where}/type: value must be one of 'string', 'integer', 'boolean', 'array', 'object'"
        )
    if items["type"] == "array":
        if "items" not in items:
            raise PreviewError(f"{fail}: {where}: missing properties: 'items'")
        _check_items(fail, f"{where}/items", items["items"], required=True)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _namespaced_by_project(project: str, key: str) -> bool:
    return ":" not in key or key.startswith(project + ":")


def _qualify(key: str, project: str) -> str:
    return key if ":" in key else f"{project}:{key}"


def _parse_key(key: str, where: str) -> str:
    """config.ParseKey: ``ns:name`` (or the legacy ``ns:config:name``)."""
    parts = key.split(":")
    if len(parts) == 2:
        return key
    if len(parts) == 3 and parts[1] == "config" and all(parts):
        return f"{parts[0]}:{parts[2]}"
    raise PreviewError(
        f"{where}: could not parse {key} as a configuration key "
        "(configuration keys should be of the form `<namespace>:<name>`)"
    )


def _project_config(path: Path, project: str, config: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """RewriteShorthandConfigValues then Project.Validate, with the CLI's messages."""
    fail = f"could not unmarshal '{path}'"
    declarations: dict[str, dict[str, Any]] = {}
    for key, entry in config.items():
        if not isinstance(entry, dict):
            # a plain value: a default for a project key, a value for anyone else's (aws:region: x)
            entry = {"default": entry} if _namespaced_by_project(project, key) else {"value": entry}
        has_default = entry.get("default") is not None
        has_value = entry.get("value") is not None
        if has_default and has_value:
            raise PreviewError(
                f"{fail}: project config '{key}' cannot have both a 'default' and 'value' attribute"
            )
        typed = entry.get("type") is not None
        if _namespaced_by_project(project, key):
            if typed and entry["type"] == "array" and entry.get("items") is None:
                raise PreviewError(
                    f"{fail}: The configuration key '{key}' declares an array "
                    "but does not specify the underlying type via the 'items' attribute"
                )
            if (
                typed
                and has_default
                and not _value_has_type(entry["type"], entry.get("items"), entry["default"])
            ):
                raise PreviewError(
                    f"{fail}: The default value specified for configuration key '{key}' is not of the "
                    f"expected type '{_type_name(entry)}'"
                )
        else:
            if typed:
                raise PreviewError(
                    f"{fail}: Configuration key '{key}' is not namespaced by the project and should not define a type"
                )
            if has_default:
                raise PreviewError(
                    f"{fail}: Configuration key '{key}' is not namespaced by the project and "
                    "should not define a default value. "
                    "Did you mean to use the 'value' attribute instead of 'default'?"
                )
            if not has_value:
                raise PreviewError(
                    f"{fail}: Configuration key '{key}' is namespaced and must provide an attribute 'value'"
                )
        full_key = _qualify(_parse_key(key, fail) if ":" in key else key, project)
        declarations[full_key] = {"as_written": key, **entry}
    return declarations


def find_project_file(cwd: Path) -> Path:
    for candidate in ("Pulumi.yaml", "Pulumi.yml"):
        path = cwd / candidate
        if path.is_file():
            return path
    raise PreviewError(f"no Pulumi project in {cwd}: there is no Pulumi.yaml (use --cwd DIR)")


def load_project(cwd: Path) -> Project:
    path = find_project_file(cwd)
    doc = read_yaml(path)
    if not isinstance(doc, dict):
        raise PreviewError(
            f"could not validate '{path}': expected project to be an object, was '{_json_type(doc)}'"
        )
    _schema_errors(path, doc)
    name: str = doc["name"]
    try:
        validate_project_name(name)
    except PreviewError as exc:
        raise PreviewError(f"{path}: {exc}") from None

    runtime = doc.get("runtime")
    host = program_hosts.runtime(runtime.get("name") if isinstance(runtime, dict) else runtime, path)
    options = runtime.get("options") if isinstance(runtime, dict) else None
    options = options if isinstance(options, dict) else {}

    config = doc.get("config")
    stack_config_dir_text = doc.get("stackConfigDir")
    if isinstance(config, str):
        # RewriteConfigPathIntoStackConfigDir: the deprecated spelling of stackConfigDir
        if stack_config_dir_text is not None:
            raise PreviewError(
                "Should not use both config and stackConfigDir to define the stack directory. "
                "Use only stackConfigDir instead."
            )
        stack_config_dir_text, config = config, None
    declarations = _project_config(path, name, config or {})

    root = cwd.resolve()
    program_dir = (root / str(doc.get("main") or ".")).resolve()
    if program_dir.is_file():
        program_dir = program_dir.parent
    host.check_program(path, program_dir)

    defaults: dict[str, str] = {}
    required: list[str] = []
    for full_key, declaration in declarations.items():
        raw = declaration.get("default")
        if raw is None:
            raw = declaration.get("value")
        if raw is not None:
            defaults[full_key], _ = _project_value_string(raw)
        elif full_key.partition(":")[0] == name:
            required.append(declaration["as_written"])
    return Project(
        name=name,
        root=root,
        program_dir=program_dir,
        stack_config_dir=(root / str(stack_config_dir_text or ".")).resolve(),
        config_defaults=defaults,
        runtime=host.name,
        runtime_options=options,
        config_types=declarations,
        required_keys=tuple(required),
    )


# --------------------------------------------------------------------------- stack config


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


def load_stack_config(project: Project, stack: str, environ: Mapping[str, str] | None = None) -> StackConfig:
    """The config the CLI would hand the program for ``stack``: stack file over Pulumi.yaml.

    ``environ`` defaults to the process environment (read for the provider's region fallback).
    """
    validate_stack_name(stack)
    environ = os.environ if environ is None else environ
    path = stack_config_path(project, stack)
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

    values: dict[str, str] = {}
    objects: dict[str, Any] = {}  # the decoded value of object-valued keys, for typed validation
    secret_keys: list[str] = []
    notes: list[str] = []
    for key, value in raw.items():
        full_key = _parse_key(_qualify(str(key), project.name), str(path))
        if full_key in values:
            raise PreviewError(f"{path}: config key {full_key!r} is given twice ({key!r})")
        plain, is_secret = _replace_secure(value)
        try:
            values[full_key], is_object = _stack_value_string(plain)
        except ValueError as exc:
            raise PreviewError(f"{path}: config key {full_key!r}: {exc}") from None
        if is_object:
            objects[full_key] = plain
        if is_secret:
            secret_keys.append(full_key)

    # mergeConfig: project values and defaults fill what the stack does not set
    missing = [k for k in project.required_keys if _qualify(k, project.name) not in values]
    for full_key, text in project.config_defaults.items():
        if full_key not in values:
            values[full_key] = text
            declaration = project.config_types.get(full_key, {})
            raw_default = (
                declaration["default"] if declaration.get("default") is not None else declaration.get("value")
            )
            if not isinstance(raw_default, (str, int, bool)):
                objects[full_key] = raw_default
    if missing:
        raise _missing_keys_error(stack, missing)
    _validate_typed(project, stack, values, objects, set(secret_keys), notes)

    for key in values:
        if is_credential_key(key) and key not in secret_keys:
            secret_keys.append(key)
    if any(not is_credential_key(k) for k in secret_keys):
        notes.append(
            "Secret stack config (secure:) was not decrypted: the program saw a placeholder, shown as [secret]."
        )
    credentials = sorted(k for k in secret_keys if is_credential_key(k))
    if credentials:
        notes.append(
            f"Provider credentials in config ({', '.join(credentials)}) are treated as secret and shown as "
            "[secret]; the offline preview never uses them."
        )

    region_fallback = ""
    if not values.get(REGION_KEY):
        for variable in REGION_ENV_VARS:
            if environ.get(variable):
                region_fallback = environ[variable]
                notes.append(
                    f"alicloud:region is not set in config; using {variable}={region_fallback}, "
                    "the provider's own fallback."
                )
                break
        else:
            notes.append(
                "alicloud:region is not set in config, ALICLOUD_REGION or ALIBABA_CLOUD_REGION: the real "
                f"provider would fall back to its profile's region or {PROVIDER_DEFAULT_REGION}."
            )
    return StackConfig(values=values, secret_keys=secret_keys, notes=notes, region_fallback=region_fallback)


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
        content: Any = json.loads(_go_json(objects[full_key])) if full_key in objects else values[full_key]
        if not _value_has_type(declaration["type"], declaration.get("items"), content):
            raise PreviewError(
                f"Stack '{stack}' with configuration key '{as_written}' must be of type '{_type_name(declaration)}'"
            )
    if unchecked:
        notes.append(
            f"Typed secret config ({', '.join(unchecked)}) was not type-checked: its value is never decrypted offline."
        )
