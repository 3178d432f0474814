"""Refs, what one component hands another, validated in one place for every component that takes them.

``Network.ref()`` and ``BurstCluster.ref()`` always pass. A ref written by hand (a company adopting an existing
VPC or cluster) is checked here before anything is registered: each key present with the right shape, IDs as
strings or Outputs, CIDRs that parse and are private, zones of the ref's region, and that region the stack's.
A wrong ref is one :class:`InvalidArgumentError` naming the key, never a TypeError from deep inside a
component or the SDK after its children have registered.
"""

import ipaddress
import re
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Annotated, Any, TypeAlias

import pulumi
import pydantic
from retail_ai_policies.rules import PRIVATE_RANGES_TEXT, is_private, is_region_id
from typing_extensions import NotRequired, TypedDict

from ._kms import kms_key_problem, kms_key_region
from ._naming import bucket_name_problem
from ._region import check_regions, single_zone_in_region
from ._validation import (
    args_type,
    checked_by_hand,
    matches,
    passed_through,
    region_bearing,
    shown,
    validate_args,
)
from .errors import InvalidArgumentError

if TYPE_CHECKING:
    from .burst_cluster import BurstCluster
    from .network import Network


def _input_str(value: Any) -> Any:
    """A ``pulumi.Input[str]``: a non-empty string, or an Output / awaitable the engine resolves later."""
    if isinstance(value, str):
        if not value.strip():
            raise ValueError("must not be empty")
        return value
    if isinstance(value, (pulumi.Output, Awaitable)):
        return value
    raise ValueError(f"must be a string or a pulumi Output, not {type(value).__name__}")


def input_checked(problem: Callable[[str], str | None]) -> Callable[[Any], Any]:
    """The check of a ``pulumi.Input[str]`` with a rule: a string must pass ``problem`` (what is wrong with
    it, None when nothing is); an Output passes now, and is checked the same way once its value is known."""

    def check(value: Any) -> Any:
        value = _input_str(value)
        found = problem(value) if isinstance(value, str) else None
        if found:
            raise ValueError(found)
        return value

    return check


def no_wildcard(grants: str) -> Callable[[str], str | None]:
    """The rule of a name a RAM policy is built on: no ``*`` or ``?``, which the policy would read as
    ``grants`` ("every bucket")."""

    def problem(value: str) -> str | None:
        if "*" in value or "?" in value:
            return f"{shown(value)} holds a wildcard ('*' or '?'), which a RAM policy reads as {grants}"
        return None

    return problem


input_bucket_name = input_checked(bucket_name_problem)
"""``value`` if it is a bucket name (or an Output of one); ValueError naming the rule otherwise."""
resolved_bucket_name = input_checked(no_wildcard("every bucket"))
"""The check of an Output's bucket name once known: a string without wildcards (an offline preview's
placeholder for another stack's output is not a bucket name, and must pass)."""

# What RAM names an OIDC provider (the ARN ACK's RRSA reports) and what an issuer is: the federated principal
# and the issuer condition of a trust policy, where a wildcard would trust any provider or any issuer.
_OIDC_PROVIDER_ARN = re.compile(r"acs:ram::[0-9]+:oidc-provider/[A-Za-z0-9._-]+")
_ISSUER_URL = re.compile(r"https://[^\s*?]+")

InputStr = Annotated[pulumi.Input[str], checked_by_hand(_input_str)]
"""A ``pulumi.Input[str]`` argument: a non-empty string or an Output."""
InputBucketName = Annotated[pulumi.Input[str], checked_by_hand(input_bucket_name, resolved_bucket_name)]
"""A ``pulumi.Input[str]`` naming an OSS bucket: a plain string must be a bucket name (never ``*``, which a
policy would read as every bucket); an Output is another component's bucket name."""
InputKmsKey = Annotated[
    pulumi.Input[str], checked_by_hand(input_checked(kms_key_problem)), region_bearing(kms_key_region)
]
"""A ``pulumi.Input[str]`` naming one KMS key: its ID or its ARN (never ``*``, which a policy would read as
every key), in the component's region; an Output is checked once its value is known."""


