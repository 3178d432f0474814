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

import json
import os
import select
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

import grpc
from google.protobuf import empty_pb2, json_format, struct_pb2
from pulumi.runtime.proto import analyzer_pb2, analyzer_pb2_grpc

from .errors import PreviewError
from .policy_config import PolicyConfig, PolicyMeta
from .recorder import RecordedResource

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
_GRPC_OPTIONS = [
    ("grpc.max_receive_message_length", 400 * 1024 * 1024),
    ("grpc.max_send_message_length", 400 * 1024 * 1024),
]


def to_struct(value: Mapping[str, Any] | None) -> struct_pb2.Struct:
    struct = struct_pb2.Struct()
    if value:
        struct.update(value)
    return struct


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
        provider=_provider(provider),
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
        provider=_provider(provider),
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


def _provider(provider: RecordedResource | None) -> analyzer_pb2.AnalyzerProviderResource | None:
    if provider is None:
        return None
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
    own (``PolicyPack(...)`` serves forever), so leaving the block terminates it, on errors too."""

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
        self._process: subprocess.Popen[bytes] | None = None
        self._stderr: Any = None
        self._channel: grpc.Channel | None = None
        self._stub: analyzer_pb2_grpc.AnalyzerStub | None = None
        self.name = ""

    def __enter__(self) -> PolicyPackProcess:
        try:
            self._start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start(self) -> None:
        if not (self.pack_dir / "PulumiPolicy.yaml").is_file():
            raise PreviewError(f"{self.pack_dir} is not a policy pack: it has no PulumiPolicy.yaml")
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the pack; closed in close()
        # The engine address is required by pulumi.policy but never used by it.
        self._process = subprocess.Popen(
            [self._python, "-u", "-m", "pulumi.policy", "127.0.0.1:0", str(self.pack_dir)],
            cwd=self.pack_dir,
            env=self._env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
        )
        port = self._read_port()
        self._channel = grpc.insecure_channel(f"127.0.0.1:{port}", options=_GRPC_OPTIONS)
        try:
            grpc.channel_ready_future(self._channel).result(timeout=self.timeout)
        except grpc.FutureTimeoutError:
            raise PreviewError(
                f"the policy pack {self.pack_dir} did not accept a connection on port {port}"
            ) from None
        self._stub = analyzer_pb2_grpc.AnalyzerStub(self._channel)

    def _read_port(self) -> int:
        assert self._process is not None and self._process.stdout is not None
        deadline = time.monotonic() + self.timeout
        line = b""
        while not line.endswith(b"\n"):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise PreviewError(
                    f"the policy pack {self.pack_dir} did not start within {self.timeout:.0f} s"
                )
            ready, _, _ = select.select([self._process.stdout], [], [], min(remaining, 0.5))
            if ready:
                chunk = os.read(self._process.stdout.fileno(), 64)
                if not chunk:
                    break
                line += chunk
            elif self._process.poll() is not None:
                break
        try:
            return int(line.strip())
        except ValueError:
            self._process.wait(timeout=5)
            raise PreviewError(
                f"the policy pack {self.pack_dir} failed to start: {self.stderr_tail()}"
            ) from None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def stderr_tail(self) -> str:
        """The pack's last error line, to name the cause when it crashes."""
        if self._stderr is None:
            return "no output"
        self._stderr.seek(0)
        lines = [
            ln.strip() for ln in self._stderr.read().decode("utf-8", "replace").splitlines() if ln.strip()
        ]
        return lines[-1] if lines else f"exit code {self._process.returncode if self._process else '?'}"

    def _call(self, method: str, request: Any, what: str) -> Any:
        assert self._stub is not None
        try:
            return getattr(self._stub, method)(request, timeout=self.timeout)
        except grpc.RpcError as exc:
            code = exc.code()
            if code == grpc.StatusCode.DEADLINE_EXCEEDED:
                raise PreviewError(
                    f"the policy pack did not answer {method} for {what} within {self.timeout:.0f} s"
                ) from None
            if self._process is not None and self._process.poll() is not None:
                raise PreviewError(
                    f"the policy pack crashed during {method} for {what}: {self.stderr_tail()}"
                ) from None
            raise PreviewError(f"the policy pack failed {method} for {what}: {exc.details()}") from None

    def info(self) -> analyzer_pb2.AnalyzerInfo:
        info: analyzer_pb2.AnalyzerInfo = self._call("GetAnalyzerInfo", empty_pb2.Empty(), "the pack")
        self.name = info.name
        return info

    def configure_stack(
        self, *, project: str, stack: str, organization: str, config: Mapping[str, str]
    ) -> None:
        """Python packs answer UNIMPLEMENTED to neither; the engine tolerates it, and so do we."""
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

    def analyze_stack(self, resources: list[analyzer_pb2.AnalyzerResource]) -> analyzer_pb2.AnalyzeResponse:
        request = analyzer_pb2.AnalyzeStackRequest(resources=resources)
        return cast(analyzer_pb2.AnalyzeResponse, self._call("AnalyzeStack", request, "the stack"))

    def close(self) -> None:
        if self._channel is not None:
            self._channel.close()
            self._channel = None
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        if self._process is not None and self._process.stdout is not None:
            self._process.stdout.close()
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None
