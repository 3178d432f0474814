"""Region and zone rules shared by every component."""

from __future__ import annotations

import os
from collections.abc import Mapping

import pulumi
from retail_ai_policies.rules import is_region_id, zone_in_region

from .errors import InvalidArgumentError


def single_zone_in_region(zone_id: str, region: str) -> bool:
    """Whether ``zone_id`` is one zone of ``region`` (what a vSwitch or an instance takes): the pack's rule,
    without the multi-zone shapes some database and gateway products accept."""
    return zone_in_region(zone_id, region, multi_zone=False)


def explicit_provider(
    opts: pulumi.ResourceOptions | None, package: str = "alicloud"
) -> pulumi.ProviderResource | None:
    """The ``package`` provider a component's children get from ``opts`` as Pulumi resolves it (``provider``,
    then ``providers``, then the parent's), or None when they use the default provider of the stack's config."""
    if opts is None:
        return None
    if opts.provider is not None and opts.provider.package == package:
        return opts.provider
    providers = opts.providers
    if isinstance(providers, Mapping):
        given = providers.get(package)
    else:
        given = next((p for p in providers or () if p.package == package), None)
    if given is not None:
        return given
    return opts.parent._providers.get(package) if opts.parent is not None else None


def stack_region(
    explicit: str | None = None,
    *,
    owner: str = "",
    field: str = "region",
    opts: pulumi.ResourceOptions | None = None,
    placed_in: str | None = None,
) -> str:
    """The region a component must stay in.

    An explicit value (the component's ``region`` argument) wins. When ``opts`` gives the children an explicit
    alicloud provider (``provider``, ``providers`` or a parent's), that provider decides their region, which
    Pulumi does not let a program read before deploy: the region is then the one of the network or cluster
    the component is placed in (``placed_in``), else the ``region`` argument is required. Otherwise the
    stack's ``alicloud:region`` config, then the environment variables the provider itself reads.
    """
    if explicit:
        return _checked(explicit, owner, field)
    provider = explicit_provider(opts)
    if provider is not None:
        if placed_in:
            return _checked(placed_in, owner, field)
        raise InvalidArgumentError(
            field,
            f"the children use the alicloud provider {provider._name!r} given in opts, whose region a "
            f"component cannot read before deploy: pass that provider's region as {field}",
            owner=owner,
        )
    region = (
        pulumi.Config("alicloud").get("region")
        # The provider's own order (its region DefaultFunc reads ALICLOUD_REGION first).
        or os.environ.get("ALICLOUD_REGION")
        or os.environ.get("ALIBABA_CLOUD_REGION")
    )
    if not region:
        raise InvalidArgumentError(
            field, "no region: set alicloud:region in the stack config or pass region explicitly", owner=owner
        )
    return _checked(region, owner, field)


def _checked(region: str, owner: str, field: str) -> str:
    if not is_region_id(region):
        raise InvalidArgumentError(field, f"{region!r} is not an Alibaba Cloud region ID", owner=owner)
    return region
