"""Records a Pulumi program's registrations in process, for tests of components and programs.

``record_resources(func)`` runs ``func`` (which declares resources) against the same
:class:`~.monitor.Monitor` the offline preview serves to a program over gRPC, called directly
instead: engine URNs, default providers, parents, options, dependencies, flattened inputs, data
sources answered. What plain Pulumi mocks leave out or get wrong, without a second copy of it.

The preview itself runs programs out of process (:mod:`.host`); this is the in-process path for
tests, where a component's exceptions should reach the test unchanged.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pulumi
from google.protobuf import empty_pb2
from pulumi.runtime import settings
from pulumi.runtime.stack import run_in_stack

from .monitor import Check, Monitor
from .records import ProgramRun

__all__ = ["ProgramRun", "record_resources"]

_log = logging.getLogger("retail_ai.program")


class _LoggingEngine:
    """``pulumi.log`` in process: to Python logging (warnings and errors show in pytest output)."""

    _LEVELS = {0: logging.DEBUG, 1: logging.INFO, 2: logging.WARNING, 3: logging.ERROR}

    def Log(self, request: Any) -> empty_pb2.Empty:
        _log.log(self._LEVELS.get(request.severity, logging.INFO), request.message)
        return empty_pb2.Empty()


def record_resources(
    func: Callable[[], object],
    *,
    config: Mapping[str, str] | None = None,
    secret_keys: Sequence[str] = (),
    project: str = "test",
    stack: str = "test",
    check: Check | None = None,
    data_sources: Any = None,
    known_ids: bool = True,
) -> ProgramRun:
    """Runs ``func`` (which declares resources) as a preview and returns every registration, with
    parents, options, dependencies and engine URNs: what plain Pulumi mocks leave out.

    Exceptions from ``func`` propagate unchanged. ``config`` maps ``namespace:key`` to string values,
    e.g. ``{"alicloud:region": "cn-hangzhou"}``. ``check``: the provider Check to apply to alicloud
    resources (none by default: component tests see what the component sends). ``data_sources``: a
    :class:`~.datasources.DataSources` (default: the catalogue for the configured region). ``known_ids``:
    created resources get their placeholder IDs, so a test can follow a reference to the resource it names
    (``False``: unknown, as a real preview and ``retail-ai preview`` leave them).
    """
    values = dict(config or {})
    if data_sources is None:
        from .datasources import DataSources

        data_sources = DataSources(values.get("alicloud:region", ""))
    pulumi.runtime.set_all_config(values, list(secret_keys))
    monitor = Monitor(
        project,
        stack,
        values,
        list(secret_keys),
        check=check,
        invoke=data_sources.invoke,
        known_ids=known_ids,
    )
    settings.set_root_resource(None)  # type: ignore[arg-type]
    sdk_settings = settings.Settings(
        project=project,
        stack=stack,
        monitor=monitor,
        engine=_LoggingEngine(),
        dry_run=True,
        organization="organization",
    )
    sdk_settings.monitor_features = set(monitor.GetDeploymentInfo(empty_pb2.Empty()).supportedFeatures)
    settings.configure(sdk_settings)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(run_in_stack(func))  # type: ignore[arg-type]
    finally:
        loop.close()
        asyncio.set_event_loop(None)
        settings.set_root_resource(None)  # type: ignore[arg-type]
        monitor.close()
    return monitor.run()
