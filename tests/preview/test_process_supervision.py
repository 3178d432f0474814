"""Nothing a preview starts outlives it: daemons (setsid and a double fork) of the program and of a pack's
grandchild, and every child when ``retail-ai`` itself is killed with SIGKILL. The children write their
PIDs to a file; the test polls the process table for them."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_harness import CLI

from retail_ai_components.preview import processes

pytestmark = [
    pytest.mark.slow,  # each test runs the preview in subprocesses
    pytest.mark.skipif(not processes.SUPERVISED, reason="the subreaper supervisor is Linux-only"),
]

# Starts a daemon the classic way (fork, setsid, fork again, the middle process exits); it and the caller
# write their PIDs.
DAEMON = """
import os, time

def record(pids):
    with open(pids, "a") as f:
        f.write(f"{os.getpid()}\\n")

def start_a_daemon(pids):
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            record(pids)
            time.sleep(600)
        os._exit(0)
    os.wait()
    record(pids)

start_a_daemon(os.environ["PIDS_FILE"])
"""

PROGRAM = (
    DAEMON
    + """
import pulumi_alicloud as alicloud
alicloud.vpc.Network("vpc", cidr_block="10.0.0.0/16")
if os.environ.get("HANG"):
    time.sleep(600)
"""
)

PACK = (
    DAEMON
    + """
from pulumi_policy import EnforcementLevel, PolicyPack, ResourceValidationPolicy
PolicyPack(
    name="daemon-pack",
    enforcement_level=EnforcementLevel.ADVISORY,
    policies=[ResourceValidationPolicy(name="nothing", description="Judges nothing.", validate=lambda a, r: None)],
)
"""
)

DEADLINE = 60.0
"""Seconds the polls below wait at most, on a loaded machine; they return as soon as the event happens."""


def _project(root: Path) -> Path:
    root.mkdir()
    (root / "Pulumi.yaml").write_text("name: daemons\nruntime: python\n")
    (root / "Pulumi.dev.yaml").write_text("config:\n  alicloud:region: cn-hangzhou\n")
    (root / "__main__.py").write_text(PROGRAM)
    pack = root / "policies"
    pack.mkdir()
    (pack / "PulumiPolicy.yaml").write_text("runtime: python\nversion: 0.0.1\n")
    (pack / "__main__.py").write_text(PACK)
    return root


def _pids(path: Path) -> list[int]:
    return [int(line) for line in path.read_text().split()] if path.exists() else []


def _running(pid: int) -> bool:
    """Whether ``pid`` is a process that still runs (a zombie runs nothing)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _poll(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + DEADLINE
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


def _start(project: Path, pids: Path, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [CLI, "preview", "--cwd", str(project)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PIDS_FILE": str(pids), **env},
    )


def test_daemons_of_the_program_and_of_a_pack_end_with_the_preview(tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    preview = _start(_project(tmp_path / "project"), pids)
    _, err = preview.communicate(timeout=240)
    assert preview.returncode == 0, err
    started = _pids(pids)
    assert len(started) == 4  # the program, its daemon, the pack, its daemon
    _poll(lambda: not any(_running(pid) for pid in started), f"still running: {started}")


def test_sigkill_of_retail_ai_ends_the_program_the_pack_and_their_daemons(tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    preview = _start(_project(tmp_path / "project"), pids, HANG="1")
    try:
        _poll(lambda: len(_pids(pids)) == 4, "the program and the pack did not start")
        started = _pids(pids)
        assert all(_running(pid) for pid in started)
        preview.send_signal(signal.SIGKILL)
        preview.communicate(timeout=60)
        _poll(lambda: not any(_running(pid) for pid in started), f"still running: {started}")
    finally:
        if preview.poll() is None:
            preview.kill()
        for pid in _pids(pids):  # a failed test must not leave them either
            if _running(pid):
                os.kill(pid, signal.SIGKILL)


def test_the_supervisor_exits_as_the_command_did(tmp_path: Path) -> None:
    """Its parent sees the command's own end: the exit code, or the signal that killed it."""
    for command, returncode in (["exit 3"], 3), (["kill -TERM $$"], -signal.SIGTERM):
        child = processes.ChildProcess()
        process = child.spawn(["/bin/sh", "-c", *command], cwd=tmp_path, env=os.environ)
        process.communicate(timeout=60)
        assert process.returncode == returncode
        child.terminate()
