"""GpuTraining under mocks: spot GPU pool from zero, checkpoint bucket, RRSA role, PAI workspace and datasets."""

from __future__ import annotations

import json

import pytest

from retail_ai_components import BurstCluster, GpuTraining, InvalidArgumentError, Network
from retail_ai_components.gpu_training import TYPE_TOKEN, default_workspace_name, job_tolerations

ZONES = ["cn-hangzhou-i", "cn-hangzhou-j"]
NODE_POOL = "alicloud:cs/nodePool:NodePool"
BASE = {"checkpoint_bucket_name": "acme-ckpt", "training_data_bucket": "acme-training-data"}


def build(args: dict | None = None, *, pass_ref: bool = False) -> GpuTraining:
    network = Network("core", {"zone_ids": ZONES})
    cluster = BurstCluster("bc", {"network": network.ref()})
    return GpuTraining("train", {"cluster": cluster.ref() if pass_ref else cluster, **BASE, **(args or {})})


def test_children_are_named_from_the_component_and_parented_to_it(record):
    run = record(lambda: build())
    component = run.of_type(TYPE_TOKEN)[0]
    children = {r.name for r in run.resources if r.parent == component.urn}
    assert children == {
        "train-checkpoints",
        "train-role",
        "train-access",
        "train-access-attachment",
        "train-dlc-role",
        "train-dlc-access-attachment",
        "train-gpu",
        "train-workspace",
        "train-dataset-training-data",
        "train-dataset-checkpoints",
    }


@pytest.mark.parametrize("pass_ref", [False, True])
def test_the_gpu_pool_is_spot_from_zero_on_the_cluster(record, pass_ref):
    run = record(lambda: build(pass_ref=pass_ref))
    pool = run.named("train-gpu").inputs
    assert pool["clusterId"] == run.named("bc-cluster").id
    assert pool["spotStrategy"] == "SpotAsPriceGo"
    assert pool["compensateWithOnDemand"] is False
    assert pool["onDemandBaseCapacity"] == "0"
    assert pool["onDemandPercentageAboveBaseCapacity"] == "0"
    assert pool["scalingConfig"] == {
        "enable": True,
        "minSize": 0,
        "maxSize": 2,
        "type": "gpu",
        "isBondEip": False,
    }
    assert pool["instanceTypes"] == [
        "ecs.gn7e-c16g1.32xlarge",
        "ecs.ebmgn7e.32xlarge",
        "ecs.ebmgn7ex.32xlarge",
    ]
    assert pool["vswitchIds"] == [run.named(f"core-vsw-training-{z}").id for z in ZONES]
    assert pool["securityGroupIds"] == [run.named("core-sg-training").id]


def test_the_gpu_pool_is_tainted_and_labelled_for_training_only(record):
    run = record(lambda: build())
    pool = run.named("train-gpu").inputs
    assert {"key": "workload", "value": "training", "effect": "NoSchedule"} in pool["taints"]
    assert {"key": "nvidia.com/gpu", "value": "present", "effect": "NoSchedule"} in pool["taints"]
    assert pool["labels"] == [{"key": "workload", "value": "training"}]
    assert {t["key"] for t in job_tolerations()} == {"workload", "nvidia.com/gpu"}


def test_gpu_nodes_have_no_public_ip_encrypted_disks_and_imdsv2(record):
    run = record(lambda: build())
    pool = run.named("train-gpu").inputs
    key = run.named("bc-secrets-key").id
    assert pool["internetMaxBandwidthOut"] == 0
    assert pool["systemDiskEncrypted"] is True
    assert pool["systemDiskKmsKey"] == key
    assert pool["dataDisks"] == [
        {
            "category": "cloud_essd",
            "performanceLevel": "PL1",
            "size": 500,
            "encrypted": "true",
            "kmsKeyId": key,
        }
    ]
    assert pool["instanceMetadataOptions"] == {"httpTokens": "required"}
    assert pool["management"]["autoRepair"] is True


