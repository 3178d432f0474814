"""Entry point the engine runs (`python -u -m pulumi.policy <addr> policies/`).

serve() blocks serving gRPC, so nothing else may import this module.
"""

from retail_ai_policies.serve import serve  # policies/ is first on sys.path when the engine runs the pack

serve()
