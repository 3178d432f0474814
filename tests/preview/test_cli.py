"""`retail-ai preview` end to end: real program under mocks, real pack through the analyzer protocol."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from cli_harness import FIXTURES, REPO, preview, preview_json

pytestmark = pytest.mark.slow  # each test runs the preview in subprocesses


@pytest.fixture(scope="module")
def open_ssh() -> tuple[int, dict[str, Any], str]:
    done = preview("--cwd", str(FIXTURES / "open_ssh"), "--policy-pack", str(REPO / "policies"), "--json")
    return done.returncode, json.loads(done.stdout), done.stderr


def test_open_ssh_rule_draws_a_mandatory_violation_on_that_rule_and_exits_1(open_ssh):
    code, doc, _ = open_ssh
    assert code == 1
    mandatory = [v for v in doc["violations"] if v["enforcementLevel"] == "mandatory"]
    rule_urn = "urn:pulumi:dev::open-ssh::alicloud:ecs/securityGroupRule:SecurityGroupRule::ssh-from-anywhere"
    assert [v["urn"] for v in mandatory] == [rule_urn]
    assert mandatory[0]["policy"] == "ecs-security-group-no-internet-ingress"
    assert mandatory[0]["policyPack"] == "retail-ai-policies"
    assert doc["summary"]["mandatory"] == 1


def test_report_matches_the_contract(open_ssh):
    _, doc, stderr = open_ssh
    assert set(doc) >= {"project", "stack", "region", "resources", "violations", "outputs", "summary"}
    assert (doc["project"], doc["stack"], doc["region"]) == ("open-ssh", "dev", "cn-hangzhou")
    # Every contract field, and only the optional additions: where references came from, made-up values.
    for resource in doc["resources"]:
        assert set(resource) - {"propertyDependencies", "placeholders"} == {
            "urn",
            "type",
            "name",
            "parent",
            "id",
            "custom",
            "protect",
            "dependencies",
            "inputs",
        }
    for violation in doc["violations"]:
        assert set(violation) - {"placeholders"} == {
            "policyPack",
            "policy",
            "enforcementLevel",
            "severity",
            "urn",
            "message",
            "remediation",
        }
    assert doc["summary"] == {
        "resources": len(doc["resources"]),
        "mandatory": sum(v["enforcementLevel"] == "mandatory" for v in doc["violations"]),
        "advisory": sum(v["enforcementLevel"] == "advisory" for v in doc["violations"]),
    }
    # progress goes to stderr, never into the JSON
    assert "Registered" in stderr and "Policy pack retail-ai-policies" in stderr


def test_urns_are_the_engines_and_references_follow_property_dependencies(open_ssh):
    _, doc, _ = open_ssh
    by_name = {r["name"]: r for r in doc["resources"]}
    assert by_name["open-ssh-dev"]["urn"] == "urn:pulumi:dev::open-ssh::pulumi:pulumi:Stack::open-ssh-dev"
    assert by_name["vpc"]["urn"] == "urn:pulumi:dev::open-ssh::alicloud:vpc/network:Network::vpc"
    assert all("pulumi:pulumi:Stack$" not in r["urn"] for r in doc["resources"])
    provider = by_name["default_4_0_0"]
    assert provider["type"] == "pulumi:providers:alicloud"
    assert provider["parent"] is None
    assert provider["inputs"] == {"region": "cn-hangzhou", "version": "4.0.0"}
    rule = by_name["ssh-from-anywhere"]
    # IDs of created resources are unknown, as in a real preview; each keeps its placeholder ID in the report
    # and the property dependencies say which resource a reference names.
    assert rule["inputs"]["securityGroupId"] == "[unknown]"
    assert rule["propertyDependencies"]["securityGroupId"] == [by_name["web"]["urn"]]
    assert by_name["web"]["id"] == "placeholder-ecs-securitygroup-web"
    assert by_name["web"]["urn"] in rule["dependencies"]
    assert by_name["web"]["propertyDependencies"]["vpcId"] == [by_name["vpc"]["urn"]]
    assert rule["parent"] == by_name["open-ssh-dev"]["urn"]


def test_human_output_shows_the_violation_under_its_resource_with_remediation():
    done = preview("--cwd", str(FIXTURES / "open_ssh"), "--policy-pack", str(REPO / "policies"))
    assert done.returncode == 1
    out = done.stdout
    resource = out.index("ssh-from-anywhere")
    verdict = out.index("mandatory critical ecs-security-group-no-internet-ingress")
    assert resource < verdict < out.index("fix: Set cidrIp")
    assert "1 mandatory" in out.splitlines()[-1]


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_reference_stacks_preview_with_no_mandatory_violation(stack):
    code, doc, _ = preview_json("--stack", stack)
    mandatory = [v for v in doc["violations"] if v["enforcementLevel"] == "mandatory"]
    assert mandatory == []
    assert code == 0
    assert doc["region"] == "cn-hangzhou"
    types = {r["type"] for r in doc["resources"]}
    assert "retailai:index:Network" in types


def test_make_preview_target_previews_prod():
    # `make preview` is the README's first command: keep what it runs passing, both layers, platform first
    # (the apps layer's run is test_reference_layers').
    make = subprocess.run(
        ["make", "-n", "preview"], capture_output=True, text=True, cwd=REPO, check=True
    ).stdout.splitlines()
    previews = [line for line in make if "retail-ai preview" in line]
    assert [("--cwd stacks/apps" in line, "--stack prod" in line) for line in previews] == [
        (False, True),
        (True, True),
    ]
    code, doc, _ = preview_json("--stack", "prod")
    assert code == 0
    assert (
        len(
            {r["inputs"].get("zoneId") for r in doc["resources"] if r["type"] == "alicloud:vpc/switch:Switch"}
        )
        >= 2
    )


def test_missing_stack_exits_2_with_one_clear_message_and_no_traceback():
    done = preview("--stack", "qa")
    assert done.returncode == 2
    assert "no such stack 'qa'" in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def test_missing_project_exits_2(tmp_path):
    done = preview("--cwd", str(tmp_path))
    assert done.returncode == 2
    assert "no Pulumi project" in done.stderr


def test_program_that_raises_exits_2_and_debug_shows_the_traceback():
    done = preview("--cwd", str(FIXTURES / "raising_program"), "--policy-pack", "none")
    assert done.returncode == 2
    assert "KeyError" in done.stderr and "a bug in the program" in done.stderr
    assert "Traceback" not in done.stderr
    debug = preview("--cwd", str(FIXTURES / "raising_program"), "--policy-pack", "none", "--debug")
    assert debug.returncode == 2
    assert "Traceback" in debug.stderr


@pytest.fixture
def reference_copy(tmp_path: Path) -> Path:
    shutil.copy(REPO / "Pulumi.yaml", tmp_path / "Pulumi.yaml")
    shutil.copytree(REPO / "stacks", tmp_path / "stacks", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(
        REPO / "policies", tmp_path / "policies", ignore=shutil.ignore_patterns("__pycache__", "venv")
    )
    return tmp_path


def test_config_value_that_breaks_a_rule_exits_2_naming_the_key(reference_copy):
    dev = (reference_copy / "stacks" / "platform" / "Pulumi.dev.yaml").read_text()
    bad = dev.replace("zones: [cn-hangzhou-i]", "zones: [cn-hangzhou-i, cn-beijing-a]")
    assert bad != dev
    (reference_copy / "stacks" / "platform" / "Pulumi.bad.yaml").write_text(bad)
    done = preview("--cwd", str(reference_copy), "--stack", "bad")
    assert done.returncode == 2
    assert "retail-ai-platform:network.zones[1]" in done.stderr
    assert "not in region 'cn-hangzhou'" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("old", "new", "key", "rule"),
    [
        # Names unique across all accounts start with the organisation's prefix, checked by the services' rules;
        # without it the buckets need a prefix of their own.
        (
            "globalNamePrefix: acme",
            "globalNamePrefix: Acme",
            "retail-ai-platform:globalNamePrefix",
            "lowercase",
        ),
        (
            "globalNamePrefix: acme",
            "globalNamePrefix: acme-",
            "retail-ai-platform:globalNamePrefix",
            "ending with",
        ),
        (
            "globalNamePrefix: acme",
            "namePrefix: retail-dev",
            "retail-ai-platform:storage.bucketPrefix",
            "unless globalNamePrefix is set",
        ),
        # A runner with no route to GitHub could never take a job.
        (
            "nat: single",
            "nat: none",
            "retail-ai-platform:ciRunner",
            "the runner reaches GitHub over the internet",
        ),
    ],
)
def test_platform_settings_that_cannot_work_exit_2_naming_the_key(reference_copy, old, new, key, rule):
    dev = (reference_copy / "stacks" / "platform" / "Pulumi.dev.yaml").read_text()
    changed = dev.replace(old, new)
    assert changed != dev
    (reference_copy / "stacks" / "platform" / "Pulumi.changed.yaml").write_text(changed)
    done = preview("--cwd", str(reference_copy), "--stack", "changed")
    assert done.returncode == 2
    assert f"{key}: " in done.stderr and rule in done.stderr


def test_unknown_config_key_exits_2_naming_it(reference_copy):
    dev = (reference_copy / "stacks" / "platform" / "Pulumi.dev.yaml").read_text()
    (reference_copy / "stacks" / "platform" / "Pulumi.typo.yaml").write_text(
        dev.replace("nat: single", "nat: single\n    natt: single")
    )
    done = preview("--cwd", str(reference_copy), "--stack", "typo")
    assert done.returncode == 2
    assert "retail-ai-platform:network.natt" in done.stderr


def test_settings_the_config_leaves_out_take_the_components_defaults(reference_copy):
    # The stack config holds no defaults of its own for what it passes through: left out, the component's apply.
    dev = (reference_copy / "stacks" / "platform" / "Pulumi.dev.yaml").read_text()
    # Without its NAT gateway the runner could not reach GitHub: the lean stack has no runner either.
    lean = dev[: dev.index("  # The CI runner inside the VPC")]
    lean = lean.replace("    nat: single\n", "").replace("    queryCu: 2\n", "")
    assert "retail-ai-platform:ciRunner" not in lean and "nat:" not in lean and "queryCu" not in lean
    (reference_copy / "stacks" / "platform" / "Pulumi.lean.yaml").write_text(lean)
    done = preview("--cwd", str(reference_copy), "--stack", "lean", "--json")
    assert done.returncode in (0, 1), done.stderr
    resources = json.loads(done.stdout)["resources"]
    [vpc] = [r for r in resources if r["type"] == "alicloud:vpc/network:Network"]
    assert vpc["inputs"]["cidrBlock"] == "10.0.0.0/8"
    assert not [r for r in resources if r["type"] == "alicloud:vpc/natGateway:NatGateway"]
    [milvus] = [r for r in resources if r["type"] == "alicloud:index/milvusInstance:MilvusInstance"]
    [query] = [c for c in milvus["inputs"]["components"] if c["type"] == "query"]
    assert query["cuNum"] == 4  # VectorStore's query_cu default; dev's config said 2


def _preview_with_feature_store(
    reference_copy: Path, stack: str, section: str, *flags: str
) -> subprocess.CompletedProcess[str]:
    """Previews stack ``stack``: dev's config with its featureStore section replaced by ``section``."""
    dev = (reference_copy / "stacks" / "platform" / "Pulumi.dev.yaml").read_text()
    start = dev.index("  retail-ai-platform:featureStore:\n")
    end = dev.index("  # The Tair password.")
    (reference_copy / "stacks" / "platform" / f"Pulumi.{stack}.yaml").write_text(
        dev[:start] + section + dev[end:]
    )
    return preview("--cwd", str(reference_copy), "--stack", stack, *flags)


