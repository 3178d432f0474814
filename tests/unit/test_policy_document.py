"""ram.get_policy_document rendered offline: the provider's own acceptance-test documents, byte for byte."""

from __future__ import annotations

import json
import zlib

import pytest

from retail_ai_components.preview.answers.policy_document import (
    OrderUnknown,
    Rejected,
    document_id,
    go_json,
    render,
)

# The statements and documents of terraform-provider-alicloud v1.289.0's acceptance tests for
# alicloud_ram_policy_document (the expected strings are the provider's, unchanged).
NO_CONDITION = (
    [
        {
            "effect": "Allow",
            "actions": ["oss:*"],
            "resources": ["acs:oss:*:*:myphotos", "acs:oss:*:*:myphotos/*"],
        }
    ],
    '{"Statement":[{"Effect":"Allow","Action":"oss:*","Resource":["acs:oss:*:*:myphotos","acs:oss:*:*:myphotos/*"]}],'
    '"Version":"1"}',
)
CONDITIONS = (
    [
        {
            "effect": "Allow",
            "actions": [
                "oss:ListBuckets",
                "oss:GetBucketStat",
                "oss:GetBucketInfo",
                "oss:GetBucketTagging",
                "oss:GetBucketAcl",
            ],
            "resources": ["acs:oss:*:*:*"],
        },
        {
            "effect": "Allow",
            "actions": ["oss:GetObject", "oss:GetObjectAcl"],
            "resources": ["acs:oss:*:*:myphotos/hangzhou/2015/*"],
        },
        {
            "effect": "Allow",
            "actions": ["oss:ListObjects"],
            "resources": ["acs:oss:*:*:myphotos"],
            "conditions": [
                {"operator": "StringLike", "variable": "oss:Delimiter", "values": ["/"]},
                {
                    "operator": "StringLike",
                    "variable": "oss:Prefix",
                    "values": ["hangzhou/", "hangzhou/2015/*"],
                },
            ],
        },
    ],
    '{"Statement":[{"Effect":"Allow","Action":["oss:ListBuckets","oss:GetBucketStat","oss:GetBucketInfo",'
    '"oss:GetBucketTagging","oss:GetBucketAcl"],"Resource":"acs:oss:*:*:*"},{"Effect":"Allow","Action":'
    '["oss:GetObject","oss:GetObjectAcl"],"Resource":"acs:oss:*:*:myphotos/hangzhou/2015/*"},{"Effect":"Allow",'
    '"Action":"oss:ListObjects","Resource":"acs:oss:*:*:myphotos","Condition":{"StringLike":{"oss:Delimiter":"/",'
    '"oss:Prefix":["hangzhou/","hangzhou/2015/*"]}}}],"Version":"1"}',
)
SERVICE_PRINCIPAL = (
    [
        {
            "effect": "Allow",
            "actions": ["sts:AssumeRole"],
            "principals": [{"entity": "Service", "identifiers": ["ecs.aliyuncs.com"]}],
        }
    ],
    '{"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":["ecs.aliyuncs.com"]}}],'
    '"Version":"1"}',
)


@pytest.mark.parametrize("statements, document", [NO_CONDITION, CONDITIONS, SERVICE_PRINCIPAL])
def test_the_providers_own_test_documents_are_rendered_byte_for_byte(statements, document):
    assert render(statements) == document


def test_effect_defaults_to_allow_and_a_single_identifier_stays_a_list():
    # The provider documents the federated example with a condition; this is its rendering.
    statements = [
        {
            "actions": ["sts:AssumeRole"],
            "principals": [
                {"entity": "Federated", "identifiers": ["acs:ram::1234:saml-provider/testprovider"]}
            ],
            "conditions": [
                {
                    "operator": "StringEquals",
                    "variable": "saml:recipient",
                    "values": ["https://signin.aliyun.com/saml-role/sso"],
                }
            ],
        }
    ]
    assert json.loads(render(statements)) == {
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "sts:AssumeRole",
                "Principal": {"Federated": ["acs:ram::1234:saml-provider/testprovider"]},
                "Condition": {"StringEquals": {"saml:recipient": "https://signin.aliyun.com/saml-role/sso"}},
            }
        ],
        "Version": "1",
    }


