"""The reference e-commerce AI platform: what a company stack composes from retail-ai-components."""

import pulumi
from platform_config import load_platform_config

from retail_ai_components import Network

platform, region = load_platform_config()
prefix = platform.name_prefix

network = Network(
    f"{prefix}-network",
    {
        "zone_ids": platform.network.zones,
        "cidr_block": platform.network.cidr_block,
        "nat": platform.network.nat,
        "tags": {"environment": platform.environment},
    },
)

pulumi.export("region", region)
pulumi.export("vpcId", network.vpc_id)
pulumi.export("vswitchIds", network.vswitch_ids)
pulumi.export("securityGroupIds", network.security_group_ids)
