"""GpuTraining: a spot GPU node pool that scales from zero, checkpoints in OSS, RRSA access, a PAI workspace."""

import re
from enum import Enum
from functools import partial
from typing import Annotated, Any, Literal

import pulumi
import pulumi_alicloud as alicloud
import pydantic
from retail_ai_policies.rules import oss_internal_endpoint
from typing_extensions import NotRequired, TypedDict

from . import _gpu, _kube, _naming
from ._node_pool import secure_node_pool
from ._options import ROTATE_OLDEST_VERSION, child_options
from ._refs import (
    ClusterInput,
    ClusterRef,
    InputBucketName,
    InputKmsKey,
    InputStr,
    cluster_ref,
    placed_region,
)
from ._region import check_regions, stack_region
from ._validation import args_type, as_enum, component_owner, listed_once, rule, validate_args
from .errors import InvalidArgumentError
from .network import Tier
from .secure_bucket import SELF_LOG_PREFIX, ArchiveRuleArgs, ColdStorageClass, SecureBucket, SecureBucketArgs
from .workloads import RRSA_NAMESPACE_LABELS, rrsa_service_account_annotations

TYPE_TOKEN = "retailai:index:GpuTraining"

DEFAULT_MAX_SIZE = 2
MAX_NODES = 1000
TRAINING_TAINT = {"key": "workload", "value": "training", "effect": "NoSchedule"}
GPU_TAINT = {"key": "nvidia.com/gpu", "value": "present", "effect": "NoSchedule"}
TRAINING_LABEL = ("workload", "training")
CHECKPOINT_COLD_AFTER_DAYS = 30
DEFAULT_CHECKPOINT_RETENTION_DAYS = 90
PAI_SERVICE = "pai.aliyuncs.com"
"""The service that assumes a PAI-DLC job's RAM role (credential injection)."""


class SpotStrategy(str, Enum):
    """How the GPU pool bids for spot capacity. There is no on-demand choice: training is interruptible
    and resumes from its last checkpoint."""

    AS_PRICE_GO = "SpotAsPriceGo"
    """Pay the market price, capped at the on-demand price. Fewest reclaims for price reasons."""
    WITH_PRICE_LIMIT = "SpotWithPriceLimit"
    """Bid at most ``spot_price_limit`` per instance-hour; reclaimed when the market goes above it."""


SpotStrategyName = Literal["SpotAsPriceGo", "SpotWithPriceLimit"]
"""The values of :class:`SpotStrategy` as plain strings, which the args accept as well."""


_PREFIX = r"^$|^[^/][^\s]*/$"
_K8S_NAME = r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"
_WORKSPACE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{2,22}$")


def _gpu_type_problem(value: str) -> str | None:
    if _gpu.is_gpu_instance_type(value):
        return None
    families = ", ".join(sorted(_gpu.GPU_FAMILIES))
    return f"{value!r} is not a GPU instance type; GPU pools take the families {families}"


GpuInstanceType = Annotated[str, rule(_gpu_type_problem)]
K8sName = Annotated[str, pydantic.Field(pattern=_K8S_NAME)]