def _private_cidr(value: str) -> str:
    try:
        network = ipaddress.ip_network(value, strict=True)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a CIDR block ({exc})") from None
    if not is_private(network, vpc=True):
        raise ValueError(f"{value} is not inside {PRIVATE_RANGES_TEXT}")
    return value


def _region_id(value: str) -> str:
    if not is_region_id(value):
        raise ValueError(f"{value!r} is not a region ID such as cn-hangzhou")
    return value


PrivateCidr = Annotated[str, pydantic.AfterValidator(_private_cidr)]

# Refs are built by code (``.ref()``) or written by hand from another stack's outputs: no coercion.
REF_CONFIG = pydantic.ConfigDict(extra="forbid", strict=True)


@args_type(config=REF_CONFIG)
class NetworkRef(TypedDict):
    """What other components need from a network. ``Network.ref()`` returns one; to adopt an
    existing VPC, write one by hand with its IDs."""

    region: Annotated[str, pydantic.AfterValidator(_region_id)]
    """The region the network is in."""
    vpc_id: InputStr
    """The VPC ID."""
    cidr_block: PrivateCidr
    """The VPC CIDR, inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16."""
    zone_ids: Annotated[list[str], pydantic.Field(min_length=1)]
    """The zones, in order, all in ``region``."""
    vswitch_ids: dict[str, dict[str, InputStr]]
    """vSwitch IDs by tier, then zone ID."""
    vswitch_cidr_blocks: NotRequired[Annotated[dict[str, dict[str, PrivateCidr]], pydantic.Field(default={})]]
    """vSwitch CIDR blocks by tier, then zone ID, each inside the VPC CIDR. Optional for a ref written by hand."""
    security_group_ids: dict[str, InputStr]
    """Security group IDs by tier."""


@args_type(config=REF_CONFIG)
class ClusterRef(TypedDict):
    """What other components (GpuTraining, Observability) need from a cluster. ``BurstCluster.ref()`` returns one."""

    cluster_id: InputStr
    """The ACK cluster ID."""
    network: NetworkRef
    """The cluster's network."""
    zone_ids: Annotated[list[str], pydantic.Field(min_length=1)]
    """The cluster's zones, each one of the network's."""
    rrsa_oidc_provider_arn: Annotated[
        pulumi.Input[str],
        checked_by_hand(
            input_checked(
                matches(
                    _OIDC_PROVIDER_ARN, "be a RAM OIDC provider ARN: acs:ram::<account>:oidc-provider/<name>"
                )
            ),
            input_checked(no_wildcard("every OIDC provider")),
        ),
    ]
    """ARN of the cluster's RRSA OIDC provider in RAM."""
    rrsa_oidc_issuer_url: Annotated[
        pulumi.Input[str],
        checked_by_hand(
            input_checked(matches(_ISSUER_URL, "be an https:// URL without wildcards")),
            input_checked(no_wildcard("any issuer")),
        ),
    ]
    """Issuer URL of the cluster's RRSA tokens."""
    kms_key_id: NotRequired[InputKmsKey]
    """KMS key for node disks, by ID or ARN, in the network's region. Optional."""


# What a component's ``network`` / ``cluster`` argument takes: the component itself or its ref. Checked by
# network_ref() / cluster_ref() once the stack's region is known, so pydantic passes it through. Programs in
# other languages (Pulumi's schema) pass the ref.
if TYPE_CHECKING:
    NetworkInput: TypeAlias = Network | NetworkRef
    ClusterInput: TypeAlias = BurstCluster | ClusterRef
else:
    NetworkInput = Annotated[NetworkRef, checked_by_hand(passed_through)]
    ClusterInput = Annotated[ClusterRef, checked_by_hand(passed_through)]


