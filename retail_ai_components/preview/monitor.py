"""The engine's resource monitor (``pulumirpc.ResourceMonitor``) for one run of a program.

A Pulumi program registers its resources with the engine's resource monitor; the program host hands it the
monitor's address (:mod:`.server` serves it). This module answers the way the engine does for a
``pulumi preview`` of a new stack, minus the cloud:

* URNs as ``Deployment.generateURN`` builds them (:mod:`.urns`); a URN registered twice ends the run (the
  engine's "Duplicate resource URN").
* Default providers, which the engine (not the SDK) registers just before the first resource that
  needs one: ``pulumi:providers:<pkg>`` named ``default_<version>``, inputs from the ``<pkg>:*``
  stack config plus ``version``; explicit providers get ``version`` added too.
* Options the engine inherits from the parent (``protect``, the provider of the same package).
* Transforms (resource, parent chain, then stack, in the engine's order) and invoke transforms,
  run through the program's own callback server, as the engine does (:mod:`.transforms`).
* Aliases, collapsed to URNs as the step generator does.
* Invokes and Calls answered by the data sources (``invoke``), and read resources recorded as read.
* Multi-language components (``remote: true``) constructed by their package's provider, which registers the
  component and its children here (``components``, :mod:`.construct`).

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
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NoReturn, Protocol

import grpc
from google.protobuf import empty_pb2, struct_pb2
from pulumi.runtime.proto import (
    alias_pb2,
    provider_pb2,
    resource_pb2,
    resource_pb2_grpc,
)

from .errors import PreviewError
from .records import ProgramRun, RecordedResource
from .redaction import SECRETS, learn_resource
from .timeouts import custom_timeouts
from .transforms import Transforms
from .urns import (
    PROVIDER_PREFIX,
    STACK_TYPE,
    make_urn,
    package_of,
    placeholder_id,
    provider_urn,
    qualified_type,
)
from .wire import plain, struct_to_inputs, to_struct

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
CheckConfig = Callable[[str, str, dict[str, Any]], None]
"""A provider's CheckConfig: (package, provider name, its config inputs); raises PreviewError to refuse."""
Invoke = Callable[[str, dict[str, Any]], dict[str, Any]]
Read = Callable[[str, str, dict[str, Any]], "dict[str, Any] | None"]
"""The state of a read resource (type, ID, the properties the program gave), or None when offline knows
none (a StackReference is answered: see :mod:`.stack_reference`)."""


class Components(Protocol):
    """The providers of multi-language components (:class:`.construct.ComponentProviders`)."""

    def serves(self, type_: str) -> bool: ...

    def construct(
        self, urn: str, request: Any, properties: struct_pb2.Struct, dependencies: list[str], protect: bool
    ) -> resource_pb2.RegisterResourceResponse: ...