@args_type
class GpuTrainingArgs(TypedDict):
    """Arguments of :class:`GpuTraining`."""

    cluster: ClusterInput
    """The BurstCluster, or its ref (``BurstCluster.ref()``)."""
    checkpoint_bucket_name: Annotated[str, rule(_naming.bucket_name_problem)]
    """Name of the checkpoint bucket this component creates (a SecureBucket); OSS names are global."""
    training_data_bucket: InputBucketName
    """Name of the existing bucket with the training data; jobs get read-only access to it."""
    training_data_kms_key_id: NotRequired[InputKmsKey]
    """The KMS key the training-data bucket is encrypted with; jobs may decrypt with it. Optional.
    Defaults to none (for a bucket encrypted with OSS-managed keys)."""
    training_data_prefix: NotRequired[Annotated[str, pydantic.Field(default="", pattern=_PREFIX)]]
    """Key prefix jobs may read, ending in ``/``. Optional. Defaults to the whole bucket."""
    checkpoint_access_log_bucket: NotRequired[InputBucketName]
    """A bucket in the region that receives the checkpoint bucket's access logs. Optional. Defaults to
    no access logging."""
    checkpoint_prefix: NotRequired[
        Annotated[str, pydantic.Field(default="checkpoints/", pattern=r"^[^/][^\s]*/$")]
    ]
    """Key prefix of checkpoints, ending in ``/``. Optional. Defaults to ``checkpoints/``."""
    checkpoint_retention_days: NotRequired[
        Annotated[
            int,
            pydantic.Field(
                default=DEFAULT_CHECKPOINT_RETENTION_DAYS, gt=CHECKPOINT_COLD_AFTER_DAYS, le=36500
            ),
        ]
    ]
    """Days after it was written that a checkpoint object expires (OSS lifecycle), more than 30 (when it has
    gone to IA). Jobs never prune checkpoints: the bucket and the role deny deletes, and the job is told the
    retention (``CHECKPOINT_RETENTION_DAYS``). A run paused longer than this loses its checkpoints. Optional.
    Defaults to 90."""
    instance_types: NotRequired[
        Annotated[
            list[GpuInstanceType],
            pydantic.Field(default=_gpu.DEFAULT_TRAINING_INSTANCE_TYPES, min_length=1, max_length=10),
            rule(listed_once("instance type")),
        ]
    ]
    """GPU instance types in order of preference, all from a GPU family (1 to 10). Optional. Defaults to
    8 x 80 GB types: ``ecs.gn7e-c16g1.32xlarge``, ``ecs.ebmgn7e.32xlarge``, ``ecs.ebmgn7ex.32xlarge``."""
    spot_strategy: NotRequired[
        Annotated[
            SpotStrategy | SpotStrategyName,
            as_enum(SpotStrategy),
            pydantic.Field(default=SpotStrategy.AS_PRICE_GO),
        ]
    ]
    """How to bid for spot capacity. Optional. Defaults to ``SpotAsPriceGo``."""
    spot_price_limit: NotRequired[Annotated[float, pydantic.Field(gt=0)]]
    """Highest price per instance-hour, for ``SpotWithPriceLimit`` only. Optional. Defaults to none."""
    min_size: NotRequired[Annotated[int, pydantic.Field(default=0, ge=0, le=MAX_NODES)]]
    """Fewest GPU nodes. Optional. Defaults to 0: no GPU is paid for while no job runs."""
    max_size: NotRequired[Annotated[int, pydantic.Field(default=DEFAULT_MAX_SIZE, ge=1, le=MAX_NODES)]]
    """Most GPU nodes, 1 to 1000 and at least ``min_size``. Optional. Defaults to 2."""
    zone_ids: NotRequired[list[str]]
    """Zones for GPU nodes, from the cluster's zones; more zones find spot capacity more often.
    Optional. Defaults to every cluster zone."""
    node_tier: NotRequired[Annotated[Tier, pydantic.Field(default=Tier.TRAINING)]]
    """The Network tier whose vSwitches and security group the GPU nodes use. Optional. Defaults to ``training``."""
    system_disk_size_gib: NotRequired[Annotated[int, pydantic.Field(default=200, ge=100, le=2048)]]
    """ESSD system disk size, 100 to 2048 GiB (GPU images are large). Optional. Defaults to 200."""
    data_disk_size_gib: NotRequired[Annotated[int, pydantic.Field(default=500, ge=0, le=32768)]]
    """Encrypted ESSD data disk for images and local dataset cache, 0 for none, up to 32768 GiB.
    Optional. Defaults to 500."""
    job_namespace: NotRequired[Annotated[K8sName, pydantic.Field(default="training")]]
    """Kubernetes namespace of training jobs. Optional. Defaults to ``training``."""
    job_service_account: NotRequired[Annotated[K8sName, pydantic.Field(default="trainer")]]
    """ServiceAccount that training pods run as; the only identity that may assume the role.
    Optional. Defaults to ``trainer``."""
    workspace_name: NotRequired[str]
    """PAI workspace name: 3 to 23 letters, digits or ``_``, starting with a letter, unique in the
    region. Optional. Defaults to the component name with ``-`` as ``_``."""
    protect: NotRequired[Annotated[bool, pydantic.Field(default=True)]]
    """Pulumi ``protect`` on the checkpoint bucket and its key. Optional. Defaults to true."""
    resource_group_id: NotRequired[InputStr]
    """Resource group for every child. Optional. Defaults to the account's default group."""
    tags: NotRequired[Annotated[dict[str, str], pydantic.Field(default={})]]
    """Tags for every child that takes tags. Optional. Defaults to none."""


