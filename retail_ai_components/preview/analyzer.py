"""Starts a policy pack as the Pulumi engine does and drives it over the Analyzer gRPC protocol.

The pack runs in its own process, ``python -u -m pulumi.policy <engine-address> <pack-dir>``
with the pack folder as working directory and the ``PULUMI_*`` environment the CLI sets; the
first line it prints is its port. Nothing of the policy evaluation happens here: the pack's own
pulumi-policy SDK deserializes, proxies unknowns, applies levels and config, exactly as under
``pulumi preview --policy-pack``.

    with PolicyPackProcess(pack_dir, project="p", stack="dev", config={"alicloud:region": "cn-hangzhou"}) as pack:
        info = pack.info()
        pack.configure(reconciled)                       # from policy_config.reconcile
        response = pack.analyze(analyze_request(resource, provider))
"""

from __future__ import annotations

import collections
import contextlib
import json
import os
import queue
import select
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import grpc
from google.protobuf import empty_pb2, json_format, struct_pb2
from pulumi.runtime.proto import analyzer_pb2, analyzer_pb2_grpc

from . import policy_config
from .errors import PreviewError
from .policy_config import PolicyConfig, PolicyMeta
from .processes import ChildProcess
from .records import RecordedResource
from .wire import GRPC_OPTIONS, to_struct

LEVEL_NAMES = {
    analyzer_pb2.ADVISORY: "advisory",
    analyzer_pb2.MANDATORY: "mandatory",
    analyzer_pb2.DISABLED: "disabled",
    analyzer_pb2.REMEDIATE: "remediate",
}
LEVEL_VALUES = {name: value for value, name in LEVEL_NAMES.items()}
SEVERITY_NAMES = {
    analyzer_pb2.POLICY_SEVERITY_UNSPECIFIED: "",
    analyzer_pb2.POLICY_SEVERITY_LOW: "low",
    analyzer_pb2.POLICY_SEVERITY_MEDIUM: "medium",
    analyzer_pb2.POLICY_SEVERITY_HIGH: "high",
    analyzer_pb2.POLICY_SEVERITY_CRITICAL: "critical",
}


def analyze_request(
    resource: RecordedResource, provider: RecordedResource | None
) -> analyzer_pb2.AnalyzeRequest:
    """The request the engine sends to Analyze and Remediate for one registration."""
    return analyzer_pb2.AnalyzeRequest(
        type=resource.type,
        properties=to_struct(resource.inputs),
        urn=resource.urn,
        name=resource.name,
        options=_options(resource),
        provider=_provider(provider) if provider is not None else None,
    )


def analyzer_resource(
    resource: RecordedResource, provider: RecordedResource | None
) -> analyzer_pb2.AnalyzerResource:
    """A resource as AnalyzeStack sees it: its outputs (for a preview of a create, its inputs)."""
    properties = resource.outputs if resource.outputs is not None else resource.inputs
    if not resource.custom and resource.outputs is None:
        properties = {}
    return analyzer_pb2.AnalyzerResource(
        type=resource.type,
        properties=to_struct(properties),
        urn=resource.urn,
        name=resource.name,
        options=_options(resource),
        provider=_provider(provider) if provider is not None else None,
        parent=resource.parent or "",
        dependencies=resource.dependencies,
        propertyDependencies={
            key: analyzer_pb2.AnalyzerPropertyDependencies(urns=urns)
            for key, urns in resource.property_dependencies.items()
        },
    )


def _options(resource: RecordedResource) -> analyzer_pb2.AnalyzerResourceOptions:
    timeouts = analyzer_pb2.AnalyzerResourceOptions.CustomTimeouts(**resource.custom_timeouts)
    return analyzer_pb2.AnalyzerResourceOptions(
        protect=resource.protect,
        ignoreChanges=resource.ignore_changes,
        deleteBeforeReplace=resource.delete_before_replace,
        deleteBeforeReplaceDefined=resource.delete_before_replace_defined,
        additionalSecretOutputs=resource.additional_secret_outputs,
        aliases=resource.aliases,
        customTimeouts=timeouts,
        parent=resource.parent or "",
    )


def _provider(provider: RecordedResource) -> analyzer_pb2.AnalyzerProviderResource:
    return analyzer_pb2.AnalyzerProviderResource(
        type=provider.type, properties=to_struct(provider.inputs), urn=provider.urn, name=provider.name
    )


