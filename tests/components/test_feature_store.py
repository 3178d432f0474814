"""FeatureStore under mocks: placement, VPC-only store, secret password, sizing, Flink TTL, validation."""

from __future__ import annotations

import json

import pulumi
import pytest

from retail_ai_components import FeatureStore, InvalidArgumentError, Network
from retail_ai_components.feature_store import TYPE_TOKEN
from retail_ai_components.preview.wire import is_secret

ZONES = ["cn-hangzhou-i", "cn-hangzhou-j"]
TAIR = "alicloud:redis/tairInstance:TairInstance"
SECRET = "Sup3r!secret"
OMIT = object()
"""In a ``tair`` group given to _store(): leave this key out."""


def _store(name: str = "fs", network_args: dict | None = None, *, tair: object = None, **extra):
    """A FeatureStore on a fresh Network. ``tair`` settings get the secret password unless they say
    ``"password": OMIT``; the Tair engine gets a ``tair`` group by default, ``tair=OMIT`` gives none."""

    def program():
        network = Network("core", network_args or {"zone_ids": ZONES})
        args = {
            "network": network.ref(),
            "inference_zone_id": "cn-hangzhou-i",
            "flink_state_bucket": "acme-flink-state",
            **extra,
        }
        group = {} if tair is None and args.get("engine") != "ecs_essd_pl3" else tair
        if isinstance(group, dict):
            group = {"password": pulumi.Output.secret(SECRET), **group}
            args["tair"] = {k: v for k, v in group.items() if v is not OMIT}
        elif group is not None and group is not OMIT:
            args["tair"] = group
        FeatureStore(name, args)  # type: ignore[arg-type]

    return program


def _adopted_ref(**overrides):
    ref = {
        "region": "cn-hangzhou",
        "vpc_id": "vpc-existing",
        "cidr_block": "172.16.0.0/12",
        "zone_ids": ["cn-hangzhou-i"],
        "vswitch_ids": {"data": {"cn-hangzhou-i": "vsw-data-i"}},
        "vswitch_cidr_blocks": {"data": {"cn-hangzhou-i": "172.16.0.0/20"}},
        "security_group_ids": {"data": "sg-data"},
    }
    ref.update(overrides)
    return ref


def test_children_are_named_after_the_component_and_parented_to_it(record):
    run = record(_store(feature_job_sql="INSERT INTO sink SELECT 1"))
    component = run.of_type(TYPE_TOKEN)[0]
    children = {r.name for r in run.resources if r.parent == component.urn}
    assert children == {
        "fs-tair",
        "fs-tair-backup",
        "fs-sls-project",
        "fs-logstore",
        "fs-flink",
        "fs-flink-state-access",
        "fs-flink-state-access-attachment",
        "fs-feature-job",
    }


def test_tair_sits_in_the_inference_zone_data_vswitch_vpc_only_with_a_secret_password(record):
    run = record(_store())
    tair = run.named("fs-tair")
    assert tair.inputs["instanceType"] == "tair_scm"
    assert tair.inputs["engineVersion"] == "1.0"
    assert tair.inputs["zoneId"] == "cn-hangzhou-i"
    assert tair.inputs["vswitchId"] == run.named("core-vsw-data-cn-hangzhou-i").id
    assert tair.inputs["vpcId"] == run.named("core-vpc").id
    assert tair.inputs["securityGroupId"] == run.named("core-sg-data").id
    assert tair.inputs["securityIps"] == "10.0.0.0/8"
    assert tair.inputs["vpcAuthMode"] == "Open"
    assert tair.inputs["sslEnabled"] == "Enable"
    assert tair.inputs["paymentType"] == "PayAsYouGo"
    assert is_secret(tair.inputs["password"])
    assert "password" in tair.additional_secret_outputs
    assert tair.protect
    assert "globalInstanceId" not in tair.inputs
    assert not run.of_type("alicloud:kvstore/connection:Connection")


def test_backups_run_daily_on_the_tair_instance(record):
    run = record(_store(tair={"backup_periods": ["Monday", "Thursday"], "backup_time": "20:00Z-21:00Z"}))
    backup = run.named("fs-tair-backup")
    assert backup.inputs["instanceId"] == run.named("fs-tair").id
    assert backup.inputs["backupPeriods"] == ["Monday", "Thursday"]
    assert backup.inputs["backupTime"] == "20:00Z-21:00Z"


