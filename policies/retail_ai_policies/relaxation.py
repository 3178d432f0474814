"""Relaxations (advisory): a component that relaxes one of its secure defaults says so on the child resource.

The component tags the child it relaxes with ``retail-ai:relaxation`` (``rules.RELAXATION_TAG``), the value
naming the flags, comma-separated. This policy reads only that tag, so the relaxation shows in any preview
(ours or a real ``pulumi preview``) and on resources built without our components but tagged by hand. It is
advisory: a relaxation is a reviewed choice, and the resource's own family policies still judge it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pulumi_policy import ResourceValidationArgs
from pulumi_policy.policy import Policy, Severity

from ._factory import ADVISORY, HARDENING, resource_policy
from ._values import items, mapping
from .rules import RELAXATION_TAG


def relaxation_flags(tags: Any) -> list[str]:
    """The flags named by the relaxation tag; ``tags`` is a map or a list of ``{key, value}`` items."""
    if isinstance(tags, Mapping):
        value = tags.get(RELAXATION_TAG)
    else:
        value = next(
            (mapping(t).get("value") for t in items(tags) if mapping(t).get("key") == RELAXATION_TAG), None
        )
    if not isinstance(value, str):
        return []
    return [flag.strip() for flag in value.split(",") if flag.strip()]


def _relaxed(args: ResourceValidationArgs, _config: Mapping[str, Any]) -> Iterator[str]:
    flags = relaxation_flags(args.props.get("tags"))
    if flags:
        yield (
            f"{args.name} runs with relaxed defaults: tags.{RELAXATION_TAG} names {', '.join(flags)}; each "
            f"relaxation must be a reviewed exception (exempt this resource with a reason once reviewed)"
        )


component_relaxation_flagged = resource_policy(
    name="alicloud-resource-relaxation-flagged",
    family=HARDENING,
    description=f"Checks whether a resource carries the {RELAXATION_TAG} tag, i.e. was relaxed by a component "
    "flag such as allow_public_registry or allow_insecure_transport, and names the resource and each flag.",
    severity=Severity.LOW,
    level=ADVISORY,
    remediation="Drop the flag from the component's arguments, or record the review with an exemption "
    '({"resource": "<name or URN glob>", "reason": "..."}) for this policy.',
    types=None,
    check=_relaxed,
)

POLICIES: list[Policy] = [component_relaxation_flagged]