def policy_metas(info: analyzer_pb2.AnalyzerInfo) -> list[PolicyMeta]:
    metas = []
    for policy in info.policies:
        has_schema = policy.HasField("configSchema")
        props = json_format.MessageToDict(policy.configSchema.properties) if has_schema else {}
        metas.append(
            PolicyMeta(
                name=policy.name,
                enforcement_level=LEVEL_NAMES[policy.enforcementLevel],
                schema_properties=props,
                schema_required=tuple(policy.configSchema.required) if has_schema else (),
                has_schema=has_schema,
            )
        )
    return metas


def initial_config(info: analyzer_pb2.AnalyzerInfo) -> dict[str, PolicyConfig]:
    result = {}
    for name, config in info.initialConfig.items():
        props = json_format.MessageToDict(config.properties) if config.HasField("properties") else None
        result[name] = PolicyConfig(LEVEL_NAMES[config.enforcementLevel], props or None)
    return result


class PolicyPackProcess:
    """One running policy pack. Always used as a context manager: the pack never exits on its
    own (``PolicyPack(...)`` serves forever), so leaving the block terminates it (and anything it
    started: it runs in its own process group), on errors too. Its stdout (after the port line) and
    stderr are drained by threads, so a chatty pack can never block on a full pipe."""

    def __init__(
        self,
        pack_dir: Path,
        *,
        project: str,
        stack: str,
        config: Mapping[str, str],
        organization: str = "organization",
        dry_run: bool = True,
        timeout: float = 120.0,
        python: str = sys.executable,
    ) -> None:
        self.pack_dir = Path(pack_dir).resolve()
        self.timeout = timeout
        self._python = python
        self._env = {
            **os.environ,
            "PULUMI_PROJECT": project,
            "PULUMI_STACK": stack,
            "PULUMI_ORGANIZATION": organization,
            "PULUMI_DRY_RUN": "true" if dry_run else "false",
            "PULUMI_CONFIG": json.dumps(dict(config)),
        }
        self._child = ChildProcess()
        self._stderr_tail: collections.deque[str] = collections.deque(maxlen=50)
        self._channel: grpc.Channel | None = None
        self._stub: analyzer_pb2_grpc.AnalyzerStub | None = None
        self.name = ""

    def __enter__(self) -> PolicyPackProcess:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        try:
            self._start()
        except BaseException:
            self.close()
            raise

    def _start(self) -> None:
        if not (self.pack_dir / "PulumiPolicy.yaml").is_file():
            raise PreviewError(f"{self.pack_dir} is not a policy pack: it has no PulumiPolicy.yaml")
        # The engine address is required by pulumi.policy but never used by it.
        process = self._child.spawn(
            [self._python, "-u", "-m", "pulumi.policy", "127.0.0.1:0", str(self.pack_dir)],
            cwd=self.pack_dir,
            env=self._env,
        )
        assert process.stdout is not None and process.stderr is not None
        self._child.drain(process.stderr, self._keep_stderr)
        port = self._read_port()
        self._child.drain(process.stdout, lambda raw: None)
        self._channel = grpc.insecure_channel(f"127.0.0.1:{port}", options=GRPC_OPTIONS)
        try:
            grpc.channel_ready_future(self._channel).result(timeout=self.timeout)
        except grpc.FutureTimeoutError:
            raise PreviewError(
                f"the policy pack {self.pack_dir} did not accept a connection on port {port}"
            ) from None
        self._stub = analyzer_pb2_grpc.AnalyzerStub(self._channel)

    def _keep_stderr(self, raw: bytes) -> None:
        self._stderr_tail.append(raw.decode("utf-8", "replace").rstrip())

    def _read_port(self) -> int:
        process = self._child.process
        assert process is not None and process.stdout is not None
        deadline = time.monotonic() + self.timeout
        line = b""
        fd = process.stdout.fileno()
        while not line.endswith(b"\n"):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise PreviewError(
                    f"the policy pack {self.pack_dir} did not start within {self.timeout:.0f} s"
                )
            ready, _, _ = select.select([fd], [], [], min(remaining, 0.5))
            if ready:
                # One byte at a time: nothing after the port line may be taken from the pipe here.
                chunk = os.read(fd, 1)
                if not chunk:
                    break
                line += chunk
            elif process.poll() is not None:
                break
        try:
            return int(line.strip())
        except ValueError:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=5)
            raise PreviewError(
                f"the policy pack {self.pack_dir} failed to start: {self.stderr_tail()}"
            ) from None

    @property
    def pid(self) -> int | None:
        return self._child.pid

    def stderr_tail(self) -> str:
        """The pack's last error line, to name the cause when it crashes."""
        time.sleep(0.05)  # let the drain thread catch the last lines of a dying pack
        lines = [ln.strip() for ln in list(self._stderr_tail) if ln.strip()]
        if lines:
            return lines[-1]
        process = self._child.process
        return f"exit code {process.returncode if process else '?'}"

    def _call(self, method: str, request: Any, what: str) -> Any:
        assert self._stub is not None
        try:
            return getattr(self._stub, method)(request, timeout=self.timeout)
        except grpc.RpcError as exc:
            raise self._error(exc, method, what) from None

    def _error(self, exc: grpc.RpcError, method: str, what: str) -> PreviewError:
        code = exc.code()
        if code == grpc.StatusCode.DEADLINE_EXCEEDED:
            return PreviewError(
                f"the policy pack did not answer {method} for {what} within {self.timeout:.0f} s"
            )
        process = self._child.process
        if process is not None and process.poll() is not None:
            return PreviewError(f"the policy pack crashed during {method} for {what}: {self.stderr_tail()}")
        return PreviewError(f"the policy pack failed {method} for {what}: {exc.details()}")

    def info(self) -> analyzer_pb2.AnalyzerInfo:
        info: analyzer_pb2.AnalyzerInfo = self._call("GetAnalyzerInfo", empty_pb2.Empty(), "the pack")
        self.name = info.name
        return info

    def configure_stack(
        self, *, project: str, stack: str, organization: str, config: Mapping[str, str]
    ) -> None:
        """Python packs answer UNIMPLEMENTED; the engine tolerates it, and so do we."""
        request = analyzer_pb2.AnalyzerStackConfigureRequest(
            stack=stack, project=project, organization=organization, dry_run=True, config=dict(config)
        )
        assert self._stub is not None
        try:
            self._stub.ConfigureStack(request, timeout=self.timeout)
        except grpc.RpcError as exc:
            if exc.code() != grpc.StatusCode.UNIMPLEMENTED:
                raise PreviewError(f"the policy pack failed ConfigureStack: {exc.details()}") from None

    def configure(self, config: Mapping[str, PolicyConfig]) -> None:
        policy_config = {
            name: analyzer_pb2.PolicyConfig(
                enforcementLevel=LEVEL_VALUES[c.enforcement_level or "advisory"],
                properties=to_struct(c.properties),
            )
            for name, c in config.items()
        }
        self._call(
            "Configure", analyzer_pb2.ConfigureAnalyzerRequest(policyConfig=policy_config), "the pack config"
        )

    def remediate(self, request: analyzer_pb2.AnalyzeRequest) -> analyzer_pb2.RemediateResponse:
        return cast(analyzer_pb2.RemediateResponse, self._call("Remediate", request, request.urn))

    def analyze(self, request: analyzer_pb2.AnalyzeRequest) -> analyzer_pb2.AnalyzeResponse:
        return cast(analyzer_pb2.AnalyzeResponse, self._call("Analyze", request, request.urn))

    def analyze_async(
        self, request: analyzer_pb2.AnalyzeRequest
    ) -> Callable[[], analyzer_pb2.AnalyzeResponse]:
        """Sends Analyze now; the returned function waits for its answer."""
        assert self._stub is not None
        future = self._stub.Analyze.future(request, timeout=self.timeout)
        urn = request.urn

        def result() -> analyzer_pb2.AnalyzeResponse:
            try:
                return cast(analyzer_pb2.AnalyzeResponse, future.result())
            except grpc.RpcError as exc:
                raise self._error(exc, "Analyze", urn) from None

        return result

    def analyze_stack(self, resources: list[analyzer_pb2.AnalyzerResource]) -> analyzer_pb2.AnalyzeResponse:
        request = analyzer_pb2.AnalyzeStackRequest(resources=resources)
        return cast(analyzer_pb2.AnalyzeResponse, self._call("AnalyzeStack", request, "the stack"))

    def close(self) -> None:
        if self._channel is not None:
            self._channel.close()
            self._channel = None
        self._child.terminate()
        self._child.join(timeout=2)