def test_subscription_tair_renews(record):
    tair = record(
        _store(
            payment_type="Subscription",
            tair={"shard_count": 4, "secondary_zone_id": "cn-hangzhou-j"},
        )
    ).named("fs-tair")
    assert tair.inputs["paymentType"] == "Subscription"
    assert tair.inputs["period"] == 1
    assert tair.inputs["autoRenew"] == "true"
    assert tair.inputs["shardCount"] == 4
    assert tair.inputs["secondaryZoneId"] == "cn-hangzhou-j"


def test_logstore_is_sized_from_the_event_rate(record):
    run = record(_store(events_per_second=100_000, retention_days=3))
    store = run.named("fs-logstore")
    assert store.inputs["shardCount"] == 40
    assert store.inputs["autoSplit"] is True
    assert store.inputs["maxSplitShardCount"] == 160
    assert store.inputs["retentionPeriod"] == 3
    assert store.inputs["enableWebTracking"] is False
    assert store.inputs["encryptConf"] == {"enable": True, "encryptType": "default"}
    assert store.inputs["projectName"] == "fs-clickstream-test"
    assert run.named("fs-sls-project").urn in store.dependencies
    assert store.protect and run.named("fs-sls-project").protect


def test_flink_runs_in_the_same_vpc_and_zone_with_state_on_the_bucket(record):
    run = record(_store(flink_cu=8))
    flink = run.named("fs-flink")
    assert flink.inputs["vpcId"] == run.named("core-vpc").id
    assert flink.inputs["zoneId"] == "cn-hangzhou-i"
    assert flink.inputs["vswitchIds"] == [run.named("core-vsw-data-cn-hangzhou-i").id]
    assert flink.inputs["storage"] == {"oss": {"bucket": "acme-flink-state"}}
    assert flink.inputs["resourceSpec"] == {"cpu": 8, "memoryGb": 32}
    assert not run.of_type("alicloud:realtimecompute/deployment:Deployment")


def test_flinks_service_role_may_use_the_state_bucket_and_its_key(record):
    # An SSE-KMS state bucket needs the KMS key for every checkpoint Flink writes as its service role.
    run = record(_store(flink_state_kms_key_id="key-state", feature_job_sql="INSERT INTO sink SELECT 1"))
    attachment = run.named("fs-flink-state-access-attachment")
    assert attachment.inputs["roleName"] == "AliyunStreamAsiDefaultRole"
    assert attachment.inputs["policyName"] == run.named("fs-flink-state-access").inputs["policyName"]
    document = json.loads(run.named("fs-flink-state-access").inputs["policyDocument"])
    grants = {s["Resource"][0]: set(s["Action"]) for s in document["Statement"]}
    assert grants["acs:kms:cn-hangzhou:*:key/key-state"] == {"kms:Decrypt", "kms:GenerateDataKey"}
    assert {"oss:PutObject", "oss:GetObject", "oss:DeleteObject"} <= grants["acs:oss:*:*:acme-flink-state"]
    assert "oss:DeleteBucket" not in grants["acs:oss:*:*:acme-flink-state"]
    assert all(s["Effect"] == "Allow" for s in document["Statement"])
    assert attachment.urn in run.named("fs-feature-job").dependencies
    # Another role, and a bucket without SSE-KMS: no key statement.
    run = record(_store(flink_service_role_name="FlinkStateRole"))
    assert run.named("fs-flink-state-access-attachment").inputs["roleName"] == "FlinkStateRole"
    document = json.loads(run.named("fs-flink-state-access").inputs["policyDocument"])
    assert not [s for s in document["Statement"] if s["Action"][0].startswith("kms:")]


def test_feature_job_carries_the_state_ttl(record):
    run = record(_store(feature_job_sql="INSERT INTO sink SELECT 1", state_ttl_minutes=30))
    job = run.named("fs-feature-job")
    assert job.inputs["flinkConf"] == {"table.exec.state.ttl": "30 min"}
    assert job.inputs["executionMode"] == "STREAMING"
    assert job.inputs["namespace"] == "fs-flink-default"
    assert job.inputs["artifact"]["sqlArtifact"]["sqlScript"] == "INSERT INTO sink SELECT 1"
    assert run.named("fs-flink").urn in job.dependencies


def test_outputs(record):
    run = record(_store())
    outputs = run.of_type(TYPE_TOKEN)[0].outputs
    assert outputs["storeId"] == run.named("fs-tair").id
    assert outputs["storePort"] == 6379
    assert outputs["slsProjectName"] == "fs-clickstream-test"
    assert outputs["logstoreName"] == "clickstream"
    assert outputs["flinkConf"] == {"table.exec.state.ttl": "60 min"}
    props = run.of_type(TYPE_TOKEN)[0].inputs
    assert props["inferenceZoneId"] == "cn-hangzhou-i"
    assert props["shardCount"] == 2


