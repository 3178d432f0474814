"""Every component with only its required arguments: what a team gets before it tunes anything.

`retail-ai preview --cwd examples/minimal --stack dev` previews it offline; it must draw no violation of the
bundled pack (a test keeps it so). Bucket names are global across all accounts: change the prefix.
"""

import pulumi

from retail_ai_components import (
    BurstCluster,
    ContainerRegistry,
    DataWarehouse,
    EasService,
    FeatureStore,
    GpuTraining,
    Guardrails,
    Network,
    Observability,
    SecureBucket,
    VectorStore,
)

config = pulumi.Config()
prefix = config.get("bucketPrefix") or "acme-minimal"

network = Network("shop", {"zone_ids": ["cn-hangzhou-i", "cn-hangzhou-j"]})
data = SecureBucket("data", {"bucket_name": f"{prefix}-data"})
registry = ContainerRegistry("images", {"network": network.ref(), "namespaces": ["acme"]})
vectors = VectorStore(
    "vectors", {"network": network.ref(), "db_admin_password": config.require_secret("vectorStorePassword")}
)
warehouse = DataWarehouse("batch", {"network": network.ref()})
cluster = BurstCluster("burst", {"network": network.ref()})
features = FeatureStore(
    "features",
    {
        "network": network.ref(),
        "inference_zone_id": "cn-hangzhou-i",
        "flink_state_bucket": data.bucket_name,
        "tair": {"password": config.require_secret("featureStorePassword")},
    },
)
ranking = EasService(
    "ranking",
    {
        "network": network.ref(),
        "container": {"image": registry.image("acme", "ranking", "1.0")},
        "resources": {"instance_type": "ecs.c7.2xlarge"},
        # An intranet-only EAS gateway bought for the account (no Pulumi resource creates one).
        "dedicated_gateway_id": "gw-acmeintranet",
    },
)
training = GpuTraining(
    "training",
    {
        "cluster": cluster.ref(),
        "checkpoint_bucket_name": f"{prefix}-checkpoints",
        "training_data_bucket": data.bucket_name,
    },
)

guardrails = Guardrails(
    "guardrails", {"trail_bucket": SecureBucket("audit", {"bucket_name": f"{prefix}-audit"})}
)
observability = Observability(
    "observability",
    {
        "cluster": cluster,
        "services": [{"service": ranking.role_names["blue"]}],
        # The pods of the serving path (a gateway in the cluster) that export the latency histogram.
        "scrape": {"pod_labels": {"app": "inference-proxy"}},
        "oncall": [{"name": "acme-oncall", "email": "oncall@example.com"}],
    },
)

pulumi.export("vpcId", network.vpc_id)
