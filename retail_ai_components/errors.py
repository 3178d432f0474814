"""Errors the library raises for bad input."""

from __future__ import annotations

import pulumi


class InvalidArgumentError(pulumi.RunError, ValueError):
    """An argument or config value broke a rule; raised before any resource is registered.

    It subclasses ``pulumi.RunError`` so that the Pulumi CLI prints the message alone, without a
    Python traceback, and ``ValueError`` so that plain Python callers can catch it the usual way.
    """

    def __init__(self, field: str, rule: str, *, owner: str = "") -> None:
        self.field = field
        self.rule = rule
        self.owner = owner
        where = f"{owner}: " if owner else ""
        super().__init__(f"{where}{field}: {rule}")
