"""Fuzzing every component's arguments: the only exception a user ever sees is InvalidArgumentError, and no
accepted argument builds an internet-wide rule, a wildcard grant, a foreign registry or a cross-region
placement.

Each example starts from a component's valid required arguments (refs made by hand, as a company adopting an
existing VPC writes them) and breaks one to three of them: a wrong type, an empty or huge value, a wildcard,
the internet CIDR, non-ASCII digits, a zone or endpoint of another region, a look-alike registry host.
Bounded (a few dozen examples per component, no shrinking database) so `make test` stays fast.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import pulumi
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from retail_ai_policies.rules import image_host, is_registry_vpc_endpoint, zone_in_region

from retail_ai_components import (
    BurstCluster,
    ContainerRegistry,
    DataWarehouse,
    EasService,
    FeatureStore,
    GpuTraining,
    Guardrails,
    InvalidArgumentError,
    Network,
    Observability,
    SecureBucket,
    VectorStore,
)
from retail_ai_components.preview.recorder import ProgramRun, record_resources

REGION = "cn-hangzhou"
ZONES = ["cn-hangzhou-i", "cn-hangzhou-j"]
TIERS = ["inference", "data", "pods", "training"]

NETWORK_REF: dict[str, Any] = {
    "region": REGION,
    "vpc_id": "vpc-adopted",
    "cidr_block": "10.0.0.0/8",
    "zone_ids": ZONES,
    "vswitch_ids": {t: {z: f"vsw-{t}-{z[-1]}" for z in ZONES} for t in TIERS},
    "vswitch_cidr_blocks": {
        t: {z: f"10.{16 * i + j}.0.0/20" for j, z in enumerate(ZONES)} for i, t in enumerate(TIERS)
    },
    "security_group_ids": {t: f"sg-{t}" for t in TIERS},
}
CLUSTER_REF: dict[str, Any] = {
    "cluster_id": "c-adopted",
    "network": NETWORK_REF,
    "zone_ids": ZONES,
    "rrsa_oidc_provider_arn": "acs:ram::1234567890123456:oidc-provider/ack-rrsa-c-adopted",
    "rrsa_oidc_issuer_url": "https://oidc-ack-cn-hangzhou.oss-cn-hangzhou-internal.aliyuncs.com/c-adopted",
}
IMAGE = "registry-vpc.cn-hangzhou.aliyuncs.com/acme/ranking:1.0"
PASSWORD = "<secret password>"  # made a secret Output inside the program, on the program's event loop


def _program(make: Callable[[str, Any], Any], args: dict[str, Any]) -> Callable[[], None]:
    def run() -> None:
        tair = args.get("tair")
        if isinstance(tair, dict) and tair.get("password") == PASSWORD:
            tair["password"] = pulumi.Output.secret("Fuzz-not-a-real-password-1")
        if args.get("db_admin_password") == PASSWORD:
            args["db_admin_password"] = pulumi.Output.secret("Fuzz-not-a-real-password-1")
        make("fuzz", args)

    return run


# name, constructor, required arguments, paths a mutation may hit (nested with dots)
COMPONENTS: list[tuple[str, Callable[[str, Any], Any], dict[str, Any], list[str]]] = [
    (
        "Network",
        Network,
        {"zone_ids": ZONES},
        [
            "zone_ids",
            "zone_ids.0",
            "cidr_block",
            "nat",
            "tiers",
            "vswitch_prefix_lengths",
            "nat_bandwidth_mbps",
        ],
    ),
    (
        "SecureBucket",
        SecureBucket,
        {"bucket_name": "acme-fuzz-data"},
        [
            "bucket_name",
            "reader_role_names",
            "writer_role_names",
            "break_glass_role_name",
            "account_id",
            "access_log_bucket",
            "archive_after_days",
            "redundancy",
            "tags",
        ],
    ),
    (
        "BurstCluster",
        BurstCluster,
        {"network": NETWORK_REF},
        [
            "network",
            "network.region",
            "network.cidr_block",
            "network.zone_ids",
            "network.vswitch_ids",
            "burst",
            "burst.images",
            "service_cidr",
            "kubernetes_version",
        ],
    ),
    (
        "FeatureStore",
        FeatureStore,
        {
            "network": NETWORK_REF,
            "inference_zone_id": "cn-hangzhou-i",
            "flink_state_bucket": "acme-flink-state",
            "tair": {"password": PASSWORD},
        },
        [
            "network",
            "network.region",
            "network.cidr_block",
            "inference_zone_id",
            "tair.secondary_zone_id",
            "tair.tls",
            "ecs_nodes.image_id",
            "flink_state_bucket",
            "engine",
            "events_per_second",
            "flink_cu",
        ],
    ),
    (
        "EasService",
        EasService,
        {
            "network": NETWORK_REF,
            "container": {"image": IMAGE},
            "resources": {"instance_type": "ecs.c7.2xlarge"},
            "alerts": {"contact_group": "oncall", "throughput_warn_qps": 1000},
            "dedicated_gateway_id": "gw-fuzz",
        },
        [
            "network",
            "network.region",
            "container.image",
            "resources",
            "resources.instance_type",
            "alerts.contact_group",
            "service_name",
            "dedicated_gateway_id",
            "autoscaling",
        ],
    ),
    (
        "ContainerRegistry",
        ContainerRegistry,
        {"network": NETWORK_REF, "namespaces": ["retail"]},
        ["network", "network.region", "namespaces", "namespaces.0", "instance_name", "ci", "endpoint_tier"],
    ),
    (
        "VectorStore",
        VectorStore,
        {"network": NETWORK_REF, "db_admin_password": PASSWORD},
        [
            "network",
            "network.region",
            "network.zone_ids",
            "db_admin_password",
            "ha",
            "hnsw",
            "hnsw.m",
            "query_cu",
            "kms_key_id",
        ],
    ),
    (
        "DataWarehouse",
        DataWarehouse,
        {"network": NETWORK_REF},
        ["network", "network.cidr_block", "project_name", "reader_role_name", "backup_retention_days"],
    ),
    (
        "GpuTraining",
        GpuTraining,
        {
            "cluster": CLUSTER_REF,
            "checkpoint_bucket_name": "acme-fuzz-checkpoints",
            "training_data_bucket": "acme-fuzz-data",
        },
        [
            "cluster",
            "cluster.network",
            "cluster.network.region",
            "cluster.zone_ids",
            "training_data_bucket",
            "checkpoint_bucket_name",
            "instance_types",
            "max_nodes",
        ],
    ),
    (
        "Observability",
        Observability,
        {
            "cluster": CLUSTER_REF,
            "services": [{"service": "ranking_prod"}],
            "scrape": {"pod_labels": {"app": "inference-proxy"}},
            "oncall": [{"name": "oncall", "email": "oncall@example.com"}],
        },
        [
            "cluster",
            "cluster.network.region",
            "services",
            "services.0",
            "scrape",
            "oncall",
            "latency_histogram",
            "for_minutes",
        ],
    ),
    (
        "Guardrails",
        Guardrails,
        {"trail_bucket": "acme-audit-trail"},
        ["trail_bucket", "families", "trail_prefix", "trail_name"],
    ),
]

# Values a real user would plausibly write, so that accepted arguments are explored too, not only refusals.
PLAUSIBLE: dict[str, list[Any]] = {
    "zone_ids": [["cn-hangzhou-i"], ["cn-hangzhou-i", "cn-hangzhou-j", "cn-hangzhou-k"]],
    "zone_ids.0": ["cn-hangzhou-k"],
    "cidr_block": ["172.16.0.0/12", "192.168.0.0/16", "10.0.0.0/16"],
    "nat": ["single", "per_zone", "none"],
    "tiers": [["inference", "data"], ["pods", "training"]],
    "vswitch_prefix_lengths": [{"data": 24}, {"pods": 18}],
    "nat_bandwidth_mbps": [1, 200],
    "reader_role_names": [["trainer"], ["trainer", "eval"]],
    "writer_role_names": [["ingest"]],
    "break_glass_role_name": ["breakglass"],
    "account_id": ["1234567890123456"],
    "access_log_bucket": ["acme-logs"],
    "archive_after_days": [30, 365],
    "redundancy": ["ZRS", "LRS"],
    "tags": [{"team": "ml"}],
    "burst": [{"images": [IMAGE]}, {}],
    "burst.images": [[IMAGE, "registry-vpc.cn-hangzhou.aliyuncs.com/acme/feed:2"]],
    "service_cidr": ["172.21.0.0/20", "192.168.0.0/20"],
    "network.zone_ids": [["cn-hangzhou-i"]],
    "tair.secondary_zone_id": ["cn-hangzhou-j"],
    "ecs_nodes.image_id": ["aliyun_3_x64"],
    "engine": ["ecs_essd_pl3", "tair_persistent_memory"],
    "events_per_second": [5000, 100],
    "flink_cu": [8, 2],
    "flink_state_bucket": ["acme-other-state"],
    "autoscaling": [{"min_replicas": 2, "max_replicas": 50, "qps_per_replica": 300}],
    "resources": [{"dedicated_resource_group_id": "eas-r-abc", "instance_type": "ecs.c7.4xlarge"}],
    "resources.instance_type": ["ecs.c7.4xlarge", "ecs.g7.2xlarge"],
    "service_name": ["ranking_v2", "ranking2"],
    "instance_types": [["ecs.gn7e-c16g1.32xlarge"]],
    "max_nodes": [1, 4],
    "training_data_bucket": ["acme-data-2"],
    "cluster.zone_ids": [["cn-hangzhou-i"]],
    "namespaces": [["retail", "ml"], ["a1"]],
    "namespaces.0": ["ml-models"],
    "instance_name": ["acme-registry"],
    "ci": [
        {
            "provider_arn": "acs:ram::1234567890123456:oidc-provider/github",
            "issuer_url": "https://token.actions.githubusercontent.com",
            "subject": "repo:acme/ranking:ref:refs/heads/main",
        }
    ],
    "endpoint_tier": ["data", "pods"],
    "ha": [False, True],
    "hnsw": [{"m": 32, "ef_construction": 256}, {"metric_type": "IP"}],
    "hnsw.m": [8, 64],
    "query_cu": [2, 16],
    "kms_key_id": ["key-existing"],
    "project_name": ["shop_batch"],
    "reader_role_name": ["ml_reader"],
    "backup_retention_days": [1, 30],
    "services": [[{"service": "a_b", "max_qps": 100}], [{"service": "ranking", "p99_latency_ms": 50}]],
    "services.0": [{"service": "ranking_dev", "max_error_ratio": 0.05}],
    "oncall": [[{"name": "ops", "phone": "+8613800000000"}]],
    "scrape": [{"pod_labels": {"app.kubernetes.io/name": "gateway"}, "namespace": "serving"}],
    "latency_histogram": ["rt_seconds"],
    "for_minutes": [1, 10],
    "families": [["private-acl"], ["single-region", "intranet-only"]],
    "trail_prefix": ["audit/"],
    "trail_name": ["shop_trail"],
}

# Actions RAM authorizes on no resource at all, so their Allow on * is the only form there is.
RESOURCELESS_ACTIONS = {"cr:GetAuthorizationToken"}

HOSTILE: list[Any] = [
    None,
    "",
    "a",
    "x" * 300,
    "*",
    "acme-*",
    "0.0.0.0/0",
    "::/0",
    "10.0.0.0/33",
    "not-a-cidr",
    "\uff11\uff12",  # full-width digits, which a regex's \d also matches
    "\u0663",  # an Arabic-Indic digit
    "cn-beijing-a",
    "cn-beijing",
    "",
    "docker.io/library/nginx:1.27",
    "registry-vpc.cn-hangzhou.aliyuncs.com.evil.example/acme/ranking:1",
    "evil-registry-vpc.cn-beijing.cr.aliyuncs.com/acme/ranking:1",
    "oss://other-bucket/model",
    "acs:ram::*:role/admin",
    -1,
    0,
    10**9,
    1.5,
    True,
    [],
    {},
    ["*"],
    ["0.0.0.0/0"],
    {"a": 1},
    [1, 2],
    b"bytes",
]


def _set(args: dict[str, Any], path: str, value: Any) -> None:
    keys = path.split(".")
    target: Any = args
    for key in keys[:-1]:
        if isinstance(target, list):
            if not key.isdigit() or int(key) >= len(target):
                return
            target = target[int(key)]
            continue
        if not isinstance(target, dict):
            return
        if key not in target or not isinstance(target[key], (dict, list)):
            target[key] = {}
        target = target[key]
    last = keys[-1]
    if isinstance(target, list):
        if last.isdigit() and int(last) < len(target):
            target[int(last)] = value
    elif isinstance(target, dict):
        if value is None and last in target:
            del target[last]  # a missing argument, as a user who leaves it out
        else:
            target[last] = value


# --------------------------------------------------------------------------------------------- invariants


def _walk(value: Any) -> Iterator[tuple[str, Any]]:
    stack: list[tuple[str, Any]] = [("", value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, dict):
            stack.extend((f"{path}.{k}", v) for k, v in item.items())
        elif isinstance(item, list):
            stack.extend((f"{path}[{i}]", v) for i, v in enumerate(item))
        else:
            yield path, item


def _documents(inputs: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for key in ("policy", "policyDocument", "assumeRolePolicyDocument", "document"):
        raw = inputs.get(key)
        if isinstance(raw, str):
            try:
                parsed = json.loads(raw)
            except ValueError:
                continue
            if isinstance(parsed, dict):
                yield parsed


def violations(run: ProgramRun, allow_public_registry: bool) -> list[str]:
    found = []
    for r in run.resources:
        inputs = r.inputs or {}
        if r.type == "alicloud:ecs/securityGroupRule:SecurityGroupRule" and inputs.get("type") == "ingress":
            for key in ("cidrIp", "ipv6CidrIp"):
                if inputs.get(key) in ("0.0.0.0/0", "::/0"):
                    found.append(f"{r.name}: ingress from {inputs[key]}")
        for document in _documents(inputs):
            for statement in document.get("Statement", []):
                if statement.get("Effect") != "Allow":
                    continue
                actions = statement.get("Action", [])
                if set([actions] if isinstance(actions, str) else actions) <= RESOURCELESS_ACTIONS:
                    continue
                resources = statement.get("Resource", [])
                resources = [resources] if isinstance(resources, str) else resources
                for resource in resources:
                    if resource == "*" or re.fullmatch(r"acs:oss:[^:]*:[^:]*:\*(/.*)?", str(resource)):
                        found.append(f"{r.name}: Allow on {resource}")
        for path, value in _walk(inputs):
            if not isinstance(value, str):
                continue
            leaf = path.rsplit(".", 1)[-1].lower()
            if leaf.endswith("zoneid") and value and not zone_in_region(value, REGION):
                found.append(f"{r.name}: {path} = {value}")
            endpoint = re.search(r"\b(cn|ap|eu|us|me)-[a-z]+(-\d)?\b", value) and "aliyuncs.com" in value
            if endpoint and REGION not in value:
                found.append(f"{r.name}: {path} points at another region: {value}")
            host = image_host(value) if leaf in ("image", "images") or "image" in path.lower() else ""
            if host and not allow_public_registry and not is_registry_vpc_endpoint(host, REGION):
                found.append(f"{r.name}: {path} pulls from {host}")
    return found


# --------------------------------------------------------------------------------------------- the test


def _mutation(path: str) -> st.SearchStrategy[tuple[str, Any]]:
    hostile = st.sampled_from(HOSTILE)
    plausible = PLAUSIBLE.get(path)
    values = st.one_of(st.sampled_from(plausible), hostile) if plausible else hostile
    return st.tuples(st.just(path), values)


def _mutations(paths: list[str]) -> st.SearchStrategy[list[tuple[str, Any]]]:
    return st.lists(st.sampled_from(paths).flatmap(_mutation), min_size=1, max_size=3)


def _check(name: str, make: Callable[[str, Any], Any], base: dict[str, Any], changes: list[tuple[str, Any]]):
    args = copy.deepcopy(base)
    for path, value in changes:
        _set(args, path, copy.deepcopy(value))
    try:
        run = record_resources(_program(make, args), config={"alicloud:region": REGION})
    except InvalidArgumentError:
        return
    except Exception as exc:
        raise AssertionError(f"{name} with {changes!r} raised {type(exc).__name__}: {exc}") from exc
    burst = args.get("burst") if isinstance(args.get("burst"), dict) else {}
    problems = violations(run, allow_public_registry=bool(burst.get("allow_public_registry")))
    assert not problems, f"{name} accepted {changes!r} and built: {problems}"


FUZZ = settings(
    max_examples=60,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _fuzz_test(index: int) -> Callable[..., None]:
    name, make, base, paths = COMPONENTS[index]

    @FUZZ
    @given(changes=_mutations(paths))
    def test(changes: list[tuple[str, Any]]) -> None:
        _check(name, make, base, changes)

    test.__name__ = f"test_fuzz_{name}"
    return test


test_fuzz_network = _fuzz_test(0)
test_fuzz_secure_bucket = _fuzz_test(1)
test_fuzz_burst_cluster = _fuzz_test(2)
test_fuzz_feature_store = _fuzz_test(3)
test_fuzz_eas_service = _fuzz_test(4)
test_fuzz_container_registry = _fuzz_test(5)
test_fuzz_vector_store = _fuzz_test(6)
test_fuzz_data_warehouse = _fuzz_test(7)
test_fuzz_gpu_training = _fuzz_test(8)
test_fuzz_observability = _fuzz_test(9)
test_fuzz_guardrails = _fuzz_test(10)


def test_the_required_arguments_alone_build_each_component() -> None:
    # The fuzz starts from these; if they did not build, every example would only test the refusal.
    for name, make, base, _ in COMPONENTS:
        run = record_resources(_program(make, copy.deepcopy(base)), config={"alicloud:region": REGION})
        assert run.resources, name
        assert not violations(run, allow_public_registry=False), name
