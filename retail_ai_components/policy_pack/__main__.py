"""Entry point of the bundled pack (``python -u -m pulumi.policy <addr> <this folder>``).

The policies come from the installed ``retail_ai_policies`` package (shipped in the same wheel), so this
folder holds nothing but the pack's manifest and this call. serve() blocks serving gRPC: nothing may import
this module.
"""

from retail_ai_policies.serve import serve

serve()
