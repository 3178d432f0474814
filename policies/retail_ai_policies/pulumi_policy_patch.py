"""The pack's speed-ups inside pulumi-policy, applied only to the pulumi-policy they were written against.

pulumi-policy 1.21 converts a request's properties and its provider's from protobuf to Python, and builds
the resource's options, once for every policy it runs on that request: with 40-odd policies that work was
about three quarters of the pack's time per resource, and the pack then lagged behind the program it judges.
Here each request is converted once and every policy reads the same read-only copy, through the same
read-only proxy and options pulumi-policy would build for it (they hold no state of their own), so sharing
them cannot change a verdict. Remediation is left alone: pulumi-policy converts its properties into a copy it
is allowed to rewrite.

Analyze also runs only the policies that judge the request's resource type (:class:`PoliciesByType`): every
policy of the pack declares its types (``judged_types``), and pulumi-policy would otherwise build the
arguments of every policy for every resource only for the policy to return at once. A policy without that
declaration always runs. AnalyzeStack is re-implemented (:func:`_analyze_stack_once`, pulumi-policy's own
loop) to build the stack's resources once for all stack policies, where pulumi-policy rebuilds them for each,
and each provider once for all of its resources.

Configure is wrapped (:func:`carry_renamed_config_on_configure`) so that config written for a renamed policy
reaches the policies that replace it (:mod:`._renames`).

What is replaced: the private ``_PolicyAnalyzerServicer`` methods ``Analyze`` (wrapped: a per-request cache),
``AnalyzeStack`` (re-implemented), ``_get_resource_options`` and ``_get_provider_resource`` (cached per
request), ``Configure`` (wrapped: renamed entries' config carried over), and the module's ``json_format``,
``deserialize_properties`` and ``unknown_checking_proxy`` (cached per request). How it is guarded:
:data:`PULUMI_POLICY_PINS` and :data:`CONFIGURE_PINS` (:mod:`.upstream_guard`), the installed version and the
hash of the source of every servicer member and constructor a patch relies on; any other pulumi-policy runs
exactly as it ships (and the renamed entries are left out of the pack, see :func:`.serve.serve`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from pulumi_policy import ResourceValidationPolicy

from ._factory import judges_type
from ._renames import carry_renamed_config
from .upstream_guard import pinned

PULUMI_POLICY_PINS = {"1.21.0": "2a434fb178ac9ae3"}
"""pulumi-policy version -> :func:`.upstream_guard.source_hash` of :func:`_relied_on`."""
CONFIGURE_PINS = {"1.21.0": "bf5426cf91b28a5b"}
"""Likewise for :func:`carry_renamed_config_on_configure`: the servicer's ``Configure`` and ``__init__``."""

_local = threading.local()


def judges(policy: Any, resource_type: str) -> bool:
    """Whether ``policy`` can report anything on a resource of ``resource_type`` (as its own check decides)."""
    if not isinstance(policy, ResourceValidationPolicy) or not hasattr(policy, "judged_types"):
        return True
    return judges_type(policy.judged_types, getattr(policy, "judged_also", frozenset()), resource_type)


class PoliciesByType(list[Any]):
    """The pack's policies as the servicer holds them: iterated while an Analyze call is served, only those
    that judge its resource type (computed once per type); otherwise all of them."""

    def __init__(self, policies: list[Any]) -> None:
        super().__init__(policies)
        self._by_type: dict[str, list[Any]] = {}

    def __iter__(self) -> Any:
        resource_type: str | None = getattr(_local, "resource_type", None)
        if resource_type is None:
            return super().__iter__()
        chosen = self._by_type.get(resource_type)
        if chosen is None:
            chosen = [p for p in super().__iter__() if judges(p, resource_type)]
            self._by_type[resource_type] = chosen
        return iter(chosen)


