"""SecureBucket under mocks: children and their secure inputs, grants, adopt-or-create, validation."""

from __future__ import annotations

import json

import pulumi
import pytest

from retail_ai_components import InvalidArgumentError, SecureBucket
from retail_ai_components.secure_bucket import TYPE_TOKEN

BUCKET = "alicloud:oss/bucket:Bucket"
KEY = "alicloud:kms/key:Key"


def _bucket(**extra):
    return lambda: SecureBucket("data", {"bucket_name": "acme-training-data", **extra})


def test_children_are_named_after_the_component_and_parented_to_it(record):
    run = record(
        _bucket(reader_role_names=["trainer"], writer_role_names=["ingest"], access_log_bucket="acme-logs")
    )
    component = run.of_type(TYPE_TOKEN)[0]
    children = [r for r in run.resources if r.parent == component.urn]
    assert {c.name for c in children} == {
        "data-kms-key",
        "data-bucket",
        "data-public-access-block",
        "data-acl",
        "data-policy",
        "data-logging",
        "data-read-policy",
        "data-write-policy",
        "data-read-trainer",
        "data-write-ingest",
    }
    assert run.named("data-bucket").urn == f"urn:pulumi:test::test::{TYPE_TOKEN}${BUCKET}::data-bucket"


def test_bucket_is_private_encrypted_with_the_created_key_versioned_and_protected(record):
    run = record(_bucket())
    bucket = run.named("data-bucket")
    key = run.named("data-kms-key")
    assert bucket.inputs["bucket"] == "acme-training-data"
    assert bucket.inputs["serverSideEncryptionRule"] == {"sseAlgorithm": "KMS", "kmsMasterKeyId": key.id}
    assert bucket.inputs["versioning"] == {"status": "Enabled"}
    assert bucket.inputs["forceDestroy"] is False
    assert "acl" not in bucket.inputs  # deprecated inline ACL is never used
    assert "policy" not in bucket.inputs
    assert bucket.protect and key.protect
    assert key.urn in bucket.dependencies
    [acl] = run.of_type("alicloud:oss/bucketAcl:BucketAcl")
    assert acl.inputs == {"bucket": "acme-training-data", "acl": "private"}
    [block] = run.of_type("alicloud:oss/bucketPublicAccessBlock:BucketPublicAccessBlock")
    assert block.inputs["blockPublicAccess"] is True
    for child in (acl, block, run.named("data-policy")):
        assert bucket.urn in child.property_dependencies["bucket"]


def test_created_key_rotates_and_is_deletion_protected(record):
    key = record(_bucket()).named("data-kms-key")
    assert key.inputs["automaticRotation"] == "Enabled"
    assert key.inputs["rotationInterval"] == "365d"
    assert key.inputs["deletionProtection"] == "Enabled"
    assert key.inputs["pendingWindowInDays"] == 30
    assert key.inputs["keyUsage"] == "ENCRYPT/DECRYPT"


def test_key_in_a_kms_instance_may_rotate_faster(record):
    key = record(_bucket(kms_instance_id="kst-hzz123", key_rotation_days=90)).named("data-kms-key")
    assert key.inputs["rotationInterval"] == "90d"
    assert key.inputs["dkmsInstanceId"] == "kst-hzz123"


def test_an_adopted_key_is_used_and_none_is_created(record):
    run = record(_bucket(kms_key_id="key-existing-123", reader_role_names=["trainer"]))
    assert not run.of_type(KEY)
    assert run.named("data-bucket").inputs["serverSideEncryptionRule"]["kmsMasterKeyId"] == "key-existing-123"
    outputs = run.of_type(TYPE_TOKEN)[0].outputs
    assert outputs["kmsKeyId"] == "key-existing-123"
    grant = json.loads(run.named("data-read-policy").inputs["policyDocument"])
    assert grant["Statement"][1]["Resource"] == ["acs:kms:cn-hangzhou:*:key/key-existing-123"]


