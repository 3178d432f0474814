"""The streamed analysis: every pack judges each registration as it happens, then the stack once.

As the engine drives analyzers during a preview: each pack is started (:mod:`.pack_process`) as soon as the run
starts, Remediate runs inside the registration, Analyze while the program goes on, AnalyzeStack once the
program's stack completed. :class:`StreamedAnalysis` is the monitor's observer; :class:`PackRun` is one pack
through one run.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from google.protobuf import json_format, struct_pb2
from pulumi.runtime.proto import analyzer_pb2

from . import policy_config
from .analyzer_messages import (
    LEVEL_NAMES,
    SEVERITY_NAMES,
    analyze_request,
    analyzer_options,
    analyzer_provider,
    analyzer_resource,
    initial_config,
    policy_metas,
)
from .errors import PreviewError
from .pack_process import PolicyPackProcess
from .records import RecordedResource
from .verdicts import NotApplicable, PackInfo, PolicyInfo, Violation
from .wire import to_struct

# A pack that declares its Analyze a pure function of each request (``statelessAnalyze``, see
# :func:`.packs.stateless_analyze`) gets its Analyze calls in batches, up to ANALYZE_BATCH at once, the first
# registration of a batch waiting up to BATCH_WAIT seconds for more. Each call sent alone cost the pack and
# the preview a gRPC wake-up of their own; in batches, a 2,000-resource preview with our pack took
# 1.15-1.19x the time without one, against 1.28-1.31x with up to 4 calls in flight (medians of 8-10
# interleaved runs). Any other pack gets one call at a time, as the engine sends them, since its policies
# may keep state between calls.
ANALYZE_BATCH = 32
BATCH_WAIT = 0.02


class PackRun:
    """One pack through one run, as the engine drives an analyzer.

    Started (a thread of its own) as soon as the run starts: boot, ``ConfigureStack``,
    ``GetAnalyzerInfo``, ``Configure`` with the reconciled config. Then every registration is
    ``Analyze``d by that thread while the program goes on (the pack process uses the other core),
    in registration order: one call at a time as the engine sends them, or in batches for a pack that
    declares each Analyze a pure function of its request (``stateless_analyze``). ``Remediate`` is called
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
        stateless_analyze: bool = False,
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
        self.window = ANALYZE_BATCH if stateless_analyze else 1
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
        try:
            self._analyze_all()
        except Exception as exc:  # a thread's traceback on stderr is no report: the run is not judged
            self._fail(PreviewError(f"the policy pack {self.path} failed: {type(exc).__name__}: {exc}"))

    def _analyze_all(self) -> None:
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
                provider_message = analyzer_provider(provider)
                self._providers[provider.urn] = provider_message
        request = analyzer_pb2.AnalyzeRequest(
            type=resource.type,
            properties=properties,
            urn=resource.urn,
            name=resource.name,
            options=analyzer_options(resource),
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
