"""The program host: runs the Pulumi program in its own interpreter, in its own process group.

As the CLI's Python language host does, the program runs in the project's virtualenv (Pulumi.yaml
``runtime.options.virtualenv``; the tool's own interpreter when there is none, said so), started
with the monitor and engine addresses, project, stack and config, its working directory the
program folder. The child runs ``_program_main.py`` (standard library and ``pulumi`` only).

Everything the program prints is captured (drained by threads, so a chatty program never blocks)
and kept as the program's output; it never reaches the preview's own stdout. The run is judged
only when the child says its stack completed; any other end (early ``sys.exit``, a crash, an
exception, the time limit ``RETAIL_AI_PROGRAM_TIMEOUT``) is a :class:`PreviewError`.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from .errors import PreviewError

BOOTSTRAP = Path(__file__).with_name("_program_main.py")
DEFAULT_PROGRAM_TIMEOUT = 600.0
MAX_OUTPUT_LINES = 10_000
"""Program output kept for the report; beyond it only a count, so the preview's memory stays small."""

OutputSink = Callable[[str, str], None]


def program_timeout() -> float:
    """Seconds the program may run; ``RETAIL_AI_PROGRAM_TIMEOUT`` overrides the default 600."""
    value = os.environ.get("RETAIL_AI_PROGRAM_TIMEOUT", "")
    try:
        seconds = float(value) if value else DEFAULT_PROGRAM_TIMEOUT
    except ValueError:
        raise PreviewError(f"RETAIL_AI_PROGRAM_TIMEOUT={value!r} is not a number of seconds") from None
    if seconds <= 0:
        raise PreviewError(f"RETAIL_AI_PROGRAM_TIMEOUT={value!r} must be a positive number of seconds")
    return seconds


def interpreter(virtualenv: Path | None) -> tuple[str, str]:
    """The Python the program runs with, and a sentence saying which and why."""
    if virtualenv is not None:
        for candidate in (virtualenv / "bin" / "python", virtualenv / "Scripts" / "python.exe"):
            if candidate.exists():
                return str(candidate), f"The program ran with the project's virtualenv: {candidate}."
        return sys.executable, (
            f"The project's virtualenv {virtualenv} does not exist (run `pulumi install`); the program ran "
            f"with the preview's own Python {sys.executable} instead."
        )
    return sys.executable, (
        f"Pulumi.yaml names no virtualenv; the program ran with the preview's own Python {sys.executable}."
    )


_LIVE_GROUPS: set[int] = set()
"""Process groups of the children this process started and has not reaped (programs and packs)."""


def track_group(process: subprocess.Popen[Any]) -> None:
    """Remembers a child started with ``start_new_session=True``, so a signal can end it at once."""
    _LIVE_GROUPS.add(process.pid)


def kill_all_children() -> None:
    """From a signal handler: SIGKILL every child group now (cleanup code reaps them later)."""
    for pid in list(_LIVE_GROUPS):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)


