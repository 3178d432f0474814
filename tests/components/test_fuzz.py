"""Fuzzing every component's arguments: the only exception a user ever sees is InvalidArgumentError, and no
accepted argument builds an internet-wide rule, a wildcard grant, a foreign registry or a cross-region
placement.

Each example starts from a component's valid required arguments (refs made by hand, as a company adopting an
existing VPC writes them) and breaks one to three of them: a wrong type, an empty or huge value, a wildcard,
the internet CIDR, non-ASCII digits, a zone, endpoint, region or KMS key of another region, a look-alike
registry host, a value nested 2,000 deep, an argument (or a whole ref) given as a pulumi Output of the right
or the wrong shape, a relaxation (``protect=False``) that must be tagged.

An Output's value is only known when it resolves: a component refuses a bad one then, and the resource that
takes it fails to register with the SDK's ValueError around the component's InvalidArgumentError (what
``pulumi up`` shows, the field named). That counts as a refusal; any other exception is a crash.

Every defect found so far is an explicit example, run first in every profile. The ``ci`` profile (the
default, what `make test` runs) is derandomized and bounded; ``FUZZ_PROFILE=explore`` draws ten times as many
fresh examples on each run, for hunting new defects by hand.
"""

from __future__ import annotations

import copy
import gc
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pulumi
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from retail_ai_policies.rules import (
    RELAXATION_TAG,
    image_host,
    is_region_id,
    is_registry_vpc_endpoint,
    zone_in_region,
)

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


OTHER_REGION_KEY = "acs:kms:cn-beijing:1234567890123456:key/key-bjs62f1cb66fa42qo9bgl"


@dataclass(frozen=True)
class AsOutput:
    """``value`` as a pulumi Output (made inside the program, on its event loop)."""

    value: Any


@dataclass(frozen=True)
class Deep:
    """``leaf`` inside ``depth`` nested lists, built inside the program (copying it would exhaust the stack)."""

    depth: int
    leaf: Any = "data"


class _Current:
    """A mutation's value that stands for the value already at its path (``AsOutput(CURRENT)``: the same, as
    an Output)."""

    def __repr__(self) -> str:
        return "CURRENT"


CURRENT = _Current()


def _materialized(value: Any) -> Any:
    """``value`` with its markers made real, without recursion (a Deep value nests past the stack's depth)."""
    if isinstance(value, Deep):
        built = value.leaf
        for _ in range(value.depth):
            built = [built]
        return built
    if isinstance(value, AsOutput):
        return pulumi.Output.from_input(_materialized(value.value))
    if value == PASSWORD:
        return pulumi.Output.secret("Fuzz-not-a-real-password-1")
    if isinstance(value, (dict, list)):
        stack = [value]
        while stack:
            container = stack.pop()
            keys = container.keys() if isinstance(container, dict) else range(len(container))
            for key in list(keys):
                item = container[key]
                if isinstance(item, (dict, list)):
                    stack.append(item)
                elif isinstance(item, (Deep, AsOutput)) or item == PASSWORD:
                    container[key] = _materialized(item)
    return value


