"""Answers the data sources a program calls (Invoke), offline.

Three sources, in this order:

1. ``--data-sources FILE``: what the user supplied (by token or SDK function name; a plain result or a list of
   ``{args, result}`` matched on args), always first.
2. The checked-in catalogue (``data/datasources/alicloud.json``): real, dated, sourced facts — regions and their
   zones, public images, common instance types — and a clearly marked placeholder account; and what the
   provider computes without calling the cloud (``ram.get_policy_document``, :mod:`.policy_document`), exactly.
3. Nothing else: a data source whose answer is account state (VPCs, vSwitches, keys, resource groups) is refused
   with :class:`DataSourceUnanswered`, naming the data source and how to supply it. A guessed answer would let a
   policy pass or fail on a fiction.

Every answer is shaped by the SDK's own result type (``pulumi_alicloud``'s ``Get...Result`` and its nested
output types): missing properties are filled with empty values of their declared type and supplied results are
checked against it, so an answer never crashes the SDK's result class inside the program.
"""

from __future__ import annotations

import copy
import hashlib
import importlib
import json
import re
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from . import policy_document
from .errors import PreviewError
from .safe_yaml import read_yaml
from .stack_config import PROVIDER_DEFAULT_REGION

CATALOGUE = "alicloud.json"
_TOKEN_RE = re.compile(
    r"^(?P<pkg>[a-z0-9-]+):(?P<mod>[A-Za-z0-9/_-]+)/(?P<file>[A-Za-z0-9_]+):(?P<fn>[A-Za-z0-9_]+)$"
)


class DataSourceUnanswered(PreviewError):
    """A data source the preview cannot answer offline; the message says how to supply it."""


class DataSourceRejected(PreviewError):
    """Arguments the provider itself rejects, as the real preview would: the message names the field and rule."""


@dataclass(frozen=True)
class _Call:
    token: str
    function: str
    args: dict[str, Any]
    how: str  # "catalogue", "file", "refused"
    detail: str = ""


# --------------------------------------------------------------------------- names


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def function_name(token: str) -> str:
    """``alicloud:ecs/getImages:getImages`` -> ``alicloud.ecs.get_images`` (what a program calls)."""
    match = _TOKEN_RE.match(token)
    if not match:
        return token
    module = match["mod"].replace("/", ".")
    prefix = match["pkg"] if module == "index" else f"{match['pkg']}.{module}"
    return f"{prefix}.{_snake(match['fn'])}"


def token_for(name: str) -> str:
    """A token from either spelling: the token itself, ``alicloud.get_zones`` or ``pulumi_alicloud.ecs.get_images``."""
    if ":" in name:
        return name
    parts = name.split(".")
    if parts[0] == "pulumi_alicloud":
        parts[0] = "alicloud"
    if len(parts) < 2 or not parts[-1].startswith("get_"):
        raise ValueError(
            f"{name!r} is neither a token (alicloud:index/getZones:getZones) nor an SDK function name"
        )
    fn = _camel(parts[-1])
    module = "/".join(parts[1:-1]) or "index"
    return f"{parts[0]}:{module}/{fn}:{fn}"


# --------------------------------------------------------------------------- SDK result shapes


@cache
def _result_type(token: str) -> type | None:
    """The SDK's ``Get...Result`` class for ``token``, or None when the SDK has no such function."""
    match = _TOKEN_RE.match(token)
    if not match or match["pkg"] != "alicloud":
        return None
    module = match["mod"].replace("/", ".")
    # The class is taken from the package, which re-exports it: importing the function's own module
    # first would bind that module over the function of the same name on the (lazily loaded) package,
    # and a program in this process calling e.g. alicloud.vpc.get_networks would then call a module.
    package = "pulumi_alicloud" if module == "index" else f"pulumi_alicloud.{module}"
    try:
        sdk_module = importlib.import_module(package)
    except ImportError:
        return None
    result = getattr(sdk_module, match["fn"][0].upper() + match["fn"][1:] + "Result", None)
    return result if isinstance(result, type) else None


def _properties(output_type: type) -> dict[str, tuple[str, Any]]:
    """pulumi name -> (python name, declared type) of an SDK output type."""
    from pulumi import _types

    hints = _types.output_type_types(output_type)
    return {pulumi: (python, hints.get(pulumi)) for python, pulumi, _ in _types._py_properties(output_type)}


