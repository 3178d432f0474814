"""Answers the user supplied with ``--data-sources FILE``: they override every offline answer.

The file (YAML or JSON) maps a data source (its token or the SDK function a program calls) to a result, or to
a list of ``{args, result}`` matched on the arguments given (a subset match; the first that matches wins).
Each result is completed to the SDK's result type and checked against it when the file is read, so a wrong
answer is one error naming the file and the entry, before anything runs.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import PreviewError
from ..safe_yaml import read_yaml
from . import shapes
from .shapes import function_name, token_for
from .table import table


def same(wanted: Any, given: Any) -> bool:
    """Equality of supplied and sent values: 36 and 36.0 are one number (gRPC sends every number as a
    double), a boolean is never a number, lists and maps compare element by element."""
    if isinstance(wanted, bool) or isinstance(given, bool):
        return isinstance(wanted, bool) and isinstance(given, bool) and wanted == given
    if isinstance(wanted, (int, float)) and isinstance(given, (int, float)):
        return float(wanted) == float(given)
    if isinstance(wanted, Mapping) and isinstance(given, Mapping):
        return set(wanted) == set(given) and all(same(wanted[k], given[k]) for k in wanted)
    if isinstance(wanted, list) and isinstance(given, list):
        return len(wanted) == len(given) and all(same(w, g) for w, g in zip(wanted, given, strict=True))
    return bool(wanted == given)


def _normalise_args(args: Mapping[str, Any]) -> dict[str, Any]:
    return {shapes.camel(str(k)) if "_" in str(k) else str(k): v for k, v in args.items()}


def matches(wanted: Mapping[str, Any], args: Mapping[str, Any]) -> bool:
    """Subset match: every supplied arg equals the call's (camelCase either side)."""
    return all(key in args and same(value, args[key]) for key, value in _normalise_args(wanted).items())


@dataclass(frozen=True)
class Supplied:
    token: str
    entries: tuple[tuple[dict[str, Any] | None, dict[str, Any]], ...]  # (args or None for "any", result)


def load(path: Path) -> dict[str, Supplied]:
    if path.suffix.lower() == ".json":
        try:
            doc = json.loads(path.read_text(encoding="utf-8-sig"))
        except OSError as exc:
            raise PreviewError(f"--data-sources {path}: cannot read it: {exc.strerror}") from None
        except ValueError as exc:
            raise PreviewError(f"--data-sources {path} is not valid JSON: {exc}") from None
    else:
        doc = read_yaml(path)
    if not isinstance(doc, dict):
        raise PreviewError(
            f"--data-sources {path}: expected a mapping of data source (token or SDK function name) to its result"
        )
    names = {row.function: token for token, row in table().items()}
    supplied: dict[str, Supplied] = {}
    for key, value in doc.items():
        where = f"--data-sources {path}: {key}"
        try:
            token = names.get(str(key).replace("pulumi_alicloud.", "alicloud.", 1)) or token_for(str(key))
        except ValueError as exc:
            raise PreviewError(f"{where}: {exc}") from None
        if token in supplied:
            raise PreviewError(f"{where}: {token} is given twice")
        entries: list[tuple[dict[str, Any] | None, dict[str, Any]]] = []
        if isinstance(value, dict):
            entries.append((None, value))
        elif isinstance(value, list) and value:
            for index, entry in enumerate(value):
                if (
                    not isinstance(entry, dict)
                    or not isinstance(entry.get("result"), dict)
                    or set(entry) - {"args", "result"}
                ):
                    raise PreviewError(f"{where}[{index}]: expected {{args: {{...}}, result: {{...}}}}")
                if not isinstance(entry.get("args", {}), dict):
                    raise PreviewError(f"{where}[{index}].args: expected a mapping of argument to value")
                entries.append((entry.get("args") or {}, entry["result"]))
        else:
            raise PreviewError(f"{where}: expected a result mapping or a non-empty list of {{args, result}}")
        completed = []
        for index, (args, result) in enumerate(entries):
            full = shapes.completed(token, result)
            try:
                shapes.check_against_sdk(token, full)
            except (TypeError, AssertionError, ValueError) as exc:
                at = f"[{index}].result" if args is not None else ""
                raise PreviewError(
                    f"{where}{at}: does not fit {function_name(token)}'s result: {exc}"
                ) from None
            completed.append((args, full))
        supplied[token] = Supplied(token=token, entries=tuple(completed))
    return supplied
