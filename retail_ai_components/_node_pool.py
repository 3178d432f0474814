"""The one way components create an ACK node pool, so every pool gets the same security baseline."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

import pulumi
import pulumi_alicloud as alicloud


def secure_node_pool(
    resource_name: str,
    *,
    cluster_id: pulumi.Input[str],
    vswitch_ids: Sequence[pulumi.Input[str]],
    security_group_id: pulumi.Input[str],
    instance_types: Sequence[str],
    scaling: tuple[Literal["cpu", "gpu"], int, int],
    system_disk: tuple[str, int],
    kms_key_id: pulumi.Input[str] | None,
    upgrades: Mapping[str, Any],
    labels: Sequence[Mapping[str, str]],
    resource_group_id: pulumi.Input[str] | None,
    tags: dict[str, str] | None,
    opts: pulumi.ResourceOptions,
    **purpose: Any,
) -> alicloud.cs.NodePool:
    """A pay-as-you-go, auto-scaling pool named ``resource_name`` whose nodes have no public address (no
    bandwidth out, no EIP bound on scale-out), answer only IMDSv2 (session tokens, so a request forged
    through a pod cannot read the node's role credentials), boot Alibaba Cloud Linux 3 from an encrypted
    ESSD (with ``kms_key_id``, the cluster's key, when there is one), run the CloudMonitor agent and are
    repaired by ACK when they fail. The pack checks the public address, the encryption and the repair on
    any stack's node pools; the rest is this library's own baseline.

    ``scaling`` is the autoscaler's node type and the pool's fewest and most nodes; ``system_disk`` the ESSD
    performance level and size in GiB; ``upgrades`` the rest of ``management`` (whether ACK upgrades the
    nodes and fixes their vulnerabilities); ``purpose`` what only this pool sets (its spot settings, zone
    policy, taints, data disks).
    """
    scaling_type, min_size, max_size = scaling
    performance_level, size_gib = system_disk
    return alicloud.cs.NodePool(
        resource_name,
        cluster_id=cluster_id,
        node_pool_name=resource_name,
        vswitch_ids=list(vswitch_ids),
        security_group_ids=[security_group_id],
        instance_types=list(instance_types),
        instance_charge_type="PostPaid",
        scaling_config={
            "enable": True,
            "min_size": min_size,
            "max_size": max_size,
            "type": scaling_type,
            "is_bond_eip": False,
        },
        internet_max_bandwidth_out=0,
        image_type="AliyunLinux3",
        system_disk_category="cloud_essd",
        system_disk_performance_level=performance_level,
        system_disk_size=size_gib,
        system_disk_encrypted=True,
        system_disk_kms_key=kms_key_id,
        instance_metadata_options={"http_tokens": "required"},
        management={"enable": True, "auto_repair": True, **upgrades},
        labels=[dict(label) for label in labels],
        install_cloud_monitor=True,
        resource_group_id=resource_group_id,
        tags=tags,
        opts=opts,
        **purpose,
    )
