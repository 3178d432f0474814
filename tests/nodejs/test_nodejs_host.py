"""The Node.js program host keeps every promise of the Python one: the program's output never on the JSON
stdout; an exception, an unhandled rejection, a TypeScript error or an early process.exit is exit 2 naming the
program's own file and line (of the .ts source); a project without its SDK says what to install; SIGTERM
leaves no process behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_harness import CLI, OUR_PACK, REPO, preview
from test_engine import processes_marked

NodeProject = Callable[..., Path]

pytestmark = pytest.mark.slow

RULE = """\
import * as pulumi from "@pulumi/pulumi";

const config = new pulumi.Config();
"""


def error_of(project: Path) -> str:
    done = preview("--cwd", str(project), "--policy-pack", "none", "--json")
    assert done.returncode == 2, done.stdout + done.stderr
    error: str = json.loads(done.stdout)["error"]
    return error


def test_a_throw_in_typescript_is_exit_2_naming_the_ts_file_and_line(node_project: NodeProject):
    source = RULE + 'if (!config.get("bucket")) {\n    throw new Error("bucket is not configured");\n}\n'
    project = node_project("minimal", {"index.ts": source})
    assert error_of(project) == "the program raised Error at index.ts:5: bucket is not configured"


def test_an_unhandled_rejection_is_exit_2_naming_where_it_was_thrown(node_project: NodeProject):
    source = (
        RULE
        + 'async function zones(): Promise<string[]> {\n    throw new TypeError("no zones");\n}\nzones();\n'
    )
    project = node_project("minimal", {"index.ts": source})
    assert error_of(project) == "the program raised TypeError at index.ts:5: no zones"


def test_a_typescript_type_error_is_exit_2_naming_the_ts_file_and_line(node_project: NodeProject):
    source = RULE + 'const size: number = config.get("size");\nexport const doubled = size * 2;\n'
    project = node_project("minimal", {"index.ts": source})
    error = error_of(project)
    assert error.startswith("the program raised TSError at index.ts:4: ")
    assert "TS2322" in error


def test_process_exit_before_the_stack_completed_is_not_judged_not_a_pass(node_project: NodeProject):
    source = RULE + 'if (config.get("skip") === undefined) {\n    process.exit(0);\n}\n'
    project = node_project("minimal", {"index.ts": source})
    assert error_of(project) == (
        "the program called process.exit(0) at index.ts:5 before its stack completed; "
        "what it registered cannot be judged"
    )


def test_a_javascript_program_prints_nothing_on_the_json_stdout(node_project: NodeProject):
    project = node_project(
        "minimal",
        {
            "Pulumi.yaml": "name: minimal\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n"
            "main: index.js\n",
            "index.js": 'const pulumi = require("@pulumi/pulumi");\nconsole.log(\'{"summary": "not the report"}\');\n'
            'console.error("a warning on stderr");\npulumi.log.warn("a pulumi.log warning");\n'
            "exports.stack = pulumi.getStack();\n",
        },
    )
    done = preview("--cwd", str(project), "--policy-pack", "none", "--json")
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert doc["outputs"] == {"stack": "dev"}
    assert [r["type"] for r in doc["resources"]] == ["pulumi:pulumi:Stack"]
    shown = [line for line in done.stderr.splitlines() if line.startswith("program ")]
    # Three channels read side by side: only the lines are asserted, not their order across channels.
    assert sorted(shown) == sorted(
        [
            'program stdout: {"summary": "not the report"}',
            "program stderr: a warning on stderr",
            "program warning: a pulumi.log warning",
        ]
    )


def test_a_project_without_its_node_modules_says_what_to_install(node_project: NodeProject):
    project = node_project("minimal")
    (project / "node_modules").unlink()
    error = error_of(project)
    assert error.startswith("the Pulumi SDK is not installed for ")
    assert "Cannot find module '@pulumi/pulumi/cmd/run'" in error
    assert error.endswith(f"(run `npm install` in {project})")


def test_bad_runtime_options_are_one_error_naming_the_file_and_option(node_project: NodeProject):
    project = node_project(
        "minimal",
        {"Pulumi.yaml": "name: minimal\nruntime:\n  name: nodejs\n  options:\n    typescript: maybe\n"},
    )
    assert (
        error_of(project)
        == f"{project / 'Pulumi.yaml'}: runtime.options: typescript option must be a boolean"
    )


def test_sigterm_mid_run_leaves_no_node_process_behind(node_project: NodeProject):
    source = RULE + "new Promise((resolve) => setTimeout(resolve, 600_000));\n"
    project = node_project("minimal", {"index.ts": source})
    mark = f"node-sigterm-{os.getpid()}-{time.monotonic_ns()}"
    cli = subprocess.Popen(
        [CLI, "preview", "--cwd", str(project), "--policy-pack", str(OUR_PACK), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env={**os.environ, "RETAIL_AI_TEST_MARK": mark},
    )
    try:
        # Wait for the event the run reports once node runs the program, then stop it.
        assert cli.stderr is not None
        for line in cli.stderr:
            if line.startswith("Running "):
                break
        assert len([pid for pid in processes_marked(mark) if pid != cli.pid]) >= 2  # node and the pack
        cli.send_signal(signal.SIGTERM)
        out, _err = cli.communicate(timeout=60)
    finally:
        if cli.poll() is None:
            cli.kill()
    assert cli.returncode == 2
    assert json.loads(out)["error"].startswith("interrupted by SIGTERM")
    deadline = time.monotonic() + 10
    while processes_marked(mark) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert processes_marked(mark) == []
