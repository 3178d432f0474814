"""The reference platform's CI runner under mocks: inside the VPC, reachable from nowhere, holding no credential."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.append(str(Path(__file__).resolve().parents[2] / "stacks"))

from ci_runner import CiRunner

INSTANCE = "alicloud:ecs/instance:Instance"


def runner(image_id: str = "m-newest", follow_newest_image: bool = True):
    def run() -> None:
        CiRunner(
            "ci",
            system="github",
            url="https://github.com/acme/retail-ai",
            labels=["retail-ai-vpc"],
            vpc_id="vpc-1",
            vswitch_id="vsw-inference-i",
            zone_id="cn-hangzhou-i",
            instance_type="ecs.g7.xlarge",
            image_id=image_id,
            follow_newest_image=follow_newest_image,
            disk_gib=100,
            tags={"environment": "prod"},
        )

    return run


def test_the_runner_has_no_public_address_no_ingress_and_no_credential(record):
    run = record(runner())
    [instance] = run.of_type(INSTANCE)
    assert instance.inputs["internetMaxBandwidthOut"] == 0
    assert not instance.inputs.get("allocatePublicIp")
    assert instance.inputs["vswitchId"] == "vsw-inference-i"
    group = run.named("ci-sg")
    assert instance.inputs["securityGroups"] == [group.id]
    assert group.inputs["innerAccessPolicy"] == "Drop"
    assert not run.of_type("alicloud:ecs/securityGroupRule:SecurityGroupRule")
    # Jobs assume the registry's CI role with their own OIDC token; the machine holds no identity of its own.
    assert "roleName" not in instance.inputs
    assert instance.inputs["httpTokens"] == "required"


def test_the_build_cache_disk_is_encrypted_with_a_rotating_key_of_its_own(record):
    run = record(runner())
    [instance] = run.of_type(INSTANCE)
    key = run.named("ci-disk-key")
    assert instance.inputs["systemDiskEncrypted"] is True
    assert instance.inputs["systemDiskKmsKeyId"] == key.id
    assert key.inputs["automaticRotation"] == "Enabled" and key.protect


def test_the_user_data_installs_the_tools_and_carries_no_registration_token(record):
    [instance] = record(runner()).of_type(INSTANCE)
    script = instance.inputs["userData"]
    assert "docker-ce" in script and "aliyun-cli" in script and "useradd" in script
    assert (
        "token" not in script.lower()
        and "config.sh" not in script
        and "register" not in script.split("\n", 3)[3]
    )


@pytest.mark.parametrize(("follow", "ignored"), [(True, ["imageId"]), (False, [])])
def test_only_a_derived_image_is_left_alone_when_a_newer_one_appears(record, follow, ignored):
    # A new image ID re-images the system disk in place; a pinned image in config is a deliberate change.
    [instance] = record(runner(follow_newest_image=follow)).of_type(INSTANCE)
    assert instance.ignore_changes == ignored
