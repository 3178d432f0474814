"""Verdict integrity: a verdict that rests on a made-up value says so in every output; a pass never silently."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from cli_harness import FIXTURES, preview_json

pytestmark = pytest.mark.slow  # each test runs the preview in subprocesses

PROJECT = FIXTURES / "placeholder_verdicts"
SSH = "urn:pulumi:dev::placeholder-verdicts::alicloud:ecs/securityGroupRule:SecurityGroupRule::ssh"
INTRANET = "urn:pulumi:dev::placeholder-verdicts::alicloud:ecs/securityGroupRule:SecurityGroupRule::intranet"
SOURCE = {"input": "securityGroupId", "source": "alicloud.ecs.get_security_groups(...).groups[0].id"}


def test_a_violation_and_a_pass_on_a_placeholder_say_so_in_every_output(tmp_path: Path) -> None:
    sarif, junit = tmp_path / "out.sarif", tmp_path / "out.xml"
    code, doc, _ = preview_json("--cwd", str(PROJECT), "--sarif", str(sarif), "--junit-xml", str(junit))
    assert code == 1
    [violation] = [v for v in doc["violations"] if v["urn"] == SSH]
    assert violation["placeholders"] == [SOURCE]
    assert violation["message"].endswith(
        "(judged on placeholder values: securityGroupId from alicloud.ecs.get_security_groups(...).groups[0].id)"
    )
    resources = {r["urn"]: r for r in doc["resources"]}
    # The compliant rule rests on the same made-up group: its resource and a note say so.
    assert resources[INTRANET]["placeholders"] == [SOURCE]
    assert any(
        n.startswith(f"Judged on placeholder values: {INTRANET}: securityGroupId") for n in doc["notes"]
    )
    [result] = json.loads(sarif.read_text())["runs"][0]["results"]
    assert result["properties"]["placeholders"] == [SOURCE]
    assert "judged on placeholder values" in result["message"]["text"]
    [failure] = ET.parse(junit).getroot().iter("failure")
    assert "judged on placeholder values: securityGroupId" in (failure.text or "")


def test_supplied_answers_leave_no_verdict_resting_on_a_placeholder() -> None:
    code, doc, _ = preview_json("--cwd", str(PROJECT), "--data-sources", str(PROJECT / "answers.yaml"))
    assert code == 1
    assert [v["urn"] for v in doc["violations"] if v["enforcementLevel"] == "mandatory"] == [SSH]
    assert not [v for v in doc["violations"] if "placeholders" in v or "placeholder values" in v["message"]]
    assert not [r for r in doc["resources"] if "placeholders" in r]
    assert not [n for n in doc["notes"] if n.startswith("Judged on placeholder values")]