class _ConvertOnce:
    """Stands in for the two conversion functions inside ``pulumi_policy.policy`` for one request at a time.

    The cache lives for the duration of one Analyze / AnalyzeStack call on one thread (the gRPC server runs
    requests on a thread pool), keyed by the identity of the protobuf message, which the request keeps alive.
    """

    def __init__(
        self, message_to_dict: Callable[..., Any], deserialize: Callable[..., Any], proxy: Callable[..., Any]
    ) -> None:
        self._message_to_dict = message_to_dict
        self._deserialize = deserialize
        self._proxy = proxy

    def message_to_dict(self, message: Any, *args: Any, **kwargs: Any) -> Any:
        cache: dict[int, tuple[Any, Any]] | None = getattr(_local, "dicts", None)
        if cache is None or args or kwargs:
            return self._message_to_dict(message, *args, **kwargs)
        hit = cache.get(id(message))
        if hit is not None and hit[0] is message:
            return hit[1]
        converted = self._message_to_dict(message)
        cache[id(message)] = (message, converted)
        return converted

    def deserialize(self, props: Any, *args: Any, **kwargs: Any) -> Any:
        cache: dict[int, tuple[Any, Any]] | None = getattr(_local, "props", None)
        # A second argument (keep_unknowns) means Remediate, which must get its own copy.
        if cache is None or args or kwargs:
            return self._deserialize(props, *args, **kwargs)
        hit = cache.get(id(props))
        if hit is not None and hit[0] is props:
            return hit[1]
        deserialized = self._deserialize(props)
        cache[id(props)] = (props, deserialized)
        return deserialized

    def proxy(self, props: Any, *args: Any, **kwargs: Any) -> Any:
        cache: dict[int, tuple[Any, Any]] | None = getattr(_local, "proxies", None)
        if cache is None or args or kwargs:
            return self._proxy(props, *args, **kwargs)
        hit = cache.get(id(props))
        if hit is not None and hit[0] is props:
            return hit[1]
        proxied = self._proxy(props)
        cache[id(props)] = (props, proxied)
        return proxied


class _JsonFormat:
    """``google.protobuf.json_format`` with MessageToDict routed through the per-request cache."""

    def __init__(self, real: Any, once: _ConvertOnce) -> None:
        self._real = real
        self.MessageToDict = once.message_to_dict

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


def _per_request(method: Callable[..., Any], *, by_type: bool = False) -> Callable[..., Any]:
    def handle(self: Any, request: Any, context: Any) -> Any:
        _local.dicts, _local.props, _local.proxies, _local.parts = {}, {}, {}, {}
        _local.resource_type = request.type if by_type else None
        try:
            return method(self, request, context)
        finally:
            _local.dicts = _local.props = _local.proxies = _local.parts = _local.resource_type = None

    handle.__name__ = method.__name__
    handle.__doc__ = method.__doc__
    return handle


def _once(method: Callable[..., Any]) -> Callable[..., Any]:
    """A servicer helper that builds a read-only view of one request (its options, its provider), built
    once per request instead of once per policy."""

    def build(self: Any, request: Any) -> Any:
        cache: dict[tuple[str, int], tuple[Any, Any]] | None = getattr(_local, "parts", None)
        if cache is None:
            return method(self, request)
        key = (method.__name__, id(request))
        hit = cache.get(key)
        if hit is not None and hit[0] is request:
            return hit[1]
        built = method(self, request)
        cache[key] = (request, built)
        return built

    build.__name__ = method.__name__
    build.__doc__ = method.__doc__
    return build


