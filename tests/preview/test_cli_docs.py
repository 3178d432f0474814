"""The CI workflows in docs/ci/ run commands this CLI accepts, and upload the files those commands write."""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from retail_ai_components.preview.cli import _parser

REPO = Path(__file__).resolve().parents[2]
GITHUB = REPO / "docs" / "ci" / "github-actions.yml"
GITLAB = REPO / "docs" / "ci" / "gitlab-ci.yml"
PUSH = REPO / "docs" / "ci" / "registry-push.sh"
GITHUB_TYPESCRIPT = REPO / "docs" / "ci" / "github-actions-typescript.yml"
GITLAB_TYPESCRIPT = REPO / "docs" / "ci" / "gitlab-ci-typescript.yml"


def preview_args(script: str, variables: dict[str, str]) -> list[str]:
    """The arguments of the `retail-ai preview` command in a workflow script, variables substituted."""
    command = script[script.index("retail-ai preview") :]
    for name, value in variables.items():
        for form in (f"${{{{ {name} }}}}", f'"${name}"', f"${name}"):
            command = command.replace(form, value)
    return shlex.split(command)[1:]


def substituted(script: str, variables: dict[str, str]) -> str:
    """A workflow script with its matrix variables substituted."""
    for name, value in variables.items():
        script = script.replace(f"${{{{ {name} }}}}", value)
    return script


GITHUB_MATRIX = {"matrix.stack": "prod", "matrix.layer.name": "apps", "matrix.layer.dir": "stacks/apps"}


def github_jobs() -> dict[str, Any]:
    jobs: dict[str, Any] = yaml.safe_load(GITHUB.read_text())["jobs"]
    return jobs


def test_github_workflow_runs_a_preview_the_cli_accepts_and_uploads_what_it_writes():
    steps = github_jobs()["preview"]["steps"]
    run = next(s["run"] for s in steps if "retail-ai preview" in s.get("run", ""))
    args = _parser().parse_args(preview_args(run, GITHUB_MATRIX))
    assert (args.command, args.stack, str(args.cwd)) == ("preview", "prod", "stacks/apps")
    assert str(args.sarif) == "retail-ai-apps-prod.sarif" and str(args.junit_xml) == "retail-ai-apps-prod.xml"
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif"))
    uploaded = upload["with"]["sarif_file"]
    for name, value in GITHUB_MATRIX.items():
        uploaded = uploaded.replace(f"${{{{ {name} }}}}", value)
    # What is uploaded is the preview's SARIF less the suppressed (exempt) results.
    strip = next(s for s in steps if s.get("run", "").startswith("jq "))
    jq, program, source, redirect, target = shlex.split(substituted(strip["run"], GITHUB_MATRIX))
    assert (jq, redirect, source, target) == ("jq", ">", str(args.sarif), uploaded)
    assert program == ".runs[].results |= map(select(.suppressions == null))"
    assert upload["if"] == "${{ !cancelled() }}"  # the SARIF of a failing run is the one that matters
    assert github_jobs()["preview"]["permissions"]["security-events"] == "write"


def test_gitlab_job_runs_a_preview_the_cli_accepts_and_reports_its_junit():
    doc = yaml.safe_load(GITLAB.read_text())
    job = doc["retail-ai-preview"]
    script = "\n".join(job["script"])
    variables = {"STACK": "dev", "LAYER": "platform", "PULUMI_PROJECT_DIR": "."}
    args = _parser().parse_args(preview_args(script, variables))
    assert (args.stack, str(args.cwd), str(args.junit_xml)) == ("dev", ".", "retail-ai-platform-dev.xml")
    junit = job["artifacts"]["reports"]["junit"].replace("$LAYER", "platform").replace("$STACK", "dev")
    assert junit == str(args.junit_xml)
    assert job["artifacts"]["when"] == "always"


def test_both_templates_gate_both_layers_of_both_stacks():
    # The apps layer is judged as well as the platform: it is what pulls the images.
    layers = github_jobs()["preview"]["strategy"]["matrix"]
    assert layers["stack"] == ["dev", "prod"]
    assert [(layer["name"], layer["dir"]) for layer in layers["layer"]] == [
        ("platform", "."),
        ("apps", "stacks/apps"),
    ]
    matrix = yaml.safe_load(GITLAB.read_text())["retail-ai-preview"]["parallel"]["matrix"]
    assert [(m["LAYER"], m["PULUMI_PROJECT_DIR"], m["STACK"]) for m in matrix] == [
        (["platform"], ["."], ["dev", "prod"]),
        (["apps"], ["stacks/apps"], ["dev", "prod"]),
    ]


