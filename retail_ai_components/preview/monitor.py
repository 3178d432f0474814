"""The engine's side of a running program: the ResourceMonitor and Engine services.

A Pulumi program talks to the engine over two gRPC services (``pulumirpc.ResourceMonitor`` and
``pulumirpc.Engine``); the CLI's language host hands their addresses to the program. This module
answers them the way the engine does for a ``pulumi preview`` of a new stack, minus the cloud:

* URNs as ``Deployment.generateURN`` builds them: the parent's whole qualified type chain, and never
  the root stack type; a URN registered twice ends the run (the engine's "Duplicate resource URN").
* Default providers, which the engine (not the SDK) registers just before the first resource that
  needs one: ``pulumi:providers:<pkg>`` named ``default_<version>``, inputs from the ``<pkg>:*``
  stack config plus ``version``; explicit providers get ``version`` added too.
* Options the engine inherits from the parent (``protect``, the provider of the same package).
* Transforms (resource, parent chain, then stack, in the engine's order) and invoke transforms,
  run through the program's own callback server, as the engine does.
* Aliases, collapsed to URNs as the step generator does.
* Invokes and Calls answered by the data sources (``invoke``), and read resources recorded as read.

One deliberate difference: the engine leaves a new resource's ID unknown during a preview. Here
each custom resource gets a placeholder ID, the same string every reference to it receives, so
policies can follow references (a rule's security group, a vSwitch's VPC).

:class:`Monitor` is both the gRPC servicer (the program out of process) and the object the SDK
calls directly (``record_resources`` for component tests): the SDK calls ``monitor.X(request)``
and gRPC calls ``X(request, context)``; errors go back as a gRPC status or, in process, as the
:class:`PreviewError` itself.
"""

from __future__ import annotations

import json
import os
import re
import threading
import uuid
from collections.abc import Callable, Mapping
from concurrent import futures
from dataclasses import dataclass, field
from typing import Any, NoReturn, Protocol

import grpc
from google.protobuf import empty_pb2, struct_pb2
from pulumi.runtime.proto import (
    alias_pb2,
    callback_pb2,
    callback_pb2_grpc,
    engine_pb2,
    engine_pb2_grpc,
    provider_pb2,
    resource_pb2,
    resource_pb2_grpc,
)
from retail_ai_policies.rules import urn_parts

from .errors import PreviewError

SIG = "4dabf18193072939515e22adb298388d"
SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"
RESOURCE_REF_SIG = "5cf8f73096256a8f31e491e813e4eb8e"
OUTPUT_VALUE_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4"
UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
STACK_TYPE = "pulumi:pulumi:Stack"
PROVIDER_PREFIX = "pulumi:providers:"

# What the CLI's resource monitor answers to SupportsFeature.
_FEATURES_BY_ID = {
    "secrets": resource_pb2.RESOURCE_MONITOR_FEATURE_SECRETS,
    "resourceReferences": resource_pb2.RESOURCE_MONITOR_FEATURE_RESOURCE_REFERENCES,
    "outputValues": resource_pb2.RESOURCE_MONITOR_FEATURE_OUTPUT_VALUES,
    "aliasSpecs": resource_pb2.RESOURCE_MONITOR_FEATURE_ALIAS_SPECS,
    "replacementTrigger": resource_pb2.RESOURCE_MONITOR_FEATURE_REPLACEMENT_TRIGGER,
    "deletedWith": resource_pb2.RESOURCE_MONITOR_FEATURE_DELETED_WITH,
    "replaceWith": resource_pb2.RESOURCE_MONITOR_FEATURE_REPLACE_WITH,
    "transforms": resource_pb2.RESOURCE_MONITOR_FEATURE_TRANSFORMS,
    "invokeTransforms": resource_pb2.RESOURCE_MONITOR_FEATURE_INVOKE_TRANSFORMS,
    "parameterization": resource_pb2.RESOURCE_MONITOR_FEATURE_PARAMETERIZATION,
    "resourceHooks": resource_pb2.RESOURCE_MONITOR_FEATURE_RESOURCE_HOOKS,
    "errorHooks": resource_pb2.RESOURCE_MONITOR_FEATURE_ERROR_HOOKS,
    "sendsOptionsToHooks": resource_pb2.RESOURCE_MONITOR_FEATURE_SENDS_OPTIONS_TO_HOOKS,
}
# INVOKE_DEPENDS_ON is left out on purpose: without it the SDK gates dependent invokes itself, and
# with placeholder IDs (known) the invoke runs, as the program's author would expect offline.
SUPPORTED_FEATURES = sorted(_FEATURES_BY_ID.values())

