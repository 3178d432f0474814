"""FeatureStore: the real-time feature path. Clickstream into Log Service, Flink computing features,
an online key-value store in the inference zone."""

from collections.abc import Mapping
from enum import Enum
from typing import Annotated, Any, Literal

import pulumi
import pulumi_alicloud as alicloud
import pydantic
from typing_extensions import NotRequired, TypedDict

from . import _cidr, _naming, _oss_policy, _sizing
from ._options import ROTATE_OLDEST_VERSION, child_options, stateful_child_options
from ._refs import (
    InputBucketName,
    InputKmsKey,
    InputStr,
    NetworkInput,
    NetworkRef,
    network_ref,
    placed_region,
)
from ._region import check_regions, single_zone_in_region, stack_region
from ._relaxation import relaxed_tags, unprotected
from ._validation import args_type, as_enum, component_owner, rule, validate_args
from .errors import InvalidArgumentError

TYPE_TOKEN = "retailai:index:FeatureStore"

DATA_TIER = "data"
DEFAULT_TAIR_INSTANCE_CLASS = "tair.scm.standard.2m.8d"
DEFAULT_TAIR_PORT = 6379
DEFAULT_NODE_INSTANCE_TYPE = "ecs.g7.4xlarge"
PL3_MIN_SIZE_GB = 1261
DEFAULT_EVENT_BYTES = 1024
DEFAULT_RETENTION_DAYS = 7
DEFAULT_STATE_TTL_MINUTES = 60
DEFAULT_FLINK_CU = 4
DEFAULT_BACKUP_TIME = "18:00Z-19:00Z"
DEFAULT_BACKUP_PERIODS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
WEEKDAYS = set(DEFAULT_BACKUP_PERIODS)
BACKUP_TIME_PATTERN = r"^([01][0-9]|2[0-3]):00Z-([01][0-9]|2[0-3]):00Z$"
DEFAULT_NODE_COUNT = 3
DEFAULT_EVENTS_PER_SECOND = 1000
DEFAULT_LOGSTORE_NAME = "clickstream"
DEFAULT_FLINK_ENGINE_VERSION = "vvr-8.0.11-flink-1.17"
DEFAULT_FLINK_SERVICE_ROLE = "AliyunStreamAsiDefaultRole"
"""The service role Realtime Compute for Flink reads and writes its state bucket as (created when the account
authorizes the service)."""
# Flink writes checkpoints and savepoints, reads them back on restore and discards old (incremental) ones.
FLINK_STATE_OSS_ACTIONS = (*_oss_policy.WRITE_ACTIONS, "oss:DeleteObject")


def _weekday_problem(day: str) -> str | None:
    return None if day in WEEKDAYS else f"{day!r} is not a weekday name (Monday ... Sunday)"


class FeatureStoreEngine(str, Enum):
    """What holds the online features."""

    TAIR_PERSISTENT_MEMORY = "tair_persistent_memory"
    """Tair (Enterprise Edition) on persistent memory (``redis.TairInstance``, ``tair_scm``): managed,
    master-replica, backed up. The default."""
    ECS_ESSD_PL3 = "ecs_essd_pl3"
    """Self-managed ECS nodes with encrypted ESSD PL3 data disks (up to 1,000,000 IOPS each), for teams
    that run their own store. Backups and failover are then theirs."""


FeatureStoreEngineName = Literal["tair_persistent_memory", "ecs_essd_pl3"]
"""The values of :class:`FeatureStoreEngine` as plain strings, which the args accept as well."""


class PaymentType(str, Enum):
    """How managed instances are billed."""

    PAY_AS_YOU_GO = "PayAsYouGo"
    """Billed by the hour; no commitment. The default."""
    SUBSCRIPTION = "Subscription"
    """Prepaid monthly, renewed automatically (Tair and Flink). Cheaper for the steady baseline."""


PaymentTypeName = Literal["PayAsYouGo", "Subscription"]
"""The values of :class:`PaymentType` as plain strings, which the args accept as well."""


Weekday = Annotated[str, rule(_weekday_problem)]


