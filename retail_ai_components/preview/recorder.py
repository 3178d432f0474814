"""Runs a Pulumi program under the mock runtime and records what the engine would see.

Pulumi's ``MockMonitor`` gives a mock only type, name and inputs. The engine knows more, and the
policies are entitled to it, so :class:`RecordingMonitor` captures the whole
``RegisterResourceRequest`` (parent, options, dependencies, provider) and makes three engine
facts that mocks get wrong or leave out:

* URNs: the engine leaves ``pulumi:pulumi:Stack`` out of top-level resources' URNs.
* Default providers: the engine, not the SDK, registers ``pulumi:providers:<pkg>`` named
  ``default_<version>`` from the ``<pkg>:*`` stack config, and points resources at it.
* Provider ``version`` inputs, which the engine adds to every provider.

One deliberate difference: the engine leaves a new resource's ID unknown during a preview. Here
each custom resource gets a placeholder ID instead, the same string every reference to it
receives, so that policies can follow references (a rule's security group, a switch's VPC).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import runpy
import sys
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pulumi
from google.protobuf import empty_pb2, json_format
from pulumi.runtime import mocks, settings
from pulumi.runtime.stack import run_in_stack

from .errors import PreviewError
from .project import Project, StackConfig

SIG = "4dabf18193072939515e22adb298388d"
SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"
RESOURCE_REF_SIG = "5cf8f73096256a8f31e491e813e4eb8e"
OUTPUT_VALUE_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4"
UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
STACK_TYPE = "pulumi:pulumi:Stack"


@dataclass
class RecordedResource:
    """One registration, in the engine's encoding (secret wrappers, unknown sentinels)."""

    urn: str
    type: str
    name: str
    custom: bool
    inputs: dict[str, Any]
    parent: str | None = None
    id: str | None = None
    provider: str | None = None
    """URN of the resource's provider; ``None`` for components, providers and the stack."""
    protect: bool = False
    dependencies: list[str] = field(default_factory=list)
    property_dependencies: dict[str, list[str]] = field(default_factory=dict)
    ignore_changes: list[str] = field(default_factory=list)
    delete_before_replace: bool = False
    delete_before_replace_defined: bool = False
    additional_secret_outputs: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    custom_timeouts: dict[str, float] = field(default_factory=dict)
    outputs: dict[str, Any] | None = None
    """For components and the stack: what ``register_outputs`` sent (the stack's exports)."""

    @property
    def is_provider(self) -> bool:
        return self.type.startswith("pulumi:providers:")


@dataclass
class ProgramRun:
    project: str
    stack: str
    resources: list[RecordedResource]
    invokes: list[str]

    @property
    def stack_resource(self) -> RecordedResource:
        return self.resources[0]

    def by_urn(self) -> dict[str, RecordedResource]:
        return {r.urn: r for r in self.resources}

    def of_type(self, type_: str) -> list[RecordedResource]:
        return [r for r in self.resources if r.type == type_]

    def named(self, name: str) -> RecordedResource:
        """The one resource called ``name`` (of any type other than the default provider)."""
        matches = [r for r in self.resources if r.name == name]
        if len(matches) != 1:
            raise KeyError(f"{len(matches)} resources named {name!r}")
        return matches[0]


def is_secret(value: Any) -> bool:
    """Whether an engine-encoded value is wrapped as a secret."""
    return isinstance(value, dict) and value.get(SIG) == SECRET_SIG


def stack_urn(stack: str, project: str) -> str:
    return f"urn:pulumi:{stack}::{project}::{STACK_TYPE}::{project}-{stack}"


def placeholder_id(type_: str, name: str) -> str:
    """``alicloud:vpc/network:Network`` named ``prod-vpc`` -> ``placeholder-vpc-network-prod-vpc``."""
    module = type_.split(":")[1] if type_.count(":") >= 2 else type_
    return f"placeholder-{module.replace('/', '-').lower()}-{name}"


