"""The reference e-commerce AI platform, its first layer: the network, registry, cluster, storage, warehouse
and guardrails. Nothing here pulls an image: the registry is empty until CI pushes, so the layer that pulls
(stacks/apps: EAS services, image caches, alert rules) is deployed after it and reads it through a
StackReference. A first deploy: this layer's `pulumi up`, CI pushes the images, then the apps layer's."""

import sys
from pathlib import Path

import pulumi

# The two layers share their config models, one folder up (Pulumi runs each program in its own folder).
sys.path.append(str(Path(__file__).resolve().parent.parent))

import pulumi_alicloud as alicloud
from ci_runner import CiRunner
from platform_config import FeatureStoreTairConfig, load_platform_config
from reference_config import given

from retail_ai_components import (
    BaselinePoolArgs,
    BurstCluster,
    BurstClusterArgs,
    ContainerRegistry,
    ContainerRegistryArgs,
    DataWarehouse,
    DataWarehouseArgs,
    FeatureStore,
    FeatureStoreArgs,
    GpuTraining,
    GpuTrainingArgs,
    Guardrails,
    InvalidArgumentError,
    Network,
    NetworkArgs,
    SecureBucket,
    TairArgs,
    VectorStore,
    VectorStoreArgs,
)
from retail_ai_components.secure_bucket import ColdStorageClass, SecureBucketArgs

platform, region = load_platform_config()
prefix = platform.name_prefix

network_args: NetworkArgs = {
    "zone_ids": platform.network.zones,
    "tags": {"environment": platform.environment},
}
network_args.update(given(cidr_block=platform.network.cidr_block, nat=platform.network.nat))
network = Network(f"{prefix}-network", network_args)

# --- private registry (ContainerRegistry) ---
# Images are pushed by CI (from a runner inside the VPC, see ci_runner) and pulled over the VPC endpoint by
# the apps layer, which names them relative to this registry.
registry: ContainerRegistry | None = None
if platform.registry is not None:
    registry_args: ContainerRegistryArgs = {
        "network": network.ref(),
        "namespaces": platform.registry.namespaces,
        "tags": {"environment": platform.environment},
    }
    registry_args.update(
        given(instance_type=platform.registry.instance_type, global_name_prefix=platform.global_name_prefix)
    )
    if platform.registry.ci:
        ci = platform.registry.ci
        registry_args["ci"] = {
            "provider_arn": ci.provider_arn,
            "issuer_url": ci.issuer_url,
            "subject": ci.subject,
        }
        if ci.audience:
            registry_args["ci"]["audience"] = ci.audience
    registry = ContainerRegistry(f"{prefix}-registry", registry_args)
    pulumi.export("registryVpcEndpoint", registry.vpc_endpoint_host)
    pulumi.export("registryNamespaces", registry.namespaces)
    pulumi.export("registryInstanceId", registry.instance_id)
    pulumi.export("registryCiIdentity", registry.ci_identity)


# --- storage and feature store (SecureBucket, FeatureStore) ---
# Buckets: private, SSE-KMS with their own rotating keys, versioned, deletes denied (but for the
# break-glass role), access logs to one log bucket. Catalog images go to Archive after 90 days; data
# that jobs read back (training data, models, Flink state) only to IA, which needs no restore.
buckets: dict[str, SecureBucket] = {}
training_data_bucket: SecureBucket | None = None
feature_store: FeatureStore | None = None
if platform.storage is not None:
    storage = platform.storage
    bucket_prefix = platform.bucket_prefix()
    environment_tags = {"environment": platform.environment}

    def bucket_args(suffix: str, purpose: str, **extra: object) -> SecureBucketArgs:
        args = SecureBucketArgs(
            bucket_name=f"{bucket_prefix}-{suffix}",
            access_log_bucket=f"{bucket_prefix}-access-logs",
            tags={**environment_tags, "purpose": purpose},
        )
        args.update(
            given(
                redundancy=storage.redundancy,
                break_glass_role_name=storage.break_glass_role_name,
                account_id=storage.account_id,
                **extra,
            )
        )
        return args

    buckets["access-logs"] = SecureBucket(
        f"{prefix}-access-logs", bucket_args("access-logs", "logs", archive_after_days=30)
    )
    buckets["catalog-images"] = SecureBucket(
        f"{prefix}-catalog-images",
        bucket_args("catalog-images", "catalog", archive_after_days=storage.catalog_archive_after_days),
    )
    buckets["training-data"] = training_data_bucket = SecureBucket(
        f"{prefix}-training-data",
        bucket_args(
            "training-data",
            "training-data",
            archive_after_days=storage.data_cold_after_days,
            archive_storage_class=ColdStorageClass.IA,
            reader_role_names=list(storage.reader_role_names),
        ),
    )
    buckets["models"] = SecureBucket(
        f"{prefix}-models",
        bucket_args(
            "models",
            "models",
            archive_after_days=storage.data_cold_after_days,
            archive_storage_class=ColdStorageClass.IA,
        ),
    )
    buckets["flink-state"] = SecureBucket(
        f"{prefix}-flink-state",
        bucket_args(
            "flink-state",
            "flink-state",
            archive_after_days=storage.data_cold_after_days,
            archive_storage_class=ColdStorageClass.IA,
            deleter_role_names=[storage.flink_service_role_name],
        ),
    )
    if platform.guardrails is not None:
        buckets["audit-trail"] = SecureBucket(
            f"{prefix}-audit-trail",
            bucket_args(
                "audit-trail", "audit", archive_after_days=platform.guardrails.trail_archive_after_days
            ),
        )
        # After deploy: Cloud Config re-checks the three promises; ActionTrail records every change, in region.
        guardrails = Guardrails(f"{prefix}-guardrails", {"trail_bucket": buckets["audit-trail"]})
        pulumi.export("guardrailRules", guardrails.rule_identifiers)
    pulumi.export("bucketNames", {key: b.bucket_name for key, b in buckets.items()})
    pulumi.export("bucketInternalEndpoints", {key: b.internal_endpoint for key, b in buckets.items()})

