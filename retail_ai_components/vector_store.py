"""VectorStore: the managed Milvus instance behind conversational commerce (RAG), private and encrypted."""

from __future__ import annotations

from typing import Any, Literal, TypedDict

import pulumi
import pulumi_alicloud as alicloud
import pydantic
from typing_extensions import NotRequired

from . import _naming
from ._kms import rotating_key
from ._options import stateful_child_options
from ._refs import InputStr, NetworkRef, network_ref
from ._region import stack_region
from ._validation import StrictModel, validate
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


class HnswArgs(TypedDict):
    """The HNSW index the RAG pipeline creates on its collections (Milvus indexes are created by the client,
    not by Pulumi: the component validates and exports the parameters, the pipeline applies them)."""

    m: NotRequired[int]
    """Graph degree ``M``, 4 to 64. Optional. Defaults to 16: recall above 0.95 for catalog embeddings at
    moderate memory."""
    ef_construction: NotRequired[int]
    """``efConstruction``, 8 to 512 and at least ``m``. Optional. Defaults to 200."""
    ef: NotRequired[int]
    """Search-time ``ef``, 16 to 4096 (at least the top-k a query asks for). Optional. Defaults to 64."""
    metric_type: NotRequired[MetricType]
    """``COSINE``, ``IP`` or ``L2``, matching how the embeddings were trained. Optional. Defaults to
    ``COSINE``."""


class VectorStoreArgs(TypedDict):
    """Arguments of :class:`VectorStore`."""

    network: NetworkRef
    """The :class:`~retail_ai_components.network.NetworkRef`; the instance goes in its data vSwitches."""
    ha: NotRequired[bool]
    """Two replicas of every component across two zones (``multiZoneMode: Two``). Optional. Defaults to True;
    needs two zones in the network. Set False for dev."""
    db_version: NotRequired[MilvusVersion]
    """Milvus kernel version, ``2.5`` or ``2.6``. Optional. Defaults to ``2.5``."""
    query_cu: NotRequired[int]
    """Compute units of each query node (holds the HNSW graphs in memory), 2 to 64. Optional. Defaults
    to 4."""
    cu: NotRequired[int]
    """Compute units of every other component, 1 to 32. Optional. Defaults to 2."""
    hnsw: NotRequired[HnswArgs]
    """The approximate index for the RAG pipeline. Optional. Defaults as documented on each field."""
    kms_key_id: NotRequired[pulumi.Input[str]]
    """A KMS key (same region) to encrypt with. Optional. Defaults to a new rotating key."""
    instance_name: NotRequired[str]
    """1 to 64 letters, digits, ``-`` or ``_``. Optional. Defaults to the component name plus the stack."""
    resource_group_id: NotRequired[pulumi.Input[str]]
    """Resource group. Optional. Defaults to the account's default group."""
    tags: NotRequired[dict[str, str]]
    """Tags for every child that takes tags. Optional. Defaults to none."""
    protect: NotRequired[bool]
    """Protect the instance and its key from deletion. Optional. Defaults to True."""


class _HnswSpec(StrictModel):
    m: int = pydantic.Field(default=16, ge=4, le=64)
    ef_construction: int = pydantic.Field(default=200, ge=8, le=512)
    ef: int = pydantic.Field(default=64, ge=16, le=4096)
    metric_type: MetricType = "COSINE"

    @pydantic.model_validator(mode="after")
    def _construction_covers_m(self) -> _HnswSpec:
        if self.ef_construction < self.m:
            raise ValueError(f"ef_construction {self.ef_construction} must be at least m {self.m}")
        return self


class _VectorStoreSpec(StrictModel):
    network: Any
    ha: bool = True
    db_version: MilvusVersion = "2.5"
    query_cu: int = pydantic.Field(default=4, ge=2, le=64)
    cu: int = pydantic.Field(default=2, ge=1, le=32)
    hnsw: _HnswSpec = pydantic.Field(default_factory=_HnswSpec)
    kms_key_id: InputStr | None = None
    instance_name: str | None = pydantic.Field(default=None, pattern=r"^[A-Za-z0-9_-]{1,64}$")
    resource_group_id: InputStr | None = None
    tags: dict[str, str] = pydantic.Field(default_factory=dict)
    protect: bool = True


