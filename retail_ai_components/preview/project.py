"""Reads a Pulumi project and a stack's config the way the Pulumi CLI does."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import PreviewError

# Stack config values marked `secure:` are ciphertext only the stack's secrets provider can
# read. Offline there is none, so they become this stand-in, marked secret so it never prints.
# It is shaped to pass the usual password rules (length, case, digit, symbol).
SECRET_PLACEHOLDER = "Offline-Preview-Secret-0"


@dataclass(frozen=True)
class Project:
    name: str
    root: Path
    program_dir: Path
    stack_config_dir: Path
    config_defaults: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class StackConfig:
    values: dict[str, str]
    """``namespace:key`` to string; structured values are JSON strings, as the CLI passes them."""
    secret_keys: list[str]

    def namespace(self, ns: str) -> dict[str, str]:
        prefix = f"{ns}:"
        return {k[len(prefix) :]: v for k, v in self.values.items() if k.startswith(prefix)}


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise PreviewError(f"{path} is not valid YAML: {exc}") from None


def load_project(cwd: Path) -> Project:
    for candidate in ("Pulumi.yaml", "Pulumi.yml"):
        path = cwd / candidate
        if path.is_file():
            break
    else:
        raise PreviewError(f"no Pulumi project in {cwd}: there is no Pulumi.yaml (use --cwd DIR)")
    doc = _read_yaml(path) or {}
    if not isinstance(doc, dict) or not isinstance(doc.get("name"), str):
        raise PreviewError(f"{path}: 'name' is required")
    runtime = doc.get("runtime")
    runtime_name = runtime.get("name") if isinstance(runtime, dict) else runtime
    if runtime_name != "python":
        raise PreviewError(
            f"{path}: runtime is {runtime_name!r}; the offline preview runs Python programs only"
        )
    root = cwd.resolve()
    program_dir = (root / str(doc.get("main") or ".")).resolve()
    if program_dir.is_file():
        program_dir = program_dir.parent
    if not (program_dir / "__main__.py").is_file():
        raise PreviewError(f"{path}: the program folder {program_dir} has no __main__.py")
    stack_config_dir = (root / str(doc.get("stackConfigDir") or ".")).resolve()
    return Project(
        name=doc["name"],
        root=root,
        program_dir=program_dir,
        stack_config_dir=stack_config_dir,
        config_defaults=_project_config_defaults(doc.get("config"), doc["name"]),
    )


def _project_config_defaults(config: Any, project: str) -> dict[str, str]:
    """Pulumi.yaml's ``config:`` block: a plain value or ``{default: v}`` per key."""
    result: dict[str, str] = {}
    if not isinstance(config, dict):
        return result
    for key, value in config.items():
        if isinstance(value, dict) and "default" not in value and ("type" in value or "description" in value):
            continue  # declared but without a default
        if isinstance(value, dict) and "default" in value:
            value = value["default"]
        result[_qualify(str(key), project)] = _to_config_string(value)
    return result


def _qualify(key: str, project: str) -> str:
    return key if ":" in key else f"{project}:{key}"


def _to_config_string(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"))
    return "" if value is None else str(value)


def _replace_secure(value: Any) -> tuple[Any, bool]:
    """Swaps every ``{secure: ...}`` for the placeholder; says whether any was found."""
    if isinstance(value, dict):
        if set(value) == {"secure"}:
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


def stack_config_path(project: Project, stack: str) -> Path:
    return project.stack_config_dir / f"Pulumi.{stack}.yaml"


def load_stack_config(project: Project, stack: str) -> StackConfig:
    path = stack_config_path(project, stack)
    if not path.is_file():
        known = sorted(
            p.name[len("Pulumi.") : -len(".yaml")] for p in project.stack_config_dir.glob("Pulumi.*.yaml")
        )
        hint = f"; stacks here: {', '.join(known)}" if known else ""
        raise PreviewError(f"no such stack {stack!r}: {path} does not exist{hint}")
    doc = _read_yaml(path) or {}
    if not isinstance(doc, dict):
        raise PreviewError(f"{path}: expected a mapping with a 'config' key")
    raw = doc.get("config") or {}
    if not isinstance(raw, dict):
        raise PreviewError(f"{path}: 'config' must be a mapping")
    values = dict(project.config_defaults)
    secret_keys: list[str] = []
    for key, value in raw.items():
        full_key = _qualify(str(key), project.name)
        plain, is_secret = _replace_secure(value)
        values[full_key] = _to_config_string(plain)
        if is_secret:
            secret_keys.append(full_key)
    return StackConfig(values=values, secret_keys=secret_keys)
