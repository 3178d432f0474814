"""The preview's child processes (the program, each policy pack), supervised one way.

Each child runs in its own session, so it and everything it starts form one process group; the group is
registered while it lives, so a signal to the preview ends every child at once (:func:`kill_all_children`);
its pipes are drained by threads, so a chatty child never blocks on a full pipe; and it is always ended as a
group (SIGTERM, then SIGKILL), whoever started what inside it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

_LIVE_GROUPS: set[int] = set()
"""Process groups of the children this process started and has not reaped (programs and packs)."""


def kill_all_children() -> None:
    """From a signal handler: SIGKILL every child group now (cleanup code reaps them later)."""
    for pid in list(_LIVE_GROUPS):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)


class ChildProcess:
    """One supervised child. ``spawn()`` starts it; ``drain()``/``in_thread()`` read its pipes;
    ``terminate()`` ends its group and is always safe; ``join()`` waits for the reading threads."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        self._threads: list[threading.Thread] = []

    def spawn(
        self,
        args: Sequence[str],
        *,
        cwd: Path,
        env: Mapping[str, str],
        pass_fds: Sequence[int] = (),
    ) -> subprocess.Popen[bytes]:
        """Starts the child in its own session with stdout and stderr piped (raises OSError)."""
        self.process = subprocess.Popen(
            list(args),
            cwd=cwd,
            env=dict(env),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            pass_fds=tuple(pass_fds),
            start_new_session=True,
        )
        _LIVE_GROUPS.add(self.process.pid)
        return self.process

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def in_thread(self, target: Callable[..., None], *args: Any) -> None:
        """Runs ``target(*args)`` on a daemon thread that :meth:`join` waits for."""
        thread = threading.Thread(target=target, args=args, daemon=True)
        thread.start()
        self._threads.append(thread)

    def drain(self, pipe: IO[bytes], on_line: Callable[[bytes], None]) -> None:
        """Reads ``pipe`` to its end on a thread, each line (with its newline) to ``on_line``."""

        def read() -> None:
            with pipe:
                for raw in iter(pipe.readline, b""):
                    on_line(raw)

        self.in_thread(read)

    def join(self, timeout: float) -> None:
        for thread in self._threads:
            thread.join(timeout=timeout)
        self._threads.clear()

    def terminate(self, grace: float = 3.0) -> None:
        """Ends the child and everything it started: SIGTERM to its group, then SIGKILL."""
        process = self.process
        if process is None:
            return
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
