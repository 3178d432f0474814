"""The Python program host: runs the program in its own interpreter, as the CLI's Python language host does.

The program runs in the project's virtualenv (Pulumi.yaml ``runtime.options.virtualenv``, or the one uv
would use; the tool's own interpreter when there is none, said so), started with the monitor and engine
addresses, project, stack and config, its working directory the program folder. The child runs
:mod:`.python_exec` (standard library and ``pulumi`` only), which speaks the start protocol of
:mod:`.program_process`.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import PreviewError
from .output import ProgramOutput
from .program_process import ProgramProcess

if TYPE_CHECKING:
    from ..project import Project
    from . import ProgramSpec

EXEC = Path(__file__).with_name("python_exec.py")


def _upstream_guard() -> str:
    """The file of the one guard on upstream patches, which the exec script loads by path."""
    spec = importlib.util.find_spec("retail_ai_policies.upstream_guard")
    return spec.origin if spec is not None and spec.origin else ""


def _find_up(start: Path, name: str) -> Path | None:
    for folder in (start, *start.parents):
        if (folder / name).exists():
            return folder
    return None


def virtualenv(root: Path, program_dir: Path, options: Mapping[str, Any]) -> Path | None:
    """The environment the CLI's Python language host would run the program in (its toolchain rules);
    None: its own Python."""
    given = options.get("virtualenv")
    toolchain = str(options.get("toolchain") or "auto")
    if isinstance(given, str) and given:
        return (root / given).resolve()
    uv_lock = _find_up(program_dir, "uv.lock")
    if toolchain == "uv" or (toolchain == "auto" and uv_lock is not None):
        # uv's default: UV_PROJECT_ENVIRONMENT or .venv beside uv.lock, else pyproject.toml, else the program
        base = uv_lock or _find_up(program_dir, "pyproject.toml") or program_dir
        env = os.environ.get("UV_PROJECT_ENVIRONMENT")
        return (base / env).resolve() if env else (base / ".venv").resolve()
    return None


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


class PythonRuntime:
    """``runtime: python``."""

    name = "python"
    language = "Python"

    def check_program(self, project_file: Path, program_dir: Path) -> None:
        if not (program_dir / "__main__.py").is_file():
            raise PreviewError(f"{project_file}: the program folder {program_dir} has no __main__.py")

    def host(self, project: Project, spec: ProgramSpec) -> ProgramProcess:
        python, note = interpreter(virtualenv(project.root, project.program_dir, project.runtime_options))
        parallel = 4 * (os.cpu_count() or 1)  # the CLI's default --parallel
        args = [
            python,
            "-u",
            str(EXEC),
            "--project",
            spec.project,
            "--root_directory",
            str(project.root),
            "--stack",
            spec.stack,
            "--pwd",
            str(project.program_dir),
            "--dry_run",
            "true",
            "--parallel",
            str(parallel),
            "--organization",
            spec.organization,
            "--upstream-guard",
            _upstream_guard(),
        ]
        env = {
            **os.environ,
            "PULUMI_CONFIG": json.dumps(dict(spec.config)),
            "PULUMI_CONFIG_SECRET_KEYS": json.dumps(list(spec.secret_keys)),
        }
        # The tool's own environment must not leak into the project's interpreter.
        for key in ("PYTHONHOME", "__PYVENV_LAUNCHER__"):
            env.pop(key, None)
        return ProgramProcess(
            command=lambda status, addresses: [
                *args,
                "--status-fd",
                str(status),
                "--addresses-fd",
                str(addresses),
                ".",
            ],
            cwd=project.program_dir,
            env=env,
            output=ProgramOutput(),
            interpreter=python,
            note=note,
            sdk_hint="install the project's requirements into its virtualenv",
        )
