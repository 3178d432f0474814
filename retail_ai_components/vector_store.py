"""VectorStore: the managed Milvus instance behind conversational commerce (RAG), private and encrypted."""

from dataclasses import dataclass
from typing import Annotated, Any, Literal

import pulumi
import pulumi_alicloud as alicloud
import pydantic
from typing_extensions import NotRequired, TypedDict

from . import _naming
from ._kms import adopted_or_rotating_key
from ._options import stateful_child_options
from ._refs import InputKmsKey, InputStr, NetworkInput, network_ref, placed_region
from ._region import check_regions, stack_region
from ._relaxation import relaxed_tags, unprotected
from ._validation import args_type, component_owner, validate_args
from .errors import InvalidArgumentError
from .network import Tier

TYPE_TOKEN = "retailai:index:VectorStore"

MilvusVersion = Literal["2.5", "2.6"]
MetricType = Literal["COSINE", "IP", "L2"]
# The Standard edition's components per version (Starter, one standalone node, is not offered: no HA).
COMPONENTS: dict[str, tuple[str, ...]] = {
    "2.5": ("proxy", "mix_coordinator", "data", "query", "index"),
    "2.6": ("proxy", "mix_coordinator", "data", "query", "streaming"),
}
DEFAULT_DB_VERSION: MilvusVersion = "2.5"
DEFAULT_QUERY_CU = 4
DEFAULT_CU = 2
DEFAULT_HNSW_M = 16
DEFAULT_HNSW_EF_CONSTRUCTION = 200
DEFAULT_HNSW_EF = 64
DEFAULT_METRIC_TYPE: MetricType = "COSINE"


@args_type
class HnswArgs(TypedDict):
    """The HNSW index the RAG pipeline creates on its collections (Milvus indexes are created by the client,
    not by Pulumi: the component validates and exports the parameters, the pipeline applies them)."""

    m: NotRequired[Annotated[int, pydantic.Field(default=DEFAULT_HNSW_M, ge=4, le=64)]]
    """Graph degree ``M``, 4 to 64. Optional. Defaults to 16: recall above 0.95 for catalog embeddings at
    moderate memory."""
    ef_construction: NotRequired[
        Annotated[int, pydantic.Field(default=DEFAULT_HNSW_EF_CONSTRUCTION, ge=8, le=512)]
    ]
    """``efConstruction``, 8 to 512 and at least ``m``. Optional. Defaults to 200."""
    ef: NotRequired[Annotated[int, pydantic.Field(default=DEFAULT_HNSW_EF, ge=16, le=4096)]]
    """Search-time ``ef``, 16 to 4096 (at least the top-k a query asks for). Optional. Defaults to 64."""
    metric_type: NotRequired[Annotated[MetricType, pydantic.Field(default=DEFAULT_METRIC_TYPE)]]
    """``COSINE``, ``IP`` or ``L2``, matching how the embeddings were trained. Optional. Defaults to
    ``COSINE``."""


