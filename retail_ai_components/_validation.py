"""Component arguments: validated from their one declaration (the args TypedDict), and a failure turned into
one error that names the field and the rule.

Only the first failure is reported: it is the one a user fixes first, and a message that names exactly one
field and one rule is the easiest to act on."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import pydantic

from ._fields import field_path
from .errors import InvalidArgumentError

ArgsT = TypeVar("ArgsT")

ARGS_CONFIG = pydantic.ConfigDict(extra="forbid", str_strip_whitespace=True)
"""How every args TypedDict validates: unknown keys are typos, not extras."""


def args_type(cls: type[ArgsT]) -> type[ArgsT]:
    """Marks a TypedDict as component args: the one declaration of each argument, its type, its rule
    (``Annotated`` constraints) and its default (``Field(default=...)``), which :func:`validate_args` applies.
    Nested TypedDicts need the mark too: pydantic reads each one's own config."""
    return pydantic.with_config(ARGS_CONFIG)(cls)


# Steps pydantic adds to a location that are not keys: validators (``function-after[...]``) and union
# members (``str-enum[Tier]``, ``literal['a','b']``, ``[key]``).
_SCHEMA_STEP = re.compile(r"^(function-|[a-z-]*\[.*\]$)")

_ADAPTERS: dict[object, pydantic.TypeAdapter[Any]] = {}


def validate_args(
    args_type: type[ArgsT], data: object, *, owner: str, prefix: str = "", of: str = ""
) -> ArgsT:
    """``data`` validated against the TypedDict ``args_type``: a new dict with every default filled in.
    On failure raises one :class:`InvalidArgumentError` naming the first field that breaks a rule."""
    if not isinstance(data, Mapping):
        kind = of or f"a dict of {args_type.__name__}"
        raise InvalidArgumentError(
            prefix or "args", f"must be {kind}, not {type(data).__name__}", owner=owner
        )
    adapter = _ADAPTERS.get(args_type)
    if adapter is None:
        adapter = _ADAPTERS[args_type] = pydantic.TypeAdapter(args_type)
    try:
        valid: ArgsT = adapter.validate_python(dict(data))
    except pydantic.ValidationError as exc:
        raise first_error(exc, owner=owner, prefix=prefix, of=of) from None
    return valid


def first_error(
    exc: pydantic.ValidationError, *, owner: str, prefix: str = "", of: str = ""
) -> InvalidArgumentError:
    """The first failure of ``exc`` as one :class:`InvalidArgumentError` naming the field and the rule;
    ``of`` names what the fields belong to ("a NetworkRef") in the messages for unknown and missing keys."""
    first = exc.errors(include_url=False)[0]
    loc = tuple(p for p in first["loc"] if not (isinstance(p, str) and _SCHEMA_STEP.match(p)))
    message = str(first["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if first["type"] == "extra_forbidden":
        message = f"is not a key of {of}" if of else "is not a known argument"
    elif first["type"] == "missing":
        message = f"is required in {of}" if of else "is required"
    return InvalidArgumentError(field_path(loc, prefix) or "args", message, owner=owner)


def rule(problem: Callable[[Any], str | None]) -> pydantic.AfterValidator:
    """A field rule from a plain function that returns what is wrong with a value (None when nothing is),
    for ``Annotated[str, rule(...)]`` in an args TypedDict."""

    def check(value: Any) -> Any:
        found = problem(value)
        if found:
            raise ValueError(found)
        return value

    return pydantic.AfterValidator(check)


def matches(pattern: re.Pattern[str], must: str) -> Callable[[str], str | None]:
    """The rule of names with a documented shape: the whole value matches ``pattern``, else
    "'<value>' must <must>"."""

    def problem(value: str) -> str | None:
        return None if pattern.fullmatch(value) else f"{value!r} must {must}"

    return problem


def listed_once(what: str) -> Callable[[list[Any]], str | None]:
    """The rule of lists whose items name things (roles, zones, namespaces): each at most once. ``what`` names
    an item in the message ("zone 'cn-hangzhou-i' is listed more than once")."""

    def problem(values: list[Any]) -> str | None:
        dupes = sorted({str(v) for v in values if values.count(v) > 1})
        return f"{what} {dupes[0]!r} is listed more than once" if dupes else None

    return problem
