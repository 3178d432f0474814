"""Guardrails under mocks: Cloud Config managed rules mirroring the pack, and an ActionTrail trail in region."""

from __future__ import annotations

import json

import pytest
from retail_ai_policies.cloud_config import MANAGED_RULES

from retail_ai_components import Guardrails, InvalidArgumentError, SecureBucket

RULE = "alicloud:cfg/rule:Rule"
TRAIL = "alicloud:actiontrail/trail:Trail"


def program(**extra):
    def run() -> None:
        bucket = SecureBucket("audit", {"bucket_name": "acme-audit-trail"})
        Guardrails("guard", {"trail_bucket": bucket, **extra})

    return run


def test_one_managed_rule_per_catalogue_row_scoped_to_the_region(record):
    rules = record(program()).of_type(RULE)
    assert sorted(r.inputs["sourceIdentifier"] for r in rules) == sorted(m.identifier for m in MANAGED_RULES)
    for rule in rules:
        assert rule.inputs["sourceOwner"] == "ALIYUN"
        assert all(t.startswith("ACS::") for t in rule.inputs["resourceTypesScopes"])
        if rule.inputs["sourceIdentifier"] != "resource-region-limit":
            assert rule.inputs["regionIdsScope"] == "cn-hangzhou"


def test_the_single_region_rule_flags_resources_outside_the_region(record):
    # cen-cross-region-bandwidth-check is compliant when a link's bandwidth is ABOVE a threshold: it cannot
    # flag a cross-region link. resource-region-limit reports every resource outside the regions given, so
    # it must see every region: it is not scoped to the stack's.
    rules = {r.inputs["sourceIdentifier"]: r.inputs for r in record(program()).of_type(RULE)}
    assert "cen-cross-region-bandwidth-check" not in rules
    region_limit = rules["resource-region-limit"]
    assert region_limit["inputParameters"] == {"regions": "cn-hangzhou"}
    assert "regionIdsScope" not in region_limit
    assert {"ACS::OSS::Bucket", "ACS::ECS::Instance", "ACS::ACK::Cluster"} <= set(
        region_limit["resourceTypesScopes"]
    )


def test_each_rule_is_triggered_as_its_page_documents(record):
    rules = {r.inputs["sourceIdentifier"]: r.inputs for r in record(program()).of_type(RULE)}
    for identifier in ("ack-cluster-public-endpoint-check", "polardb-public-and-any-ip-access-check"):
        assert rules[identifier]["configRuleTriggerTypes"] == "ScheduledNotification"
        assert rules[identifier]["maximumExecutionFrequency"] == "TwentyFour_Hours"
    for identifier in ("resource-region-limit", "oss-bucket-policy-no-any-anonymous"):
        assert rules[identifier]["configRuleTriggerTypes"] == "ConfigurationItemChangeNotification"
        assert "maximumExecutionFrequency" not in rules[identifier]
    for managed in MANAGED_RULES:
        assert rules[managed.identifier]["configRuleTriggerTypes"] == managed.trigger


def test_families_can_be_narrowed(record):
    rules = record(program(families=["private-acl"])).of_type(RULE)
    assert {r.inputs["sourceIdentifier"] for r in rules} == {
        m.identifier for m in MANAGED_RULES if m.family == "private-acl"
    }


def test_the_trail_records_every_region_into_the_in_region_bucket(record):
    run = record(program())
    [trail] = run.of_type(TRAIL)
    assert trail.inputs["ossBucketName"] == run.named("audit-bucket").inputs["bucket"]
    assert (trail.inputs["trailRegion"], trail.inputs["eventRw"], trail.inputs["status"]) == (
        "All",
        "All",
        "Enable",
    )
    assert trail.inputs["ossKeyPrefix"] == "actiontrail/"  # the declared default


def test_actiontrail_delivers_with_a_role_that_may_use_the_buckets_key(record):
    # Without oss_write_role_arn the trail writes as ActionTrail's service-linked role, which cannot be
    # granted the bucket's KMS key: StartLogging then retries until it times out.
    run = record(program())
    [trail] = run.of_type(TRAIL)
    writer = run.named("guard-trail-writer")
    assert trail.inputs["ossWriteRoleArn"]
    assert trail.property_dependencies["ossWriteRoleArn"] == [writer.urn]
    trust = json.loads(writer.inputs["assumeRolePolicyDocument"])
    assert [s["Principal"] for s in trust["Statement"]] == [{"Service": ["actiontrail.aliyuncs.com"]}]
    attachment = run.named("guard-trail-delivery-attachment")
    assert attachment.inputs["roleName"] == writer.inputs["roleName"]
    assert attachment.urn in trail.dependencies
    document = json.loads(run.named("guard-trail-delivery").inputs["policyDocument"])
    grants = {tuple(s["Action"]): s["Resource"] for s in document["Statement"]}
    assert grants[("oss:PutObject",)] == ["acs:oss:*:*:acme-audit-trail/actiontrail/*"]
    key_id = run.named("audit-kms-key").id
    assert grants[("kms:DescribeKey", "kms:GenerateDataKey", "kms:Decrypt")] == [
        f"acs:kms:cn-hangzhou:*:key/{key_id}"
    ]
    assert all(s["Effect"] == "Allow" and "*" not in s["Resource"] for s in document["Statement"])


def test_a_bucket_given_by_name_brings_its_key_separately(record):
    run = record(
        lambda: Guardrails("guard", {"trail_bucket": "acme-audit", "trail_bucket_kms_key_id": "key-9"})
    )
    document = json.loads(run.named("guard-trail-delivery").inputs["policyDocument"])
    assert ["acs:kms:cn-hangzhou:*:key/key-9"] in [s["Resource"] for s in document["Statement"]]
    run = record(lambda: Guardrails("guard", {"trail_bucket": "acme-audit"}))
    document = json.loads(run.named("guard-trail-delivery").inputs["policyDocument"])
    assert not [s for s in document["Statement"] if s["Action"][0].startswith("kms:")]


@pytest.mark.parametrize(
    "args,field",
    [
        ({"trail_bucket": "*"}, "trail_bucket"),
        ({"trail_bucket": "acme-audit", "families": []}, "families"),
        ({"trail_bucket": "acme-audit", "families": ["hardening"]}, "families[0]"),
        ({"trail_bucket": "acme-audit", "trail_name": "x"}, "trail_name"),
        ({"trail_bucket": "acme-audit", "families": ["private-acl", "private-acl"]}, "families"),
        ({"trail_bucket": "acme-audit", "trail_prefix": "no-slash"}, "trail_prefix"),
    ],
)
def test_bad_args_are_one_error_naming_the_field(record, args, field):
    with pytest.raises(InvalidArgumentError) as caught:
        record(lambda: Guardrails("guard", args))
    assert caught.value.field == field