# gRPC's C core logs every GOAWAY (a program or pack ending its server) at INFO on stderr; those
# lines are noise in a preview's output. Read when gRPC first starts, in this process and children.
os.environ.setdefault("GRPC_VERBOSITY", "ERROR")

_GRPC_OPTIONS = [
    ("grpc.max_receive_message_length", 400 * 1024 * 1024),
    ("grpc.max_send_message_length", 400 * 1024 * 1024),
]


@dataclass
class RecordedResource:
    """One registration, in the engine's encoding (secret wrappers, unknown sentinels), camelCase."""

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
    """For components and the stack: what ``register_outputs`` sent (the stack's exports); for a read
    resource, the state it was read with, when known offline."""
    read: bool = False
    """Read with ``Resource.get`` (an existing resource), not created by this stack."""
    remote: bool = False
    """A multi-language component: its provider constructs its children, which a preview offline cannot."""
    source_position: tuple[str, int] | None = None
    """Where the program registered it: (file URI, line), as the SDK reports it to the engine."""

    @property
    def is_provider(self) -> bool:
        return self.type.startswith(PROVIDER_PREFIX)


@dataclass
class ProgramRun:
    project: str
    stack: str
    resources: list[RecordedResource]
    invokes: list[str] = field(default_factory=list)
    """Data-source tokens the program called, in call order."""

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


def qualified_type(urn: str) -> str:
    """``urn:pulumi:s::p::a:b:C$x:y:Z::name`` -> ``a:b:C$x:y:Z`` (a name may itself contain ``::``)."""
    return urn_parts(urn)[2]


def make_urn(stack: str, project: str, parent: str, type_: str, name: str) -> str:
    """``Deployment.generateURN``: the parent's qualified type chain, except the root stack's."""
    if parent:
        parent_type = qualified_type(parent)
        if parent_type != STACK_TYPE:
            type_ = f"{parent_type}${type_}"
    return f"urn:pulumi:{stack}::{project}::{type_}::{name}"


def placeholder_id(type_: str, name: str) -> str:
    """``alicloud:vpc/network:Network`` named ``prod-vpc`` -> ``placeholder-vpc-network-prod-vpc``."""
    module = type_.split(":")[1] if type_.count(":") >= 2 else type_
    return f"placeholder-{module.replace('/', '-').lower()}-{name}"


def _value(value: struct_pb2.Value) -> Any:
    """One protobuf Value as the engine marshals it for analyzers (see :func:`struct_to_inputs`)."""
    kind = value.WhichOneof("kind")
    if kind == "string_value":
        return value.string_value
    if kind == "struct_value":
        return struct_to_inputs(value.struct_value)
    if kind == "number_value":
        return value.number_value
    if kind == "bool_value":
        return value.bool_value
    if kind == "list_value":
        return [_value(v) for v in value.list_value.values]
    return None


