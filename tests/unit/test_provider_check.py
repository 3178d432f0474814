from __future__ import annotations

from typing import Any

import pytest

from retail_ai_components.preview import provider_check
from retail_ai_components.preview.provider_check import CheckFailure, check
from retail_ai_components.preview.wire import SECRET_SIG, SIG, UNKNOWN

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
    secret = {SIG: SECRET_SIG, "value": "Hot"}
    assert check("alicloud:oss/bucket:Bucket", URN, {"storageClass": UNKNOWN})["storageClass"] == UNKNOWN
    assert check("alicloud:oss/bucket:Bucket", URN, {"storageClass": secret})["storageClass"] == secret


def test_nested_defaults() -> None:
    out = check("alicloud:oss/bucket:Bucket", URN, {"lifecycleRules": [{}]})
    assert out["lifecycleRules"] == [{"enabled": True}]


def test_other_types_unchanged() -> None:
    assert check("alicloud:vpc/network:Network", URN, {"x": 1}) == {"x": 1}


def test_generator_extracts_defaults_validators_and_nested_from_go() -> None:
    import collections
    import importlib.util
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location("gen", root / "scripts/generate_provider_check.py")
    assert spec and spec.loader
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    text = (Path(__file__).parent / "fixtures/resource_alicloud_fake_bucket.go.txt").read_text()
    stats: collections.Counter[str] = collections.Counter()
    props = gen.parse_resource_file(text, stats)
    table = gen.to_pulumi(props, {"lifecycle_rule": "lifecycleRules"}, stats, {})
    assert table == {
        "storageClass": {
            "default": "Standard",
            "validators": [{"kind": "one_of", "values": ["Standard", "IA", "Archive"]}],
        },
        "port": {"default": 80, "validators": [{"kind": "int_between", "min": 1, "max": 65535}]},
        "lifecycleRules": {"nested": {"enabled": {"default": True}}},
    }
    assert stats["default on deprecated argument (bridge skips)"] == 1


def test_shipped_table_pinned_to_constraints_and_real_defaults() -> None:
    import json
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    pinned = re.search(r"^pulumi_alicloud==(\S+)$", (root / "constraints.txt").read_text(), re.M)
    table = json.loads((root / "retail_ai_components/preview/data/alicloud_check.json").read_text())
    assert pinned and table["pulumiAlicloud"] == pinned.group(1)
    assert table["terraformProvider"].startswith("v1.")
    bucket = table["resources"]["alicloud:oss/bucket:Bucket"]
    # The provider's OSS bucket schema: "force_destroy" Default: false; "acl" StringInSlice private/public-read/...
    assert bucket["forceDestroy"]["default"] is False
    assert "public-read-write" in bucket["acl"]["validators"][0]["values"]


def test_no_default_for_argument_conflicting_with_one_set(monkeypatch: pytest.MonkeyPatch) -> None:
    table = {
        "resources": {
            "alicloud:vpc/network:Network": {"vpcName": {"default": "x", "conflictsWith": ["name"]}}
        }
    }
    monkeypatch.setattr(provider_check, "_table", lambda: table)
    assert check("alicloud:vpc/network:Network", URN, {"name": "n"}) == {"name": "n"}
    assert check("alicloud:vpc/network:Network", URN, {})["vpcName"] == "x"
