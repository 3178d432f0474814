from __future__ import annotations

from typing import Any

import pytest

from retail_ai_components.preview import provider_check
from retail_ai_components.preview.provider_check import SECRET_SIG, UNKNOWN, CheckFailure, check

URN = "urn:pulumi:dev::proj::alicloud:oss/bucket:Bucket::data"
TABLE: dict[str, Any] = {
    "pulumiAlicloud": "4.0.0",
    "terraformProvider": "vTEST",
    "generated": "2026-11-22",
    "resources": {
        "alicloud:oss/bucket:Bucket": {
            "storageClass": {
                "default": "Standard",
                "validators": [{"kind": "one_of", "values": ["Standard", "IA", "Archive"]}],
            },
            "lifecycleRules": {"nested": {"enabled": {"default": True}}},
        }
    },
}


@pytest.fixture(autouse=True)
def fake_table(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(provider_check, "_table", lambda: TABLE)


def test_default_applied_when_absent() -> None:
    assert check("alicloud:oss/bucket:Bucket", URN, {})["storageClass"] == "Standard"


def test_invalid_enum_names_resource_property_and_rule() -> None:
    with pytest.raises(CheckFailure, match=r"Bucket \(urn.*\): storageClass: expected one of \[Standard"):
        check("alicloud:oss/bucket:Bucket", URN, {"storageClass": "Hot"})


def test_unknown_and_secret_left_alone() -> None:
    secret = {SECRET_SIG: "1b47061264138c4ac30d75fd1eb44270", "value": "Hot"}
    assert check("alicloud:oss/bucket:Bucket", URN, {"storageClass": UNKNOWN})["storageClass"] == UNKNOWN
    assert check("alicloud:oss/bucket:Bucket", URN, {"storageClass": secret})["storageClass"] == secret


def test_nested_defaults() -> None:
    out = check("alicloud:oss/bucket:Bucket", URN, {"lifecycleRules": [{}]})
    assert out["lifecycleRules"] == [{"enabled": True}]


def test_other_types_unchanged() -> None:
    assert check("alicloud:vpc/network:Network", URN, {"x": 1}) == {"x": 1}
