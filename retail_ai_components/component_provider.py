"""The components served to programs in any language (TypeScript, Go, C#, Java, YAML) through Pulumi's
component provider host: ``pulumi package add <this repository>`` runs :func:`main` (see PulumiPlugin.yaml at
the repository root), and the CLI generates the program's SDK from the schema that Pulumi's analyzer builds
from the args TypedDicts and the components' output annotations.
"""

from __future__ import annotations

import sys
from typing import Any

import pulumi
from pulumi.provider import main as serve_provider
from pulumi.provider.experimental.analyzer import PropertyDefinition
from pulumi.provider.experimental.component import ComponentProvider

from ._version import __version__

PACKAGE = "retailai"
"""The package of every component's type token (``retailai:index:Network``), and so of the generated SDKs
(``@pulumi/retailai``)."""


def components() -> list[type[pulumi.ComponentResource]]:
    """Every component the package exports."""
    import retail_ai_components as package

    exported = [getattr(package, name) for name in package.__all__]
    return [v for v in exported if isinstance(v, type) and issubclass(v, pulumi.ComponentResource)]


class RetailAiProvider(ComponentProvider):
    """Pulumi's component provider, with lists of enums mapped as enums.

    Pulumi's mapping of a program's inputs reads every list item of a named type as an object, so a list of
    enums (Network's ``tiers: ["inference", "data"]``) reached the component as ``[{}, {}]`` and failed its
    validation; each item is the enum's member instead, as a single enum input already is.
    """

    def map_input_properties(
        self,
        inputs: Any,
        properties: dict[str, PropertyDefinition],
        mapping: dict[str, str],
        component_name: str,
        property_path: str,
    ) -> Any:
        mapped = dict(
            super().map_input_properties(inputs, properties, mapping, component_name, property_path)
        )
        for schema_name, prop in properties.items():
            values = inputs.get(schema_name) if isinstance(inputs, dict) else None
            item = self.get_type_definition(prop.items) if prop.items is not None and prop.items.ref else None
            if isinstance(values, list) and item is not None and item.enum:
                mapped[mapping[schema_name]] = [_member(item.python_type, v) for v in values]
        return mapped


def _member(enum_type: Any, value: Any) -> Any:
    """The enum's member for ``value``; an unknown value stays as given, for the component's own error."""
    try:
        return enum_type(value)
    except ValueError:
        return value


def main() -> None:
    """Serves every component as the ``retailai`` provider; the CLI passes the engine's address in argv."""
    serve_provider(RetailAiProvider(components(), PACKAGE, version=__version__), sys.argv[1:])