if platform.feature_store is not None:
    if platform.storage is None or "flink-state" not in buckets:
        raise pulumi.RunError(
            "retail-ai-platform:featureStore needs retail-ai-platform:storage (the Flink state bucket)"
        )
    fs = platform.feature_store
    feature_store_args: FeatureStoreArgs = {
        "network": network.ref(),
        "inference_zone_id": platform.network.zones[0],
        "flink_state_bucket": buckets["flink-state"].bucket_name,
        # Flink's service role writes SSE-KMS checkpoints: it is granted the bucket's key.
        "flink_state_kms_key_id": buckets["flink-state"].kms_key_id,
        "flink_service_role_name": platform.storage.flink_service_role_name,
        "engine": fs.engine,
        "tags": {"environment": platform.environment},
    }
    feature_store_args.update(
        given(
            global_name_prefix=platform.global_name_prefix,
            payment_type=fs.payment_type,
            events_per_second=fs.events_per_second,
            event_bytes=fs.event_bytes,
            retention_days=fs.retention_days,
            flink_cu=fs.flink_cu,
            state_ttl_minutes=fs.state_ttl_minutes,
        )
    )
    # Each engine's section becomes the component's group of the same name; unset settings are left out so
    # the component's defaults apply. A section for the other engine is passed on for the component to refuse.
    tair_engine = fs.engine.value == "tair_persistent_memory"
    if fs.tair is not None or tair_engine:
        settings = fs.tair or FeatureStoreTairConfig()
        tair: TairArgs = given(
            **settings.model_dump(exclude={"secondary_zone"}),
            secondary_zone_id=settings.secondary_zone,
            # The Tair password is a per-stack secret: `pulumi config set --secret featureStorePassword`.
            password=pulumi.Config().require_secret("featureStorePassword") if tair_engine else None,
        )
        feature_store_args["tair"] = tair
    if fs.ecs_nodes is not None:
        feature_store_args["ecs_nodes"] = given(**fs.ecs_nodes.model_dump())
    feature_store = FeatureStore(f"{prefix}-features", feature_store_args)
    pulumi.export(
        "featureStore",
        {
            "storeId": feature_store.store_id,
            "storeHost": feature_store.store_host,
            "storePort": feature_store.store_port,
            "slsProject": feature_store.sls_project_name,
            "logstore": feature_store.logstore_name,
            "flinkInstanceId": feature_store.flink_instance_id,
            "flinkNamespace": feature_store.flink_namespace,
            "flinkConf": feature_store.flink_conf,
        },
    )

# --- vector store for RAG (VectorStore) ---
if platform.vector_store is not None:
    vectors = platform.vector_store
    vector_args: VectorStoreArgs = {
        "network": network.ref(),
        # The Milvus administrator's password is a per-stack secret: `pulumi config set --secret vectorStorePassword`.
        "db_admin_password": pulumi.Config().require_secret("vectorStorePassword"),
        "tags": {"environment": platform.environment},
    }
    hnsw = given(m=vectors.hnsw_m, ef_construction=vectors.hnsw_ef_construction, ef=vectors.hnsw_ef)
    vector_args.update(given(ha=vectors.ha, query_cu=vectors.query_cu, hnsw=hnsw or None))
    vector_store = VectorStore(f"{prefix}-vectors", vector_args)
    pulumi.export("vectorIndexParams", vector_store.index_params)
    pulumi.export("vectorSearchParams", vector_store.search_params)

# --- nightly batch (DataWarehouse) ---
if platform.warehouse is not None:
    warehouse_args: DataWarehouseArgs = {
        "network": network.ref(),
        "tags": {"environment": platform.environment},
    }
    warehouse_args.update(
        given(
            backup_retention_days=platform.warehouse.backup_retention_days,
            global_name_prefix=platform.global_name_prefix,
        )
    )
    warehouse = DataWarehouse(f"{prefix}-warehouse", warehouse_args)
    pulumi.export("warehouseProject", warehouse.project_name)

