"""BurstCluster: a private ACK Pro cluster with an on-demand baseline and ECI burst from image caches."""

import json
import re
from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Any, Literal

import pulumi
import pulumi_alicloud as alicloud
import pydantic
from retail_ai_policies.rules import is_registry_vpc_endpoint
from typing_extensions import NotRequired, TypedDict

from . import _kube
from ._kms import adopted_or_rotating_key
from ._node_pool import secure_node_pool
from ._options import child_options, stateful_child_options
from ._refs import ClusterRef as ClusterRef
from ._refs import InputKmsKey, InputStr, NetworkInput, NetworkRef, network_ref, placed_region
from ._region import check_regions, stack_region
from ._relaxation import relaxed_tags, unprotected
from ._validation import args_type, as_enum, component_owner, listed_once, rule, validate_args
from .errors import InvalidArgumentError
from .network import Tier

TYPE_TOKEN = "retailai:index:BurstCluster"

DEFAULT_SERVICE_CIDR = "192.168.0.0/16"
DEFAULT_BASELINE_INSTANCE_TYPES = ["ecs.g7.2xlarge", "ecs.g8i.2xlarge", "ecs.g7a.2xlarge"]
CONTROL_PLANE_LOG_COMPONENTS = ["apiserver", "kcm", "scheduler", "ccm", "controlplane-events"]
VIRTUAL_NODE_ADDON = "ack-virtual-node"
# Node auto-repair of managed node pools: ACK detects faults with the problem detector and repairs through the
# node lifecycle controller. Both are KubernetesAddons, not create-time ``addons`` (which the provider never
# changes after creation), so that they can be installed on an existing cluster and upgraded later.
NODE_REPAIR_ADDONS = {
    "node-problem-detector": "ack-node-problem-detector",
    "node-repair": "node-lifecycle-controller",
}
# CoreDNS answers on UDP and TCP 53.
DNS_PROTOCOLS = ("udp", "tcp")
# ESSD performance levels need a minimum disk size (GiB).
ESSD_MIN_SIZE = {"PL0": 1, "PL1": 20, "PL2": 461, "PL3": 1261}
SERVING_LABEL = ("workload", "serving")


class ClusterSpec(str, Enum):
    """The ACK Pro control-plane size. ACK Basic is not offered: KMS encryption of Secrets, ``eci_only``
    burst and the SLA need Pro."""

    PRO_SMALL = "ack.pro.small"
    """ACK Pro, shared control plane sized by the cluster."""
    PRO_XLARGE = "ack.pro.xlarge"
    """Provisioned control plane (Pro XL): dedicated API capacity for flash-sale scale."""
    PRO_2XLARGE = "ack.pro.2xlarge"
    """Provisioned control plane (Pro 2XL)."""


ClusterSpecName = Literal["ack.pro.small", "ack.pro.xlarge", "ack.pro.2xlarge"]
"""The values of :class:`ClusterSpec` as plain strings, which the args accept as well."""

