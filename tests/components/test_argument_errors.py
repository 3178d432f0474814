"""Bad arguments: every problem of a component comes at once in one InvalidArgumentError, each naming the
component, the field and the rule, and a misspelt argument names the one meant."""

from __future__ import annotations

import gc
import json
from typing import Any

import pulumi
import pytest
from retail_ai_policies.rules import RELAXATION_TAG

from retail_ai_components import (
    BurstCluster,
    EasService,
    Guardrails,
    InvalidArgumentError,
    Network,
    SecureBucket,
)
from retail_ai_components.preview.recorder import record_resources

EAS: dict[str, Any] = {
    "network": {},  # checked after the arguments' own rules, so not reached here
    "resources": {"instance_type": "ecs.g7.2xlarge"},
    "dedicated_gateway_id": "gw-abc123",
    "model": {"path": "oss://acme-models/ranking/", "processor": "pmml"},
}


def test_every_problem_of_the_arguments_is_reported_at_once(record) -> None:
    args: Any = {"zone_ids": [], "nat": "sometimes", "cidr_blok": "10.0.0.0/8", "nat_bandwidth_mbps": 0}
    with pytest.raises(InvalidArgumentError) as caught:
        record(lambda: Network("shop", args))
    assert [field for field, _ in caught.value.problems] == [
        "zone_ids",
        "nat",
        "nat_bandwidth_mbps",
        "cidr_blok",
    ]
    lines = str(caught.value).splitlines()
    assert len(lines) == 4
    assert all(line.startswith("Network 'shop': ") for line in lines)
    assert "Network 'shop': nat: Input should be 'none', 'single' or 'per_zone'" in lines
    assert (caught.value.field, caught.value.rule) == caught.value.problems[0]


@pytest.mark.parametrize(
    "program,field,meant",
    [
        (
            lambda: EasService(
                "ranking",
                {**EAS, "autoscaling": {"min_replicas": 1, "max_replicas": 4, "qps_per_replicas": 50}},
            ),
            "autoscaling.qps_per_replicas",
            "qps_per_replica",
        ),
        (
            lambda: Network("shop", {"zone_ids": ["cn-hangzhou-i"], "zone_id": ["cn-hangzhou-j"]}),
            "zone_id",
            "zone_ids",
        ),
        (
            lambda: SecureBucket("data", {"bucket_name": "acme-data", "reader_roles": ["trainer"]}),
            "reader_roles",
            "reader_role_names",
        ),
    ],
    ids=["nested", "network", "bucket"],
)
def test_a_misspelt_argument_names_the_one_meant(record, program, field, meant) -> None:
    with pytest.raises(InvalidArgumentError) as caught:
        record(program)
    assert caught.value.problems == [(field, f"is not a known argument (did you mean {meant!r}?)")]


def test_an_unknown_argument_close_to_none_lists_the_arguments_there_are(record) -> None:
    with pytest.raises(InvalidArgumentError) as caught:
        record(lambda: SecureBucket("data", {"bucket_name": "acme-data", "versionning": True}))  # type: ignore[typeddict-unknown-key]
    assert caught.value.field == "versionning"
    assert caught.value.rule.startswith("is not a known argument (it takes access_log_bucket, ")
    assert "writer_role_names)" in caught.value.rule


# ----------------------------------------------------------------- inputs the fuzz found crashing or accepted

OTHER_REGION_KEY = "acs:kms:cn-beijing:1234567890123456:key/key-bjs62f1cb66fa42qo9bgl"


def _refused(exc: BaseException) -> InvalidArgumentError:
    """The InvalidArgumentError behind ``exc``: an Output's value refused once known fails the resource that
    takes it, and the SDK wraps the error in the ValueError of that registration."""
    # The failed program leaves tasks pending; their finalizers run now rather than inside a later import,
    # where CPython 3.11 can fail the import's parse ("AST constructor recursion depth mismatch").
    gc.collect()
    seen: BaseException | None = exc
    while seen is not None and not isinstance(seen, InvalidArgumentError):
        seen = seen.__cause__
    assert seen is not None, f"{type(exc).__name__}: {exc}"
    return seen