def default_workspace_name(name: str, stack: str) -> str:
    """``retail-prod-training`` -> ``retail_prod_training``; ``training`` in stack ``dev`` ->
    ``training_dev``. PAI workspace names are unique per region and allow letters, digits and ``_``."""
    return _naming.fitted_name(_naming.in_stack(name, stack), 23).ljust(3, "_")


def _check(
    spec: GpuTrainingArgs, name: str, owner: str, opts: pulumi.ResourceOptions | None
) -> tuple[ClusterRef, list[str], str]:
    """Rules that span fields. Returns the cluster, the pool's zones and the workspace name."""

    def fail(field: str, rule: str) -> InvalidArgumentError:
        return InvalidArgumentError(field, rule, owner=owner)

    region = stack_region(
        owner=owner, opts=opts, placed_in=placed_region(spec["cluster"]), field="cluster.network.region"
    )
    cluster = cluster_ref(spec["cluster"], region=region, owner=owner)
    check_regions(GpuTrainingArgs, spec, region, owner=owner)
    network = cluster["network"]
    tier = spec["node_tier"].value
    if tier not in network["vswitch_ids"] or tier not in network["security_group_ids"]:
        raise fail("node_tier", f"the cluster's Network has no {tier!r} tier")
    zones = list(spec["zone_ids"]) if "zone_ids" in spec else list(cluster["zone_ids"])
    if not zones:
        raise fail("zone_ids", "at least one zone is needed")
    for i, zone in enumerate(zones):
        if zone not in cluster["zone_ids"]:
            raise fail(f"zone_ids[{i}]", f"zone {zone!r} is not one of the cluster's zones")
        if zones.index(zone) != i:
            raise fail("zone_ids", f"zone {zone!r} is listed more than once")
        if zone not in network["vswitch_ids"][tier]:
            raise fail(f"zone_ids[{i}]", f"the Network has no {tier} vSwitch in {zone}")
    if spec["min_size"] > spec["max_size"]:
        raise fail("max_size", f"{spec['max_size']} is below min_size {spec['min_size']}")
    strategy = SpotStrategy(spec["spot_strategy"])
    if strategy is SpotStrategy.WITH_PRICE_LIMIT and "spot_price_limit" not in spec:
        raise fail("spot_price_limit", "is required with spot_strategy SpotWithPriceLimit")
    if strategy is not SpotStrategy.WITH_PRICE_LIMIT and "spot_price_limit" in spec:
        raise fail("spot_price_limit", f"applies to SpotWithPriceLimit only, not {strategy.value}")
    workspace = spec.get("workspace_name") or default_workspace_name(name, pulumi.get_stack())
    if not _WORKSPACE.match(workspace):
        raise fail(
            "workspace_name", f"{workspace!r} must be 3 to 23 letters, digits or '_', starting with a letter"
        )
    return cluster, zones, workspace


