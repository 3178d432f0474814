"""The platform layer's typed config: the network, registry, cluster, storage, warehouse and guardrails that
the apps layer (stacks/apps) builds on. Read with :func:`reference_config.load_config`."""

from __future__ import annotations

from typing import Literal

import pulumi
import pydantic
from reference_config import ConfigModel, LayerConfig, ZoneId, load_config

from retail_ai_components import (
    ClusterSpec,
    FeatureStoreEngine,
    GlobalNamePrefix,
    InvalidArgumentError,
    NatMode,
    PaymentType,
    Redundancy,
    SpotStrategy,
)
from retail_ai_components.container_registry import InstanceType


class NetworkConfig(ConfigModel):
    zones: list[ZoneId] = pydantic.Field(min_length=1)
    """Zones to spread over, inference zone first (the feature store follows it)."""
    cidr_block: str | None = None
    nat: NatMode | None = None


class RegistryCiConfig(ConfigModel):
    """CI as a RAM OIDC identity (e.g. GitHub Actions): only this subject of this issuer may push."""

    provider_arn: str
    issuer_url: str
    subject: str
    audience: str | None = None


class RegistryConfig(ConfigModel):
    """The private container registry (ContainerRegistry): images are pushed by CI, pulled over the VPC."""

    namespaces: list[str] = pydantic.Field(default_factory=lambda: ["retail-ai"], min_length=1)
    instance_type: InstanceType | None = None
    ci: RegistryCiConfig | None = None
    """The CI's OIDC identity (provider_arn, issuer_url, subject); none = a RAM user with no key."""


class VectorStoreConfig(ConfigModel):
    """The managed Milvus for conversational commerce (VectorStore)."""

    ha: bool | None = None
    """Two replicas across two zones (the component's default); needs two zones in the network."""
    query_cu: int | None = None
    hnsw_m: int | None = None
    hnsw_ef_construction: int | None = None
    hnsw_ef: int | None = None


class WarehouseConfig(ConfigModel):
    """The MaxCompute project of the nightly batch (DataWarehouse)."""

    backup_retention_days: int | None = None


class GuardrailsConfig(ConfigModel):
    """Cloud Config rules and the ActionTrail trail (Guardrails); the trail's bucket needs the storage section."""

    trail_archive_after_days: int | None = None


class StorageConfig(ConfigModel):
    """The platform's buckets (SecureBucket). OSS bucket names are global across all accounts."""

    bucket_prefix: str | None = pydantic.Field(default=None, pattern=r"^[a-z0-9][a-z0-9-]{1,40}$")
    """Start of every bucket name; buckets are ``<prefix>-catalog-images``, ``-training-data``, ``-models``,
    ``-flink-state``, ``-access-logs`` and ``-audit-trail``. Optional. Defaults to ``globalNamePrefix`` and the
    name prefix, e.g. ``acme-retail-prod``."""
    catalog_archive_after_days: int | None = None
    """Catalog images move to Archive after this many days (the bucket's default when not given)."""
    data_cold_after_days: int = 180
    """Training data and models move to IA (still readable at once) after this many days."""
    redundancy: Redundancy | None = None
    reader_role_names: list[str] = pydantic.Field(default_factory=list)
    """Existing RAM roles that may read the training data (GpuTraining grants its own role)."""
    break_glass_role_name: str | None = None
    """The one RAM role that may delete objects or buckets."""
    flink_service_role_name: str = "AliyunStreamAsiDefaultRole"
    """The Flink service role, exempt from the delete deny on the Flink state bucket (it discards old
    checkpoints)."""
    account_id: str | None = None
    """16-digit account ID to pin policy ARNs to."""


class FeatureStoreTairConfig(ConfigModel):
    """The Tair instance of the ``tair_persistent_memory`` engine; unset values take the component's
    defaults. Its password is the secret ``retail-ai-platform:featureStorePassword``."""

    instance_class: str | None = None
    shard_count: int | None = None
    secondary_zone: ZoneId | None = None
    """A second network zone for the Tair replica."""
    tls: bool | None = None
    backup_time: str | None = None
    """Daily backup window, UTC, ``HH:00Z-HH:00Z``."""
    backup_periods: list[str] | None = None


class FeatureStoreEcsNodesConfig(ConfigModel):
    """The self-managed nodes of the ``ecs_essd_pl3`` engine; unset values take the component's defaults."""

    image_id: str
    """The node image."""
    count: int | None = None
    instance_type: str | None = None
    data_disk_gb: int | None = None


