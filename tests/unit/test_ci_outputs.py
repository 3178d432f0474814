"""The CI outputs of `retail-ai preview` as GitHub Actions, GitLab and Jenkins read them: paths from the
repository's root, exemptions as SARIF suppressions, JUnit valid against the common schema, the GitHub job
summary, reports on stdout with `-`, report paths checked before the run, and the Pulumi CLI's short flags and
project search. Built from report views in-process; the end-to-end runs are in tests/preview."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
import xmlschema

from retail_ai_components.preview import annotations, cli, report_files, step_summary
from retail_ai_components.preview.errors import PreviewError
from retail_ai_components.preview.junit import failed_junit, junit_text, to_junit
from retail_ai_components.preview.locations import display_path, repository_root
from retail_ai_components.preview.notes import warning
from retail_ai_components.preview.project import detect_project_dir
from retail_ai_components.preview.records import RecordedResource
from retail_ai_components.preview.redaction import Redactor
from retail_ai_components.preview.report import (
    NotApplicableView,
    PackView,
    PolicyView,
    Report,
    ViolationView,
)
from retail_ai_components.preview.sarif import failed_sarif, sarif_text, to_sarif

DATA = Path(__file__).resolve().parents[1] / "preview" / "data"
PACK = "retail-ai-policies"
SSH_POLICY = "ecs-security-group-no-internet-ingress"
BUCKET_POLICY = "oss-bucket-private-acl"
STACK_URN = "urn:pulumi:dev::shop::pulumi:pulumi:Stack::shop-dev"
SSH_URN = "urn:pulumi:dev::shop::alicloud:ecs/securityGroupRule:SecurityGroupRule::ssh-from-anywhere"
BUCKET_URN = "urn:pulumi:dev::shop::alicloud:oss/bucket:Bucket::public-assets"
EXEMPTION = "exempt by exemptions[0] (public-*): the storefront's images, SEC-123"
SECRET = "hunter2-database-password"


@pytest.fixture(autouse=True)
def outside_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "GITHUB_WORKSPACE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git work tree with the Pulumi project in infra/, as a workflow step with working-directory: infra
    sees it."""
    root = tmp_path / "shop"
    (root / ".git").mkdir(parents=True)
    (root / "infra").mkdir()
    (root / "infra" / "Pulumi.yaml").write_text("name: shop\nruntime: python\n")
    (root / "infra" / "__main__.py").write_text("")
    return root


def shop_report(repo: Path, *, violations: int = 1) -> Report:
    program = str(repo / "infra" / "__main__.py")
    resources = [
        RecordedResource(STACK_URN, "pulumi:pulumi:Stack", "shop-dev", False, {}),
        RecordedResource(
            SSH_URN, "alicloud:ecs/securityGroupRule:SecurityGroupRule", "ssh-from-anywhere", True, {}
        ),
        RecordedResource(BUCKET_URN, "alicloud:oss/bucket:Bucket", "public-assets", True, {}),
    ]
    ssh = ViolationView(
        pack=PACK,
        policy=SSH_POLICY,
        enforcement_level="mandatory",
        severity="high",
        urn=SSH_URN,
        message="Ingress from the internet: cidrIp 0.0.0.0/0 | <script>alert(1)</script>",
        detail="cidrIp 0.0.0.0/0 admits the internet | <script>alert(1)</script> [x](http://evil)",
        description="Checks whether a security group rule admits ingress from the internet.",
        remediation="Use the VPC's CIDR.",
        resource_name="ssh-from-anywhere",
        resource_type="alicloud:ecs/securityGroupRule:SecurityGroupRule",
        source=(program, 7),
    )
    exempt = NotApplicableView(
        pack=PACK,
        policy=BUCKET_POLICY,
        urn=BUCKET_URN,
        reason=EXEMPTION,
        resource_name="public-assets",
        resource_type="alicloud:oss/bucket:Bucket",
        source=(program, 12),
    )
    policies = (
        PolicyView(PACK, SSH_POLICY, ssh.description, "mandatory", "high", ssh.remediation),
        PolicyView(
            PACK, BUCKET_POLICY, "Checks that a bucket is private.", "mandatory", "high", "Make it private."
        ),
    )
    return Report(
        project="shop",
        stack="dev",
        region="cn-hangzhou",
        resources=resources,
        packs=[PackView(PACK, "0.1.0", policies=policies)],
        violations=[ssh] * violations,
        not_applicable=[exempt],
        outputs={},
        notes=[warning("an exemption of oss-bucket-private-acl matches no resource: private-*")],
        hide=Redactor([SECRET]),
    )


