"""Relaxations made visible: a component that relaxes a secure default tags the child it relaxes.

The pack reads only the tag (never the component), so a relaxation shows in any preview, ours or the Pulumi
CLI's, and the advisory policy ``alicloud-resource-relaxation-flagged`` names the resource and the flags.
"""

from __future__ import annotations

from retail_ai_policies.rules import RELAXATION_TAG

__all__ = ["RELAXATION_TAG", "relaxed_tags"]


def relaxed_tags(tags: dict[str, str] | None, flags: dict[str, bool]) -> dict[str, str] | None:
    """``tags`` plus ``retail-ai:relaxation`` naming every relaxation in effect, as the component's argument
    reads (``burst.allow_public_registry``, ``tair.tls=false``); the tags unchanged when there is none."""
    relaxed = [name for name, on in flags.items() if on]
    if not relaxed:
        return tags
    return {**(tags or {}), RELAXATION_TAG: ",".join(relaxed)}