# --------------------------------------------------------------------------- verdicts


@dataclass
class Violation:
    policy_pack: str
    policy: str
    enforcement_level: str
    severity: str
    urn: str
    message: str
    remediation: str = ""
    description: str = ""
    """The policy's description, which pulumi-policy puts at the head of ``message``."""

    def to_json(self) -> dict[str, str]:
        return {
            "policyPack": self.policy_pack,
            "policy": self.policy,
            "enforcementLevel": self.enforcement_level,
            "severity": self.severity,
            "urn": self.urn,
            "message": self.message,
        }


@dataclass
class NotApplicable:
    """A policy that chose not to judge a resource, with its reason (an exemption, for example)."""

    policy_pack: str
    policy: str
    urn: str
    reason: str

    def to_json(self) -> dict[str, str]:
        return {"policyPack": self.policy_pack, "policy": self.policy, "urn": self.urn, "reason": self.reason}


@dataclass(frozen=True)
class PolicyInfo:
    name: str
    description: str
    enforcement_level: str
    """The level the run used (after the pack's initialConfig and the config file)."""
    severity: str
    remediation: str


@dataclass
class PackInfo:
    """A pack as the report names it."""

    name: str
    version: str
    origin: str
    path: Path
    policies: list[PolicyInfo] = field(default_factory=list)
    config: dict[str, PolicyConfig] = field(default_factory=dict)
    """The reconciled config sent to ``Configure``."""


