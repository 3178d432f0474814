"""The PAI-DLC CreateJob request built from GpuTraining's outputs (retail_ai_components.dlc)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from alibabacloud_pai_dlc20201203.models import CreateJobRequest

from retail_ai_components.dlc import create_job_request, redacted
from retail_ai_components.errors import InvalidArgumentError

SETTINGS = {
    "workspaceId": "ws-123",
    "datasetIds": {"training-data": "d-data", "checkpoints": "d-ckpt"},
    "checkpointPath": "oss://acme-retail-prod-checkpoints/ranking/",
    "checkpointRetentionDays": 90,
}
IMAGE = "dsw-registry-vpc.cn-hangzhou.cr.aliyuncs.com/pai/pytorch-training:2.3-gpu"
PRIVATE_IMAGE = "acme-prod-registry-vpc.cn-hangzhou.cr.aliyuncs.com/retail-ai/trainer:1.0"
ROLE = "acs:ram::1234567890123456:role/train-dlc-trainer"
NETWORK = {
    "region": "cn-hangzhou",
    "vpc_id": "vpc-1",
    "vswitch_id": "vsw-1",
    "security_group_id": "sg-1",
    "role_arn": ROLE,
}
LOGIN = {"username": "cr_temp_user", "password": "temp-token-not-a-secret"}


def request(registry_auth: Any = None, **run: Any) -> dict[str, Any]:
    base = {"display_name": "ranking-train", "image": IMAGE, "command": "python train.py", "gpus": 16}
    return create_job_request({**base, **run}, SETTINGS, registry_auth=registry_auth, **NETWORK)


def test_sixteen_gpus_on_spot_is_two_workers_that_resume_from_the_checkpoint_mount() -> None:
    req = request()
    (worker,) = req["JobSpecs"]
    assert worker["PodCount"] == 2 and worker["EcsSpec"] == "ecs.gn7e-c16g1.32xlarge"
    assert worker["UseSpotInstance"] is True
    assert worker["SpotSpec"] == {"SpotStrategy": "SpotWithPriceLimit", "SpotDiscountLimit": 0.5}
    assert {"DataSourceId": "d-ckpt", "MountPath": "/mnt/checkpoints/"} in req["DataSources"]
    assert req["Envs"]["CHECKPOINT_DIR"] == "/mnt/checkpoints/" and req["Envs"]["RESUME_FROM"] == "latest"
    assert req["Settings"] == {"ElasticSpotJobMaxRestartTimes": 10}
    assert req["UserVpc"] == {"VpcId": "vpc-1", "SwitchId": "vsw-1", "SecurityGroupId": "sg-1"}
    assert req["WorkspaceId"] == "ws-123" and req["Accessibility"] == "PRIVATE"


def test_the_job_runs_as_the_role_pai_assumes_for_it() -> None:
    # A DLC job runs on PAI's nodes: the cluster's RRSA role is out of its reach, so PAI injects this one.
    config = request()["CredentialConfig"]
    assert config["EnableCredentialInject"] is True
    [item] = config["CredentialConfigItems"]
    assert item["Key"] == config["AliyunEnvRoleKey"] and item["Type"] == "Role"
    assert item["Roles"] == [{"RoleArn": ROLE, "RoleType": "service"}]


def test_a_private_registry_image_carries_its_login_and_printing_hides_it() -> None:
    req = request(image=PRIVATE_IMAGE, registry_auth=LOGIN)
    (worker,) = req["JobSpecs"]
    assert worker["ImageConfig"] == {
        "DockerRegistry": "acme-prod-registry-vpc.cn-hangzhou.cr.aliyuncs.com",
        "Username": "cr_temp_user",
        "Password": "temp-token-not-a-secret",
    }
    shown = json.dumps(redacted(req))
    assert "temp-token-not-a-secret" not in shown and "[secret]" in shown
    assert req["JobSpecs"][0]["ImageConfig"]["Password"] == "temp-token-not-a-secret"  # untouched
    assert "ImageConfig" not in request()["JobSpecs"][0]  # PAI's own images need no login


def test_a_private_registry_image_without_its_login_is_refused() -> None:
    with pytest.raises(InvalidArgumentError) as error:
        request(image=PRIVATE_IMAGE)
    assert error.value.field == "registry_auth" and "private registry" in error.value.rule
    with pytest.raises(InvalidArgumentError) as error:
        request(image=PRIVATE_IMAGE, registry_auth={"username": "u"})
    assert error.value.field == "registry_auth.password"
    with pytest.raises(InvalidArgumentError) as error:
        request(image=PRIVATE_IMAGE, registry_auth={"username": "", "password": "p"})
    assert error.value.field == "registry_auth.username"


def test_checkpoints_are_never_pruned_by_the_job() -> None:
    # The bucket and the role deny deletes: the job learns that old checkpoints expire by lifecycle.
    assert request()["Envs"]["CHECKPOINT_RETENTION_DAYS"] == "90"


def test_on_demand_run_has_no_spot_spec() -> None:
    (worker,) = request(spot=False)["JobSpecs"]
    assert worker["UseSpotInstance"] is False and "SpotSpec" not in worker


def _without_empty_lists(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_empty_lists(v) for k, v in value.items() if v != []}
    if isinstance(value, list):
        return [_without_empty_lists(v) for v in value]
    return value


def test_every_field_survives_the_official_sdk_model() -> None:
    # A key the SDK does not know would be dropped here, and never reach the API.
    req = request(image=PRIVATE_IMAGE, registry_auth=LOGIN)
    assert _without_empty_lists(CreateJobRequest().from_map(req).to_map()) == req


@pytest.mark.parametrize(
    ("run", "field", "rule"),
    [
        ({"gpus": 12}, "gpus", "not a multiple of the 8 GPUs"),
        ({"image": "docker.io/pytorch/pytorch:2.3"}, "image", "registry VPC endpoint in cn-hangzhou"),
        (
            {"image": "registry-vpc.cn-beijing.aliyuncs.com/a/b:1"},
            "image",
            "registry VPC endpoint in cn-hangzhou",
        ),
        ({"instance_type": "ecs.c7.4xlarge"}, "instance_type", "not a GPU instance type"),
        ({"display_name": "ranking train!"}, "display_name", "should match pattern"),
        ({"spot_discount_limit": 0}, "spot_discount_limit", "greater than 0"),
        ({"gpu": 8}, "gpu", "Extra inputs are not permitted"),
        # A user-named key is quoted, as every field of the library is written (not envs.NCCL-DEBUG).
        ({"envs": {"NCCL-DEBUG": 1}}, "envs['NCCL-DEBUG']", "valid string"),
    ],
)
def test_bad_runs_name_the_field_and_the_rule(run: dict[str, Any], field: str, rule: str) -> None:
    with pytest.raises(InvalidArgumentError) as error:
        request(**run)
    assert error.value.field == field and rule in str(error.value)


def test_missing_gpu_training_outputs_are_named() -> None:
    with pytest.raises(InvalidArgumentError, match=r"job_settings.datasetIds.checkpoints"):
        create_job_request(
            {"display_name": "x", "image": IMAGE, "command": "c", "gpus": 8},
            {**SETTINGS, "datasetIds": {"training-data": "d"}},
            **NETWORK,
        )


@pytest.mark.slow
def test_the_example_submits_from_the_reference_stacks_outputs(tmp_path):
    # What a user runs after `pulumi up`: the stack's outputs straight into the example, --dry-run.
    repo = Path(__file__).resolve().parents[2]
    cli = str(Path(sys.executable).with_name("retail-ai"))
    preview = subprocess.run(
        [cli, "preview", "--stack", "prod", "--json", "--policy-pack", "none"],
        capture_output=True,
        text=True,
        timeout=240,
        cwd=repo,
    )
    outputs = tmp_path / "outputs.json"
    outputs.write_text(json.dumps(json.loads(preview.stdout)["outputs"]))
    done = subprocess.run(
        [
            sys.executable,
            str(repo / "examples" / "dlc" / "submit_training_job.py"),
            str(outputs),
            "--gpus",
            "16",
            "--image",
            "registry-vpc.cn-hangzhou.aliyuncs.com/retail-ai/trainer:1.0",
            "--command",
            "python train.py",
            "--registry-username",
            "cr_temp_user",
            "--dry-run",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "REGISTRY_PASSWORD": "temp-token-not-a-secret"},
    )
    assert done.returncode == 0, done.stderr
    assert "temp-token-not-a-secret" not in done.stdout + done.stderr
    request = json.loads(done.stdout)
    assert request["JobSpecs"][0]["ImageConfig"]["Password"] == "[secret]"
    assert request["CredentialConfig"]["CredentialConfigItems"][0]["Roles"][0]["RoleArn"]
    assert request["UserVpc"]["VpcId"].startswith("placeholder-vpc-network-")
    assert "vsw-training" in request["UserVpc"]["SwitchId"]
    assert request["UserVpc"]["SecurityGroupId"].endswith("sg-training")
    assert request["JobSpecs"][0]["PodCount"] == 2