def test_an_ecs_engine_feature_store_gets_its_nodes_from_the_ecs_nodes_section(reference_copy):
    done = _preview_with_feature_store(
        reference_copy,
        "ecs",
        "  retail-ai-platform:featureStore:\n"
        "    engine: ecs_essd_pl3\n"
        "    ecsNodes:\n"
        "      imageId: m-bp1acme-feature-node\n"
        "      count: 3\n",
        "--json",
    )
    assert done.returncode in (0, 1), done.stderr
    resources = json.loads(done.stdout)["resources"]
    nodes = [r for r in resources if r["type"] == "alicloud:ecs/instance:Instance" and "features" in r["urn"]]
    assert len(nodes) == 3
    assert {n["inputs"]["imageId"] for n in nodes} == {"m-bp1acme-feature-node"}
    assert not [r for r in resources if r["type"] == "alicloud:redis/tairInstance:TairInstance"]


def test_a_tair_section_under_the_ecs_engine_exits_2_naming_the_group(reference_copy):
    done = _preview_with_feature_store(
        reference_copy,
        "mixed",
        "  retail-ai-platform:featureStore:\n"
        "    engine: ecs_essd_pl3\n"
        "    tair:\n"
        "      shardCount: 2\n"
        "    ecsNodes:\n"
        "      imageId: m-bp1acme-feature-node\n",
    )
    assert done.returncode == 2
    assert "-features': tair: applies to the tair_persistent_memory engine only" in done.stderr


