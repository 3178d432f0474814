"""The reference e-commerce AI platform, its second layer: what pulls the serving images (EAS services, the ECI
image caches) and the alert rules that watch them, on the platform layer's network, cluster and registry, read
through a StackReference. Deploy it once CI has pushed the images it names: nothing here creates a registry,
so nothing waits for images a registry of its own could not yet hold."""

import sys
from pathlib import Path

import pulumi
import pulumi_alicloud as alicloud

# The two layers share their config models, one folder up (Pulumi runs each program in its own folder).
sys.path.append(str(Path(__file__).resolve().parent.parent))

from apps_config import (
    PLATFORM_FACTS,
    check_platform,
    load_apps_config,
    platform_output,
    platform_stack_name,
)
from reference_config import given

from retail_ai_components import (
    ClusterRef,
    EasService,
    InvalidArgumentError,
    NetworkRef,
    Observability,
    OnCallContactArgs,
    ServiceAlertArgs,
    eci_burst_pod_settings,
    intranet_load_balancer_service,
)
from retail_ai_components.burst_cluster import check_image
from retail_ai_components.container_registry import vpc_endpoint_host
from retail_ai_components.eas_service import EasServiceArgs, ResourcesArgs, RolloutStrategy

apps, region = load_apps_config()
prefix = apps.name_prefix
tags = {"environment": apps.environment}
# The serving path's gateway pods in the platform's cluster: published through an intranet load balancer, and
# scraped by Managed Prometheus for the latency histogram and request counter the alerts read.
SERVING_POD_LABELS = {"app": "inference-proxy"}
if apps.observability is not None and apps.inference is None:
    raise InvalidArgumentError(
        "retail-ai-apps:observability",
        "needs the inference section (the services it alerts on)",
        owner="stack config",
    )

# --- the images this layer pulls, checked before anything registers ---
registry_host = (
    vpc_endpoint_host(apps.platform.registry_instance, region) if apps.platform.registry_instance else None
)


def image_reference(reference: str, key: str) -> tuple[str, str | None]:
    """``namespace/repository:tag`` on the platform registry's VPC endpoint, or a full reference as given; and
    the namespace it must be one of the registry's (None for a full reference)."""
    if "." in reference.split("/", 1)[0]:
        return reference, None
    if registry_host is None:
        raise InvalidArgumentError(
            key,
            f"{reference!r} names no registry host: set retail-ai-apps:platform.registryInstance",
            owner="stack config",
        )
    namespace, _, rest = reference.partition("/")
    repository, _, tag = rest.partition(":")
    if not repository or not tag:
        raise InvalidArgumentError(
            key, f"{reference!r} must be namespace/repository:tag", owner="stack config"
        )
    return f"{registry_host}/{namespace}/{repository}:{tag}", namespace


images: dict[str, str] = {}
"""Config key -> full image reference, for every image this layer pulls."""
namespaces: list[tuple[str, str]] = []
references: dict[str, str] = {}
if apps.inference is not None:
    references["retail-ai-apps:inference.image"] = apps.inference.image
if apps.image_caches is not None:
    references.update(
        {f"retail-ai-apps:imageCaches.images[{i}]": image for i, image in enumerate(apps.image_caches.images)}
    )
for key, reference in references.items():
    images[key], namespace = image_reference(reference, key)
    if namespace is not None:
        namespaces.append((key, namespace))
cached = {key: image for key, image in images.items() if key.startswith("retail-ai-apps:imageCaches.")}
for key, image in cached.items():
    try:
        check_image(image, region, allow_public_registry=False, field=key)
    except InvalidArgumentError as exc:
        raise InvalidArgumentError(exc.field, exc.rule, owner="stack config") from None

# --- the platform layer ---
stack_name = platform_stack_name(apps.platform)
platform = pulumi.StackReference(f"{prefix}-platform", stack_name)

# Every ID taken from the platform waits for this check: a platform stack other than the config describes
# stops the preview naming the key to change, before anything is built on it.
facts = pulumi.Output.all(*[platform.get_output(name) for name in PLATFORM_FACTS]).apply(
    lambda values: check_platform(
        dict(zip(PLATFORM_FACTS, values, strict=True)),
        apps.platform,
        region=region,
        stack=stack_name,
        registry_host=registry_host,
        namespaces=namespaces,
    )
)


def from_platform(name: str, *path: str) -> pulumi.Output[str]:
    """The platform stack's output ``name`` (at ``path`` inside it), once the facts are checked."""
    return pulumi.Output.all(facts, platform.get_output(name)).apply(
        lambda values: platform_output(values[1], name, path, stack_name)
    )


zones = list(apps.platform.zones)
network: NetworkRef = {
    "region": region,
    "vpc_id": from_platform("vpcId"),
    "cidr_block": apps.platform.cidr_block,
    "zone_ids": zones,
    "vswitch_ids": {
        tier: {zone: from_platform("vswitchIds", tier, zone) for zone in zones}
        for tier in ("inference", "pods")
    },
    "security_group_ids": {tier: from_platform("securityGroupIds", tier) for tier in ("inference", "pods")},
}