def test_ecs_engine_nodes_have_encrypted_pl3_disks_no_public_ip_and_imdsv2(record):
    run = record(
        _store(
            engine="ecs_essd_pl3",
            ecs_nodes={
                "image_id": "aliyun_3_x64",
                "count": 2,
                "disk_kms_key_id": "key-disks",
                "data_disk_gb": 2000,
            },
        )
    )
    assert not run.of_type(TAIR)
    nodes = run.of_type("alicloud:ecs/instance:Instance")
    assert sorted(n.name for n in nodes) == ["fs-node-0", "fs-node-1"]
    for node in nodes:
        inputs = node.inputs
        assert inputs["internetMaxBandwidthOut"] == 0
        assert inputs["httpTokens"] == "required"
        assert inputs["deletionProtection"] is True
        assert inputs["availabilityZone"] == "cn-hangzhou-i"
        assert inputs["vswitchId"] == run.named("core-vsw-data-cn-hangzhou-i").id
        assert inputs["systemDiskEncrypted"] is True
        [disk] = inputs["dataDisks"]
        assert (disk["category"], disk["performanceLevel"], disk["size"]) == ("cloud_essd", "PL3", 2000)
        assert disk["encrypted"] is True and disk["kmsKeyId"] == "key-disks"
        assert inputs["tags"]["role"] == "feature-store"
        assert "password" not in inputs
        assert node.protect
    assert run.of_type(TYPE_TOKEN)[0].outputs["storeId"] == run.named("fs-node-0").id


def test_an_existing_network_can_be_adopted(record):
    def program():
        FeatureStore(
            "fs",
            {
                "network": _adopted_ref(),  # type: ignore[typeddict-item]
                "inference_zone_id": "cn-hangzhou-i",
                "flink_state_bucket": "acme-flink-state",
                "tair": {"password": pulumi.Output.secret(SECRET)},
            },
        )

    run = record(program)
    tair = run.named("fs-tair")
    assert (tair.inputs["vpcId"], tair.inputs["vswitchId"]) == ("vpc-existing", "vsw-data-i")
    assert tair.inputs["securityIps"] == "172.16.0.0/12"


def test_the_network_component_itself_is_accepted_as_network(record):
    def program():
        network = Network("core", {"zone_ids": ZONES})
        FeatureStore(
            "fs",
            {
                "network": network,
                "inference_zone_id": "cn-hangzhou-i",
                "flink_state_bucket": "acme-flink-state",
                "tair": {"password": pulumi.Output.secret(SECRET)},
            },
        )

    run = record(program)
    tair = run.named("fs-tair")
    assert tair.inputs["vpcId"] == run.named("core-vpc").id
    assert tair.inputs["vswitchId"] == run.named("core-vsw-data-cn-hangzhou-i").id


def test_defaults_reach_the_children(record):
    run = record(_store(feature_job_sql="INSERT INTO sink SELECT 1"))
    tair = run.named("fs-tair")
    assert tair.inputs["instanceClass"] == "tair.scm.standard.2m.8d"
    assert tair.inputs["shardCount"] == 1
    assert tair.inputs["sslEnabled"] == "Enable"
    backup = run.named("fs-tair-backup")
    assert backup.inputs["backupTime"] == "18:00Z-19:00Z"
    assert backup.inputs["backupPeriods"] == [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]
    store = run.named("fs-logstore")
    assert (store.inputs["logstoreName"], store.inputs["retentionPeriod"]) == ("clickstream", 7)
    assert run.named("fs-flink").inputs["resourceSpec"] == {"cpu": 4, "memoryGb": 16}
    job = run.named("fs-feature-job")
    assert job.inputs["engineVersion"] == "vvr-8.0.11-flink-1.17"
    assert job.inputs["flinkConf"] == {"table.exec.state.ttl": "60 min"}


def test_ecs_defaults_reach_the_nodes(record):
    run = record(_store(engine="ecs_essd_pl3", ecs_nodes={"image_id": "aliyun_3_x64"}))
    nodes = run.of_type("alicloud:ecs/instance:Instance")
    assert len(nodes) == 3
    for node in nodes:
        assert node.inputs["instanceType"] == "ecs.g7.4xlarge"
        [disk] = node.inputs["dataDisks"]
        assert disk["size"] == 1261
        assert "kmsKeyId" not in disk


def test_stateful_children_are_protected_by_default(record):
    run = record(_store())
    for child in ("fs-tair", "fs-logstore", "fs-flink"):
        assert run.named(child).protect, child


