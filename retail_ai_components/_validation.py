"""Component arguments: validated from their one declaration (the args TypedDict), every failure turned into
one error that names, for each problem, the field and the rule.

Every problem pydantic finds in one call is reported at once (a misspelt key with the known key it is closest
to), so a user fixes them in one run instead of one run each.

The same declaration also serves Pulumi's component provider (``pulumi package add``, for programs in other
languages): its schema analyzer reads a TypedDict's ``__annotations__`` and knows plain types only, no
``Annotated`` rules, no unions, no ``Literal``. :func:`args_type` therefore keeps the declaration as written
for pydantic, and leaves its plain form (what a caller passes) in ``__annotations__`` for the analyzer.
"""

from __future__ import annotations

import difflib
import enum
import re
import types
import typing
from collections.abc import Awaitable, Callable, Mapping
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin

import pulumi
import pydantic
import typing_extensions

from ._fields import field_path
from .errors import InvalidArgumentError

ArgsT = TypeVar("ArgsT")
EnumT = TypeVar("EnumT", bound=enum.Enum)

ARGS_CONFIG = pydantic.ConfigDict(extra="forbid", str_strip_whitespace=True)
"""How every args TypedDict validates: unknown keys are typos, not extras."""


class checked_by_hand:
    """``Annotated[T, checked_by_hand(check)]``: an argument of a type pydantic cannot build (a
    ``pulumi.Input``, a component) that ``check`` verifies instead, returning the value or raising
    ValueError. Pydantic sees ``Any`` and the check; type checkers and Pulumi's schema see ``T``."""

    def __init__(self, check: Callable[[Any], Any]) -> None:
        self.check = check


def passed_through(value: Any) -> Any:
    """The check of an argument that its component verifies later (a network, once the region is known)."""
    return value


def args_type(cls: type[ArgsT] | None = None, *, config: pydantic.ConfigDict = ARGS_CONFIG) -> Any:
    """Marks a TypedDict as component args: the one declaration of each argument, its type, its rule
    (``Annotated`` constraints) and its default (``Field(default=...)``), which :func:`validate_args` applies.
    Nested TypedDicts need the mark too: pydantic reads each one's own config.

    The declaration as written goes to pydantic (``__get_pydantic_core_schema__``); ``__annotations__`` keeps
    its plain form for Pulumi's schema analyzer: rules dropped, an enum-or-its-string union as the enum, a
    ``Literal`` as the type of its values. A declaration with no plain form fails here, at import."""

    def mark(typed_dict: type[ArgsT]) -> type[ArgsT]:
        declared = dict(typed_dict.__annotations__)
        for key, hint in declared.items():
            if isinstance(hint, (str, typing.ForwardRef)):
                # Pulumi's analyzer reads annotations as they are, without evaluating them.
                raise TypeError(
                    f"{typed_dict.__qualname__}.{key}: declare args without `from __future__ import annotations`"
                )
        checked = _TYPED_DICT(
            typed_dict.__name__, {key: _for_pydantic(hint) for key, hint in declared.items()}
        )
        checked.__module__ = typed_dict.__module__
        checked.__pydantic_config__ = config
        typed_dict.__pydantic_config__ = config  # type: ignore[attr-defined]
        typed_dict.__annotations__ = {
            key: _for_schema(hint, f"{typed_dict.__qualname__}.{key}") for key, hint in declared.items()
        }

        def schema(source: Any, handler: pydantic.GetCoreSchemaHandler) -> Any:
            return handler(checked)

        typed_dict.__get_pydantic_core_schema__ = schema  # type: ignore[attr-defined]
        return typed_dict

    return mark if cls is None else mark(cls)


def as_enum(enum_type: type[EnumT]) -> pydantic.AfterValidator:
    """The rule of an ``Enum | its Literal`` argument: a plain string becomes its member. (Passing the enum
    class itself as the validator breaks on Python 3.12 and later, whose enum call signature pydantic cannot
    read.)"""

    def member(value: Any) -> EnumT:
        return enum_type(value)

    return pydantic.AfterValidator(member)


# Types built at run time, from values (mypy reads these names as values, not type expressions).
_ANNOTATED: Any = Annotated
_UNION: Any = Union
_OPTIONAL: Any = typing.Optional
_TYPED_DICT: Any = typing_extensions.TypedDict
_AWAITABLE: Any = Awaitable
_OUTPUT: Any = pulumi.Output


def _rebuild(hint: Any, args: tuple[Any, ...]) -> Any:
    """``hint`` with its type arguments replaced by ``args``."""
    origin = get_origin(hint)
    if origin is Annotated:
        params = (args[0], *hint.__metadata__)
        return _ANNOTATED[params]
    if origin in (Union, types.UnionType):
        return _UNION[args]
    return origin[args if len(args) > 1 else args[0]]


