"""A broken program (the SDK's own examples have hundreds) stops the run naming its own error, file and line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

CLI = str(Path(sys.executable).with_name("retail-ai"))


def preview(project: Path) -> tuple[int, dict[str, str], str]:
    done = subprocess.run(
        [CLI, "preview", "--cwd", str(project), "--policy-pack", "none", "--json"],
        capture_output=True,
        text=True,
        timeout=180,
    )
    return done.returncode, json.loads(done.stdout), done.stderr


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # what the provider's docs converter leaves behind: a literal Python cannot read ...
        (
            "import pulumi\nsize = 20GB\n",
            "the program raised SyntaxError at __main__.py:2: invalid decimal literal",
        ),
        # ... a name it never defined ...
        ("import pulumi\npulumi.export('x', output)\n", "the program raised NameError at __main__.py:2:"),
        # ... and a resource pulumi-random does not have.
        (
            "import pulumi_random as random\nrandom.Integer('n', min=1, max=2)\n",
            "the program raised AttributeError at __main__.py:2: module 'pulumi_random' has no attribute 'Integer'",
        ),
    ],
)
def test_a_broken_program_is_exit_2_naming_its_error_file_and_line(tmp_path, source, expected):
    (tmp_path / "Pulumi.yaml").write_text("name: broken\nruntime: python\n")
    (tmp_path / "Pulumi.dev.yaml").write_text("config:\n  alicloud:region: cn-hangzhou\n")
    (tmp_path / "__main__.py").write_text(source)
    code, doc, stderr = preview(tmp_path)
    assert code == 2
    assert doc["error"].startswith(expected)
    assert "Traceback" not in stderr
