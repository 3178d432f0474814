"""Which judged inputs hold a value the offline preview made up (verdict integrity), as plain logic."""

from __future__ import annotations

from typing import Any

from retail_ai_components.preview.answers.placeholders import Placeholder
from retail_ai_components.preview.integrity import placeholder_inputs
from retail_ai_components.preview.records import RecordedResource
from retail_ai_components.preview.wire import UNKNOWN

TOKEN = "alicloud:vpc/getNetworks:getNetworks"
INVENTED = Placeholder("vpc-placeholder0123456789", TOKEN, "alicloud.vpc.get_networks", {}, "ids[0]")


def _invented(value: Any) -> list[Placeholder]:
    return [INVENTED] if value == INVENTED.value else []


def _resource(inputs: dict[str, Any]) -> RecordedResource:
    return RecordedResource(
        urn="urn:pulumi:dev::p::alicloud:vpc/switch:Switch::vsw",
        type="alicloud:vpc/switch:Switch",
        name="vsw",
        custom=True,
        inputs=inputs,
    )


def _found(inputs: dict[str, Any]) -> list[str]:
    found = placeholder_inputs([_resource(inputs)], _invented, "cn-hangzhou")
    return [str(use) for uses in found.values() for use in uses]


def test_data_source_and_stack_reference_placeholders_are_named_with_their_source() -> None:
    assert _found(
        {
            "vpcId": INVENTED.value,
            "tags": {"owner": "placeholder-unknown-output-team.owner"},
            "routeTableId": "placeholder-vpc-routetable-main",
        }
    ) == [
        "vpcId from alicloud.vpc.get_networks(...).ids[0]",
        "tags.owner from StackReference output team.owner (unknown to that stack's offline preview)",
        "routeTableId from a referenced stack's placeholder ID",
    ]


def test_real_values_facts_of_the_stack_and_unknowns_are_not_placeholders() -> None:
    assert _found({"cidrBlock": "10.0.0.0/16", "zoneId": "cn-hangzhou-h", "vpcId": UNKNOWN}) == []
