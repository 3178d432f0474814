"""How every error names a field: the one formatter the components, the DLC request, the usage file, the
stacks' config and the pack config share."""

from __future__ import annotations

import pytest

from retail_ai_components import field_path


@pytest.mark.parametrize(
    ("loc", "prefix", "quote_keys", "expected"),
    [
        (("vswitches", 1, "cidr_block"), "", False, "vswitches[1].cidr_block"),
        ((0, "zone_id"), "", False, "[0].zone_id"),
        (("password",), "registry_auth", False, "registry_auth.password"),
        ((), "registry_auth", False, "registry_auth"),
        # Indexes stay in brackets whatever the keys (never "envs.0").
        (("images", 2), "", True, "images[2]"),
        # A user-named key that is not an identifier reads back unambiguously.
        (("resources", "*-bucket", "hours"), "", True, "resources['*-bucket'].hours"),
        (("prices", "nat.internet.instance", "price"), "", True, "prices['nat.internet.instance'].price"),
        (("envs", "NCCL_DEBUG"), "", True, "envs.NCCL_DEBUG"),
        # Without quote_keys a key is written as given (a pack config's policy names have hyphens).
        (("no-public-oss", "exemptions", 0), "", False, "no-public-oss.exemptions[0]"),
    ],
)
def test_field_path(loc: tuple[int | str, ...], prefix: str, quote_keys: bool, expected: str) -> None:
    assert field_path(loc, prefix, quote_keys=quote_keys) == expected