def struct_to_inputs(struct: struct_pb2.Struct) -> dict[str, Any]:
    """A wire Struct as the engine hands properties to analyzers, in one pass.

    Resource references become their ID (or URN), output values are unwrapped (unknown when they
    have no value, secret-wrapped when secret), internal ``__`` keys are dropped; secret wrappers and
    unknown sentinels are kept. (Faster than ``MessageToDict`` and a second walk to flatten.)
    """
    fields = struct.fields
    sig_value = fields.get(SIG)
    if sig_value is not None:
        sig = sig_value.string_value
        if sig == RESOURCE_REF_SIG:
            ref_id = fields["id"].string_value if "id" in fields else ""
            return ref_id or fields["urn"].string_value  # type: ignore[return-value]
        if sig == OUTPUT_VALUE_SIG:
            if "value" not in fields:
                return UNKNOWN  # type: ignore[return-value]
            inner = _value(fields["value"])
            secret = "secret" in fields and fields["secret"].bool_value
            return {SIG: SECRET_SIG, "value": inner} if secret else inner
        if sig == SECRET_SIG:
            return {SIG: SECRET_SIG, "value": _value(fields["value"]) if "value" in fields else None}
        return {SIG: sig, **{k: _value(v) for k, v in fields.items() if k != SIG}}
    return {k: _value(v) for k, v in fields.items() if not k.startswith("__")}


def to_struct(value: Mapping[str, Any] | None) -> struct_pb2.Struct:
    struct = struct_pb2.Struct()
    if value:
        struct.update(value)
    return struct


def plain(value: Any) -> Any:
    """Secret wrappers removed (data sources are asked with the values themselves)."""
    if isinstance(value, dict):
        if value.get(SIG) == SECRET_SIG:
            return plain(value.get("value"))
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def _config_value(value: str) -> Any:
    """Default providers take structured config as objects, like the engine."""
    if value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


class Observer(Protocol):
    """Who watches registrations as they happen (the streamed analysis)."""

    def registered(
        self, resource: RecordedResource, provider: RecordedResource | None
    ) -> struct_pb2.Struct | None:
        """Called before the program gets its answer; may replace ``resource.inputs`` (remediation),
        which the program then sees, as with the engine. May return ``resource.inputs`` as a Struct,
        which the monitor then sends as its answer instead of converting them again."""


Check = Callable[[str, str, dict[str, Any]], dict[str, Any]]
Invoke = Callable[[str, dict[str, Any]], dict[str, Any]]


_DURATION_PART = re.compile(r"([0-9]*\.?[0-9]+)(ns|us|\u00b5s|ms|s|m|h)")
_DURATION_UNIT_SECONDS = {
    "ns": 1e-9,
    "us": 1e-6,
    "\u00b5s": 1e-6,
    "ms": 1e-3,
    "s": 1.0,
    "m": 60.0,
    "h": 3600.0,
}


def go_duration_seconds(value: str) -> float:
    """Seconds in a Go duration string (``"16m"``, ``"1h30m"``, ``"90s"``), as the engine's
    ``time.ParseDuration`` reads custom timeouts; raises ValueError for anything it would refuse."""
    text = value.strip()
    sign = -1.0 if text.startswith("-") else 1.0
    text = text.lstrip("+-")
    if text == "0":
        return 0.0
    position, seconds = 0, 0.0
    for match in _DURATION_PART.finditer(text):
        if match.start() != position:
            break
        seconds += float(match.group(1)) * _DURATION_UNIT_SECONDS[match.group(2)]
        position = match.end()
    if not text or position != len(text):
        raise ValueError(value)
    return sign * seconds


def _timeouts(timeouts: Any) -> dict[str, float]:
    """Custom timeouts in seconds, as the engine hands them to analyzers (it parses the SDK's Go duration
    strings and refuses the registration on one it cannot parse: ValueError here)."""
    found: dict[str, float] = {}
    for key in ("create", "update", "delete"):
        value = getattr(timeouts, key, "")
        if not value:
            continue
        found[key] = go_duration_seconds(str(value))  # ValueError names the value the engine refuses
    return found


def _package(type_: str) -> str:
    """The package of a resource type, or of a provider type (``pulumi:providers:alicloud``)."""
    if type_.startswith(PROVIDER_PREFIX):
        return type_[len(PROVIDER_PREFIX) :]
    return type_.split(":", 1)[0]


def _provider_urn(reference: str) -> str:
    """A provider reference is ``<provider urn>::<provider id>``."""
    return reference.rsplit("::", 1)[0]


Read = Callable[[str, str, dict[str, Any]], "dict[str, Any] | None"]
"""The state of a read resource (type, ID, the properties the program gave), or None when offline knows
none (a StackReference is answered: see :mod:`.stack_reference`)."""


