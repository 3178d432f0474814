"""The monitor and engine services on one loopback port, as the engine serves them to a language host.

Any program host (see :mod:`.program_hosts`) hands ``monitor_address`` and ``engine_address`` to its
program; the protocol is the same for every language.
"""

from __future__ import annotations

from concurrent import futures
from dataclasses import dataclass

import grpc
from pulumi.runtime.proto import engine_pb2_grpc, resource_pb2_grpc

from .engine_service import EngineServicer
from .monitor import Monitor
from .wire import GRPC_OPTIONS


@dataclass
class Served:
    server: grpc.Server
    monitor_address: str
    engine_address: str

    def stop(self) -> None:
        self.server.stop(grace=None)


def serve(monitor: Monitor, engine: EngineServicer, workers: int = 32) -> Served:
    """Both services on one loopback port, as the engine serves them to the language host."""
    # A multi-language component's registration holds a worker until its provider's Construct returns,
    # and the provider registers the children through other workers meanwhile: enough for many at once.
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=workers), options=GRPC_OPTIONS)
    resource_pb2_grpc.add_ResourceMonitorServicer_to_server(monitor, server)
    engine_pb2_grpc.add_EngineServicer_to_server(engine, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    address = f"127.0.0.1:{port}"
    return Served(server, address, address)
