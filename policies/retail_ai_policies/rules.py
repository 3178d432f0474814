"""Rules that the components, the policy pack and the preview must apply identically, defined once.

The components refuse an argument that breaks one of these rules; the pack flags a resource that breaks it;
the preview reads URNs and exemptions the way the pack does. Keeping them on this one module means the
library can never build what the pack blocks, nor the pack block what the library builds, nor the preview
report an exemption the pack does not apply. Standard library only: the pack starts without the library,
and the library imports this module without starting the pack.
"""

from __future__ import annotations

import fnmatch
import ipaddress
import re

_REGION_ID = re.compile(r"[a-z]{2}(-[a-z0-9]+)+")


def is_region_id(value: str) -> bool:
    """``cn-hangzhou``, ``ap-southeast-1``, ``cn-shanghai-finance-1``: lower-case words joined by dashes."""
    return _REGION_ID.fullmatch(value) is not None


# --- Zones ------------------------------------------------------------------------------------------------

# The zone ID shapes Alibaba documents, after the region ID (lower-cased):
#   -i, a        one zone: the region plus one letter, with or without a dash (cn-hangzhou-i, ap-southeast-1a)
#   -maz6(i,j,k) a multi-zone deployment (RDS, API Gateway): MAZ<n>, optionally with the zones it spans
#   -cloudspe-b  a zone of a special-purpose zone group in the region (cn-shanghai-cloudspe-b)
# A zone of another region that shares the prefix never matches: cn-shanghai-finance-1a is not in cn-shanghai,
# because what follows the region is none of these shapes. Only documented words are accepted after the
# region (cloudspe): an unknown word may be another region (cn-hangzhou-finance).
_SINGLE_ZONE = r"-?[a-z]"
_MULTI_ZONE = r"-maz\d+(\([a-z](,[a-z])*\))?"
_ZONE_GROUPS = ("cloudspe",)


def is_zone_like(value: str) -> bool:
    """Whether ``value`` has the shape of a region or zone ID (lower-cased), a multi-zone ID's zone list
    included: what a zone-valued property holds, as opposed to a number or a name."""
    value = value.strip().lower()
    return is_region_id(re.sub(r"\([a-z](,[a-z])*\)$", "", value))


def zone_in_region(zone_id: str, region: str, *, multi_zone: bool = True) -> bool:
    """Whether ``zone_id`` is a zone of ``region`` (case-insensitive, surrounding blanks ignored), in any
    documented shape; ``multi_zone=False`` accepts single zones only (what a vSwitch takes)."""
    zone_id, region = zone_id.strip().lower(), region.strip().lower()
    if not region:
        return False
    shapes = [_SINGLE_ZONE, *(f"-{group}-[a-z]" for group in _ZONE_GROUPS)]
    if multi_zone:
        shapes.append(_MULTI_ZONE)
    return re.fullmatch(re.escape(region) + f"({'|'.join(shapes)})", zone_id) is not None


# --- Addresses --------------------------------------------------------------------------------------------

PRIVATE_RANGES: tuple[ipaddress.IPv4Network, ...] = tuple(
    ipaddress.IPv4Network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")
)
"""RFC 1918: the ranges a VPC, its vSwitches and a cluster's service CIDR are carved from."""

_NOT_ROUTED: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = (
    *PRIVATE_RANGES,
    ipaddress.IPv4Network("100.64.0.0/10"),  # shared address space (Alibaba's own service addresses)
    ipaddress.IPv4Network("127.0.0.0/8"),
    ipaddress.IPv4Network("169.254.0.0/16"),
    ipaddress.IPv6Network("fc00::/7"),
    ipaddress.IPv6Network("fe80::/10"),
    ipaddress.IPv6Network("::1/128"),
)


def is_private(network: ipaddress.IPv4Network | ipaddress.IPv6Network, *, vpc: bool = False) -> bool:
    """Whether ``network`` lies inside a range the internet cannot route to: RFC 1918, shared address space,
    loopback, link-local, IPv6 unique-local; with ``vpc=True`` only RFC 1918, the ranges a VPC may use."""
    ranges = PRIVATE_RANGES if vpc else _NOT_ROUTED
    return any(network.version == r.version and network.subnet_of(r) for r in ranges)  # type: ignore[arg-type]