def _is_output_type(candidate: Any) -> bool:
    from pulumi import _types

    return isinstance(candidate, type) and _types.is_output_type(candidate)


def _empty(declared: Any) -> Any:
    """The empty value of a declared property type: what a provider returns for "nothing here"."""
    declared = _unwrap_optional(declared)
    origin = typing.get_origin(declared)
    if origin in (list, Sequence, typing.Sequence) or declared is list:
        return []
    if origin in (dict, Mapping, typing.Mapping) or declared is dict:
        return {}
    if _is_output_type(declared):
        return _complete({}, declared)
    return {str: "", int: 0, float: 0.0, bool: False}.get(declared)


def _unwrap_optional(declared: Any) -> Any:
    if typing.get_origin(declared) is typing.Union:
        args = [a for a in typing.get_args(declared) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return declared


def _complete(value: Mapping[str, Any], output_type: type) -> dict[str, Any]:
    """``value`` with snake_case keys renamed to the SDK's names and every missing property filled."""
    properties = _properties(output_type)
    by_python = {python: pulumi for pulumi, (python, _) in properties.items()}
    out: dict[str, Any] = {}
    for key, item in value.items():
        name = key if key in properties else by_python.get(key, key)
        declared = _unwrap_optional(properties[name][1]) if name in properties else None
        out[name] = _complete_value(item, declared)
    for name, (_, declared) in properties.items():
        if name not in out:
            out[name] = _empty(declared)
    return out


def _complete_value(item: Any, declared: Any) -> Any:
    if declared is None:
        return item
    if _is_output_type(declared) and isinstance(item, Mapping):
        return _complete(item, declared)
    origin = typing.get_origin(declared)
    if origin in (list, Sequence, typing.Sequence) and isinstance(item, list):
        (element,) = typing.get_args(declared) or (None,)
        return [_complete_value(v, _unwrap_optional(element)) for v in item]
    return item


def _check_against_sdk(token: str, result: dict[str, Any]) -> None:
    """Builds the SDK's result object from ``result`` exactly as the program's SDK will; raises on a mismatch."""
    result_type = _result_type(token)
    if result_type is None:
        return
    from pulumi.runtime import rpc

    rpc.translate_output_properties(copy.deepcopy(result), lambda name: name, result_type)


# --------------------------------------------------------------------------- the catalogue


@cache
def _catalogue() -> dict[str, Any]:
    data = resources.files("retail_ai_components.preview").joinpath("data").joinpath("datasources")
    loaded: dict[str, Any] = json.loads(data.joinpath(CATALOGUE).read_text("utf-8"))
    return loaded


def _result_id(*parts: Any) -> str:
    """A stable id for a data source result (the provider hashes its answer; its value means nothing)."""
    digest = hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()
    return str(int(digest[:8], 16))


class _Refuse(Exception):
    """The catalogue cannot answer this call; the reason ends up in DataSourceUnanswered."""


def _ignored(args: Mapping[str, Any], names: Sequence[str]) -> list[str]:
    return [f"{name}={args[name]!r}" for name in names if args.get(name) not in (None, "", False, [])]


def _get_regions(region: str, args: Mapping[str, Any]) -> tuple[dict[str, Any], str]:
    regions = _catalogue()["regions"]
    wanted = args.get("name") or (region if args.get("current") else None)
    if wanted and wanted not in regions:
        raise _Refuse(f"region {wanted!r} is not in the catalogue")
    chosen = [wanted] if wanted else sorted(regions)
    items = [{"id": r, "regionId": r, "localName": regions[r]["localName"]} for r in chosen]
    return {
        "regions": items,
        "ids": chosen,
        "id": _result_id("regions", chosen),
    }, "catalogue (dated regions list)"


def _get_zones(region: str, args: Mapping[str, Any]) -> tuple[dict[str, Any], str]:
    entry = _catalogue()["regions"].get(region)
    if entry is None:
        raise _Refuse(f"region {region!r} is not in the catalogue")
    if entry["zones"] is None:
        raise _Refuse(f"the zones of {region} are not in the catalogue ({entry['zonesNote']})")
    if args.get("multi"):
        raise _Refuse("multi-zone IDs (multi=true) are per-service stock, not knowable offline")
    ignored = _ignored(
        args,
        [
            "availableResourceCreation",
            "availableInstanceType",
            "availableDiskCategory",
            "availableSlbAddressType",
            "availableSlbAddressIpVersion",
            "instanceChargeType",
            "networkType",
            "spotStrategy",
            "enableDetails",
        ],
    )
    zones = [{"id": zone, "localName": _zone_name(entry["localName"], zone)} for zone in entry["zones"]]
    detail = "catalogue (sourced zone list)"
    if ignored:
        detail += f"; all sourced zones returned, filters not knowable offline: {', '.join(ignored)}"
    ids = [z["id"] for z in zones]
    return {"zones": zones, "ids": ids, "id": _result_id("zones", region, ids)}, detail


def _zone_name(region_name: str, zone: str) -> str:
    city = region_name.split("(")[-1].rstrip(")") if "(" in region_name else region_name
    return f"{city} Zone {zone[-1].upper()}"


def _get_account(region: str, args: Mapping[str, Any]) -> tuple[dict[str, Any], str]:
    account = _catalogue()["account"]
    return {"id": account["accountId"]}, f"catalogue: PLACEHOLDER account ID {account['accountId']}"


def _get_caller_identity(region: str, args: Mapping[str, Any]) -> tuple[dict[str, Any], str]:
    account = _catalogue()["account"]
    result = {
        "accountId": account["accountId"],
        "arn": account["arn"],
        "identityType": account["identityType"],
        "id": account["accountId"],
    }
    return result, f"catalogue: PLACEHOLDER caller identity (account {account['accountId']})"


def _get_images(region: str, args: Mapping[str, Any]) -> tuple[dict[str, Any], str]:
    owners = args.get("owners")
    if owners not in (None, "", "system"):
        raise _Refuse(f"owners={owners!r}: the account's own and shared images are account state")
    for name in (
        "imageId",
        "imageName",
        "imageFamily",
        "snapshotId",
        "resourceGroupId",
        "tags",
        "imageOwnerId",
    ):
        if args.get(name):
            raise _Refuse(f"{name}={args[name]!r} selects images the catalogue cannot vouch for")
    items = _catalogue()["images"]["items"]
    try:
        pattern = re.compile(args["nameRegex"]) if args.get("nameRegex") else None
    except re.error as exc:
        raise _Refuse(
            f"nameRegex {args['nameRegex']!r} is not a regular expression this tool can read: {exc}"
        ) from None
    matches = [
        image
        for image in items
        if (pattern is None or pattern.search(image["id"]))
        and (not args.get("osType") or image["osType"] == args["osType"])
        and (not args.get("architecture") or image["architecture"] == args["architecture"])
    ]
    if not matches:
        raise _Refuse("no public image in the catalogue matches; the real answer may be a custom image")
    if args.get("mostRecent"):
        matches = matches[:1]  # the catalogue lists each OS family newest first
    images = [
        {
            "id": image["id"],
            "imageId": image["id"],
            "name": image["id"],
            "osName": image["osName"],
            "osNameEn": image["osName"],
            "osType": image["osType"],
            "platform": image["platform"],
            "architecture": image["architecture"],
            "size": image["size"],
            "creationTime": image.get("creationTime", ""),
            "imageOwnerAlias": "system",
            "status": "Available",
            "state": "Available",
            "usage": "instance",
            "isSupportIoOptimized": True,
            "progress": "100%",
        }
        for image in matches
    ]
    ids = [image["id"] for image in images]
    placeholders = [image["id"] for image in matches if image["placeholder"]]
    detail = "catalogue (public system images)"
    if placeholders:
        detail += f"; PLACEHOLDER image IDs (shape of Alibaba's public image IDs, not real): {', '.join(placeholders)}"
    return {"images": images, "ids": ids, "id": _result_id("images", ids)}, detail


def _get_instance_types(region: str, args: Mapping[str, Any]) -> tuple[dict[str, Any], str]:
    catalogue = _catalogue()
    for name in ("gpuAmount", "gpuSpec", "kubernetesNodeRole", "imageId"):
        if args.get(name):
            raise _Refuse(f"{name}={args[name]!r}: the catalogue holds common CPU families only")
    items = catalogue["instanceTypes"]["items"]
    cpu, memory = args.get("cpuCoreCount"), args.get("memorySize")
    family, exact = args.get("instanceTypeFamily"), args.get("instanceType")
    matches = [
        item
        for item in items
        if (cpu is None or item["cpuCoreCount"] == cpu)
        and (memory is None or float(item["memorySize"]) == float(memory))
        and (not family or item["family"] == family)
        and (not exact or item["id"] == exact)
    ]
    if not matches:
        raise _Refuse("no instance type in the catalogue's common families matches these filters")
    zones = (catalogue["regions"].get(region) or {}).get("zones") or []
    zone = args.get("availabilityZone")
    if zone and zone not in zones:
        raise _Refuse(f"availabilityZone {zone!r} is not a sourced zone of {region}")
    in_zones = [zone] if zone else list(zones)
    matches = sorted(matches, key=lambda item: (item["cpuCoreCount"], item["memorySize"], item["id"]))
    types = [
        {
            "id": item["id"],
            "family": item["family"],
            "cpuCoreCount": item["cpuCoreCount"],
            "memorySize": float(item["memorySize"]),
            "availabilityZones": in_zones,
            "gpus": [{"amount": "0", "category": ""}],
            "burstableInstances": [{"initialCredit": "", "baselineCredit": ""}],
            "localStorages": [{"capacity": "", "amount": "", "category": ""}],
        }
        for item in matches
    ]
    ids = [t["id"] for t in types]
    ignored = _ignored(
        args, ["instanceChargeType", "networkType", "spotStrategy", "systemDiskCategory", "sortedBy"]
    )
    detail = "catalogue (common instance families; stock per zone not knowable offline)"
    if ignored:
        detail += f"; ignored: {', '.join(ignored)}"
    return {"instanceTypes": types, "ids": ids, "id": _result_id("types", ids)}, detail


def _get_policy_document(region: str, args: Mapping[str, Any]) -> tuple[dict[str, Any], str]:
    statements = args.get("statements") or []
    if not statements:
        raise _Refuse("with no statements the provider renders no document")
    try:
        document = policy_document.render(statements, args.get("version", "1"))
    except policy_document.OrderUnknown as exc:
        raise _Refuse(str(exc)) from None
    # Rendered, so every statement is a mapping.
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


_ANSWERS = {
    "alicloud:index/getRegions:getRegions": _get_regions,
    "alicloud:index/getZones:getZones": _get_zones,
    "alicloud:index/getAccount:getAccount": _get_account,
    "alicloud:index/getCallerIdentity:getCallerIdentity": _get_caller_identity,
    "alicloud:ecs/getImages:getImages": _get_images,
    "alicloud:ecs/getInstanceTypes:getInstanceTypes": _get_instance_types,
    "alicloud:ram/getPolicyDocument:getPolicyDocument": _get_policy_document,
}


# --------------------------------------------------------------------------- supplied answers


def _normalise_args(args: Mapping[str, Any]) -> dict[str, Any]:
    return {_camel(str(k)) if "_" in str(k) else str(k): v for k, v in args.items()}


def _matches(wanted: Mapping[str, Any], args: Mapping[str, Any]) -> bool:
    """Subset match: every supplied arg equals the call's (camelCase either side)."""
    return all(args.get(key) == value for key, value in _normalise_args(wanted).items())


@dataclass(frozen=True)
class _Supplied:
    token: str
    entries: tuple[tuple[dict[str, Any] | None, dict[str, Any]], ...]  # (args or None for "any", result)


def _load_supplied(path: Path) -> dict[str, _Supplied]:
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
    supplied: dict[str, _Supplied] = {}
    for key, value in doc.items():
        where = f"--data-sources {path}: {key}"
        try:
            token = token_for(str(key))
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
                    or set(entry)
                    - {
                        "args",
                        "result",
                    }
                ):
                    raise PreviewError(f"{where}[{index}]: expected {{args: {{...}}, result: {{...}}}}")
                if not isinstance(entry.get("args", {}), dict):
                    raise PreviewError(f"{where}[{index}].args: expected a mapping of argument to value")
                entries.append((entry.get("args") or {}, entry["result"]))
        else:
            raise PreviewError(f"{where}: expected a result mapping or a non-empty list of {{args, result}}")
        result_type = _result_type(token)
        completed = []
        for index, (args, result) in enumerate(entries):
            full = _complete(result, result_type) if result_type else dict(result)
            try:
                _check_against_sdk(token, full)
            except (TypeError, AssertionError, ValueError) as exc:
                at = f"[{index}].result" if args is not None else ""
                raise PreviewError(
                    f"{where}{at}: does not fit {function_name(token)}'s result: {exc}"
                ) from None
            completed.append((args, full))
        supplied[token] = _Supplied(token=token, entries=tuple(completed))
    return supplied


