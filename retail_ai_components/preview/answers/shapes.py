"""Names and result shapes of data sources, read from the SDK the program runs with.

Every answer, whatever its kind, ends as the SDK's own result class (``Get...Result`` and its nested output
types) inside the program: missing properties are filled with the empty value of their declared type, and
the completed answer is built into that class here first, exactly as the program's SDK will, so an answer
that does not fit stops the run naming the data source instead of crashing inside the program.
"""

from __future__ import annotations

import copy
import importlib
import re
import typing
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

# alicloud:vpc/getNetworks:getNetworks; std:index:format (a module-less token, as pulumi-std's)
_TOKEN_RE = re.compile(
    r"^(?P<pkg>[a-z0-9-]+):(?:(?P<mod>[A-Za-z0-9/_-]+)/(?P<file>[A-Za-z0-9_]+)|index):(?P<fn>[A-Za-z0-9_]+)$"
)
# The Python distributions whose functions the preview answers, by package name in the token.
SDK_PACKAGES = {"alicloud": "pulumi_alicloud", "std": "pulumi_std"}
PROVIDER_CALL = re.compile(r"^pulumi:providers:(?P<pkg>[a-z0-9-]+)/(?P<method>\w+)$")


def snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def function_name(token: str) -> str:
    """``alicloud:ecs/getImages:getImages`` -> ``alicloud.ecs.get_images`` (what a program calls);
    ``std:index:format`` -> ``std.format``; a provider method -> ``alicloud.Provider.terraform_config``."""
    call = PROVIDER_CALL.match(token)
    if call:
        return f"{call['pkg']}.Provider.{snake(call['method'])}"
    match = _TOKEN_RE.match(token)
    if not match:
        return token
    module = (match["mod"] or "index").replace("/", ".")
    prefix = match["pkg"] if module == "index" else f"{match['pkg']}.{module}"
    return f"{prefix}.{snake(match['fn'])}"


def token_for(name: str) -> str:
    """A token from either spelling: the token itself, ``alicloud.get_zones`` or ``pulumi_alicloud.ecs.get_images``."""
    if ":" in name:
        return name
    parts = name.split(".")
    for package, distribution in SDK_PACKAGES.items():
        if parts[0] == distribution:
            parts[0] = package
    if parts[0] == "std" and len(parts) == 2:
        return f"std:index:{camel(parts[1])}"
    if len(parts) < 2 or not parts[-1].startswith("get_"):
        raise ValueError(
            f"{name!r} is neither a token (alicloud:index/getZones:getZones) nor an SDK function name"
        )
    fn = camel(parts[-1])
    module = "/".join(parts[1:-1]) or "index"
    return f"{parts[0]}:{module}/{fn}:{fn}"


@cache
def result_type(token: str) -> type | None:
    """The SDK's result class for ``token``, or None when the installed SDKs have no such function."""
    call = PROVIDER_CALL.match(token)
    if call:
        distribution = SDK_PACKAGES.get(call["pkg"])
        provider = getattr(_module(distribution), "Provider", None) if distribution else None
        found = getattr(
            provider, camel(call["method"])[:1].upper() + camel(call["method"])[1:] + "Result", None
        )
        return found if isinstance(found, type) else None
    match = _TOKEN_RE.match(token)
    if not match or match["pkg"] not in SDK_PACKAGES:
        return None
    module = (match["mod"] or "index").replace("/", ".")
    # The class is taken from the package, which re-exports it: importing the function's own module
    # first would bind that module over the function of the same name on the (lazily loaded) package,
    # and a program in this process calling e.g. alicloud.vpc.get_networks would then call a module.
    distribution = SDK_PACKAGES[match["pkg"]]
    sdk_module = _module(distribution if module == "index" else f"{distribution}.{module}")
    found = getattr(sdk_module, match["fn"][0].upper() + match["fn"][1:] + "Result", None)
    return found if isinstance(found, type) else None


def _module(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def properties(output_type: type) -> dict[str, tuple[str, Any]]:
    """pulumi name -> (python name, declared type) of an SDK output type."""
    from pulumi import _types

    hints = _types.output_type_types(output_type)
    return {pulumi: (python, hints.get(pulumi)) for python, pulumi, _ in _types._py_properties(output_type)}


def is_output_type(candidate: Any) -> bool:
    from pulumi import _types

    return isinstance(candidate, type) and _types.is_output_type(candidate)


def unwrap_optional(declared: Any) -> Any:
    if typing.get_origin(declared) is typing.Union:
        args = [a for a in typing.get_args(declared) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return declared


def is_list(declared: Any) -> bool:
    return typing.get_origin(declared) in (list, Sequence, typing.Sequence) or declared is list


def is_mapping(declared: Any) -> bool:
    return typing.get_origin(declared) in (dict, Mapping, typing.Mapping) or declared is dict


def element(declared: Any) -> Any:
    """The element type of a declared list (None when it does not say)."""
    args = typing.get_args(declared)
    return unwrap_optional(args[0]) if args else None


def empty(declared: Any) -> Any:
    """The empty value of a declared property type: what a provider returns for "nothing here"."""
    declared = unwrap_optional(declared)
    if is_list(declared):
        return []
    if is_mapping(declared):
        return {}
    if is_output_type(declared):
        return complete({}, declared)
    return {str: "", int: 0, float: 0.0, bool: False}.get(declared)


def complete(value: Mapping[str, Any], output_type: type) -> dict[str, Any]:
    """``value`` with snake_case keys renamed to the SDK's names and every missing property filled."""
    props = properties(output_type)
    by_python = {python: pulumi for pulumi, (python, _) in props.items()}
    out: dict[str, Any] = {}
    for key, item in value.items():
        name = key if key in props else by_python.get(key, key)
        declared = unwrap_optional(props[name][1]) if name in props else None
        out[name] = complete_value(item, declared)
    for name, (_, declared) in props.items():
        if name not in out:
            out[name] = empty(declared)
    return out


def complete_value(item: Any, declared: Any) -> Any:
    if declared is None:
        return item
    if is_output_type(declared) and isinstance(item, Mapping):
        return complete(item, declared)
    if is_list(declared) and isinstance(item, list):
        inner = element(declared)
        return [complete_value(v, inner) for v in item]
    if declared is float and isinstance(item, int) and not isinstance(item, bool):
        return float(item)  # over gRPC every number is a double; the SDK checks for float
    return item


def check_against_sdk(token: str, result: dict[str, Any]) -> None:
    """Builds the SDK's result object from ``result`` exactly as the program's SDK will; raises on a mismatch."""
    found = result_type(token)
    if found is None:
        return
    from pulumi.runtime import rpc

    rpc.translate_output_properties(copy.deepcopy(result), lambda name: name, found)


def completed(token: str, result: Mapping[str, Any]) -> dict[str, Any]:
    """``result`` completed to the SDK's result type of ``token`` (as given when the SDK has none)."""
    found = result_type(token)
    return complete(result, found) if found is not None else dict(result)