def test_caller_protect_false_is_honoured(record):
    run = record(_store(protect=False))
    for child in ("fs-tair", "fs-logstore", "fs-flink"):
        assert not run.named(child).protect, child


@pytest.mark.parametrize(
    ("extra", "field", "rule"),
    [
        ({"inference_zone_id": "cn-beijing-a"}, "inference_zone_id", "not in region"),
        ({"inference_zone_id": "cn-hangzhou-k"}, "inference_zone_id", "not one of the network's zones"),
        ({"tair": {"password": SECRET}}, "tair.password", "must be a Pulumi secret"),
        ({"tair": OMIT}, "tair.password", "is required for the tair_persistent_memory engine"),
        ({"tair": {"password": OMIT}}, "tair.password", "is required"),
        ({"tair": {"password": None}}, "tair.password", "must be a string or a pulumi Output"),
        ({"tair": "tair"}, "tair", "valid dictionary"),
        ({"engine": "memcached"}, "engine", "Input should be"),
        ({"engine": "ecs_essd_pl3"}, "ecs_nodes.image_id", "is required for the ecs_essd_pl3 engine"),
        (
            {"engine": "ecs_essd_pl3", "ecs_nodes": {"count": 2}},
            "ecs_nodes.image_id",
            "is required",
        ),
        (
            {"engine": "ecs_essd_pl3", "ecs_nodes": {"image_id": "img", "data_disk_gb": 500}},
            "ecs_nodes.data_disk_gb",
            "1261",
        ),
        (
            {"engine": "ecs_essd_pl3", "ecs_nodes": {"image_id": "img", "count": 0}},
            "ecs_nodes.count",
            "greater than or equal to 1",
        ),
        (
            {"engine": "ecs_essd_pl3", "ecs_nodes": {"image_id": "img", "colour": "blue"}},
            "ecs_nodes.colour",
            "not a known argument",
        ),
        ({"tair": {"instance_class": "redis.master.large"}}, "tair.instance_class", "pattern"),
        ({"tair": {"shard_count": 33}}, "tair.shard_count", "less than or equal to 32"),
        ({"tair": {"secondary_zone_id": "cn-hangzhou-i"}}, "tair.secondary_zone_id", "must differ"),
        (
            {"tair": {"secondary_zone_id": "cn-hangzhou-k"}},
            "tair.secondary_zone_id",
            "not one of the network's zones",
        ),
        ({"tair": {"backup_time": "02:30Z-03:30Z"}}, "tair.backup_time", "pattern"),
        ({"tair": {"backup_time": "0\u0662:00Z-03:00Z"}}, "tair.backup_time", "pattern"),
        ({"tair": {"backup_periods": ["Monday", "Funday"]}}, "tair.backup_periods[1]", "not a weekday"),
        ({"tair": {"backup_periods": []}}, "tair.backup_periods", "at least 1"),
        ({"shard_count": 4}, "shard_count", "not a known argument"),
        ({"password": "x"}, "password", "not a known argument"),
        ({"events_per_second": 0}, "events_per_second", "greater than or equal to 1"),
        ({"events_per_second": 5_000_000}, "events_per_second", "more than 256"),
        ({"event_bytes": 8}, "event_bytes", "greater than or equal to 16"),
        ({"retention_days": 0}, "retention_days", "greater than or equal to 1"),
        ({"retention_days": 4000}, "retention_days", "less than or equal to 3650"),
        ({"sls_project_name": "Bad_Name"}, "sls_project_name", "lowercase"),
        ({"logstore_name": "-x"}, "logstore_name", "start and end"),
        ({"flink_cu": 0}, "flink_cu", "greater than or equal to 1"),
        ({"state_ttl_minutes": 0}, "state_ttl_minutes", "greater than or equal to 1"),
        ({"feature_job_sql": ""}, "feature_job_sql", "at least 1"),
        ({"flink_engine_version": "flink-1.17"}, "flink_engine_version", "pattern"),
        ({"colour": "blue"}, "colour", "not a known argument"),
    ],
)
def test_bad_args_raise_one_error_naming_the_field(record, extra, field, rule):
    with pytest.raises(InvalidArgumentError) as caught:
        record(_store(**extra))
    assert caught.value.field == field
    assert rule in caught.value.rule
    assert "FeatureStore 'fs'" in str(caught.value)