class GpuTraining(pulumi.ComponentResource):
    """Spot GPU training on a BurstCluster: a pool that scales from zero, tainted for training only;
    a checkpoint bucket; a RAM role that training pods assume through RRSA; a PAI workspace and datasets.

    Children: ``{name}-checkpoints`` (SecureBucket); ``{name}-role`` (ram.Role trusting the cluster's
    OIDC provider for one ServiceAccount), ``{name}-access`` (ram.Policy) and ``{name}-access-attachment``
    (ram.RolePolicyAttachment); ``{name}-dlc-role`` (ram.Role that PAI assumes for PAI-DLC jobs) and
    ``{name}-dlc-access-attachment`` (the same access); ``{name}-gpu`` (cs.NodePool, spot); ``{name}-workspace``
    (pai.WorkspaceWorkspace); ``{name}-dataset-training-data`` and ``{name}-dataset-checkpoints``
    (pai.WorkspaceDataset).
    """

    node_pool_id: pulumi.Output[str]
    """The GPU node pool's ID."""
    role_name: pulumi.Output[str]
    """The RAM role training pods assume (annotate their ServiceAccount with it)."""
    role_arn: pulumi.Output[str]
    """The RAM role's ARN."""
    dlc_role_arn: pulumi.Output[str]
    """ARN of the RAM role PAI assumes for a PAI-DLC job (its ``CredentialConfig``)."""
    workspace_id: pulumi.Output[str]
    """The PAI workspace ID."""
    dataset_ids: pulumi.Output[dict[str, str]]
    """PAI dataset IDs: ``training-data`` and ``checkpoints``."""
    checkpoint_bucket_name: pulumi.Output[str]
    """The checkpoint bucket."""
    checkpoint_path: pulumi.Output[str]
    """Where jobs write and resume checkpoints: ``oss://<bucket>/<prefix>``."""
    training_data_path: pulumi.Output[str]
    """Where jobs read data: ``oss://<bucket>/<prefix>``."""
    job_settings: pulumi.Output[dict[str, Any]]
    """What a job submission needs: namespace, service account and its annotations, node selector,
    tolerations, workspace and dataset IDs, checkpoint and data paths, the checkpoint retention. (A PAI-DLC
    submission also takes ``dlc_role_arn``, kept apart: it is unknown until the role exists, and would make
    the whole of these settings unknown in a preview.)"""

    def __init__(self, name: str, args: GpuTrainingArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        owner = component_owner("GpuTraining", name)
        spec = validate_args(GpuTrainingArgs, args, owner=owner)
        cluster, zones, workspace_name = _check(spec, name, owner, opts)
        super().__init__(TYPE_TOKEN, name, _public_props(spec, zones, workspace_name), opts)
        region = cluster["network"]["region"]
        tags = spec["tags"] or None

        self.checkpoints = self._checkpoint_bucket(name, spec, region)
        self.role = self._pod_role(name, spec, cluster, tags)
        self.policy = self._access_policy(name, spec, region, tags)
        self.dlc_role = self._dlc_role(name, tags)
        self._attach_access(name)
        self.node_pool = self._gpu_pool(name, spec, cluster, zones, tags)
        self.workspace = self._workspace(name, workspace_name, spec.get("resource_group_id"))
        self.datasets = self._datasets(name, spec, region)
        self._publish_outputs(spec)

    def _checkpoint_bucket(self, name: str, spec: GpuTrainingArgs, region: str) -> SecureBucket:
        """The checkpoint bucket. Checkpoints must stay readable at once for a resume: cold ones move to IA,
        never to Archive. Old ones expire by lifecycle, since a job's delete is denied."""
        archive_rules = [
            ArchiveRuleArgs(
                prefix=spec["checkpoint_prefix"],
                archive_after_days=CHECKPOINT_COLD_AFTER_DAYS,
                expire_after_days=spec["checkpoint_retention_days"],
            )
        ]
        bucket_args = SecureBucketArgs(
            bucket_name=spec["checkpoint_bucket_name"],
            archive_storage_class=ColdStorageClass.IA,
            archive_after_days=CHECKPOINT_COLD_AFTER_DAYS,
            archive_rules=archive_rules,
            protect=spec["protect"],
            region=region,
        )
        rg = spec.get("resource_group_id")
        if rg is not None:
            bucket_args["resource_group_id"] = rg
        if "checkpoint_access_log_bucket" in spec:
            bucket_args["access_log_bucket"] = spec["checkpoint_access_log_bucket"]
        else:
            # The bucket logs its own access: those logs go cold like the bucket's other objects.
            archive_rules.append(
                {"prefix": SELF_LOG_PREFIX, "archive_after_days": CHECKPOINT_COLD_AFTER_DAYS}
            )
        if spec["tags"]:
            bucket_args["tags"] = dict(spec["tags"])
        return SecureBucket(f"{name}-checkpoints", bucket_args, opts=child_options(self))

    def _pod_role(
        self, name: str, spec: GpuTrainingArgs, cluster: ClusterRef, tags: dict[str, str] | None
    ) -> alicloud.ram.Role:
        """The RAM role training pods assume through RRSA: only the job ServiceAccount may."""
        namespace, service_account = spec["job_namespace"], spec["job_service_account"]
        trust = pulumi.Output.all(cluster["rrsa_oidc_provider_arn"], cluster["rrsa_oidc_issuer_url"]).apply(
            lambda v: _kube.rrsa_trust_policy(v[0], v[1], namespace, service_account)
        )
        return alicloud.ram.Role(
            f"{name}-role",
            role_name=f"{name}-trainer"[:64],
            assume_role_policy_document=trust,
            description=f"Training pods of {name} (ServiceAccount {namespace}/{service_account}) via RRSA",
            max_session_duration=3600,
            tags=tags,
            opts=child_options(self),
        )

    def _access_policy(
        self, name: str, spec: GpuTrainingArgs, region: str, tags: dict[str, str] | None
    ) -> alicloud.ram.Policy:
        """Read the training data, read and write the checkpoints (no deletes), with the buckets' keys."""
        access = pulumi.Output.all(
            spec["training_data_bucket"],
            self.checkpoints.bucket_name,
            spec.get("training_data_kms_key_id"),
            self.checkpoints.kms_key_id,
        ).apply(
            lambda v: _kube.training_access_policy(
                region,
                read_only=[(v[0], spec["training_data_prefix"])],
                read_write=[(v[1], spec["checkpoint_prefix"])],
                kms_key_ids=[k for k in (v[2], v[3]) if k],
            )
        )
        return alicloud.ram.Policy(
            f"{name}-access",
            policy_name=f"{name}-training-access"[:128],
            policy_document=access,
            description=f"Read the training data, read and write checkpoints (no deletes) for {name}",
            rotate_strategy=ROTATE_OLDEST_VERSION,
            tags=tags,
            opts=child_options(self),
        )

    def _dlc_role(self, name: str, tags: dict[str, str] | None) -> alicloud.ram.Role:
        """A PAI-DLC job runs on PAI's own nodes, not in the cluster, so it cannot use the RRSA role: PAI
        assumes this one for it (credential injection) and it gets the same access."""
        return alicloud.ram.Role(
            f"{name}-dlc-role",
            role_name=f"{name}-dlc-trainer"[:64],
            assume_role_policy_document=_kube.service_trust_policy(PAI_SERVICE),
            description=f"PAI-DLC training jobs of {name}, assumed by PAI for each job",
            max_session_duration=3600,
            tags=tags,
            opts=child_options(self),
        )

    def _attach_access(self, name: str) -> None:
        """The access policy on both roles, the pods' and the DLC jobs'."""
        for attachment_name, role in (
            ("access-attachment", self.role),
            ("dlc-access-attachment", self.dlc_role),
        ):
            alicloud.ram.RolePolicyAttachment(
                f"{name}-{attachment_name}",
                role_name=role.role_name,
                policy_name=self.policy.policy_name,
                policy_type="Custom",
                opts=child_options(self),
            )

    def _gpu_pool(
        self,
        name: str,
        spec: GpuTrainingArgs,
        cluster: ClusterRef,
        zones: list[str],
        tags: dict[str, str] | None,
    ) -> alicloud.cs.NodePool:
        """The spot GPU pool (from zero nodes by default), tainted and labelled for training only."""
        network = cluster["network"]
        tier = spec["node_tier"].value
        kms_key_id = cluster.get("kms_key_id")
        data_disks = []
        if spec["data_disk_size_gib"]:
            data_disk: dict[str, Any] = {
                "category": "cloud_essd",
                "performance_level": "PL1",
                "size": spec["data_disk_size_gib"],
                "encrypted": "true",
            }
            if kms_key_id is not None:
                data_disk["kms_key_id"] = kms_key_id
            data_disks.append(data_disk)
        return secure_node_pool(
            f"{name}-gpu",
            cluster_id=cluster["cluster_id"],
            vswitch_ids=[network["vswitch_ids"][tier][z] for z in zones],
            security_group_id=network["security_group_ids"][tier],
            instance_types=spec["instance_types"],
            scaling=("gpu", spec["min_size"], spec["max_size"]),
            system_disk=("PL1", spec["system_disk_size_gib"]),
            kms_key_id=kms_key_id,
            upgrades={"auto_upgrade": False, "auto_vul_fix": False},
            labels=[{"key": TRAINING_LABEL[0], "value": TRAINING_LABEL[1]}],
            resource_group_id=spec.get("resource_group_id"),
            tags=tags,
            opts=child_options(self),
            spot_strategy=SpotStrategy(spec["spot_strategy"]).value,
            spot_price_limits=[
                {"instance_type": t, "price_limit": f"{spec['spot_price_limit']:g}"}
                for t in spec["instance_types"]
            ]
            if "spot_price_limit" in spec
            else None,
            # Spot only: the cheapest pools first, no on-demand top-up; replace nodes warned of a reclaim.
            multi_az_policy="COST_OPTIMIZED",
            compensate_with_on_demand=False,
            on_demand_base_capacity="0",
            on_demand_percentage_above_base_capacity="0",
            spot_instance_pools=min(len(spec["instance_types"]) * len(zones), 10),
            spot_instance_remedy=True,
            data_disks=data_disks or None,
            taints=[dict(TRAINING_TAINT), dict(GPU_TAINT)],
        )

    def _workspace(
        self, name: str, workspace_name: str, rg: pulumi.Input[str] | None
    ) -> alicloud.pai.WorkspaceWorkspace:
        return alicloud.pai.WorkspaceWorkspace(
            f"{name}-workspace",
            workspace_name=workspace_name,
            display_name=name,
            description=f"GPU training of {name}"[:80],
            env_types=["prod"],
            resource_group_id=rg,
            opts=child_options(self),
        )

    def _datasets(
        self, name: str, spec: GpuTrainingArgs, region: str
    ) -> dict[str, alicloud.pai.WorkspaceDataset]:
        """The workspace's datasets, ``training-data`` and ``checkpoints``, each mounted at its own path."""
        endpoint = oss_internal_endpoint(region)
        datasets: dict[str, alicloud.pai.WorkspaceDataset] = {}
        for key, bucket, prefix, mount in (
            ("training-data", spec["training_data_bucket"], spec["training_data_prefix"], "/mnt/data/"),
            ("checkpoints", self.checkpoints.bucket_name, spec["checkpoint_prefix"], "/mnt/checkpoints/"),
        ):
            datasets[key] = alicloud.pai.WorkspaceDataset(
                f"{name}-dataset-{key}",
                workspace_id=self.workspace.id,
                dataset_name=f"{name}-{key}"[:127],
                data_source_type="OSS",
                property="DIRECTORY",
                uri=pulumi.Output.from_input(bucket).apply(
                    partial(_oss_uri, endpoint=endpoint, prefix=prefix)
                ),
                accessibility="PRIVATE",
                description=f"{key} of {name}",
                options=f'{{"mountPath": "{mount}"}}',
                opts=child_options(self),
            )
        return datasets

    def _publish_outputs(self, spec: GpuTrainingArgs) -> None:
        """The outputs, and the settings a job submission takes from them."""
        checkpoint_bucket = self.checkpoints.bucket_name
        self.node_pool_id = self.node_pool.id
        self.role_name = self.role.role_name
        self.role_arn = self.role.arn
        self.dlc_role_arn = self.dlc_role.arn
        self.workspace_id = self.workspace.id
        self.dataset_ids = pulumi.Output.from_input(
            {key: dataset.id for key, dataset in self.datasets.items()}
        )
        self.checkpoint_bucket_name = checkpoint_bucket
        checkpoint_prefix, data_prefix = spec["checkpoint_prefix"], spec["training_data_prefix"]
        self.checkpoint_path = checkpoint_bucket.apply(lambda b: f"oss://{b}/{checkpoint_prefix}")
        self.training_data_path = pulumi.Output.from_input(spec["training_data_bucket"]).apply(
            lambda b: f"oss://{b}/{data_prefix}"
        )
        self.job_settings = pulumi.Output.from_input(
            {
                "namespace": spec["job_namespace"],
                "serviceAccount": spec["job_service_account"],
                "serviceAccountAnnotations": self.role.role_name.apply(rrsa_service_account_annotations),
                "namespaceLabels": dict(RRSA_NAMESPACE_LABELS),
                "nodeSelector": {TRAINING_LABEL[0]: TRAINING_LABEL[1]},
                "tolerations": job_tolerations(),
                "workspaceId": self.workspace_id,
                "datasetIds": self.dataset_ids,
                "checkpointPath": self.checkpoint_path,
                "checkpointRetentionDays": spec["checkpoint_retention_days"],
                "trainingDataPath": self.training_data_path,
            }
        )
        self.register_outputs(
            {
                "nodePoolId": self.node_pool_id,
                "roleName": self.role_name,
                "roleArn": self.role_arn,
                "dlcRoleArn": self.dlc_role_arn,
                "workspaceId": self.workspace_id,
                "datasetIds": self.dataset_ids,
                "checkpointBucketName": self.checkpoint_bucket_name,
                "checkpointPath": self.checkpoint_path,
                "trainingDataPath": self.training_data_path,
                "jobSettings": self.job_settings,
            }
        )


def _oss_uri(bucket: str, *, endpoint: str, prefix: str) -> str:
    """PAI dataset URIs name the bucket's endpoint: ``oss://<bucket>.<endpoint>/<prefix>``."""
    return f"oss://{bucket}.{endpoint}/{prefix}"


def job_tolerations() -> list[dict[str, str]]:
    """Tolerations a training pod needs to land on the GPU pool (and nothing else has)."""
    return [
        {"key": t["key"], "operator": "Equal", "value": t["value"], "effect": t["effect"]}
        for t in (TRAINING_TAINT, GPU_TAINT)
    ]


def _public_props(spec: GpuTrainingArgs, zones: list[str], workspace_name: str) -> dict[str, Any]:
    """The component's own inputs as policies see them: plain, validated values only."""
    return {
        "zoneIds": zones,
        "instanceTypes": list(spec["instance_types"]),
        "spotStrategy": SpotStrategy(spec["spot_strategy"]).value,
        "minSize": spec["min_size"],
        "maxSize": spec["max_size"],
        "checkpointBucketName": spec["checkpoint_bucket_name"],
        "checkpointPrefix": spec["checkpoint_prefix"],
        "checkpointRetentionDays": spec["checkpoint_retention_days"],
        "workspaceName": workspace_name,
        "jobNamespace": spec["job_namespace"],
        "jobServiceAccount": spec["job_service_account"],
    }
