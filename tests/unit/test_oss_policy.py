"""The OSS policy documents and naming rules, as plain functions."""

from __future__ import annotations

import json

import pytest

from retail_ai_components import _naming, _oss_policy


def test_read_actions_are_get_and_list_only_without_wildcards():
    assert all(a.startswith(("oss:Get", "oss:List")) for a in _oss_policy.READ_ACTIONS)
    assert not any("*" in a for a in (*_oss_policy.READ_ACTIONS, *_oss_policy.WRITE_ACTIONS))


def test_writers_never_delete():
    assert not set(_oss_policy.WRITE_ACTIONS) & set(_oss_policy.DESTRUCTIVE_ACTIONS)
    assert not any("Delete" in a for a in _oss_policy.WRITE_ACTIONS)


def test_bucket_policy_only_denies():
    document = _oss_policy.bucket_policy("b-1", break_glass_role_name="Ops")
    assert document["Version"] == "1"
    assert [s["Effect"] for s in document["Statement"]] == ["Deny", "Deny"]
    arns = document["Statement"][0]["Condition"]["StringNotLike"]["acs:PrincipalARN"]
    assert arns == ["acs:ram::*:role/ops", "acs:ram::*:assumed-role/ops/*"]


def test_the_calls_that_would_lift_the_protection_are_denied_too():
    [deny, _] = _oss_policy.bucket_policy("b-1")["Statement"]
    # One PutBucketPolicy would replace the deny; one PutBucketLifecycle could expire every object.
    for action in (
        "oss:PutBucketPolicy",
        "oss:DeleteBucketPolicy",
        "oss:PutBucketLifecycle",
        "oss:PutBucketVersioning",
    ):
        assert action in deny["Action"], action


def test_bucket_policy_without_tls_rule():
    document = _oss_policy.bucket_policy("b-1", deny_insecure_transport=False)
    assert len(document["Statement"]) == 1


def test_grant_scopes_kms_to_the_one_key():
    document = _oss_policy.role_grant_policy(
        "b-1",
        oss_actions=["oss:GetObject"],
        kms_actions=["kms:Decrypt"],
        kms_key_id="k-1",
        region="cn-hangzhou",
        account_id="1234567890123456",
    )
    assert document["Statement"][0]["Resource"] == [
        "acs:oss:*:1234567890123456:b-1",
        "acs:oss:*:1234567890123456:b-1/*",
    ]
    assert document["Statement"][1]["Resource"] == ["acs:kms:cn-hangzhou:1234567890123456:key/k-1"]


def test_to_json_is_stable():
    a = _oss_policy.to_json({"b": 1, "a": [1, 2]})
    assert a == '{"a":[1,2],"b":1}'
    assert json.loads(a) == {"a": [1, 2], "b": 1}


@pytest.mark.parametrize("name", ["abc", "acme-catalog-images", "a1-b2", "9" * 63])
def test_good_bucket_names(name):
    assert _naming.bucket_name_problem(name) is None


@pytest.mark.parametrize("name", ["ab", "a" * 64, "Abc", "a_b", "-ab", "ab-", "a.b", ""])
def test_bad_bucket_names(name):
    assert _naming.bucket_name_problem(name)


@pytest.mark.parametrize(
    ("checker", "good", "bad"),
    [
        (_naming.sls_project_name_problem, "retail-prod-clickstream", "Retail"),
        (_naming.sls_logstore_name_problem, "click_events", "-x"),
        (_naming.ram_role_name_problem, "Training.Role_1-a", "has space"),
        (_naming.account_id_problem, "1234567890123456", "12345"),
    ],
)
def test_other_names(checker, good, bad):
    assert checker(good) is None
    assert checker(bad)
