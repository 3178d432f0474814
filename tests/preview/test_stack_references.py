"""`pulumi.StackReference` answered offline, end to end through `retail-ai preview`: from the referenced
stack's own offline preview, from the --data-sources file, or not at all (exit 2 naming the stack)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from cli_harness import FIXTURES as PREVIEW_FIXTURES
from cli_harness import preview

pytestmark = pytest.mark.slow  # each test runs the preview (and the referenced stack's) in subprocesses

FIXTURES = PREVIEW_FIXTURES / "stack_references"
REFERENCE = "organization/sr-network/dev"


def preview_without_pack(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return preview("--cwd", str(cwd), "--policy-pack", "none", "--json", *args)


def report(done: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    assert done.returncode == 0, done.stderr
    doc: dict[str, Any] = json.loads(done.stdout)
    return doc


def app_alone(tmp_path: Path) -> Path:
    """The upper layer copied where no project of the lower layer's name exists (a repository of its own)."""
    (tmp_path / ".git").mkdir()
    app = tmp_path / "app"
    shutil.copytree(FIXTURES / "app", app, ignore=shutil.ignore_patterns("__pycache__"))
    return app


def the_switch(doc: dict[str, Any]) -> dict[str, Any]:
    [switch] = [r for r in doc["resources"] if r["type"] == "alicloud:vpc/switch:Switch"]
    return switch


@pytest.fixture(scope="module")
def from_offline_preview() -> dict[str, Any]:
    return report(preview_without_pack(FIXTURES / "app"))


def test_the_referenced_stacks_offline_outputs_reach_the_program(from_offline_preview):
    switch = the_switch(from_offline_preview)
    # The network stack's placeholder ID for its VPC, and a value the program derived from an output.
    assert switch["inputs"]["vpcId"] == "placeholder-vpc-network-vpc"
    assert switch["inputs"]["cidrBlock"] == "10.0.1.0/24"
    [reference] = [
        r for r in from_offline_preview["resources"] if r["type"] == "pulumi:pulumi:StackReference"
    ]
    assert reference["id"] == REFERENCE
    assert reference["urn"] in switch["dependencies"]


def test_an_output_unknown_offline_stays_marked_and_a_secret_stays_secret(from_offline_preview):
    outputs = from_offline_preview["outputs"]
    assert outputs["routerId"] == "placeholder-unknown-output-routerId"
    assert outputs["adminPassword"] == "[secret]"


def test_the_notes_say_which_preview_answered_the_reference(from_offline_preview):
    [note] = [n for n in from_offline_preview["notes"] if n.startswith(f"StackReference {REFERENCE}:")]
    assert "answered from the offline preview of project 'sr-network', stack 'dev' (../network)" in note
    assert "secret, shown as [secret]: adminPassword" in note
    assert "placeholder-unknown-output-<path>: routerId" in note
    # Answered, so not listed among the reads whose properties stay unknown.
    assert not [n for n in from_offline_preview["notes"] if n.startswith("Read (Resource.get)")]


def test_the_data_sources_file_answers_a_reference_and_is_named(tmp_path):
    app = app_alone(tmp_path)
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "pulumi:pulumi:StackReference:\n"
        f"  {REFERENCE}:\n"
        "    outputs: {vpcId: vpc-bp1existing, cidrBlock: 172.16.0.0/16, routerId: vrt-1, adminPassword: '[secret]'}\n"
    )
    done = preview_without_pack(app, "--data-sources", str(answers))
    doc = report(done)
    switch = the_switch(doc)
    assert switch["inputs"]["vpcId"] == "vpc-bp1existing"
    assert switch["inputs"]["cidrBlock"] == "172.16.1.0/24"
    assert doc["outputs"] == {"routerId": "vrt-1", "adminPassword": "[secret]"}
    [note] = [n for n in doc["notes"] if n.startswith(f"StackReference {REFERENCE}:")]
    assert f"answered from {answers} (pulumi:pulumi:StackReference)" in note
    assert "StackReference: previewing" not in done.stderr


def test_a_reference_nothing_can_answer_is_exit_2_naming_the_stack_and_the_file_entry(tmp_path):
    done = preview_without_pack(app_alone(tmp_path))
    assert done.returncode == 2
    error = json.loads(done.stdout)["error"]
    assert error.startswith(f"StackReference {REFERENCE}: no Pulumi project named 'sr-network'")
    assert f"pulumi:pulumi:StackReference:\n    {REFERENCE}:\n      outputs:" in error
    assert "Traceback" not in done.stderr


def test_a_referenced_project_without_that_stack_is_exit_2(tmp_path):
    shutil.copytree(FIXTURES, tmp_path / "layers", ignore=shutil.ignore_patterns("__pycache__"))
    app = tmp_path / "layers" / "app"
    shutil.copy(app / "Pulumi.dev.yaml", app / "Pulumi.qa.yaml")
    done = preview_without_pack(app, "--stack", "qa")
    assert done.returncode == 2
    assert "StackReference organization/sr-network/qa: project 'sr-network'" in done.stderr
    assert "has no stack 'qa' (no Pulumi.qa.yaml)" in done.stderr


def test_a_referenced_program_that_fails_is_exit_2_naming_both(tmp_path):
    shutil.copytree(FIXTURES, tmp_path / "layers", ignore=shutil.ignore_patterns("__pycache__"))
    network = tmp_path / "layers" / "network" / "__main__.py"
    network.write_text(network.read_text() + "\nraise RuntimeError('the lower layer is broken')\n")
    done = preview_without_pack(tmp_path / "layers" / "app")
    assert done.returncode == 2
    assert (
        "StackReference organization/sr-network/dev: the offline preview of project 'sr-network'"
        in done.stderr
    )
    assert "the lower layer is broken" in done.stderr