def test_lifecycle_archives_after_90_days_and_expires_noncurrent_versions(record):
    rules = record(_bucket()).named("data-bucket").inputs["lifecycleRules"]
    archive, noncurrent = rules
    assert archive["enabled"] is True
    assert archive["transitions"] == [{"days": 90, "storageClass": "Archive"}]
    assert noncurrent["noncurrentVersionTransitions"] == [{"days": 30, "storageClass": "Archive"}]
    assert noncurrent["noncurrentVersionExpirations"] == [{"days": 365}]
    assert noncurrent["abortMultipartUploads"] == [{"days": 7}]


def test_lifecycle_per_prefix_and_cold_class(record):
    rules = (
        record(
            _bucket(
                archive_storage_class="IA",
                archive_after_days=60,
                archive_rules=[{"prefix": "raw/"}, {"prefix": "features/", "archive_after_days": 14}],
            )
        )
        .named("data-bucket")
        .inputs["lifecycleRules"]
    )
    assert [(r["id"], r["prefix"]) for r in rules] == [
        ("archive-0", "raw/"),
        ("archive-1", "features/"),
        ("noncurrent-versions", ""),
    ]
    assert rules[0]["transitions"] == [{"days": 60, "storageClass": "IA"}]
    assert rules[1]["transitions"] == [{"days": 14, "storageClass": "IA"}]
    assert not any("expirations" in r for r in rules)


def test_a_prefix_can_expire_under_the_delete_deny(record):
    # A lifecycle expiration is OSS's own delete, which the bucket policy's deny on RAM identities does not
    # stop: the one way old data under a prefix leaves a bucket whose deletes are denied.
    rules = (
        record(
            _bucket(archive_rules=[{"prefix": "ckpt/", "archive_after_days": 30, "expire_after_days": 90}])
        )
        .named("data-bucket")
        .inputs["lifecycleRules"]
    )
    assert rules[0]["prefix"] == "ckpt/" and rules[0]["expirations"] == [{"days": 90}]
    assert rules[0]["transitions"] == [{"days": 30, "storageClass": "Archive"}]


def test_bucket_policy_denies_deletes_to_all_but_the_break_glass_role_and_plain_http(record):
    run = record(_bucket(break_glass_role_name="BreakGlass", account_id="1234567890123456"))
    document = json.loads(run.named("data-policy").inputs["policy"])
    deny_deletes, deny_http = document["Statement"]
    assert all(s["Effect"] == "Deny" for s in document["Statement"])
    assert {"oss:DeleteObject", "oss:DeleteObjectVersion", "oss:DeleteBucket"} <= set(deny_deletes["Action"])
    assert deny_deletes["Principal"] == ["*"]
    assert deny_deletes["Resource"] == [
        "acs:oss:*:1234567890123456:acme-training-data",
        "acs:oss:*:1234567890123456:acme-training-data/*",
    ]
    assert deny_deletes["Condition"] == {
        "StringNotLike": {
            "acs:PrincipalARN": [
                "acs:ram::1234567890123456:role/breakglass",
                "acs:ram::1234567890123456:assumed-role/breakglass/*",
            ]
        }
    }
    assert deny_http["Condition"] == {"Bool": {"acs:SecureTransport": ["false"]}}


def test_without_break_glass_deletes_are_denied_unconditionally(record):
    document = json.loads(
        record(_bucket(allow_insecure_transport=True)).named("data-policy").inputs["policy"]
    )
    [deny] = document["Statement"]
    assert "Condition" not in deny


