"""The one guard on every patch of upstream private code (pulumi-policy in the pack, the Pulumi SDK in the
preview's program host).

A patch replaces or re-implements an upstream function that is not public API, for speed only. It is
applied only when the installed version is one it was written against AND the source of every upstream
function it relies on hashes to the value pinned for that version; anything else (a new version, a
patched install) runs upstream's code unchanged, slower but the same verdicts. Each pin is checked by a
test against the pinned dependency, so an upgrade fails there rather than silently.

Standard library only: the preview loads this file by path into the program's own interpreter, which may
have neither this package nor the library (see the Python program host).
"""

from __future__ import annotations

import hashlib
import inspect
from collections.abc import Callable, Mapping
from typing import Any


def source_hash(*functions: Callable[..., Any]) -> str:
    """The first 16 hex digits of the SHA-256 of the functions' source, in order."""
    digest = hashlib.sha256()
    for function in functions:
        digest.update(inspect.getsource(function).encode())
    return digest.hexdigest()[:16]


def pinned(pins: Mapping[str, str], version: str, *functions: Callable[..., Any] | None) -> bool:
    """Whether a patch written against ``pins`` (version -> :func:`source_hash`) may be applied: ``version``
    is pinned, every function exists, and their source is the pinned one."""
    expected = pins.get(version)
    if expected is None or any(f is None for f in functions):
        return False
    try:
        return source_hash(*(f for f in functions if f is not None)) == expected
    except (OSError, TypeError):  # no source to read (a compiled or a built-in replacement)
        return False