# --------------------------------------------------------------------------- streamed analysis

PackConfigLoader = Callable[[Path], dict[str, PolicyConfig]]

# Packs whose policies are pure functions of each request (ours): their Analyze calls are sent in
# batches, up to ANALYZE_BATCH at once, the first registration of a batch waiting up to BATCH_WAIT
# seconds for more. Each call sent alone cost the pack and the preview a gRPC wake-up of their own; in
# batches, a 2,000-resource preview with the pack took 1.15-1.19x the time without one, against 1.28-1.31x
# with up to 4 calls in flight (medians of 8-10 interleaved runs). Any other pack gets one call at a time,
# as the engine sends them, since its policies may keep state between calls.
CONCURRENT_ANALYZE_PACKS = frozenset({"retail-ai-policies"})
ANALYZE_BATCH = 32
BATCH_WAIT = 0.02


class PackRun:
    """One pack through one run, as the engine drives an analyzer.

    Started (a thread of its own) as soon as the run starts: boot, ``ConfigureStack``,
    ``GetAnalyzerInfo``, ``Configure`` with the reconciled config. Then every registration is
    ``Analyze``d by that thread while the program goes on (the pack process uses the other core),
    in registration order: one call at a time as the engine sends them, or in batches for the packs
    known to be pure functions of each request (:data:`CONCURRENT_ANALYZE_PACKS`). ``Remediate`` is called
    in the registration itself, before the program gets its answer (its properties replace the
    inputs), and only when a policy of the pack has the level ``remediate``: pulumi-policy answers
    an empty response otherwise, so skipping it changes nothing but time.
    """

    def __init__(
        self,
        path: Path,
        *,
        config_file: Path | None,
        origin: str,
        python: str,
        version: str,
        project: str,
        stack: str,
        organization: str,
        config: Mapping[str, str],
        timeout: float,
        on_error: Callable[[PreviewError], None],
    ) -> None:
        self.path = Path(path).resolve()
        self.config_file = config_file
        self.origin = origin
        self.version = version
        self.timeout = timeout
        self.project, self.stack, self.organization = project, stack, organization
        self.stack_config = dict(config)
        self.on_error = on_error
        self.process = PolicyPackProcess(
            self.path,
            project=project,
            stack=stack,
            config=config,
            organization=organization,
            timeout=timeout,
            python=python,
        )
        self.info: PackInfo | None = None
        self.remediates = False
        self.window = 1
        """Analyze calls sent together at most (1: one at a time, as the engine sends them)."""
        self.error: PreviewError | None = None
        self.violations: list[Violation] = []
        self.not_applicable: list[NotApplicable] = []
        self.analyzed = 0
        self._remediation_steps: dict[str, str] = {}
        self._ready = threading.Event()
        self._queue: queue.SimpleQueue[tuple[RecordedResource, analyzer_pb2.AnalyzeRequest] | None] = (
            queue.SimpleQueue()
        )
        self._thread = threading.Thread(target=self._run, name=f"pack {self.path.name}", daemon=True)
        self._remediate_lock = threading.Lock()

    @property
    def name(self) -> str:
        return self.info.name if self.info is not None else self.path.name

    def start(self) -> None:
        self._thread.start()

    def _fail(self, error: PreviewError) -> None:
        if self.error is None:
            self.error = error
            self.on_error(error)

    def _run(self) -> None:
        try:
            self._boot()
        except PreviewError as exc:
            self._fail(exc)
        except Exception as exc:
            self._fail(PreviewError(f"the policy pack {self.path} could not be started: {exc}"))
        finally:
            self._ready.set()
        # Answers are taken in registration order, so the report is the same whatever the batch.
        ended = False
        while not ended:
            batch, ended = self._next_batch()
            sent: list[tuple[RecordedResource, Callable[[], analyzer_pb2.AnalyzeResponse]]] = []
            for resource, request in batch:
                if self.error is not None:
                    break
                try:
                    sent.append((resource, self.process.analyze_async(request)))
                except PreviewError as exc:
                    self._fail(exc)
            for resource, result in sent:
                self._take(resource, result)

    def _next_batch(self) -> tuple[list[tuple[RecordedResource, analyzer_pb2.AnalyzeRequest]], bool]:
        """The registrations to send together (at most ``window``), and whether the run has ended."""
        first = self._queue.get()
        if first is None:
            return [], True
        batch = [first]
        deadline = time.monotonic() + BATCH_WAIT
        while len(batch) < self.window:
            remaining = deadline - time.monotonic()
            try:
                item = self._queue.get(timeout=remaining) if remaining > 0 else self._queue.get_nowait()
            except queue.Empty:
                break
            if item is None:
                return batch, True
            batch.append(item)
        return batch, False

    def _take(self, resource: RecordedResource, result: Callable[[], analyzer_pb2.AnalyzeResponse]) -> None:
        if self.error is not None:
            return
        try:
            response = result()
        except PreviewError as exc:
            self._fail(exc)
            return
        # pulumi-policy leaves urn empty on resource diagnostics; the engine attributes them to the resource.
        self._record(response.diagnostics, lambda d: str(d.urn or resource.urn))
        self.not_applicable.extend(
            NotApplicable(self.name, n.policy_name, resource.urn, n.reason) for n in response.not_applicable
        )
        self.analyzed += 1

    def _boot(self) -> None:
        self.process.start()
        self.process.configure_stack(
            project=self.project, stack=self.stack, organization=self.organization, config=self.stack_config
        )
        info = self.process.info()
        file_config = policy_config.load_policy_pack_config(self.config_file) if self.config_file else {}
        reconciled = policy_config.reconcile(
            policy_metas(info),
            initial_config(info),
            file_config,
            pack=info.name,
            source=str(self.config_file or ""),
        )
        self.process.configure(reconciled)
        levels = {
            p.name: (reconciled[p.name].enforcement_level if p.name in reconciled else "")
            or LEVEL_NAMES[p.enforcementLevel]
            for p in info.policies
        }
        self.remediates = "remediate" in levels.values()
        self.window = ANALYZE_BATCH if info.name in CONCURRENT_ANALYZE_PACKS else 1
        self._remediation_steps = {p.name: p.remediation_steps for p in info.policies}
        self.info = PackInfo(
            name=info.name,
            version=self.version or info.version,
            origin=self.origin,
            path=self.path,
            policies=[
                PolicyInfo(
                    name=p.name,
                    description=p.description,
                    enforcement_level=levels[p.name],
                    severity=SEVERITY_NAMES.get(p.severity, ""),
                    remediation=p.remediation_steps,
                )
                for p in info.policies
            ],
            config=reconciled,
        )

    def wait_ready(self) -> None:
        if not self._ready.wait(self.timeout):
            self._fail(PreviewError(f"the policy pack {self.path} did not start within {self.timeout:.0f} s"))
        if self.error is not None:
            raise self.error

    def remediate(self, resource: RecordedResource, provider: RecordedResource | None) -> None:
        """The engine's Remediate step, in the registration (the program waits for it)."""
        self.wait_ready()
        if not self.remediates:
            return
        with self._remediate_lock:
            response = self.process.remediate(analyze_request(resource, provider))
        for r in response.remediations:
            if r.HasField("properties"):
                # As in the engine, a remediation's properties replace the inputs from here on.
                resource.inputs = json_format.MessageToDict(r.properties)
                self.violations.append(
                    Violation(
                        r.policyPackName or self.name,
                        r.policyName,
                        "remediate",
                        "",
                        resource.urn,
                        f"remediated: {r.description}",
                        self._remediation_steps.get(r.policyName, ""),
                        r.description,
                    )
                )
            if r.diagnostic:
                self.violations.append(
                    Violation(
                        r.policyPackName or self.name,
                        r.policyName,
                        "advisory",
                        "",
                        resource.urn,
                        r.diagnostic,
                    )
                )

    def submit(self, resource: RecordedResource, request: analyzer_pb2.AnalyzeRequest) -> None:
        self._queue.put((resource, request))

    def _record(self, diagnostics: Any, urn_of: Callable[[Any], str]) -> None:
        for d in diagnostics:
            self.violations.append(
                Violation(
                    policy_pack=d.policyPackName or self.name,
                    policy=d.policyName,
                    enforcement_level=LEVEL_NAMES.get(d.enforcementLevel, "advisory"),
                    severity=SEVERITY_NAMES.get(d.severity, ""),
                    urn=urn_of(d),
                    message=d.message or d.description,
                    remediation=self._remediation_steps.get(d.policyName, ""),
                    description=d.description,
                )
            )

    def finish(self, resources: Sequence[RecordedResource]) -> None:
        """Waits for every Analyze, then sends AnalyzeStack once with every resource of the run."""
        self._queue.put(None)
        self._thread.join()
        if self.error is not None:
            raise self.error
        by_urn = {r.urn: r for r in resources}
        request = [analyzer_resource(r, by_urn.get(r.provider) if r.provider else None) for r in resources]
        response = self.process.analyze_stack(request)
        # A stack diagnostic names a resource, or nothing (the stack as a whole).
        self._record(response.diagnostics, lambda d: d.urn if d.urn in by_urn else "")
        self.not_applicable.extend(
            NotApplicable(self.name, n.policy_name, "", n.reason) for n in response.not_applicable
        )

    def close(self) -> None:
        self._queue.put(None)
        self.process.close()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)


