"""Every timeout the preview reads: the program's custom timeouts (Go durations, as the engine parses them)
and the preview's own limits (``RETAIL_AI_*_TIMEOUT``, seconds)."""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping
from typing import Any

from .errors import PreviewError

PROGRAM_TIMEOUT = "RETAIL_AI_PROGRAM_TIMEOUT"
POLICY_TIMEOUT = "RETAIL_AI_POLICY_TIMEOUT"

_DURATION_PART = re.compile(r"([0-9]*\.?[0-9]+)(ns|us|\u00b5s|ms|s|m|h)")
_DURATION_UNIT_SECONDS = {
    "ns": 1e-9,
    "us": 1e-6,
    "\u00b5s": 1e-6,
    "ms": 1e-3,
    "s": 1.0,
    "m": 60.0,
    "h": 3600.0,
}


def go_duration_seconds(value: str) -> float:
    """Seconds in a Go duration string (``"16m"``, ``"1h30m"``, ``"90s"``), as the engine's
    ``time.ParseDuration`` reads custom timeouts; raises ValueError for anything it would refuse."""
    text = value.strip()
    sign = -1.0 if text.startswith("-") else 1.0
    text = text.lstrip("+-")
    if text == "0":
        return 0.0
    position, seconds = 0, 0.0
    for match in _DURATION_PART.finditer(text):
        if match.start() != position:
            break
        seconds += float(match.group(1)) * _DURATION_UNIT_SECONDS[match.group(2)]
        position = match.end()
    if not text or position != len(text):
        raise ValueError(value)
    return sign * seconds


def custom_timeouts(timeouts: Any) -> dict[str, float]:
    """Custom timeouts in seconds, as the engine hands them to analyzers (it parses the SDK's Go duration
    strings and refuses the registration on one it cannot parse: ValueError here)."""
    found: dict[str, float] = {}
    for key in ("create", "update", "delete"):
        value = getattr(timeouts, key, "")
        if not value:
            continue
        found[key] = go_duration_seconds(str(value))  # ValueError names the value the engine refuses
    return found


def seconds_from_env(variable: str, default: float, environ: Mapping[str, str] | None = None) -> float:
    """A limit of the preview's own: ``variable`` in seconds (a finite positive number), else ``default``.

    ``nan`` and ``inf`` parse as floats but are no limit: nan compares false with every deadline (the limit
    would vanish) and inf overflows the clocks that compute one."""
    value = (os.environ if environ is None else environ).get(variable, "")
    try:
        seconds = float(value) if value else default
    except ValueError:
        raise PreviewError(f"{variable}={value!r} is not a number of seconds") from None
    if not math.isfinite(seconds) or seconds <= 0:
        raise PreviewError(f"{variable}={value!r} must be a finite positive number of seconds")
    return seconds


def program_timeout() -> float:
    """Seconds the program may run; ``RETAIL_AI_PROGRAM_TIMEOUT`` overrides the default 600."""
    return seconds_from_env(PROGRAM_TIMEOUT, 600.0)


def policy_timeout() -> float:
    """Seconds to wait for a pack to start or answer one call; ``RETAIL_AI_POLICY_TIMEOUT`` overrides 120."""
    return seconds_from_env(POLICY_TIMEOUT, 120.0)
