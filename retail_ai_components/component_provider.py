"""The components served to programs in any language (TypeScript, Go, C#, Java, YAML) through Pulumi's
component provider host: ``pulumi package add <this repository>`` runs :func:`main` (see PulumiPlugin.yaml at
the repository root), and the CLI generates the program's SDK from the schema that Pulumi's analyzer builds
from the args TypedDicts and the components' output annotations.
"""

from __future__ import annotations

import pulumi
from pulumi.provider.experimental import component_provider_host

from ._version import __version__

PACKAGE = "retailai"
"""The package of every component's type token (``retailai:index:Network``), and so of the generated SDKs
(``@pulumi/retailai``)."""


def components() -> list[type[pulumi.ComponentResource]]:
    """Every component the package exports."""
    import retail_ai_components as package

    exported = [getattr(package, name) for name in package.__all__]
    return [v for v in exported if isinstance(v, type) and issubclass(v, pulumi.ComponentResource)]


def main() -> None:
    """Serves every component as the ``retailai`` provider; the CLI passes the engine's address in argv."""
    component_provider_host(components(), name=PACKAGE, version=__version__)
