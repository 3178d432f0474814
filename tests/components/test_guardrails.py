"""Guardrails under mocks: Cloud Config managed rules mirroring the pack, and an ActionTrail trail in region."""

from __future__ import annotations

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
        assert rule.inputs["regionIdsScope"] == "cn-hangzhou"
        assert rule.inputs["configRuleTriggerTypes"] == "ConfigurationItemChangeNotification"
        assert all(t.startswith("ACS::") for t in rule.inputs["resourceTypesScopes"])


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