class Monitor(resource_pb2_grpc.ResourceMonitorServicer):
    """The resource monitor of one preview run. Thread-safe: the SDK registers concurrently."""

    def __init__(
        self,
        project: str,
        stack: str,
        config: Mapping[str, str],
        secret_keys: list[str] | None = None,
        *,
        organization: str = "organization",
        check: Check | None = None,
        invoke: Invoke | None = None,
        observer: Observer | None = None,
        read: Read | None = None,
    ) -> None:
        self.project = project
        self.stack = stack
        self.organization = organization
        self.config = dict(config)
        self.secret_keys = list(secret_keys or [])
        self.check = check
        self.invoke = invoke
        self.observer = observer
        self.read = read
        self.resources: list[RecordedResource] = []
        self.invokes: list[str] = []
        self.failure: PreviewError | None = None
        """The first error that ends the run (duplicate URN, unanswered data source, Check, a pack)."""
        self.notes: list[str] = []
        self._by_urn: dict[str, RecordedResource] = {}
        self._goal_provider: dict[str, str] = {}
        self._default_providers: dict[tuple[str, str], RecordedResource] = {}
        self._packages: dict[str, tuple[str, str]] = {}
        self._stack_transforms: list[Any] = []
        self._stack_invoke_transforms: list[Any] = []
        self._resource_transforms: dict[str, list[Any]] = {}
        self._callbacks: dict[str, callback_pb2_grpc.CallbacksStub] = {}
        self._channels: list[grpc.Channel] = []
        self._lock = threading.Lock()

    def run(self) -> ProgramRun:
        return ProgramRun(self.project, self.stack, self.resources, self.invokes)

    def close(self) -> None:
        for channel in self._channels:
            channel.close()
        self._channels.clear()

    # ------------------------------------------------------------------ errors

    def fail(self, error: PreviewError) -> None:
        """Records the run's first fatal error; the program's next call to the monitor stops on it."""
        with self._lock:
            if self.failure is None:
                self.failure = error

    def _abort(self, context: Any, error: PreviewError) -> NoReturn:
        self.fail(error)
        if context is None:
            raise error
        context.abort(grpc.StatusCode.FAILED_PRECONDITION, str(error))
        raise error  # context.abort raises; this line is for the type checker

    def _stop_if_failed(self, context: Any) -> None:
        if self.failure is not None:
            self._abort(context, self.failure)

    # ------------------------------------------------------------------ deployment

    def GetDeploymentInfo(self, request: Any, context: Any = None) -> resource_pb2.DeploymentInfo:
        return resource_pb2.DeploymentInfo(
            project=self.project,
            stack=self.stack,
            organization=self.organization,
            config=self.config,
            configSecretKeys=self.secret_keys,
            dryRun=True,
            supportedFeatures=SUPPORTED_FEATURES,
        )

    def SupportsFeature(self, request: Any, context: Any = None) -> resource_pb2.SupportsFeatureResponse:
        return resource_pb2.SupportsFeatureResponse(hasSupport=request.id in _FEATURES_BY_ID)

    def SignalAndWaitForShutdown(self, request: Any, context: Any = None) -> empty_pb2.Empty:
        return empty_pb2.Empty()

    def RegisterPackage(self, request: Any, context: Any = None) -> resource_pb2.RegisterPackageResponse:
        ref = str(uuid.uuid4())
        if request.HasField("parameterization"):
            package = (request.parameterization.name, request.parameterization.version)
        else:
            package = (request.name, request.version)
        with self._lock:
            self._packages[ref] = package
        return resource_pb2.RegisterPackageResponse(ref=ref)

    def RegisterResourceHook(self, request: Any, context: Any = None) -> empty_pb2.Empty:
        # Hooks run around create/update/delete, none of which a preview performs.
        return empty_pb2.Empty()

    def RegisterErrorHook(self, request: Any, context: Any = None) -> empty_pb2.Empty:
        return empty_pb2.Empty()

    def RegisterStackTransform(self, request: Any, context: Any = None) -> empty_pb2.Empty:
        with self._lock:
            self._stack_transforms.append(request)
        return empty_pb2.Empty()

    def RegisterStackInvokeTransform(self, request: Any, context: Any = None) -> empty_pb2.Empty:
        with self._lock:
            self._stack_invoke_transforms.append(request)
        return empty_pb2.Empty()

    # ------------------------------------------------------------------ resources

    def RegisterResource(self, request: Any, context: Any = None) -> resource_pb2.RegisterResourceResponse:
        self._stop_if_failed(context)
        type_, name, parent = request.type, request.name, request.parent
        urn = make_urn(self.stack, self.project, parent, type_, name)
        if type_ == STACK_TYPE and not parent:
            record = RecordedResource(urn=urn, type=type_, name=name, custom=False, inputs={})
            self._add(record, context)
            return resource_pb2.RegisterResourceResponse(urn=urn)

        properties = request.object
        options: Any = None
        transforms = self._transforms_for(request, parent)
        if transforms:
            properties, options = self._run_transforms(request, transforms, context)
        parent_record = self._by_urn.get(parent) if parent else None
        custom = bool(request.custom)

        protect: bool | None = request.protect if request.HasField("protect") else None
        if options is not None:
            protect = options.protect if options.HasField("protect") else None
        if protect is None and parent_record is not None:
            protect = parent_record.protect  # inheritFromParent
        try:
            timeouts = _timeouts(options.custom_timeouts if options is not None else request.customTimeouts)
        except ValueError as exc:
            self._abort(context, PreviewError(f"{type_} {name!r}: unable to parse customTimeout Value {exc}"))
        record = RecordedResource(
            urn=urn,
            type=type_,
            name=name,
            custom=custom,
            inputs=struct_to_inputs(properties),
            parent=parent or None,
            id=placeholder_id(type_, name) if custom else None,
            protect=bool(protect),
            dependencies=list(options.depends_on if options is not None else request.dependencies),
            property_dependencies={k: list(v.urns) for k, v in request.propertyDependencies.items()},
            ignore_changes=list(options.ignore_changes if options is not None else request.ignoreChanges),
            delete_before_replace=bool(request.deleteBeforeReplace),
            delete_before_replace_defined=bool(request.deleteBeforeReplaceDefined),
            additional_secret_outputs=list(
                options.additional_secret_outputs if options is not None else request.additionalSecretOutputs
            ),
            aliases=self._aliases(request, options, name, type_, parent),
            custom_timeouts=timeouts,
            remote=bool(request.remote),
        )
        if request.HasField("sourcePosition") and request.sourcePosition.uri:
            record.source_position = (request.sourcePosition.uri, request.sourcePosition.line)
        version = (options.version if options is not None else request.version) or ""
        if record.is_provider and version:
            # As in the CLI's monitor: an explicit provider's version goes into its inputs.
            record.inputs.setdefault("version", version)

        provider_ref = (options.provider if options is not None else request.provider) or ""
        if not provider_ref and parent:
            inherited = self._goal_provider.get(parent, "")
            # inheritFromParent: a component takes its parent's provider; a custom resource only
            # when the provider is of its own package.
            if inherited and (
                not (custom or record.remote)
                or _package(qualified_type(inherited).split("$")[-1]) == _package(type_)
            ):
                provider_ref = inherited

        if custom and not record.is_provider and self.check is not None and type_.startswith("alicloud:"):
            try:
                record.inputs = self.check(type_, urn, record.inputs)
            except PreviewError as exc:
                self._abort(context, exc)

        default_provider = None
        if custom and not record.is_provider:
            if provider_ref:
                record.provider = _provider_urn(provider_ref)
            else:
                package, package_version = self._packages.get(request.packageRef, (_package(type_), version))
                default_provider = self._default_provider(package, package_version, context)
                record.provider = default_provider.urn if default_provider is not None else None
        self._add(record, context, goal_provider=provider_ref)
        if request.transforms:
            with self._lock:
                self._resource_transforms[urn] = list(request.transforms)
        properties = self._observe(record, context)
        if custom and properties is None:
            properties = to_struct(record.inputs)
        return resource_pb2.RegisterResourceResponse(
            urn=urn,
            id=record.id or "",
            object=properties if custom else None,
        )

    def _add(self, record: RecordedResource, context: Any, goal_provider: str = "") -> None:
        with self._lock:
            duplicate = record.urn in self._by_urn
            if not duplicate:
                # The stack stays first even when an invoke's default provider arrived before it.
                if record.type == STACK_TYPE and not record.parent:
                    self.resources.insert(0, record)
                else:
                    self.resources.append(record)
                self._by_urn[record.urn] = record
                if goal_provider:
                    self._goal_provider[record.urn] = goal_provider
        if duplicate:
            self._abort(
                context,
                PreviewError(
                    f"Duplicate resource URN '{record.urn}'; try giving it a unique name "
                    f"(the program registered {record.type} {record.name!r} twice)"
                ),
            )

    def _default_provider(self, package: str, version: str, context: Any) -> RecordedResource | None:
        """The engine registers a default provider just before the first resource that needs it."""
        if package == "pulumi":
            return None
        key = (package, version)
        with self._lock:
            existing = self._default_providers.get(key)
            if existing is not None:
                return existing
            name = "default_" + version.replace(".", "_").replace("-", "_") if version else "default"
            prefix = f"{package}:"
            inputs: dict[str, Any] = {
                k[len(prefix) :]: _config_value(v) for k, v in self.config.items() if k.startswith(prefix)
            }
            if version:
                inputs["version"] = version
            type_ = f"{PROVIDER_PREFIX}{package}"
            provider = RecordedResource(
                urn=make_urn(self.stack, self.project, "", type_, name),
                type=type_,
                name=name,
                custom=True,
                inputs=inputs,
                id=placeholder_id(type_, name),
            )
            self._default_providers[key] = provider
            self.resources.append(provider)
            self._by_urn[provider.urn] = provider
        self._observe(provider, context)
        return provider

    def _observe(self, record: RecordedResource, context: Any) -> struct_pb2.Struct | None:
        if self.observer is None:
            return None
        provider = self._by_urn.get(record.provider) if record.provider else None
        try:
            return self.observer.registered(record, provider)
        except PreviewError as exc:
            self._abort(context, exc)

    def _aliases(self, request: Any, options: Any, name: str, type_: str, parent: str) -> list[str]:
        """``collapseAliasToUrn``: alias specs as URNs (a preview has no old state to alias, so the
        parent-alias multiplication of ``generateAliases`` adds nothing)."""
        if options is not None:
            specs = list(options.aliases)
        else:
            specs = [alias_pb2.Alias(urn=u) for u in request.aliasURNs] + list(request.aliases)
        urns: list[str] = []
        for alias in specs:
            if alias.HasField("spec"):
                spec = alias.spec
                alias_parent = parent
                if spec.HasField("parentUrn") and spec.parentUrn:
                    alias_parent = spec.parentUrn
                if spec.noParent:
                    alias_parent = ""
                urn = make_urn(
                    spec.stack or self.stack,
                    spec.project or self.project,
                    alias_parent,
                    spec.type or type_,
                    spec.name or name,
                )
            else:
                urn = alias.urn
            if urn and urn not in urns:
                urns.append(urn)
        return urns

    # ------------------------------------------------------------------ transforms

    def _transforms_for(self, request: Any, parent: str) -> list[Any]:
        """The resource's own transforms, then its parents', then the stack's (the engine's order)."""
        with self._lock:
            chain = list(request.transforms)
            current = parent
            while current:
                chain.extend(self._resource_transforms.get(current, ()))
                record = self._by_urn.get(current)
                current = record.parent if record is not None and record.parent else ""
            chain.extend(self._stack_transforms)
        return chain

    def _callback(self, target: str) -> callback_pb2_grpc.CallbacksStub:
        with self._lock:
            stub = self._callbacks.get(target)
            if stub is None:
                channel = grpc.insecure_channel(target, options=_GRPC_OPTIONS)
                self._channels.append(channel)
                stub = self._callbacks[target] = callback_pb2_grpc.CallbacksStub(channel)
        return stub

    def _call_back(self, callback: Any, request: Any) -> bytes:
        response = self._callback(callback.target).Invoke(
            callback_pb2.CallbackInvokeRequest(token=callback.token, request=request.SerializeToString())
        )
        return bytes(response.response)

    def _run_transforms(self, request: Any, transforms: list[Any], context: Any) -> tuple[Any, Any]:
        options = resource_pb2.TransformResourceOptions(
            depends_on=request.dependencies,
            ignore_changes=request.ignoreChanges,
            replace_on_changes=request.replaceOnChanges,
            version=request.version,
            aliases=[alias_pb2.Alias(urn=u) for u in request.aliasURNs] + list(request.aliases),
            provider=request.provider,
            providers=request.providers,
            custom_timeouts=request.customTimeouts,
            plugin_download_url=request.pluginDownloadURL,
            deleted_with=request.deletedWith,
            additional_secret_outputs=request.additionalSecretOutputs,
        )
        if request.HasField("protect"):
            options.protect = request.protect
        if request.HasField("retainOnDelete"):
            options.retain_on_delete = request.retainOnDelete
        if request.deleteBeforeReplaceDefined or request.deleteBeforeReplace:
            options.delete_before_replace = request.deleteBeforeReplace
        properties = request.object
        for callback in transforms:
            try:
                raw = self._call_back(
                    callback,
                    resource_pb2.TransformRequest(
                        type=request.type,
                        name=request.name,
                        custom=request.custom,
                        parent=request.parent,
                        properties=properties,
                        options=options,
                    ),
                )
            except grpc.RpcError as exc:
                self._abort(
                    context,
                    PreviewError(f"a transform of {request.type} {request.name!r} failed: {exc.details()}"),
                )
            response = resource_pb2.TransformResponse.FromString(raw)
            properties = response.properties
            if response.HasField("options"):
                options = response.options
        return properties, options

    # ------------------------------------------------------------------ outputs, reads

    def RegisterResourceOutputs(self, request: Any, context: Any = None) -> empty_pb2.Empty:
        record = self._by_urn.get(request.urn)
        if record is not None:
            record.outputs = struct_to_inputs(request.outputs)
        return empty_pb2.Empty()

    def ReadResource(self, request: Any, context: Any = None) -> resource_pb2.ReadResourceResponse:
        """``Resource.get``: an existing resource, recorded as read. Offline there is nothing to read,
        so the program gets back the properties it gave (usually none: the rest stays unknown), unless
        the ``read`` hook knows its state."""
        self._stop_if_failed(context)
        urn = make_urn(self.stack, self.project, request.parent, request.type, request.name)
        state = None
        if self.read is not None:
            try:
                state = self.read(request.type, request.id, struct_to_inputs(request.properties))
            except PreviewError as exc:
                self._abort(context, exc)
        record = RecordedResource(
            urn=urn,
            type=request.type,
            name=request.name,
            custom=True,
            inputs=struct_to_inputs(request.properties),
            parent=request.parent or None,
            id=request.id,
            dependencies=list(request.dependencies),
            read=True,
            outputs=state,
        )
        if request.provider:
            record.provider = _provider_urn(request.provider)
        else:
            package, version = self._packages.get(
                request.packageRef, (_package(request.type), request.version)
            )
            default_provider = self._default_provider(package, version, context)
            record.provider = default_provider.urn if default_provider is not None else None
        self._add(record, context)
        properties = request.properties if state is None else to_struct(state)
        return resource_pb2.ReadResourceResponse(urn=urn, id=request.id, properties=properties)

    # ------------------------------------------------------------------ invokes

    def Invoke(self, request: Any, context: Any = None) -> resource_pb2.ResourceInvokeResponse:
        self._stop_if_failed(context)
        token = request.tok
        args = request.args
        with self._lock:
            transforms = list(self._stack_invoke_transforms)
        for callback in transforms:
            raw = self._call_back(
                callback,
                resource_pb2.TransformInvokeRequest(
                    token=token,
                    args=args,
                    options=resource_pb2.TransformInvokeOptions(
                        provider=request.provider,
                        version=request.version,
                        plugin_download_url=request.pluginDownloadURL,
                    ),
                ),
            )
            args = resource_pb2.TransformInvokeResponse.FromString(raw).args
        if token == "pulumi:pulumi:getResource":
            return self._get_resource(struct_to_inputs(args), context)
        if not request.provider:
            # As the engine does (getProviderFromSource): an invoke without an explicit provider goes to
            # its package's default provider, registered on first use (pulumi-std's as much as alicloud's).
            package, version = self._packages.get(
                request.packageRef, (token.split(":", 1)[0], request.version)
            )
            self._default_provider(package, version, context)
        result = self._answer(token, args, context)
        return resource_pb2.ResourceInvokeResponse(**{"return": to_struct(result)})

    def Call(self, request: Any, context: Any = None) -> provider_pb2.CallResponse:
        """A method call on a resource goes to its provider; offline it is answered like a data
        source (``--data-sources`` can supply it by token)."""
        self._stop_if_failed(context)
        result = self._answer(request.tok, request.args, context)
        return provider_pb2.CallResponse(**{"return": to_struct(result)})

    def _answer(self, token: str, args: Any, context: Any) -> dict[str, Any]:
        with self._lock:
            self.invokes.append(token)
        if self.invoke is None:
            self._abort(context, PreviewError(f"the data source {token} cannot be answered offline"))
        try:
            return self.invoke(token, plain(struct_to_inputs(args)))
        except PreviewError as exc:
            self._abort(context, exc)

    def _get_resource(self, args: dict[str, Any], context: Any) -> resource_pb2.ResourceInvokeResponse:
        """``pulumi:pulumi:getResource``: how the SDK rehydrates a resource reference by URN."""
        urn = str(args.get("urn", ""))
        record = self._by_urn.get(urn)
        if record is None:
            self._abort(
                context, PreviewError(f"the program asked for resource {urn}, which it never registered")
            )
        state = record.outputs if record.outputs is not None else (record.inputs if record.custom else {})
        result = {"urn": urn, "id": record.id or "", "state": state}
        return resource_pb2.ResourceInvokeResponse(**{"return": to_struct(result)})


