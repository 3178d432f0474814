"""Program hosts: what runs a stack's program for the preview, one module per language runtime.

The preview does what the Pulumi CLI's language hosts do: it starts the program in its own runtime, hands it
the addresses of the resource monitor and engine the preview serves (:mod:`..server`), and the program
registers over gRPC, in any language, with the same monitor, data sources and packs.

A runtime (Pulumi.yaml ``runtime: <name>``) is a :class:`Runtime` in :data:`RUNTIMES`; it checks the
project's program and makes a :class:`ProgramHost` for each run. The Python runtime is :mod:`.python`; its
child runs :mod:`.python_exec`. The Node.js runtime (TypeScript and JavaScript) is :mod:`.nodejs`; its child
runs ``nodejs_run.js``. A runtime whose child speaks the start protocol of :mod:`.program_process`
(addresses and status on two file descriptors) needs only its command line: see
:meth:`.python.PythonRuntime.host`. To add one, write ``program_hosts/<runtime>.py`` and list it in
:data:`RUNTIMES`.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ..errors import PreviewError
from .nodejs import NodejsRuntime
from .output import ProgramOutput
from .python import PythonRuntime

if TYPE_CHECKING:
    from ..project import Project


@dataclass(frozen=True)
class ProgramSpec:
    """What every host hands its program, as the CLI's language hosts do (``PULUMI_CONFIG`` and the rest)."""

    project: str
    stack: str
    organization: str
    config: Mapping[str, str]
    """``namespace:key`` to string, structured values as JSON strings."""
    secret_keys: list[str]


class ProgramHost(Protocol):
    """One run of one program. The preview calls ``start()`` first (the runtime may load while the preview
    starts its services), then ``connect()`` with the services' addresses, then ``wait()``; ``terminate()``
    on every way out, so it must always be safe."""

    output: ProgramOutput
    """Everything the program printed or logged; never the preview's own stdout."""
    interpreter: str
    """What runs the program (an interpreter's or node's path), for the report."""
    note: str
    """One sentence for the report: which interpreter and why (the project's environment or a fallback)."""

    def start(self) -> None: ...

    def connect(self, monitor_address: str, engine_address: str) -> None: ...

    def wait(self, timeout: float, stop: threading.Event | None = None) -> None:
        """Returns once the program's stack completed; raises PreviewError for any other end (an early
        exit, an exception, a crash, the timeout); returns at once, the program ended, when ``stop`` is set."""

    def terminate(self) -> None: ...


class Runtime(Protocol):
    """A language runtime the preview can run."""

    name: str
    """As Pulumi.yaml spells it (``runtime: python``)."""
    language: str
    """As a person says it, in errors (``Python``, ``Node.js (TypeScript and JavaScript)``)."""

    def check_program(self, project_file: Path, program_dir: Path) -> None:
        """Raises PreviewError naming the project file when ``program_dir`` holds no program to run."""

    def host(self, project: Project, spec: ProgramSpec) -> ProgramHost: ...


RUNTIMES: dict[str, Runtime] = {"python": PythonRuntime(), "nodejs": NodejsRuntime()}
"""Every runtime the preview can run, by the name Pulumi.yaml gives it."""


def runtime(name: object, project_file: Path) -> Runtime:
    """The runtime a project names; PreviewError naming the file for one this preview cannot run."""
    found = RUNTIMES.get(name) if isinstance(name, str) else None
    if found is None:
        languages = " and ".join(r.language for r in RUNTIMES.values())
        raise PreviewError(
            f"{project_file}: runtime is {name!r}; the offline preview runs {languages} programs only"
        )
    return found


def host_for(project: Project, spec: ProgramSpec) -> ProgramHost:
    """The host for one run of ``project``'s program (its runtime was checked when the project was read)."""
    return RUNTIMES[project.runtime].host(project, spec)


__all__ = ["RUNTIMES", "ProgramHost", "ProgramOutput", "ProgramSpec", "Runtime", "host_for", "runtime"]