def _program(make: Callable[[str, Any], Any], args: dict[str, Any]) -> Callable[[], None]:
    def run() -> None:
        make("fuzz", _materialized(args))

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
            "region",
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
            "region",
            "kms_key_id",
            "protect",
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
            "network.vpc_id",
            "secrets_kms_key_id",
            "protect",
            "deletion_protection",
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
            "flink_state_kms_key_id",
            "protect",
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
        [
            "network",
            "network.region",
            "namespaces",
            "namespaces.0",
            "instance_name",
            "ci",
            "endpoint_tier",
            "protect",
        ],
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
            "protect",
        ],
    ),
    (
        "DataWarehouse",
        DataWarehouse,
        {"network": NETWORK_REF},
        [
            "network",
            "network.cidr_block",
            "project_name",
            "reader_role_name",
            "backup_retention_days",
            "protect",
        ],
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
            "cluster.rrsa_oidc_provider_arn",
            "cluster.rrsa_oidc_issuer_url",
            "training_data_bucket",
            "checkpoint_bucket_name",
            "instance_types",
            "max_nodes",
            "training_data_kms_key_id",
            "cluster.kms_key_id",
            "protect",
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
        ["trail_bucket", "families", "trail_prefix", "trail_name", "trail_bucket_kms_key_id", "region"],
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
    "kms_key_id": ["key-existing", f"acs:kms:{REGION}:1234567890123456:key/key-hzz62f1cb66fa42qo9bgl"],
    "secrets_kms_key_id": ["key-hzz62f1cb66fa42qo9bgl"],
    "flink_state_kms_key_id": ["key-hzz62f1cb66fa42qo9bgl"],
    "training_data_kms_key_id": [f"acs:kms:{REGION}:1234567890123456:key/key-hzz62f1cb66fa42qo9bgl"],
    "cluster.kms_key_id": ["key-hzz62f1cb66fa42qo9bgl"],
    "trail_bucket_kms_key_id": ["key-hzz62f1cb66fa42qo9bgl"],
    "protect": [False, True],
    "deletion_protection": [False, True],
    "region": [REGION],
    "network.vpc_id": ["vpc-other"],
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

# Children that hold data, protected by default: unprotected, each must carry the relaxation tag. (A logstore
# takes no tags; its project carries the tag for it.)
STATEFUL_TYPES = {
    "alicloud:cr/registryEnterpriseInstance:RegistryEnterpriseInstance",
    "alicloud:cs/managedKubernetes:ManagedKubernetes",
    "alicloud:ecs/instance:Instance",
    "alicloud:index/milvusInstance:MilvusInstance",
    "alicloud:kms/key:Key",
    "alicloud:log/project:Project",
    "alicloud:maxcompute/project:Project",
    "alicloud:oss/bucket:Bucket",
    "alicloud:realtimecompute/vvpInstance:VvpInstance",
    "alicloud:redis/tairInstance:TairInstance",
}
# An ARN's region: acs:<service>:<region>:<account>:<resource>.
ARN_REGION = re.compile(r"\bacs:[a-z-]+:([a-z0-9-]+):")

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
    ["data", "data"],
    float("nan"),
    float("inf"),
    10**100,
    "\x00",
    "\u3000",  # an ideographic space, which str.strip() removes
    {1: "a"},
    {"*": "*"},
    ("a", "b"),
    Deep(2000),
    OTHER_REGION_KEY,
    "acs:kms:cn-hangzhou:*:key/*",
    AsOutput(CURRENT),
    AsOutput("*"),
    AsOutput(OTHER_REGION_KEY),
    AsOutput({"a": 1}),
    AsOutput(5),
    AsOutput(None),
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
    if isinstance(value, AsOutput) and value.value is CURRENT:
        current = target.get(last) if isinstance(target, dict) else None
        value = AsOutput(current) if current is not None else None
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
                principal = statement.get("Principal") or {}
                trusted = [("", principal)] if isinstance(principal, str) else list(_walk(principal))
                for _, who in trusted:
                    if "*" in str(who):
                        found.append(f"{r.name}: Allow to the principal {who}")
                actions = statement.get("Action", [])
                if set([actions] if isinstance(actions, str) else actions) <= RESOURCELESS_ACTIONS:
                    continue
                resources = statement.get("Resource", [])
                resources = [resources] if isinstance(resources, str) else resources
                for resource in resources:
                    if resource == "*" or re.fullmatch(
                        r"acs:(oss:[^:]*:[^:]*:|kms:[^:]*:[^:]*:key/)\*(/.*)?", str(resource)
                    ):
                        found.append(f"{r.name}: Allow on {resource}")
        for path, value in _walk(inputs):
            if not isinstance(value, str):
                continue
            leaf = path.rsplit(".", 1)[-1].lower()
            if leaf.endswith("zoneid") and value and not zone_in_region(value, REGION):
                found.append(f"{r.name}: {path} = {value}")
            if "region" in leaf and is_region_id(value) and value != REGION:
                found.append(f"{r.name}: {path} = {value}")
            for named in ARN_REGION.findall(value):
                if named and named != REGION:
                    found.append(f"{r.name}: {path} names an ARN of {named}: {value}")
            endpoint = re.search(r"\b(cn|ap|eu|us|me)-[a-z]+(-\d)?\b", value) and "aliyuncs.com" in value
            if endpoint and REGION not in value:
                found.append(f"{r.name}: {path} points at another region: {value}")
            host = image_host(value) if leaf in ("image", "images") or "image" in path.lower() else ""
            if host and not allow_public_registry and not is_registry_vpc_endpoint(host, REGION):
                found.append(f"{r.name}: {path} pulls from {host}")
        flags = str((inputs.get("tags") or {}).get(RELAXATION_TAG, "")).split(",")
        if r.type in STATEFUL_TYPES and not r.protect and "protect=false" not in flags:
            found.append(f"{r.name}: not protected, and not tagged {RELAXATION_TAG}=protect=false")
        if (
            r.custom
            and inputs.get("deletionProtection") is False
            and "deletion_protection=false" not in flags
        ):
            found.append(f"{r.name}: deletion protection off, and not tagged {RELAXATION_TAG}")
    return found


# --------------------------------------------------------------------------------------------- the test


def _mutation(path: str) -> st.SearchStrategy[tuple[str, Any]]:
    hostile = st.sampled_from(HOSTILE)
    plausible = PLAUSIBLE.get(path)
    if not plausible:
        return st.tuples(st.just(path), hostile)
    # A plausible value as an Output too: another component's output, passed on.
    values = st.one_of(st.sampled_from(plausible), st.sampled_from(plausible).map(AsOutput), hostile)
    return st.tuples(st.just(path), values)


def _mutations(paths: list[str]) -> st.SearchStrategy[list[tuple[str, Any]]]:
    return st.lists(st.sampled_from(paths).flatmap(_mutation), min_size=1, max_size=3)


def _refusal(exc: BaseException) -> InvalidArgumentError | None:
    """The InvalidArgumentError behind ``exc``: itself, or (an Output's value refused once known) the cause
    the SDK wrapped when the resource taking that value failed to register."""
    # The failed program leaves tasks pending; their finalizers run now rather than inside a later import,
    # where CPython 3.11 can fail the import's parse ("AST constructor recursion depth mismatch").
    gc.collect()
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, InvalidArgumentError):
            return seen
        seen = seen.__cause__
    return None


