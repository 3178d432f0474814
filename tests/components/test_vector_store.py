"""VectorStore under mocks: managed Milvus in the data vSwitches, encrypted, HA across two zones, HNSW."""

from __future__ import annotations

import pulumi
import pytest

from retail_ai_components import InvalidArgumentError, Network, VectorStore
from retail_ai_components.preview.wire import is_secret
from retail_ai_components.vector_store import TYPE_TOKEN

ZONES = ["cn-hangzhou-i", "cn-hangzhou-j"]
MILVUS = "alicloud:index/milvusInstance:MilvusInstance"
SECRET = "Milvus!r00t-pw"


def program(zones=ZONES, **extra):
    def run() -> None:
        network = Network("core", {"zone_ids": zones})
        args = {"network": network.ref(), "db_admin_password": pulumi.Output.secret(SECRET), **extra}
        VectorStore("rag", args)  # type: ignore[arg-type]

    return run


def test_ha_across_two_data_vswitches_encrypted_with_a_rotating_key_and_protected(record):
    run = record(program())
    [milvus] = run.of_type(MILVUS)
    assert milvus.protect
    assert milvus.inputs["vswitchIds"] == [
        {"vswId": run.named(f"core-vsw-data-{z}").id, "zoneId": z} for z in ZONES
    ]
    assert milvus.inputs["multiZoneMode"] == "Two" and milvus.inputs["ha"] is True
    assert {c["type"] for c in milvus.inputs["components"]} == {
        "proxy",
        "mix_coordinator",
        "data",
        "query",
        "index",
    }
    assert all(c["replica"] == 2 for c in milvus.inputs["components"])
    assert milvus.inputs["encrypted"] is True
    key = run.named("rag-key")
    assert milvus.inputs["kmsKeyId"] == key.id and key.protect
    assert key.inputs["automaticRotation"] == "Enabled"
    assert "publicNetworkAccess" not in milvus.inputs  # the provider has no public switch


def test_the_admin_password_createinstance_requires_is_sent_as_a_secret(record):
    [milvus] = record(program()).of_type(MILVUS)
    assert is_secret(milvus.inputs["dbAdminPassword"])
    assert "dbAdminPassword" in milvus.additional_secret_outputs


def test_a_plain_password_is_refused_before_anything_registers(record):
    with pytest.raises(InvalidArgumentError) as caught:
        record(program(db_admin_password=SECRET))
    assert (caught.value.field, caught.value.rule.split(":")[0]) == (
        "db_admin_password",
        "must be a Pulumi secret, not a plain string",
    )


def test_hnsw_parameters_are_exported_for_the_rag_pipeline(record):
    run = record(program(hnsw={"m": 32, "ef_construction": 256, "ef": 128, "metric_type": "IP"}))
    component = run.of_type(TYPE_TOKEN)[0]
    assert component.inputs["indexParams"] == {
        "index_type": "HNSW",
        "metric_type": "IP",
        "params": {"M": 32, "efConstruction": 256},
    }
    assert component.inputs["searchParams"] == {"metric_type": "IP", "params": {"ef": 128}}


def test_defaults_fill_the_index_parameters_and_the_compute_units(record):
    run = record(program())
    component = run.of_type(TYPE_TOKEN)[0]
    assert component.inputs["dbVersion"] == "2.5"
    assert component.inputs["indexParams"] == {
        "index_type": "HNSW",
        "metric_type": "COSINE",
        "params": {"M": 16, "efConstruction": 200},
    }
    assert component.inputs["searchParams"] == {"metric_type": "COSINE", "params": {"ef": 64}}
    [milvus] = run.of_type(MILVUS)
    assert {c["type"]: c["cuNum"] for c in milvus.inputs["components"]} == {
        "proxy": 2,
        "mix_coordinator": 2,
        "data": 2,
        "query": 4,
        "index": 2,
    }
    # A partial hnsw gets the defaults of the fields it leaves out.
    component = record(program(hnsw={"ef": 100})).of_type(TYPE_TOKEN)[0]
    assert component.inputs["indexParams"]["params"] == {"M": 16, "efConstruction": 200}
    assert component.inputs["searchParams"] == {"metric_type": "COSINE", "params": {"ef": 100}}


def test_the_network_component_itself_is_accepted_as_its_ref(record):
    def run() -> None:
        network = Network("core", {"zone_ids": ZONES})
        VectorStore("rag", {"network": network, "db_admin_password": pulumi.Output.secret(SECRET)})

    run_ = record(run)
    [milvus] = run_.of_type(MILVUS)
    assert milvus.inputs["vpcId"] == run_.named("core-vpc").id
    assert milvus.inputs["vswitchIds"] == [
        {"vswId": run_.named(f"core-vsw-data-{z}").id, "zoneId": z} for z in ZONES
    ]


def test_one_zone_without_ha_for_dev(record):
    [milvus] = record(program(zones=ZONES[:1], ha=False)).of_type(MILVUS)
    assert milvus.inputs["multiZoneMode"] == "Single"
    assert all(c["replica"] == 1 for c in milvus.inputs["components"])


def test_version_2_6_has_streaming_nodes_instead_of_index_nodes(record):
    [milvus] = record(program(db_version="2.6")).of_type(MILVUS)
    assert {c["type"] for c in milvus.inputs["components"]} == {
        "proxy",
        "mix_coordinator",
        "data",
        "query",
        "streaming",
    }


@pytest.mark.parametrize(
    "zones,extra,field",
    [
        (ZONES[:1], {}, "ha"),
        (ZONES, {"hnsw": {"m": 2}}, "hnsw.m"),
        (ZONES, {"hnsw": {"m": 64, "ef_construction": 32}}, "hnsw.ef_construction"),
        (ZONES, {"hnsw": {"ef_construction": 8}}, "hnsw.ef_construction"),
        (ZONES, {"hnsw": {"metric_type": "HAMMING"}}, "hnsw.metric_type"),
        (ZONES, {"hnsw": {"index_type": "FLAT"}}, "hnsw.index_type"),
        (ZONES, {"db_version": "2.4"}, "db_version"),
        (ZONES, {"query_cu": 1}, "query_cu"),
        (ZONES, {"cu": "two"}, "cu"),
        (ZONES, {"cu": 33}, "cu"),
        (ZONES, {"hnsw": {"ef": 8}}, "hnsw.ef"),
        (ZONES, {"hnsw": "HNSW"}, "hnsw"),
        (ZONES, {"instance_name": "rag store"}, "instance_name"),
        (ZONES, {"replicas": 3}, "replicas"),
    ],
)
def test_bad_args_are_one_error_naming_the_field(record, zones, extra, field):
    with pytest.raises(InvalidArgumentError) as caught:
        record(program(zones=zones, **extra))
    assert caught.value.field == field
