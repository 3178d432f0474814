"""The Node.js programs' tests: each fixture program runs from a copy in a temporary folder whose
``node_modules`` is the one ``make node-fixtures`` installed from ``packages/package-lock.json`` under the
repository's ignored ``.cache/npm-fixtures/`` (pinned @pulumi/pulumi, @pulumi/alicloud, TypeScript)."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

# These tests run the CLI as the preview's own end-to-end tests do, through their one harness.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "preview"))

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
NODE_MODULES = REPO / ".cache" / "npm-fixtures" / "node_modules"

NodeProject = Callable[..., Path]


@pytest.fixture
def node_project(tmp_path: Path) -> NodeProject:
    """``node_project("ecs_proxy_fleet")`` -> a copy of that fixture program (or of the project at a path),
    ready to run; ``files`` adds or replaces files in the copy (``{"index.ts": "..."}``)."""
    if not (NODE_MODULES / "@pulumi" / "pulumi" / "package.json").is_file() or shutil.which("node") is None:
        pytest.skip("the Node.js fixtures are not installed: run `make node-fixtures` (needs node and npm)")

    def make(name: str | Path, files: dict[str, str] | None = None) -> Path:
        source = FIXTURES / name
        project = tmp_path / source.name
        shutil.copytree(source, project, ignore=shutil.ignore_patterns("node_modules"))
        (project / "node_modules").symlink_to(NODE_MODULES, target_is_directory=True)
        for file_name, text in (files or {}).items():
            (project / file_name).write_text(text, encoding="utf-8")
        return project

    return make