def _check(
    name: str, make: Callable[[str, Any], Any], base: dict[str, Any], changes: list[tuple[str, Any]]
) -> None:
    args = copy.deepcopy(base)
    for path, value in changes:
        # Markers are immutable (and a copy of CURRENT would no longer be CURRENT).
        _set(args, path, value if isinstance(value, (Deep, AsOutput)) else copy.deepcopy(value))
    try:
        run = record_resources(_program(make, args), config={"alicloud:region": REGION})
    except Exception as exc:
        refused = _refusal(exc)
        if refused is None:
            raise AssertionError(f"{name} with {changes!r} raised {type(exc).__name__}: {exc}") from exc
        assert refused.field and refused.rule, f"{name} with {changes!r}: {refused} names no field"
        return
    burst = args["burst"] if isinstance(args.get("burst"), dict) else {}
    problems = violations(run, allow_public_registry=bool(burst.get("allow_public_registry")))
    assert not problems, f"{name} accepted {changes!r} and built: {problems}"


# No deadline (the machine is shared and slow), no example database (nothing written to the checkout).
settings.register_profile(
    "ci",
    max_examples=40,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("explore", settings.get_profile("ci"), max_examples=400, derandomize=False)
FUZZ = settings.get_profile(os.environ.get("FUZZ_PROFILE", "ci"))

# Every defect the fuzz (or a probe) has found, as the mutation that showed it: each example runs first, in
# every profile, so a fixed defect stays fixed whatever the draw.
FOUND: dict[str, list[list[tuple[str, Any]]]] = {
    "Network": [
        [("tiers", ["data", "data"])],  # a duplicate URN
        [("tiers", Deep(2000))],  # RecursionError in validation
        [("region", "cn-beijing"), ("zone_ids", ["cn-beijing-a"])],  # vSwitches in another region
    ],
    "SecureBucket": [
        [("region", "cn-beijing")],  # endpoint and key ARNs of another region
        [("kms_key_id", OTHER_REGION_KEY), ("reader_role_names", ["trainer"])],
        [("kms_key_id", AsOutput("*")), ("reader_role_names", ["trainer"])],  # acs:kms:...:key/*
        [("kms_key_id", AsOutput({"a": 1}))],  # Pulumi's AssertionError on an Output of a dict
        [("protect", False)],
    ],
    "BurstCluster": [
        [("network", AsOutput(CURRENT))],  # 'dict' object has no attribute 'ref'
        [("secrets_kms_key_id", OTHER_REGION_KEY)],
        [("protect", False)],
        [("deletion_protection", False)],
    ],
    "FeatureStore": [
        [("network", AsOutput(CURRENT))],
        [("flink_state_kms_key_id", OTHER_REGION_KEY)],
        [("flink_state_kms_key_id", AsOutput("*"))],
        [("flink_state_bucket", AsOutput("*"))],  # acs:oss:*:*:*
        [("protect", False)],
    ],
    "EasService": [[("network", AsOutput(CURRENT))]],
    "ContainerRegistry": [[("network", AsOutput(CURRENT))], [("protect", False)]],
    "VectorStore": [
        [("network", AsOutput(CURRENT))],
        [("kms_key_id", OTHER_REGION_KEY)],
        [("kms_key_id", AsOutput(5))],
        [("protect", False)],
    ],
    "DataWarehouse": [[("network", AsOutput(CURRENT))], [("protect", False)]],
    "GpuTraining": [
        [("cluster", AsOutput(CURRENT))],
        [("training_data_kms_key_id", OTHER_REGION_KEY)],
        [("training_data_kms_key_id", AsOutput("*"))],
        [("cluster.kms_key_id", OTHER_REGION_KEY)],
        [("cluster.rrsa_oidc_provider_arn", "acs:ram::*:oidc-provider/*")],  # trusts every provider
        [("training_data_bucket", AsOutput("*"))],
        [("protect", False)],
    ],
    "Observability": [[("cluster", AsOutput(CURRENT))]],
    "Guardrails": [
        [("region", "cn-beijing")],
        [("trail_bucket", AsOutput("*"))],
        [("trail_bucket_kms_key_id", OTHER_REGION_KEY)],
        [("trail_bucket_kms_key_id", AsOutput("*"))],
    ],
}


def _fuzz_test(index: int) -> Callable[..., None]:
    name, make, base, paths = COMPONENTS[index]

    @FUZZ
    @given(changes=_mutations(paths))
    def test(changes: list[tuple[str, Any]]) -> None:
        _check(name, make, base, changes)

    for changes in FOUND[name]:
        test = example(changes=changes)(test)
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


@FUZZ
@given(
    index=st.integers(0, len(COMPONENTS) - 1),
    name=st.sampled_from([v for v in HOSTILE if not isinstance(v, str) or not v]),
)
@example(index=0, name=5)  # Pulumi's TypeError "Expected resource name to be a string"
@example(index=10, name=None)  # AttributeError from the name's use in a derived name
@example(index=1, name="")
def test_fuzz_resource_names(index: int, name: Any) -> None:
    kind, make, base, _ = COMPONENTS[index]

    def program() -> None:
        make(_materialized(name), _materialized(copy.deepcopy(base)))

    with pytest.raises(InvalidArgumentError) as caught:
        record_resources(program, config={"alicloud:region": REGION})
    assert (caught.value.owner, caught.value.field) == (kind, "name")


def test_the_required_arguments_alone_build_each_component() -> None:
    # The fuzz starts from these; if they did not build, every example would only test the refusal.
    for name, make, base, _ in COMPONENTS:
        run = record_resources(_program(make, copy.deepcopy(base)), config={"alicloud:region": REGION})
        assert run.resources, name
        assert not violations(run, allow_public_registry=False), name