# --- cluster and training (BurstCluster, GpuTraining) ---
if platform.training is not None and platform.cluster is None:
    raise InvalidArgumentError(
        "retail-ai-platform:training", "needs the cluster section", owner="stack config"
    )
if platform.cluster is not None:
    cluster_config = platform.cluster
    baseline: BaselinePoolArgs = given(
        min_size=cluster_config.baseline_min_size,
        max_size=cluster_config.baseline_max_size,
        instance_types=cluster_config.baseline_instance_types,
    )
    # ECI burst without image caches here: the caches pull the serving images, so they are the apps layer's.
    cluster_args: BurstClusterArgs = {
        "network": network.ref(),
        "baseline": baseline,
        "tags": {"environment": platform.environment},
    }
    cluster_args.update(
        given(
            cluster_spec=cluster_config.cluster_spec,
            service_cidr=cluster_config.service_cidr,
            deletion_protection=cluster_config.deletion_protection,
            kubernetes_version=cluster_config.kubernetes_version,
            log_project_name=cluster_config.log_project_name,
        )
    )
    cluster = BurstCluster(f"{prefix}-cluster", cluster_args)
    pulumi.export("clusterId", cluster.cluster_id)
    pulumi.export(
        "clusterRrsa",
        {"oidcProviderArn": cluster.rrsa_oidc_provider_arn, "oidcIssuerUrl": cluster.rrsa_oidc_issuer_url},
    )
    if platform.training is not None:
        training_config = platform.training
        # The storage section's training-data bucket; without a storage section, a private one of our own.
        training_data = training_data_bucket
        if training_data is None:
            if not training_config.data_bucket_name:
                raise InvalidArgumentError(
                    "retail-ai-platform:training.dataBucketName",
                    "is required when there is no storage section",
                    owner="stack config",
                )
            training_data = SecureBucket(
                f"{prefix}-training-data",
                {
                    "bucket_name": training_config.data_bucket_name,
                    "archive_storage_class": ColdStorageClass.IA,
                    "tags": {"environment": platform.environment},
                },
            )
        training_args: GpuTrainingArgs = {
            "cluster": cluster.ref(),
            "checkpoint_bucket_name": training_config.checkpoint_bucket_name
            or f"{platform.bucket_prefix()}-checkpoints",
            "training_data_bucket": training_data.bucket_name,
            "training_data_kms_key_id": training_data.kms_key_id,
            "tags": {"environment": platform.environment},
        }
        training_args.update(
            given(
                spot_strategy=training_config.spot_strategy,
                max_size=training_config.max_nodes,
                instance_types=training_config.instance_types,
                spot_price_limit=training_config.spot_price_limit,
                zone_ids=training_config.zones,
            )
        )
        if "access-logs" in buckets:
            training_args["checkpoint_access_log_bucket"] = buckets["access-logs"].bucket_name
        training = GpuTraining(f"{prefix}-training", training_args)
        pulumi.export("trainingJob", training.job_settings)
        # The role PAI assumes for a PAI-DLC job (examples/dlc/submit_training_job.py reads it).
        pulumi.export("trainingDlcRoleArn", training.dlc_role_arn)

# --- the CI runner inside the VPC, which pushes to the registry's VPC endpoint (ci_runner) ---
if platform.ci_runner is not None:
    runner_config = platform.ci_runner
    if runner_config.system == "github" and platform.network.nat in (None, "none"):
        raise InvalidArgumentError(
            "retail-ai-platform:ciRunner",
            "the runner reaches GitHub over the internet: set retail-ai-platform:network.nat to single or per_zone",
            owner="stack config",
        )
    zone = platform.network.zones[0]
    newest_image = alicloud.ecs.get_images_output(
        name_regex="^aliyun_3_x64", owners="system", most_recent=True
    )
    runner = CiRunner(
        f"{prefix}-ci-runner",
        system=runner_config.system,
        url=runner_config.url,
        labels=runner_config.labels,
        vpc_id=network.vpc_id,
        vswitch_id=network.ref()["vswitch_ids"]["inference"][zone],
        zone_id=zone,
        instance_type=runner_config.instance_type,
        image_id=runner_config.image_id or newest_image.ids.apply(lambda ids: ids[0]),
        follow_newest_image=runner_config.image_id is None,
        disk_gib=runner_config.disk_gib,
        tags={"environment": platform.environment},
    )
    pulumi.export(
        "ciRunner",
        {
            "instanceId": runner.instance_id,
            "system": runner_config.system,
            "url": runner_config.url,
            "labels": runner_config.labels,
        },
    )

# What the apps layer reads through its StackReference (and a DLC job submission, examples/dlc).
pulumi.export("region", region)
pulumi.export("zoneIds", platform.network.zones)
pulumi.export("vpcCidrBlock", network.ref()["cidr_block"])
pulumi.export("vpcId", network.vpc_id)
pulumi.export("vswitchIds", network.vswitch_ids)
pulumi.export("securityGroupIds", network.security_group_ids)
