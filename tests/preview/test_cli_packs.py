"""Which packs judge a stack: the bundled pack by default, several packs, per-pack config, the pack folder
for the Pulumi CLI, and the wheel that carries it all."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from cli_harness import COMPANY, OPEN_SSH, REPO, SSH_RULE, preview_json, run

from retail_ai_components._version import __version__
from retail_ai_components.preview.packs import bundled_pack_dir, pack_version

pytestmark = pytest.mark.slow  # each test runs the preview in subprocesses

VPC = "urn:pulumi:dev::open-ssh::alicloud:vpc/network:Network::vpc"


# --------------------------------------------------------------------------- the bundled pack


@pytest.fixture(scope="module")
def bundled() -> tuple[int, dict[str, Any], str]:
    assert not (OPEN_SSH / "policies").exists()
    return preview_json("--cwd", str(OPEN_SSH))


def test_project_without_policies_folder_is_judged_by_the_bundled_pack(bundled):
    # The "gate silently off" bug: a company repo that only pip-installs the library must still be gated.
    code, doc, stderr = bundled
    assert code == 1
    mandatory = [v for v in doc["violations"] if v["enforcementLevel"] == "mandatory"]
    assert [(v["policy"], v["urn"]) for v in mandatory] == [
        ("ecs-security-group-no-internet-ingress", SSH_RULE)
    ]
    assert doc["policyPacks"] == [
        {
            "name": "retail-ai-policies",
            "version": __version__,
            "origin": "bundled",
            "path": str(bundled_pack_dir()),
        }
    ]
    assert "bundled" in stderr and "no policies/ beside Pulumi.yaml" in stderr
    assert any("judged by the pack bundled with retail-ai-components" in n for n in doc["notes"])


def test_bundled_pack_is_named_in_the_text_summary():
    done = run("preview", "--cwd", str(OPEN_SSH))
    assert done.returncode == 1
    summary = done.stdout.strip().splitlines()[-1]
    assert summary.startswith("FAIL")
    assert f"retail-ai-policies {__version__} (bundled)" in summary


def test_policies_folder_beside_pulumi_yaml_wins_over_the_bundled_pack(tmp_path):
    shutil.copytree(OPEN_SSH, tmp_path / "proj")
    shutil.copytree(COMPANY, tmp_path / "proj" / "policies")
    code, doc, _ = preview_json("--cwd", str(tmp_path / "proj"))
    assert code == 1
    assert [p["name"] for p in doc["policyPacks"]] == ["company-tagging"]
    assert doc["policyPacks"][0]["origin"] == "project"
    assert {v["policy"] for v in doc["violations"]} == {"vpc-cost-center-tag"}


def test_pack_with_a_missing_virtualenv_runs_with_the_tools_python_and_says_so(tmp_path):
    pack = tmp_path / "pack"
    shutil.copytree(COMPANY, pack)
    (pack / "PulumiPolicy.yaml").write_text(
        "runtime:\n  name: python\n  options:\n    virtualenv: venv\nversion: 1.0.0\n", encoding="utf-8"
    )
    code, doc, _ = preview_json("--cwd", str(OPEN_SSH), "--policy-pack", str(pack))
    assert code == 1
    assert any("virtualenv" in n and "does not exist" in n and "tool's own Python" in n for n in doc["notes"])


def test_policy_pack_none_runs_nothing_and_says_so():
    code, doc, stderr = preview_json("--cwd", str(OPEN_SSH), "--policy-pack", "none")
    assert code == 0
    assert doc["violations"] == [] and doc["policyPacks"] == []
    assert "no policy ran" in stderr


# --------------------------------------------------------------------------- several packs


@pytest.fixture(scope="module")
def two_packs() -> tuple[int, dict[str, Any], str]:
    return preview_json(
        "--cwd", str(OPEN_SSH), "--policy-pack", str(REPO / "policies"), "--policy-pack", str(COMPANY)
    )


def test_two_policy_packs_are_both_judged_and_reported_under_their_names(two_packs):
    code, doc, _ = two_packs
    assert code == 1
    found = {
        (v["policyPack"], v["policy"], v["urn"])
        for v in doc["violations"]
        if v["enforcementLevel"] == "mandatory"
    }
    assert ("retail-ai-policies", "ecs-security-group-no-internet-ingress", SSH_RULE) in found
    assert ("company-tagging", "vpc-cost-center-tag", VPC) in found
    assert [(p["name"], p["origin"]) for p in doc["policyPacks"]] == [
        ("retail-ai-policies", "flag"),
        ("company-tagging", "flag"),
    ]
    assert doc["policyPacks"][1]["version"] == "2.3.0"


def test_two_packs_have_a_heading_each_in_the_text_report():
    done = run(
        "preview",
        "--cwd",
        str(OPEN_SSH),
        "--policy-pack",
        str(REPO / "policies"),
        "--policy-pack",
        str(COMPANY),
    )
    assert done.returncode == 1
    assert "Violations of retail-ai-policies" in done.stdout
    assert "Violations of company-tagging 2.3.0" in done.stdout
    summary = done.stdout.strip().splitlines()[-1]
    assert "ecs-security-group-no-internet-ingress" in summary and "vpc-cost-center-tag" in summary


def test_comma_separated_packs_are_split_as_the_pulumi_cli_does():
    code, doc, _ = preview_json("--cwd", str(OPEN_SSH), "--policy-pack", f"{REPO / 'policies'},{COMPANY}")
    assert code == 1
    assert [p["name"] for p in doc["policyPacks"]] == ["retail-ai-policies", "company-tagging"]


def test_each_config_file_belongs_to_the_pack_in_the_same_position(tmp_path):
    ours = tmp_path / "ours.json"
    ours.write_text(json.dumps({"all": "advisory"}))
    theirs = tmp_path / "theirs.json"
    theirs.write_text(json.dumps({"vpc-cost-center-tag": "mandatory"}))
    code, doc, _ = preview_json(
        "--cwd",
        str(OPEN_SSH),
        "--policy-pack",
        str(REPO / "policies"),
        "--policy-pack-config",
        str(ours),
        "--policy-pack",
        str(COMPANY),
        "--policy-pack-config",
        str(theirs),
    )
    assert code == 1
    levels = {(v["policyPack"], v["policy"]): v["enforcementLevel"] for v in doc["violations"]}
    assert levels[("retail-ai-policies", "ecs-security-group-no-internet-ingress")] == "advisory"
    assert levels[("company-tagging", "vpc-cost-center-tag")] == "mandatory"


def test_a_config_for_the_wrong_pack_is_refused_naming_the_pack(tmp_path):
    theirs = tmp_path / "theirs.json"
    theirs.write_text(json.dumps({"vpc-cost-center-tag": "advisory"}))
    done = run(
        "preview",
        "--cwd",
        str(OPEN_SSH),
        "--policy-pack",
        str(REPO / "policies"),
        "--policy-pack-config",
        str(theirs),
        "--policy-pack",
        str(COMPANY),
        "--policy-pack-config",
        str(theirs),
    )
    assert done.returncode == 2
    assert "no policy named 'vpc-cost-center-tag'" in done.stderr
    assert "Traceback" not in done.stderr


def test_config_count_must_match_pack_count(tmp_path):
    config = tmp_path / "c.json"
    config.write_text("{}")
    done = run(
        "preview",
        "--cwd",
        str(OPEN_SSH),
        "--policy-pack",
        str(REPO / "policies"),
        "--policy-pack",
        str(COMPANY),
        "--policy-pack-config",
        str(config),
    )
    assert done.returncode == 2
    assert (
        'the number of "--policy-pack-config" flags must match the number of "--policy-pack" flags'
        in done.stderr
    )


def test_one_config_without_policy_pack_configures_the_default_pack(tmp_path):
    config = tmp_path / "c.json"
    config.write_text(json.dumps({"ecs-security-group-no-internet-ingress": "advisory"}))
    code, doc, _ = preview_json("--cwd", str(OPEN_SSH), "--policy-pack-config", str(config))
    assert code == 0
    assert doc["policyPacks"][0]["origin"] == "bundled"
    assert {v["policy"]: v["enforcementLevel"] for v in doc["violations"]}[
        "ecs-security-group-no-internet-ingress"
    ] == "advisory"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--policy-pack", "none", "--policy-pack", "policies"], "cannot be combined"),
        (["--policy-pack", "tests"], "not a policy pack"),
        (["--policy-pack", "policies", "--policy-pack", "policies"], "given twice"),
        (["--policy-pack-config", "/no/such/config.json"], "no such file"),
    ],
)
def test_bad_pack_flags_exit_2_naming_the_problem(args, message):
    done = run(
        "preview", "--cwd", str(OPEN_SSH), *[str(REPO / a) if a in {"policies", "tests"} else a for a in args]
    )
    assert done.returncode == 2
    assert message in done.stderr


# --------------------------------------------------------------------------- strict config through the CLI


def test_typo_in_a_policy_name_exits_2_with_did_you_mean(tmp_path):
    config = tmp_path / "c.json"
    config.write_text(json.dumps({"ecs-security-group-no-internet-ingres": "advisory"}))
    done = run("preview", "--cwd", str(OPEN_SSH), "--policy-pack-config", str(config), "--json")
    assert done.returncode == 2
    error = json.loads(done.stdout)["error"]
    assert "no policy named 'ecs-security-group-no-internet-ingres'" in error
    assert "did you mean 'ecs-security-group-no-internet-ingress'" in error


def test_typo_in_a_config_key_exits_2_with_did_you_mean(tmp_path):
    config = tmp_path / "c.json"
    config.write_text(json.dumps({"ecs-security-group-no-internet-ingress": {"exemptUrn": [SSH_RULE]}}))
    done = run("preview", "--cwd", str(OPEN_SSH), "--policy-pack-config", str(config))
    assert done.returncode == 2
    assert "unknown config key 'exemptUrn'" in done.stderr
    assert "did you mean 'exemptUrns'" in done.stderr


def test_exemption_that_matches_no_resource_is_a_warning_not_a_failure(tmp_path):
    config = tmp_path / "c.json"
    stale = SSH_RULE.replace("ssh-from-anywhere", "ssh-from-anywere")
    config.write_text(json.dumps({"ecs-security-group-no-internet-ingress": {"exemptUrns": [stale]}}))
    code, doc, stderr = preview_json("--cwd", str(OPEN_SSH), "--policy-pack-config", str(config))
    assert code == 1  # the exemption did not apply, so the violation stands
    warning = next(n for n in doc["notes"] if "matches no resource" in n)
    assert stale in warning and f"did you mean {SSH_RULE!r}" in warning
    assert "matches no resource" in stderr


# --------------------------------------------------------------------------- `retail-ai policy-pack DIR`


def test_policy_pack_command_writes_a_pack_pinned_to_this_version(tmp_path):
    dest = tmp_path / "retail-ai-pack"
    done = run("policy-pack", str(dest))
    assert done.returncode == 0, done.stderr
    manifest = (dest / "PulumiPolicy.yaml").read_text()
    assert f"version: {__version__}" in manifest and "virtualenv: venv" in manifest
    requirements = (dest / "requirements.txt").read_text()
    assert f"retail-ai-components=={__version__}" in requirements.splitlines()
    assert "not published on PyPI" in requirements
    assert "from retail_ai_policies.serve import serve" in (dest / "__main__.py").read_text()
    assert "not on PyPI" in done.stderr
    assert f"pulumi preview --policy-pack {dest}" in done.stdout


def test_written_pack_runs_and_judges_like_the_bundled_one(tmp_path):
    dest = tmp_path / "pack"
    assert run("policy-pack", str(dest)).returncode == 0
    code, doc, _ = preview_json("--cwd", str(OPEN_SSH), "--policy-pack", str(dest))
    assert code == 1
    assert doc["policyPacks"][0]["name"] == "retail-ai-policies"
    assert doc["policyPacks"][0]["version"] == __version__
    assert {v["policy"] for v in doc["violations"] if v["enforcementLevel"] == "mandatory"} == {
        "ecs-security-group-no-internet-ingress"
    }


def test_policy_pack_requirement_option_takes_a_git_url_or_a_wheel(tmp_path):
    url = f"retail-ai-components @ git+https://git.example.com/platform/retail-ai-components@v{__version__}"
    assert run("policy-pack", str(tmp_path / "a"), "--requirement", url).returncode == 0
    assert url in (tmp_path / "a" / "requirements.txt").read_text().splitlines()
    wheel = tmp_path / f"retail_ai_components-{__version__}-py3-none-any.whl"
    wheel.write_bytes(b"")
    assert run("policy-pack", str(tmp_path / "b"), "--requirement", str(wheel)).returncode == 0
    assert f"retail-ai-components @ {wheel.as_uri()}" in (tmp_path / "b" / "requirements.txt").read_text()


def test_policy_pack_command_does_not_overwrite_without_force(tmp_path):
    assert run("policy-pack", str(tmp_path)).returncode == 0
    again = run("policy-pack", str(tmp_path))
    assert again.returncode == 2
    assert "--force" in again.stderr
    assert run("policy-pack", str(tmp_path), "--force").returncode == 0


# --------------------------------------------------------------------------- versions and the wheel


def test_version_is_written_once_and_every_pack_manifest_carries_it():
    assert pack_version(bundled_pack_dir()) == __version__
    assert pack_version(REPO / "policies") == __version__
    assert "dynamic" in (REPO / "pyproject.toml").read_text()


def test_version_flag_prints_the_library_and_engine_versions():
    done = run("--version")
    assert done.returncode == 0
    assert done.stdout.startswith(f"retail-ai {__version__} (pulumi ")
    assert "pulumi-policy" in done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # Build from a clean copy of the tracked files, as CI's fresh clone would (no venv, no caches).
    src = out / "src"
    files = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True).stdout
    for name in files.splitlines():
        if (REPO / name).is_file():
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, src / name)
    for name in (
        "retail_ai_components/policy_pack",
        "retail_ai_components/preview/data",
        "retail_ai_components/cost/data",
    ):
        shutil.copytree(
            REPO / name, src / name, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__")
        )
    done = subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(out)],
        cwd=src,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    (built,) = out.glob("*.whl")
    return built


def test_wheel_ships_the_pack_its_policies_and_the_engine_data(wheel):
    assert wheel.name == f"retail_ai_components-{__version__}-py3-none-any.whl"
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "retail_ai_policies/__init__.py" in names
    assert "retail_ai_policies/_pack.py" in names
    assert "retail_ai_components/policy_pack/PulumiPolicy.yaml" in names
    assert "retail_ai_components/policy_pack/__main__.py" in names
    data = {n for n in names if n.startswith("retail_ai_components/preview/data/")}
    expected = {
        f"retail_ai_components/preview/data/{p.relative_to(REPO / 'retail_ai_components/preview/data').as_posix()}"
        for p in (REPO / "retail_ai_components/preview/data").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert expected and expected <= data
    assert "retail_ai_components/cost/data/prices.yaml" in names
    # The Node.js host's start script, which node runs by path.
    assert "retail_ai_components/preview/program_hosts/nodejs_run.js" in names
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    assert re.search(rf"^Version: {re.escape(__version__)}$", text, re.M)
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert (
        "retail-ai = retail_ai_components.preview.cli:main"
        in zipfile.ZipFile(wheel).read(entry_points).decode()
    )


def test_one_exemptions_file_serves_every_stack_and_shows_its_reason(tmp_path):
    project = tmp_path / "open-ssh"
    shutil.copytree(OPEN_SSH, project)
    shutil.copy(project / "Pulumi.dev.yaml", project / "Pulumi.prod.yaml")
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
    for stack in ("dev", "prod"):
        code, doc, _ = preview_json(
            "--cwd", str(project), "--stack", stack, "--policy-pack-config", str(config)
        )
        assert code == 0, doc
        assert not [v for v in doc["violations"] if v["enforcementLevel"] == "mandatory"]
        [exempt] = [
            n for n in doc["notApplicable"] if n["policy"] == "ecs-security-group-no-internet-ingress"
        ]
        assert SSH_RULE.replace(":dev::", f":{stack}::") in exempt["reason"]
        assert "jump host, SEC-123" in exempt["reason"]