class EngineServicer(engine_pb2_grpc.EngineServicer):
    """``pulumirpc.Engine``: the program's log messages (``pulumi.log.*``) and its root resource."""

    _SEVERITIES = {
        engine_pb2.DEBUG: "debug",
        engine_pb2.INFO: "info",
        engine_pb2.WARNING: "warning",
        engine_pb2.ERROR: "error",
    }

    def __init__(self, log: Callable[[str, str], None]) -> None:
        self._log = log
        self._root = ""

    def Log(self, request: Any, context: Any = None) -> empty_pb2.Empty:
        severity = self._SEVERITIES.get(request.severity, "info")
        if severity != "debug":
            self._log(severity, request.message)
        return empty_pb2.Empty()

    def GetRootResource(self, request: Any, context: Any = None) -> engine_pb2.GetRootResourceResponse:
        return engine_pb2.GetRootResourceResponse(urn=self._root)

    def SetRootResource(self, request: Any, context: Any = None) -> engine_pb2.SetRootResourceResponse:
        self._root = request.urn
        return engine_pb2.SetRootResourceResponse()


@dataclass
class Served:
    server: grpc.Server
    monitor_address: str
    engine_address: str

    def stop(self) -> None:
        self.server.stop(grace=None)


def serve(monitor: Monitor, engine: EngineServicer, workers: int = 8) -> Served:
    """Both services on one loopback port, as the engine serves them to the language host."""
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=workers), options=_GRPC_OPTIONS)
    resource_pb2_grpc.add_ResourceMonitorServicer_to_server(monitor, server)
    engine_pb2_grpc.add_EngineServicer_to_server(engine, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    address = f"127.0.0.1:{port}"
    return Served(server, address, address)