@pytest.mark.parametrize(
    ("ref", "field", "rule"),
    [
        (_adopted_ref(region="cn-shanghai"), "network.region", "the stack in 'cn-hangzhou'"),
        (_adopted_ref(cidr_block="10.0.0.0/33"), "network.cidr_block", "is not a CIDR block"),
        (
            _adopted_ref(vswitch_ids={"inference": {"cn-hangzhou-i": "vsw-1"}}),
            "inference_zone_id",
            "no 'data' vSwitch",
        ),
        (_adopted_ref(security_group_ids={"inference": "sg-1"}), "network.security_group_ids", "no 'data'"),
        ({"region": "cn-hangzhou"}, "network.vpc_id", "is required"),
    ],
)
def test_bad_networks_are_refused(record, ref, field, rule):
    def program():
        FeatureStore(
            "fs",
            {
                "network": ref,
                "inference_zone_id": "cn-hangzhou-i",
                "flink_state_bucket": "acme-flink-state",
                "tair": {"password": pulumi.Output.secret(SECRET)},
            },
        )

    with pytest.raises(InvalidArgumentError) as caught:
        record(program)
    assert caught.value.field == field
    assert rule in caught.value.rule


def test_a_long_component_name_needs_an_explicit_project_name(record):
    with pytest.raises(InvalidArgumentError) as caught:
        record(_store(name="f" * 60))
    assert caught.value.field == "sls_project_name"


def test_nothing_of_the_store_is_registered_when_validation_fails(record):
    def program():
        network = Network("core", {"zone_ids": ZONES})
        with pytest.raises(InvalidArgumentError):
            FeatureStore(
                "fs",
                {
                    "network": network.ref(),
                    "inference_zone_id": "cn-hangzhou-k",
                    "flink_state_bucket": "acme-flink-state",
                },
            )

    run = record(program)
    assert not [r for r in run.resources if r.name.startswith("fs")]


@pytest.mark.parametrize(
    ("extra", "tair", "group", "engine"),
    [
        # The other engine's group is refused as such, whatever it holds, even a group missing its required key.
        (
            {"engine": "ecs_essd_pl3", "ecs_nodes": {"image_id": "img"}},
            {"instance_class": "tair.scm.standard.1m.4d"},
            "tair",
            "tair_persistent_memory",
        ),
        (
            {"engine": "ecs_essd_pl3", "ecs_nodes": {"image_id": "img"}},
            {"tls": False},
            "tair",
            "tair_persistent_memory",
        ),
        ({"engine": "ecs_essd_pl3"}, {"password": OMIT}, "tair", "tair_persistent_memory"),
        ({"ecs_nodes": {"image_id": "img"}}, None, "ecs_nodes", "ecs_essd_pl3"),
        ({"ecs_nodes": {"count": 3}}, None, "ecs_nodes", "ecs_essd_pl3"),
        ({"engine": "tair_persistent_memory", "ecs_nodes": {}}, None, "ecs_nodes", "ecs_essd_pl3"),
    ],
)
def test_a_group_of_the_other_engine_is_an_error_naming_the_group(record, extra, tair, group, engine):
    with pytest.raises(InvalidArgumentError) as caught:
        record(_store(tair=tair, **extra))
    assert caught.value.field == group
    assert caught.value.rule == f"applies to the {engine} engine only"


def test_the_log_service_project_takes_the_organisations_prefix(record):
    # Log Service project names are unique in the region across all accounts: a second company deploying the
    # same stacks would collide on the derived name without its own prefix.
    run = record(_store(global_name_prefix="acme"))
    assert run.named("fs-sls-project").inputs["projectName"] == "acme-fs-clickstream-test"
    assert run.named("fs-logstore").inputs["projectName"] == "acme-fs-clickstream-test"


@pytest.mark.parametrize(
    ("extra", "rule"),
    [
        ({"global_name_prefix": "Acme"}, "lowercase letters, digits and hyphens, starting with a letter"),
        ({"global_name_prefix": "acme-"}, "ending with a letter or digit"),
        ({"global_name_prefix": "a" * 17}, "2 to 16"),
        ({"global_name_prefix": "acme", "sls_project_name": "acme-clicks"}, "sls_project_name is given"),
    ],
)
def test_a_bad_prefix_is_one_error_naming_it(record, extra, rule):
    with pytest.raises(InvalidArgumentError) as caught:
        record(_store(**extra))
    assert caught.value.field == "global_name_prefix"
    assert rule in caught.value.rule


def test_a_prefix_that_makes_the_project_name_too_long_is_named(record):
    with pytest.raises(InvalidArgumentError) as caught:
        record(_store(name="f" * 40, global_name_prefix="acme-retail-eu"))
    assert caught.value.field == "global_name_prefix"
    assert "63 characters" in caught.value.rule
