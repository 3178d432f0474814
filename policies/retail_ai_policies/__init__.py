"""The retail-ai CrossGuard policy pack: intranet-only, private-ACL and single-region data sovereignty.

Importing this package never starts the pack: ``__main__.py`` constructs ``PolicyPack`` (which blocks serving
gRPC); tests and the docs generator import ``POLICIES`` from here. The policies themselves load on first use, so the
library can import :mod:`retail_ai_policies.rules` (the rules both sides share) without pulumi-policy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

PACK_NAME = "retail-ai-policies"

if TYPE_CHECKING:
    from ._pack import INITIAL_CONFIG, PACK_ENFORCEMENT_LEVEL, POLICIES


def __getattr__(name: str) -> Any:
    if name in ("INITIAL_CONFIG", "PACK_ENFORCEMENT_LEVEL", "POLICIES"):
        from . import _pack

        return getattr(_pack, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["INITIAL_CONFIG", "PACK_ENFORCEMENT_LEVEL", "PACK_NAME", "POLICIES"]
