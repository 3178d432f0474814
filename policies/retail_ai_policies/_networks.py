"""CIDR ranges: which sources admit the internet."""

from __future__ import annotations

import ipaddress
from typing import Any

from .rules import is_private


def parse_cidr(value: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    try:
        return ipaddress.ip_network(value.strip(), strict=False)
    except ValueError:
        return None


def is_internet_wide(value: Any) -> bool:
    """Whether a CIDR admits the internet at large.

    True for any CIDR that parses to /0 (``0.0.0.0/0``, ``::/0``, ``1.2.3.4/0``), the bare wildcard ``*`` some
    whitelists accept, a bare ``0.0.0.0`` (which Alibaba whitelists read as
    "everyone"), and public ranges wider than /8 (IPv4) or /16 (IPv6), which are the internet in all but
    name (``0.0.0.0/1``). A narrow public range (an office's egress IP) is a reviewed choice, not flagged
    here.
    """
    if not isinstance(value, str):
        return False
    raw = value.strip()
    if raw in ("*", "0.0.0.0", "::", "%"):
        return True  # whitelists read a bare 0.0.0.0 (and MySQL-style %) as "any address"
    net = parse_cidr(raw)
    if net is None:
        return False
    if net.prefixlen == 0:
        return True
    if is_private(net):
        return False
    return net.prefixlen < (8 if net.version == 4 else 16)
