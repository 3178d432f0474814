"""The pack's policies and levels, assembled from one module per concern."""

from __future__ import annotations

from pulumi_policy import EnforcementLevel
from pulumi_policy.policy import Policy

from . import (
    encryption,
    endpoints,
    hardening,
    internet_paths,
    intranet,
    network_paths,
    principals,
    private_acl,
    relaxation,
    resilience,
    sovereignty,
    workload,
)

# The pack-wide default level; every policy also sets its own (mandatory for the three families).
PACK_ENFORCEMENT_LEVEL = EnforcementLevel.ADVISORY

POLICIES: list[Policy] = [
    *intranet.POLICIES,
    *endpoints.POLICIES,
    *internet_paths.POLICIES,
    *private_acl.POLICIES,
    *principals.POLICIES,
    *sovereignty.POLICIES,
    *network_paths.POLICIES,
    *encryption.POLICIES,
    *resilience.POLICIES,
    *workload.POLICIES,
    *hardening.POLICIES,
    *relaxation.POLICIES,
]

# Levels live on the policies themselves; initial_config stays empty so that --policy-pack-config (with "all"
# and per-policy keys) is the one place a team changes them. It must hold EnforcementLevel members, not
# strings.
INITIAL_CONFIG: dict[str, EnforcementLevel | dict[str, object]] = {}
