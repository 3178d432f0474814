"""The reference stacks are what companies copy: they use the library's public API only, and that API
resolves name by name."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import retail_ai_components

STACKS = Path(__file__).resolve().parents[2] / "stacks"


def _library_imports(path: Path) -> list[str]:
    """Every ``retail_ai_components`` module ``path`` imports, with the line it does it on."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module]
        elif isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        else:
            continue
        found += [f"{m} (line {node.lineno})" for m in modules if m.split(".")[0] == "retail_ai_components"]
    return found


def test_the_reference_stacks_import_no_private_module_of_the_library() -> None:
    sources = sorted(STACKS.rglob("*.py"))
    assert {p.name for p in sources} >= {"__main__.py", "reference_config.py", "ci_runner.py"}
    private = {
        f"{path.relative_to(STACKS)}: {module}"
        for path in sources
        for module in _library_imports(path)
        if any(part.startswith("_") for part in module.split(" ")[0].split("."))
    }
    assert not private


@pytest.mark.parametrize("name", retail_ai_components.__all__)
def test_every_exported_name_resolves(name: str) -> None:
    assert getattr(retail_ai_components, name) is not None
    assert name in dir(retail_ai_components)
