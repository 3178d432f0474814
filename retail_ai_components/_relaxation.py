"""Relaxations made visible: a component that relaxes a secure default tags the child it relaxes.

The pack reads only the tag (never the component), so a relaxation shows in any preview, ours or the Pulumi
CLI's, and the advisory policy ``alicloud-resource-relaxation-flagged`` names the resource and the flags.
"""

from __future__ import annotations

import pulumi
from retail_ai_policies.rules import RELAXATION_TAG

from ._options import protected

__all__ = ["RELAXATION_TAG", "relaxed_tags", "unprotected"]


def relaxed_tags(tags: dict[str, str] | None, flags: dict[str, bool]) -> dict[str, str] | None:
    """``tags`` plus ``retail-ai:relaxation`` naming every relaxation in effect, as the component's argument
    reads (``burst.allow_public_registry``, ``tair.tls=false``), after any the tags already name; the tags
    unchanged when there is none."""
    named = [flag for flag in (tags or {}).get(RELAXATION_TAG, "").split(",") if flag]
    relaxed = [*named, *(name for name, on in flags.items() if on and name not in named)]
    if not relaxed:
        return tags
    return {**(tags or {}), RELAXATION_TAG: ",".join(relaxed)}


def unprotected(parent: pulumi.Resource, protect: bool) -> dict[str, bool]:
    """The relaxation flag of a stateful child of ``parent`` that Pulumi will let a ``pulumi destroy`` or a
    replacement delete (the component's ``protect`` argument or option false), for :func:`relaxed_tags`."""
    return {"protect=false": not protected(parent, protect)}
