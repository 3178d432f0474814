"""Custom timeouts as the engine reads them: Go durations in seconds for the packs, a bad one refused."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from cli_harness import preview

from retail_ai_components.preview.timeouts import go_duration_seconds

PROGRAM = """
import pulumi, pulumi_alicloud as alicloud
alicloud.vpc.Network(
    "vpc", vpc_name="vpc", cidr_block="10.0.0.0/16",
    opts=pulumi.ResourceOptions(custom_timeouts=pulumi.CustomTimeouts(create={create!r})),
)
"""


@pytest.mark.parametrize(
    "text,seconds",
    [("16m", 960.0), ("1h30m", 5400.0), ("90s", 90.0), ("1.5h", 5400.0), ("250ms", 0.25), ("0", 0.0)],
)
def test_go_durations(text: str, seconds: float) -> None:
    assert go_duration_seconds(text) == pytest.approx(seconds)


@pytest.mark.parametrize("text", ["10 minutes", "10", "m", "1h 30m", "1d", ""])
def test_what_time_parse_duration_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        go_duration_seconds(text)


def _preview(tmp_path: Path, create: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "Pulumi.yaml").write_text("name: timeouts\nruntime: python\n")
    (tmp_path / "Pulumi.dev.yaml").write_text("config:\n  alicloud:region: cn-hangzhou\n")
    (tmp_path / "__main__.py").write_text(PROGRAM.format(create=create))
    return preview("--cwd", str(tmp_path), "--stack", "dev", "--json", "--policy-pack", "none")


@pytest.mark.slow
def test_a_timeout_the_engine_cannot_parse_is_exit_2_naming_the_resource(tmp_path: Path) -> None:
    done = _preview(tmp_path, "10 minutes")
    assert done.returncode == 2
    assert json.loads(done.stdout) == {
        "error": "alicloud:vpc/network:Network 'vpc': unable to parse customTimeout Value 10 minutes"
    }


@pytest.mark.slow
def test_a_valid_timeout_previews(tmp_path: Path) -> None:
    assert _preview(tmp_path, "1h30m").returncode == 0