@args_type
class TairArgs(TypedDict):
    """Settings of the ``tair_persistent_memory`` engine: the Tair instance (``redis.TairInstance``) and its
    backup policy (``kvstore.BackupPolicy``)."""

    password: InputStr
    """Password of the Tair ``default`` account, as a Pulumi secret (``Config.require_secret``);
    a plain string is refused. 8-32 characters of three classes."""
    instance_class: NotRequired[
        Annotated[
            str, pydantic.Field(default=DEFAULT_TAIR_INSTANCE_CLASS, pattern=r"^tair\.scm\.[a-z0-9.]+$")
        ]
    ]
    """Tair persistent-memory shard class (``tair.scm.*``). Optional. Defaults to
    ``tair.scm.standard.2m.8d`` (8 GB persistent memory per shard)."""
    shard_count: NotRequired[Annotated[int, pydantic.Field(default=1, ge=1, le=32)]]
    """1 for the standard (master-replica) architecture, 2-32 for a cluster. Optional. Defaults to 1."""
    secondary_zone_id: NotRequired[str]
    """A second zone of the network for the Tair replica (zone-level HA; reads still go to the
    master in the inference zone). Optional. Defaults to the replica in the same zone."""
    tls: NotRequired[Annotated[bool, pydantic.Field(default=True)]]
    """TLS on Tair connections. Optional. Defaults to True."""
    backup_time: NotRequired[
        Annotated[str, pydantic.Field(default=DEFAULT_BACKUP_TIME, pattern=BACKUP_TIME_PATTERN)]
    ]
    """Daily Tair backup window, UTC, ``HH:00Z-HH:00Z`` one hour long. Optional. Defaults to
    ``18:00Z-19:00Z`` (02:00-03:00 Beijing time)."""
    backup_periods: NotRequired[
        Annotated[list[Weekday], pydantic.Field(default=DEFAULT_BACKUP_PERIODS, min_length=1)]
    ]
    """Weekdays to back up on. Optional. Defaults to every day."""


@args_type
class EcsNodesArgs(TypedDict):
    """Settings of the ``ecs_essd_pl3`` engine: the self-managed nodes (``ecs.Instance``) and their disks."""

    image_id: str
    """The image of the nodes."""
    count: NotRequired[Annotated[int, pydantic.Field(default=DEFAULT_NODE_COUNT, ge=1, le=100)]]
    """Number of nodes. Optional. Defaults to 3."""
    instance_type: NotRequired[
        Annotated[
            str, pydantic.Field(default=DEFAULT_NODE_INSTANCE_TYPE, pattern=r"^ecs\.[a-z0-9-]+\.[a-z0-9]+$")
        ]
    ]
    """Instance type. Optional. Defaults to ``ecs.g7.4xlarge``."""
    data_disk_gb: NotRequired[
        Annotated[int, pydantic.Field(default=PL3_MIN_SIZE_GB, ge=PL3_MIN_SIZE_GB, le=65536)]
    ]
    """Size of each node's ESSD PL3 data disk, at least 1,261 GiB (PL3's minimum).
    Optional. Defaults to 1,261."""
    disk_kms_key_id: NotRequired[InputKmsKey]
    """KMS key for the disks. Optional. Defaults to the account's ECS service key."""


