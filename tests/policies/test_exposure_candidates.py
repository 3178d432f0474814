"""inventory/candidates.json is what the generator reads from the installed pulumi_alicloud SDK.

A new SDK version with new exposure properties changes the candidates; this test then fails until the file is
regenerated, and the family inventories' tests fail until each new candidate is reviewed.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def generator(name: str = "generate_exposure_candidates") -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_checked_in_candidates_match_the_installed_sdk() -> None:
    gen = generator()
    fresh = gen.render(gen.generate(gen.sdk_dir()))
    checked_in = (ROOT / "inventory" / "candidates.json").read_text(encoding="utf-8")
    assert fresh == checked_in, "regenerate: python scripts/generate_exposure_candidates.py"


def test_candidates_name_engine_tokens_and_camel_case_properties() -> None:
    data = json.loads((ROOT / "inventory" / "candidates.json").read_text(encoding="utf-8"))
    assert data["sdk"] == "pulumi_alicloud" and data["version"]
    rows = data["candidates"]
    keys = [(r["family"], r["type"], r["property"]) for r in rows]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert all(r["type"].startswith("alicloud:") and r["type"].count(":") == 2 for r in rows)
    assert all("_" not in r["property"] for r in rows)
    # The known indirections of the issue are found.
    found = {(r["type"], r["property"]) for r in rows}
    for expected in [
        ("alicloud:polardb/cluster:Cluster", "dbClusterIpArrays"),
        ("alicloud:mongodb/instance:Instance", "securityIpGroups"),
        ("alicloud:redis/globalSecurityIpGroup:GlobalSecurityIpGroup", "globalIpList"),
        ("alicloud:graphdatabase/dbInstance:DbInstance", "dbInstanceIpArrays"),
        ("alicloud:vpc/prefixList:PrefixList", "*"),
        ("alicloud:kvstore/instance:Instance", "enablePublic"),
        ("alicloud:ots/instance:Instance", "networkTypeAcls"),
    ]:
        assert expected in found, expected


def test_checked_in_documents_match_the_installed_sdk() -> None:
    gen = generator("generate_document_inventory")
    fresh = gen.sdk_source.render(gen.generate(gen.sdk_source.sdk_dir()))
    checked_in = (ROOT / "inventory" / "documents.json").read_text(encoding="utf-8")
    assert fresh == checked_in, "regenerate: python scripts/generate_document_inventory.py"
    documents = {(d["type"], d["property"]) for d in json.loads(checked_in)["documents"]}
    # The trust, resource and identity policies the issue names are found.
    for expected in [
        ("alicloud:ram/role:Role", "assumeRolePolicyDocument"),
        ("alicloud:ram/policy:Policy", "policyDocument"),
        ("alicloud:oss/bucketPolicy:BucketPolicy", "policy"),
        ("alicloud:log/project:Project", "policy"),
        ("alicloud:kms/key:Key", "policy"),
        ("alicloud:resourcemanager/role:Role", "assumeRolePolicyDocument"),
    ]:
        assert expected in documents, expected
