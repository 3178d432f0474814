"""The offline engine end to end through `retail-ai preview`: the program out of process, its output,
every way it can fail to complete, the project's interpreter, several packs streamed, signals."""

from __future__ import annotations

import glob
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from cli_harness import CLI, FIXTURES, REPO, preview

pytestmark = pytest.mark.slow  # each test runs the preview in subprocesses

ENGINE = FIXTURES / "engine"
OUR_PACK = str(REPO / "policies")


def as_json(done: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    # The whole of stdout must be one JSON document: nothing the program printed may be in it.
    doc: dict[str, Any] = json.loads(done.stdout)
    return doc


def processes_marked(mark: str) -> list[int]:
    """Processes whose environment carries ``mark`` (the CLI's children inherit it)."""
    found = []
    for path in glob.glob("/proc/[0-9]*/environ"):
        try:
            with open(path, "rb") as f:
                if f"RETAIL_AI_TEST_MARK={mark}".encode() in f.read():
                    found.append(int(path.split("/")[2]))
        except OSError:
            continue
    return found


# --------------------------------------------------------------------------- program output


@pytest.fixture(scope="module")
def printing() -> subprocess.CompletedProcess[str]:
    return preview("--cwd", str(ENGINE / "printing"), "--policy-pack", OUR_PACK, "--json")


def test_a_printing_program_leaves_json_stdout_valid(printing):
    assert printing.returncode == 0, printing.stderr
    doc = as_json(printing)
    assert doc["summary"]["mandatory"] == 0
    assert "hello from the program" not in printing.stdout


def test_program_output_is_shown_on_stderr_each_stream_in_order(printing):
    # stdout, stderr and pulumi.log reach us on three channels read side by side, so only the order
    # within one channel is the program's; across channels it is whichever line arrived first.
    lines = [ln for ln in printing.stderr.splitlines() if ln.startswith("program ")]
    by_stream: dict[str, list[str]] = {}
    for line in lines:
        stream, _, text = line.partition(": ")
        by_stream.setdefault(stream, []).append(text)
    assert by_stream == {
        "program stdout": ["hello from the program", '{"summary": "not the report"}'],
        "program stderr": ["a warning on stderr"],
        "program warning": ["a pulumi.log warning"],
    }


def test_exports_reach_the_report_as_outputs(printing):
    assert as_json(printing)["outputs"]["vpc_name"] == "vpc"


# --------------------------------------------------------------------------- never a pass


def test_sys_exit_0_after_an_open_ssh_rule_is_not_judged_not_a_pass():
    done = preview("--cwd", str(ENGINE / "early_exit"), "--policy-pack", OUR_PACK, "--json")
    assert done.returncode == 2
    assert as_json(done) == {
        "error": "the program called sys.exit(0) at __main__.py:17 before its stack completed; "
        "what it registered cannot be judged"
    }


def test_an_exception_names_its_type_message_and_the_programs_own_file_and_line():
    done = preview("--cwd", str(ENGINE / "raising"), "--policy-pack", "none", "--json")
    assert done.returncode == 2
    message = as_json(done)["error"]
    # naming.py line 6 is the raise in the program's own helper, not an SDK frame.
    assert message == "the program raised ValueError at naming.py:6: unknown environment 'staging'"
    assert "Traceback" not in done.stderr


def test_a_hung_program_is_stopped_at_the_timeout_with_everything_it_started(tmp_path):
    mark = f"timeout-{os.getpid()}-{time.monotonic_ns()}"
    started = time.monotonic()
    done = preview(
        "--cwd",
        str(ENGINE / "hang"),
        "--policy-pack",
        OUR_PACK,
        "--json",
        env={"RETAIL_AI_PROGRAM_TIMEOUT": "2", "RETAIL_AI_TEST_MARK": mark},
        timeout=60,
    )
    assert done.returncode == 2
    assert as_json(done)["error"] == (
        "the program did not finish within 2 s (RETAIL_AI_PROGRAM_TIMEOUT); it was stopped"
    )
    assert time.monotonic() - started < 30
    # The program, the sleeper it started, and the pack: all gone.
    assert processes_marked(mark) == []


def test_a_bad_program_timeout_is_refused():
    done = preview("--cwd", str(ENGINE / "printing"), "--json", env={"RETAIL_AI_PROGRAM_TIMEOUT": "soon"})
    assert done.returncode == 2
    assert "RETAIL_AI_PROGRAM_TIMEOUT='soon' is not a number of seconds" in as_json(done)["error"]


def test_a_duplicate_urn_ends_the_run_naming_the_urn():
    done = preview("--cwd", str(ENGINE / "duplicate"), "--policy-pack", "none", "--json")
    assert done.returncode == 2
    assert as_json(done)["error"].startswith(
        "Duplicate resource URN 'urn:pulumi:dev::duplicate::alicloud:vpc/network:Network::shared'"
    )


def test_sigterm_mid_run_leaves_no_process_behind():
    mark = f"sigterm-{os.getpid()}-{time.monotonic_ns()}"
    cli = subprocess.Popen(
        [CLI, "preview", "--cwd", str(ENGINE / "hang"), "--policy-pack", OUR_PACK, "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env={**os.environ, "RETAIL_AI_TEST_MARK": mark},
    )
    try:
        deadline = time.monotonic() + 60
        # The CLI, the pack, the program and the program's own child: wait until all four run.
        while len(processes_marked(mark)) < 4 and time.monotonic() < deadline:
            time.sleep(0.2)
        children = [pid for pid in processes_marked(mark) if pid != cli.pid]
        assert len(children) >= 3
        cli.send_signal(signal.SIGTERM)
        out, _err = cli.communicate(timeout=30)
    finally:
        if cli.poll() is None:
            cli.kill()
    assert cli.returncode == 2
    assert json.loads(out)["error"].startswith("interrupted by SIGTERM")
    time.sleep(0.2)
    assert processes_marked(mark) == []


def test_a_setup_error_after_the_program_started_is_exit_2_and_leaves_no_process_behind(tmp_path):
    # The program's interpreter starts before the data sources file is read (it imports its SDK
    # meanwhile); a bad file must still end the run with its own error, and the program with it.
    mark = f"setup-{os.getpid()}-{time.monotonic_ns()}"
    bad = tmp_path / "answers.yaml"
    bad.write_text("alicloud:index/getZones:getZones: [unclosed\n")
    done = preview(
        "--cwd",
        str(ENGINE / "printing"),
        "--policy-pack",
        OUR_PACK,
        "--data-sources",
        str(bad),
        "--json",
        env={"RETAIL_AI_TEST_MARK": mark},
    )
    assert done.returncode == 2
    assert as_json(done)["error"].startswith(f"{bad} is not valid YAML")
    assert "Running" not in done.stderr
    deadline = time.monotonic() + 10
    while processes_marked(mark) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert processes_marked(mark) == []


# --------------------------------------------------------------------------- the project's interpreter


def test_a_virtualenv_without_the_pulumi_sdk_is_exit_2_saying_what_to_install(tmp_path):
    # The program's interpreter starts before the preview's services exist and finds no SDK to import:
    # the run must end with that cause, not hang waiting for it or blame the monitor.
    project = tmp_path / "project"
    shutil.copytree(ENGINE / "venv_project", project)
    venv = project / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    done = preview("--cwd", str(project), "--policy-pack", OUR_PACK, "--json", timeout=60)
    assert done.returncode == 2
    error = as_json(done)["error"]
    assert error.startswith(f"the Pulumi SDK is not installed for {venv / 'bin' / 'python'}: ")
    assert "install the project's requirements into its virtualenv" in error


def test_the_programs_own_virtualenv_runs_it(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ENGINE / "venv_project", project)
    venv = project / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    # The project's environment gets pulumi and pulumi_alicloud the way a company's would have them
    # installed: here by pointing it at the tool's own site-packages.
    purelib = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    import sysconfig

    Path(purelib, "tool.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    done = preview("--cwd", str(project), "--policy-pack", "none", "--json")
    assert done.returncode == 0, done.stderr
    doc = as_json(done)
    assert doc["outputs"]["prefix"] == str(venv)
    assert doc["outputs"]["executable"] == str(venv / "bin" / "python")
    assert f"The program ran with the project's virtualenv: {venv / 'bin' / 'python'}." in doc["notes"]
    assert "program stdout: prefix=" + str(venv) in done.stderr


def test_without_a_virtualenv_the_tools_python_runs_it_and_says_so(printing):
    message = (
        f"Pulumi.yaml names no virtualenv; the program ran with the preview's own Python {sys.executable}."
    )
    assert message in as_json(printing)["notes"]
    assert message in printing.stderr


def test_a_missing_virtualenv_falls_back_to_the_tools_python_and_says_why(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ENGINE / "venv_project", project)
    done = preview("--cwd", str(project), "--policy-pack", "none", "--json")
    assert done.returncode == 0, done.stderr
    doc = as_json(done)
    assert doc["outputs"]["executable"] == sys.executable
    assert any(
        note.startswith(f"The project's virtualenv {project / 'venv'} does not exist")
        for note in doc["notes"]
    )


# --------------------------------------------------------------------------- several packs, streamed


@pytest.fixture(scope="module")
def three_packs() -> subprocess.CompletedProcess[str]:
    return preview(
        "--cwd",
        str(ENGINE / "printing"),
        "--policy-pack",
        OUR_PACK,
        "--policy-pack",
        str(ENGINE / "remediate_pack"),
        "--policy-pack",
        str(FIXTURES / "company_pack"),
        "--json",
    )


def test_every_pack_judges_the_run_under_its_own_name(three_packs):
    assert three_packs.returncode == 1, three_packs.stderr
    doc = as_json(three_packs)
    vpc = "urn:pulumi:dev::printing::alicloud:vpc/network:Network::vpc"
    by_pack = {(v["policyPack"], v["policy"], v["enforcementLevel"], v["urn"]) for v in doc["violations"]}
    assert ("company-tagging", "vpc-cost-center-tag", "mandatory", vpc) in by_pack
    assert ("owner-tags", "vpc-owner-tag", "remediate", vpc) in by_pack
    assert not [v for v in doc["violations"] if v["policyPack"] == "retail-ai-policies"]


def test_a_remediation_replaces_the_inputs_before_the_program_and_the_other_packs_see_them(three_packs):
    doc = as_json(three_packs)
    vpc = next(r for r in doc["resources"] if r["name"] == "vpc")
    assert vpc["inputs"]["tags"] == {"Owner": "platform"}
    # The program got the remediated inputs back, as from the engine (outputs echo what was created).
    assert doc["outputs"]["vpc_tags"] == {"Owner": "platform"}


# --------------------------------------------------------------------------- the SDK's features


@pytest.fixture(scope="module")
def sdk_features() -> dict[str, Any]:
    done = preview("--cwd", str(ENGINE / "sdk_features"), "--policy-pack", "none", "--json")
    assert done.returncode == 0, done.stderr
    return as_json(done)


def test_urns_carry_the_whole_parent_type_chain(sdk_features):
    urns = {r["name"]: r["urn"] for r in sdk_features["resources"]}
    assert urns["core-inner-vpc"] == (
        "urn:pulumi:dev::sdk-features::acme:index:Outer$acme:index:Inner$alicloud:vpc/network:Network::core-inner-vpc"
    )
    assert urns["edge-vpc"] == "urn:pulumi:dev::sdk-features::alicloud:vpc/network:Network::edge-vpc"


def test_stack_and_resource_transforms_run_before_recording(sdk_features):
    resources = {r["name"]: r for r in sdk_features["resources"]}
    inner = resources["core-inner-vpc"]["inputs"]
    assert inner["cidrBlock"] == "10.9.0.0/24"  # its own transform
    assert inner["tags"] == {"ManagedBy": "pulumi"}  # the stack transform
    assert resources["edge-vpc"]["inputs"]["tags"] == {"ManagedBy": "pulumi"}
    assert sdk_features["outputs"]["inner_vpc_cidr"] == "10.9.0.0/24"


def test_protect_is_inherited_from_the_parent(sdk_features):
    resources = {r["name"]: r for r in sdk_features["resources"]}
    assert resources["core-inner-vpc"]["protect"] is True
    assert resources["edge-vpc"]["protect"] is False


def test_a_read_resource_is_recorded_and_named_in_the_notes(sdk_features):
    shared = next(r for r in sdk_features["resources"] if r["name"] == "shared-vpc")
    assert shared["id"] == "vpc-0123456789"
    assert any(
        note.startswith("Read (Resource.get)") and shared["urn"] in note for note in sdk_features["notes"]
    )


def test_default_provider_comes_from_stack_config(sdk_features):
    provider = next(r for r in sdk_features["resources"] if r["type"] == "pulumi:providers:alicloud")
    assert provider["name"] == "default_4_0_0"
    assert provider["inputs"] == {"region": "cn-hangzhou", "version": "4.0.0"}


# --------------------------------------------------------------------------- the reference stacks


# Advisory: GpuTraining's RRSA trust policy, unknown during preview (both stacks), and the dev stack's relaxation
# (its cluster's deletion protection off: the resilience policy and, from the cluster's relaxation tag, the
# relaxation policy).
@pytest.mark.parametrize(("stack", "advisory"), [("prod", 1), ("dev", 3)])
def test_reference_stacks_preview_clean_out_of_process(stack, advisory):
    done = preview("--stack", stack, "--json")
    assert done.returncode == 0, done.stderr
    doc = as_json(done)
    assert doc["summary"]["mandatory"] == 0
    assert doc["summary"]["advisory"] == advisory
    urns = {r["urn"] for r in doc["resources"]}
    # More faithful than under mocks: a component inside a component keeps both types in its children's URNs.
    assert (
        f"urn:pulumi:{stack}::retail-ai-platform::retailai:index:GpuTraining$retailai:index:SecureBucket"
        f"$alicloud:oss/bucket:Bucket::retail-{stack}-training-checkpoints-bucket"
    ) in urns
