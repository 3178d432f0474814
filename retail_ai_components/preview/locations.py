"""Where the CI reports say a file is: relative to the repository's root, as a pull request's diff names it.

GitHub places an annotation or a code-scanning result on the diff only by a repository-relative path, and
GitLab and Jenkins link test cases the same way; a path relative to where the tool happened to start (a
workflow step with ``working-directory: infra`` gives ``__main__.py``) names no file of the repository.

The root is the git work tree that holds the project: the nearest folder at or above it with a ``.git``
entry (a folder in a clone, a file in a worktree or a submodule). Without one, under GitHub Actions, the
runner's ``GITHUB_WORKSPACE`` (the checkout action falls back to a download with no ``.git`` when git is
missing; the runner makes absolute paths relative to it too); else the folder the tool started in. A file
outside the root keeps its absolute path.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path


def repository_root(project_root: Path, environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    start = project_root.resolve()
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    workspace = env.get("GITHUB_WORKSPACE", "") if env.get("GITHUB_ACTIONS") == "true" else ""
    if workspace:
        return Path(workspace).resolve()
    return Path.cwd().resolve()


def relative_to_root(path: str | Path, root: Path) -> str | None:
    """``path`` relative to ``root`` with ``/`` separators, or ``None`` when it lies outside."""
    try:
        return Path(path).resolve().relative_to(root).as_posix()
    except ValueError:
        return None


def display_path(path: str | Path, root: Path) -> str:
    """Repository-relative when inside ``root``, else absolute: what an annotation or a test report names."""
    return relative_to_root(path, root) or str(Path(path).resolve())


def finding_place(source: tuple[str, int] | None, program_file: Path | None, root: Path) -> str:
    """``path:line`` of the program line that registered a finding's resource, else the program's file."""
    if source is not None:
        return f"{display_path(source[0], root)}:{max(1, source[1])}"
    return display_path(program_file, root) if program_file is not None else ""