def test_no_policies_folder_runs_the_bundled_pack_and_says_so(reference_copy):
    shutil.rmtree(reference_copy / "policies")
    done = preview("--cwd", str(reference_copy), "--json")
    assert done.returncode == 0
    assert "judged by the pack bundled with retail-ai-components" in done.stderr
    doc = json.loads(done.stdout)
    assert [(p["name"], p["origin"]) for p in doc["policyPacks"]] == [("retail-ai-policies", "bundled")]


def test_policy_pack_none_runs_no_policies():
    code, doc, _ = preview_json("--cwd", str(FIXTURES / "open_ssh"), "--policy-pack", "none")
    assert code == 0
    assert doc["violations"] == []


def test_policy_pack_config_all_advisory_turns_the_violation_advisory(tmp_path):
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"all": "advisory"}))
    code, doc, _ = preview_json(
        "--cwd",
        str(FIXTURES / "open_ssh"),
        "--policy-pack",
        str(REPO / "policies"),
        "--policy-pack-config",
        str(config),
    )
    assert code == 0
    levels = {v["policy"]: v["enforcementLevel"] for v in doc["violations"]}
    assert levels["ecs-security-group-no-internet-ingress"] == "advisory"


def test_policy_pack_config_per_policy_level_wins_over_all(tmp_path):
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"all": "disabled", "ecs-security-group-no-internet-ingress": "mandatory"}))
    code, doc, _ = preview_json(
        "--cwd",
        str(FIXTURES / "open_ssh"),
        "--policy-pack",
        str(REPO / "policies"),
        "--policy-pack-config",
        str(config),
    )
    assert code == 1
    assert {v["policy"] for v in doc["violations"]} == {"ecs-security-group-no-internet-ingress"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not valid JSON"),
        ('{"ecs-security-group-no-internet-ingress": "sometimes"}', "not a valid enforcement level"),
        (
            '{"ecs-security-group-no-internet-ingress": {"exemptUrns": "urn:x"}}',
            "ecs-security-group-no-internet-ingress",
        ),
    ],
)
def test_bad_policy_pack_config_exits_2(tmp_path, content, message):
    config = tmp_path / "config.json"
    config.write_text(content)
    done = preview(
        "--cwd",
        str(FIXTURES / "open_ssh"),
        "--policy-pack",
        str(REPO / "policies"),
        "--policy-pack-config",
        str(config),
    )
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_secrets_never_appear_in_plain_text():
    for extra in (["--json"], []):
        done = preview(
            "--cwd", str(FIXTURES / "secrets_program"), "--policy-pack", str(REPO / "policies"), *extra
        )
        assert done.returncode in (0, 1), done.stderr
        for text in (done.stdout, done.stderr):
            assert "Offline-Preview-Secret" not in text
            assert "hunter2-from-code" not in text
        assert "[secret]" in done.stdout
    doc = json.loads(
        preview("--cwd", str(FIXTURES / "secrets_program"), "--policy-pack", "none", "--json").stdout
    )
    cache = next(r for r in doc["resources"] if r["name"] == "cache")
    assert cache["inputs"]["password"] == "[secret]"
    assert doc["outputs"]["password"] == "[secret]"
    assert doc["outputs"]["literal"] == "[secret]"


