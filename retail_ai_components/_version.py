"""The library's version: the one place it is written (pyproject reads it, and the bundled pack's
PulumiPolicy.yaml must carry the same value; a test holds them equal)."""

__version__ = "0.1.0"
