"""What cost needs of a preview's registrations, in cost's own terms: the one place that reads the engine's.

The preview's run (its resources, engine-encoded) becomes a list of :class:`Resource`: custom resources
only, values only the cloud knows replaced by :data:`UNKNOWN`, secrets by :data:`SECRET`, each with its
region (its explicit provider's, else the stack's) and the top-level component it belongs to. Nothing else
of the engine reaches the pricing.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..preview.records import ProgramRun, RecordedResource

UNKNOWN = "[unknown]"
"""A value only the cloud knows (an ID or output of a resource the stack creates)."""
SECRET = "[secret]"


@dataclass(frozen=True)
class Resource:
    urn: str
    type: str
    name: str
    inputs: dict[str, Any]
    region: str
    component: str
    """The top-level component the resource belongs to (``(stack)`` when it has none)."""
    id: str | None = None


def _plain(value: Any) -> Any:
    from ..preview.wire import UNKNOWN as ENGINE_UNKNOWN
    from ..preview.wire import is_secret

    if is_secret(value):
        return SECRET
    if value == ENGINE_UNKNOWN:
        return UNKNOWN
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _referenced_ids(resource: RecordedResource, by_urn: dict[str, RecordedResource]) -> dict[str, Any]:
    """The inputs with each reference to one resource of the run as that resource's placeholder ID: in a
    preview the ID is unknown, and the property dependencies say which resource it is (an EIP association's
    instance, say), which is what the estimate needs to know."""
    from ..preview.wire import UNKNOWN as ENGINE_UNKNOWN

    inputs = dict(resource.inputs)
    for key, urns in resource.property_dependencies.items():
        targets = [by_urn[u] for u in urns if u in by_urn and by_urn[u].custom and by_urn[u].id]
        if inputs.get(key) == ENGINE_UNKNOWN and len(targets) == 1:
            inputs[key] = targets[0].id
    return inputs


def _component_of(resource: RecordedResource, by_urn: dict[str, RecordedResource]) -> str:
    top = resource
    while top.parent and top.parent in by_urn and by_urn[top.parent].type != "pulumi:pulumi:Stack":
        top = by_urn[top.parent]
    return top.name if top is not resource else "(stack)"


def _provider_region(reference: str | None, by_urn: dict[str, RecordedResource]) -> str | None:
    """The ``region`` input of the provider a resource names (``urn::id``, or its URN)."""
    if not reference:
        return None
    provider = by_urn.get(reference) or by_urn.get(reference.rsplit("::", 1)[0])
    if provider is None:
        return None
    region = provider.inputs.get("region")
    return region if isinstance(region, str) and region and _plain(region) == region else None


def resources_of(run: ProgramRun, stack_region: str) -> list[Resource]:
    """The billable candidates of a preview: every custom resource that is not a provider."""
    by_urn = {r.urn: r for r in run.resources}
    return [
        Resource(
            urn=r.urn,
            type=r.type,
            name=r.name,
            inputs=_plain(_referenced_ids(r, by_urn)),
            region=_provider_region(r.provider, by_urn) or stack_region,
            component=_component_of(r, by_urn),
            id=r.id,
        )
        for r in run.resources
        if r.custom and not r.is_provider
    ]


def without_stack(text: str, stack: str) -> str:
    """``text`` with the stack name, where it stands as a word (``retail-prod-vpc``), written ``{stack}``.

    Resources of two stacks of one program differ by the stack in their names (a prefix, a bucket name); with
    it replaced, ``dev`` and ``prod`` line up resource by resource.
    """
    if not stack:
        return text
    return re.sub(rf"(?<![A-Za-z0-9]){re.escape(stack)}(?![A-Za-z0-9])", "{stack}", text)


def logical_key(urn: str, stack: str) -> str:
    """A resource's identity across stacks: its type chain and name, the stack name replaced."""
    parts = urn.split("::", 2)
    return without_stack(parts[2] if len(parts) == 3 else urn, stack)


def inputs_digest(inputs: dict[str, Any], stack: str) -> str:
    """A short digest of a resource's inputs (stack name replaced), to show changes no price reflects."""
    text = without_stack(json.dumps(inputs, sort_keys=True, separators=(",", ":"), default=str), stack)
    return hashlib.sha256(text.encode()).hexdigest()[:16]
