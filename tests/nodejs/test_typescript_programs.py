"""Public TypeScript programs for Alibaba Cloud, as people write them, previewed offline with our pack: which
policy fires on which resource, and which resources pass. Each runs the project's own @pulumi/pulumi and
@pulumi/alicloud (installed by ``make node-fixtures``) as the CLI's Node.js language host runs them; the
provider Check table is the pinned Python provider's, and the report says so when the npm provider differs."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cli_harness import OUR_PACK, REPO, preview, preview_json

pytestmark = pytest.mark.slow

NodeProject = Callable[..., Path]


def judged(project: Path) -> tuple[int, dict[str, Any]]:
    code, doc, stderr = preview_json("--cwd", str(project), "--policy-pack", str(OUR_PACK))
    assert "error" not in doc, doc.get("error", "") + stderr
    return code, doc


def mandatory(doc: dict[str, Any]) -> set[tuple[str, str]]:
    """(policy, resource name) of every mandatory violation."""
    return {
        (v["policy"], v["urn"].rsplit("::", 1)[1])
        for v in doc["violations"]
        if v["enforcementLevel"] == "mandatory"
    }


def test_a_proxy_fleet_with_eips_and_ssh_from_anywhere(node_project: NodeProject):
    code, doc = judged(node_project("ecs_proxy_fleet"))
    assert code == 1
    assert mandatory(doc) == {
        ("ecs-security-group-no-internet-ingress", "ssh-from-anywhere"),
        ("ecs-eip-nat-gateway-only", "proxy-eip-assoc-0"),
        ("ecs-eip-nat-gateway-only", "proxy-eip-assoc-1"),
    }
    # The proxy port is open to the VPC only: no verdict on that rule.
    assert not [v for v in doc["violations"] if v["urn"].endswith("::proxy-port")]
    # The program's config (count: 2) and its data source (getZones) reached it.
    assert sorted(r["name"] for r in doc["resources"] if r["type"] == "alicloud:ecs/instance:Instance") == [
        "proxy-0",
        "proxy-1",
    ]
    vswitch = next(r for r in doc["resources"] if r["type"] == "alicloud:vpc/switch:Switch")
    assert vswitch["inputs"]["zoneId"].startswith("cn-hongkong-")


def test_the_report_says_which_check_table_judged_the_npm_provider(node_project: NodeProject):
    code, doc = judged(node_project("nat_gateway"))
    provider = next(r for r in doc["resources"] if r["type"] == "pulumi:providers:alicloud")
    assert provider["inputs"]["version"] == "3.108.0"
    assert (
        "The program's alicloud provider is 3.108.0, not 4.0.0: its resources were checked with the "
        "pulumi-alicloud 4.0.0 table (defaults and validators that changed between the two versions are "
        "4.0.0's)"
    ) in [note if isinstance(note, str) else note.get("text") for note in doc.get("notes", [])]
    # An internet NAT gateway for SNAT egress passes; the DNAT entry that publishes SSH does not.
    assert code == 1
    assert mandatory(doc) == {("vpc-nat-internet-dnat-denied", "dnat-ssh")}


def test_an_ack_cluster_without_slb_internet_enabled_has_a_public_api_server(node_project: NodeProject):
    code, doc = judged(node_project("ack_cluster"))
    assert code == 1
    assert ("ack-cluster-api-server-private", "k8s") in mandatory(doc)
    # The program left it out; the provider's Check filled in its default, which the policy then judged.
    cluster = next(r for r in doc["resources"] if r["name"] == "k8s")
    assert cluster["inputs"]["slbInternetEnabled"] is True
    message = next(v["message"] for v in doc["violations"] if v["policy"] == "ack-cluster-api-server-private")
    assert message.endswith("\nthe API server must be private: slbInternetEnabled must be false")


def test_a_function_behind_an_anonymous_http_trigger_is_reachable_from_the_internet(
    node_project: NodeProject,
):
    code, doc = judged(node_project("function_compute"))
    assert code == 1
    assert mandatory(doc) == {("fc-function-internet-endpoint-denied", "http")}


def test_our_network_from_typescript_is_constructed_by_its_provider_and_judged(node_project: NodeProject):
    code, doc = judged(node_project("network_component"))
    network = "urn:pulumi:dev::ts-network::retailai:index:Network::shop"
    by_name = {r["name"]: r for r in doc["resources"]}
    assert by_name["shop"]["urn"] == network
    # The provider built it from the program's inputs (two tiers, two zones) on the same monitor.
    groups = sorted(n for n, r in by_name.items() if r["type"] == "alicloud:ecs/securityGroup:SecurityGroup")
    assert groups == ["shop-sg-data", "shop-sg-inference"]
    assert by_name["shop-vpc"]["parent"] == network
    assert by_name["shop-vpc"]["inputs"]["tags"] == {"team": "search"}
    # Its outputs reached the program: the rule beside it is on the inference tier's group, and judged.
    assert by_name["bastion-ssh"]["inputs"]["securityGroupId"] == by_name["shop-sg-inference"]["id"]
    assert code == 1
    assert mandatory(doc) == {("ecs-security-group-no-internet-ingress", "bastion-ssh")}


def test_our_network_refusing_its_inputs_ends_the_run_with_its_own_error(node_project: NodeProject):
    project = node_project("network_component")
    source = (project / "index.ts").read_text(encoding="utf-8")
    (project / "index.ts").write_text(source.replace('tiers: ["inference", "data"]', 'tiers: ["gpu"]'))
    done = preview("--cwd", str(project), "--policy-pack", str(OUR_PACK), "--json")
    assert done.returncode == 2
    assert json.loads(done.stdout) == {
        "error": "retailai:index:Network 'shop': the component's provider failed to construct it: "
        "Network 'shop': tiers[0]: Input should be 'inference', 'data', 'pods' or 'training'"
    }


def test_the_typescript_example_is_intranet_only_and_passes_clean(node_project: NodeProject):
    code, doc = judged(node_project(REPO / "examples" / "typescript"))
    assert code == 0
    assert doc["violations"] == []
    types = {r["type"] for r in doc["resources"]}
    assert {"alicloud:cs/managedKubernetes:ManagedKubernetes", "alicloud:cs/nodePool:NodePool"} <= types
