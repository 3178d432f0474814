"""Region and zone rules shared by every component."""

from __future__ import annotations

import os
from collections.abc import Awaitable, Mapping
from typing import Any

import pulumi
from retail_ai_policies.rules import is_region_id, zone_in_region

from ._validation import region_bearing, replace_marked, when_resolved
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
    """The region a component must stay in: the region its children's provider creates them in.

    When ``opts`` gives the children an explicit alicloud provider (``provider``, ``providers`` or a
    parent's), that provider decides their region, which Pulumi does not let a program read before deploy:
    the region is then the ``region`` argument (``explicit``), else the one of the network or cluster the
    component is placed in (``placed_in``); one of the two is required.

    Otherwise the children use the stack's default provider, whose region is the stack's ``alicloud:region``
    config, then the environment variables the provider itself reads; without any, the provider falls back to
    the CLI profile's region, then cn-beijing, which a component cannot know, so one is required. An explicit
    ``region`` must be that one: a vSwitch, an endpoint or a key ARN built for another region would not be
    where the default provider creates the resource.
    """
    provider = explicit_provider(opts)
    if provider is not None:
        if explicit or placed_in:
            return _checked(explicit or placed_in or "", owner, field)
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
    if explicit:
        explicit = _checked(explicit, owner, field)
        if not region:
            # The provider then takes the region of the Alibaba Cloud CLI profile, else cn-beijing.
            raise InvalidArgumentError(
                field,
                f"the stack sets no alicloud:region, so the default alicloud provider's region is unknown "
                f"before deploy: set alicloud:region to {explicit!r}",
                owner=owner,
            )
        if explicit != region:
            raise InvalidArgumentError(
                field,
                f"{explicit!r} is not the stack's region {region!r}, where the default alicloud provider "
                "creates every child: drop it, or pass opts=ResourceOptions(provider=<an alicloud.Provider of "
                f"{explicit}>) to deploy there",
                owner=owner,
            )
        return explicit
    if not region:
        raise InvalidArgumentError(
            field, "no region: set alicloud:region in the stack config or pass region explicitly", owner=owner
        )
    return _checked(region, owner, field)


def _checked(region: str, owner: str, field: str) -> str:
    if not is_region_id(region):
        raise InvalidArgumentError(field, f"{region!r} is not an Alibaba Cloud region ID", owner=owner)
    return region


def check_regions(args_type: Any, spec: Any, region: str, *, owner: str, prefix: str = "") -> None:
    """Every region-bearing argument of the validated ``spec`` (a KMS key's ARN) held to ``region``, the
    one the component deploys to: a plain value refused here, an Output once its value is known (the
    resources that take it then fail to register, naming the field)."""

    def held(mark: region_bearing, value: Any, field: str) -> Any:
        def check(given: Any) -> Any:
            named = mark.region_of(given) if isinstance(given, str) else None
            if named is not None and named != region:
                raise ValueError(f"names region {named!r}; the component deploys to {region!r}")
            return given

        if isinstance(value, (pulumi.Output, Awaitable)):
            return when_resolved(value, check, field=field, owner=owner)
        try:
            return check(value)
        except ValueError as exc:
            raise InvalidArgumentError(field, str(exc), owner=owner) from None

    replace_marked(args_type, spec, region_bearing, held, prefix=prefix)
