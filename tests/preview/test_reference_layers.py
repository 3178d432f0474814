"""The reference platform in its two layers, previewed as a first deploy runs them: the platform stack (the
project at the repository's root) pulls no image, the apps stack (stacks/apps) creates no registry and reads
the platform through a StackReference, answered from the platform's own offline preview."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from cli_harness import REPO, preview, preview_json

pytestmark = pytest.mark.slow  # each test runs the preview of a layer (or two) in subprocesses

REGISTRY_HOST = "-registry-vpc."
PULLING_TYPES = {"alicloud:eci/imageCache:ImageCache", "alicloud:pai/service:Service"}


def layer_report(cwd: Path, stack: str) -> dict[str, Any]:
    code, doc, stderr = preview_json(
        "--cwd", str(cwd), "--stack", stack, "--policy-pack", str(REPO / "policies"), timeout=400
    )
    assert code == 0, stderr
    return doc


@pytest.fixture(scope="module", params=["dev", "prod"])
def layers(request: pytest.FixtureRequest) -> tuple[dict[str, Any], dict[str, Any]]:
    stack = request.param
    return layer_report(REPO, stack), layer_report(REPO / "stacks" / "apps", stack)


def mentions_registry(value: Any) -> bool:
    return REGISTRY_HOST in json.dumps(value)


def test_both_layers_preview_with_no_violation_of_our_pack(layers):
    platform, apps = layers
    for doc in layers:
        assert [v for v in doc["violations"] if v["enforcementLevel"] == "mandatory"] == []
    assert (platform["project"], apps["project"]) == ("retail-ai-platform", "retail-ai-apps")
    # The apps layer draws no advisory either (dev's platform has one: its cluster's deletion protection is off).
    assert apps["summary"]["advisory"] == 0


def test_nothing_in_the_platform_pulls_an_image(layers):
    platform, _ = layers
    assert not [r for r in platform["resources"] if r["type"] in PULLING_TYPES]
    # The registry's own VPC host is the only image host the platform names.
    naming = [r["type"] for r in platform["resources"] if mentions_registry(r["inputs"])]
    assert naming == ["retailai:index:ContainerRegistry"]


def test_the_apps_create_no_registry_and_pull_only_from_the_platforms(layers):
    platform, apps = layers
    assert not [
        r for r in apps["resources"] if r["type"].startswith(("alicloud:cr/", "alicloud:cs/registry"))
    ]
    host = platform["outputs"]["registryVpcEndpoint"]
    caches = [r for r in apps["resources"] if r["type"] == "alicloud:eci/imageCache:ImageCache"]
    assert caches and all(i.startswith(f"{host}/retail-ai/") for c in caches for i in c["inputs"]["images"])
    services = [r for r in apps["resources"] if r["type"] == "alicloud:pai/service:Service"]
    assert services
    for service in services:
        [container] = json.loads(service["inputs"]["serviceConfig"])["containers"]
        assert container["image"].startswith(f"{host}/retail-ai/")


def test_the_apps_build_on_the_platforms_ids_through_the_stack_reference(layers):
    platform, apps = layers
    by_name = {r["name"]: r for r in platform["resources"]}
    prefix = f"retail-{platform['stack']}"
    zones = platform["outputs"]["zoneIds"]
    [reference] = [r for r in apps["resources"] if r["type"] == "pulumi:pulumi:StackReference"]
    assert reference["id"] == f"organization/retail-ai-platform/{platform['stack']}"
    caches = {
        r["inputs"]["zoneId"]: r
        for r in apps["resources"]
        if r["type"] == "alicloud:eci/imageCache:ImageCache"
    }
    assert sorted(caches) == sorted(zones)
    for zone, cache in caches.items():
        assert cache["inputs"]["vswitchId"] == by_name[f"{prefix}-network-vsw-pods-{zone}"]["id"]
        assert cache["inputs"]["securityGroupId"] == by_name[f"{prefix}-network-sg-pods"]["id"]
        assert reference["urn"] in cache["dependencies"]
    [prometheus] = [r for r in apps["resources"] if r["type"] == "alicloud:arms/prometheus:Prometheus"]
    assert prometheus["inputs"]["clusterId"] == by_name[f"{prefix}-cluster-cluster"]["id"]
    [note] = [n for n in apps["notes"] if n.startswith(f"StackReference {reference['id']}:")]
    assert "answered from the offline preview of project 'retail-ai-platform'" in note


def test_the_platform_pushes_through_a_runner_inside_the_vpc(layers):
    platform, _ = layers
    by_name = {r["name"]: r for r in platform["resources"]}
    prefix = f"retail-{platform['stack']}"
    first_zone = platform["outputs"]["zoneIds"][0]
    runner = by_name[f"{prefix}-ci-runner-instance"]
    # IDs are unknown in a preview: the property dependencies say which resource each reference names.
    references = runner["propertyDependencies"]
    assert references["vswitchId"] == [by_name[f"{prefix}-network-vsw-inference-{first_zone}"]["urn"]]
    assert runner["inputs"]["internetMaxBandwidthOut"] == 0
    group = by_name[f"{prefix}-ci-runner-sg"]
    assert references["securityGroups"] == [group["urn"]]
    assert not [
        r
        for r in platform["resources"]
        if group["urn"] in r.get("propertyDependencies", {}).get("securityGroupId", [])
    ]
    # It reaches GitHub through the NAT gateway (SNAT only), the registry through its VPC endpoint.
    assert [r for r in platform["resources"] if r["type"] == "alicloud:vpc/natGateway:NatGateway"]
    assert platform["outputs"]["ciRunner"]["labels"] == ["retail-ai-vpc"]
    # Its jobs push as the registry's CI role, which only that environment's workflow jobs may assume.
    trust = json.loads(by_name[f"{prefix}-registry-ci"]["inputs"]["assumeRolePolicyDocument"])
    [statement] = trust["Statement"]
    assert (
        statement["Condition"]["StringEquals"]["oidc:sub"]
        == f"repo:acme/retail-ai:environment:{platform['stack']}"
    )


def test_apps_config_that_differs_from_the_platform_stops_the_preview_naming_the_key(tmp_path):
    shutil.copy(REPO / "Pulumi.yaml", tmp_path / "Pulumi.yaml")
    shutil.copytree(REPO / "stacks", tmp_path / "stacks", ignore=shutil.ignore_patterns("__pycache__"))
    dev = tmp_path / "stacks" / "apps" / "Pulumi.dev.yaml"
    text = dev.read_text()
    assert "registryInstance: acme-retail-dev-registry" in text
    dev.write_text(
        text.replace("registryInstance: acme-retail-dev-registry", "registryInstance: beta-registry")
    )
    done = preview(
        "--cwd", str(tmp_path / "stacks" / "apps"), "--stack", "dev", "--policy-pack", "none", timeout=400
    )
    assert done.returncode == 2
    assert (
        "retail-ai-apps:platform.registryInstance: is 'beta-registry-registry-vpc.cn-hangzhou" in done.stderr
    )
    assert (
        "the platform stack organization/retail-ai-platform/dev has 'acme-retail-dev-registry-registry-vpc"
        in (done.stderr)
    )


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_the_platforms_verdicts_are_the_same_with_ids_known_and_unknown(stack: str) -> None:
    """What the pack decides must not rest on placeholder IDs: a real preview sends them unknown."""
    from retail_ai_components.preview.packs import resolve_packs
    from retail_ai_components.preview.runner import run_preview

    specs, _ = resolve_packs(REPO, [str(REPO / "policies")], [])

    def verdicts(known_ids: bool) -> list[tuple[str, str, str]]:
        result = run_preview(REPO, stack=stack, packs=specs, progress=lambda _: None, known_ids=known_ids)
        return sorted((v.policy, v.urn, v.enforcement_level) for v in result.violations)

    assert verdicts(known_ids=False) == verdicts(known_ids=True)