def test_a_price_limit_applies_to_every_instance_type(record):
    args = {
        "spot_strategy": "SpotWithPriceLimit",
        "spot_price_limit": 12.5,
        "instance_types": ["ecs.gn7e-c16g1.32xlarge"],
    }
    run = record(lambda: build(args))
    pool = run.named("train-gpu").inputs
    assert pool["spotStrategy"] == "SpotWithPriceLimit"
    assert pool["spotPriceLimits"] == [{"instanceType": "ecs.gn7e-c16g1.32xlarge", "priceLimit": "12.5"}]


def test_the_checkpoint_bucket_is_a_secure_bucket_that_never_archives(record):
    run = record(lambda: build())
    bucket = run.named("train-checkpoints-bucket")
    assert bucket.inputs["bucket"] == "acme-ckpt"
    assert bucket.protect
    assert bucket.inputs["serverSideEncryptionRule"]["sseAlgorithm"] == "KMS"
    classes = {
        t["storageClass"]
        for rule in bucket.inputs["lifecycleRules"]
        for key in ("transitions", "noncurrentVersionTransitions")
        for t in rule.get(key, [])
    }
    assert classes == {"IA"}  # readable at once; Archive would need a restore before a resume


def test_the_role_trusts_the_clusters_oidc_provider_and_reads_data_writes_checkpoints(record):
    run = record(lambda: build({"training_data_prefix": "clicks/", "training_data_kms_key_id": "data-key"}))
    role = run.named("train-role")
    assert role.inputs["roleName"] == "train-trainer"
    # The trust policy comes from the cluster's RRSA metadata, known only after the cluster exists.
    assert run.named("bc-cluster").urn in role.property_dependencies["assumeRolePolicyDocument"]
    policy = json.loads(run.named("train-access").inputs["policyDocument"])
    read, write, deny, kms = policy["Statement"]
    assert "acs:oss:*:*:acme-training-data/clicks/*" in read["Resource"]
    assert write["Resource"] == ["acs:oss:*:*:acme-ckpt", "acs:oss:*:*:acme-ckpt/checkpoints/*"]
    assert deny["Effect"] == "Deny"
    assert kms["Resource"] == [
        "acs:kms:cn-hangzhou:*:key/data-key",
        f"acs:kms:cn-hangzhou:*:key/{run.named('train-checkpoints-kms-key').id}",
    ]
    attachment = run.named("train-access-attachment").inputs
    assert attachment == {
        "roleName": "train-trainer",
        "policyName": "train-training-access",
        "policyType": "Custom",
    }


def test_pai_dlc_jobs_get_a_role_pai_assumes_with_the_same_access(record):
    # DLC jobs run on PAI's nodes, not in the cluster: the RRSA role (trusting one ServiceAccount of the
    # cluster's OIDC provider) is out of their reach. PAI assumes this one for them.
    run = record(lambda: build())
    role = run.named("train-dlc-role")
    trust = json.loads(role.inputs["assumeRolePolicyDocument"])
    assert [s["Principal"] for s in trust["Statement"]] == [{"Service": ["pai.aliyuncs.com"]}]
    attachment = run.named("train-dlc-access-attachment").inputs
    assert attachment == {
        "roleName": role.inputs["roleName"],
        "policyName": "train-training-access",
        "policyType": "Custom",
    }
    outputs = run.of_type(TYPE_TOKEN)[0].outputs
    assert outputs["dlcRoleArn"] and "dlcRoleArn" not in outputs["jobSettings"]
    assert run.of_type(TYPE_TOKEN)[0].outputs["jobSettings"]["checkpointRetentionDays"] == 90


def test_old_checkpoints_expire_by_lifecycle_since_a_jobs_delete_is_denied(record):
    run = record(lambda: build({"checkpoint_retention_days": 60}))
    rules = run.named("train-checkpoints-bucket").inputs["lifecycleRules"]
    [checkpoints] = [r for r in rules if r["prefix"] == "checkpoints/"]
    assert checkpoints["expirations"] == [{"days": 60}]
    assert checkpoints["transitions"] == [{"days": 30, "storageClass": "IA"}]
    # The bucket logs to itself here: its access logs go cold too, and never expire.
    [logs] = [r for r in rules if r["prefix"] == "access-log/"]
    assert "expirations" not in logs
    policy = json.loads(run.named("train-access").inputs["policyDocument"])
    assert any(s["Effect"] == "Deny" and "oss:DeleteObject" in s["Action"] for s in policy["Statement"])
    assert run.of_type(TYPE_TOKEN)[0].outputs["jobSettings"]["checkpointRetentionDays"] == 60
    default = record(lambda: build()).named("train-checkpoints-bucket").inputs["lifecycleRules"]
    assert [r["expirations"] for r in default if r["prefix"] == "checkpoints/"] == [[{"days": 90}]]


