"""Serving the pack over gRPC, as the engine starts it: ``serve()`` is what the pack folders' ``__main__`` calls.

The pack is pulumi-policy's ``PolicyPack``; where the installed pulumi-policy is the one the pack's patches
were written against, they are installed first (:mod:`.pulumi_policy_patch`), and nothing else changes.
"""

from __future__ import annotations

from . import PACK_NAME
from ._renames import successors
from .pulumi_policy_patch import PoliciesByType, carry_renamed_config_on_configure, convert_once_per_request


def serve() -> None:
    """Serves the pack on the address the engine passes; blocks until the engine stops it."""
    from pulumi_policy import PolicyPack

    from ._pack import INITIAL_CONFIG, PACK_ENFORCEMENT_LEVEL, POLICIES

    installed = convert_once_per_request()
    # A renamed entry relies on Configure to carry its settings and to stay quiet when the config does not
    # name it; without that, it is left out (an old name in config is then the engine's error, not a verdict).
    policies = POLICIES if carry_renamed_config_on_configure() else [p for p in POLICIES if not successors(p)]
    PolicyPack(
        name=PACK_NAME,
        policies=PoliciesByType(policies) if installed else policies,
        enforcement_level=PACK_ENFORCEMENT_LEVEL,
        initial_config=INITIAL_CONFIG or None,
    )