def _stack_resources(servicer: Any, request: Any, policy: Any) -> list[Any]:
    """AnalyzeStack's resources as pulumi-policy 1.21 builds them for each stack policy (the same objects,
    parents, dependencies and property dependencies), built here once for all of them."""
    intermediates: list[tuple[Any, str, list[str], dict[str, list[str]]]] = []
    # Every resource of a provider carries the same copy of it: built once per provider, as policies only
    # read it (a provider whose copies differ is built for each).
    providers: dict[str, tuple[Any, Any]] = {}
    for r in request.resources:
        props = policy.unknown_checking_proxy(
            policy.deserialize_properties(policy.json_format.MessageToDict(r.properties))
        )
        opts = servicer._get_resource_options(r)
        provider = None
        if r.HasField("provider"):
            known = providers.get(r.provider.urn)
            if known is not None and known[0] == r.provider:
                provider = known[1]
            else:
                provider = servicer._get_provider_resource(r)
                providers[r.provider.urn] = (r.provider, provider)
        resource = policy.PolicyResource(r.type, props, r.urn, r.name, opts, provider, None, [], {})
        by_key = r.propertyDependencies
        property_dependencies = {key: list(by_key[key].urns) for key in by_key} if by_key else {}
        intermediates.append((resource, r.parent, list(r.dependencies), property_dependencies))
    by_urn = {resource.urn: resource for resource, _, _, _ in intermediates}
    for resource, parent, dependencies, property_dependencies in intermediates:
        if parent is not None and parent in by_urn:
            resource.parent = by_urn[parent]
        resource.dependencies.extend(by_urn[d] for d in dependencies if d in by_urn)
        for key, urns in property_dependencies.items():
            resource.property_dependencies[key] = [by_urn[d] for d in urns if d in by_urn]
    return [resource for resource, _, _, _ in intermediates]


def _analyze_stack_once(policy: Any) -> Callable[..., Any]:
    """pulumi-policy 1.21's AnalyzeStack, with the resources built once for every stack policy rather than once
    per stack policy (at 5,000 resources that rebuilding was most of the pack's time after the program ended).
    The policies only read them, as they read Analyze's shared arguments."""
    proto = policy.proto
    levels = policy.EnforcementLevel

    def analyze_stack(self: Any, request: Any, _context: Any) -> Any:
        self._configure_runtime_settings()
        response = proto.AnalyzeResponse()
        pack_name = self._PolicyAnalyzerServicer__policy_pack_name
        pack_version = self._PolicyAnalyzerServicer__policy_pack_version
        resources: list[Any] | None = None
        for stack_policy in self._PolicyAnalyzerServicer__policies:
            level = self._get_enforcement_level(stack_policy)
            if level == levels.DISABLED or not isinstance(stack_policy, policy.StackValidationPolicy):
                continue
            if level == levels.REMEDIATE:
                level = levels.MANDATORY  # stack policies cannot remediate
            report_violation = self._create_report_violation(
                response, stack_policy.name, stack_policy.description, level, stack_policy.severity
            )
            if resources is None:
                resources = _stack_resources(self, request, policy)
            args = policy.StackValidationArgs(
                resources,
                self._get_policy_config(stack_policy.name),
                self._PolicyAnalyzerServicer__stack_tags,
            )
            try:
                result = stack_policy.validate(args, report_violation)
                if policy.isawaitable(result):
                    loop = policy.asyncio.new_event_loop()
                    loop.run_until_complete(policy.asyncio.Task(result, loop=loop))
                    loop.close()
            except policy.UnknownValueError as e:
                response.diagnostics.append(
                    proto.AnalyzeDiagnostic(
                        policyName=stack_policy.name,
                        policyPackName=pack_name,
                        policyPackVersion=pack_version,
                        message=(
                            f"can't run policy '{stack_policy.name}' from policy pack "
                            f"'{pack_name}@v{pack_version}' during preview: {e.message}"
                        ),
                        urn="",
                        description=stack_policy.description,
                        enforcementLevel=self._map_enforcement_level(levels.ADVISORY),
                    )
                )
            except policy._NotApplicableError as e:
                response.not_applicable.append(
                    proto.PolicyNotApplicable(policy_name=stack_policy.name, reason=e.reason or "")
                )
        return response

    analyze_stack.__name__ = "AnalyzeStack"
    return analyze_stack


