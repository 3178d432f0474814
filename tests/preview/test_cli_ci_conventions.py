"""`retail-ai preview` where CI runs it: a workflow step started in a subfolder of the repository, reports on
stdout, exemptions carried in SARIF and JUnit, the Pulumi CLI's short flags, the GitHub job summary."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from contextlib import contextmanager
from pathlib import Path

import jsonschema
import pytest
import xmlschema
from cli_harness import OPEN_SSH, OUR_PACK, SSH_RULE, run

pytestmark = pytest.mark.slow  # each test runs the preview in subprocesses

DATA = Path(__file__).resolve().parent / "data"
SSH_POLICY = "retail-ai-policies/ecs-security-group-no-internet-ingress"


def assert_valid_sarif(document: dict[str, object]) -> None:
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]
    assert errors == []


def test_a_step_in_a_subfolder_of_the_repository_annotates_the_diff_and_writes_the_job_summary(tmp_path):
    repo = tmp_path / "shop"
    (repo / ".git").mkdir(parents=True)
    shutil.copytree(OPEN_SSH, repo / "infra")
    start = repo / "infra" / "components"  # no Pulumi.yaml here: the one above is the project
    start.mkdir()
    summary = tmp_path / "step-summary.md"
    summary.write_text("## an earlier step\n")
    done = run(
        "preview",
        "--policy-pack",
        str(OUR_PACK),
        "--sarif",
        "-",
        cwd=start,
        env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)},
    )
    assert done.returncode == 1, done.stderr

    sarif = json.loads(done.stdout)  # stdout is the SARIF log and nothing else
    assert_valid_sarif(sarif)
    [ssh] = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == SSH_POLICY]
    assert ssh["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "infra/__main__.py",
        "uriBaseId": "%SRCROOT%",
    }
    errors = [line for line in done.stderr.splitlines() if line.startswith("::error ")]
    assert any(e.startswith("::error file=infra/__main__.py,line=") for e in errors), errors
    assert "the nearest Pulumi.yaml above" in done.stderr
    report = [line for line in done.stderr.splitlines() if not line.startswith("::")]
    assert any(SSH_RULE in line for line in report)  # the text report

    text = summary.read_text()
    assert text.startswith("## an earlier step\n### retail-ai preview: FAIL, open-ssh / dev\n")  # appended
    assert "**Failing policies:** retail-ai-policies/ecs-security-group-no-internet-ingress" in text
    assert "| ecs-security-group-no-internet-ingress | ssh-from-anywhere (" in text
    assert "| infra/\\_\\_main\\_\\_.py:" in text


def test_short_flags_junit_on_stdout_and_exemptions_carried_in_both_reports(tmp_path):
    project = tmp_path / "open-ssh"
    shutil.copytree(OPEN_SSH, project)
    config = tmp_path / "exemptions.json"
    config.write_text(
        json.dumps(
            {
                "ecs-security-group-no-internet-ingress": {
                    "exemptions": [{"resource": "ssh-from-*", "reason": "jump host, SEC-123"}]
                }
            }
        )
    )
    sarif_path = tmp_path / "reports" / "preview.sarif"
    done = run(
        "preview",
        "-C",
        str(project),
        "-s",
        "dev",
        "--policy-pack-config",
        str(config),
        "--junit-xml",
        "-",
        "--sarif",
        str(sarif_path),
    )
    assert done.returncode == 0, done.stderr

    xmlschema.XMLSchema(str(DATA / "junit-10.xsd")).validate(done.stdout)
    junit = ET.fromstring(done.stdout)
    [skipped] = [
        case.find("skipped")
        for case in junit.iter("testcase")
        if case.get("classname") == SSH_POLICY.replace("/", ".") and case.find("skipped") is not None
    ]
    assert skipped is not None and "jump host, SEC-123" in skipped.get("message", "")
    assert "open-ssh/__main__.py:" in (skipped.text or "")

    sarif = json.loads(sarif_path.read_text(encoding="utf-8"))
    assert_valid_sarif(sarif)
    [exempt] = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == SSH_POLICY]
    assert exempt["kind"] == "notApplicable" and exempt["level"] == "none"
    [suppression] = exempt["suppressions"]
    assert suppression["kind"] == "external" and suppression["status"] == "accepted"
    assert "jump host, SEC-123" in suppression["justification"]
    assert exempt["properties"]["urn"] == SSH_RULE


class RecordingLine:
    """Stands in for the progress line: what the run tells it, and the count it would show at each step."""

    def __init__(self) -> None:
        self.events: list[tuple[str, int]] = []
        self.count = lambda: -1

    def start(self, count, *, ticking: bool = True) -> None:
        self.count = count
        self.events.append(("start", count()))

    def stage(self, text: str) -> None:
        self.events.append((text, self.count()))

    def stop(self) -> None:
        self.events.append(("stop", self.count()))

    @contextmanager
    def paused(self):
        yield


def test_the_run_counts_registrations_for_the_progress_line_from_the_program_start_to_the_verdict():
    from retail_ai_components.preview.packs import resolve_packs
    from retail_ai_components.preview.runner import run_preview

    specs, _ = resolve_packs(OPEN_SSH, [str(OUR_PACK)], [])
    line = RecordingLine()
    result = run_preview(OPEN_SSH, stack="dev", packs=specs, progress=lambda _: None, live=line)
    registered = len(result.run.resources)
    assert registered > 1
    assert line.events == [
        ("start", 0),
        ("Judging the stack with the policy packs", registered),
        ("stop", registered),
    ]