def index_params(hnsw: _HnswSpec) -> dict[str, Any]:
    """What the RAG pipeline passes to Milvus ``create_index``: HNSW, never a flat (brute-force) index."""
    return {
        "index_type": "HNSW",
        "metric_type": hnsw.metric_type,
        "params": {"M": hnsw.m, "efConstruction": hnsw.ef_construction},
    }


def search_params(hnsw: _HnswSpec) -> dict[str, Any]:
    """What the RAG pipeline passes to Milvus ``search``."""
    return {"metric_type": hnsw.metric_type, "params": {"ef": hnsw.ef}}


class VectorStore(pulumi.ComponentResource):
    """Managed Milvus (Standard edition) in the Network's data vSwitches: no public endpoint, KMS encryption,
    HA across two zones by default, protected, with the HNSW index parameters the RAG pipeline uses.

    Children: ``{name}-key`` (kms.Key, unless ``kms_key_id``) and ``{name}-milvus`` (MilvusInstance). The
    provider has no public-network switch for Milvus; public access stays off unless someone turns it on in
    the console, which the Guardrails' Cloud Config rules are there to notice. No admin password is set by
    the component (it would sit in state): set it out of band and keep it in KMS Secrets Manager.
    """

    instance_id: pulumi.Output[str]
    index_params: dict[str, Any]
    """``{"index_type": "HNSW", "metric_type": ..., "params": {"M": ..., "efConstruction": ...}}``."""
    search_params: dict[str, Any]
    """``{"metric_type": ..., "params": {"ef": ...}}``."""

    def __init__(self, name: str, args: VectorStoreArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        owner = f"VectorStore {name!r}"
        spec = validate(_VectorStoreSpec, args, owner=owner)
        region = stack_region(owner=owner)
        network = network_ref(spec.network, region=region, owner=owner)
        data = Tier.DATA.value
        switches = network["vswitch_ids"].get(data) or {}
        zones = [z for z in network["zone_ids"] if z in switches]
        if not zones:
            raise InvalidArgumentError("network", "has no 'data' vSwitches for the instance", owner=owner)
        if spec.ha and len(zones) < 2:
            raise InvalidArgumentError(
                "ha",
                "needs data vSwitches in two zones of the network; set ha to False for one zone",
                owner=owner,
            )
        zones = zones[:2] if spec.ha else zones[:1]
        instance_name = spec.instance_name or _naming.fitted_name(
            _naming.in_stack(name, pulumi.get_stack()), 64
        ).replace("_", "-")
        self.index_params = index_params(spec.hnsw)
        self.search_params = search_params(spec.hnsw)

        super().__init__(
            TYPE_TOKEN,
            name,
            {
                "region": region,
                "instanceName": instance_name,
                "dbVersion": spec.db_version,
                "ha": spec.ha,
                "zoneIds": zones,
                "indexParams": self.index_params,
                "searchParams": self.search_params,
                "publicEndpoint": False,
            },
            opts,
        )
        tags = spec.tags or None
        key_id: pulumi.Input[str]
        if spec.kms_key_id is not None:
            key_id = spec.kms_key_id
        else:
            key_id = rotating_key(
                self,
                f"{name}-key",
                description=f"Encrypts the Milvus vector store {instance_name}",
                protect=spec.protect,
                tags=tags,
            ).id
        replicas = 2 if spec.ha else 1
        self.instance = alicloud.MilvusInstance(
            f"{name}-milvus",
            instance_name=instance_name,
            db_version=spec.db_version,
            payment_type="PayAsYouGo",
            vpc_id=network["vpc_id"],
            zone_id=zones[0],
            vswitch_ids=[{"vsw_id": switches[z], "zone_id": z} for z in zones],
            multi_zone_mode="Two" if spec.ha else "Single",
            ha=spec.ha,
            components=[
                {"type": kind, "cu_num": spec.query_cu if kind == "query" else spec.cu, "replica": replicas}
                for kind in COMPONENTS[spec.db_version]
            ],
            encrypted=True,
            kms_key_id=key_id,
            auto_backup=True,
            resource_group_id=spec.resource_group_id,
            tags=tags,
            opts=stateful_child_options(self, spec.protect),
        )
        self.instance_id = self.instance.id
        self.register_outputs(
            {
                "instanceId": self.instance_id,
                "indexParams": self.index_params,
                "searchParams": self.search_params,
            }
        )
