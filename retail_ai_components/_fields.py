"""How every error of this library names a field: dotted keys, list indexes in brackets (``vswitches[1].cidr``).

One formatter for pydantic's ``loc`` (the components' arguments, stack config) and a JSON schema's
``absolute_path`` (the preview's policy pack config), so a field is written the same way in every message.
"""

from __future__ import annotations

from collections.abc import Iterable


def field_path(loc: Iterable[int | str], prefix: str = "") -> str:
    """``("vswitches", 1, "cidr_block")`` -> ``vswitches[1].cidr_block``."""
    path = prefix
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path = f"{path}.{part}" if path else str(part)
    return path