def test_a_network_given_as_an_output_is_refused_by_name(record) -> None:
    ref: Any = {"zone_ids": ["cn-hangzhou-i"]}

    def program() -> None:
        network = Network("shop", ref)
        BurstCluster("burst", {"network": pulumi.Output.from_input(network.ref())})

    with pytest.raises(InvalidArgumentError) as caught:
        record(program)
    assert caught.value.field == "network"
    assert "is a pulumi Output; pass the Network itself or its ref" in caught.value.rule


def test_an_explicit_region_other_than_the_stacks_is_refused(record) -> None:
    with pytest.raises(InvalidArgumentError) as caught:
        record(lambda: Network("shop", {"zone_ids": ["cn-beijing-a"], "region": "cn-beijing"}))
    assert caught.value.field == "region"
    assert "'cn-beijing' is not the stack's region 'cn-hangzhou'" in caught.value.rule


def test_an_explicit_region_needs_the_stacks_region_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ALICLOUD_REGION", raising=False)
    monkeypatch.delenv("ALIBABA_CLOUD_REGION", raising=False)
    with pytest.raises(InvalidArgumentError) as caught:
        record_resources(lambda: SecureBucket("data", {"bucket_name": "acme-data", "region": "cn-hangzhou"}))
    assert caught.value.field == "region"
    assert "set alicloud:region to 'cn-hangzhou'" in caught.value.rule


@pytest.mark.parametrize(
    "key,rule",
    [
        (OTHER_REGION_KEY, "names region 'cn-beijing'; the component deploys to 'cn-hangzhou'"),
        ("*", "a wildcard would name every key of the account"),
        ("acs:kms:cn-hangzhou:*:key/key-abc", "names no account ID in its ARN"),
        ("acs:kms:*:1234567890123456:key/key-abc", "names no region in its ARN"),
        ("acs:ram::1234567890123456:role/admin", "is not a KMS key ARN"),
    ],
    ids=["other-region", "wildcard", "any-account", "any-region", "not-kms"],
)
def test_a_kms_key_of_another_region_or_a_wildcard_is_refused(record, key: str, rule: str) -> None:
    with pytest.raises(InvalidArgumentError) as caught:
        record(lambda: SecureBucket("data", {"bucket_name": "acme-data", "kms_key_id": key}))
    assert caught.value.field == "kms_key_id"
    assert rule in caught.value.rule


def test_a_kms_key_arn_of_the_region_is_granted_as_given(record) -> None:
    arn = "acs:kms:cn-hangzhou:1234567890123456:key/key-hzz62f1cb66fa42qo9bgl"
    run = record(
        lambda: SecureBucket(
            "data", {"bucket_name": "acme-data", "kms_key_id": arn, "reader_role_names": ["ml"]}
        )
    )
    (policy,) = [r for r in run.resources if r.type == "alicloud:ram/policy:Policy"]
    resources = [
        res for st in json.loads(policy.inputs["policyDocument"])["Statement"] for res in st["Resource"]
    ]
    assert arn in resources


@pytest.mark.parametrize(
    "args,field",
    [
        ({"kms_key_id": "*"}, "kms_key_id"),
        ({"kms_key_id": OTHER_REGION_KEY}, "kms_key_id"),
        ({"kms_key_id": {"not": "a string"}}, "kms_key_id"),
    ],
    ids=["wildcard", "other-region", "wrong-shape"],
)
def test_an_output_is_refused_by_name_once_its_value_is_known(
    record, args: dict[str, Any], field: str
) -> None:
    def program() -> None:
        given = {key: pulumi.Output.from_input(value) for key, value in args.items()}
        SecureBucket("data", {"bucket_name": "acme-data", "reader_role_names": ["ml"], **given})

    with pytest.raises(Exception) as caught:
        record(program)
    refused = _refused(caught.value)
    assert refused.field == field
    assert refused.rule.endswith("(the value of a pulumi Output)")