def terminate_group(process: subprocess.Popen[Any], grace: float = 3.0) -> None:
    """Ends a child started in its own session and everything it started: SIGTERM, then SIGKILL."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=grace)
    # The leader may be gone while children it started still run in its group.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    if process.poll() is None:
        process.wait()
    _LIVE_GROUPS.discard(process.pid)


@dataclass
class ProgramOutput:
    """What the program printed and logged, in order: (stream, line); streams are ``stdout``,
    ``stderr`` and, for ``pulumi.log`` messages, ``info``/``warning``/``error``."""

    lines: list[tuple[str, str]] = field(default_factory=list)
    dropped: int = 0
    sink: OutputSink | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, stream: str, line: str) -> None:
        with self._lock:
            if len(self.lines) < MAX_OUTPUT_LINES:
                self.lines.append((stream, line))
            else:
                self.dropped += 1
        if self.sink is not None:
            self.sink(stream, line)

    def tail(self, count: int = 5) -> str:
        with self._lock:
            return "\n".join(line for stream, line in self.lines[-count:] if stream in ("stderr", "error"))


@dataclass
class ProgramStatus:
    started: dict[str, Any] | None = None
    done: bool = False
    exit: dict[str, Any] | None = None
    error: dict[str, Any] | None = None


class ProgramProcess:
    """One run of the program. ``start()``, then ``wait()``; ``terminate()`` is always safe."""

    def __init__(
        self,
        *,
        python: str,
        program_dir: Path,
        root_directory: Path,
        project: str,
        stack: str,
        organization: str,
        config: Mapping[str, str],
        secret_keys: list[str],
        output: ProgramOutput,
    ) -> None:
        self.python = python
        self.program_dir = program_dir
        self.output = output
        self.status = ProgramStatus()
        parallel = 4 * (os.cpu_count() or 1)  # the CLI's default --parallel
        self._args = [
            python,
            "-u",
            str(BOOTSTRAP),
            "--project",
            project,
            "--root_directory",
            str(root_directory),
            "--stack",
            stack,
            "--pwd",
            str(program_dir),
            "--dry_run",
            "true",
            "--parallel",
            str(parallel),
            "--organization",
            organization,
        ]
        self._env = {
            **os.environ,
            "PULUMI_CONFIG": json.dumps(dict(config)),
            "PULUMI_CONFIG_SECRET_KEYS": json.dumps(list(secret_keys)),
        }
        # The tool's own environment must not leak into the project's interpreter.
        for key in ("PYTHONHOME", "__PYVENV_LAUNCHER__"):
            self._env.pop(key, None)
        self.process: subprocess.Popen[bytes] | None = None
        self._threads: list[threading.Thread] = []
        self._addresses: IO[str] | None = None
        self.connected_at = 0.0
        """When :meth:`connect` let the program run: its timeout counts from here."""

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def start(self) -> None:
        """Starts the interpreter, which imports its SDK and then waits for :meth:`connect`."""
        status_read, status_write = os.pipe()
        addresses_read, addresses_write = os.pipe()
        try:
            self.process = subprocess.Popen(
                [*self._args, "--status-fd", str(status_write), "--addresses-fd", str(addresses_read), "."],
                cwd=self.program_dir,
                env=self._env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                pass_fds=(status_write, addresses_read),
                start_new_session=True,
            )
        except OSError as exc:
            os.close(status_read)
            os.close(addresses_write)
            raise PreviewError(f"could not start the program with {self.python}: {exc}") from None
        finally:
            os.close(status_write)
            os.close(addresses_read)
        track_group(self.process)
        self._addresses = os.fdopen(addresses_write, "w", encoding="utf-8")
        assert self.process.stdout is not None and self.process.stderr is not None
        status_file = os.fdopen(status_read, "rb")
        for target, args in (
            (self._drain, (self.process.stdout, "stdout")),
            (self._drain, (self.process.stderr, "stderr")),
            (self._read_status, (status_file,)),
        ):
            thread = threading.Thread(target=target, args=args, daemon=True)
            thread.start()
            self._threads.append(thread)

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

    def _drain(self, pipe: IO[bytes], stream: str) -> None:
        with pipe:
            for raw in iter(pipe.readline, b""):
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
        assert self.process is not None
        deadline = self.connected_at + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.terminate()
                raise PreviewError(
                    f"the program did not finish within {timeout:g} s (RETAIL_AI_PROGRAM_TIMEOUT); it was stopped"
                )
            try:
                self.process.wait(timeout=min(remaining, 0.2))
                break
            except subprocess.TimeoutExpired:
                if stop is not None and stop.is_set():
                    self.terminate()
                    return
        for thread in self._threads:
            thread.join(timeout=5)
        self._judge(self.process.returncode)

    def _judge(self, returncode: int) -> None:
        status = self.status
        if status.error is not None:
            error = status.error
            if error.get("event") == "no-sdk":
                raise PreviewError(
                    f"the Pulumi SDK is not installed for {error.get('python')}: {error.get('message')} "
                    "(install the project's requirements into its virtualenv)"
                )
            where = f" at {error['file']}:{error['line']}" if error.get("file") else ""
            message = str(error.get("message") or "").strip()
            if error.get("type") == "RunError":
                raise PreviewError(f"the program failed{where}: {message}")
            raise PreviewError(f"the program raised {error.get('type')}{where}: {message}")
        if status.exit is not None:
            code = status.exit.get("code")
            detail = f": {status.exit['message']}" if status.exit.get("message") else ""
            raise PreviewError(
                f"the program called sys.exit({code}) before its stack completed{detail}; "
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
        if self.process is not None:
            terminate_group(self.process)
