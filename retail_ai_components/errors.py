"""Errors the library raises for bad input."""

from __future__ import annotations

from collections.abc import Sequence

import pulumi


class InvalidArgumentError(pulumi.RunError, ValueError):
    """An argument or config value broke a rule; raised before any resource is registered.

    It subclasses ``pulumi.RunError`` so that the Pulumi CLI prints the message alone, without a
    Python traceback, and ``ValueError`` so that plain Python callers can catch it the usual way.

    ``field`` and ``rule`` are the first problem; ``problems`` lists every one found at once (a user fixes
    them in one go, not one run each), and the message gives each on its own line, naming the owner, the
    field and the rule.
    """

    def __init__(
        self, field: str, rule: str, *, owner: str = "", more: Sequence[tuple[str, str]] = ()
    ) -> None:
        self.field = field
        self.rule = rule
        self.owner = owner
        self.problems: list[tuple[str, str]] = [(field, rule), *more]
        where = f"{owner}: " if owner else ""
        super().__init__("\n".join(f"{where}{f}: {r}" for f, r in self.problems))
