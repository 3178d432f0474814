"""The offline preview: run a Pulumi program under mocks and its policy pack through the real analyzer.

``retail-ai preview`` is the command; :func:`retail_ai_components.preview.runner.run_preview` is
the same thing as a function.
"""

from .errors import PreviewError

__all__ = ["PreviewError"]