def _zones_and_blocks(ref: NetworkRef, *, field: str, owner: str) -> None:
    for i, zone in enumerate(ref["zone_ids"]):
        if not single_zone_in_region(zone, ref["region"]):
            raise InvalidArgumentError(
                f"{field}.zone_ids[{i}]",
                f"zone {zone!r} is not in the network's region {ref['region']!r}",
                owner=owner,
            )
    vpc = ipaddress.ip_network(ref["cidr_block"])
    for tier, blocks in ref["vswitch_cidr_blocks"].items():
        for zone, block in blocks.items():
            if not ipaddress.ip_network(block).subnet_of(vpc):  # type: ignore[arg-type]
                raise InvalidArgumentError(
                    f"{field}.vswitch_cidr_blocks.{tier}.{zone}",
                    f"{block} is not inside the VPC's {ref['cidr_block']}",
                    owner=owner,
                )


def _as_ref(value: object, *, field: str, owner: str, what: str) -> object:
    """A component given where its ref is expected stands for its ref. A ref as a whole cannot be an Output:
    its region, zones and CIDRs decide which children a component builds, before any value resolves."""
    if isinstance(value, (pulumi.Output, Awaitable)):
        raise InvalidArgumentError(
            field,
            f"is a pulumi Output; pass the {what} itself or its ref, a dict whose IDs may be Outputs but whose "
            "region, zones and CIDRs are plain values (they decide what is built, before any Output resolves)",
            owner=owner,
        )
    return _ref_of(value)


def _ref_of(value: object) -> object:
    # Never on an Output, whose getattr lifts any name (``ref`` too) into a new Output.
    ref = None if isinstance(value, Mapping) else getattr(value, "ref", None)
    return ref() if callable(ref) else value


def placed_region(value: object) -> str | None:
    """The region of a Network, a BurstCluster or their ref as given (before it is checked), if it names one:
    where a component placed in it creates its children."""
    if isinstance(value, (pulumi.Output, Awaitable)):
        return None  # refused by network_ref / cluster_ref, which know the field
    value = _ref_of(value)
    if isinstance(value, Mapping) and isinstance(value.get("network"), Mapping):
        value = value["network"]
    region = value.get("region") if isinstance(value, Mapping) else None
    return region if isinstance(region, str) else None


def network_ref(value: object, *, region: str, owner: str, field: str = "network") -> NetworkRef:
    """The NetworkRef of ``value`` (a Network or a NetworkRef), checked: well formed and in ``region``.
    Anything else is one :class:`InvalidArgumentError` naming the key."""
    value = _as_ref(value, field=field, owner=owner, what="Network")
    # The region first: a ref from another region is the mistake to name, not the zones that follow from it.
    if isinstance(value, Mapping) and isinstance(value.get("region"), str) and value["region"] != region:
        raise InvalidArgumentError(
            f"{field}.region", f"the network is in {value['region']!r}, the stack in {region!r}", owner=owner
        )
    ref = validate_args(NetworkRef, value, owner=owner, prefix=field, of="a NetworkRef (Network.ref())")
    _zones_and_blocks(ref, field=field, owner=owner)
    return ref


def cluster_ref(value: object, *, region: str, owner: str, field: str = "cluster") -> ClusterRef:
    """The ClusterRef of ``value`` (a BurstCluster or a ClusterRef), checked: well formed, its network in
    ``region``, its zones the network's."""
    value = _as_ref(value, field=field, owner=owner, what="BurstCluster")
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
    ref = validate_args(ClusterRef, value, owner=owner, prefix=field, of="a ClusterRef (BurstCluster.ref())")
    _zones_and_blocks(ref["network"], field=f"{field}.network", owner=owner)
    check_regions(ClusterRef, ref, region, owner=owner, prefix=field)
    for i, zone in enumerate(ref["zone_ids"]):
        if zone not in ref["network"]["zone_ids"]:
            raise InvalidArgumentError(
                f"{field}.zone_ids[{i}]", f"zone {zone!r} is not one of the network's zones", owner=owner
            )
    return ref