def _flatten(value: Any) -> Any:
    """Engine marshalling for analyzers: resource references become their ID (or URN), output
    values are unwrapped, internal ``__`` keys are dropped; secrets and unknowns are kept."""
    if isinstance(value, dict):
        sig = value.get(SIG)
        if sig == RESOURCE_REF_SIG:
            return value.get("id") or value.get("urn")
        if sig == OUTPUT_VALUE_SIG:
            if "value" not in value:
                return UNKNOWN
            inner = _flatten(value["value"])
            return {SIG: SECRET_SIG, "value": inner} if value.get("secret") else inner
        if sig == SECRET_SIG:
            return {SIG: SECRET_SIG, "value": _flatten(value.get("value"))}
        return {k: _flatten(v) for k, v in value.items() if not k.startswith("__")}
    if isinstance(value, list):
        return [_flatten(v) for v in value]
    return value


def _parse_config_value(value: str) -> Any:
    """Default providers take structured config as objects, like the engine."""
    if value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


class _EchoMocks(pulumi.runtime.Mocks):
    """Custom resources get a placeholder ID and their inputs back as outputs; values only the
    cloud computes stay unknown, as in a real preview. Invokes (data sources) return nothing."""

    def __init__(self) -> None:
        self.invokes: list[str] = []

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str | None, dict[Any, Any]]:
        if not args.custom:
            return "", {}
        return placeholder_id(args.typ, args.name), dict(args.inputs)

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[Any, Any], list[tuple[str, str]] | None]:
        self.invokes.append(args.token)
        return {}, None


class RecordingMonitor(mocks.MockMonitor):
    """A ``MockMonitor`` that records every registration the way the engine sees it."""

    def __init__(self, project: str, stack: str, config: StackConfig) -> None:
        self.echo = _EchoMocks()
        super().__init__(self.echo)
        self.project = project
        self.stack = stack
        self.config = config
        self.recorded: list[RecordedResource] = [
            RecordedResource(
                urn=stack_urn(stack, project),
                type=STACK_TYPE,
                name=f"{project}-{stack}",
                custom=False,
                inputs={},
            )
        ]
        self._by_urn = {self.recorded[0].urn: self.recorded[0]}
        self._default_providers: dict[tuple[str, str], str] = {}
        self._lock = threading.Lock()

    def make_urn(self, parent: str, type_: str, name: str) -> str:
        if parent:
            parent_type = parent.split("::")[2].split("$")[-1]
            if parent_type != STACK_TYPE:
                type_ = f"{parent_type}${type_}"
        return f"urn:pulumi:{self.stack}::{self.project}::{type_}::{name}"

    def RegisterResource(self, request: Any) -> Any:
        response = super().RegisterResource(request)  # type: ignore[no-untyped-call]
        if request.type == STACK_TYPE:
            return response
        inputs = _flatten(json_format.MessageToDict(request.object))
        if request.type.startswith("pulumi:providers:") and request.version:
            inputs.setdefault("version", request.version)
        timeouts = request.customTimeouts
        record = RecordedResource(
            urn=response.urn,
            type=request.type,
            name=request.name,
            custom=bool(request.custom),
            inputs=inputs,
            parent=request.parent or None,
            id=response.id or None,
            protect=bool(request.protect),
            dependencies=list(request.dependencies),
            property_dependencies={k: list(v.urns) for k, v in request.propertyDependencies.items()},
            ignore_changes=list(request.ignoreChanges),
            delete_before_replace=bool(request.deleteBeforeReplace),
            delete_before_replace_defined=bool(request.deleteBeforeReplaceDefined),
            additional_secret_outputs=list(request.additionalSecretOutputs),
            aliases=list(request.aliasURNs),
            custom_timeouts={
                k: v
                for k, v in (
                    ("create", timeouts.create),
                    ("update", timeouts.update),
                    ("delete", timeouts.delete),
                )
                if v
            },
        )
        with self._lock:
            if record.custom and not record.is_provider:
                record.provider = self._provider_urn(request)
            self.recorded.append(record)
            self._by_urn[record.urn] = record
        return response

    def RegisterResourceOutputs(self, request: Any) -> Any:
        with self._lock:
            record = self._by_urn.get(request.urn)
            if record is not None:
                record.outputs = _flatten(json_format.MessageToDict(request.outputs))
        return empty_pb2.Empty()

    def _provider_urn(self, request: Any) -> str | None:
        if request.provider:
            # A provider reference is "<provider urn>::<provider id>".
            return str(request.provider).rsplit("::", 1)[0]
        package = request.type.split(":", 1)[0]
        if package == "pulumi":
            return None
        version = request.version or ""
        key = (package, version)
        if key not in self._default_providers:
            name = "default_" + version.replace(".", "_").replace("-", "_") if version else "default"
            urn = f"urn:pulumi:{self.stack}::{self.project}::pulumi:providers:{package}::{name}"
            inputs: dict[str, Any] = {
                k: _parse_config_value(v) for k, v in self.config.namespace(package).items()
            }
            if version:
                inputs["version"] = version
            provider = RecordedResource(
                urn=urn, type=f"pulumi:providers:{package}", name=name, custom=True, inputs=inputs
            )
            provider.id = placeholder_id(provider.type, name)
            # The engine registers a default provider just before the first resource that needs it.
            self.recorded.append(provider)
            self._by_urn[urn] = provider
            self._default_providers[key] = urn
        return self._default_providers[key]


