"""Multi-language components: the engine's Construct for a program's ``remote: true`` registrations.

A program in any language uses our components through the SDK that ``pulumi package add`` generates from
PulumiPlugin.yaml: each generated class registers ``retailai:index:<Component>`` with ``remote: true``. The
engine does not record that registration itself: it starts the package's provider plugin (for this repository,
``python -m retail_ai_components <engine address>``, which prints its port) and calls its ``Construct`` with
the resource monitor's address, the stack's config and the registration's inputs and options. The provider
then registers the component and its children on the same monitor, like any program's resources, and the
program gets back the component's URN and outputs (``ConstructResponse.state``). This module does the same,
offline: one provider process per package, started on first use, ended with the run.

Only the ``retailai`` package's provider runs here: any other package's remote component is recorded as
registered and listed in the report's notes as not previewed (its provider plugin is not on this machine).
"""

from __future__ import annotations

import os
import re
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import grpc
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc, resource_pb2

from .errors import PreviewError
from .processes import ChildProcess
from .wire import GRPC_OPTIONS

PROVIDERS: dict[str, Sequence[str]] = {"retailai": (sys.executable, "-m", "retail_ai_components")}
"""The provider plugin of each package whose components the preview constructs, as a command line (the
engine's address is appended, as the CLI passes it)."""

START_SECONDS = 120.0
"""How long a provider may take to print its port (it imports the library and Pulumi's SDK)."""


def package_of(type_: str) -> str:
    return type_.split(":", 1)[0]


class ComponentProviders:
    """The provider processes of one run, and Construct through them."""

    def __init__(
        self,
        *,
        monitor_address: str,
        engine_address: str,
        organization: str,
        project: str,
        stack: str,
        config: Mapping[str, str],
        secret_keys: Sequence[str],
        on_output: Callable[[str, str], None],
        cwd: Path,
    ) -> None:
        self.monitor_address = monitor_address
        self.engine_address = engine_address
        self.organization = organization
        self.project = project
        self.stack = stack
        self.config = dict(config)
        self.secret_keys = list(secret_keys)
        self._on_output = on_output
        self._cwd = cwd
        self._lock = threading.Lock()
        self._started: dict[str, tuple[ChildProcess, grpc.Channel]] = {}

    def serves(self, type_: str) -> bool:
        return package_of(type_) in PROVIDERS

    def construct(
        self,
        urn: str,
        request: Any,
        properties: Any,
        dependencies: Sequence[str],
        protect: bool,
    ) -> resource_pb2.RegisterResourceResponse:
        """``provider.Construct`` for one ``remote: true`` registration; PreviewError says why it failed."""
        stub = provider_pb2_grpc.ResourceProviderStub(self._channel(package_of(request.type)))
        construct = provider_pb2.ConstructRequest(
            project=self.project,
            stack=self.stack,
            organization=self.organization,
            config=self.config,
            configSecretKeys=self.secret_keys,
            dryRun=True,
            parallel=4,
            monitorEndpoint=self.monitor_address,
            type=request.type,
            name=request.name,
            parent=request.parent,
            inputs=properties,
            dependencies=list(dependencies),
            providers=dict(request.providers),
            protect=protect,
            additionalSecretOutputs=list(request.additionalSecretOutputs),
            ignoreChanges=list(request.ignoreChanges),
            accepts_output_values=True,
        )
        for key, deps in request.propertyDependencies.items():
            construct.inputDependencies[key].urns.extend(deps.urns)
        try:
            answer = stub.Construct(construct)
        except grpc.RpcError as exc:
            details = exc.details() if hasattr(exc, "details") else str(exc)
            raise PreviewError(
                f"{request.type} {request.name!r}: the component's provider failed to construct it: "
                f"{provider_error(str(details))}"
            ) from None
        response = resource_pb2.RegisterResourceResponse(urn=answer.urn or urn, object=answer.state)
        for key, deps in answer.stateDependencies.items():
            response.propertyDependencies[key].urns.extend(deps.urns)
        return response

    def _channel(self, package: str) -> grpc.Channel:
        with self._lock:
            started = self._started.get(package)
            if started is None:
                started = self._start(package)
                self._started[package] = started
            return started[1]

    def _start(self, package: str) -> tuple[ChildProcess, grpc.Channel]:
        child = ChildProcess()
        command = [*PROVIDERS[package], self.engine_address]
        try:
            process = child.spawn(command, cwd=self._cwd, env=_provider_env())
        except OSError as exc:
            raise PreviewError(
                f"could not start the {package} component provider ({command[0]}): {exc}"
            ) from None
        assert process.stdout is not None and process.stderr is not None
        port: list[str] = []
        ready = threading.Event()

        def first_line(raw: bytes) -> None:
            if not ready.is_set():
                port.append(raw.decode("utf-8", "replace").strip())
                ready.set()
            else:
                self._on_output("stdout", raw.decode("utf-8", "replace").rstrip("\n"))

        child.drain(process.stdout, first_line)
        child.drain(
            process.stderr, lambda raw: self._on_output("stderr", raw.decode("utf-8", "replace").rstrip("\n"))
        )

        def exited() -> None:
            process.wait()
            ready.set()

        child.in_thread(exited)
        ready.wait(START_SECONDS)
        if not port or not port[0].isdigit():
            child.terminate()
            how = "exited" if process.poll() is not None else f"printed no port within {START_SECONDS:.0f}s"
            raise PreviewError(
                f"the {package} component provider ({' '.join(command[:-1])}) {how}; see the program's output"
            )
        channel = grpc.insecure_channel(f"127.0.0.1:{port[0]}", options=GRPC_OPTIONS)
        return child, channel

    def close(self) -> None:
        with self._lock:
            started, self._started = self._started, {}
        for child, channel in started.values():
            channel.close()
            child.terminate()
            child.join(timeout=5)


def provider_error(details: str) -> str:
    """The component's own error from a failed Construct's details: Pulumi's Python provider wraps it as
    ``Unexpected <class '...'>: <error>:\n<the provider's traceback>``; the traceback is the library's, not
    the program's, so it is left out."""
    text = _WRAPPED.sub("", details.strip(), count=1)
    text = text.split('\n  File "', 1)[0].rstrip()
    return text[:-1] if text.endswith(":") else text


_WRAPPED = re.compile(r"^Unexpected <class '[^']*'>: ")


def _provider_env() -> dict[str, str]:
    # The provider must not take the program's own engine settings from the preview's environment.
    return {k: v for k, v in os.environ.items() if not k.startswith("PULUMI_")}
