"""Pulumi components for a production e-commerce AI platform on Alibaba Cloud.

Every component is secure by default: intranet-only, private, encrypted, inside one region.
Relaxations are named, typed arguments that the ``policies/`` pack can see and flag.
"""

from .errors import InvalidArgumentError
from .network import IngressRuleArgs, NatMode, Network, NetworkArgs, NetworkRef, Tier, VSwitchArgs

__all__ = [
    "IngressRuleArgs",
    "InvalidArgumentError",
    "NatMode",
    "Network",
    "NetworkArgs",
    "NetworkRef",
    "Tier",
    "VSwitchArgs",
]
