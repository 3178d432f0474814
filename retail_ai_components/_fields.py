"""How every error of this library names a field: dotted keys, list indexes in brackets (``vswitches[1].cidr``).

One formatter for pydantic's ``loc`` (the components' arguments, stack config) and a JSON schema's
``absolute_path`` (the preview's policy pack config), so a field is written the same way in every message.
"""

from __future__ import annotations

from collections.abc import Iterable


def field_path(loc: Iterable[int | str], prefix: str = "", *, quote_keys: bool = False) -> str:
    """``("vswitches", 1, "cidr_block")`` -> ``vswitches[1].cidr_block``.

    ``quote_keys``: for models with user-named mapping keys (a job's ``envs``, a usage file's resource
    patterns), a key that is not a Python identifier is written quoted in brackets, so that the field it
    names reads back unambiguously: ``resources['*-bucket'].hours``, not ``resources.*-bucket.hours``.
    """
    path = prefix
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif quote_keys and not part.isidentifier():
            path += f"[{part!r}]"
        else:
            path = f"{path}.{part}" if path else str(part)
    return path
