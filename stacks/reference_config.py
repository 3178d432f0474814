"""What both layers of the reference platform read their typed config with.

Each section is one structured config key in the project's namespace, for example::

    retail-ai-platform:network:
      zones: [cn-hangzhou-i, cn-hangzhou-j]
      nat: per_zone

A value that breaks a rule stops the program with one error naming the key, before anything is
registered.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, TypeVar

import pulumi
import pydantic
from pydantic.alias_generators import to_camel

from retail_ai_components import InvalidArgumentError, field_path, single_zone_in_region, stack_region


class ConfigModel(pydantic.BaseModel):
    """Config keys are camelCase, as is usual in Pulumi stack files; unknown keys are typos.

    A setting that only passes a component argument through has no default here (None): the component's
    declaration holds the default, and the stack passes only what its config gives (see ``given``)."""

    model_config = pydantic.ConfigDict(
        extra="forbid", frozen=True, alias_generator=to_camel, populate_by_name=True
    )


def _zone_in_stack_region(zone: str, info: pydantic.ValidationInfo) -> str:
    region = (info.context or {}).get("region", "")
    if not single_zone_in_region(zone, region):
        raise ValueError(f"zone {zone!r} is not in region {region!r}")
    return zone


ZoneId = Annotated[str, pydantic.AfterValidator(_zone_in_stack_region)]


class LayerConfig(ConfigModel):
    """The settings every layer has."""

    environment: str = pydantic.Field(pattern=r"^(dev|staging|prod)$")
    """dev, staging or prod."""
    name_prefix: str = pydantic.Field(default="", pattern=r"^([a-z][a-z0-9-]{1,20})?$")
    """Prefix of every resource name. Defaults to ``retail-<stack>``."""


LayerT = TypeVar("LayerT", bound=LayerConfig)


def given(**values: Any) -> Any:
    """The component arguments the stack's config actually sets: None means "the component's default"."""
    return {key: value for key, value in values.items() if value is not None}


def load_config(model: type[LayerT], config: pulumi.Config | None = None) -> tuple[LayerT, str]:
    """The layer's validated config and the stack's region."""
    config = config or pulumi.Config()
    region = stack_region(owner="stack config", field="alicloud:region")
    raw: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        key = field.alias or name
        value = config.get(key)
        if value is None:
            continue
        try:
            raw[key] = json.loads(value) if value[:1] in "[{" else value
        except json.JSONDecodeError as exc:
            raise InvalidArgumentError(
                f"{config.name}:{key}", f"is not valid JSON: {exc}", owner="stack config"
            ) from None
    try:
        layer = model.model_validate(raw, context={"region": region})
    except pydantic.ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        loc = tuple(first["loc"])
        key = f"{config.name}:{field_path(loc)}"
        rule = (
            "is required" if first["type"] == "missing" else str(first["msg"]).removeprefix("Value error, ")
        )
        if first["type"] == "extra_forbidden":
            rule = "is not a known setting"
        raise InvalidArgumentError(key, rule, owner="stack config") from None
    if not layer.name_prefix:
        layer = layer.model_copy(update={"name_prefix": f"retail-{pulumi.get_stack()}"})
    return layer, region
