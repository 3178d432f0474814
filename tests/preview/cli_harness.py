"""The one way the preview's tests run `retail-ai`: the installed command in a subprocess (as CI runs it), from
the repository root unless told otherwise, without the CI variables that change its output (GitHub annotations
and job summary, the workspace, colour) unless a test sets them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CLI = str(Path(sys.executable).with_name("retail-ai"))
OUR_PACK = REPO / "policies"
OPEN_SSH = FIXTURES / "open_ssh"
COMPANY = FIXTURES / "company_pack"
SSH_RULE = "urn:pulumi:dev::open-ssh::alicloud:ecs/securityGroupRule:SecurityGroupRule::ssh-from-anywhere"

_OUTPUT_VARIABLES = ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "GITHUB_WORKSPACE", "NO_COLOR", "FORCE_COLOR")


def run(
    *args: str, cwd: Path = REPO, env: dict[str, str] | None = None, timeout: float = 240
) -> subprocess.CompletedProcess[str]:
    """``retail-ai <args>``; ``env`` is added to this process's environment."""
    environ = {k: v for k, v in os.environ.items() if k not in _OUTPUT_VARIABLES}
    return subprocess.run(
        [CLI, *args], capture_output=True, text=True, timeout=timeout, cwd=cwd, env={**environ, **(env or {})}
    )


def preview(
    *args: str, cwd: Path = REPO, env: dict[str, str] | None = None, timeout: float = 240
) -> subprocess.CompletedProcess[str]:
    return run("preview", *args, cwd=cwd, env=env, timeout=timeout)


def preview_json(
    *args: str, cwd: Path = REPO, env: dict[str, str] | None = None, timeout: float = 240
) -> tuple[int, dict[str, Any], str]:
    """``retail-ai preview <args> --json``: the exit code, the one JSON document on stdout, and stderr."""
    done = preview(*args, "--json", cwd=cwd, env=env, timeout=timeout)
    assert done.stdout.strip(), done.stderr
    doc: dict[str, Any] = json.loads(done.stdout)
    return done.returncode, doc, done.stderr