def test_principals_are_keyed_by_entity_sorted_with_identifiers_in_reverse_order():
    statements = [
        {
            "actions": ["sts:AssumeRole"],
            "principals": [
                {
                    "entity": "Service",
                    "identifiers": ["ecs.aliyuncs.com", "cs.aliyuncs.com", "fc.aliyuncs.com"],
                },
                {"entity": "RAM", "identifiers": ["acs:ram::1234:root"]},
            ],
        }
    ]
    document = render(statements)
    assert document.index('"RAM"') < document.index('"Service"')
    assert json.loads(document)["Statement"][0]["Principal"]["Service"] == [
        "fc.aliyuncs.com",
        "ecs.aliyuncs.com",
        "cs.aliyuncs.com",
    ]


def test_identical_principal_blocks_count_once_as_in_the_providers_set():
    block = {"entity": "Service", "identifiers": ["ecs.aliyuncs.com"]}
    document = render([{"actions": ["sts:AssumeRole"], "principals": [block, dict(block)]}])
    assert json.loads(document)["Statement"][0]["Principal"] == {"Service": ["ecs.aliyuncs.com"]}


def test_two_blocks_for_one_entity_are_refused_with_how_to_write_them():
    statements = [
        {
            "actions": ["sts:AssumeRole"],
            "principals": [
                {"entity": "Service", "identifiers": ["ecs.aliyuncs.com"]},
                {"entity": "Service", "identifiers": ["fc.aliyuncs.com"]},
            ],
        }
    ]
    with pytest.raises(
        OrderUnknown, match=r"statements\[0\] has two principal blocks for Service.*one block"
    ):
        render(statements)


def test_html_characters_are_escaped_as_go_does():
    statements = [
        {
            "actions": ["oss:GetObject"],
            "resources": ["acs:oss:*:*:a&b<c>"],
            "conditions": [{"operator": "StringLike", "variable": "acs:SourceIp", "values": ["10.0.0.0/8"]}],
        }
    ]
    document = render(statements)
    assert '"acs:oss:*:*:a\\u0026b\\u003cc\\u003e"' in document
    assert go_json({"k": "\u2028"}) == '{"k":"\\u2028"}'


@pytest.mark.parametrize(
    "statement, field, rule",
    [
        ({"effect": "Permit", "actions": ["oss:*"]}, "statements[0].effect", "must be one of Allow, Deny"),
        ({"actions": []}, "statements[0].actions", "is required"),
        ({"actions": ["oss:*", " "]}, "statements[0].actions[1]", "refuses empty strings in action"),
        ({"actions": ["oss:*"], "resources": [""]}, "statements[0].resources[0]", "refuses empty strings"),
        (
            {"actions": ["sts:AssumeRole"], "principals": [{"entity": "Account", "identifiers": ["1"]}]},
            "statements[0].principals[0].entity",
            "must be one of RAM, Service, Federated",
        ),
        (
            {
                "actions": ["oss:*"],
                "conditions": [{"operator": "IpAddress", "variable": "acs:SourceIp", "values": [""]}],
            },
            "statements[0].conditions[0].values[0]",
            "refuses empty strings in values",
        ),
    ],
)
def test_what_the_provider_rejects_is_rejected_naming_the_field(statement, field, rule):
    with pytest.raises(Rejected) as caught:
        render([statement])
    assert caught.value.field == field
    assert rule in caught.value.rule


def test_a_statement_that_is_not_a_block_is_rejected_naming_it():
    with pytest.raises(Rejected) as caught:
        render([{"actions": ["oss:*"]}, "oss:*"])
    assert (caught.value.field, caught.value.rule) == ("statements[1]", "must be a block (a mapping)")


def test_only_version_1_is_valid():
    with pytest.raises(Rejected, match="version"):
        render([{"actions": ["oss:*"]}], version="2")


def test_the_id_is_the_crc32_of_the_document():
    document = NO_CONDITION[1]
    assert document_id(document) == str(zlib.crc32(document.encode()))
