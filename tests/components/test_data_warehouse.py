"""DataWarehouse under mocks: a MaxCompute project reachable from the VPC only, protected, two roles."""

from __future__ import annotations

import json

import pytest

from retail_ai_components import DataWarehouse, InvalidArgumentError, Network
from retail_ai_components.preview.recorder import record_resources

PROJECT = "alicloud:maxcompute/project:Project"
ROLE = "alicloud:maxcompute/role:Role"


def program(**extra):
    def run() -> None:
        network = Network("core", {"zone_ids": ["cn-hangzhou-i"], "cidr_block": "10.0.0.0/8"})
        DataWarehouse("dw", {"network": network.ref(), **extra})

    return run


def test_the_vpc_alone_is_whitelisted_and_data_cannot_leave_the_project(record):
    [project] = record(program()).of_type(PROJECT)
    assert project.protect
    assert project.inputs["ipWhiteList"] == {"vpcIpList": "10.0.0.0/8", "ipList": "10.0.0.0/8"}
    assert project.inputs["securityProperties"]["projectProtection"] == {"protected": True}
    assert project.inputs["securityProperties"]["enableDownloadPrivilege"] is True
    assert project.inputs["properties"]["encryption"]["enable"] is True


def test_training_reads_and_flink_writes_but_neither_drops(record):
    run = record(program())
    roles = {r.inputs["roleName"]: json.loads(r.inputs["policy"]) for r in run.of_type(ROLE)}
    assert set(roles) == {"training_reader", "flink_writer"}

    def actions(role: str, effect: str) -> set[str]:
        return {
            a
            for s in roles[role]["Statement"]
            if s["Effect"] == effect and s["Resource"] == ["acs:odps:*:projects/dw_test/tables/*"]
            for a in s["Action"]
        }

    assert actions("training_reader", "Allow") == {"odps:Describe", "odps:List", "odps:Select"}
    # INSERT INTO needs Update; Alter is what adds and drops partitions and changes tables, so the writer has
    # Update, not Alter, and is denied Alter and Drop outright.
    assert actions("flink_writer", "Allow") == {"odps:Describe", "odps:List", "odps:Select", "odps:Update"}
    assert actions("flink_writer", "Deny") == {"odps:Alter", "odps:Drop"}
    for policy in roles.values():
        allowed = {a for s in policy["Statement"] if s["Effect"] == "Allow" for a in s["Action"]}
        assert not allowed & {"odps:*", "odps:Alter", "odps:Drop", "odps:Download"}
        assert all(
            r.startswith("acs:odps:*:projects/dw_test") for s in policy["Statement"] for r in s["Resource"]
        )


def test_billing_comes_from_the_quota_not_from_a_product_type_create_never_sends(record):
    [project] = record(program()).of_type(PROJECT)
    assert "productType" not in project.inputs and "defaultQuota" not in project.inputs
    [project] = record(program(default_quota="os_batch_quota")).of_type(PROJECT)
    assert project.inputs["defaultQuota"] == "os_batch_quota"


def test_table_versions_are_kept_a_week_by_default(record):
    [project] = record(program()).of_type(PROJECT)
    assert project.inputs["properties"]["retentionDays"] == 7
    [project] = record(program(backup_retention_days=30)).of_type(PROJECT)
    assert project.inputs["properties"]["retentionDays"] == 30


def test_the_network_component_itself_is_accepted_as_its_ref(record):
    def run() -> None:
        network = Network("core", {"zone_ids": ["cn-hangzhou-i"], "cidr_block": "10.0.0.0/8"})
        DataWarehouse("dw", {"network": network})

    [project] = record(run).of_type(PROJECT)
    assert project.inputs["ipWhiteList"] == {"vpcIpList": "10.0.0.0/8", "ipList": "10.0.0.0/8"}


def test_project_names_differ_per_stack():
    names = {
        record_resources(program(), config={"alicloud:region": "cn-hangzhou"}, stack=stack)
        .of_type(PROJECT)[0]
        .inputs["projectName"]
        for stack in ("dev", "prod")
    }
    assert names == {"dw_dev", "dw_prod"}


def test_the_project_name_takes_the_organisations_prefix_in_its_own_characters(record):
    # MaxCompute project names are unique across all accounts, and allow '_' where the prefix has '-'.
    [project] = record(program(global_name_prefix="acme-eu")).of_type(PROJECT)
    assert project.inputs["projectName"] == "acme_eu_dw_test"


@pytest.mark.parametrize(
    "extra,field",
    [
        ({"project_name": "DW"}, "project_name"),
        ({"project_name": "x" * 40}, "project_name"),
        ({"writer_role_name": "training_reader"}, "writer_role_name"),
        ({"backup_retention_days": 0}, "backup_retention_days"),
        ({"reader_role_name": "9x"}, "reader_role_name"),
        ({"backup_retention_days": "a week"}, "backup_retention_days"),
        ({"backup_retention_days": 31}, "backup_retention_days"),
        ({"project_name": 42}, "project_name"),
        ({"global_name_prefix": "ACME"}, "global_name_prefix"),
        ({"global_name_prefix": "acme", "project_name": "acme_dw"}, "global_name_prefix"),
        ({"reader_role": "analyst"}, "reader_role"),
        ({"network": "vpc-123"}, "network"),
    ],
)
def test_bad_args_are_one_error_naming_the_field(record, extra, field):
    with pytest.raises(InvalidArgumentError) as caught:
        record(program(**extra))
    assert caught.value.field == field
