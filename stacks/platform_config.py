"""The reference platform's typed config, read from the stack's config.

Each section is one structured config key in the project namespace, for example::

    retail-ai-platform:network:
      zones: [cn-hangzhou-i, cn-hangzhou-j]
      nat: per_zone

A value that breaks a rule stops the program with one error naming the key, before anything is
registered.
"""

from __future__ import annotations

import json
from typing import Any

import pulumi
import pydantic
from pydantic.alias_generators import to_camel

from retail_ai_components import InvalidArgumentError, NatMode
from retail_ai_components._region import stack_region, zone_in_region
from retail_ai_components._validation import field_path


class ConfigModel(pydantic.BaseModel):
    """Config keys are camelCase, as is usual in Pulumi stack files; unknown keys are typos."""

    model_config = pydantic.ConfigDict(extra="forbid", frozen=True, alias_generator=to_camel, populate_by_name=True)


class NetworkConfig(ConfigModel):
    zones: list[str] = pydantic.Field(min_length=1)
    """Zones to spread over, inference zone first (the feature store follows it)."""
    cidr_block: str = "10.0.0.0/8"
    nat: NatMode = NatMode.NONE

    @pydantic.field_validator("zones")
    @classmethod
    def _zones_in_region(cls, zones: list[str], info: pydantic.ValidationInfo) -> list[str]:
        region = (info.context or {}).get("region", "")
        for zone in zones:
            if not zone_in_region(zone, region):
                raise ValueError(f"zone {zone!r} is not in region {region!r}")
        return zones


class PlatformConfig(ConfigModel):
    environment: str = pydantic.Field(pattern=r"^(dev|staging|prod)$")
    """dev, staging or prod."""
    name_prefix: str = pydantic.Field(default="", pattern=r"^([a-z][a-z0-9-]{1,20})?$")
    """Prefix of every resource name. Defaults to ``retail-<stack>``."""
    network: NetworkConfig


def load_platform_config(config: pulumi.Config | None = None) -> tuple[PlatformConfig, str]:
    """The validated platform config and the stack's region."""
    config = config or pulumi.Config()
    region = stack_region(owner="stack config", field="alicloud:region")
    raw: dict[str, Any] = {}
    for name, field in PlatformConfig.model_fields.items():
        key = field.alias or name
        value = config.get(key)
        if value is None:
            continue
        try:
            raw[key] = json.loads(value) if value[:1] in "[{" else value
        except json.JSONDecodeError as exc:
            raise InvalidArgumentError(f"{config.name}:{key}", f"is not valid JSON: {exc}", owner="stack config") from None
    try:
        platform = PlatformConfig.model_validate(raw, context={"region": region})
    except pydantic.ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        loc = tuple(first["loc"])
        key = f"{config.name}:{field_path(loc)}"
        rule = "is required" if first["type"] == "missing" else str(first["msg"]).removeprefix("Value error, ")
        if first["type"] == "extra_forbidden":
            rule = "is not a known setting"
        raise InvalidArgumentError(key, rule, owner="stack config") from None
    if not platform.name_prefix:
        platform = platform.model_copy(update={"name_prefix": f"retail-{pulumi.get_stack()}"})
    return platform, region