def test_the_workspace_and_datasets_point_at_the_buckets(record):
    run = record(lambda: build({"workspace_name": "retail_training"}))
    workspace = run.named("train-workspace")
    assert workspace.inputs["workspaceName"] == "retail_training"
    data = run.named("train-dataset-training-data").inputs
    checkpoints = run.named("train-dataset-checkpoints").inputs
    for dataset in (data, checkpoints):
        assert dataset["workspaceId"] == workspace.id
        assert dataset["dataSourceType"] == "OSS"
        assert dataset["property"] == "DIRECTORY"
        assert dataset["accessibility"] == "PRIVATE"
    assert data["uri"] == "oss://acme-training-data.oss-cn-hangzhou-internal.aliyuncs.com/"
    assert checkpoints["uri"] == "oss://acme-ckpt.oss-cn-hangzhou-internal.aliyuncs.com/checkpoints/"


def test_outputs_carry_what_a_job_submission_needs(record):
    run = record(lambda: build())
    outputs = run.of_type(TYPE_TOKEN)[0].outputs
    assert outputs["workspaceId"] == run.named("train-workspace").id
    assert outputs["datasetIds"] == {
        "training-data": run.named("train-dataset-training-data").id,
        "checkpoints": run.named("train-dataset-checkpoints").id,
    }
    assert outputs["checkpointPath"] == "oss://acme-ckpt/checkpoints/"
    job = outputs["jobSettings"]
    assert job["serviceAccountAnnotations"] == {"pod-identity.alibabacloud.com/role-name": "train-trainer"}
    assert job["namespaceLabels"] == {"pod-identity.alibabacloud.com/injection": "on"}
    assert job["nodeSelector"] == {"workload": "training"}
    assert job["checkpointPath"] == "oss://acme-ckpt/checkpoints/"


def test_default_workspace_names_follow_pai_rules_and_differ_per_stack():
    assert default_workspace_name("retail-prod-training", "prod") == "retail_prod_training"
    assert default_workspace_name("training", "prod") != default_workspace_name("training", "dev")
    assert default_workspace_name("training", "dev") == "training_dev"
    assert default_workspace_name("9x", "dev") == "n_9x_dev"
    long_prod, long_dev = default_workspace_name("a" * 40, "prod"), default_workspace_name("a" * 40, "dev")
    assert len(long_prod) == len(long_dev) == 23 and long_prod != long_dev


