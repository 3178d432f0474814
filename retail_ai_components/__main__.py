"""``python -m retail_ai_components``: serves the components to programs in any language. Pulumi's Python host
runs it for ``pulumi package add <this repository>`` (``python -m pulumi.run.plugin retail-ai-components``
finds no component among the package's names, which load on first use, and so runs this module)."""

from retail_ai_components.component_provider import main

# Tools that import every module of the package (pkgutil walks, docs) must not start a server.
if __name__ == "__main__":
    main()
