"""The preview's child processes (the program, each policy pack), supervised one way.

Each child runs in its own session, so it and everything it starts form one process group; the group is
registered while it lives, so a signal to the preview ends every child at once (:func:`kill_all_children`);
its pipes are drained by threads, so a chatty child never blocks on a full pipe; and it is always ended as a
group (SIGTERM, then SIGKILL), whoever started what inside it.

A process group does not hold what leaves it: a daemon (``setsid``, a double fork) is in no group of ours,
and a SIGKILL of the preview itself runs no cleanup at all. So on Linux each child runs under
:mod:`.supervise`, a subreaper that keeps every descendant of the child its own, kills them all when the
child ends, and kills the child and all of them when its watchdog pipe ends: when the preview closes it, or
when the preview dies, however it dies. Elsewhere (macOS) only the process group is ended, as
:data:`UNSUPERVISED_NOTE` tells the report.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

_LIVE_GROUPS: set[int] = set()
"""Process groups of the children this process started and has not reaped (programs and packs)."""
_WATCHDOGS: dict[int, int] = {}
"""Child pid -> the write end of its supervisor's watchdog pipe (only this process holds it)."""

SUPERVISED = sys.platform.startswith("linux") and Path("/proc/self/stat").exists()
"""Whether children run under the subreaper supervisor (Linux, with /proc)."""
UNSUPERVISED_NOTE = (
    "Process supervision: on this system only each child's process group is ended, so a process the program "
    "or a pack moved out of it (setsid, a daemon) may outlive the preview, as may every child if retail-ai "
    "itself is killed with SIGKILL."
)
_SUPERVISOR = Path(__file__).with_name("supervise.py")
MAX_LINE_BYTES = 64 * 1024
"""A line a child prints is kept up to here: one 100 MB line must not become a 100 MB report."""


def kill_all_children() -> None:
    """From a signal handler: end every child now (cleanup code reaps them later). Closing a watchdog makes
    its supervisor kill the child and all its descendants; the group's SIGKILL would kill the supervisor
    before it could, so it is only for unsupervised children."""
    for pid in list(_LIVE_GROUPS):
        if not _close_watchdog(pid):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)


def _close_watchdog(pid: int) -> bool:
    """Tells the supervisor of child ``pid`` to kill it and all it started; False when it has none."""
    watchdog = _WATCHDOGS.pop(pid, None)
    if watchdog is None:
        return False
    with contextlib.suppress(OSError):
        os.close(watchdog)
    return True


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
        command = list(args)
        watchdog_read = watchdog_write = -1
        if SUPERVISED:
            # The supervisor would start and then fail to run it: a missing command is Popen's error here.
            name = command[0]
            if os.sep in name:
                found = os.access(Path(cwd, name), os.X_OK)  # as the child resolves it, from cwd
            else:
                found = shutil.which(name, path=env.get("PATH", os.defpath)) is not None
            if not found:
                raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), name)
            watchdog_read, watchdog_write = os.pipe()
            fds = ",".join(str(fd) for fd in pass_fds)
            command = [sys.executable, "-I", "-S", str(_SUPERVISOR), str(watchdog_read), fds, "--", *command]
            pass_fds = (*pass_fds, watchdog_read)
        try:
            self.process = subprocess.Popen(
                command,
                cwd=cwd,
                env=dict(env),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                pass_fds=tuple(pass_fds),
                start_new_session=True,
            )
        except BaseException:
            if watchdog_write >= 0:
                os.close(watchdog_write)
            raise
        finally:
            if watchdog_read >= 0:
                os.close(watchdog_read)
        _LIVE_GROUPS.add(self.process.pid)
        if watchdog_write >= 0:
            _WATCHDOGS[self.process.pid] = watchdog_write
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
        """Reads ``pipe`` to its end on a thread, each line (with its newline) to ``on_line``; a line longer
        than :data:`MAX_LINE_BYTES` is cut there, the rest of it read and counted, never held."""

        def read() -> None:
            with pipe:
                for raw in iter(lambda: pipe.readline(MAX_LINE_BYTES), b""):
                    if raw.endswith(b"\n") or len(raw) < MAX_LINE_BYTES:
                        on_line(raw)
                        continue
                    cut = 0
                    for rest in iter(lambda: pipe.readline(MAX_LINE_BYTES), b""):
                        cut += len(rest) - rest.endswith(b"\n")
                        if rest.endswith(b"\n"):
                            break
                    on_line(raw + f" [... {cut:,} more bytes of this line cut]\n".encode())

        self.in_thread(read)

    def join(self, timeout: float) -> None:
        for thread in self._threads:
            thread.join(timeout=timeout)
        self._threads.clear()

    def terminate(self, grace: float = 3.0) -> None:
        """Ends the child and everything it started: SIGTERM to its group, then (after ``grace`` seconds)
        its supervisor kills whatever is left, inside the group or not; SIGKILL to the group last."""
        process = self.process
        if process is None:
            return
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=grace)
        if _close_watchdog(process.pid):
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=grace)
        # The leader may be gone while children it started still run in its group.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        if process.poll() is None:
            process.wait()
        _LIVE_GROUPS.discard(process.pid)