def _relied_on(policy: Any) -> tuple[Any, ...]:
    """What the patch replaces, re-implements or calls positionally: its guard's fingerprint."""
    servicer = getattr(policy, "_PolicyAnalyzerServicer", None)
    resource = getattr(policy, "PolicyResource", None)
    return (
        getattr(servicer, "Analyze", None),
        getattr(servicer, "AnalyzeStack", None),
        getattr(servicer, "_get_resource_options", None),
        getattr(servicer, "_get_provider_resource", None),
        getattr(resource, "__init__", None),
    )


def _installed_version() -> str:
    """pulumi-policy's own record of its version (what it reports to the engine), read without the cost of
    importlib.metadata in the pack's start."""
    from pulumi_policy import version

    return str(getattr(version, "VERSION", ""))


def convert_once_per_request() -> bool:
    """Installs the per-request conversion and the built-once AnalyzeStack into pulumi-policy; False (and
    nothing changed) unless this pulumi-policy is the one they were written against."""
    from pulumi_policy import policy

    servicer = getattr(policy, "_PolicyAnalyzerServicer", None)
    if servicer is None or getattr(servicer, "_retail_ai_convert_once", False):
        return False
    if not pinned(PULUMI_POLICY_PINS, _installed_version(), *_relied_on(policy)):
        return False
    json_format = policy.json_format  # type: ignore[attr-defined]
    once = _ConvertOnce(
        json_format.MessageToDict,
        policy.deserialize_properties,  # type: ignore[attr-defined]
        policy.unknown_checking_proxy,  # type: ignore[attr-defined]
    )
    policy.json_format = _JsonFormat(json_format, once)  # type: ignore[attr-defined]
    policy.deserialize_properties = once.deserialize  # type: ignore[attr-defined]
    policy.unknown_checking_proxy = once.proxy  # type: ignore[attr-defined]
    servicer.Analyze = _per_request(servicer.Analyze, by_type=True)
    servicer.AnalyzeStack = _per_request(_analyze_stack_once(policy))
    servicer._get_resource_options = _once(servicer._get_resource_options)
    servicer._get_provider_resource = _once(servicer._get_provider_resource)
    servicer._retail_ai_convert_once = True
    return True


_LEVELS = ("advisory", "mandatory", "disabled", "remediate")  # the proto enum's order


def carry_renamed_config_on_configure() -> bool:
    """Installs :func:`carry_renamed_config` in pulumi-policy's Configure, so that an old policy name in
    policy config reaches the policies that replace it; False (nothing changed) unless this pulumi-policy's
    Configure and the servicer state it reads (``__init__``) are the ones it was written against."""
    from google.protobuf import json_format, struct_pb2
    from pulumi_policy import policy

    servicer = getattr(policy, "_PolicyAnalyzerServicer", None)
    proto = getattr(policy, "proto", None)
    if servicer is None or proto is None:
        return False
    if getattr(servicer, "_retail_ai_renames", False):
        return True
    relied_on = (getattr(servicer, "Configure", None), getattr(servicer, "__init__", None))
    if not pinned(CONFIGURE_PINS, _installed_version(), *relied_on):
        return False
    original = servicer.Configure

    def configure(self: Any, request: Any, context: Any) -> Any:
        policies = getattr(self, "_PolicyAnalyzerServicer__policies", None)
        if policies is None:
            return original(self, request, context)
        given = {
            name: (_LEVELS[entry.enforcementLevel], json_format.MessageToDict(entry.properties))
            for name, entry in request.policyConfig.items()
        }
        carried = proto.ConfigureAnalyzerRequest()
        for name, (level, props) in carry_renamed_config(policies, given).items():
            properties = struct_pb2.Struct()
            properties.update(props)
            carried.policyConfig[name].CopyFrom(
                proto.PolicyConfig(enforcementLevel=_LEVELS.index(level), properties=properties)
            )
        return original(self, carried, context)

    configure.__name__ = "Configure"
    servicer.Configure = configure
    servicer._retail_ai_renames = True
    return True