def test_crashing_pack_exits_2_naming_the_cause():
    done = preview("--cwd", str(FIXTURES / "open_ssh"), "--policy-pack", str(FIXTURES / "crashing_pack"))
    assert done.returncode == 2
    assert "failed to start" in done.stderr
    assert "failed to load on purpose" in done.stderr
    assert "Traceback" not in done.stderr


def _pack_processes(pack_dir: Path) -> list[str]:
    out = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    return [line for line in out.splitlines() if "pulumi.policy" in line and str(pack_dir) in line]


def test_hanging_pack_times_out_exits_2_and_is_terminated():
    pack = FIXTURES / "hanging_pack"
    started = time.monotonic()
    done = preview(
        "--cwd", str(FIXTURES / "open_ssh"), "--policy-pack", str(pack), env={"RETAIL_AI_POLICY_TIMEOUT": "3"}
    )
    assert done.returncode == 2
    assert "did not answer Analyze" in done.stderr
    assert time.monotonic() - started < 60
    assert _pack_processes(pack) == []


def test_argument_errors_exit_2():
    done = preview("--no-such-flag")
    assert done.returncode == 2
    missing = preview("--policy-pack", "/no/such/pack")
    assert missing.returncode == 2
    assert "no such folder" in missing.stderr


def test_exempt_resources_are_reported_as_not_applicable_not_silently_dropped(tmp_path):
    rule_urn = "urn:pulumi:dev::open-ssh::alicloud:ecs/securityGroupRule:SecurityGroupRule::ssh-from-anywhere"
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"ecs-security-group-no-internet-ingress": {"exemptUrns": [rule_urn]}}))
    args = (
        "--cwd",
        str(FIXTURES / "open_ssh"),
        "--policy-pack",
        str(REPO / "policies"),
        "--policy-pack-config",
    )
    code, doc, _ = preview_json(*args, str(config))
    assert code == 0
    assert [
        n["urn"] for n in doc["notApplicable"] if n["policy"] == "ecs-security-group-no-internet-ingress"
    ] == [rule_urn]
    human = preview(*args, str(config))
    assert "not applicable ecs-security-group-no-internet-ingress" in human.stdout