class FeatureStoreConfig(ConfigModel):
    """The real-time feature path (FeatureStore), in the network's first zone (the inference zone).

    The engine's own settings are its section, as in the component: ``tair`` for the Tair engine (which
    needs the secret ``retail-ai-platform:featureStorePassword``: set it with
    ``pulumi config set --secret featureStorePassword``), ``ecsNodes`` for the ECS engine (which needs its
    ``imageId``). A section for the other engine is an error."""

    engine: FeatureStoreEngine = FeatureStoreEngine.TAIR_PERSISTENT_MEMORY
    """The stack decides it here (the password secret and the sections follow from it); the same default as
    the component's."""
    tair: FeatureStoreTairConfig | None = None
    ecs_nodes: FeatureStoreEcsNodesConfig | None = None
    payment_type: PaymentType | None = None
    events_per_second: int | None = None
    """Peak clickstream events per second; sizes the logstore."""
    event_bytes: int | None = None
    retention_days: int | None = None
    flink_cu: int | None = None
    state_ttl_minutes: int | None = None


class ClusterConfig(ConfigModel):
    """The private ACK cluster (BurstCluster): on-demand baseline, ECI burst. The image caches the burst pods
    start from are the apps layer's (they pull from the registry, which is empty until CI pushes)."""

    cluster_spec: ClusterSpec | None = None
    kubernetes_version: str | None = None
    service_cidr: str | None = None
    baseline_instance_types: list[str] | None = None
    """On-demand types in order of preference; none = the component's general-purpose default."""
    baseline_min_size: int | None = None
    baseline_max_size: int | None = None
    log_project_name: str | None = None
    deletion_protection: bool | None = None


class TrainingConfig(ConfigModel):
    """Spot GPU training (GpuTraining) on the cluster; needs the cluster section."""

    checkpoint_bucket_name: str | None = None
    """Optional. Defaults to the bucket prefix (see ``storage.bucketPrefix``) and ``-checkpoints``."""
    data_bucket_name: str | None = None
    """Name of a training-data bucket to create when the storage section defines none."""
    instance_types: list[str] | None = None
    """GPU types; none = the 8 x 80 GB default."""
    spot_strategy: SpotStrategy | None = None
    spot_price_limit: float | None = None
    max_nodes: int | None = None
    zones: list[ZoneId] | None = None


class CiRunnerConfig(ConfigModel):
    """The CI runner inside the VPC that pushes images to the registry (stacks/ci_runner.py); its agent is
    registered with the CI system once, out of band (docs/ci.md)."""

    system: Literal["github", "gitlab"]
    """``github`` (GitHub Actions) or ``gitlab`` (GitLab CI)."""
    url: str = pydantic.Field(pattern=r"^https://[^\s/]+(/\S*)?$")
    """Where the agent registers: the repository or organisation (``https://github.com/acme/retail-ai``), or the
    GitLab instance (``https://gitlab.com``)."""
    labels: list[str] = pydantic.Field(default_factory=lambda: ["retail-ai-vpc"], min_length=1, max_length=10)
    """The labels (GitHub) or tags (GitLab) that the push jobs select the runner by."""
    instance_type: str = "ecs.g7.xlarge"
    """4 vCPU and 16 GiB by default: enough to build the serving images."""
    image_id: str | None = None
    """Optional. Defaults to the newest Alibaba Cloud Linux 3 public image."""
    disk_gib: int = pydantic.Field(default=100, ge=40, le=2048)
    """System disk (ESSD, encrypted), which holds the build cache."""


class PlatformConfig(LayerConfig):
    global_name_prefix: GlobalNamePrefix | None = None
    """Your organisation or account alias (e.g. ``acme``): it starts every name Alibaba Cloud makes unique
    across all accounts, the registry instance, the MaxCompute and Log Service projects, and (unless
    ``storage.bucketPrefix`` is given) the buckets, so that two companies deploying these stacks do not
    collide. Optional; without it those names are the resource names alone."""
    network: NetworkConfig
    registry: RegistryConfig | None = None
    vector_store: VectorStoreConfig | None = None
    warehouse: WarehouseConfig | None = None
    guardrails: GuardrailsConfig | None = None
    cluster: ClusterConfig | None = None
    training: TrainingConfig | None = None
    storage: StorageConfig | None = None
    feature_store: FeatureStoreConfig | None = None
    ci_runner: CiRunnerConfig | None = None

    def bucket_prefix(self) -> str:
        """The start of every bucket name: ``storage.bucketPrefix``, else the organisation's prefix and the
        layer's (``acme-retail-prod``). OSS bucket names are global, so one of the two is needed."""
        if self.storage is not None and self.storage.bucket_prefix:
            return self.storage.bucket_prefix
        if self.global_name_prefix:
            return f"{self.global_name_prefix}-{self.name_prefix}"
        raise InvalidArgumentError(
            "retail-ai-platform:storage.bucketPrefix",
            "is required unless globalNamePrefix is set: bucket names are global across all accounts",
            owner="stack config",
        )


def load_platform_config(config: pulumi.Config | None = None) -> tuple[PlatformConfig, str]:
    """The validated platform config and the stack's region."""
    return load_config(PlatformConfig, config)