@args_type
class FeatureStoreArgs(TypedDict):
    """Arguments of :class:`FeatureStore`."""

    network: NetworkInput
    """The network: a :class:`Network`, or its ref (``Network.ref()``, or a hand-written ref to adopt an
    existing VPC). Needs a ``data`` tier vSwitch in ``inference_zone_id``."""
    inference_zone_id: str
    """The zone where inference runs. The online store, Flink and the nodes go in this zone's data
    vSwitch: feature reads must stay intra-zone (< 0.2 ms)."""
    flink_state_bucket: InputBucketName
    """Name of the OSS bucket (same region) that holds Flink checkpoints and savepoints, e.g. a
    SecureBucket's ``bucket_name``. Flink's service role is granted it (and its key, given
    ``flink_state_kms_key_id``); exempt that role from the bucket's delete deny (SecureBucket
    ``deleter_role_names``) so that it can discard old checkpoints."""
    flink_state_kms_key_id: NotRequired[InputKmsKey]
    """The KMS key that encrypts ``flink_state_bucket`` (a SecureBucket's ``kms_key_id``): Flink's service
    role may use it, which SSE-KMS reads and writes need. Optional. Defaults to none (a bucket without
    SSE-KMS)."""
    flink_service_role_name: NotRequired[
        Annotated[
            str, rule(_naming.ram_role_name_problem), pydantic.Field(default=DEFAULT_FLINK_SERVICE_ROLE)
        ]
    ]
    """The RAM role Flink accesses its state bucket as. Optional. Defaults to ``AliyunStreamAsiDefaultRole``,
    the service role the account's authorization of Realtime Compute for Flink creates."""
    engine: NotRequired[
        Annotated[
            FeatureStoreEngine | FeatureStoreEngineName,
            as_enum(FeatureStoreEngine),
            pydantic.Field(default=FeatureStoreEngine.TAIR_PERSISTENT_MEMORY),
        ]
    ]
    """Optional. Defaults to ``tair_persistent_memory``."""
    tair: NotRequired[TairArgs]
    """The Tair instance: its password (required), class, shards, replica zone, TLS and backups. Required
    for the ``tair_persistent_memory`` engine; an error with the other."""
    ecs_nodes: NotRequired[EcsNodesArgs]
    """The self-managed nodes: their image (required), count, type and data disks. Required for the
    ``ecs_essd_pl3`` engine; an error with the other."""
    payment_type: NotRequired[
        Annotated[
            PaymentType | PaymentTypeName,
            as_enum(PaymentType),
            pydantic.Field(default=PaymentType.PAY_AS_YOU_GO),
        ]
    ]
    """Billing of Tair and Flink. Optional. Defaults to ``PayAsYouGo``."""
    events_per_second: NotRequired[
        Annotated[int, pydantic.Field(default=DEFAULT_EVENTS_PER_SECOND, ge=1, le=10_000_000)]
    ]
    """Peak clickstream events per second the logstore is sized for. Optional. Defaults to 1,000."""
    event_bytes: NotRequired[
        Annotated[int, pydantic.Field(default=DEFAULT_EVENT_BYTES, ge=16, le=1024 * 1024)]
    ]
    """Average size of one event, in bytes. Optional. Defaults to 1,024."""
    retention_days: NotRequired[Annotated[int, pydantic.Field(default=DEFAULT_RETENTION_DAYS, ge=1, le=3650)]]
    """Days the logstore keeps raw events (1-3650). Optional. Defaults to 7."""
    sls_project_name: NotRequired[Annotated[str, rule(_naming.sls_project_name_problem)]]
    """Log Service project name (unique in the region across all accounts). Optional. Defaults to
    ``{name}-clickstream`` plus the stack, after ``global_name_prefix``."""
    global_name_prefix: NotRequired[_naming.GlobalNamePrefix]
    """Your organisation or account alias, e.g. ``acme``, starting the derived Log Service project name, which
    is unique in the region across all accounts. 2 to 16 lowercase letters, digits and hyphens, a letter first.
    Optional. Defaults to none (``{name}-clickstream`` plus the stack)."""
    logstore_name: NotRequired[
        Annotated[str, rule(_naming.sls_logstore_name_problem), pydantic.Field(default=DEFAULT_LOGSTORE_NAME)]
    ]
    """Optional. Defaults to ``clickstream``."""
    flink_cu: NotRequired[Annotated[int, pydantic.Field(default=DEFAULT_FLINK_CU, ge=1, le=10_000)]]
    """Flink workspace size in compute units (1 CU = 1 vCPU + 4 GiB). Optional. Defaults to 4."""
    state_ttl_minutes: NotRequired[
        Annotated[int, pydantic.Field(default=DEFAULT_STATE_TTL_MINUTES, ge=1, le=7 * 24 * 60)]
    ]
    """TTL of Flink state (``table.exec.state.ttl``), so windows of old sessions are dropped instead of
    bloating checkpoints. Applied to ``feature_job_sql``'s deployment and exported as
    ``flink_conf`` for other deployments. Optional. Defaults to 60."""
    feature_job_sql: NotRequired[Annotated[str, pydantic.Field(min_length=1)]]
    """A Flink SQL script that computes the features; deployed as a streaming job with the state TTL.
    Optional. Defaults to no job (deploy jobs with ``flink_conf`` yourself)."""
    flink_engine_version: NotRequired[
        Annotated[
            str, pydantic.Field(default=DEFAULT_FLINK_ENGINE_VERSION, pattern=r"^vvr-[0-9.]+-flink-[0-9.]+$")
        ]
    ]
    """Flink engine of the job. Optional. Defaults to ``vvr-8.0.11-flink-1.17``."""
    protect: NotRequired[Annotated[bool, pydantic.Field(default=True)]]
    """Pulumi ``protect`` on the store, nodes, SLS project and logstore. Optional. Defaults to True."""
    resource_group_id: NotRequired[InputStr]
    """Resource group for every child that takes one. Optional. Defaults to the account's default group."""
    tags: NotRequired[Annotated[dict[str, str], pydantic.Field(default={})]]
    """Tags for every child that takes tags. Optional. Defaults to none."""