def test_reports_of_the_same_stack_are_identical_run_to_run():
    # CI diffs reports between commits; registration and dependency order must not leak into them.
    first = preview("--stack", "prod", "--json")
    second = preview("--stack", "prod", "--json")
    assert first.returncode == second.returncode == 0
    assert first.stdout == second.stdout


NAT_EGRESS = """
import pulumi_alicloud as alicloud

vpc = alicloud.vpc.Network("vpc", vpc_name="vpc", cidr_block="10.0.0.0/16")
vsw = alicloud.vpc.Switch("vsw", vpc_id=vpc.id, cidr_block="10.0.1.0/24", zone_id="cn-hangzhou-i")
nat = alicloud.vpc.NatGateway("egress", vpc_id=vpc.id, vswitch_id=vsw.id, nat_type="Enhanced")
eip = alicloud.ecs.EipAddress("egress", address_name="egress", bandwidth="10")
# The provider documentation's set-up: no instance_type, the kind is inferred from the NAT gateway's id.
alicloud.ecs.EipAssociation("egress", allocation_id=eip.id, instance_id=nat.id)
{extra}
"""


@pytest.mark.parametrize(
    "extra,blocked",
    [
        ("", []),
        (
            'web = alicloud.ecs.Instance("web", instance_type="ecs.g7.large", image_id="ubuntu", '
            "vswitch_id=vsw.id)\n"
            'alicloud.ecs.EipAssociation("web", allocation_id=eip.id, instance_id=web.id)',
            ["web"],
        ),
    ],
    ids=["eip-to-the-stacks-nat", "eip-to-an-instance"],
)
def test_eip_bound_to_the_stacks_nat_gateway_by_reference_passes(tmp_path, extra, blocked):
    (tmp_path / "Pulumi.yaml").write_text("name: egress\nruntime: python\n")
    (tmp_path / "Pulumi.dev.yaml").write_text("config:\n  alicloud:region: cn-hangzhou\n")
    (tmp_path / "__main__.py").write_text(NAT_EGRESS.format(extra=extra))
    code, doc, _ = preview_json("--cwd", str(tmp_path), "--policy-pack", str(REPO / "policies"))
    eip_findings = [v for v in doc["violations"] if v["policy"] == "ecs-eip-nat-gateway-only"]
    assert [v["urn"].rsplit("::", 1)[1] for v in eip_findings] == blocked
    assert all(v["enforcementLevel"] == "mandatory" for v in eip_findings)
    assert code == (1 if blocked else 0), doc["violations"]


MINIMAL = REPO / "examples" / "minimal"


def test_minimal_example_with_only_required_args_previews_with_no_violation():
    # Every component with only its required arguments: the secure defaults alone must satisfy the pack.
    code, doc, _ = preview_json("--cwd", str(MINIMAL), "--stack", "dev")
    assert code == 0, doc
    # Only the note that GpuTraining's RRSA trust policy (built from the cluster's OIDC provider, unknown until
    # the cluster exists) is judged at `up`, not during preview.
    assert [(v["policy"], v["enforcementLevel"]) for v in doc["violations"]] == [
        ("ram-role-trust-no-public-principal", "advisory")
    ]
    assert "during preview" in doc["violations"][0]["message"]
    component_types = {r["type"] for r in doc["resources"] if r["type"].startswith("retailai:")}
    assert component_types >= {
        "retailai:index:Network",
        "retailai:index:SecureBucket",
        "retailai:index:BurstCluster",
        "retailai:index:FeatureStore",
        "retailai:index:EasService",
        "retailai:index:GpuTraining",
        "retailai:index:ContainerRegistry",
        "retailai:index:VectorStore",
        "retailai:index:DataWarehouse",
        "retailai:index:Observability",
        "retailai:index:Guardrails",
    }
