"""Entry point of the bundled pack (``python -u -m pulumi.policy <addr> <this folder>``).

The policies come from the installed ``retail_ai_policies`` package (shipped in the same wheel), so this
folder holds nothing but the pack's manifest and this call. PolicyPack(...) blocks serving gRPC: nothing may
import this module.
"""

from pulumi_policy import PolicyPack
from retail_ai_policies import INITIAL_CONFIG, PACK_ENFORCEMENT_LEVEL, PACK_NAME, POLICIES

PolicyPack(
    name=PACK_NAME,
    policies=POLICIES,
    enforcement_level=PACK_ENFORCEMENT_LEVEL,
    initial_config=INITIAL_CONFIG or None,
)