def _for_pydantic(hint: Any) -> Any:
    """``hint`` as pydantic validates it: ``checked_by_hand`` types become ``Any`` with their check."""
    args = get_args(hint)
    if get_origin(hint) is Annotated:
        marks = [m for m in hint.__metadata__ if isinstance(m, checked_by_hand)]
        if marks:
            rest = [m for m in hint.__metadata__ if not isinstance(m, checked_by_hand)]
            params = (Any, pydantic.AfterValidator(marks[0].check), *rest)
            return _ANNOTATED[params]
        inner = _for_pydantic(args[0])
        return hint if inner is args[0] else _rebuild(hint, (inner,))
    if not args or get_origin(hint) is Literal:
        return hint
    new = tuple(_for_pydantic(arg) for arg in args)
    return hint if new == args else _rebuild(hint, new)


def _for_schema(hint: Any, where: str) -> Any:
    """``hint`` as Pulumi's schema analyzer reads it: plain types, enums, lists, maps, TypedDicts,
    ``pulumi.Input``, ``Optional`` and ``NotRequired``."""
    origin, args = get_origin(hint), get_args(hint)
    if origin is Annotated:
        return _for_schema(args[0], where)
    if origin is Literal:
        kinds = {type(value) for value in args}
        if len(kinds) != 1:
            raise TypeError(f"{where}: a Literal of mixed types has no Pulumi schema type")
        return kinds.pop()
    if origin in (Union, types.UnionType):
        awaited = [get_args(arg)[0] for arg in args if get_origin(arg) is Awaitable]
        if awaited:
            # pulumi.Input[T], spelt with Output itself rather than the SDK's "Output[T]" forward reference,
            # which typing.get_type_hints cannot resolve outside the SDK.
            value = _for_schema(awaited[0], where)
            return _UNION[value, _AWAITABLE[value], _OUTPUT[value]]
        present = [arg for arg in args if arg is not type(None)]
        enums = [arg for arg in present if isinstance(arg, type) and issubclass(arg, enum.Enum)]
        if len(enums) == 1 and all(arg is enums[0] or get_origin(arg) is Literal for arg in present):
            plain = enums[0]
        elif len(present) == 1:
            plain = _for_schema(present[0], where)
        else:
            raise TypeError(f"{where}: the union {hint} has no Pulumi schema type")
        return _OPTIONAL[plain] if len(present) < len(args) else plain
    if not args:
        return hint
    return _rebuild(hint, tuple(_for_schema(arg, where) for arg in args))


# Steps pydantic adds to a location that are not keys: validators (``function-after[...]``) and union
# members (``str-enum[Tier]``, ``literal['a','b']``, ``[key]``).
_SCHEMA_STEP = re.compile(r"^(function-|[a-z-]*\[.*\]$)")

_ADAPTERS: dict[object, pydantic.TypeAdapter[Any]] = {}


def validate_args(
    args_type: type[ArgsT], data: object, *, owner: str, prefix: str = "", of: str = ""
) -> ArgsT:
    """``data`` validated against the TypedDict ``args_type``: a new dict with every default filled in.
    On failure raises one :class:`InvalidArgumentError` naming every field that breaks a rule."""
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
        raise argument_error(exc, args_type, owner=owner, prefix=prefix, of=of) from None
    return valid


def argument_error(
    exc: pydantic.ValidationError, args_type: Any, *, owner: str, prefix: str = "", of: str = ""
) -> InvalidArgumentError:
    """Every failure of ``exc`` in one :class:`InvalidArgumentError`, each naming the field and the rule;
    ``of`` names what the fields belong to ("a NetworkRef") in the messages for unknown and missing keys."""
    problems: list[tuple[str, str]] = []
    for error in exc.errors(include_url=False):
        loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and _SCHEMA_STEP.match(p)))
        message = str(error["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
        if error["type"] == "extra_forbidden":
            message = f"is not a key of {of}" if of else "is not a known argument"
            known = sorted(_keys_at(args_type, loc[:-1]))
            close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6) if loc else []
            if close:
                message += f" (did you mean {close[0]!r}?)"
            elif known:
                message += f" (it takes {', '.join(known)})"
        elif error["type"] == "missing":
            message = f"is required in {of}" if of else "is required"
        problem = (field_path(loc, prefix) or prefix or "args", message)
        if problem not in problems:
            problems.append(problem)
    (field, rule), *more = problems
    return InvalidArgumentError(field, rule, owner=owner, more=more)


def _keys_at(args_type: Any, loc: tuple[int | str, ...]) -> set[str]:
    """The keys of the TypedDict found at ``loc`` inside ``args_type`` (empty when there is none)."""
    current = args_type
    for part in loc:
        current = _unwrapped(current)
        if typing_extensions.is_typeddict(current) and isinstance(part, str):
            current = current.__annotations__.get(part)
        elif get_origin(current) in (list, dict):
            current = get_args(current)[-1]
        else:
            return set()
    current = _unwrapped(current)
    return set(current.__annotations__) if typing_extensions.is_typeddict(current) else set()


def _unwrapped(hint: Any) -> Any:
    """``hint`` without NotRequired, Annotated or Optional around it."""
    while get_origin(hint) in (Annotated, typing_extensions.NotRequired, typing_extensions.Required):
        hint = get_args(hint)[0]
    present = [arg for arg in get_args(hint) if arg is not type(None)]
    if get_origin(hint) in (Union, types.UnionType) and len(present) == 1:
        return _unwrapped(present[0])
    return hint


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