def test_readers_get_get_and_list_only_and_writers_no_deletes(record):
    run = record(_bucket(reader_role_names=["trainer", "eval"], writer_role_names=["ingest"]))
    read = run.named("data-read-policy")
    assert read.inputs["policyName"] == "acme-training-data-read"
    read_doc = json.loads(read.inputs["policyDocument"])
    oss_actions = read_doc["Statement"][0]["Action"]
    assert all(a.split(":")[1].startswith(("Get", "List")) for a in oss_actions)
    assert not any("*" in a for a in oss_actions)
    assert read_doc["Statement"][1]["Action"] == ["kms:Decrypt"]
    write_doc = json.loads(run.named("data-write-policy").inputs["policyDocument"])
    write_actions = write_doc["Statement"][0]["Action"]
    assert "oss:PutObject" in write_actions
    assert not any("Delete" in a or "*" in a for a in write_actions)
    attachments = run.of_type("alicloud:ram/rolePolicyAttachment:RolePolicyAttachment")
    assert {(a.inputs["roleName"], a.inputs["policyName"]) for a in attachments} == {
        ("trainer", "acme-training-data-read"),
        ("eval", "acme-training-data-read"),
        ("ingest", "acme-training-data-write"),
    }
    assert all(a.inputs["policyType"] == "Custom" for a in attachments)
    assert read.urn in run.named("data-read-trainer").dependencies


def test_no_roles_no_grants(record):
    run = record(_bucket())
    assert not run.of_type("alicloud:ram/policy:Policy")
    assert not run.of_type("alicloud:ram/rolePolicyAttachment:RolePolicyAttachment")


def test_without_a_log_bucket_the_bucket_logs_its_access_to_itself(record):
    run = record(_bucket())
    logging = run.named("data-logging")
    bucket = run.named("data-bucket")
    assert logging.inputs["bucket"] == logging.inputs["targetBucket"] == bucket.inputs["bucket"]
    assert logging.inputs["targetPrefix"] == "access-log/"


def test_access_logging_and_redundancy(record):
    run = record(_bucket(access_log_bucket="acme-logs", access_log_prefix="oss/", redundancy="ZRS"))
    logging = run.named("data-logging")
    assert logging.inputs["targetBucket"] == "acme-logs"
    assert logging.inputs["targetPrefix"] == "oss/"
    assert run.named("data-bucket").inputs["redundancyType"] == "ZRS"


def test_protect_can_be_turned_off(record):
    run = record(_bucket(protect=False))
    assert not run.named("data-bucket").protect
    assert not run.named("data-kms-key").protect


def test_outputs(record):
    run = record(_bucket())
    component = run.of_type(TYPE_TOKEN)[0]
    assert component.outputs == {
        "bucketName": "acme-training-data",
        "internalEndpoint": "acme-training-data.oss-cn-hangzhou-internal.aliyuncs.com",
        "kmsKeyId": run.named("data-kms-key").id,
        "arn": "acs:oss:*:*:acme-training-data",
    }
    assert component.inputs["bucketName"] == "acme-training-data"
    assert component.inputs["protect"] is True


def test_typed_outputs_resolve():
    seen: dict[str, str] = {}

    def program():
        b = SecureBucket("data", {"bucket_name": "acme-training-data"})
        b.internal_endpoint.apply(lambda v: seen.__setitem__("endpoint", v))
        b.bucket_name.apply(lambda v: seen.__setitem__("name", v))

    from retail_ai_components.preview.recorder import record_resources

    record_resources(program, config={"alicloud:region": "cn-shanghai"})
    assert seen == {
        "endpoint": "acme-training-data.oss-cn-shanghai-internal.aliyuncs.com",
        "name": "acme-training-data",
    }


def test_caller_options_reach_the_children(record):
    run = record(
        lambda: SecureBucket(
            "data", {"bucket_name": "acme-x1", "protect": False}, pulumi.ResourceOptions(protect=True)
        )
    )
    assert run.named("data-acl").protect