PRIVATE_RANGES_TEXT = ", ".join(str(r) for r in PRIVATE_RANGES[:-1]) + f" or {PRIVATE_RANGES[-1]}"
"""How errors name the VPC ranges: ``10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16``."""


# --- URNs and exemptions ----------------------------------------------------------------------------------


def urn_parts(urn: str) -> tuple[str, str, str, str]:
    """``urn:pulumi:<stack>::<project>::<qualified type>::<name>`` as (stack, project, qualified type, name).

    The name is everything after the third ``::`` and may itself contain ``::`` (``team::bucket``), as the
    engine builds it; a string without that shape gives empty parts rather than a wrong name."""
    parts = urn.split("::", 3)
    if len(parts) != 4 or not parts[0].startswith("urn:pulumi:"):
        return "", "", "", ""
    return parts[0][len("urn:pulumi:") :], parts[1], parts[2], parts[3]


def urn_name(urn: str) -> str:
    """The resource name a URN ends with (which may contain ``::``)."""
    return urn_parts(urn)[3]


def resource_matches(pattern: str, urn: str, name: str) -> bool:
    """Whether a resource glob (``*-bastion``, ``urn:pulumi:*::shop::*::prod-ssh``) names the resource: tried
    on its URN and on its name, case-sensitively, so one pattern serves every stack."""
    return fnmatch.fnmatchcase(urn, pattern) or fnmatch.fnmatchcase(name, pattern)


# --- Endpoints and images ---------------------------------------------------------------------------------


def oss_internal_endpoint(region: str) -> str:
    """The in-region internal (VPC) OSS endpoint; a bucket in another region is unreachable through it."""
    return f"oss-{region}-internal.aliyuncs.com"


def is_oss_internal_endpoint(host: str, region: str) -> bool:
    """``oss-<region>-internal.aliyuncs.com``, optionally with the bucket as the first label."""
    return (
        re.fullmatch(rf"([a-z0-9][a-z0-9-]*\.)?oss-{re.escape(region)}-internal\.aliyuncs\.com", host)
        is not None
    )


def is_registry_vpc_endpoint(host: str, region: str) -> bool:
    """A Container Registry VPC endpoint in ``region``.

    Personal edition: ``registry-vpc.<region>.aliyuncs.com``. Enterprise edition:
    ``<instance>-registry-vpc.<region>.cr.aliyuncs.com``. Anything else, including look-alikes such as
    ``registry-vpc.<region>.aliyuncs.com.example.com`` or ``evil-vpc.<region>.example.com``, is not.
    """
    r = re.escape(region)
    return (
        re.fullmatch(rf"registry-vpc\.{r}\.aliyuncs\.com", host) is not None
        or re.fullmatch(rf"[a-z0-9][a-z0-9-]*-registry-vpc\.{r}\.cr\.aliyuncs\.com", host) is not None
    )


def image_host(image: str) -> str:
    """The registry host of an image reference (``host/namespace/repo:tag``); empty when there is none."""
    first, sep, _ = image.partition("/")
    return first.lower() if sep and ("." in first or ":" in first) else ""


OSS_READ_ACTIONS: tuple[str, ...] = (
    "oss:GetObject",
    "oss:GetObjectMeta",
    "oss:GetObjectVersion",
    "oss:ListObjects",
    "oss:ListObjectVersions",
    "oss:GetBucketInfo",
    "oss:GetBucketLocation",
)
"""Read-only access to a bucket: Get and List actions only. Granting any of these to a public principal
is a public read."""

RELAXATION_TAG = "retail-ai:relaxation"
"""Tag key a component sets on the CHILD resource it relaxes; the value names the relaxation flags,
comma-separated (``allow_public_registry,allow_insecure_transport``). The pack reads only this tag, never
the component, so the relaxation is visible to any pack and in a real ``pulumi preview``."""