@dataclass(frozen=True)
class Goal:
    """A registration's properties and options after its transforms, read one way whether they came in the
    request itself or from a transform's ``TransformResourceOptions``."""

    properties: struct_pb2.Struct
    protect: bool | None
    """``None``: not set, so inherited from the parent."""
    custom_timeouts: Any
    dependencies: list[str]
    ignore_changes: list[str]
    additional_secret_outputs: list[str]
    aliases: list[Any]
    version: str
    provider: str
    """The provider reference (``<urn>::<id>``) the program gave, or ""."""

    @classmethod
    def of_request(cls, request: Any) -> Goal:
        return cls(
            properties=request.object,
            protect=request.protect if request.HasField("protect") else None,
            custom_timeouts=request.customTimeouts,
            dependencies=list(request.dependencies),
            ignore_changes=list(request.ignoreChanges),
            additional_secret_outputs=list(request.additionalSecretOutputs),
            aliases=[alias_pb2.Alias(urn=u) for u in request.aliasURNs] + list(request.aliases),
            version=request.version or "",
            provider=request.provider or "",
        )

    @classmethod
    def of_transformed(cls, properties: struct_pb2.Struct, options: Any) -> Goal:
        return cls(
            properties=properties,
            protect=options.protect if options.HasField("protect") else None,
            custom_timeouts=options.custom_timeouts,
            dependencies=list(options.depends_on),
            ignore_changes=list(options.ignore_changes),
            additional_secret_outputs=list(options.additional_secret_outputs),
            aliases=list(options.aliases),
            version=options.version or "",
            provider=options.provider or "",
        )


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
        check_config: CheckConfig | None = None,
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
        self.check_config = check_config
        self.invoke = invoke
        self.observer = observer
        self.read = read
        self.components: Components | None = None
        """Construct for multi-language components (``remote: true``); set once the services are up."""
        self.resources: list[RecordedResource] = []
        self.invokes: list[str] = []
        self.failure: PreviewError | None = None
        """The first error that ends the run (duplicate URN, unanswered data source, Check, a pack)."""
        self.on_failure: Callable[[], None] | None = None
        """Called once with the first failure: the run is over, whatever the program does next."""
        self._by_urn: dict[str, RecordedResource] = {}
        self._goal_provider: dict[str, str] = {}
        self._default_providers: dict[tuple[str, str], RecordedResource] = {}
        self._packages: dict[str, tuple[str, str]] = {}
        self._transforms = Transforms()
        self._lock = threading.Lock()

    def run(self) -> ProgramRun:
        return ProgramRun(self.project, self.stack, self.resources, self.invokes)

    def close(self) -> None:
        self._transforms.close()

    # ------------------------------------------------------------------ errors

    def fail(self, error: PreviewError) -> None:
        """Records the run's first fatal error; the program's next call to the monitor stops on it, and
        ``on_failure`` is called once."""
        with self._lock:
            first = self.failure is None
            if first:
                self.failure = error
        if first and self.on_failure is not None:
            self.on_failure()

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
        self._transforms.add_stack(request)
        return empty_pb2.Empty()

    def RegisterStackInvokeTransform(self, request: Any, context: Any = None) -> empty_pb2.Empty:
        self._transforms.add_stack_invoke(request)
        return empty_pb2.Empty()

    # ------------------------------------------------------------------ resources

    def RegisterResource(self, request: Any, context: Any = None) -> resource_pb2.RegisterResourceResponse:
        """The engine's registration, step by step: the goal after transforms, the record with what it
        inherits, provider Check, its provider (a default one registered first if needed), then the
        observer (Remediate, Analyze) before the program gets its answer."""
        self._stop_if_failed(context)
        if request.custom or request.remote:
            # Components may have any type; a custom resource's type names its provider's package.
            self._check_type_token(request.type, context)
        urn = make_urn(self.stack, self.project, request.parent, request.type, request.name)
        if request.type == STACK_TYPE and not request.parent:
            self._add(
                RecordedResource(urn=urn, type=request.type, name=request.name, custom=False, inputs={}),
                context,
            )
            return resource_pb2.RegisterResourceResponse(urn=urn)
        goal = self._goal(request, context)
        record = self._record(urn, request, goal, context)
        provider_ref = goal.provider or self._inherited_provider(record)
        if record.remote and self.components is not None and self.components.serves(record.type):
            return self._construct(record, request, goal, provider_ref, context)
        if record.custom and not record.is_provider:
            self._check(record, context)
            self._attach_provider(record, provider_ref, request.packageRef, goal.version, context)
        self._add(record, context, goal_provider=provider_ref)
        if request.transforms:
            self._transforms.add_resource(urn, request.transforms)
        return self._answer_registration(record, context)

    def _check_type_token(self, type_: str, context: Any) -> None:
        """The engine's rule for the type of a custom resource or a read: ``<package>:<module>:<type>``."""
        if type_.count(":") < 2:
            self._abort(
                context, PreviewError(f"Type '{type_}' is not a valid type token (must have format '*:*:*')")
            )

    def _construct(
        self, record: RecordedResource, request: Any, goal: Goal, provider_ref: str, context: Any
    ) -> resource_pb2.RegisterResourceResponse:
        """A multi-language component, as the engine handles ``remote: true``: its package's provider
        (the default one registered first if needed) constructs it, and the component and its children
        register here themselves; nothing is recorded for this registration."""
        assert self.components is not None
        self._attach_provider(record, provider_ref, request.packageRef, goal.version, context)
        try:
            return self.components.construct(
                record.urn, request, goal.properties, goal.dependencies, record.protect
            )
        except PreviewError as exc:
            self._abort(context, exc)

    def _goal(self, request: Any, context: Any) -> Goal:
        """The registration after its transforms (the resource's own, its parents', the stack's)."""
        transforms = self._transforms.chain(request.transforms, self._parents(request.parent))
        if not transforms:
            return Goal.of_request(request)
        try:
            return Goal.of_transformed(*self._transforms.run(request, transforms))
        except PreviewError as exc:
            self._abort(context, exc)

    def _parents(self, parent: str) -> list[str]:
        """``parent`` and its ancestors, nearest first."""
        chain = []
        with self._lock:
            while parent:
                chain.append(parent)
                record = self._by_urn.get(parent)
                parent = record.parent if record is not None and record.parent else ""
        return chain

    def _record(self, urn: str, request: Any, goal: Goal, context: Any) -> RecordedResource:
        """The registration as recorded: the goal's options, ``protect`` inherited from the parent."""
        type_, name, parent = request.type, request.name, request.parent
        protect = goal.protect
        if protect is None and parent:
            parent_record = self._by_urn.get(parent)
            if parent_record is not None:
                protect = parent_record.protect  # inheritFromParent
        try:
            timeouts = custom_timeouts(goal.custom_timeouts)
        except ValueError as exc:
            self._abort(context, PreviewError(f"{type_} {name!r}: unable to parse customTimeout Value {exc}"))
        custom = bool(request.custom)
        record = RecordedResource(
            urn=urn,
            type=type_,
            name=name,
            custom=custom,
            inputs=struct_to_inputs(goal.properties),
            parent=parent or None,
            id=placeholder_id(type_, name) if custom else None,
            protect=bool(protect),
            dependencies=goal.dependencies,
            property_dependencies={k: list(v.urns) for k, v in request.propertyDependencies.items()},
            ignore_changes=goal.ignore_changes,
            delete_before_replace=bool(request.deleteBeforeReplace),
            delete_before_replace_defined=bool(request.deleteBeforeReplaceDefined),
            additional_secret_outputs=goal.additional_secret_outputs,
            aliases=self._aliases(goal.aliases, name, type_, parent),
            custom_timeouts=timeouts,
            remote=bool(request.remote),
        )
        if request.HasField("sourcePosition") and request.sourcePosition.uri:
            record.source_position = (request.sourcePosition.uri, request.sourcePosition.line)
        if record.is_provider and goal.version:
            # As in the CLI's monitor: an explicit provider's version goes into its inputs.
            record.inputs.setdefault("version", goal.version)
        return record

    def _inherited_provider(self, record: RecordedResource) -> str:
        """inheritFromParent: a component takes its parent's provider; a custom resource only when the
        provider is of its own package."""
        inherited = self._goal_provider.get(record.parent, "") if record.parent else ""
        if inherited and (
            not (record.custom or record.remote)
            or package_of(qualified_type(inherited).split("$")[-1]) == package_of(record.type)
        ):
            return inherited
        return ""

    def _check(self, record: RecordedResource, context: Any) -> None:
        """The provider's Check (offline: its defaults and validators), for the provider we replay."""
        if self.check is None or not record.type.startswith("alicloud:"):
            return
        try:
            record.inputs = self.check(record.type, record.urn, record.inputs)
        except PreviewError as exc:
            self._abort(context, exc)

    def _attach_provider(
        self, record: RecordedResource, provider_ref: str, package_ref: str, version: str, context: Any
    ) -> None:
        """The resource's provider: the one given, else the package's default (registered now if new)."""
        if provider_ref:
            record.provider = provider_urn(provider_ref)
            return
        package, package_version = self._packages.get(package_ref, (package_of(record.type), version))
        default_provider = self._default_provider(package, package_version, context)
        record.provider = default_provider.urn if default_provider is not None else None

    def _answer_registration(
        self, record: RecordedResource, context: Any
    ) -> resource_pb2.RegisterResourceResponse:
        properties = self._observe(record, context)
        if record.custom and properties is None:
            properties = to_struct(record.inputs)
        return resource_pb2.RegisterResourceResponse(
            urn=record.urn,
            id=record.id or "",
            object=properties if record.custom else None,
        )

    def _add(self, record: RecordedResource, context: Any, goal_provider: str = "") -> None:
        # Known as secret from the moment it registers: an error that ends the run may quote it.
        learn_resource(SECRETS, record.type, record.inputs, record.outputs)
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
        """The engine registers a default provider just before the first resource that needs it, after its
        provider's CheckConfig accepted the stack's config for it."""
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
        if self.check_config is not None:
            try:
                self.check_config(package, name, inputs)
            except PreviewError as exc:
                self._abort(context, exc)
        if version:
            inputs["version"] = version
        type_ = f"{PROVIDER_PREFIX}{package}"
        learn_resource(SECRETS, type_, inputs)
        with self._lock:
            existing = self._default_providers.get(key)
            if existing is not None:
                return existing
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

    def _aliases(self, specs: list[Any], name: str, type_: str, parent: str) -> list[str]:
        """``collapseAliasToUrn``: alias specs as URNs (a preview has no old state to alias, so the
        parent-alias multiplication of ``generateAliases`` adds nothing)."""
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

    # ------------------------------------------------------------------ outputs, reads

    def RegisterResourceOutputs(self, request: Any, context: Any = None) -> empty_pb2.Empty:
        record = self._by_urn.get(request.urn)
        if record is not None:
            record.outputs = struct_to_inputs(request.outputs)
            SECRETS.learn(record.outputs)
        return empty_pb2.Empty()

    def ReadResource(self, request: Any, context: Any = None) -> resource_pb2.ReadResourceResponse:
        """``Resource.get``: an existing resource, recorded as read. Offline there is nothing to read,
        so the program gets back the properties it gave (usually none: the rest stays unknown), unless
        the ``read`` hook knows its state."""
        self._stop_if_failed(context)
        self._check_type_token(request.type, context)
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
        self._attach_provider(record, request.provider, request.packageRef, request.version, context)
        self._add(record, context)
        properties = request.properties if state is None else to_struct(state)
        return resource_pb2.ReadResourceResponse(urn=urn, id=request.id, properties=properties)

    # ------------------------------------------------------------------ invokes

    def Invoke(self, request: Any, context: Any = None) -> resource_pb2.ResourceInvokeResponse:
        self._stop_if_failed(context)
        token = request.tok
        args = self._transforms.run_invoke(request)
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
        arguments = struct_to_inputs(args)
        SECRETS.learn(arguments)
        try:
            return self.invoke(token, plain(arguments))
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
