"""The typed API a user's stack is checked against: plain strings are accepted wherever an enum is, and the
examples in the README and docs pass `mypy --strict` as written."""

from __future__ import annotations

import enum
import importlib
import pkgutil
import re
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

import pytest
from mypy import api as mypy_api

import retail_ai_components

REPO = Path(__file__).resolve().parents[2]


def _string_enums() -> list[tuple[str, type[enum.Enum], Any]]:
    found = []
    for module_info in pkgutil.iter_modules(retail_ai_components.__path__):
        module = importlib.import_module(f"retail_ai_components.{module_info.name}")
        for name, value in vars(module).items():
            is_string_enum = (
                isinstance(value, type) and issubclass(value, enum.Enum) and issubclass(value, str)
            )
            if is_string_enum and value.__module__ == module.__name__:
                found.append((f"{module.__name__}.{name}", value, getattr(module, f"{name}Name", None)))
    return found


STRING_ENUMS = _string_enums()


def test_every_string_enum_of_the_args_has_its_literal_twin() -> None:
    assert len(STRING_ENUMS) >= 10


@pytest.mark.parametrize("where,enum_type,literal", STRING_ENUMS, ids=[e[0] for e in STRING_ENUMS])
def test_literal_lists_exactly_the_enum_values(where: str, enum_type: type[enum.Enum], literal: Any) -> None:
    assert literal is not None, f"{where} has no {enum_type.__name__}Name Literal for plain-string args"
    assert get_origin(literal) is Literal
    assert sorted(get_args(literal)) == sorted(member.value for member in enum_type)


def _examples() -> list[tuple[str, str]]:
    blocks = []
    for doc in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]:
        text = doc.read_text(encoding="utf-8")
        for match in re.finditer(r"^```python\n(.*?)^```", text, re.M | re.S):
            line = text.count("\n", 0, match.start()) + 1
            blocks.append((f"{doc.relative_to(REPO)}:{line}", match.group(1)))
    return blocks


EXAMPLES = _examples()


def test_the_readme_has_examples_to_check() -> None:
    assert any(where.startswith("README.md") for where, _ in EXAMPLES)


def test_documented_examples_and_the_minimal_example_pass_strict_type_checking(tmp_path: Path) -> None:
    files = []
    for index, (where, code) in enumerate(EXAMPLES):
        # A fragment that only shows a constructor gets the import a user would write.
        if "import" not in code:
            code = "from retail_ai_components import *  # noqa: F403\n" + code
        path = tmp_path / f"example_{index}.py"
        path.write_text(f"# {where}\n{code}", encoding="utf-8")
        files.append(str(path))
    files.append(str(REPO / "examples" / "minimal" / "__main__.py"))
    stdout, stderr, status = mypy_api.run(
        [
            "--config-file",
            str(REPO / "pyproject.toml"),
            # The cache `make typecheck` has just written, so only the examples are checked afresh.
            "--cache-dir",
            str(REPO / ".mypy_cache"),
            *files,
        ]
    )
    assert status == 0, stdout + stderr
