"""A program in a child process that speaks the preview's start protocol, whatever its language.

The child (a language's bootstrap, e.g. :mod:`.python_exec`) is started with two extra file descriptors:

* ``--addresses-fd N``: it reads one line ``<monitor address> <engine address>`` there once its SDK is
  imported, so it can start before the preview's services are up; an empty read means the preview stopped.
* ``--status-fd N``: it writes one JSON line per event there (never on the program's stdout):
  ``{"event": "start", ...}`` once configured; ``{"event": "done"}`` only after the stack's run finished;
  ``{"event": "exit", "code": ..., "call": ..., "file": ..., "line": ..., "message": ...}`` for an exit
  before that (``call``: the language's exit function the program called, ``sys.exit`` or ``process.exit``, at
  its own file and line; empty when it ended by itself); ``{"event": "error", "type": ..., "message": ...,
  "file": ..., "line": ...}`` when the program raised or threw (its own frame, not the SDK's);
  ``{"event": "no-sdk", "interpreter": ..., "message": ...}`` when the SDK cannot be loaded.

Everything the program prints is kept as its output (:class:`~.output.ProgramOutput`). The run is judged only
when the child said ``done`` and exited 0; any other end is a :class:`PreviewError` naming how it ended.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..errors import PreviewError
from ..processes import ChildProcess
from .output import ProgramOutput

Command = Callable[[int, int], list[str]]
"""The child's command line, given the status and addresses file descriptors it must be told of."""


@dataclass
class ProgramStatus:
    started: dict[str, Any] | None = None
    done: bool = False
    exit: dict[str, Any] | None = None
    error: dict[str, Any] | None = None


class ProgramProcess:
    """One run of the program. ``start()``, ``connect()``, then ``wait()``; ``terminate()`` is always safe."""

    def __init__(
        self,
        *,
        command: Command,
        cwd: Path,
        env: Mapping[str, str],
        output: ProgramOutput,
        interpreter: str,
        note: str,
        sdk_hint: str,
    ) -> None:
        """``interpreter``: what runs the program (its path); ``note``: a sentence for the report saying which
        and why; ``sdk_hint``: how to install the Pulumi SDK where it is missing."""
        self._command = command
        self._cwd = cwd
        self._env = dict(env)
        self.output = output
        self.interpreter = interpreter
        self.note = note
        self._sdk_hint = sdk_hint
        self.status = ProgramStatus()
        self._child = ChildProcess()
        self._addresses: IO[str] | None = None
        self.connected_at = 0.0
        """When :meth:`connect` let the program run: its timeout counts from here."""

    @property
    def pid(self) -> int | None:
        return self._child.pid

    def start(self) -> None:
        """Starts the child, which imports its SDK and then waits for :meth:`connect`."""
        status_read, status_write = os.pipe()
        addresses_read, addresses_write = os.pipe()
        try:
            process = self._child.spawn(
                self._command(status_write, addresses_read),
                cwd=self._cwd,
                env=self._env,
                pass_fds=(status_write, addresses_read),
            )
        except OSError as exc:
            os.close(status_read)
            os.close(addresses_write)
            raise PreviewError(f"could not start the program with {self.interpreter}: {exc}") from None
        finally:
            os.close(status_write)
            os.close(addresses_read)
        self._addresses = os.fdopen(addresses_write, "w", encoding="utf-8")
        assert process.stdout is not None and process.stderr is not None
        self._child.drain(process.stdout, lambda raw: self._line("stdout", raw))
        self._child.drain(process.stderr, lambda raw: self._line("stderr", raw))
        self._child.in_thread(self._read_status, os.fdopen(status_read, "rb"))

    def connect(self, monitor_address: str, engine_address: str) -> None:
        """Gives the started program the addresses of the monitor and engine it registers with."""
        assert self._addresses is not None
        addresses, self._addresses = self._addresses, None
        try:
            with addresses:
                addresses.write(f"{monitor_address} {engine_address}\n")
        except BrokenPipeError:
            pass  # it has already ended; wait() reports how
        self.connected_at = time.monotonic()

    def _line(self, stream: str, raw: bytes) -> None:
        self.output.add(stream, raw.decode("utf-8", "replace").rstrip("\r\n"))

    def _read_status(self, pipe: IO[bytes]) -> None:
        with pipe:
            for raw in iter(pipe.readline, b""):
                try:
                    event = json.loads(raw)
                except ValueError:
                    continue
                kind = event.get("event")
                if kind == "start":
                    self.status.started = event
                elif kind == "done":
                    self.status.done = True
                elif kind == "exit":
                    self.status.exit = event
                elif kind in ("error", "no-sdk"):
                    self.status.error = event

    def wait(self, timeout: float, stop: threading.Event | None = None) -> None:
        """Waits for the program; raises :class:`PreviewError` unless it completed its stack.

        ``stop``: set by the preview when the run has already failed (the monitor refused a
        registration, a pack failed): the program is then ended at once.
        """
        process = self._child.process
        assert process is not None
        deadline = self.connected_at + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.terminate()
                raise PreviewError(
                    f"the program did not finish within {timeout:g} s (RETAIL_AI_PROGRAM_TIMEOUT); it was stopped"
                )
            try:
                process.wait(timeout=min(remaining, 0.2))
                break
            except subprocess.TimeoutExpired:
                if stop is not None and stop.is_set():
                    self.terminate()
                    return
        self._child.join(timeout=5)
        self._judge(process.returncode)

    def _judge(self, returncode: int) -> None:
        status = self.status
        if status.error is not None:
            error = status.error
            if error.get("event") == "no-sdk":
                raise PreviewError(
                    f"the Pulumi SDK is not installed for {error.get('interpreter')}: {error.get('message')} "
                    f"({self._sdk_hint})"
                )
            where = _where(error)
            message = str(error.get("message") or "").strip()
            if error.get("type") == "RunError":
                raise PreviewError(f"the program failed{where}: {message}")
            raise PreviewError(f"the program raised {error.get('type')}{where}: {message}")
        if status.exit is not None:
            ended = status.exit
            code = ended.get("code")
            detail = f": {ended['message']}" if ended.get("message") else ""
            how = f"called {ended['call']}({code})" if ended.get("call") else f"ended with code {code}"
            raise PreviewError(
                f"the program {how}{_where(ended)} before its stack completed{detail}; "
                "what it registered cannot be judged"
            )
        if not status.done:
            if returncode < 0:
                cause = f"was killed by signal {-returncode}"
            else:
                cause = f"exited with code {returncode}"
            tail = self.output.tail()
            raise PreviewError(
                f"the program {cause} before its stack completed" + (f": {tail}" if tail else "")
            )
        if returncode != 0:
            raise PreviewError(f"the program exited with code {returncode} after its stack completed")

    def terminate(self) -> None:
        if self._addresses is not None:
            with contextlib.suppress(OSError):
                self._addresses.close()
            self._addresses = None
        self._child.terminate()


def _where(event: dict[str, Any]) -> str:
    """`` at <file>:<line>``: where in the program's own code an event happened, when it says."""
    return f" at {event['file']}:{event['line']}" if event.get("file") else ""
