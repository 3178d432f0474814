"""The CI runner inside the VPC: how images reach a registry that has no internet endpoint.

A runner hosted by GitHub or GitLab cannot reach the registry's VPC endpoint, and ACR Enterprise Edition's own
build service binds its code source (OAuth or a personal access token) in the console only, with no provider
resource to declare it. So CI pushes from an ECS instance in the platform's VPC: it has no public IP and no
ingress rule, reaches the CI system through the Network's NAT (SNAT only) and the registry through its VPC
endpoint, and holds no credential of its own. Each job assumes the registry's CI role with the job's OIDC token
(ContainerRegistry ``ci``), asks ACR for a temporary login, and pushes.

The CI system's agent is installed and registered once, out of band, through Cloud Assistant (docs/ci.md), so
no registration token is ever in the instance's user data, the stack config or the Pulumi state.
"""

from __future__ import annotations

from typing import Literal

import pulumi
import pulumi_alicloud as alicloud

from retail_ai_components import rotating_key

TYPE_TOKEN = "retailai:reference:CiRunner"
CiSystem = Literal["github", "gitlab"]

# Alibaba Cloud Linux 3: Docker CE from Alibaba's mirror (its VPC address), the Alibaba Cloud CLI and jq for the
# jobs' OIDC exchange and ACR login, and the user the agent runs as. Nothing here is a secret.
USER_DATA = """#!/bin/bash
# The retail-ai CI runner: Docker, the Alibaba Cloud CLI and jq for jobs that push images to the registry's
# VPC endpoint. The CI agent is installed and registered out of band through Cloud Assistant (docs/ci.md).
set -euo pipefail
dnf -y install dnf-plugins-core jq git tar
dnf config-manager --add-repo https://mirrors.cloud.aliyuncs.com/docker-ce/linux/centos/docker-ce.repo
sed -i 's#https://mirrors.aliyun.com#https://mirrors.cloud.aliyuncs.com#g' /etc/yum.repos.d/docker-ce.repo
dnf -y install docker-ce docker-ce-cli containerd.io
systemctl enable --now docker
curl -fsSL https://aliyuncli.alicdn.com/aliyun-cli-linux-latest-amd64.tgz | tar -xz -C /usr/local/bin aliyun
id runner >/dev/null 2>&1 || useradd --create-home --groups docker runner
"""


class CiRunner(pulumi.ComponentResource):
    """One ECS instance in the VPC that runs CI jobs which push images, its security group (no ingress) and the
    KMS key of its disk (the build cache holds the images before they are pushed)."""

    instance_id: pulumi.Output[str]
    private_ip: pulumi.Output[str]

    def __init__(
        self,
        name: str,
        *,
        system: CiSystem,
        url: str,
        labels: list[str],
        vpc_id: pulumi.Input[str],
        vswitch_id: pulumi.Input[str],
        zone_id: str,
        instance_type: str,
        image_id: pulumi.Input[str],
        follow_newest_image: bool,
        disk_gib: int,
        tags: dict[str, str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(TYPE_TOKEN, name, {"system": system, "url": url, "labels": labels}, opts)
        child = pulumi.ResourceOptions(parent=self)
        runner_tags = {**tags, "role": "ci-runner"}
        # Outbound only: the agent long-polls the CI system and pushes to the registry; nothing connects in.
        group = alicloud.ecs.SecurityGroup(
            f"{name}-sg",
            vpc_id=vpc_id,
            security_group_name=f"{name}-sg",
            description=f"CI runner {name}: no ingress rule; egress to the CI system and the registry",
            inner_access_policy="Drop",
            tags=runner_tags,
            opts=child,
        )
        key = rotating_key(
            self,
            f"{name}-disk-key",
            description=f"Encrypts the system disk of CI runner {name}",
            protect=True,
            tags=runner_tags,
        )
        instance = alicloud.ecs.Instance(
            f"{name}-instance",
            instance_name=name,
            host_name=name,
            availability_zone=zone_id,
            vswitch_id=vswitch_id,
            security_groups=[group.id],
            instance_type=instance_type,
            image_id=image_id,
            instance_charge_type="PostPaid",
            internet_max_bandwidth_out=0,
            http_tokens="required",
            http_endpoint="enabled",
            security_enhancement_strategy="Active",
            system_disk_category="cloud_essd",
            system_disk_performance_level="PL1",
            system_disk_size=disk_gib,
            system_disk_encrypted=True,
            system_disk_kms_key_id=key.id,
            user_data=USER_DATA,
            tags=runner_tags,
            volume_tags=runner_tags,
            # A new image ID re-images the system disk in place, and the agent's registration with it: when the
            # image is "the newest public one", a newer release must not do that on a routine `pulumi up`.
            opts=pulumi.ResourceOptions(
                parent=self, ignore_changes=["imageId"] if follow_newest_image else None
            ),
        )
        self.instance_id = instance.id
        self.private_ip = instance.private_ip
        self.register_outputs({"instanceId": instance.id, "privateIp": instance.private_ip})