@pytest.mark.parametrize(
    ("extra", "field", "rule"),
    [
        ({"bucket_name": "ab"}, "bucket_name", "3 to 63"),
        ({"bucket_name": "a" * 64}, "bucket_name", "3 to 63"),
        ({"bucket_name": "Acme-Data"}, "bucket_name", "lowercase"),
        ({"bucket_name": "acme_data"}, "bucket_name", "lowercase"),
        ({"bucket_name": "-acme"}, "bucket_name", "start and end"),
        ({"bucket_name": "acme-"}, "bucket_name", "start and end"),
        ({"archive_after_days": 0}, "archive_after_days", "greater than or equal to 1"),
        ({"archive_storage_class": "Glacier"}, "archive_storage_class", "Input should be"),
        ({"redundancy": "GRS"}, "redundancy", "Input should be"),
        ({"archive_rules": []}, "archive_rules", "at least 1"),
        (
            {"archive_rules": [{"prefix": "ckpt/", "archive_after_days": 30, "expire_after_days": 30}]},
            "archive_rules[0].expire_after_days",
            "must be greater than the rule's archive_after_days (30)",
        ),
        ({"archive_rules": [{"prefix": ""}]}, "archive_rules[0].prefix", "at least 1"),
        (
            {"archive_rules": [{"prefix": "raw/"}, {"prefix": "raw/2024/"}]},
            "archive_rules[1].prefix",
            "overlaps",
        ),
        (
            {"archive_rules": [{"prefix": "raw/", "archive_after_days": -1}]},
            "archive_rules[0].archive_after_days",
            "greater than or equal to 1",
        ),
        ({"noncurrent_archive_after_days": 400}, "noncurrent_expire_after_days", "must be greater than"),
        ({"reader_role_names": ["bad role"]}, "reader_role_names[0]", "not a RAM role name"),
        ({"reader_role_names": ["a", "a"]}, "reader_role_names", "more than once"),
        ({"writer_role_names": ["r" * 65]}, "writer_role_names[0]", "not a RAM role name"),
        ({"reader_role_names": ["x"], "writer_role_names": ["x"]}, "writer_role_names", "also a reader"),
        ({"break_glass_role_name": "no/slash"}, "break_glass_role_name", "not a RAM role name"),
        ({"account_id": "12345"}, "account_id", "16 digits"),
        ({"key_rotation_days": 90}, "key_rotation_days", "365 days only"),
        (
            {"key_rotation_days": 3, "kms_instance_id": "kst-1"},
            "key_rotation_days",
            "greater than or equal to 7",
        ),
        ({"key_pending_window_days": 5}, "key_pending_window_days", "greater than or equal to 7"),
        ({"tags": {str(i): "v" for i in range(11)}}, "tags", "at most 10"),
        ({"region": "Hangzhou"}, "region", "not an Alibaba Cloud region"),
        ({"colour": "blue"}, "colour", "not a known argument"),
    ],
)
def test_bad_args_raise_one_error_naming_the_field(record, extra, field, rule):
    with pytest.raises(InvalidArgumentError) as caught:
        record(_bucket(**extra))
    assert caught.value.field == field
    assert rule in caught.value.rule
    assert "SecureBucket 'data'" in str(caught.value)


def test_bucket_name_is_required(record):
    with pytest.raises(InvalidArgumentError) as caught:
        record(lambda: SecureBucket("data", {}))  # type: ignore[typeddict-item]
    assert (caught.value.field, caught.value.rule) == ("bucket_name", "is required")


def test_nothing_is_registered_when_validation_fails(record):
    def program():
        with pytest.raises(InvalidArgumentError):
            SecureBucket("data", {"bucket_name": "NO"})

    run = record(program)
    assert [r.type for r in run.resources] == ["pulumi:pulumi:Stack"]


def test_deleter_roles_are_exempt_from_the_delete_deny_too(record):
    run = record(_bucket(break_glass_role_name="ops", deleter_role_names=["AliyunStreamAsiDefaultRole"]))
    [deny, _] = json.loads(run.named("data-policy").inputs["policy"])["Statement"]
    assert deny["Condition"]["StringNotLike"]["acs:PrincipalARN"] == [
        "acs:ram::*:role/ops",
        "acs:ram::*:assumed-role/ops/*",
        "acs:ram::*:role/aliyunstreamasidefaultrole",
        "acs:ram::*:assumed-role/aliyunstreamasidefaultrole/*",
    ]
    assert run.of_type(TYPE_TOKEN)[0].inputs["deleterRoleNames"] == ["AliyunStreamAsiDefaultRole"]


def test_bad_deleter_role(record):
    with pytest.raises(InvalidArgumentError) as caught:
        record(_bucket(deleter_role_names=["a b"]))
    assert caught.value.field == "deleter_role_names[0]"
