"""The supervisor between the preview and each of its children (the program, a policy pack), on Linux.

Started by path with ``python -I -S supervise.py WATCHDOG_FD CLOSE_FDS -- COMMAND...`` (standard library only,
no site: it costs the run a few milliseconds), it

* makes itself a child subreaper (``PR_SET_CHILD_SUBREAPER``), so whatever the command starts stays its
  descendant even after ``setsid`` and a double fork: a daemon is reparented here, not to init;
* runs the command (which inherits everything but the watchdog);
* when the command ends, kills every descendant it left behind, then exits as the command did (its code, or
  the same signal), so its parent sees the command's own end;
* when the watchdog pipe ends (the preview closed it to stop the child, or the preview itself died, even by
  SIGKILL: only the preview holds the other end), kills the command and every descendant, then exits.

SIGTERM/SIGINT/SIGHUP sent to its process group reach the command too; the supervisor itself outlives them
to clean up after it.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import select
import signal
import sys

PR_SET_CHILD_SUBREAPER = 36


def _parent_pids() -> dict[int, int]:
    """pid -> parent pid of every process in the process table."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):
            continue  # it ended while we read
        parents[int(entry)] = int(fields[1])
    return parents


def descendants(root: int) -> list[int]:
    """Every process below ``root`` in the process table."""
    children: dict[int, list[int]] = {}
    for pid, parent in _parent_pids().items():
        children.setdefault(parent, []).append(pid)
    found: list[int] = []
    pending = list(children.get(root, []))
    while pending:
        pid = pending.pop()
        found.append(pid)
        pending.extend(children.get(pid, []))
    return found


def sweep(main: int, status: int | None) -> int | None:
    """SIGKILLs every descendant until none is left, reaping each; returns the main child's wait status."""
    while True:
        try:
            pid, wait_status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return status  # no child, so no descendant: every orphan below is reparented here
        if pid == main:
            status = wait_status
        if pid != 0:
            continue
        for pid in descendants(os.getpid()):
            with contextlib.suppress(OSError):  # it ended meanwhile
                os.kill(pid, signal.SIGKILL)
        try:
            pid, wait_status = os.waitpid(-1, 0)
        except ChildProcessError:
            return status
        if pid == main:
            status = wait_status


def _exit_as(status: int | None) -> None:
    """Ends this process as the command ended: its exit code, or killed by its signal (SIGKILL when unknown)."""
    if status is not None and os.WIFEXITED(status):
        os._exit(os.WEXITSTATUS(status))
    number = os.WTERMSIG(status) if status is not None and os.WIFSIGNALED(status) else signal.SIGKILL
    if number != signal.SIGKILL:
        signal.signal(number, signal.SIG_DFL)
        os.kill(os.getpid(), number)
    os.kill(os.getpid(), signal.SIGKILL)


def main(argv: list[str]) -> None:
    watchdog = int(argv[0])
    to_close = [int(fd) for fd in argv[1].split(",") if fd]
    command = argv[3:]
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        os.execvp(command[0], command)  # no subreaper here: the command runs unsupervised
    os.set_inheritable(watchdog, False)
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_write, False)
    signal.set_wakeup_fd(wake_write)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    for number in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        # The command gets these from its group; this process stays to sweep what it leaves.
        signal.signal(number, lambda *_: None)
    child = os.fork()
    if child == 0:
        for number in (signal.SIGCHLD, signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(number, signal.SIG_DFL)
        try:
            os.execvp(command[0], command)
        except OSError as exc:
            os.write(2, f"could not start {command[0]}: {exc}\n".encode())
            os._exit(127)
    for fd in to_close:
        os.close(fd)  # the command's pipes: their other ends must see it end when it ends
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    status: int | None = None
    while status is None:
        readable, _, _ = select.select([watchdog, wake_read], [], [])
        if watchdog in readable and not os.read(watchdog, 512):
            break  # the preview stopped this child, or died
        if wake_read in readable:
            os.read(wake_read, 512)
        while True:
            try:
                pid, wait_status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            if pid == child:
                status = wait_status
    _exit_as(sweep(child, status))


if __name__ == "__main__":
    main(sys.argv[1:])