class _StderrLogger(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        print(f"{record.levelname.lower()}: {record.getMessage()}", file=sys.stderr)


@contextmanager
def _program_context(program_dir: Path) -> Iterator[None]:
    old_cwd = os.getcwd()
    old_path = list(sys.path)
    os.chdir(program_dir)
    try:
        yield
    finally:
        os.chdir(old_cwd)
        sys.path[:] = old_path


def _run_under_mocks(
    func: Callable[[], object],
    *,
    project: str,
    stack: str,
    config: StackConfig,
    organization: str,
    root_directory: str | None,
) -> ProgramRun:
    pulumi.runtime.set_all_config(dict(config.values), list(config.secret_keys))
    monitor = RecordingMonitor(project, stack, config)
    logger = logging.getLogger("retail_ai.program")
    logger.propagate = False
    if not logger.handlers:
        logger.addHandler(_StderrLogger())
    logger.setLevel(logging.WARNING)
    settings.set_root_resource(None)  # type: ignore[arg-type]
    settings.configure(
        mocks.MockSettings(  # type: ignore[no-untyped-call]
            monitor=monitor,
            monitor_features=set(monitor.GetDeploymentInfo(empty_pb2.Empty()).supportedFeatures),  # type: ignore[no-untyped-call]
            engine=mocks.MockEngine(logger),
            project=project,
            stack=stack,
            dry_run=True,
            organization=organization,
            callbacks=None,
            parallel=None,
            root_directory=root_directory,
            legacy_apply_enabled=None,
        )
    )
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(run_in_stack(func))  # type: ignore[arg-type]
    finally:
        loop.close()
        asyncio.set_event_loop(None)
        settings.set_root_resource(None)  # type: ignore[arg-type]
    return ProgramRun(project=project, stack=stack, resources=monitor.recorded, invokes=monitor.echo.invokes)


def run_program(
    project: Project, stack: str, config: StackConfig, organization: str = "organization"
) -> ProgramRun:
    """Runs the project's program for ``stack`` under mocks, as a preview, and returns what it registered.

    Raises :class:`PreviewError` (with the program's own message) when the program raises.
    """
    try:
        with _program_context(project.program_dir):
            return _run_under_mocks(
                lambda: runpy.run_path(str(project.program_dir), run_name="__main__"),
                project=project.name,
                stack=stack,
                config=config,
                organization=organization,
                root_directory=str(project.root),
            )
    except pulumi.RunError as exc:
        raise PreviewError(f"the program failed: {exc}") from exc
    except Exception as exc:
        raise PreviewError(f"the program raised {type(exc).__name__}: {exc}") from exc


def record_resources(
    func: Callable[[], object],
    *,
    config: Mapping[str, str] | None = None,
    secret_keys: Sequence[str] = (),
    project: str = "test",
    stack: str = "test",
) -> ProgramRun:
    """Runs ``func`` (which declares resources) under mocks and returns every registration, with
    parents, options, dependencies and engine URNs: what plain Pulumi mocks leave out.

    For tests of components and programs. Exceptions from ``func`` propagate unchanged.
    ``config`` maps ``namespace:key`` to string values, e.g. ``{"alicloud:region": "cn-hangzhou"}``.
    """
    return _run_under_mocks(
        func,
        project=project,
        stack=stack,
        config=StackConfig(values=dict(config or {}), secret_keys=list(secret_keys)),
        organization="organization",
        root_directory=None,
    )
