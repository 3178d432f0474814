"""Entry point the engine runs (`python -u -m pulumi.policy <addr> policies/`).

PolicyPack(...) blocks serving gRPC, so nothing else may import this module.
"""

from pulumi_policy import PolicyPack
from retail_ai_policies import (  # policies/ is first on sys.path when the engine runs the pack
    INITIAL_CONFIG,
    PACK_ENFORCEMENT_LEVEL,
    PACK_NAME,
    POLICIES,
)

PolicyPack(
    name=PACK_NAME,
    policies=POLICIES,
    enforcement_level=PACK_ENFORCEMENT_LEVEL,
    initial_config=INITIAL_CONFIG or None,
)