# --- ECI image caches, one per zone in the pods vSwitch: burst pods on the platform's cluster start warm ---
if apps.image_caches is not None:
    caches = apps.image_caches
    cache_ids: dict[str, pulumi.Output[str]] = {}
    for zone in zones:
        cache = alicloud.eci.ImageCache(
            f"{prefix}-imc-{zone}",
            image_cache_name=f"{prefix}-imc-{zone}",
            images=list(cached.values()),
            vswitch_id=network["vswitch_ids"]["pods"][zone],
            security_group_id=network["security_group_ids"]["pods"],
            zone_id=zone,
            image_cache_size=caches.size_gib,
            retention_days=caches.retention_days,
        )
        cache_ids[zone] = cache.id
    pulumi.export("imageCacheIds", cache_ids)

# --- inference (EasService) ---
ranking: EasService | None = None
if apps.inference is not None:
    inference = apps.inference
    resources: ResourcesArgs = {"instance_type": inference.instance_type}
    if inference.dedicated_resource_group_id:
        resources["dedicated_resource_group_id"] = inference.dedicated_resource_group_id
    if inference.cpu:
        resources["cpu"] = inference.cpu
    if inference.memory_mb:
        resources["memory_mb"] = inference.memory_mb
    ranking_args: EasServiceArgs = {
        "network": network,
        "container": {"image": images["retail-ai-apps:inference.image"]},
        "resources": resources,
        "autoscaling": {
            "min_replicas": inference.min_replicas,
            "max_replicas": inference.max_replicas,
            "qps_per_replica": inference.qps_per_replica,
        },
        "dedicated_gateway_id": inference.dedicated_gateway_id,
        # The platform's PAI workspace: its ID is known to this stack (a StackReference reads it), while a
        # workspace created here would leave service_config, which embeds the ID, unknown in every preview,
        # and the intranet-only policy unable to read it.
        "workspace_id": from_platform("trainingJob", "workspaceId"),
        "tags": tags,
    }
    ranking_args["container"].update(given(port=inference.port))
    ranking_args.update(given(rollout=inference.rollout))
    if apps.observability is None:
        # Without Observability, CloudMonitor alarms are the only ones; with it, Prometheus rules page on-call.
        ranking_args["alerts"] = {"contact_group": inference.alert_contact_group}
        ranking_args["alerts"].update(given(p99_latency_ms=inference.p99_latency_ms))
    if inference.rollout == RolloutStrategy.BLUE_GREEN:
        ranking_args["green"] = given(weight=inference.green_weight)
    if inference.shadow_ratio:
        ranking_args["shadow"] = {"ratio": inference.shadow_ratio}
    if inference.service_name:
        ranking_args["service_name"] = inference.service_name
    ranking = EasService(f"{prefix}-ranking", ranking_args)
    pulumi.export("inferenceServiceNames", ranking.service_names)

# --- alerts on the live services (Observability), Prometheus on the platform's cluster ---
if apps.observability is not None:
    live = [] if ranking is None else [n for role, n in ranking.role_names.items() if role != "shadow"]
    capacity = None
    if apps.inference is not None:
        capacity = apps.inference.max_replicas * apps.inference.qps_per_replica
    services: list[ServiceAlertArgs] = []
    for service in live:
        alert: ServiceAlertArgs = {"service": service}
        if apps.inference is not None and apps.inference.p99_latency_ms is not None:
            alert["p99_latency_ms"] = apps.inference.p99_latency_ms
        if capacity:
            alert["max_qps"] = capacity * 8 // 10  # page at 80 % of what the autoscaler can serve
        services.append(alert)
    oncall: list[OnCallContactArgs] = []
    for person in apps.observability.oncall:
        contact: OnCallContactArgs = {"name": person.name}
        if person.email:
            contact["email"] = person.email
        if person.phone:
            contact["phone"] = person.phone
        oncall.append(contact)
    cluster: ClusterRef = {
        "cluster_id": from_platform("clusterId"),
        "network": network,
        "zone_ids": zones,
        "rrsa_oidc_provider_arn": from_platform("clusterRrsa", "oidcProviderArn"),
        "rrsa_oidc_issuer_url": from_platform("clusterRrsa", "oidcIssuerUrl"),
    }
    observability = Observability(
        f"{prefix}-observability",
        {
            "cluster": cluster,
            "services": services,
            "scrape": {"pod_labels": dict(SERVING_POD_LABELS)},
            "oncall": oncall,
            "tags": tags,
        },
    )
    pulumi.export("alertExpressions", observability.alert_expressions)

# What serving workloads put in their manifests: ECI burst from the caches, an intranet-only gateway.
pulumi.export("servingPodSettings", eci_burst_pod_settings())
pulumi.export(
    "inferenceGatewayService",
    intranet_load_balancer_service("eas-inference-gateway", dict(SERVING_POD_LABELS)),
)
pulumi.export("platformStack", stack_name)