# --------------------------------------------------------------------------- paths from the repository's root


def test_a_step_started_in_a_subfolder_names_files_from_the_repository_root(repo, monkeypatch):
    monkeypatch.chdir(repo / "infra")  # working-directory: infra
    root = repository_root(repo / "infra", environ={})
    assert root == repo.resolve()
    report = shop_report(repo)
    program = repo / "infra" / "__main__.py"

    [error, *_] = annotations.lines(report, root=root, program_file=program)
    assert error.startswith("::error file=infra/__main__.py,line=7,")

    sarif = to_sarif(report, root=root, program_file=program)
    [violation] = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == f"{PACK}/{SSH_POLICY}"]
    artifact = violation["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "infra/__main__.py", "uriBaseId": "%SRCROOT%"}
    assert sarif["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repo.resolve().as_uri() + "/"

    failure = to_junit(report, root=root, program_file=program).getroot().find(".//failure")
    assert failure is not None and "where: infra/__main__.py:7" in (failure.text or "")


def test_a_worktree_or_submodule_is_its_own_root(tmp_path):
    worktree = tmp_path / "checkout"
    (worktree / "stacks" / "apps").mkdir(parents=True)
    (worktree / ".git").write_text("gitdir: /elsewhere/.git/worktrees/checkout\n")  # a file, not a folder
    assert repository_root(worktree / "stacks" / "apps", environ={}) == worktree.resolve()


def test_without_git_the_actions_workspace_is_the_root_and_else_the_start_folder(tmp_path, monkeypatch):
    workspace = tmp_path / "work" / "shop"
    project = workspace / "infra"
    project.mkdir(parents=True)
    if any((folder / ".git").exists() for folder in project.resolve().parents):
        pytest.skip("the temporary folder is inside a git work tree")
    actions = {"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(workspace)}
    assert repository_root(project, environ=actions) == workspace.resolve()
    monkeypatch.chdir(project)
    # GITHUB_WORKSPACE outside Actions (a developer's shell that exported it once) is not trusted.
    assert repository_root(project, environ={"GITHUB_WORKSPACE": str(workspace)}) == project.resolve()


def test_a_file_outside_the_repository_keeps_its_absolute_path(repo, tmp_path):
    outside = tmp_path / "site-packages" / "lib.py"
    assert display_path(outside, repo.resolve()) == str(outside.resolve())
    assert display_path(repo / "infra" / "__main__.py", repo.resolve()) == "infra/__main__.py"


# --------------------------------------------------------------------------- SARIF: exemptions as suppressions


def sarif_errors(document: dict[str, object]) -> list[str]:
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


def test_an_exempt_resource_is_a_suppressed_result_with_the_exemption_as_justification(repo):
    sarif = to_sarif(shop_report(repo), root=repo, program_file=repo / "infra" / "__main__.py")
    run = sarif["runs"][0]
    [exempt] = [r for r in run["results"] if r["ruleId"] == f"{PACK}/{BUCKET_POLICY}"]
    assert exempt["suppressions"] == [{"kind": "external", "status": "accepted", "justification": EXEMPTION}]
    # Not a finding: a dashboard that ignores suppressions still never shows it as an error.
    assert (exempt["kind"], exempt["level"]) == ("notApplicable", "none")
    assert exempt["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == BUCKET_URN
    assert exempt["locations"][0]["physicalLocation"]["region"] == {"startLine": 12}
    assert run["tool"]["driver"]["rules"][exempt["ruleIndex"]]["id"] == exempt["ruleId"]
    [violation] = [r for r in run["results"] if r["ruleId"] == f"{PACK}/{SSH_POLICY}"]
    assert violation["level"] == "error" and "suppressions" not in violation
    assert sarif_errors(sarif) == []
    assert sarif_text(sarif).endswith("}\n")


def test_the_sarif_of_a_run_not_judged_is_valid_too(repo):
    assert sarif_errors(failed_sarif("the program raised", root=repo)) == []


# --------------------------------------------------------------------------- JUnit: the common schema


def junit_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(DATA / "junit-10.xsd"))


def test_junit_is_valid_against_the_jenkins_xunit_junit_schema(repo):
    tree = to_junit(shop_report(repo), root=repo, program_file=repo / "infra" / "__main__.py")
    text = junit_text(tree)
    junit_schema().validate(text)
    suites = ET.fromstring(text)
    assert "skipped" not in suites.attrib  # what the xUnit plugin refused
    [suite] = suites.findall("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("2", "1", "1")
    skipped = suite.find(".//skipped")
    assert skipped is not None and skipped.get("message") == EXEMPTION
    junit_schema().validate(junit_text(failed_junit("the program raised")))


def test_the_schema_refuses_the_shape_jenkins_refused():
    """The check above can fail: the schema really refuses `skipped` on <testsuites>."""
    old = '<testsuites name="x" tests="0" failures="0" errors="0" skipped="0" />'
    assert not junit_schema().is_valid(old)


# --------------------------------------------------------------------------- the GitHub job summary


def test_job_summary_has_counts_failing_policies_and_a_table_of_violations(repo):
    report = shop_report(repo)
    text = step_summary.markdown(report, root=repo, program_file=repo / "infra" / "__main__.py")
    assert text.startswith("### retail-ai preview: FAIL, shop / dev\n")
    assert "| 3 | 1 | 0 | 1 |" in text  # resources, mandatory, advisory, not applicable
    assert f"**Failing policies:** {PACK}/{SSH_POLICY}" in text
    [row] = [line for line in text.splitlines() if line.startswith("| mandatory |")]
    cells = [c.strip() for c in row.split(" | ")]
    assert cells[1:4] == [
        SSH_POLICY,
        "ssh-from-anywhere (alicloud:ecs/securityGroupRule:SecurityGroupRule)",
        "infra/\\_\\_main\\_\\_.py:7",
    ]
    # A program's text cannot add a column, a tag or a link.
    assert row.count(" | ") == 5 and "\\|" in row and "\\<script\\>" in row and "\\[x\\](http://evil)" in row
    assert "> warning: an exemption of oss-bucket-private-acl matches no resource" in text


def test_job_summary_hides_secrets_and_caps_the_table(repo):
    report = shop_report(repo, violations=step_summary.MAX_ROWS + 5)
    leaked = ViolationView(**{**report.violations[0].__dict__, "detail": f"password {SECRET} in user data"})
    report.violations[0] = leaked
    text = step_summary.markdown(report, root=repo)
    assert SECRET not in text and "password \\[secret\\] in user data" in text
    assert sum(line.startswith("| mandatory |") for line in text.splitlines()) == step_summary.MAX_ROWS
    assert "5 more violations" in text


def test_job_summary_only_under_github_actions(tmp_path):
    path = tmp_path / "summary.md"
    assert step_summary.target({"GITHUB_STEP_SUMMARY": str(path)}) is None
    assert step_summary.target({"GITHUB_ACTIONS": "true"}) is None
    assert step_summary.target({"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(path)}) == path
    step_summary.append(path, "first\n")
    step_summary.append(path, step_summary.failed_markdown("no Pulumi project | <b>"))
    assert path.read_text().startswith("first\n### retail-ai preview: NOT JUDGED\n")
    assert "no Pulumi project \\| \\<b\\>" in path.read_text()


# --------------------------------------------------------------------------- report targets, before the run


def test_two_documents_on_stdout_are_refused_before_anything_runs(tmp_path, capsys):
    code = cli.main(["preview", "-C", str(tmp_path), "--json", "--sarif", "-"])
    out, err = capsys.readouterr()
    assert code == cli.EXIT_NOT_JUDGED
    message = json.loads(out)["error"]
    assert "only one of --json, --sarif - can write to stdout" in message
    assert "no Pulumi project" not in err  # refused before the project is even looked for


def test_an_unwritable_report_path_is_one_error_naming_it_before_the_run(tmp_path, capsys):
    blocker = tmp_path / "reports"
    blocker.write_text("a file where the folder should be")
    target = blocker / "preview.sarif"
    code = cli.main(["preview", "-C", str(tmp_path), "--sarif", str(target)])
    _, err = capsys.readouterr()
    assert code == cli.EXIT_NOT_JUDGED
    assert f"--sarif {target}: cannot write the SARIF log there" in " ".join(err.split())
    assert "internal error" not in err and "no Pulumi project" not in err


def test_why_a_report_path_cannot_be_written(tmp_path):
    (tmp_path / "file").write_text("")
    assert report_files.unwritable(tmp_path) == "it is a folder"
    assert (
        report_files.unwritable(tmp_path / "file" / "x.xml") == f"{tmp_path / 'file'} is a file, not a folder"
    )
    assert report_files.unwritable(tmp_path / "new" / "deeper" / "x.xml") is None  # folders are created
    assert report_files.ReportTarget("-").stdout and not report_files.ReportTarget("./-").stdout


# --------------------------------------------------------------------------- the Pulumi CLI's flags and search


def test_short_flags_are_the_pulumi_clis():
    args = cli._parser().parse_args(["preview", "-s", "prod", "-C", "infra", "-j", "-d"])
    assert (args.stack, args.cwd, args.json, args.debug) == ("prod", Path("infra"), True, True)
    cost = cli._parser().parse_args(["cost", "-s", "prod", "-C", "infra"])
    assert (cost.stack, cost.cwd) == ("prod", Path("infra"))
    assert cli._json_requested(["preview", "-dj", "--stack", "x"])
    assert not cli._json_requested(["preview", "-s", "dev", "--", "-j"])


def test_the_project_is_the_nearest_pulumi_yaml_at_or_above_the_start(repo):
    deep = repo / "infra" / "components" / "network"
    deep.mkdir(parents=True)
    assert detect_project_dir(deep) == (repo / "infra").resolve()
    assert detect_project_dir(repo / "infra" / "__main__.py") == (repo / "infra").resolve()
    # The nearest wins: a nested project shadows the one above it, as for the Pulumi CLI.
    (deep / "Pulumi.yml").write_text("name: network\nruntime: python\n")
    assert detect_project_dir(deep) == deep.resolve()


def test_no_project_above_or_a_json_one_is_a_clear_error(tmp_path):
    if any((folder / "Pulumi.yaml").exists() for folder in tmp_path.resolve().parents):
        pytest.skip("a Pulumi.yaml above the temporary folder")
    with pytest.raises(
        PreviewError, match=r"no Pulumi project: there is no Pulumi\.yaml in .* or any folder above"
    ):
        detect_project_dir(tmp_path)
    (tmp_path / "Pulumi.json").write_text("{}")
    (tmp_path / "sub").mkdir()
    with pytest.raises(PreviewError, match=r"reads Pulumi\.yaml projects only"):
        detect_project_dir(tmp_path / "sub")


def test_a_run_not_judged_still_writes_its_reports_to_stdout_and_the_job_summary(
    tmp_path, capsys, monkeypatch
):
    if any((folder / "Pulumi.yaml").exists() for folder in tmp_path.resolve().parents):
        pytest.skip("a Pulumi.yaml above the temporary folder")
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code = cli.main(["preview", "-C", str(tmp_path), "--junit-xml", "-"])
    out, err = capsys.readouterr()
    assert code == cli.EXIT_NOT_JUDGED
    junit_schema().validate(out)
    error = ET.fromstring(out).find(".//error")
    assert error is not None and "no Pulumi project" in error.get("message", "")
    assert "::error title=retail-ai preview could not judge the stack::no Pulumi project" in err
    assert summary.read_text().startswith("### retail-ai preview: NOT JUDGED\n\n**Cause:** no Pulumi project")