def test_images_are_pushed_from_the_runner_inside_the_vpc_after_the_gate_with_the_jobs_oidc_token():
    platform = yaml.safe_load((REPO / "stacks" / "platform" / "Pulumi.prod.yaml").read_text())["config"]
    labels = ["retail-ai-vpc"]  # the ciRunner default the reference stacks keep
    assert "labels" not in platform["retail-ai-platform:ciRunner"]
    push = github_jobs()["push-images"]
    assert push["runs-on"] == ["self-hosted", *labels] and push["needs"] == "preview"
    assert push["permissions"]["id-token"] == "write" and push["environment"] == "${{ matrix.stack }}"
    assert "refs/heads/main" in push["if"]
    assert push["steps"][-1]["run"].rstrip().endswith("bash ci/registry-push.sh")
    gitlab = yaml.safe_load(GITLAB.read_text())["retail-ai-push-images"]
    assert gitlab["tags"] == labels and gitlab["needs"] == ["retail-ai-preview"]
    assert gitlab["id_tokens"]["OIDC_TOKEN"]["aud"] == "sts.aliyuncs.com" and gitlab["script"] == [
        "bash ci/registry-push.sh"
    ]


def test_the_push_script_parses_and_refuses_a_missing_input_before_calling_anything():
    assert subprocess.run(["bash", "-n", str(PUSH)], check=False).returncode == 0
    # Every input is checked before anything is called: a missing one is exit 2 naming it.
    done = subprocess.run(["bash", str(PUSH)], capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"})
    assert done.returncode == 2 and "OIDC_TOKEN is not set" in done.stderr


@pytest.mark.parametrize("path", [GITHUB, GITLAB, GITHUB_TYPESCRIPT, GITLAB_TYPESCRIPT])
def test_workflows_install_the_library_as_the_readme_says_not_from_pypi_by_name(path):
    text = path.read_text()
    requirement = re.search(r'RETAIL_AI_REQUIREMENT: "([^"]+)"', text)
    assert requirement is not None
    assert requirement.group(1).startswith("retail-ai-components @ git+https://")
    assert "not on PyPI" in text


def test_typescript_templates_install_the_programs_packages_then_run_a_preview_the_cli_accepts():
    job = yaml.safe_load(GITHUB_TYPESCRIPT.read_text())["jobs"]["preview"]
    steps = job["steps"]
    install = next(s["run"] for s in steps if "npm ci" in s.get("run", ""))
    assert 'npm ci --prefix "$PROJECT_DIR"' in install  # the program's own node_modules, from its lock file
    run = next(s["run"] for s in steps if "retail-ai preview" in s.get("run", ""))
    args = _parser().parse_args(
        preview_args(run, {"matrix.stack": "prod", "PROJECT_DIR": job["env"]["PROJECT_DIR"]})
    )
    assert (args.stack, str(args.cwd), str(args.sarif)) == ("prod", "infra", "retail-ai-prod.sarif")
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif"))
    assert upload["with"]["sarif_file"].replace("${{ matrix.stack }}", "prod") == str(args.sarif)
    assert steps.index(next(s for s in steps if "npm ci" in s.get("run", ""))) < steps.index(
        next(s for s in steps if "retail-ai preview" in s.get("run", ""))
    )
    gitlab = yaml.safe_load(GITLAB_TYPESCRIPT.read_text())["retail-ai-preview"]
    assert 'npm ci --prefix "$PULUMI_PROJECT_DIR"' in gitlab["before_script"]
    variables = {"STACK": "dev", "PULUMI_PROJECT_DIR": gitlab["variables"]["PULUMI_PROJECT_DIR"]}
    args = _parser().parse_args(preview_args("\n".join(gitlab["script"]), variables))
    assert (args.stack, str(args.cwd), str(args.junit_xml)) == ("dev", "infra", "retail-ai-dev.xml")
    assert gitlab["artifacts"]["reports"]["junit"].replace("$STACK", "dev") == str(args.junit_xml)
