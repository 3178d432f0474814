"""The Cloud Config managed rules that mirror the pack's families after deploy (retail_ai_policies.cloud_config)."""

from pathlib import Path

import pulumi_alicloud
from retail_ai_policies.cloud_config import CONFIGURATION_CHANGE, MANAGED_RULES, PERIODIC, rules_for_type

SDK = Path(pulumi_alicloud.__file__).parent


def test_every_family_is_mirrored_and_identifiers_are_unique() -> None:
    assert {rule.family for rule in MANAGED_RULES} == {"intranet-only", "private-acl", "single-region"}
    identifiers = [rule.identifier for rule in MANAGED_RULES]
    assert len(identifiers) == len(set(identifiers))


def test_every_resource_type_exists_in_the_pinned_provider() -> None:
    sources = {
        path.read_text(encoding="utf-8") for path in SDK.glob("*/*.py") if not path.name.startswith("get_")
    }
    text = "\n".join(sources)
    for rule in MANAGED_RULES:
        for resource_type in rule.resource_types:
            assert f"'{resource_type}'" in text, (
                f"{rule.identifier}: {resource_type} is not a pulumi_alicloud type"
            )


def test_rules_for_type() -> None:
    assert {r.identifier for r in rules_for_type("alicloud:oss/bucketPolicy:BucketPolicy")} >= {
        "oss-bucket-public-read-prohibited",
        "oss-bucket-policy-no-any-anonymous",
    }
    assert rules_for_type("alicloud:vpc/switch:Switch") == ()


def test_every_rule_has_a_trigger_type_cloud_config_accepts() -> None:
    assert {rule.trigger for rule in MANAGED_RULES} <= {CONFIGURATION_CHANGE, PERIODIC}
    assert {r.identifier for r in MANAGED_RULES if r.trigger == PERIODIC} >= {
        "ack-cluster-public-endpoint-check"
    }


def test_the_single_region_family_judges_where_resources_are() -> None:
    # A rule that checks a property of an in-region resource (such as a CEN link's bandwidth) cannot notice a
    # resource created in another region; the family needs one that is told the allowed region.
    single_region = [r for r in MANAGED_RULES if r.family == "single-region"]
    assert [r.identifier for r in single_region] == ["resource-region-limit"]
    assert single_region[0].regions_parameter == "regions"
    assert "alicloud:oss/bucket:Bucket" in single_region[0].resource_types