@pytest.mark.parametrize(
    ("args", "field", "rule"),
    [
        (
            {"instance_types": ["ecs.gn7e-c16g1.32xlarge", "ecs.g7.2xlarge"]},
            "instance_types[1]",
            "not a GPU instance type",
        ),
        ({"instance_types": []}, "instance_types", "at least 1"),
        (
            {"instance_types": ["ecs.gn7e-c16g1.32xlarge", "ecs.gn7e-c16g1.32xlarge"]},
            "instance_types",
            "more than once",
        ),
        ({"spot_strategy": "NoSpot"}, "spot_strategy", "Input should be"),
        ({"spot_strategy": "SpotWithPriceLimit"}, "spot_price_limit", "is required"),
        ({"spot_price_limit": 10.0}, "spot_price_limit", "SpotWithPriceLimit only"),
        (
            {"spot_strategy": "SpotWithPriceLimit", "spot_price_limit": 0},
            "spot_price_limit",
            "greater than 0",
        ),
        ({"min_size": 3, "max_size": 2}, "max_size", "below min_size 3"),
        ({"max_size": 0}, "max_size", "greater than or equal to 1"),
        ({"max_size": 1001}, "max_size", "less than or equal to 1000"),
        ({"min_size": -1}, "min_size", "greater than or equal to 0"),
        ({"zone_ids": ["cn-hangzhou-k"]}, "zone_ids[0]", "not one of the cluster's zones"),
        ({"zone_ids": ["cn-hangzhou-i", "cn-hangzhou-i"]}, "zone_ids", "more than once"),
        ({"checkpoint_bucket_name": "Bad_Bucket"}, "checkpoint_bucket_name", "lowercase"),
        ({"checkpoint_prefix": "checkpoints"}, "checkpoint_prefix", "should match pattern"),
        ({"training_data_prefix": "/abs/"}, "training_data_prefix", "should match pattern"),
        ({"job_namespace": "Training"}, "job_namespace", "should match pattern"),
        ({"workspace_name": "x"}, "workspace_name", "3 to 23"),
        ({"workspace_name": "retail-training"}, "workspace_name", "3 to 23"),
        ({"cluster": {"cluster_id": "c"}}, "cluster.network", "is required in a ClusterRef"),
        ({"node_tier": "nat"}, "node_tier", "Input should be"),
        ({"colour": "blue"}, "colour", "not a known argument"),
        ({"max_size": "many"}, "max_size", "valid integer"),
        ({"data_disk_size_gib": 40000}, "data_disk_size_gib", "less than or equal to 32768"),
        ({"training_data_bucket": 5}, "training_data_bucket", "must be a string or a pulumi Output"),
        ({"checkpoint_access_log_bucket": "Bad_Logs"}, "checkpoint_access_log_bucket", "lowercase"),
        ({"tags": {"team": 1}}, "tags.team", "valid string"),
    ],
)
def test_bad_args_raise_one_error_naming_the_field_before_anything_registers(record, args, field, rule):
    errors = []

    def program():
        network = Network("core", {"zone_ids": ZONES})
        cluster = BurstCluster("bc", {"network": network.ref()})
        try:
            GpuTraining("train", {"cluster": cluster, **BASE, **args})
        except InvalidArgumentError as exc:
            errors.append(exc)

    run = record(program)
    [caught] = errors
    assert caught.field == field
    assert rule in caught.rule
    assert "GpuTraining 'train'" in str(caught)
    assert not [r for r in run.resources if r.name.startswith("train")]


def test_a_network_without_a_training_tier_is_refused(record):
    def program():
        network = Network("core", {"zone_ids": ZONES, "tiers": ["inference", "pods"]})
        cluster = BurstCluster("bc", {"network": network.ref()})
        GpuTraining("train", {"cluster": cluster, **BASE})

    with pytest.raises(InvalidArgumentError) as caught:
        record(program)
    assert caught.value.field == "node_tier"


def test_checkpoint_access_logs_go_to_the_given_bucket(record):
    run = record(lambda: build({"checkpoint_access_log_bucket": "acme-logs"}))
    logging = [r for r in run.resources if r.name.startswith("train-checkpoints") and "ogging" in r.type]
    assert logging and logging[0].inputs["targetBucket"] == "acme-logs"


def test_defaults_fill_in_what_is_left_out(record):
    run = record(lambda: build())
    pool = run.named("train-gpu").inputs
    assert pool["systemDiskSize"] == 200
    assert pool["spotStrategy"] == "SpotAsPriceGo" and "spotPriceLimits" not in pool
    props = run.of_type(TYPE_TOKEN)[0].inputs
    assert props["spotStrategy"] == "SpotAsPriceGo"
    assert props["checkpointPrefix"] == "checkpoints/"
    assert (props["jobNamespace"], props["jobServiceAccount"]) == ("training", "trainer")
    job = run.of_type(TYPE_TOKEN)[0].outputs["jobSettings"]
    assert (job["namespace"], job["serviceAccount"]) == ("training", "trainer")
    assert job["trainingDataPath"] == "oss://acme-training-data/"


def test_a_spot_strategy_given_as_the_enum_or_its_string_is_the_same(record):
    from retail_ai_components import SpotStrategy

    by_enum = record(lambda: build({"spot_strategy": SpotStrategy.AS_PRICE_GO, "max_size": 4}))
    by_name = record(lambda: build({"spot_strategy": "SpotAsPriceGo", "max_size": 4}))
    for run in (by_enum, by_name):
        assert run.named("train-gpu").inputs["spotStrategy"] == "SpotAsPriceGo"
        assert run.named("train-gpu").inputs["scalingConfig"]["maxSize"] == 4