# --------------------------------------------------------------------------- the public face


class DataSources:
    """Answers Invoke calls for one preview run; remembers how each was answered for the report."""

    def __init__(self, region: str, supplied: Path | None = None) -> None:
        self.region = region
        self.supplied_path = supplied
        self._supplied = _load_supplied(supplied) if supplied is not None else {}
        self._calls: list[_Call] = []

    def invoke(self, token: str, args: Mapping[str, Any], region: str | None = None) -> dict[str, Any]:
        """The result object (camelCase, as the provider returns it) for one data source call.

        ``region``: the region of an explicit provider the call was made with, if the host knows it.
        Raises :class:`DataSourceUnanswered` when neither the supplied file nor the catalogue can answer.
        """
        call_args = {k: v for k, v in args.items() if v is not None}
        name = function_name(token)
        supplied = self._supplied.get(token)
        if supplied is not None:
            for wanted, result in supplied.entries:
                if wanted is None or _matches(wanted, call_args):
                    self._calls.append(_Call(token, name, call_args, "file", str(self.supplied_path)))
                    return _echo(copy.deepcopy(result), call_args, _result_type(token))
        answer = _ANSWERS.get(token)
        reason = "its answer is account state (or not in the catalogue) and cannot be known offline"
        if answer is not None:
            effective_region = region or self.region or PROVIDER_DEFAULT_REGION
            try:
                result, detail = answer(effective_region, call_args)
            except _Refuse as refusal:
                reason = str(refusal)
            except policy_document.Rejected as rejected:
                self._calls.append(_Call(token, name, call_args, "refused", str(rejected)))
                raise DataSourceRejected(
                    f"data source {name} ({token}): {rejected.field} {rejected.rule} (the provider rejects it)"
                ) from None
            else:
                if not (region or self.region):
                    detail += f"; alicloud:region unset, answered for the provider's default {PROVIDER_DEFAULT_REGION}"
                result_type = _result_type(token)
                full = _complete(result, result_type) if result_type else result
                self._calls.append(_Call(token, name, call_args, "catalogue", detail))
                return _echo(full, call_args, result_type)
        if supplied is not None:
            reason = f"no entry for it in {self.supplied_path} matches these args"
        self._calls.append(_Call(token, name, call_args, "refused", reason))
        raise DataSourceUnanswered(_refusal_message(token, name, call_args, reason))

    def notes(self) -> list[str]:
        """One line per distinct data source call: what was asked and how it was answered."""
        lines: list[str] = []
        seen: set[str] = set()
        for call in self._calls:
            args = _show_args(call.args)
            how = {"file": "answered from", "catalogue": "answered from the", "refused": "REFUSED:"}[call.how]
            where = {"file": call.detail, "catalogue": call.detail, "refused": call.detail}[call.how]
            line = f"Data source {call.function}({args}) [{call.token}]: {how} {where}"
            if line not in seen:
                seen.add(line)
                lines.append(line)
        return lines