class StreamedAnalysis:
    """The monitor's observer: each registration goes to every pack as it happens."""

    def __init__(self, packs: Sequence[PackRun]) -> None:
        self.packs = list(packs)
        self._providers: dict[str, analyzer_pb2.AnalyzerProviderResource] = {}

    def start(self) -> None:
        for pack in self.packs:
            pack.start()

    def registered(
        self, resource: RecordedResource, provider: RecordedResource | None
    ) -> struct_pb2.Struct | None:
        """Remediate (in the registration), then queue Analyze; returns the properties as sent,
        which the monitor reuses as its answer (one conversion per resource, not one per use)."""
        if resource.read:
            return None  # a read resource is not a step the engine analyzes; AnalyzeStack sees it
        for pack in self.packs:
            pack.remediate(resource, provider)
        properties = to_struct(resource.inputs)
        provider_message = None
        if provider is not None:
            provider_message = self._providers.get(provider.urn)
            if provider_message is None:
                provider_message = _provider(provider)
                self._providers[provider.urn] = provider_message
        request = analyzer_pb2.AnalyzeRequest(
            type=resource.type,
            properties=properties,
            urn=resource.urn,
            name=resource.name,
            options=_options(resource),
            provider=provider_message,
        )
        for pack in self.packs:
            pack.submit(resource, request)
        return properties

    def finish(self, resources: Sequence[RecordedResource]) -> None:
        for pack in self.packs:
            pack.wait_ready()
        for pack in self.packs:
            pack.finish(resources)

    def close(self) -> None:
        for pack in self.packs:
            pack.close()