@args_type
class VectorStoreArgs(TypedDict):
    """Arguments of :class:`VectorStore`."""

    network: NetworkInput
    """The :class:`~retail_ai_components.network.Network`, or its ref (``Network.ref()``, or a
    :class:`~retail_ai_components.network.NetworkRef` written by hand); the instance goes in its data
    vSwitches."""
    db_admin_password: InputStr
    """Password of the Milvus ``root`` administrator (CreateInstance requires one), as a Pulumi secret
    (``Config.require_secret``); a plain string is refused."""
    ha: NotRequired[Annotated[bool, pydantic.Field(default=True)]]
    """Two replicas of every component across two zones (``multiZoneMode: Two``). Optional. Defaults to True;
    needs two zones in the network. Set False for dev."""
    db_version: NotRequired[Annotated[MilvusVersion, pydantic.Field(default=DEFAULT_DB_VERSION)]]
    """Milvus kernel version, ``2.5`` or ``2.6``. Optional. Defaults to ``2.5``."""
    query_cu: NotRequired[Annotated[int, pydantic.Field(default=DEFAULT_QUERY_CU, ge=2, le=64)]]
    """Compute units of each query node (holds the HNSW graphs in memory), 2 to 64. Optional. Defaults
    to 4."""
    cu: NotRequired[Annotated[int, pydantic.Field(default=DEFAULT_CU, ge=1, le=32)]]
    """Compute units of every other component, 1 to 32. Optional. Defaults to 2."""
    # The default is validated, so an omitted hnsw gets every field's default.
    hnsw: NotRequired[Annotated[HnswArgs, pydantic.Field(default={}, validate_default=True)]]
    """The approximate index for the RAG pipeline. Optional. Defaults as documented on each field."""
    kms_key_id: NotRequired[InputKmsKey]
    """A KMS key (same region) to encrypt with. Optional. Defaults to a new rotating key."""
    instance_name: NotRequired[Annotated[str, pydantic.Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")]]
    """1 to 64 letters, digits, ``-`` or ``_``. Optional. Defaults to the component name plus the stack."""
    resource_group_id: NotRequired[InputStr]
    """Resource group. Optional. Defaults to the account's default group."""
    tags: NotRequired[Annotated[dict[str, str], pydantic.Field(default={})]]
    """Tags for every child that takes tags. Optional. Defaults to none."""
    protect: NotRequired[Annotated[bool, pydantic.Field(default=True)]]
    """Protect the instance and its key from deletion. Optional. Defaults to True."""


def _validate(args: VectorStoreArgs, owner: str) -> VectorStoreArgs:
    """Field rules through pydantic, then the rule that relates two fields of the index."""
    spec = validate_args(VectorStoreArgs, args, owner=owner)
    if isinstance(spec["db_admin_password"], str):
        raise InvalidArgumentError(
            "db_admin_password",
            "must be a Pulumi secret, not a plain string: pass pulumi.Config().require_secret(...) or "
            "pulumi.Output.secret(...)",
            owner=owner,
        )
    hnsw = spec["hnsw"]
    if hnsw["ef_construction"] < hnsw["m"]:
        raise InvalidArgumentError(
            "hnsw.ef_construction",
            f"ef_construction {hnsw['ef_construction']} must be at least m {hnsw['m']}",
            owner=owner,
        )
    return spec


def index_params(hnsw: HnswArgs) -> dict[str, Any]:
    """What the RAG pipeline passes to Milvus ``create_index``: HNSW, never a flat (brute-force) index.
    ``hnsw`` is validated: every field present."""
    return {
        "index_type": "HNSW",
        "metric_type": hnsw["metric_type"],
        "params": {"M": hnsw["m"], "efConstruction": hnsw["ef_construction"]},
    }


def search_params(hnsw: HnswArgs) -> dict[str, Any]:
    """What the RAG pipeline passes to Milvus ``search``. ``hnsw`` is validated: every field present."""
    return {"metric_type": hnsw["metric_type"], "params": {"ef": hnsw["ef"]}}


@dataclass(frozen=True)
class _Placement:
    """Where the instance goes, as the rules that relate the arguments decided: its region, VPC, the data
    vSwitch of each of its zones (two with ``ha``), and its name."""

    region: str
    vpc_id: InputStr
    vswitch_ids: dict[str, InputStr]
    zones: list[str]
    instance_name: str


def _check(spec: VectorStoreArgs, name: str, owner: str, opts: pulumi.ResourceOptions | None) -> _Placement:
    """Rules that span fields."""
    region = stack_region(
        owner=owner, opts=opts, placed_in=placed_region(spec["network"]), field="network.region"
    )
    network = network_ref(spec["network"], region=region, owner=owner)
    check_regions(VectorStoreArgs, spec, region, owner=owner)
    switches = network["vswitch_ids"].get(Tier.DATA.value) or {}
    zones = [z for z in network["zone_ids"] if z in switches]
    if not zones:
        raise InvalidArgumentError("network", "has no 'data' vSwitches for the instance", owner=owner)
    if spec["ha"] and len(zones) < 2:
        raise InvalidArgumentError(
            "ha",
            "needs data vSwitches in two zones of the network; set ha to False for one zone",
            owner=owner,
        )
    zones = zones[:2] if spec["ha"] else zones[:1]
    instance_name = spec.get("instance_name") or _naming.fitted_name(
        _naming.in_stack(name, pulumi.get_stack()), 64
    ).replace("_", "-")
    return _Placement(region, network["vpc_id"], {z: switches[z] for z in zones}, zones, instance_name)


class VectorStore(pulumi.ComponentResource):
    """Managed Milvus (Standard edition) in the Network's data vSwitches: no public endpoint, KMS encryption,
    HA across two zones by default, protected, with the HNSW index parameters the RAG pipeline uses.

    Children: ``{name}-key`` (kms.Key, unless ``kms_key_id``) and ``{name}-milvus`` (MilvusInstance). The
    provider has no public-network switch for Milvus; public access stays off unless someone turns it on in
    the console, which the Guardrails' Cloud Config rules are there to notice. The administrator password is
    a Pulumi secret: it is encrypted in state and never shown in plain text.
    """

    instance_id: pulumi.Output[str]
    index_params: dict[str, Any]
    """``{"index_type": "HNSW", "metric_type": ..., "params": {"M": ..., "efConstruction": ...}}``."""
    search_params: dict[str, Any]
    """``{"metric_type": ..., "params": {"ef": ...}}``."""

    def __init__(self, name: str, args: VectorStoreArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        owner = component_owner("VectorStore", name)
        spec = _validate(args, owner)
        placement = _check(spec, name, owner, opts)
        self.index_params = index_params(spec["hnsw"])
        self.search_params = search_params(spec["hnsw"])
        super().__init__(
            TYPE_TOKEN,
            name,
            {
                "region": placement.region,
                "instanceName": placement.instance_name,
                "dbVersion": spec["db_version"],
                "ha": spec["ha"],
                "zoneIds": placement.zones,
                "indexParams": self.index_params,
                "searchParams": self.search_params,
                "publicEndpoint": False,
            },
            opts,
        )
        tags = spec["tags"] or None

        _, key_id = adopted_or_rotating_key(
            self,
            f"{name}-key",
            spec.get("kms_key_id"),
            description=f"Encrypts the Milvus vector store {placement.instance_name}",
            protect=spec["protect"],
            tags=tags,
        )
        self.instance = self._milvus(name, spec, placement, key_id, tags)
        self.instance_id = self.instance.id
        self.register_outputs(
            {
                "instanceId": self.instance_id,
                "indexParams": self.index_params,
                "searchParams": self.search_params,
            }
        )

    def _milvus(
        self,
        name: str,
        spec: VectorStoreArgs,
        placement: _Placement,
        key_id: pulumi.Input[str],
        tags: dict[str, str] | None,
    ) -> alicloud.MilvusInstance:
        """The Milvus instance: encrypted, backed up, a replica of each component per zone with ``ha``."""
        replicas = 2 if spec["ha"] else 1
        return alicloud.MilvusInstance(
            f"{name}-milvus",
            instance_name=placement.instance_name,
            db_version=spec["db_version"],
            payment_type="PayAsYouGo",
            vpc_id=placement.vpc_id,
            zone_id=placement.zones[0],
            vswitch_ids=[{"vsw_id": placement.vswitch_ids[z], "zone_id": z} for z in placement.zones],
            multi_zone_mode="Two" if spec["ha"] else "Single",
            ha=spec["ha"],
            components=[
                {
                    "type": kind,
                    "cu_num": spec["query_cu"] if kind == "query" else spec["cu"],
                    "replica": replicas,
                }
                for kind in COMPONENTS[spec["db_version"]]
            ],
            encrypted=True,
            kms_key_id=key_id,
            db_admin_password=pulumi.Output.secret(spec["db_admin_password"]),
            auto_backup=True,
            resource_group_id=spec.get("resource_group_id"),
            tags=relaxed_tags(tags, unprotected(self, spec["protect"])),
            opts=stateful_child_options(self, spec["protect"], additional_secret_outputs=["dbAdminPassword"]),
        )
