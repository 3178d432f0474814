"""What CI reads from `retail-ai preview`: SARIF, JUnit, GitHub annotations, JSON errors, and a text report a
person can read in a CI log (violations first, nothing wrapped, nothing a program can inject)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from cli_harness import COMPANY, FIXTURES, OPEN_SSH, REPO, SSH_RULE, run

pytestmark = pytest.mark.slow  # each test runs the preview in subprocesses

SARIF_SCHEMA = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"
SECRETS = ("Offline-Preview-Secret", "hunter2-from-code")


def sarif_validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


# --------------------------------------------------------------------------- SARIF and JUnit of one run


@pytest.fixture(scope="module")
def ci_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("ci")
    done = run(
        "preview",
        "--cwd",
        str(OPEN_SSH),
        "--policy-pack",
        str(REPO / "policies"),
        "--policy-pack",
        str(COMPANY),
        "--json",
        "--sarif",
        str(out / "preview.sarif"),
        "--junit-xml",
        str(out / "junit.xml"),
        env={"GITHUB_ACTIONS": "true"},
    )
    return {
        "done": done,
        "doc": json.loads(done.stdout),
        "sarif": json.loads((out / "preview.sarif").read_text(encoding="utf-8")),
        "junit": ET.parse(out / "junit.xml").getroot(),
    }


def test_sarif_is_valid_against_the_official_2_1_0_schema(ci_run):
    errors = sorted(sarif_validator().iter_errors(ci_run["sarif"]), key=lambda e: list(e.absolute_path))
    assert errors == [], [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]
    assert ci_run["sarif"]["version"] == "2.1.0"


def test_sarif_has_one_result_per_violation_at_the_right_level(ci_run):
    run_ = ci_run["sarif"]["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    results = run_["results"]
    assert len(results) == len(ci_run["doc"]["violations"])
    levels = {"mandatory": "error", "advisory": "warning", "remediate": "note"}
    for result, violation in zip(
        sorted(results, key=lambda r: (r["properties"]["urn"], r["ruleId"])),
        sorted(ci_run["doc"]["violations"], key=lambda v: (v["urn"], f"{v['policyPack']}/{v['policy']}")),
        strict=True,
    ):
        assert result["ruleId"] == f"{violation['policyPack']}/{violation['policy']}"
        assert result["level"] == levels[violation["enforcementLevel"]]
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    ssh = next(
        r for r in results if r["ruleId"] == "retail-ai-policies/ecs-security-group-no-internet-ingress"
    )
    assert ssh["level"] == "error"
    assert ssh["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == SSH_RULE
    assert ssh["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("open_ssh/__main__.py")
    assert "0.0.0.0/0" in ssh["message"]["text"]
    assert run_["automationDetails"]["id"] == "retail-ai-preview/open-ssh/dev/"


def test_sarif_rules_carry_description_and_remediation_once_per_policy(ci_run):
    rules = ci_run["sarif"]["runs"][0]["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids))
    rule = next(r for r in rules if r["id"] == "retail-ai-policies/ecs-security-group-no-internet-ingress")
    assert rule["fullDescription"]["text"].startswith("Checks whether a security group rule admits ingress")
    assert "cidrIp" in rule["help"]["text"]
    assert rule["defaultConfiguration"]["level"] == "error"
    assert "company-tagging/vpc-cost-center-tag" in ids


def test_junit_has_a_suite_per_pack_and_a_failure_per_mandatory_violation(ci_run):
    root = ci_run["junit"]
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert set(suites) == {"retail-ai-policies", "company-tagging"}
    doc = ci_run["doc"]
    for name, suite in suites.items():
        mandatory = [
            v for v in doc["violations"] if v["policyPack"] == name and v["enforcementLevel"] == "mandatory"
        ]
        failures = [c for c in suite.iter("testcase") if c.find("failure") is not None]
        assert int(suite.get("failures")) == len(failures) == len(mandatory)
        assert int(suite.get("tests")) == len(list(suite.iter("testcase")))
    ssh = [
        c
        for c in suites["retail-ai-policies"].iter("testcase")
        if c.get("classname") == "retail-ai-policies.ecs-security-group-no-internet-ingress"
    ]
    assert [c.get("name") for c in ssh] == ["ssh-from-anywhere [mandatory]"]
    assert "fix:" in ssh[0].find("failure").text and SSH_RULE in ssh[0].find("failure").text
    assert int(root.get("failures")) == sum(v["enforcementLevel"] == "mandatory" for v in doc["violations"])


def test_github_annotations_go_to_stderr_and_leave_the_json_alone(ci_run):
    done = ci_run["done"]
    assert done.returncode == 1
    json.loads(done.stdout)  # stdout is still exactly one JSON document
    errors = [line for line in done.stderr.splitlines() if line.startswith("::error ")]
    assert any("ecs-security-group-no-internet-ingress (mandatory)%3A ssh-from-anywhere" in e for e in errors)
    assert any("vpc-cost-center-tag" in e for e in errors)
    assert all("file=" in e and "open_ssh/__main__.py" in e for e in errors)
    assert all("\n" not in e.split("::", 2)[2] for e in errors)


def test_no_annotations_outside_github_actions():
    done = run("preview", "--cwd", str(OPEN_SSH), "--json")
    assert done.returncode == 1
    assert "::error" not in done.stderr and "::error" not in done.stdout


def test_json_violations_carry_the_remediation(ci_run):
    ssh = next(
        v for v in ci_run["doc"]["violations"] if v["policy"] == "ecs-security-group-no-internet-ingress"
    )
    assert ssh["remediation"].startswith("Set cidrIp to the VPC CIDR")


# --------------------------------------------------------------------------- runs that cannot be judged


def test_json_on_exit_2_is_an_error_document(tmp_path):
    done = run(
        "preview",
        "--stack",
        "qa",
        "--json",
        "--sarif",
        str(tmp_path / "s.sarif"),
        "--junit-xml",
        str(tmp_path / "j.xml"),
    )
    assert done.returncode == 2
    assert set(json.loads(done.stdout)) == {"error"}
    assert "no such stack 'qa'" in json.loads(done.stdout)["error"]
    sarif = json.loads((tmp_path / "s.sarif").read_text())
    assert sarif_validator().is_valid(sarif)
    invocation = sarif["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "no such stack 'qa'" in invocation["toolExecutionNotifications"][0]["message"]["text"]
    junit = ET.parse(tmp_path / "j.xml").getroot()
    assert junit.get("errors") == "1" and "no such stack" in junit.find(".//error").get("message")


def test_argument_errors_with_json_are_an_error_document_too():
    done = run("preview", "--no-such-flag", "--json")
    assert done.returncode == 2
    assert "unrecognized arguments: --no-such-flag" in json.loads(done.stdout)["error"]


def test_not_judged_run_is_an_error_annotation_on_github():
    done = run("preview", "--stack", "qa", env={"GITHUB_ACTIONS": "true"})
    assert done.returncode == 2
    assert any(
        line.startswith("::error title=retail-ai preview could not judge")
        for line in done.stderr.splitlines()
    )


# --------------------------------------------------------------------------- the text report


def test_violations_come_first_with_urn_level_message_and_fix():
    done = run("preview", "--cwd", str(OPEN_SSH))
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Violations of retail-ai-policies")
    head = "\n".join(lines[:8])
    assert SSH_RULE in head and "mandatory critical ecs-security-group-no-internet-ingress" in head
    assert "0.0.0.0/0 allows tcp 22/22" in head and "fix: Set cidrIp" in head
    # the policy's description is said once, under "Policies", not in front of every violation
    assert done.stdout.count("Checks whether a security group rule admits ingress") == 1


def test_text_report_is_not_hard_wrapped_when_stdout_is_not_a_terminal():
    done = run("preview", "--cwd", str(OPEN_SSH), env={"COLUMNS": "80"})
    urn_lines = [line for line in done.stdout.splitlines() if SSH_RULE in line]
    assert urn_lines, done.stdout
    assert any(len(line) > 80 for line in done.stdout.splitlines())


def has_colour(text: str) -> bool:
    """Whether any SGR escape in ``text`` sets a foreground or background colour (bold alone is not colour)."""
    for params in re.findall(r"\x1b\[([0-9;]*)m", text):
        codes = [int(p) for p in params.split(";") if p]
        if any(30 <= c <= 48 or 90 <= c <= 107 for c in codes):
            return True
    return False


def test_no_terminal_means_no_escape_sequences_at_all():
    done = run("preview", "--cwd", str(OPEN_SSH))
    assert "\x1b[" not in done.stdout


def test_no_color_wins_over_forced_colour():
    forced = run("preview", "--cwd", str(OPEN_SSH), env={"FORCE_COLOR": "1"})
    assert has_colour(forced.stdout)  # so the NO_COLOR assertion below can fail
    no_color = run("preview", "--cwd", str(OPEN_SSH), env={"NO_COLOR": "1", "FORCE_COLOR": "1"})
    assert not has_colour(no_color.stdout)


def test_hostile_resource_names_are_printed_not_executed(tmp_path):
    hostile = "\x1b[31mred[/bold]"
    done = run(
        "preview",
        "--cwd",
        str(FIXTURES / "hostile_names"),
        "--junit-xml",
        str(tmp_path / "j.xml"),
        env={"FORCE_COLOR": "1", "GITHUB_ACTIONS": "true"},
    )
    assert done.returncode == 1, done.stderr
    assert hostile not in done.stdout and hostile not in done.stderr
    # the name is shown, visibly escaped, markup and all
    assert "\\x1b[31mred[/bold]" in done.stdout
    junit = (tmp_path / "j.xml").read_text()
    assert "\x1b" not in junit and "\\x1b[31mred[/bold]" in junit
    annotation = next(line for line in done.stderr.splitlines() if line.startswith("::error "))
    assert "\x1b" not in annotation


def test_outputs_only_with_show_outputs():
    plain = run("preview", "--cwd", str(FIXTURES / "secrets_program"), "--policy-pack", "none")
    assert "Outputs" not in plain.stdout
    shown = run(
        "preview", "--cwd", str(FIXTURES / "secrets_program"), "--policy-pack", "none", "--show-outputs"
    )
    assert "Outputs" in shown.stdout
    assert "password: [secret]" in shown.stdout and "literal: [secret]" in shown.stdout


def test_secrets_stay_hidden_in_sarif_junit_and_annotations(tmp_path):
    done = run(
        "preview",
        "--cwd",
        str(FIXTURES / "secrets_program"),
        "--policy-pack",
        str(REPO / "policies"),
        "--show-outputs",
        "--sarif",
        str(tmp_path / "s.sarif"),
        "--junit-xml",
        str(tmp_path / "j.xml"),
        env={"GITHUB_ACTIONS": "true"},
    )
    assert done.returncode in (0, 1), done.stderr
    for text in (
        done.stdout,
        done.stderr,
        (tmp_path / "s.sarif").read_text(),
        (tmp_path / "j.xml").read_text(),
    ):
        for secret in SECRETS:
            assert secret not in text


def test_prod_report_shows_the_summary_and_not_every_resource():
    done = run("preview", "--stack", "prod")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[-1].startswith("PASS")
    # a compact tree: components with counts, not one line per resource (prod has 100+)
    assert len(lines) < 60
    assert "retailai:index:Network" in done.stdout


def test_program_output_is_shown_in_the_text_report_and_kept_out_of_the_json():
    printed = "screen cleared? [bold]no[/bold]"
    text = run("preview", "--cwd", str(FIXTURES / "hostile_names"))
    assert text.returncode == 1, text.stderr
    section = text.stdout[text.stdout.index("Program output") :]
    assert f"\\x1b[2J{printed}" in section  # escaped, markup shown as text
    assert "\x1b[2J" not in text.stdout
    as_json = run("preview", "--cwd", str(FIXTURES / "hostile_names"), "--json")
    doc = json.loads(as_json.stdout)
    assert printed not in as_json.stdout
    assert printed in as_json.stderr and "\x1b[2J" not in as_json.stderr
    assert any("The program printed 1 lines" in n for n in doc["notes"])


def test_prod_violations_are_on_the_first_screen():
    # The company pack flags the prod VPC (no CostCenter tag): among 128 resources, the violation must lead.
    done = run(
        "preview", "--stack", "prod", "--policy-pack", str(REPO / "policies"), "--policy-pack", str(COMPANY)
    )
    assert done.returncode == 1, done.stderr
    first_screen = "\n".join(done.stdout.splitlines()[:24])
    assert "Violations of company-tagging" in first_screen
    assert "urn:pulumi:prod::retail-ai-platform::" in first_screen and "vpc-cost-center-tag" in first_screen
    assert "VPC has no CostCenter tag" in first_screen


def test_data_sources_file_and_strict_flag_are_passed_to_the_run():
    fixture = FIXTURES / "data_sources_supplied"
    refused = run("preview", "--cwd", str(fixture), "--policy-pack", "none", "--strict-data-sources")
    assert refused.returncode == 2
    assert "alicloud.vpc.get_networks" in refused.stderr and "--data-sources" in refused.stderr
    answered = run(
        "preview",
        "--cwd",
        str(fixture),
        "--policy-pack",
        "none",
        "--data-sources",
        str(fixture / "data-sources.yaml"),
        "--json",
    )
    assert answered.returncode == 0, answered.stderr
    doc = json.loads(answered.stdout)
    vswitch = next(r for r in doc["resources"] if r["type"] == "alicloud:vpc/switch:Switch")
    assert vswitch["inputs"]["vpcId"] == "vpc-bp1sharedvpc0000000001"
    assert any("data-sources.yaml" in n for n in doc["notes"])
