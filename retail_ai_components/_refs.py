"""Refs, what one component hands another, validated in one place for every component that takes them.

``Network.ref()`` and ``BurstCluster.ref()`` always pass. A ref written by hand (a company adopting an existing
VPC or cluster) is checked here before anything is registered: each key present with the right shape, IDs as
strings or Outputs, CIDRs that parse and are private, zones of the ref's region, and that region the stack's.
A wrong ref is one :class:`InvalidArgumentError` naming the key, never a TypeError from deep inside a
component or the SDK after its children have registered.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Awaitable, Mapping
from typing import Annotated, Any

import pulumi
import pydantic
from retail_ai_policies.rules import is_region_id, zone_in_region

from ._naming import bucket_name_problem
from ._validation import first_error
from .errors import InvalidArgumentError

PRIVATE_RANGES = [ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")]


def _input_str(value: Any) -> Any:
    """A ``pulumi.Input[str]``: a non-empty string, or an Output / awaitable the engine resolves later."""
    if isinstance(value, str):
        if not value.strip():
            raise ValueError("must not be empty")
        return value
    if isinstance(value, (pulumi.Output, Awaitable)):
        return value
    raise ValueError(f"must be a string or a pulumi Output, not {type(value).__name__}")


InputStr = Annotated[Any, pydantic.AfterValidator(_input_str)]
"""A ``pulumi.Input[str]`` argument as the components' pydantic specs declare it."""


def input_bucket_name(value: Any) -> Any:
    """``value`` if it is a bucket name (or an Output of one); ValueError naming the rule otherwise."""
    value = _input_str(value)
    if isinstance(value, str):
        problem = bucket_name_problem(value)
        if problem:
            raise ValueError(problem)
    return value


InputBucketName = Annotated[Any, pydantic.AfterValidator(input_bucket_name)]
"""A ``pulumi.Input[str]`` naming an OSS bucket: a plain string must be a bucket name (never ``*``, which a
policy would read as every bucket); an Output is another component's bucket name."""


def _private_cidr(value: str) -> str:
    try:
        network = ipaddress.ip_network(value, strict=True)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a CIDR block ({exc})") from None
    if not any(network.version == r.version and network.subnet_of(r) for r in PRIVATE_RANGES):  # type: ignore[arg-type]
        raise ValueError(f"{value} is not inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16")
    return value


PrivateCidr = Annotated[str, pydantic.AfterValidator(_private_cidr)]


class _Ref(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", frozen=True, strict=True)


class _NetworkRef(_Ref):
    region: str
    vpc_id: InputStr
    cidr_block: PrivateCidr
    zone_ids: list[str] = pydantic.Field(min_length=1)
    vswitch_ids: dict[str, dict[str, InputStr]]
    vswitch_cidr_blocks: dict[str, dict[str, PrivateCidr]] = pydantic.Field(default_factory=dict)
    security_group_ids: dict[str, InputStr]

    @pydantic.field_validator("region")
    @classmethod
    def _region(cls, value: str) -> str:
        if not is_region_id(value):
            raise ValueError(f"{value!r} is not a region ID such as cn-hangzhou")
        return value

    @pydantic.model_validator(mode="after")
    def _zones_and_blocks(self) -> _NetworkRef:
        for i, zone in enumerate(self.zone_ids):
            if not zone_in_region(zone, self.region):
                raise ValueError(
                    f"zone_ids[{i}]: zone {zone!r} is not in the network's region {self.region!r}"
                )
        vpc = ipaddress.ip_network(self.cidr_block)
        for tier, blocks in self.vswitch_cidr_blocks.items():
            for zone, block in blocks.items():
                if not ipaddress.ip_network(block).subnet_of(vpc):  # type: ignore[arg-type]
                    raise ValueError(
                        f"vswitch_cidr_blocks.{tier}.{zone}: {block} is not inside the VPC's {self.cidr_block}"
                    )
        return self


class _ClusterRef(_Ref):
    cluster_id: InputStr
    network: _NetworkRef
    zone_ids: list[str] = pydantic.Field(min_length=1)
    rrsa_oidc_provider_arn: InputStr
    rrsa_oidc_issuer_url: InputStr
    kms_key_id: InputStr | None = None

    @pydantic.model_validator(mode="after")
    def _zones(self) -> _ClusterRef:
        for i, zone in enumerate(self.zone_ids):
            if zone not in self.network.zone_ids:
                raise ValueError(f"zone_ids[{i}]: zone {zone!r} is not one of the network's zones")
        return self


def _check(model: type[_Ref], value: Any, *, field: str, kind: str, owner: str) -> Any:
    if not isinstance(value, Mapping):
        raise InvalidArgumentError(field, f"must be a {kind}, not {type(value).__name__}", owner=owner)
    try:
        return model.model_validate(dict(value))
    except pydantic.ValidationError as exc:
        raise first_error(exc, owner=owner, prefix=field, of=f"a {kind}") from None


def check_network_ref(value: Any, *, region: str, owner: str, field: str = "network") -> None:
    """Raises :class:`InvalidArgumentError` unless ``value`` is a well-formed NetworkRef in ``region``."""
    # The region first: a ref from another region is the mistake to name, not the zones that follow from it.
    if isinstance(value, Mapping) and isinstance(value.get("region"), str) and value["region"] != region:
        raise InvalidArgumentError(
            f"{field}.region", f"the network is in {value['region']!r}, the stack in {region!r}", owner=owner
        )
    _check(_NetworkRef, value, field=field, kind="NetworkRef (Network.ref())", owner=owner)


def check_cluster_ref(value: Any, *, region: str, owner: str, field: str = "cluster") -> None:
    """Raises :class:`InvalidArgumentError` unless ``value`` is a well-formed ClusterRef in ``region``."""
    network = value.get("network") if isinstance(value, Mapping) else None
    if (
        isinstance(network, Mapping)
        and isinstance(network.get("region"), str)
        and network["region"] != region
    ):
        raise InvalidArgumentError(
            f"{field}.network.region",
            f"the cluster's network is in {network['region']!r}, the stack in {region!r}",
            owner=owner,
        )
    _check(_ClusterRef, value, field=field, kind="ClusterRef (BurstCluster.ref())", owner=owner)
