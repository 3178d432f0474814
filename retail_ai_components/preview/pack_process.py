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
import select
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, cast

import grpc
from google.protobuf import empty_pb2
from pulumi.runtime.proto import analyzer_pb2, analyzer_pb2_grpc

from .analyzer_messages import LEVEL_VALUES
from .errors import PreviewError
from .policy_config import PolicyConfig
from .processes import ChildProcess
from .wire import GRPC_OPTIONS, to_struct


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
        except ValueError:  # grpc's "Cannot invoke RPC: Channel closed!": the run ended meanwhile
            raise self._closed(method, what) from None

    def _closed(self, method: str, what: str) -> PreviewError:
        return PreviewError(f"the policy pack was stopped before {method} for {what}: the run had ended")

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
        urn = request.urn
        try:
            future = self._stub.Analyze.future(request, timeout=self.timeout)
        except ValueError:  # the channel was closed by the end of the run, on another thread
            raise self._closed("Analyze", urn) from None

        def result() -> analyzer_pb2.AnalyzeResponse:
            try:
                return cast(analyzer_pb2.AnalyzeResponse, future.result())
            except grpc.RpcError as exc:
                raise self._error(exc, "Analyze", urn) from None
            except grpc.FutureCancelledError:
                raise self._closed("Analyze", urn) from None

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
