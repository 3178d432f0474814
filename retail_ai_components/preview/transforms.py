"""The program's transforms, run as the engine runs them: on the program's own callback server.

A program registers a transform as a callback (its server's address and a token); the engine calls it back
with the resource (or the invoke) and takes what it returns. A resource's transforms run in the engine's
order: its own, then each parent's up the chain, then the stack's.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

import grpc
from pulumi.runtime.proto import alias_pb2, callback_pb2, callback_pb2_grpc, resource_pb2

from .errors import PreviewError
from .wire import GRPC_OPTIONS


class Transforms:
    """Every transform the program registered, and the channels to call them back. Thread-safe."""

    def __init__(self) -> None:
        self._stack: list[Any] = []
        self._stack_invoke: list[Any] = []
        self._by_resource: dict[str, list[Any]] = {}
        self._callbacks: dict[str, callback_pb2_grpc.CallbacksStub] = {}
        self._channels: list[grpc.Channel] = []
        self._lock = threading.Lock()

    def add_stack(self, callback: Any) -> None:
        with self._lock:
            self._stack.append(callback)

    def add_stack_invoke(self, callback: Any) -> None:
        with self._lock:
            self._stack_invoke.append(callback)

    def add_resource(self, urn: str, callbacks: Iterable[Any]) -> None:
        """A registered resource's own transforms, which also apply to its children."""
        with self._lock:
            self._by_resource[urn] = list(callbacks)

    def chain(self, own: Iterable[Any], parents: Iterable[str]) -> list[Any]:
        """The transforms of a registration: its own, then its parents' (nearest first), then the stack's."""
        with self._lock:
            found = list(own)
            for parent in parents:
                found.extend(self._by_resource.get(parent, ()))
            found.extend(self._stack)
        return found

    def run(self, request: Any, transforms: list[Any]) -> tuple[Any, Any]:
        """A RegisterResourceRequest through ``transforms``: its properties and its options after them
        (a ``TransformResourceOptions``). A transform that fails is a PreviewError naming the resource."""
        options = _options(request)
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
                raise PreviewError(
                    f"a transform of {request.type} {request.name!r} failed: {exc.details()}"
                ) from None
            response = resource_pb2.TransformResponse.FromString(raw)
            properties = response.properties
            if response.HasField("options"):
                options = response.options
        return properties, options

    def run_invoke(self, request: Any) -> Any:
        """A ResourceInvokeRequest's arguments after the stack's invoke transforms."""
        with self._lock:
            transforms = list(self._stack_invoke)
        args = request.args
        for callback in transforms:
            raw = self._call_back(
                callback,
                resource_pb2.TransformInvokeRequest(
                    token=request.tok,
                    args=args,
                    options=resource_pb2.TransformInvokeOptions(
                        provider=request.provider,
                        version=request.version,
                        plugin_download_url=request.pluginDownloadURL,
                    ),
                ),
            )
            args = resource_pb2.TransformInvokeResponse.FromString(raw).args
        return args

    def close(self) -> None:
        with self._lock:
            for channel in self._channels:
                channel.close()
            self._channels.clear()

    def _call_back(self, callback: Any, request: Any) -> bytes:
        with self._lock:
            stub = self._callbacks.get(callback.target)
            if stub is None:
                channel = grpc.insecure_channel(callback.target, options=GRPC_OPTIONS)
                self._channels.append(channel)
                stub = self._callbacks[callback.target] = callback_pb2_grpc.CallbacksStub(channel)
        response = stub.Invoke(
            callback_pb2.CallbackInvokeRequest(token=callback.token, request=request.SerializeToString())
        )
        return bytes(response.response)


def _options(request: Any) -> resource_pb2.TransformResourceOptions:
    """A registration's options as a transform receives them."""
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
    return options
