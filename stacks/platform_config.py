"""The reference platform's typed config, read from the stack's config.

Each section is one structured config key in the project namespace, for example::

    retail-ai-platform:network:
      zones: [cn-hangzhou-i, cn-hangzhou-j]
      nat: per_zone

A value that breaks a rule stops the program with one error naming the key, before anything is
registered.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import pulumi
import pydantic
from pydantic.alias_generators import to_camel

from retail_ai_components import (
    ClusterSpec,
    FeatureStoreEngine,
    InvalidArgumentError,
    NatMode,
    PaymentType,
    Redundancy,
    RolloutStrategy,
    SpotStrategy,
)
from retail_ai_components._region import stack_region, zone_in_region
from retail_ai_components._validation import field_path
from retail_ai_components.container_registry import InstanceType


class ConfigModel(pydantic.BaseModel):
    """Config keys are camelCase, as is usual in Pulumi stack files; unknown keys are typos.

    A setting that only passes a component argument through has no default here (None): the component's
    declaration holds the default, and the stack passes only what its config gives (see ``given``)."""

    model_config = pydantic.ConfigDict(
        extra="forbid", frozen=True, alias_generator=to_camel, populate_by_name=True
    )


def _zone_in_stack_region(zone: str, info: pydantic.ValidationInfo) -> str:
    region = (info.context or {}).get("region", "")
    if not zone_in_region(zone, region):
        raise ValueError(f"zone {zone!r} is not in region {region!r}")
    return zone


ZoneId = Annotated[str, pydantic.AfterValidator(_zone_in_stack_region)]


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


class OnCallContactConfig(ConfigModel):
    name: str
    email: str | None = None
    phone: str | None = None


class ObservabilityConfig(ConfigModel):
    """Managed Prometheus, Grafana and the alerts that page on-call (Observability); needs the cluster."""

    oncall: list[OnCallContactConfig] = pydantic.Field(min_length=1)


class GuardrailsConfig(ConfigModel):
    """Cloud Config rules and the ActionTrail trail (Guardrails); the trail's bucket needs the storage section."""

    trail_archive_after_days: int | None = None


class InferenceConfig(ConfigModel):
    """The ranking service on PAI-EAS (EasService); sizes are per replica."""

    service_name: str | None = None
    """The EAS service name, unique per region. Optional: by default it is derived from the component name,
    which holds the environment, so dev and prod can share an account."""
    image: str
    """The serving image: ``namespace/repository:tag`` in the registry section's registry, or a full
    reference on a registry's VPC endpoint in the stack's region."""
    port: int | None = None
    instance_type: str = "ecs.c7.2xlarge"
    """Pay-as-you-go type; with a dedicated group, the type burst replicas use."""
    dedicated_resource_group_id: str | None = None
    """EAS dedicated resource group (subscription) for the baseline."""
    dedicated_gateway_id: str = pydantic.Field(pattern=r"^gw-[a-z0-9]+$")
    """EAS dedicated gateway with internet access off: the shared gateway always publishes an internet
    endpoint, which the policy pack refuses."""
    cpu: int | None = None
    memory_mb: int | None = None
    min_replicas: int = 1
    max_replicas: int = 2
    qps_per_replica: int = 300
    rollout: RolloutStrategy | None = None
    green_weight: int | None = None
    shadow_ratio: int | None = None
    """Percent of live requests mirrored to a shadow service; none = no shadow."""
    alert_contact_group: str
    p99_latency_ms: int | None = None


class StorageConfig(ConfigModel):
    """The platform's buckets (SecureBucket). OSS bucket names are global: pick a company prefix."""

    bucket_prefix: str = pydantic.Field(pattern=r"^[a-z0-9][a-z0-9-]{1,40}$")
    """Start of every bucket name, e.g. ``acme-retail-prod``; buckets are ``<prefix>-catalog-images``,
    ``-training-data``, ``-models``, ``-flink-state`` and ``-access-logs``."""
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
    """The private ACK cluster (BurstCluster): on-demand baseline, ECI burst from image caches."""

    cluster_spec: ClusterSpec | None = None
    kubernetes_version: str | None = None
    service_cidr: str | None = None
    baseline_instance_types: list[str] | None = None
    """On-demand types in order of preference; none = the component's general-purpose default."""
    baseline_min_size: int | None = None
    baseline_max_size: int | None = None
    burst_images: list[str] = pydantic.Field(default_factory=list)
    """Serving images cached in every zone for ECI burst, versioned; like ``inference.image``, relative to the
    registry section's registry or full references on a registry VPC endpoint."""
    image_cache_size_gib: int | None = None
    log_project_name: str | None = None
    deletion_protection: bool | None = None


class TrainingConfig(ConfigModel):
    """Spot GPU training (GpuTraining) on the cluster; needs the cluster section."""

    checkpoint_bucket_name: str
    data_bucket_name: str | None = None
    """Name of a training-data bucket to create when the storage section defines none."""
    instance_types: list[str] | None = None
    """GPU types; none = the 8 x 80 GB default."""
    spot_strategy: SpotStrategy | None = None
    spot_price_limit: float | None = None
    max_nodes: int | None = None
    zones: list[ZoneId] | None = None


class PlatformConfig(ConfigModel):
    environment: str = pydantic.Field(pattern=r"^(dev|staging|prod)$")
    """dev, staging or prod."""
    name_prefix: str = pydantic.Field(default="", pattern=r"^([a-z][a-z0-9-]{1,20})?$")
    """Prefix of every resource name. Defaults to ``retail-<stack>``."""
    network: NetworkConfig
    registry: RegistryConfig | None = None
    vector_store: VectorStoreConfig | None = None
    warehouse: WarehouseConfig | None = None
    observability: ObservabilityConfig | None = None
    guardrails: GuardrailsConfig | None = None
    inference: InferenceConfig | None = None
    cluster: ClusterConfig | None = None
    training: TrainingConfig | None = None
    storage: StorageConfig | None = None
    feature_store: FeatureStoreConfig | None = None


def given(**values: Any) -> Any:
    """The component arguments the stack's config actually sets: None means "the component's default"."""
    return {key: value for key, value in values.items() if value is not None}


def load_platform_config(config: pulumi.Config | None = None) -> tuple[PlatformConfig, str]:
    """The validated platform config and the stack's region."""
    config = config or pulumi.Config()
    region = stack_region(owner="stack config", field="alicloud:region")
    raw: dict[str, Any] = {}
    for name, field in PlatformConfig.model_fields.items():
        key = field.alias or name
        value = config.get(key)
        if value is None:
            continue
        try:
            raw[key] = json.loads(value) if value[:1] in "[{" else value
        except json.JSONDecodeError as exc:
            raise InvalidArgumentError(
                f"{config.name}:{key}", f"is not valid JSON: {exc}", owner="stack config"
            ) from None
    try:
        platform = PlatformConfig.model_validate(raw, context={"region": region})
    except pydantic.ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        loc = tuple(first["loc"])
        key = f"{config.name}:{field_path(loc)}"
        rule = (
            "is required" if first["type"] == "missing" else str(first["msg"]).removeprefix("Value error, ")
        )
        if first["type"] == "extra_forbidden":
            rule = "is not a known setting"
        raise InvalidArgumentError(key, rule, owner="stack config") from None
    if not platform.name_prefix:
        platform = platform.model_copy(update={"name_prefix": f"retail-{pulumi.get_stack()}"})
    return platform, region