def _echo(result: dict[str, Any], args: Mapping[str, Any], result_type: type | None) -> dict[str, Any]:
    """The provider echoes the call's arguments in its result (``output_file``, ``name_regex``, ...)."""
    known = _properties(result_type) if result_type else {}
    for key, value in args.items():
        if key in known and result.get(key) in (None, "", [], {}, False, 0):
            declared = _unwrap_optional(known[key][1])
            if declared is float and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)  # over gRPC every number is a double; the SDK checks for float
            result[key] = value
    return result


def _show_args(args: Mapping[str, Any]) -> str:
    """``name_regex='^x$', cpu_core_count=2``: Python spelling, whole numbers without the gRPC ``.0``."""

    def show(value: Any) -> str:
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return repr(value)

    return ", ".join(f"{_snake(k)}={show(v)}" for k, v in sorted(args.items()))


def _refusal_message(token: str, function: str, args: Mapping[str, Any], reason: str) -> str:
    shown = _show_args(args) or "no arguments"
    result_type = _result_type(token)
    fields = f" (its properties: {', '.join(sorted(_properties(result_type)))})" if result_type else ""
    snippet_args = json.dumps(dict(sorted(args.items())), sort_keys=True)
    return (
        f"data source {function} ({token}) called with {shown} cannot be answered offline: {reason}. "
        f"Supply its result with --data-sources FILE (YAML or JSON), e.g. "
        f"`{function}: [{{args: {snippet_args}, result: {{...}}}}]`{fields}"
    )
