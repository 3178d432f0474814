"""Cluster rules, RAM trust policies and access documents shared by the components: plain functions, no Pulumi."""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Sequence

from retail_ai_policies import rules

from . import _oss_policy
from .errors import InvalidArgumentError

# ACK accepts a service CIDR in the private ranges with a /16 to /25 mask.
SERVICE_CIDR_MIN_PREFIX = 16
SERVICE_CIDR_MAX_PREFIX = 25


def check_service_cidr(service_cidr: str, vpc_cidr: str, field: str = "service_cidr") -> None:
    """The Service CIDR is private, /16 to /25, and overlaps neither the VPC nor anything in it."""
    try:
        net = ipaddress.IPv4Network(service_cidr, strict=True)
    except ValueError as exc:
        raise InvalidArgumentError(
            field, f"{service_cidr!r} is not a valid IPv4 CIDR block ({exc})"
        ) from None
    if not rules.is_private(net, vpc=True):
        raise InvalidArgumentError(field, f"{service_cidr} is not inside {rules.PRIVATE_RANGES_TEXT}")
    if not SERVICE_CIDR_MIN_PREFIX <= net.prefixlen <= SERVICE_CIDR_MAX_PREFIX:
        raise InvalidArgumentError(
            field,
            f"{service_cidr} has a /{net.prefixlen} mask; ACK takes /{SERVICE_CIDR_MIN_PREFIX} to /{SERVICE_CIDR_MAX_PREFIX}",
        )
    vpc = ipaddress.IPv4Network(vpc_cidr, strict=False)
    if net.overlaps(vpc):
        raise InvalidArgumentError(
            field, f"{service_cidr} overlaps the VPC CIDR {vpc_cidr}; Service IPs must be outside the VPC"
        )


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_OFFSET = re.compile(r"^[+-](0\d|1[0-4]):[0-5]\d$")


def maintenance_time(start_time: str, utc_offset: str) -> str:
    """``"03:00"``, ``"+08:00"`` -> the RFC 3339 instant ACK takes; only its time of day matters."""
    if not _TIME.match(start_time):
        raise InvalidArgumentError("start_time", f"{start_time!r} is not HH:MM (24-hour)")
    if not _OFFSET.match(utc_offset):
        raise InvalidArgumentError("utc_offset", f"{utc_offset!r} is not an offset such as +08:00")
    return f"2024-01-01T{start_time}:00.000{utc_offset}"


def oidc_trust_policy(oidc_provider_arn: str, issuer_url: str, subject: str, audience: str) -> str:
    """A RAM trust policy that lets exactly one OIDC subject of one issuer assume the role."""
    return json.dumps(
        {
            "Version": "1",
            "Statement": [
                {
                    "Action": "sts:AssumeRole",
                    "Effect": "Allow",
                    "Principal": {"Federated": [oidc_provider_arn]},
                    "Condition": {
                        "StringEquals": {"oidc:aud": audience, "oidc:iss": issuer_url, "oidc:sub": subject}
                    },
                }
            ],
        },
        sort_keys=True,
    )


def service_trust_policy(service: str) -> str:
    """A RAM trust policy that lets one Alibaba Cloud service (``actiontrail.aliyuncs.com``) assume the role."""
    return json.dumps(
        {
            "Version": "1",
            "Statement": [
                {"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": [service]}}
            ],
        },
        sort_keys=True,
    )


def rrsa_trust_policy(oidc_provider_arn: str, issuer_url: str, namespace: str, service_account: str) -> str:
    """A RAM trust policy that lets exactly one Kubernetes ServiceAccount assume the role through RRSA."""
    return oidc_trust_policy(
        oidc_provider_arn,
        issuer_url,
        f"system:serviceaccount:{namespace}:{service_account}",
        "sts.aliyuncs.com",
    )


OSS_READ_ACTIONS = list(rules.OSS_READ_ACTIONS)
OSS_WRITE_ACTIONS = ["oss:PutObject", "oss:AbortMultipartUpload", "oss:ListParts", "oss:ListMultipartUploads"]
OSS_DELETE_ACTIONS = ["oss:DeleteObject", "oss:DeleteObjectVersion", "oss:DeleteBucket"]
KMS_USE_ACTIONS = ["kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"]


def _oss_resources(pairs: Sequence[tuple[str, str]]) -> list[str]:
    found: list[str] = []
    for bucket, prefix in pairs:
        found += [f"acs:oss:*:*:{bucket}", f"acs:oss:*:*:{bucket}/{prefix}*"]
    return found


def training_access_policy(
    region: str,
    read_only: Sequence[tuple[str, str]],
    read_write: Sequence[tuple[str, str]],
    kms_key_ids: Sequence[str] = (),
) -> str:
    """A RAM policy for training pods: read on the ``read_only`` (bucket, prefix) pairs, read and write
    on ``read_write``, deletes denied on both (old checkpoints expire through versioning, not through
    jobs), and use of the buckets' KMS keys, which SSE-KMS reads and writes need."""
    statements: list[dict[str, object]] = [
        {
            "Effect": "Allow",
            "Action": OSS_READ_ACTIONS,
            "Resource": _oss_resources([*read_only, *read_write]),
        },
    ]
    if read_write:
        statements.append(
            {"Effect": "Allow", "Action": OSS_WRITE_ACTIONS, "Resource": _oss_resources(read_write)}
        )
    statements.append(
        {
            "Effect": "Deny",
            "Action": OSS_DELETE_ACTIONS,
            "Resource": _oss_resources([*read_only, *read_write]),
        }
    )
    keys = [k for k in kms_key_ids if k]
    if keys:
        statements.append(
            {
                "Effect": "Allow",
                "Action": KMS_USE_ACTIONS,
                "Resource": [_oss_policy.kms_key_resource(k, region) for k in keys],
            }
        )
    return json.dumps({"Version": "1", "Statement": statements}, sort_keys=True)