_ENGINE_GROUPS = {
    FeatureStoreEngine.TAIR_PERSISTENT_MEMORY: ("tair", "password"),
    FeatureStoreEngine.ECS_ESSD_PL3: ("ecs_nodes", "image_id"),
}
"""Each engine's group of settings and the field of it the engine cannot do without."""
_OTHER_ENGINE = {
    FeatureStoreEngine.TAIR_PERSISTENT_MEMORY: FeatureStoreEngine.ECS_ESSD_PL3,
    FeatureStoreEngine.ECS_ESSD_PL3: FeatureStoreEngine.TAIR_PERSISTENT_MEMORY,
}


def _given_engine(args: object) -> FeatureStoreEngine | None:
    """The engine ``args`` asks for, or None when it names none (validation then refuses the value)."""
    if not isinstance(args, Mapping):
        return None
    value = args.get("engine", FeatureStoreEngine.TAIR_PERSISTENT_MEMORY)
    try:
        return FeatureStoreEngine(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        return None


def _check_groups(engine: FeatureStoreEngine, args: Mapping[str, object], owner: str) -> None:
    """The engine's group is given, the other engine's is not."""
    group, needed = _ENGINE_GROUPS[engine]
    other_engine = _OTHER_ENGINE[engine]
    other, _ = _ENGINE_GROUPS[other_engine]
    if other in args:
        raise InvalidArgumentError(other, f"applies to the {other_engine.value} engine only", owner=owner)
    if group not in args:
        raise InvalidArgumentError(
            f"{group}.{needed}", f"is required for the {engine.value} engine", owner=owner
        )


class _Plan:
    """What validation worked out: the checked network, placement and sizes."""

    def __init__(
        self,
        region: str,
        network: NetworkRef,
        data_vswitch_id: Any,
        shards: _sizing.ShardPlan,
        project: str,
    ):
        self.region = region
        self.network = network
        self.data_vswitch_id = data_vswitch_id
        self.vpc_cidr = network["cidr_block"]
        self.shards = shards
        self.project = project


def _validate(
    name: str, args: FeatureStoreArgs, owner: str, opts: pulumi.ResourceOptions | None
) -> tuple[FeatureStoreArgs, _Plan]:
    """The engine's groups first, then field rules through pydantic, then the rules that relate fields,
    each naming one field."""

    def fail(field: str, rule: str) -> InvalidArgumentError:
        return InvalidArgumentError(field, rule, owner=owner)

    # The other engine's group would be silently ignored: refuse it, before its own rules are read (a Tair
    # group under the ECS engine is refused as such, not for its missing password).
    engine = _given_engine(args)
    if engine is not None:
        _check_groups(engine, args, owner)
    spec = validate_args(FeatureStoreArgs, args, owner=owner)
    if engine is None:
        _check_groups(FeatureStoreEngine(spec["engine"]), spec, owner)

    region = stack_region(
        owner=owner, opts=opts, placed_in=placed_region(spec["network"]), field="network.region"
    )
    network = network_ref(spec["network"], region=region, owner=owner)
    check_regions(FeatureStoreArgs, spec, region, owner=owner)
    try:
        _cidr.parse_network(network["cidr_block"], "network.cidr_block")
    except InvalidArgumentError as exc:
        raise fail(exc.field, exc.rule) from None
    zone = spec["inference_zone_id"]
    if not single_zone_in_region(zone, region):
        raise fail("inference_zone_id", f"zone {zone!r} is not in region {region!r}")
    if zone not in network["zone_ids"]:
        raise fail(
            "inference_zone_id", f"zone {zone!r} is not one of the network's zones {network['zone_ids']}"
        )
    data_switches = network["vswitch_ids"].get(DATA_TIER) or {}
    if zone not in data_switches:
        raise fail(
            "inference_zone_id",
            f"the network has no {DATA_TIER!r} vSwitch in zone {zone!r}; the store must sit in the inference "
            "zone (intra-zone latency < 0.2 ms)",
        )
    if DATA_TIER not in network["security_group_ids"]:
        raise fail("network.security_group_ids", f"has no {DATA_TIER!r} security group")
    tair = spec.get("tair")
    if tair is not None:
        secondary = tair.get("secondary_zone_id")
        if secondary == zone:
            raise fail("tair.secondary_zone_id", "must differ from inference_zone_id")
        if secondary is not None and secondary not in network["zone_ids"]:
            raise fail("tair.secondary_zone_id", f"zone {secondary!r} is not one of the network's zones")
        if isinstance(tair["password"], str):
            raise fail(
                "tair.password",
                "must be a Pulumi secret, not a plain string: pass pulumi.Config().require_secret(...) or "
                "pulumi.Output.secret(...)",
            )
    try:
        shards = _sizing.sls_shards(spec["events_per_second"], spec["event_bytes"])
    except ValueError as exc:
        raise fail("events_per_second", str(exc)) from None
    prefix = spec.get("global_name_prefix")
    conflict = _naming.prefix_conflict(prefix, spec.get("sls_project_name"), "sls_project_name")
    if conflict:
        raise fail("global_name_prefix", conflict)
    project = spec.get("sls_project_name") or _naming.with_global_prefix(
        prefix, _naming.in_stack(f"{name}-clickstream", pulumi.get_stack())
    )
    problem = _naming.sls_project_name_problem(project)
    if problem:
        raise fail(
            "global_name_prefix" if prefix else "sls_project_name",
            f"the derived Log Service project name {problem}; give sls_project_name",
        )
    plan = _Plan(region, network, data_switches[zone], shards, project)
    return spec, plan


class FeatureStore(pulumi.ComponentResource):
    """The real-time feature path of the recommendation system, in the zone where inference runs.

    * Online store: Tair on persistent memory (default) or self-managed ECS nodes on ESSD PL3, in the
      inference zone's ``data`` vSwitch; VPC-only (whitelist = the VPC CIDR, no public connection),
      password auth from a Pulumi secret, TLS, daily backups. Tair has no service-side deletion
      protection in the provider: Pulumi ``protect`` guards it. TDE is not offered: Alibaba supports it
      on memory-optimized Tair only, not on persistent memory.
    * Ingestion: a Log Service project and logstore sized from ``events_per_second`` (see
      :func:`retail_ai_components._sizing.sls_shards`: shards so the steady load uses half of each
      shard's documented 5 MB/s, auto-split up to 4x for flash sales), encrypted, web tracking off.
    * Stream processing: a Realtime Compute for Flink workspace in the same VPC and zone, its state on
      ``flink_state_bucket``; with ``feature_job_sql`` a streaming deployment whose state expires after
      ``state_ttl_minutes`` (``table.exec.state.ttl``).

    Children: ``{name}-tair`` (redis.TairInstance) and ``{name}-tair-backup`` (kvstore.BackupPolicy), or
    ``{name}-node-{i}`` (ecs.Instance); ``{name}-sls-project`` (log.Project), ``{name}-logstore``
    (log.Store); ``{name}-flink-state-access`` (ram.Policy: the state bucket and its KMS key) attached to
    Flink's service role; ``{name}-flink`` (realtimecompute.VvpInstance) and ``{name}-feature-job``
    (realtimecompute.Deployment, with ``feature_job_sql``).
    """

    store_id: pulumi.Output[str]
    """Tair instance ID; with the ECS engine, the first node's instance ID."""
    store_host: pulumi.Output[str]
    """Private connection host: the Tair VPC connection domain, or the first node's private IP."""
    store_port: pulumi.Output[int]
    """Port of the store."""
    node_private_ips: pulumi.Output[list[str]]
    """ECS engine: every node's private IP. Empty for Tair."""
    sls_project_name: pulumi.Output[str]
    """The Log Service project that receives the clickstream."""
    logstore_name: pulumi.Output[str]
    """The clickstream logstore."""
    flink_instance_id: pulumi.Output[str]
    """The Flink workspace's resource ID."""
    flink_namespace: pulumi.Output[str]
    """The workspace's default namespace, where deployments go."""
    flink_conf: pulumi.Output[dict[str, str]]
    """Flink configuration every feature deployment should carry (state TTL)."""

    def __init__(self, name: str, args: FeatureStoreArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        owner = component_owner("FeatureStore", name)
        spec, plan = _validate(name, args, owner, opts)
        super().__init__(TYPE_TOKEN, name, _public_props(spec, plan), opts)
        tags = spec["tags"] or None
        rg = spec.get("resource_group_id")
        data_sg = plan.network["security_group_ids"][DATA_TIER]

        self.tair: alicloud.redis.TairInstance | None = None
        self.nodes: list[alicloud.ecs.Instance] = []
        # _validate() made sure the engine's group is given and the other engine's is not.
        if "tair" in spec:
            self._tair(name, spec, spec["tair"], plan, data_sg, tags, rg)
        else:
            self._ecs_nodes(name, spec, spec["ecs_nodes"], plan, data_sg, tags, rg)
        self._clickstream(name, spec, plan, tags, rg)
        flink = self._flink(name, spec, plan, tags, rg)
        self._grant_flink_state(name, spec, plan.region, tags)
        if "feature_job_sql" in spec:
            self._feature_job(name, spec, flink)
        self.register_outputs(
            {
                "storeId": self.store_id,
                "storeHost": self.store_host,
                "storePort": self.store_port,
                "nodePrivateIps": self.node_private_ips,
                "slsProjectName": self.sls_project_name,
                "logstoreName": self.logstore_name,
                "flinkInstanceId": self.flink_instance_id,
                "flinkNamespace": self.flink_namespace,
                "flinkConf": self.flink_conf,
            }
        )

    def _clickstream(
        self, name: str, spec: FeatureStoreArgs, plan: _Plan, tags: dict[str, str] | None, rg: Any
    ) -> None:
        """The Log Service project and the clickstream logstore, its shards sized from the events per second."""
        project = alicloud.log.Project(
            f"{name}-sls-project",
            project_name=plan.project,
            description=f"Clickstream ingestion for {name}",
            resource_group_id=rg,
            # The logstore takes no tags: the project's relaxation tag stands for both.
            tags=relaxed_tags(tags, unprotected(self, spec["protect"])),
            opts=stateful_child_options(self, spec["protect"]),
        )
        store = alicloud.log.Store(
            f"{name}-logstore",
            project_name=project.project_name,
            logstore_name=spec["logstore_name"],
            shard_count=plan.shards.shard_count,
            auto_split=True,
            max_split_shard_count=plan.shards.max_split_shard_count,
            retention_period=spec["retention_days"],
            mode="standard",
            enable_web_tracking=False,
            append_meta=True,
            encrypt_conf={"enable": True, "encrypt_type": "default"},
            opts=stateful_child_options(self, spec["protect"]),
        )
        self.sls_project_name = project.project_name.apply(lambda n: n or plan.project)
        logstore_name = spec["logstore_name"]
        self.logstore_name = store.logstore_name.apply(lambda n: n or logstore_name)

    def _flink(
        self, name: str, spec: FeatureStoreArgs, plan: _Plan, tags: dict[str, str] | None, rg: Any
    ) -> alicloud.realtimecompute.VvpInstance:
        """The Flink workspace in the inference zone's data vSwitch, its state in the state bucket."""
        payment = PaymentType(spec["payment_type"])
        subscription = payment is PaymentType.SUBSCRIPTION
        flink_name = _flink_name(name)
        flink = alicloud.realtimecompute.VvpInstance(
            f"{name}-flink",
            vvp_instance_name=flink_name,
            vpc_id=plan.network["vpc_id"],
            zone_id=spec["inference_zone_id"],
            vswitch_ids=[plan.data_vswitch_id],
            storage={"oss": {"bucket": spec["flink_state_bucket"]}},
            resource_spec={"cpu": spec["flink_cu"], "memory_gb": 4 * spec["flink_cu"]},
            payment_type=payment.value,
            pricing_cycle="Month" if subscription else None,
            duration=1 if subscription else None,
            renew_status="AutoRenewal" if subscription else None,
            resource_group_id=rg,
            tags=relaxed_tags(tags, unprotected(self, spec["protect"])),
            # The workspace holds the running feature jobs and their savepoint history.
            opts=stateful_child_options(self, spec["protect"]),
        )
        self.flink_instance_id = flink.resource_id
        self.flink_namespace = flink.vvp_instance_name.apply(lambda n: f"{n or flink_name}-default")
        self.flink_conf = pulumi.Output.from_input(_flink_conf(spec))
        return flink

    def _feature_job(
        self, name: str, spec: FeatureStoreArgs, flink: alicloud.realtimecompute.VvpInstance
    ) -> None:
        """The feature job: the SQL given, streaming, with the state TTL."""
        alicloud.realtimecompute.Deployment(
            f"{name}-feature-job",
            deployment_name=f"{name}-features",
            resource_id=flink.resource_id,
            namespace=self.flink_namespace,
            engine_version=spec["flink_engine_version"],
            execution_mode="STREAMING",
            deployment_target={"mode": "PER_JOB", "name": "default-queue"},
            artifact={"kind": "SQLSCRIPT", "sql_artifact": {"sql_script": spec["feature_job_sql"]}},
            flink_conf=_flink_conf(spec),
            # Its first checkpoint writes to the state bucket as Flink's service role.
            opts=child_options(self, depends_on=[self.flink_state_grant]),
        )

    def _grant_flink_state(
        self, name: str, spec: FeatureStoreArgs, region: str, tags: dict[str, str] | None
    ) -> None:
        """Flink's service role may use the state bucket and its KMS key: a role without the key cannot write
        an SSE-KMS checkpoint, and the job fails at its first one."""
        policy = alicloud.ram.Policy(
            f"{name}-flink-state-access",
            policy_name=f"{name}-flink-state-access".replace("_", "-")[:128],
            policy_document=pulumi.Output.all(
                spec["flink_state_bucket"], spec.get("flink_state_kms_key_id")
            ).apply(lambda v: flink_state_policy(v[0], v[1], region)),
            description=f"Flink of {name}: checkpoints and savepoints in its state bucket, and the bucket's key"[
                :1024
            ],
            rotate_strategy=ROTATE_OLDEST_VERSION,
            tags=tags,
            opts=child_options(self),
        )
        self.flink_state_grant = alicloud.ram.RolePolicyAttachment(
            f"{name}-flink-state-access-attachment",
            role_name=spec["flink_service_role_name"],
            policy_name=policy.policy_name,
            policy_type="Custom",
            opts=child_options(self),
        )

    def _tair(
        self,
        name: str,
        spec: FeatureStoreArgs,
        settings: TairArgs,
        plan: _Plan,
        data_sg: Any,
        tags: dict[str, str] | None,
        rg: Any,
    ) -> None:
        """The online store on Tair persistent memory: in the data vSwitch, the VPC alone on its whitelist,
        the password a secret, with its backup policy; sets the store's outputs."""
        payment = PaymentType(spec["payment_type"])
        subscription = payment is PaymentType.SUBSCRIPTION
        tair = alicloud.redis.TairInstance(
            f"{name}-tair",
            tair_instance_name=f"{name}-tair",
            instance_type="tair_scm",
            engine_version="1.0",
            instance_class=settings["instance_class"],
            shard_count=settings["shard_count"],
            node_type="MASTER_SLAVE",
            vpc_id=plan.network["vpc_id"],
            vswitch_id=plan.data_vswitch_id,
            zone_id=spec["inference_zone_id"],
            secondary_zone_id=settings.get("secondary_zone_id"),
            security_ips=plan.vpc_cidr,
            security_group_id=data_sg,
            vpc_auth_mode="Open",
            password=pulumi.Output.secret(settings["password"]),
            ssl_enabled="Enable" if settings["tls"] else "Disable",
            port=DEFAULT_TAIR_PORT,
            payment_type=payment.value,
            period=1 if subscription else None,
            auto_renew="true" if subscription else None,
            auto_renew_period="1" if subscription else None,
            resource_group_id=rg,
            tags=relaxed_tags(
                tags, {**unprotected(self, spec["protect"]), "tair.tls=false": not settings["tls"]}
            ),
            opts=stateful_child_options(self, spec["protect"], additional_secret_outputs=["password"]),
        )
        # The provider deprecates kvstore.BackupPolicy in favour of kvstore.Instance's own backup settings,
        # which redis.TairInstance lacks: for a Tair instance it is still the only way to set the backup days.
        alicloud.kvstore.BackupPolicy(
            f"{name}-tair-backup",
            instance_id=tair.id,
            backup_periods=list(settings["backup_periods"]),
            backup_time=settings["backup_time"],
            opts=child_options(self),
        )
        self.tair = tair
        self.store_id = tair.id
        self.store_host = tair.connection_domain
        self.store_port = pulumi.Output.from_input(DEFAULT_TAIR_PORT)
        self.node_private_ips = pulumi.Output.from_input([])

    def _ecs_nodes(
        self,
        name: str,
        spec: FeatureStoreArgs,
        nodes: EcsNodesArgs,
        plan: _Plan,
        data_sg: Any,
        tags: dict[str, str] | None,
        rg: Any,
    ) -> None:
        """The online store on ECS nodes: in the data vSwitch, no public IP, IMDSv2 only, encrypted ESSD,
        deletion protection; sets the store's outputs."""
        node_tags = relaxed_tags(
            {**(tags or {}), "role": "feature-store"}, unprotected(self, spec["protect"])
        )
        data_disk: dict[str, Any] = {
            "category": "cloud_essd",
            "performance_level": "PL3",
            "size": nodes["data_disk_gb"],
            "encrypted": True,
            "delete_with_instance": False,
        }
        if "disk_kms_key_id" in nodes:
            data_disk["kms_key_id"] = nodes["disk_kms_key_id"]
        for i in range(nodes["count"]):
            node_name = f"{name}-node-{i}"
            self.nodes.append(
                alicloud.ecs.Instance(
                    node_name,
                    instance_name=node_name,
                    host_name=node_name,
                    availability_zone=spec["inference_zone_id"],
                    vswitch_id=plan.data_vswitch_id,
                    security_groups=[data_sg],
                    instance_type=nodes["instance_type"],
                    image_id=nodes["image_id"],
                    instance_charge_type="PostPaid",
                    internet_max_bandwidth_out=0,
                    http_tokens="required",
                    http_endpoint="enabled",
                    deletion_protection=True,
                    security_enhancement_strategy="Active",
                    system_disk_category="cloud_essd",
                    system_disk_performance_level="PL1",
                    system_disk_size=100,
                    system_disk_encrypted=True,
                    system_disk_kms_key_id=nodes.get("disk_kms_key_id"),
                    # Data disks are create-only in provider 4.0: resizing means replacing the node.
                    data_disks=[data_disk | {"name": f"{node_name}-data"}],
                    resource_group_id=rg,
                    tags=node_tags,
                    volume_tags=node_tags,
                    opts=stateful_child_options(self, spec["protect"]),
                )
            )
        self.store_id = self.nodes[0].id
        self.store_host = self.nodes[0].private_ip
        self.store_port = pulumi.Output.from_input(DEFAULT_TAIR_PORT)
        self.node_private_ips = pulumi.Output.all(*[n.private_ip for n in self.nodes])


def flink_state_policy(bucket: str, kms_key_id: str | None, region: str) -> str:
    """The RAM policy of Flink's service role on its state bucket: read, write, discard old checkpoints, and
    use the bucket's KMS key when there is one."""
    statements: list[dict[str, object]] = [
        {
            "Effect": "Allow",
            "Action": list(FLINK_STATE_OSS_ACTIONS),
            "Resource": _oss_policy.bucket_resources(bucket),
        }
    ]
    if kms_key_id:
        statements.append(
            {
                "Effect": "Allow",
                "Action": list(_oss_policy.KMS_WRITE_ACTIONS),
                "Resource": [_oss_policy.kms_key_resource(kms_key_id, region)],
            }
        )
    return _oss_policy.to_json({"Version": _oss_policy.POLICY_VERSION, "Statement": statements})


def _flink_conf(spec: FeatureStoreArgs) -> dict[str, str]:
    """Flink configuration every feature deployment carries: the state TTL."""
    return {"table.exec.state.ttl": _sizing.flink_state_ttl(spec["state_ttl_minutes"])}


def _flink_name(name: str) -> str:
    """Flink workspace names: at most 60 characters; derived from the component name."""
    return f"{name}-flink"[:60].rstrip("-")


def _public_props(spec: FeatureStoreArgs, plan: _Plan) -> dict[str, Any]:
    """The component's own inputs as policies see them: plain, validated values only."""
    tair = spec.get("tair")
    return {
        "region": plan.region,
        "engine": FeatureStoreEngine(spec["engine"]).value,
        "inferenceZoneId": spec["inference_zone_id"],
        "secondaryZoneId": tair.get("secondary_zone_id") if tair is not None else None,
        "vpcCidr": plan.vpc_cidr,
        "eventsPerSecond": spec["events_per_second"],
        "eventBytes": spec["event_bytes"],
        "shardCount": plan.shards.shard_count,
        "maxSplitShardCount": plan.shards.max_split_shard_count,
        "retentionDays": spec["retention_days"],
        "stateTtlMinutes": spec["state_ttl_minutes"],
        "flinkCu": spec["flink_cu"],
        "tls": tair["tls"] if tair is not None else None,
        "protect": spec["protect"],
    }