def test_a_wildcard_bucket_name_from_an_output_never_reaches_a_policy(record) -> None:
    with pytest.raises(Exception) as caught:
        record(lambda: Guardrails("guard", {"trail_bucket": pulumi.Output.from_input("*")}))
    refused = _refused(caught.value)
    assert refused.field == "trail_bucket"
    assert "'*' holds a wildcard ('*' or '?'), which a RAM policy reads as every bucket" in refused.rule


def test_an_outputs_value_only_needs_to_be_harmless(record) -> None:
    # An offline preview stands in for another stack's output it cannot know with a placeholder, which is no
    # bucket name or ARN: an Output's value is held to no wildcard, a plain value to the whole rule.
    placeholder = "placeholder-unknown-output-clusterRrsa.oidcProviderArn"
    run = record(
        lambda: Guardrails(
            "guard", {"trail_bucket": pulumi.Output.from_input(placeholder.replace("Rrsa", "Trail"))}
        )
    )
    assert any(r.type == "alicloud:actiontrail/trail:Trail" for r in run.resources)
    with pytest.raises(InvalidArgumentError) as caught:
        record(lambda: Guardrails("guard", {"trail_bucket": placeholder}))
    assert caught.value.field == "trail_bucket"


@pytest.mark.parametrize("secret", ["my secret key!", "my secret key! " + "s" * 200], ids=["short", "long"])
def test_a_secret_outputs_value_is_not_shown_when_refused(record, secret: str) -> None:
    def program() -> None:
        key = pulumi.Output.secret(secret)
        SecureBucket("data", {"bucket_name": "acme-data", "kms_key_id": key})

    with pytest.raises(Exception) as caught:
        record(program)
    refused = _refused(caught.value)
    assert "[secret]" in refused.rule
    assert "my secret" not in str(caught.value)


def test_a_tier_listed_twice_is_refused(record) -> None:
    with pytest.raises(InvalidArgumentError) as caught:
        record(lambda: Network("shop", {"zone_ids": ["cn-hangzhou-i"], "tiers": ["data", "pods", "data"]}))
    assert (caught.value.field, caught.value.rule) == ("tiers", "tier 'data' is listed more than once")


def test_a_value_nested_past_the_limit_is_refused_without_exhausting_the_stack(record) -> None:
    deep: Any = "data"
    for _ in range(5000):
        deep = [deep]
    with pytest.raises(InvalidArgumentError) as caught:
        record(lambda: Network("shop", {"zone_ids": ["cn-hangzhou-i"], "tiers": deep}))
    assert caught.value.field == "tiers" + "[0]" * 31  # 32 levels from the arguments themselves
    assert caught.value.rule == "nests lists and dicts deeper than 32 levels"


def _relaxations(run: Any, name: str) -> list[str]:
    (resource,) = [r for r in run.resources if r.name == name]
    return str((resource.inputs.get("tags") or {}).get(RELAXATION_TAG, "")).split(",")


def test_protect_false_tags_every_child_it_leaves_unprotected(record) -> None:
    run = record(lambda: SecureBucket("data", {"bucket_name": "acme-data", "protect": False}))
    assert _relaxations(run, "data-bucket") == ["protect=false"]
    assert _relaxations(run, "data-kms-key") == ["protect=false"]
    protected = record(lambda: SecureBucket("data", {"bucket_name": "acme-data"}))
    assert _relaxations(protected, "data-bucket") == [""]


def test_the_protect_option_false_is_a_relaxation_too(record) -> None:
    run = record(
        lambda: SecureBucket(
            "data",
            {"bucket_name": "acme-data", "allow_insecure_transport": True},
            opts=pulumi.ResourceOptions(protect=False),
        )
    )
    assert _relaxations(run, "data-bucket") == ["protect=false", "allow_insecure_transport"]


def test_deletion_protection_false_tags_the_cluster(record) -> None:
    def program() -> None:
        network = Network("shop", {"zone_ids": ["cn-hangzhou-i", "cn-hangzhou-j"]})
        BurstCluster("burst", {"network": network, "deletion_protection": False})

    run = record(program)
    assert _relaxations(run, "burst-cluster") == ["deletion_protection=false"]
