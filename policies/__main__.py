"""Entry point the engine runs (`python -u -m pulumi.policy <addr> policies/`); PolicyPack blocks serving gRPC."""

from pulumi_policy import PolicyPack
from retail_ai_policies import INITIAL_CONFIG, PACK_ENFORCEMENT_LEVEL, PACK_NAME, POLICIES

PolicyPack(
    name=PACK_NAME,
    policies=POLICIES,  # type: ignore[arg-type]  # the constructor's annotation is List[Policy] (invariant)
    enforcement_level=PACK_ENFORCEMENT_LEVEL,
    initial_config=INITIAL_CONFIG or None,  # type: ignore[arg-type]
)