Weekday = Literal["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
DEFAULT_MAINTENANCE_DAYS: list[Weekday] = ["Tuesday", "Wednesday", "Thursday"]
EssdPerformanceLevel = Literal["PL0", "PL1", "PL2", "PL3"]

_INSTANCE_TYPE = re.compile(r"^ecs\.[a-z0-9-]+\.[a-z0-9]+$")


def _instance_type_problem(value: str) -> str | None:
    if _INSTANCE_TYPE.match(value):
        return None
    return f"{value!r} is not an ECS instance type such as ecs.g7.2xlarge"


InstanceType = Annotated[str, rule(_instance_type_problem)]


@args_type
class MaintenanceWindowArgs(TypedDict):
    """When ACK may upgrade and repair the cluster and its managed node pools."""

    days: NotRequired[
        Annotated[list[Weekday], pydantic.Field(default=DEFAULT_MAINTENANCE_DAYS, min_length=1)]
    ]
    """Weekdays, ``Monday`` to ``Sunday``. Optional. Defaults to Tuesday, Wednesday and Thursday."""
    start_time: NotRequired[
        Annotated[str, pydantic.Field(default="03:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]
    ]
    """Start of the window, ``HH:MM`` (24-hour). Optional. Defaults to ``03:00``."""
    utc_offset: NotRequired[
        Annotated[str, pydantic.Field(default="+08:00", pattern=r"^[+-](0\d|1[0-4]):[0-5]\d$")]
    ]
    """The offset ``start_time`` is in. Optional. Defaults to ``+08:00`` (China Standard Time)."""
    duration_hours: NotRequired[Annotated[int, pydantic.Field(default=3, ge=1, le=24)]]
    """Length of the window, 1 to 24 hours. Optional. Defaults to 3."""


@args_type
class BaselinePoolArgs(TypedDict):
    """The on-demand ECS node pool that carries the predictable serving load."""

    instance_types: NotRequired[
        Annotated[
            list[InstanceType],
            pydantic.Field(default=DEFAULT_BASELINE_INSTANCE_TYPES, min_length=1, max_length=10),
            rule(listed_once("instance type")),
        ]
    ]
    """Instance types in order of preference; ACK falls back down the list when one is sold out (1 to 10).
    Optional. Defaults to ``ecs.g7.2xlarge``, ``ecs.g8i.2xlarge``, ``ecs.g7a.2xlarge``."""
    min_size: NotRequired[Annotated[int, pydantic.Field(default=2, ge=1, le=1000)]]
    """Fewest nodes, 1 or more: a serving baseline never scales to zero. Optional. Defaults to 2."""
    max_size: NotRequired[Annotated[int, pydantic.Field(default=20, ge=1, le=1000)]]
    """Most nodes, at least ``min_size``, at most 1000. Optional. Defaults to 20."""
    spot_strategy: NotRequired[Annotated[str, pydantic.Field(default="NoSpot")]]
    """Only ``NoSpot`` is accepted: a reclaimed spot node drops live requests (503s). Burst goes to ECI,
    not to spot. Optional. Defaults to ``NoSpot``."""
    system_disk_size_gib: NotRequired[Annotated[int, pydantic.Field(default=120, ge=40, le=2048)]]
    """ESSD system disk size, 40 to 2048 GiB. Optional. Defaults to 120."""
    system_disk_performance_level: NotRequired[Annotated[EssdPerformanceLevel, pydantic.Field(default="PL1")]]
    """ESSD performance level, ``PL0`` to ``PL3`` (PL2 needs 461 GiB, PL3 1261 GiB). Optional. Defaults to ``PL1``."""
    labels: NotRequired[Annotated[dict[str, str], pydantic.Field(default={})]]
    """Extra Kubernetes node labels. Optional. Defaults to none; ``workload: serving`` is always set."""


@args_type
class EciBurstArgs(TypedDict):
    """ECI burst through the ``ack-virtual-node`` add-on, on the Network's pods vSwitches."""

    images: NotRequired[Annotated[list[str], pydantic.Field(default=[], max_length=20)]]
    """Serving images to pre-cache in every zone, tagged (not ``latest``) or pinned by digest, from the
    registry's VPC endpoint (``registry-vpc.<region>.aliyuncs.com/...``, ``<instance>-registry-vpc.<region>.cr.aliyuncs.com/...``).
    Optional. Defaults to none: no image cache, so the first burst pods pull their images."""
    image_cache_size_gib: NotRequired[Annotated[int, pydantic.Field(default=20, ge=20, le=2048)]]
    """Size of each image cache, 20 to 2048 GiB. Optional. Defaults to 20."""
    retention_days: NotRequired[Annotated[int, pydantic.Field(ge=1)]]
    """Days after which an unused cache expires. Optional. Defaults to never."""
    allow_public_registry: NotRequired[Annotated[bool, pydantic.Field(default=False)]]
    """Relaxation: accept images from registries outside the VPC (pulled through the Network's NAT).
    Optional. Defaults to false."""
    virtual_node_version: NotRequired[str]
    """Version of the ack-virtual-node add-on. Optional. Defaults to the latest at install time."""


@args_type
class BurstClusterArgs(TypedDict):
    """Arguments of :class:`BurstCluster`."""

    network: NetworkInput
    """The Network, or its ref (``Network.ref()``). It must have a ``pods`` tier (Terway pod IPs and ECI) and
    the node tier. The cluster builds no VPC and no NAT gateway of its own."""
    zone_ids: NotRequired[list[str]]
    """Zones for the control plane, nodes and image caches, all from the Network. Optional. Defaults to
    every zone of the Network."""
    node_tier: NotRequired[Annotated[Tier, pydantic.Field(default=Tier.INFERENCE)]]
    """The Network tier whose vSwitches and security group hold the control-plane ENIs and the baseline
    nodes. Optional. Defaults to ``inference``."""
    cluster_spec: NotRequired[
        Annotated[
            ClusterSpec | ClusterSpecName,
            as_enum(ClusterSpec),
            pydantic.Field(default=ClusterSpec.PRO_SMALL),
        ]
    ]
    """ACK Pro control-plane size. Optional. Defaults to ``ack.pro.small``."""
    kubernetes_version: NotRequired[Annotated[str, pydantic.Field(pattern=r"^1\.\d+\.\d+-aliyun\.\d+$")]]
    """Kubernetes version such as ``1.31.1-aliyun.1``; 1.28 or later (IMDSv2-only nodes need it).
    Optional. Defaults to the latest version when the cluster is created."""
    service_cidr: NotRequired[Annotated[str, pydantic.Field(default=DEFAULT_SERVICE_CIDR)]]
    """CIDR of Service IPs: private, /16 to /25, outside the VPC CIDR. Optional. Defaults to ``192.168.0.0/16``."""
    secrets_kms_key_id: NotRequired[InputKmsKey]
    """KMS key that encrypts Kubernetes Secrets and the nodes' disks. Optional. Defaults to a new key
    with automatic rotation."""
    log_project_name: NotRequired[InputStr]
    """Log Service project for the API-server audit log and the control-plane logs. Optional. Defaults
    to a project ACK creates (``k8s-log-<cluster id>``)."""
    control_plane_log_ttl_days: NotRequired[Annotated[int, pydantic.Field(default=30, ge=1, le=3650)]]
    """Retention of control-plane logs, 1 to 3650 days. Optional. Defaults to 30."""
    # An empty default validated like a given value, so the nested defaults fill in.
    maintenance_window: NotRequired[
        Annotated[MaintenanceWindowArgs, pydantic.Field(default={}, validate_default=True)]
    ]
    """When ACK may upgrade and repair. Optional. Defaults to Tue/Wed/Thu 03:00 +08:00 for 3 hours."""
    baseline: NotRequired[Annotated[BaselinePoolArgs, pydantic.Field(default={}, validate_default=True)]]
    """The on-demand baseline node pool. Optional. Defaults to 2 to 20 general-purpose nodes."""
    burst: NotRequired[Annotated[EciBurstArgs, pydantic.Field(default={}, validate_default=True)]]
    """ECI burst. Optional. Defaults to the virtual node without image caches."""
    deletion_protection: NotRequired[Annotated[bool, pydantic.Field(default=True)]]
    """Relaxation when false: ACK refuses to delete the cluster while it is on. Optional. Defaults to true."""
    protect: NotRequired[Annotated[bool, pydantic.Field(default=True)]]
    """Pulumi ``protect`` on the cluster and the key. Optional. Defaults to true."""
    resource_group_id: NotRequired[InputStr]
    """Resource group for every child. Optional. Defaults to the account's default group."""
    tags: NotRequired[Annotated[dict[str, str], pydantic.Field(default={})]]
    """Tags for every child that takes tags. Optional. Defaults to none."""


# An image reference: host[:port]/path, then :tag or @sha256:digest.
_IMAGE = re.compile(
    r"^(?P<host>[a-z0-9][a-z0-9.-]*(:\d+)?)/(?P<path>[a-z0-9][a-z0-9._/-]*)(:(?P<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})|@sha256:[0-9a-f]{64})$"
)


def check_image(image: str, region: str, allow_public_registry: bool, field: str) -> None:
    """A cacheable image: versioned (a tag other than ``latest``, or a digest) and, unless relaxed,
    from a registry VPC endpoint in the region, since the cache gets no EIP."""
    match = _IMAGE.match(image)
    if match is None:
        raise InvalidArgumentError(
            field, f"{image!r} is not host/repository:tag or host/repository@sha256:digest"
        )
    if match.group("tag") == "latest":
        raise InvalidArgumentError(
            field, f"{image!r} uses the tag latest; image caches match versioned images only"
        )
    host = match.group("host")
    if not allow_public_registry and not is_registry_vpc_endpoint(host.lower(), region):
        raise InvalidArgumentError(
            field,
            f"{image!r} is not pulled from a registry VPC endpoint in {region} (e.g. registry-vpc.{region}.aliyuncs.com "
            f"or <instance>-registry-vpc.{region}.cr.aliyuncs.com); the image cache has no EIP. Set "
            "burst.allow_public_registry to pull through the Network's NAT instead",
        )


def _minor(version: str) -> int:
    return int(version.split(".")[1])


def _check(
    spec: BurstClusterArgs, owner: str, opts: pulumi.ResourceOptions | None
) -> tuple[NetworkRef, list[str]]:
    """Rules that span fields. Returns the network and the cluster's zones."""
    region = stack_region(
        owner=owner, opts=opts, placed_in=placed_region(spec["network"]), field="network.region"
    )
    network = network_ref(spec["network"], region=region, owner=owner)
    check_regions(BurstClusterArgs, spec, region, owner=owner)
    node_tier = spec["node_tier"]
    for tier in (Tier.PODS.value, node_tier.value):
        if tier not in network["vswitch_ids"] or tier not in network["security_group_ids"]:
            raise InvalidArgumentError(
                "network",
                f"has no {tier!r} tier; the cluster needs its vSwitches and security group",
                owner=owner,
            )
    if node_tier is Tier.PODS:
        raise InvalidArgumentError(
            "node_tier", "the pods tier holds pod IPs; put nodes in another tier", owner=owner
        )
    zones = list(spec["zone_ids"]) if "zone_ids" in spec else list(network["zone_ids"])
    if not zones:
        raise InvalidArgumentError("zone_ids", "at least one zone is needed", owner=owner)
    for i, zone in enumerate(zones):
        if zone not in network["zone_ids"]:
            raise InvalidArgumentError(
                f"zone_ids[{i}]", f"zone {zone!r} is not one of the Network's zones", owner=owner
            )
        if zones.index(zone) != i:
            raise InvalidArgumentError("zone_ids", f"zone {zone!r} is listed more than once", owner=owner)
        for tier in (Tier.PODS.value, node_tier.value):
            if zone not in network["vswitch_ids"][tier]:
                raise InvalidArgumentError(
                    f"zone_ids[{i}]", f"the Network has no {tier} vSwitch in {zone}", owner=owner
                )
    version = spec.get("kubernetes_version")
    if version is not None and _minor(version) < 28:
        raise InvalidArgumentError(
            "kubernetes_version", f"{version} is older than 1.28, which IMDSv2-only nodes need", owner=owner
        )
    try:
        _kube.check_service_cidr(spec["service_cidr"], network["cidr_block"])
    except InvalidArgumentError as exc:
        raise InvalidArgumentError("service_cidr", exc.rule, owner=owner) from None
    baseline = spec["baseline"]
    if baseline["spot_strategy"] != "NoSpot":
        raise InvalidArgumentError(
            "baseline.spot_strategy",
            f"{baseline['spot_strategy']!r}: serving pools are never spot (a reclaimed node drops live requests); "
            "only NoSpot is accepted. Bursts go to ECI; spot is for GpuTraining",
            owner=owner,
        )
    if baseline["min_size"] > baseline["max_size"]:
        raise InvalidArgumentError(
            "baseline.max_size",
            f"{baseline['max_size']} is below min_size {baseline['min_size']}",
            owner=owner,
        )
    level = baseline["system_disk_performance_level"]
    if baseline["system_disk_size_gib"] < ESSD_MIN_SIZE[level]:
        raise InvalidArgumentError(
            "baseline.system_disk_size_gib",
            f"{baseline['system_disk_size_gib']} GiB is below the {ESSD_MIN_SIZE[level]} GiB that ESSD {level} needs",
            owner=owner,
        )
    if SERVING_LABEL[0] in baseline["labels"]:
        raise InvalidArgumentError(
            f"baseline.labels.{SERVING_LABEL[0]}", "is set by the component (workload: serving)", owner=owner
        )
    burst = spec["burst"]
    for i, image in enumerate(burst["images"]):
        try:
            check_image(image, network["region"], burst["allow_public_registry"], f"burst.images[{i}]")
        except InvalidArgumentError as exc:
            raise InvalidArgumentError(exc.field, exc.rule, owner=owner) from None
    return network, zones


@dataclass(frozen=True)
class _Placement:
    """Where a tier's children go: its vSwitch in each of the cluster's zones, and its security group."""

    zones: list[str]
    vswitch_ids: list[InputStr]
    security_group_id: InputStr


def _placement(network: NetworkRef, tier: str, zones: list[str]) -> _Placement:
    return _Placement(
        zones, [network["vswitch_ids"][tier][z] for z in zones], network["security_group_ids"][tier]
    )


def _maintenance_window(window: MaintenanceWindowArgs) -> dict[str, Any]:
    """When ACK may upgrade and repair, as the cluster takes it."""
    return {
        "enable": True,
        "weekly_period": ",".join(window["days"]),
        "maintenance_time": _kube.maintenance_time(window["start_time"], window["utc_offset"]),
        "duration": f"{window['duration_hours']}h",
    }


class BurstCluster(pulumi.ComponentResource):
    """A private ACK Pro cluster for serving: on-demand ECS baseline, ECI burst from image caches.

    Children: ``{name}-secrets-key`` (kms.Key, unless ``secrets_kms_key_id`` is given); ``{name}-cluster``
    (cs.ManagedKubernetes: private API server, Terway on the pods vSwitches, RRSA, KMS-encrypted
    Secrets, audit and control-plane logs); ``{name}-autoscaler`` (cs.AutoscalingConfig);
    ``{name}-baseline`` (cs.NodePool, on-demand); ``{name}-virtual-node`` (cs.KubernetesAddon
    ack-virtual-node); ``{name}-node-problem-detector`` and ``{name}-node-repair`` (cs.KubernetesAddon
    ack-node-problem-detector and node-lifecycle-controller, the auto-repair of the managed pools);
    ``{name}-dns-udp`` and ``{name}-dns-tcp`` (ecs.SecurityGroupRule: DNS to CoreDNS on the node tier's
    security group, which Terway's pod ENIs use); ``{name}-imc-{zone}`` (eci.ImageCache) per zone when
    ``burst.images`` is given.
    """

    cluster_id: pulumi.Output[str]
    """The ACK cluster ID."""
    api_server_intranet_endpoint: pulumi.Output[str]
    """The API server's intranet address; there is no internet one."""
    rrsa_oidc_provider_arn: pulumi.Output[str]
    """ARN of the RRSA OIDC provider, for RAM roles that pods assume."""
    rrsa_oidc_issuer_url: pulumi.Output[str]
    """Issuer URL of the RRSA OIDC tokens."""
    secrets_kms_key_id: pulumi.Output[str]
    """The KMS key that encrypts Secrets and node disks."""
    baseline_node_pool_id: pulumi.Output[str]
    """The baseline node pool's ID."""
    image_cache_ids: pulumi.Output[dict[str, str]]
    """Image cache IDs by zone; empty without ``burst.images``."""

    def __init__(self, name: str, args: BurstClusterArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        owner = component_owner("BurstCluster", name)
        spec = validate_args(BurstClusterArgs, args, owner=owner)
        network, zones = _check(spec, owner, opts)
        maintenance_window = _maintenance_window(spec["maintenance_window"])
        super().__init__(TYPE_TOKEN, name, _public_props(spec, network, zones), opts)
        tags = spec["tags"] or None
        nodes = _placement(network, spec["node_tier"].value, zones)
        pods = _placement(network, Tier.PODS.value, zones)

        self.key, key_id = adopted_or_rotating_key(
            self,
            f"{name}-secrets-key",
            spec.get("secrets_kms_key_id"),
            description=f"Encrypts the Kubernetes Secrets and node disks of {name}",
            protect=spec["protect"],
            tags=tags,
        )
        self.cluster = self._cluster(name, spec, nodes, pods, key_id, maintenance_window, tags)
        self.dns_rules = self._dns_rules(name, network, nodes.security_group_id)
        self.autoscaler = self._autoscaler(name)
        self.baseline = self._baseline_pool(name, spec, nodes, key_id, tags)
        self.virtual_node = self._virtual_node(name, spec["burst"], pods)
        self.node_repair_addons = self._node_repair_addons(name)
        self.image_caches = self._image_caches(name, spec, pods)
        self._publish_outputs(network, zones, key_id)

    def _cluster(
        self,
        name: str,
        spec: BurstClusterArgs,
        nodes: _Placement,
        pods: _Placement,
        key_id: pulumi.Input[str],
        maintenance_window: dict[str, Any],
        tags: dict[str, str] | None,
    ) -> alicloud.cs.ManagedKubernetes:
        """The ACK Pro cluster: private API server, Terway on the pods vSwitches, RRSA, KMS-encrypted Secrets,
        audit and control-plane logs kept when the cluster goes."""
        return alicloud.cs.ManagedKubernetes(
            f"{name}-cluster",
            name=name,
            cluster_spec=ClusterSpec(spec["cluster_spec"]).value,
            profile="Default",
            version=spec.get("kubernetes_version"),
            vswitch_ids=nodes.vswitch_ids,
            pod_vswitch_ids=pods.vswitch_ids,
            security_group_id=nodes.security_group_id,
            service_cidr=spec["service_cidr"],
            proxy_mode="ipvs",
            # The Network owns egress; the API server gets no internet load balancer (both default to true).
            new_nat_gateway=False,
            slb_internet_enabled=False,
            enable_rrsa=True,
            encryption_provider_key=key_id,
            disable_encryption=False,
            deletion_protection=spec["deletion_protection"],
            audit_log_config=_audit_log_config(spec.get("log_project_name")),
            control_plane_log_components=list(CONTROL_PLANE_LOG_COMPONENTS),
            control_plane_log_project=spec.get("log_project_name"),
            control_plane_log_ttl=str(spec["control_plane_log_ttl_days"]),
            maintenance_window=maintenance_window,
            # Create-time add-ons: the network plugin can only be chosen here. The virtual node is a
            # separate KubernetesAddon so that it can be configured, upgraded and removed later.
            addons=[
                {"name": "terway-eniip", "config": json.dumps({"IPVlan": "false", "NetworkPolicy": "true"})},
                {"name": "csi-plugin"},
                {"name": "managed-csiprovisioner"},
                # RRSA is on: the webhook injects the role ARN and OIDC token into pods that ask for them.
                {"name": "ack-pod-identity-webhook"},
                # Pro clusters install nginx-ingress by default, and it may come up behind an internet SLB;
                # services are published through intranet load balancers instead (workloads helpers).
                {"name": "nginx-ingress-controller", "disabled": True},
            ],
            delete_options=[
                {"resource_type": "SLS_Data", "delete_mode": "retain"},
                {"resource_type": "SLS_ControlPlane", "delete_mode": "retain"},
            ],
            skip_set_certificate_authority=True,
            resource_group_id=spec.get("resource_group_id"),
            tags=relaxed_tags(
                tags,
                {
                    **unprotected(self, spec["protect"]),
                    "deletion_protection=false": not spec["deletion_protection"],
                    "burst.allow_public_registry": spec["burst"]["allow_public_registry"],
                },
            ),
            opts=stateful_child_options(self, spec["protect"]),
        )

    def _dns_rules(
        self, name: str, network: NetworkRef, node_group: pulumi.Input[str]
    ) -> list[alicloud.ecs.SecurityGroupRule]:
        """Terway gives pods (CoreDNS among them) secondary IPs on ENIs in the cluster's security group, the
        node tier's, whose default rule admits TCP only: without these, no pod resolves a name. The sources
        are the VPC's range: Terway pods and ECI burst pods (pods tier) both query CoreDNS."""
        return [
            alicloud.ecs.SecurityGroupRule(
                f"{name}-dns-{protocol}",
                type="ingress",
                security_group_id=node_group,
                ip_protocol=protocol,
                port_range="53/53",
                cidr_ip=network["cidr_block"],
                nic_type="intranet",
                policy="accept",
                priority=1,
                description=f"DNS ({protocol.upper()} 53) from inside the VPC to CoreDNS of {name}",
                opts=child_options(self),
            )
            for protocol in DNS_PROTOCOLS
        ]

    def _autoscaler(self, name: str) -> alicloud.cs.AutoscalingConfig:
        return alicloud.cs.AutoscalingConfig(
            f"{name}-autoscaler",
            cluster_id=self.cluster.id,
            scaler_type="cluster-autoscaler",
            expander="least-waste",
            scale_up_from_zero=True,
            scale_down_enabled=True,
            gpu_utilization_threshold="0.5",
            utilization_threshold="0.5",
            opts=child_options(self),
        )

    def _baseline_pool(
        self,
        name: str,
        spec: BurstClusterArgs,
        nodes: _Placement,
        key_id: pulumi.Input[str],
        tags: dict[str, str] | None,
    ) -> alicloud.cs.NodePool:
        """The on-demand serving pool, labelled ``workload: serving``, upgraded and patched by ACK."""
        baseline = spec["baseline"]
        labels = [{"key": SERVING_LABEL[0], "value": SERVING_LABEL[1]}]
        labels += [{"key": k, "value": v} for k, v in sorted(baseline["labels"].items())]
        return secure_node_pool(
            f"{name}-baseline",
            cluster_id=self.cluster.id,
            vswitch_ids=nodes.vswitch_ids,
            security_group_id=nodes.security_group_id,
            instance_types=baseline["instance_types"],
            scaling=("cpu", baseline["min_size"], baseline["max_size"]),
            system_disk=(baseline["system_disk_performance_level"], baseline["system_disk_size_gib"]),
            kms_key_id=key_id,
            upgrades={"auto_upgrade": True, "auto_vul_fix": True, "max_unavailable": 1},
            labels=labels,
            resource_group_id=spec.get("resource_group_id"),
            tags=tags,
            opts=child_options(self, depends_on=[self.autoscaler]),
            spot_strategy="NoSpot",
            multi_az_policy="BALANCE",
        )

    def _virtual_node(self, name: str, burst: EciBurstArgs, pods: _Placement) -> alicloud.cs.KubernetesAddon:
        """ECI burst: the ack-virtual-node add-on, its pods in the pods vSwitches and security group."""
        return alicloud.cs.KubernetesAddon(
            f"{name}-virtual-node",
            cluster_id=self.cluster.id,
            name=VIRTUAL_NODE_ADDON,
            version=burst.get("virtual_node_version"),
            config=virtual_node_config(pods.vswitch_ids, pods.security_group_id),
            # Uninstalling the add-on deletes the ECI pods it created instead of leaving them running.
            cleanup_cloud_resources=True,
            opts=child_options(self),
        )

    def _node_repair_addons(self, name: str) -> list[alicloud.cs.KubernetesAddon]:
        return [
            alicloud.cs.KubernetesAddon(
                f"{name}-{suffix}",
                cluster_id=self.cluster.id,
                name=addon,
                # The detector is a DaemonSet and the controller a Deployment: both need the baseline's nodes.
                opts=child_options(self, depends_on=[self.baseline]),
            )
            for suffix, addon in NODE_REPAIR_ADDONS.items()
        ]

    def _image_caches(
        self, name: str, spec: BurstClusterArgs, pods: _Placement
    ) -> dict[str, alicloud.eci.ImageCache]:
        """One image cache per zone of the burst images, in that zone's pods vSwitch; none without images."""
        burst = spec["burst"]
        if not burst["images"]:
            return {}
        return {
            zone: alicloud.eci.ImageCache(
                f"{name}-imc-{zone}",
                image_cache_name=f"{name}-imc-{zone}",
                images=list(burst["images"]),
                vswitch_id=vswitch_id,
                security_group_id=pods.security_group_id,
                zone_id=zone,
                image_cache_size=burst["image_cache_size_gib"],
                retention_days=burst.get("retention_days"),
                resource_group_id=spec.get("resource_group_id"),
                opts=child_options(self),
            )
            for zone, vswitch_id in zip(pods.zones, pods.vswitch_ids, strict=True)
        }

    def _publish_outputs(self, network: NetworkRef, zones: list[str], key_id: pulumi.Input[str]) -> None:
        rrsa = self.cluster.rrsa_metadata
        self.cluster_id = self.cluster.id
        self.api_server_intranet_endpoint = self.cluster.slb_intranet
        self.rrsa_oidc_provider_arn = rrsa.apply(lambda m: _field(m, "ram_oidc_provider_arn"))
        self.rrsa_oidc_issuer_url = rrsa.apply(lambda m: _field(m, "rrsa_oidc_issuer_url"))
        self.secrets_kms_key_id = pulumi.Output.from_input(key_id)
        self.baseline_node_pool_id = self.baseline.id
        self.image_cache_ids = pulumi.Output.from_input(
            {zone: cache.id for zone, cache in self.image_caches.items()}
        )
        self._ref = ClusterRef(
            cluster_id=self.cluster_id,
            network=network,
            zone_ids=zones,
            rrsa_oidc_provider_arn=self.rrsa_oidc_provider_arn,
            rrsa_oidc_issuer_url=self.rrsa_oidc_issuer_url,
            kms_key_id=key_id,
        )
        self.register_outputs(
            {
                "clusterId": self.cluster_id,
                "apiServerIntranetEndpoint": self.api_server_intranet_endpoint,
                "rrsaOidcProviderArn": self.rrsa_oidc_provider_arn,
                "rrsaOidcIssuerUrl": self.rrsa_oidc_issuer_url,
                "secretsKmsKeyId": self.secrets_kms_key_id,
                "baselineNodePoolId": self.baseline_node_pool_id,
                "imageCacheIds": self.image_cache_ids,
            }
        )

    def ref(self) -> ClusterRef:
        """The handle other components (GpuTraining) take as their ``cluster`` argument."""
        return self._ref


def virtual_node_config(
    vswitch_ids: list[pulumi.Input[str]], security_group_id: pulumi.Input[str]
) -> pulumi.Output[str]:
    """The ack-virtual-node add-on config: ECI pods in the pods vSwitches and security group.

    Key names follow the eci-profile ConfigMap the add-on writes (``vSwitchIds``, ``securityGroupId``);
    check them against ``cs.get_kubernetes_addon_metadata`` for the add-on version in use.
    """
    return pulumi.Output.all(pulumi.Output.all(*vswitch_ids), security_group_id).apply(
        lambda v: json.dumps({"vSwitchIds": ",".join(v[0]), "securityGroupId": v[1]}, sort_keys=True)
    )


def _audit_log_config(project: Any) -> dict[str, Any]:
    config: dict[str, Any] = {"enabled": True}
    if project is not None:
        config["sls_project_name"] = project
    return config


def _field(metadata: Any, key: str) -> str:
    if metadata is None:
        return ""
    if isinstance(metadata, dict):
        return str(metadata.get(key) or metadata.get(_camel(key)) or "")
    return str(getattr(metadata, key, "") or "")


def _camel(key: str) -> str:
    head, *rest = key.split("_")
    return head + "".join(part.title() for part in rest)


def _public_props(spec: BurstClusterArgs, network: NetworkRef, zones: list[str]) -> dict[str, Any]:
    """The component's own inputs as policies see them: plain, validated values only."""
    return {
        "region": network["region"],
        "zoneIds": zones,
        "clusterSpec": ClusterSpec(spec["cluster_spec"]).value,
        "serviceCidr": spec["service_cidr"],
        "apiServerPublic": False,
        "baseline": {
            "spotStrategy": "NoSpot",
            "minSize": spec["baseline"]["min_size"],
            "maxSize": spec["baseline"]["max_size"],
        },
        "imageCount": len(spec["burst"]["images"]),
        "allowPublicRegistry": spec["burst"]["allow_public_registry"],
        "deletionProtection": spec["deletion_protection"],
    }
