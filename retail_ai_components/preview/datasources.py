"""Answers the data sources a program calls (Invoke, and provider functions by Call), offline.

Every function the pinned SDKs expose as an invoke has a row in the generated data source table
(``data/datasources/table.json``, ``scripts/generate_data_source_table.py``) with its class, and each class
is answered its own way (:mod:`.answers`):

1. ``--data-sources FILE``: what the user supplied (by token or SDK function name; a plain result or a list of
   ``{args, result}`` matched on args) answers first, whatever the class.
2. *pure* (no cloud call): computed exactly as the provider computes it: ``ram.get_policy_document``
   (:mod:`.answers.policy_document`), every pulumi-std function (:mod:`.answers.std`), the CRC-64 of a file.
3. *offering facts* (zones, instance types, classes, engines, images, regions): from the dated catalogue of
   sourced facts (:mod:`.answers.catalogue`); where a product's own list is not knowable offline, the
   region's sourced zones, said so in the note.
4. *account state* (VPCs, vSwitches, groups, keys, instances): a placeholder shaped by the SDK's result type,
   deterministic, echoing the filters given (:mod:`.answers.placeholders`), listed in the report's notes.
   ``strict=True`` (``--strict-data-sources``) refuses these instead, naming how to supply them.

A call whose arguments hold the ID of a resource the program itself creates (``placeholder-...``) is
refused unless supplied: a real preview leaves that ID unknown and never sends the call.

Every answer is completed to the SDK's result type and built into it before the program sees it
(:mod:`.answers.shapes`), so an answer never crashes the SDK's result class inside the program.

For the report and for verdicts that rest on invented values, :meth:`DataSources.placeholders` lists every
value the preview invented (the value, the call, the result field) and :meth:`DataSources.placeholder`
finds the calls that invented a given value.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .answers import catalogue, checksum, placeholders, policy_document, shapes, std
from .answers import supplied as supplied_answers
from .answers.placeholders import Placeholder
from .answers.shapes import function_name, token_for
from .answers.supplied import same
from .answers.table import OFFERING, PURE, Row, table
from .errors import PreviewError
from .stack_config import PROVIDER_DEFAULT_REGION

__all__ = [
    "DataSourceRejected",
    "DataSourceUnanswered",
    "DataSources",
    "Placeholder",
    "function_name",
    "token_for",
]

_RESOURCE_ID_PREFIX = "placeholder-"  # the monitor's placeholder IDs of created resources


class DataSourceUnanswered(PreviewError):
    """A data source the preview cannot answer offline; the message says how to supply it."""


class DataSourceRejected(PreviewError):
    """Arguments the provider itself rejects, as the real preview would: the message names the field and rule."""


@dataclass(frozen=True)
class _Call:
    token: str
    function: str
    args: dict[str, Any]
    how: str  # "file", "exact", "catalogue", "placeholder", "refused"
    detail: str = ""
    placeholders: tuple[Placeholder, ...] = ()


# --------------------------------------------------------------------------- the public face


class DataSources:
    """Answers Invoke calls for one preview run; remembers how each was answered for the report.

    ``region``: the stack's ``alicloud:region``; ``supplied``: the ``--data-sources`` file; ``strict``:
    refuse account state instead of answering it with placeholders; ``program_dir``: where pulumi-std's
    file functions and the CRC-64 data source read files (the provider's working directory under the CLI).
    """

    def __init__(
        self,
        region: str,
        supplied: Path | None = None,
        *,
        strict: bool = False,
        program_dir: Path | None = None,
    ) -> None:
        self.region = region
        self.supplied_path = supplied
        self.strict = strict
        self.program_dir = program_dir or Path.cwd()
        self._supplied = supplied_answers.load(supplied) if supplied is not None else {}
        self._calls: list[_Call] = []

    # ------------------------------------------------------------------ answering

    def invoke(self, token: str, args: Mapping[str, Any], region: str | None = None) -> dict[str, Any]:
        """The result object (camelCase, as the provider returns it) for one data source call.

        ``region``: the region of an explicit provider the call was made with, if the host knows it.
        Raises :class:`DataSourceUnanswered` when the call cannot be answered (a strict run's account state,
        an ID the program creates, a function no pinned SDK has) and :class:`DataSourceRejected` when the
        provider itself would reject the arguments.
        """
        call_args = {k: v for k, v in args.items() if v is not None}
        name = function_name(token)
        supplied = self._supplied.get(token)
        if supplied is not None:
            for wanted, result in supplied.entries:
                if wanted is None or supplied_answers.matches(wanted, call_args):
                    self._calls.append(_Call(token, name, call_args, "file", str(self.supplied_path)))
                    return _echo(copy.deepcopy(result), call_args, shapes.result_type(token))
        row = table().get(token)
        effective_region = region or self.region or PROVIDER_DEFAULT_REGION
        if row is None:
            reason = "no pinned SDK has this function, so its answer cannot be known offline"
            return self._refuse(token, name, call_args, reason, supplied)
        if row.kind != PURE and _creates(call_args):
            reason = (
                f"its arguments hold the ID of a resource this program creates ({_creates(call_args)}), which a "
                "real preview leaves unknown and never sends"
            )
            return self._refuse(token, name, call_args, reason, supplied)
        if row.kind == PURE:
            result, detail = self._exact(token, row, call_args, effective_region)
            if row.answer == "placeholder":
                invented = Placeholder(result["result"], token, name, dict(call_args), "result")
                self._calls.append(_Call(token, name, call_args, "placeholder", detail, (invented,)))
                return self._checked(token, shapes.completed(token, result), call_args)
            if row.note:
                detail += f"; {row.note}"
            return self._answered(token, name, call_args, "exact", detail, result)
        if row.kind == OFFERING:
            try:
                fact = _fact(token, row, effective_region, call_args)
            except catalogue.Refuse as refusal:
                fact = catalogue.Fact({}, f"not in the catalogue ({refusal})", sourced=False)
            if fact.sourced:
                return self._shaped(
                    token, name, call_args, effective_region, "catalogue", fact.detail, fact.result
                )
            if self.strict:
                return self._refuse(token, name, call_args, fact.detail, supplied)
            return self._shaped(
                token, name, call_args, effective_region, "placeholder", fact.detail, fact.result
            )
        if self.strict:
            reason = "its answer is account state and --strict-data-sources refuses placeholders"
            return self._refuse(token, name, call_args, reason, supplied)
        detail = "account state, not knowable offline" + (f" ({row.note})" if row.note else "")
        return self._shaped(token, name, call_args, effective_region, "placeholder", detail, None)

    def _exact(self, token: str, row: Row, args: dict[str, Any], region: str) -> tuple[dict[str, Any], str]:
        if token.startswith("std:"):
            function = token.rsplit(":", 1)[1]
            if function in std.PLACEHOLDER_FUNCTIONS:
                return {"result": std.placeholder(function, args)}, f"pure, not computed offline: {row.note}"
            how = "exact" if row.answer.startswith("exact") else "not byte for byte"
            try:
                return (
                    {"result": std.compute(function, args, self.program_dir)},
                    f"pulumi-std function, computed offline as the std provider computes it ({how})",
                )
            except std.StdError as exc:
                self._calls.append(_Call(token, function_name(token), args, "refused", str(exc)))
                raise DataSourceRejected(
                    f"data source {function_name(token)} ({token}): {exc} (pulumi-std rejects it)"
                ) from None
        if token == "alicloud:ram/getPolicyDocument:getPolicyDocument":
            return self._policy_document(token, args)
        if token == "alicloud:index/getFileCrc64Checksum:getFileCrc64Checksum":
            return self._crc64(token, args)
        if token.startswith("pulumi:providers:"):
            return {"result": {"region": region}}, "the provider's configuration: region only offline"
        raise DataSourceUnanswered(
            _refusal_message(token, function_name(token), args, "no offline computation")
        )

    def _policy_document(self, token: str, args: dict[str, Any]) -> tuple[dict[str, Any], str]:
        name = function_name(token)
        statements = args.get("statements") or []
        try:
            if not statements:
                raise catalogue.Refuse("with no statements the provider renders no document")
            document = policy_document.render(statements, args.get("version", "1"))
        except policy_document.Rejected as rejected:
            self._calls.append(_Call(token, name, args, "refused", str(rejected)))
            raise DataSourceRejected(
                f"data source {name} ({token}): {rejected.field} {rejected.rule} (the provider rejects it)"
            ) from None
        except (policy_document.OrderUnknown, catalogue.Refuse) as exc:
            self._calls.append(_Call(token, name, args, "refused", str(exc)))
            raise DataSourceUnanswered(_refusal_message(token, name, args, str(exc))) from None
        echoed = [{**statement, "effect": statement.get("effect") or "Allow"} for statement in statements]
        detail = "provider's own rendering, offline (no cloud call: exact)"
        if args.get("outputFile"):
            detail += f"; output_file {args['outputFile']!r} not written"
        result = {
            "document": document,
            "id": policy_document.document_id(document),
            "version": args.get("version", "1"),
            "statements": echoed,
        }
        return result, detail

    def _crc64(self, token: str, args: dict[str, Any]) -> tuple[dict[str, Any], str]:
        filename = str(args.get("filename") or "")
        path = Path(filename) if Path(filename).is_absolute() else self.program_dir / filename
        try:
            data = path.read_bytes()
        except OSError as exc:
            self._calls.append(_Call(token, function_name(token), args, "refused", str(exc)))
            raise DataSourceRejected(
                f"data source {function_name(token)} ({token}): filename {filename!r}: {exc.strerror} "
                "(the provider fails to read it too)"
            ) from None
        crc = str(checksum.crc64_ecma(data))
        return {
            "checksum": crc,
            "id": crc,
        }, "CRC-64/ECMA of the local file, computed offline (exact)"

    def _shaped(
        self,
        token: str,
        name: str,
        args: dict[str, Any],
        region: str,
        how: str,
        detail: str,
        given: Mapping[str, Any] | None,
    ) -> dict[str, Any]:
        zones = catalogue.zones_of(region)
        result, invented = placeholders.shaped(token, args, region, zones[0] if zones else "", given)
        if not (self.region or region != PROVIDER_DEFAULT_REGION):
            detail += (
                f"; alicloud:region unset, answered for the provider's default {PROVIDER_DEFAULT_REGION}"
            )
        self._calls.append(_Call(token, name, args, how, detail, tuple(invented)))
        return self._checked(token, result, args)

    def _answered(
        self, token: str, name: str, args: dict[str, Any], how: str, detail: str, result: dict[str, Any]
    ) -> dict[str, Any]:
        self._calls.append(_Call(token, name, args, how, detail))
        return self._checked(token, shapes.completed(token, result), args)

    def _checked(self, token: str, result: dict[str, Any], args: Mapping[str, Any]) -> dict[str, Any]:
        result = _echo(result, args, shapes.result_type(token))
        try:
            shapes.check_against_sdk(token, result)
        except (TypeError, AssertionError, ValueError) as exc:
            # An answer of ours that does not fit the SDK's class is our defect: say so, never blame the program.
            raise DataSourceUnanswered(
                f"data source {function_name(token)} ({token}): the offline answer does not fit the SDK's "
                f"result ({exc}); supply it with --data-sources FILE"
            ) from None
        return result

    def _refuse(
        self,
        token: str,
        name: str,
        args: dict[str, Any],
        reason: str,
        supplied: supplied_answers.Supplied | None,
    ) -> dict[str, Any]:
        if supplied is not None:
            reason = f"no entry for it in {self.supplied_path} matches these args; {reason}"
        self._calls.append(_Call(token, name, args, "refused", reason))
        raise DataSourceUnanswered(_refusal_message(token, name, args, reason))

    # ------------------------------------------------------------------ what was answered how

    def placeholders(self) -> list[Placeholder]:
        """Every value this run invented for a data source answer, in call order: the value, the call
        (token, function, args) and the result field (``vpcs[0].id``). A value is listed once per call."""
        found: list[Placeholder] = []
        seen: set[tuple[str, str, str]] = set()
        for call in self._calls:
            for placeholder in call.placeholders:
                key = (
                    placeholder.token,
                    json.dumps(placeholder.args, sort_keys=True, default=str),
                    placeholder.field,
                )
                if key not in seen:
                    seen.add(key)
                    found.append(placeholder)
        return found

    def placeholder(self, value: Any) -> list[Placeholder]:
        """The invented values equal to ``value`` (a string found in a resource's inputs, say), with where
        each came from; empty when the preview invented no such value. Zone IDs and the region are facts of
        the stack as well as placeholders, so a match on them is not proof that a value was invented."""
        return [placeholder for placeholder in self.placeholders() if same(placeholder.value, value)]

    def notes(self) -> list[str]:
        """One line per distinct data source call: what was asked and how it was answered; every
        placeholder answer says so and names the values it invented."""
        lines: list[str] = []
        seen: set[str] = set()
        for call in self._calls:
            args = _show_args(call.args)
            if call.how == "file":
                how = f"answered from {call.detail}"
            elif call.how == "refused":
                how = f"REFUSED: {call.detail}"
            elif call.how == "placeholder":
                how = f"PLACEHOLDER ({call.detail}): {_shown(call.placeholders)}; supply the real answer with --data-sources"
            else:
                how = f"answered from the {call.detail}"
                if call.placeholders:
                    how += f"; PLACEHOLDER values: {_shown(call.placeholders)}"
            line = f"Data source {call.function}({args}) [{call.token}]: {how}"
            if line not in seen:
                seen.add(line)
                lines.append(line)
        return lines


def _shown(invented: Sequence[Placeholder], limit: int = 6) -> str:
    if not invented:
        return "no values invented (every property empty or echoed from the call)"
    shown = ", ".join(f"{p.field}={json.dumps(p.value)}" for p in invented[:limit])
    more = len(invented) - limit
    return shown + (f" (+{more} more)" if more > 0 else "")


def _fact(token: str, row: Row, region: str, args: Mapping[str, Any]) -> catalogue.Fact:
    """The catalogue's answer for an offering-facts row."""
    answer = catalogue.BY_TOKEN.get(token) or catalogue.ANSWERS.get(row.answer)
    if answer is not None:
        return answer(region, args)
    if row.answer == "catalogue: region zones":
        main_list, zone_field = _zone_list(token)
        return catalogue.region_zones(main_list, zone_field)(region, args)
    raise catalogue.Refuse(f"no catalogue answer for {row.answer!r}")


def _zone_list(token: str) -> tuple[str, str]:
    """The result's list of zones and its items' zone property (``zones``, ``zoneId`` or ``id``)."""
    result = shapes.result_type(token)
    for pulumi_name, (_, declared) in (shapes.properties(result) if result else {}).items():
        inner = (
            shapes.element(shapes.unwrap_optional(declared))
            if shapes.is_list(shapes.unwrap_optional(declared))
            else None
        )
        if inner is not None and shapes.is_output_type(inner):
            fields = shapes.properties(inner)
            return pulumi_name, "zoneId" if "zoneId" in fields else "id"
    return "zones", "id"


def _creates(args: Any) -> str:
    """The first ID of a resource the program creates among ``args`` (nested), or ""."""
    if isinstance(args, str):
        return args if args.startswith(_RESOURCE_ID_PREFIX) else ""
    values = args.values() if isinstance(args, Mapping) else args if isinstance(args, list) else ()
    return next((found for found in map(_creates, values) if found), "")


def _echo(result: dict[str, Any], args: Mapping[str, Any], result_type: type | None) -> dict[str, Any]:
    """The provider echoes the call's arguments in its result (``output_file``, ``name_regex``, ...)."""
    known = shapes.properties(result_type) if result_type else {}
    for key, value in args.items():
        if key in known and result.get(key) in (None, "", [], {}, False, 0):
            declared = shapes.unwrap_optional(known[key][1])
            if declared is float and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)  # over gRPC every number is a double; the SDK checks for float
            if declared is int and isinstance(value, float) and value.is_integer():
                value = int(value)
            result[key] = value
    return result


def _plain_numbers(value: Any) -> Any:
    """Whole doubles (gRPC's only number) back to the integers the program wrote: 36.0 -> 36."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_plain_numbers(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain_numbers(v) for k, v in value.items()}
    return value


def _show_args(args: Mapping[str, Any]) -> str:
    """``name_regex='^x$', cpu_core_count=2``: Python spelling, whole numbers without the gRPC ``.0``."""
    return ", ".join(f"{shapes.snake(k)}={_plain_numbers(v)!r}" for k, v in sorted(args.items()))


def _refusal_message(token: str, function: str, args: Mapping[str, Any], reason: str) -> str:
    shown = _show_args(args) or "no arguments"
    result_type = shapes.result_type(token)
    fields = f" (its properties: {', '.join(sorted(shapes.properties(result_type)))})" if result_type else ""
    snippet_args = json.dumps(_plain_numbers(dict(sorted(args.items()))), sort_keys=True)
    return (
        f"data source {function} ({token}) called with {shown} cannot be answered offline: {reason}. "
        f"Supply its result with --data-sources FILE (YAML or JSON), e.g. "
        f"`{function}: [{{args: {snippet_args}, result: {{...}}}}]`{fields}"
    )
