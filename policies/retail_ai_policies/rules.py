"""Rules that the components and the policy pack must apply identically, defined once.

The components refuse an argument that breaks one of these rules; the pack flags a resource that breaks it.
Keeping both on this one module means the library can never build what the pack blocks, nor the pack
block what the library builds. Standard library only: the pack starts without the library, and the
library imports this module without starting the pack.
"""

from __future__ import annotations

import re

# Alibaba zone IDs are the region ID plus one letter, with or without a dash: cn-hangzhou-i,
# ap-southeast-1a. A zone of another region that shares the prefix (cn-shanghai-finance-1a for
# cn-shanghai) never matches, because what follows the region is one letter and nothing else.
_REGION_ID = re.compile(r"[a-z]{2}(-[a-z0-9]+)+")


def is_region_id(value: str) -> bool:
    """``cn-hangzhou``, ``ap-southeast-1``, ``cn-shanghai-finance-1``: lower-case words joined by dashes."""
    return _REGION_ID.fullmatch(value) is not None


def zone_in_region(zone_id: str, region: str) -> bool:
    """Whether ``zone_id`` is a zone of ``region`` (case-insensitive, surrounding blanks ignored)."""
    zone_id, region = zone_id.strip().lower(), region.strip().lower()
    return bool(region) and re.fullmatch(re.escape(region) + r"-?[a-z]", zone_id) is not None


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
