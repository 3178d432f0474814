"""The CI workflows in docs/ci/ run commands this CLI accepts, and upload the files those commands write."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from retail_ai_components.preview.cli import _parser

REPO = Path(__file__).resolve().parents[2]
GITHUB = REPO / "docs" / "ci" / "github-actions.yml"
GITLAB = REPO / "docs" / "ci" / "gitlab-ci.yml"


def preview_args(script: str, variables: dict[str, str]) -> list[str]:
    """The arguments of the `retail-ai preview` command in a workflow script, variables substituted."""
    command = script[script.index("retail-ai preview") :]
    for name, value in variables.items():
        for form in (f"${{{{ {name} }}}}", f'"${name}"', f"${name}"):
            command = command.replace(form, value)
    return shlex.split(command)[1:]


def github_steps() -> list[dict[str, Any]]:
    doc = yaml.safe_load(GITHUB.read_text())
    (job,) = doc["jobs"].values()
    return list(job["steps"])


def test_github_workflow_runs_a_preview_the_cli_accepts_and_uploads_what_it_writes():
    steps = github_steps()
    run = next(s["run"] for s in steps if "retail-ai preview" in s.get("run", ""))
    args = _parser().parse_args(preview_args(run, {"matrix.stack": "prod", "PULUMI_PROJECT_DIR": "infra"}))
    assert (args.command, args.stack, str(args.cwd)) == ("preview", "prod", "infra")
    assert str(args.sarif) == "retail-ai-prod.sarif" and str(args.junit_xml) == "retail-ai-prod.xml"
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif"))
    assert upload["with"]["sarif_file"].replace("${{ matrix.stack }}", "prod") == str(args.sarif)
    assert upload["if"] == "${{ !cancelled() }}"  # the SARIF of a failing run is the one that matters
    doc = yaml.safe_load(GITHUB.read_text())
    assert doc["permissions"]["security-events"] == "write"


def test_gitlab_job_runs_a_preview_the_cli_accepts_and_reports_its_junit():
    doc = yaml.safe_load(GITLAB.read_text())
    job = doc["retail-ai-preview"]
    script = "\n".join(job["script"])
    args = _parser().parse_args(preview_args(script, {"STACK": "dev", "PULUMI_PROJECT_DIR": "infra"}))
    assert (args.stack, str(args.junit_xml)) == ("dev", "retail-ai-dev.xml")
    assert job["artifacts"]["reports"]["junit"].replace("$STACK", "dev") == str(args.junit_xml)
    assert job["artifacts"]["when"] == "always"


@pytest.mark.parametrize("path", [GITHUB, GITLAB])
def test_workflows_install_the_library_as_the_readme_says_not_from_pypi_by_name(path):
    text = path.read_text()
    requirement = re.search(r'RETAIL_AI_REQUIREMENT: "([^"]+)"', text)
    assert requirement is not None
    assert requirement.group(1).startswith("retail-ai-components @ git+https://")
    assert "not on PyPI" in text
