"""``pulumirpc.Engine`` as the engine serves it to a program: its log messages and its root resource."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from google.protobuf import empty_pb2
from pulumi.runtime.proto import engine_pb2, engine_pb2_grpc


class EngineServicer(engine_pb2_grpc.EngineServicer):
    """The program's ``pulumi.log.*`` messages go to ``log(severity, message)`` (debug ones dropped)."""

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
