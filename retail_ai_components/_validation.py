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
import reprlib
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
    ValueError. Pydantic sees ``Any`` and the check; type checkers and Pulumi's schema see ``T``.

    ``check`` lets an Output through; :func:`validate_args` then checks the Output's value once it is known
    (see :func:`when_resolved`) with ``resolved`` (default: ``check``), so an Output of the wrong shape is
    refused by name too. ``resolved`` can be the laxer rule: an offline preview stands in for a value it cannot
    know (another stack's output) with a placeholder, which only an Output carries, and which must pass
    where it is harmless (a wildcard never is)."""

    def __init__(self, check: Callable[[Any], Any], resolved: Callable[[Any], Any] | None = None) -> None:
        self.check = check
        self.resolved = resolved or check


class region_bearing:
    """``Annotated[T, region_bearing(region_of)]``: an argument whose value can name a region (a KMS key's
    ARN, an endpoint URL); ``region_of`` returns the region a value names, or None when it names none. The
    region module's ``check_regions`` holds every such argument to the region the component deploys to."""

    def __init__(self, region_of: Callable[[str], str | None]) -> None:
        self.region_of = region_of


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
        _DECLARED[typed_dict] = declared
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


_DECLARED: dict[type, dict[str, Any]] = {}
"""Every args TypedDict's declaration as written (its ``__annotations__`` hold the plain form), by TypedDict."""

MAX_DEPTH = 32
"""How deep arguments may nest (lists and dicts in lists and dicts). The deepest declared argument nests four
levels; anything near this limit is a mistake, and validating a far deeper value would exhaust the stack."""

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
    too_deep = _deeper_than(MAX_DEPTH, data)
    if too_deep is not None:
        raise InvalidArgumentError(
            field_path(too_deep, prefix) or prefix or "args",
            f"nests lists and dicts deeper than {MAX_DEPTH} levels",
            owner=owner,
        )
    adapter = _ADAPTERS.get(args_type)
    if adapter is None:
        adapter = _ADAPTERS[args_type] = pydantic.TypeAdapter(args_type)
    try:
        valid: ArgsT = adapter.validate_python(dict(data))
    except pydantic.ValidationError as exc:
        raise argument_error(exc, args_type, owner=owner, prefix=prefix, of=of) from None

    def check_when_resolved(mark: checked_by_hand, value: Any, field: str) -> Any:
        if mark.check is passed_through or not isinstance(value, (pulumi.Output, Awaitable)):
            return value
        return when_resolved(value, mark.resolved, field=field, owner=owner)

    replace_marked(args_type, valid, checked_by_hand, check_when_resolved, prefix=prefix)
    return valid


def _deeper_than(limit: int, data: object) -> tuple[int | str, ...] | None:
    """The location of the first list or dict in ``data`` nested more than ``limit`` levels deep, or None.
    Iterative: a value deep enough to matter would exhaust the stack of a recursive walk."""
    stack: list[tuple[object, tuple[int | str, ...]]] = [(data, ())]
    while stack:
        value, loc = stack.pop()
        if isinstance(value, Mapping):
            children: list[tuple[int | str, object]] = [(str(k), v) for k, v in value.items()]
        elif isinstance(value, (list, tuple)):
            children = list(enumerate(value))
        else:
            continue
        if len(loc) >= limit:
            return loc
        stack.extend((child, (*loc, key)) for key, child in children)
    return None


def when_resolved(
    value: pulumi.Input[Any], check: Callable[[Any], Any], *, field: str, owner: str
) -> pulumi.Output[Any]:
    """``value`` (an Output or awaitable) checked by ``check`` once its value is known: ``check`` returns or
    raises ValueError, which becomes an :class:`InvalidArgumentError` naming ``field`` and fails the
    registration of every resource that takes the value (``pulumi preview`` when the value is known then,
    ``pulumi up`` otherwise). The value of a secret is never shown in the message."""
    output = pulumi.Output.from_input(value)

    def checked(resolved: list[Any]) -> Any:
        given, secret = resolved
        try:
            check(given)
        except ValueError as exc:
            rule = str(exc)
            if secret and isinstance(given, str) and given:
                for form in (shown(given), repr(given), given):  # a long value shows shortened
                    rule = rule.replace(form, "[secret]")
            raise InvalidArgumentError(field, f"{rule} (the value of a pulumi Output)", owner=owner) from None
        return given

    is_secret: Any = output.is_secret()  # a coroutine, which Output.from_input awaits
    return pulumi.Output.all(output, pulumi.Output.from_input(is_secret)).apply(checked)


MarkT = TypeVar("MarkT")


def replace_marked(
    args_type: Any,
    data: Any,
    mark_type: type[MarkT],
    replace: Callable[[MarkT, Any, str], Any],
    *,
    prefix: str = "",
) -> None:
    """Every value of the validated ``data`` whose declaration in ``args_type`` is ``Annotated`` with a
    ``mark_type`` mark replaced, in place, by ``replace(mark, value, field)``; ``field`` names it as errors
    do (``network.vswitch_ids.pods.cn-hangzhou-i``)."""

    def walk(hint: Any, value: Any, loc: tuple[int | str, ...]) -> Any:
        hint = _unwrapped_required(hint)
        origin, args = get_origin(hint), get_args(hint)
        if origin is Annotated:
            marks = [m for m in hint.__metadata__ if isinstance(m, mark_type)]
            if marks:
                return replace(marks[0], value, field_path(loc, prefix))
            return walk(args[0], value, loc)
        declared = _DECLARED.get(hint) if isinstance(hint, type) else None
        items: list[tuple[int | str, Any, Any]]
        if declared is not None and isinstance(value, dict):
            items = [(key, sub, value[key]) for key, sub in declared.items() if key in value]
        elif origin is list and isinstance(value, list):
            items = [(i, args[0], item) for i, item in enumerate(value)]
        elif origin is dict and isinstance(value, dict):
            items = [(key, args[1], item) for key, item in value.items()]
        else:
            items = []
        for key, sub, item in items:
            new = walk(sub, item, (*loc, key))
            if new is not item:  # written back only when replaced: a ref passed through is the caller's own
                value[key] = new
        if origin in (Union, types.UnionType):
            present = [arg for arg in args if arg is not type(None)]
            if len(present) == 1:
                return walk(present[0], value, loc)
        return value

    walk(args_type, data, ())


def _unwrapped_required(hint: Any) -> Any:
    while get_origin(hint) in (typing_extensions.NotRequired, typing_extensions.Required):
        hint = get_args(hint)[0]
    return hint


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
    """The rule of lists whose items name things (roles, zones, namespaces, tiers): each at most once.
    ``what`` names an item in the message ("zone 'cn-hangzhou-i' is listed more than once")."""

    def problem(values: list[Any]) -> str | None:
        named = [v.value if isinstance(v, enum.Enum) else v for v in values]
        dupes = sorted({str(v) for v in named if named.count(v) > 1})
        return f"{what} {dupes[0]!r} is listed more than once" if dupes else None

    return problem


def component_owner(kind: str, name: object) -> str:
    """How errors name a component (``Network 'shop'``), once its resource name is checked: a non-empty
    string, from which Pulumi builds every URN of the component and its children."""
    if not isinstance(name, str) or not name:
        raise InvalidArgumentError(
            "name", f"must be a non-empty string (the resource name), not {shown(name)}", owner=kind
        )
    return f"{kind} {name!r}"


_SHOWN = reprlib.Repr()
_SHOWN.maxstring = 80
_SHOWN.maxother = 80


def shown(value: object) -> str:
    """``value`` as a message shows it: its repr, shortened (a value can be megabytes long or nest deep)."""
    return _SHOWN.repr(value)
