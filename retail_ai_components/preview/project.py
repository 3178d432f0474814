"""Reads a Pulumi project (Pulumi.yaml) the way the Pulumi CLI does; its stacks' config is :mod:`.stack_config`.

The rules and error messages follow the CLI's own (its project validation and shorthand-config rewriting,
its rules for project names and config keys and types), so a project the CLI refuses is refused here with the
CLI's words. The runtime it names must be one a program host runs (:mod:`.program_hosts`).
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import gojson, program_hosts
from .errors import PreviewError
from .safe_yaml import read_yaml

_CONFIG_TYPES = ("string", "integer", "boolean", "array", "object")
_CONFIG_DECLARATION_KEYS = ("default", "description", "items", "secret", "type", "value")
_NAME_RE = re.compile(r"^[A-Za-z0-9_.-]+$")
_PROJECT_FILES = ("Pulumi.yaml", "Pulumi.yml")


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
    entry_point: str = "."
    """What the program host runs inside ``program_dir``: ``main``'s file name when ``main`` names a file, else
    ``.`` (the CLI's ``getPwdMain``)."""
    file: Path | None = None
    """The project file itself (Pulumi.yaml or Pulumi.yml), for errors about it."""


# --------------------------------------------------------------------------- names


def validate_project_name(name: str) -> None:
    """tokens.ValidateProjectName."""
    if name == "":
        raise PreviewError("project names may not be empty")
    if len(name) > 100:
        raise PreviewError("project names are limited to 100 characters")
    if not _NAME_RE.match(name):
        raise PreviewError("project names may only contain alphanumerics, hyphens, underscores, and periods")


# --------------------------------------------------------------------------- config values


def _project_value_string(value: Any) -> tuple[str, bool]:
    """createConfigValue: string/int/bool printed with %v, anything else as a JSON object value."""
    if isinstance(value, bool):
        return ("true" if value else "false"), False
    if isinstance(value, (str, int)):
        return str(value), False
    return gojson.marshal(value), True


# --------------------------------------------------------------------------- typed config


def type_name(declaration: Mapping[str, Any]) -> str:
    """InferFullTypeName: array<items...>."""
    items = declaration.get("items")
    if isinstance(items, Mapping):
        return f"array<{type_name(items)}>"
    return str(declaration.get("type", ""))


def value_has_type(expected: str, items: Any, value: Any) -> bool:
    """workspace.ValidateConfigValue."""
    if expected == "string":
        return isinstance(value, str)
    if expected == "integer":
        if isinstance(value, bool):
            return False
        if isinstance(value, int):
            return True
        if isinstance(value, float):
            return value == math.trunc(value) if math.isfinite(value) else False
        if isinstance(value, str):
            return re.fullmatch(r"[+-]?[0-9]+", value) is not None and -(2**63) <= int(value) < 2**63
        return False
    if expected == "boolean":
        return isinstance(value, bool) or value in ("true", "false")
    if expected == "object":
        return isinstance(value, dict)
    if not isinstance(value, list) or not isinstance(items, Mapping):
        return False
    return all(value_has_type(str(items.get("type", "")), items.get("items"), item) for item in value)


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


def qualify_key(key: str, project: str) -> str:
    return key if ":" in key else f"{project}:{key}"


def parse_key(key: str, where: str) -> str:
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
                and not value_has_type(entry["type"], entry.get("items"), entry["default"])
            ):
                raise PreviewError(
                    f"{fail}: The default value specified for configuration key '{key}' is not of the "
                    f"expected type '{type_name(entry)}'"
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
        full_key = qualify_key(parse_key(key, fail) if ":" in key else key, project)
        declarations[full_key] = {"as_written": key, **entry}
    return declarations


def detect_project_dir(start: Path) -> Path:
    """The folder of the project the Pulumi CLI would use when started in ``start`` (its
    ``DetectProjectPathFrom``): ``start`` and then each folder above it, lexically, up to the filesystem's
    root; the first that holds a ``Pulumi.json``, ``Pulumi.yaml`` or ``Pulumi.yml`` file wins, and a
    folder that cannot be read holds none. ``--cwd DIR`` is the CLI's ``-C``: the search starts there."""
    start = Path(os.path.abspath(start))
    folder = start if not start.is_file() else start.parent
    while True:
        for name in ("Pulumi.json", *_PROJECT_FILES):
            try:
                found = (folder / name).is_file()
            except OSError:
                found = False
            if not found:
                continue
            if name == "Pulumi.json":
                raise PreviewError(
                    f"{folder / name}: the offline preview reads Pulumi.yaml projects only; write it as "
                    "Pulumi.yaml (the same keys) with its stack files as Pulumi.<stack>.yaml"
                )
            return folder
        if folder.parent == folder:
            raise PreviewError(
                f"no Pulumi project: there is no Pulumi.yaml in {start} or any folder above it "
                "(use --cwd DIR to name the project's folder)"
            )
        folder = folder.parent


def find_project_file(cwd: Path) -> Path:
    for candidate in _PROJECT_FILES:
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
    entry_point = "."
    if program_dir.is_file():
        program_dir, entry_point = program_dir.parent, program_dir.name
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
        entry_point=entry_point,
        file=path,
    )
