"""Placeholder answers for data sources that read account state (VPCs, vSwitches, resource groups, keys).

A real preview asks the account; offline nobody can. Instead of refusing, the preview answers with a
placeholder shaped by the SDK's result type, the way it gives each created resource a placeholder ID:

* deterministic: the same call (data source and arguments) gets the same answer, in every run;
* echoing the filters given: ``ids=[...]`` gives one item per ID, ``names`` and ``name_regex`` name the
  items (a name the regex matches), and any argument that is also a property of the items (``vpc_id``,
  ``resource_group_id``, ``status``, ...) is that property's value, as the real items would have it;
* two items otherwise, so ``result.vpcs[0].id`` and ``result.ids[1]`` work as against an account with two;
* the stack's region for region properties and the region's first catalogued zone for zone properties;
* IDs shaped like Alibaba's (``vpc-placeholder…``, ``rg-placeholder…``, 16-digit account IDs), so they pass
  the provider's own validators (``resource_group_id`` must match ``rg-\\w+``) when the program passes them
  on; names contain ``placeholder`` unless the program's own filter named them;
* every other property the empty value of its type, as for "nothing here".

Each invented value is recorded as a :class:`Placeholder` (the value, the call, the result field), so the
report can list every one and a verdict that rests on one can say so.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from . import shapes

_V = TypeVar("_V")

ACCOUNT_ID = "0000000000000000"  # the catalogue's placeholder account (16 digits, the shape of a UID)
# Items of a list answer when the call names none: two, since programs take the second match as often as
# the first (``default.ids[1]``: 30 of the SDK's own examples).
ITEMS = 2
_MAX_DEPTH = 4

# Alibaba's ID prefixes, by the noun of the ``<noun>_id`` property or of the data source's items. "#digits"
# is a numeric ID (accounts, users); anything not listed is ``<noun>-placeholder…``. Only the shape matters:
# the provider validates resource group IDs (``rg-\w+``) and numeric account IDs.
ID_PREFIXES = {
    "vpc": "vpc",
    "network": "vpc",
    "vswitch": "vsw",
    "switch": "vsw",
    "security_group": "sg",
    "resource_group": "rg",
    "instance": "i",
    "image": "m",
    "snapshot": "s",
    "disk": "d",
    "network_interface": "eni",
    "eip": "eip",
    "eip_address": "eip",
    "allocation": "eip",
    "nat_gateway": "ngw",
    "snat_entry": "snat",
    "forward_entry": "fwd",
    "route_table": "vtb",
    "router": "vrt",
    "vrouter": "vrt",
    "load_balancer": "lb",
    "server_group": "sgp",
    "listener": "lsn",
    "acl": "acl",
    "cen": "cen",
    "cen_instance": "cen",
    "transit_router": "tr",
    "bandwidth_package": "cbwp",
    "common_bandwidth_package": "cbwp",
    "vpn_gateway": "vpn",
    "customer_gateway": "cgw",
    "vpn_connection": "vco",
    "ha_vip": "havip",
    "havip": "havip",
    "prefix_list": "pl",
    "network_acl": "nacl",
    "dhcp_options_set": "dopt",
    "ipv6_gateway": "ipv6gw",
    "vbr": "vbr",
    "virtual_border_router": "vbr",
    "physical_connection": "pc",
    "router_interface": "ri",
    "launch_template": "lt",
    "deployment_set": "ds",
    "dedicated_host": "dh",
    "auto_snapshot_policy": "sp",
    "key": "key",
    "kms_key": "key",
    "secret": "secret",
    "db_instance": "rm",
    "db_cluster": "pc",
    "cluster": "c",
    "scaling_group": "asg",
    "scaling_configuration": "asc",
    "container_group": "eci",
    "folder": "fd",
    "resource_directory": "rd",
    "account": "#digits",
    "user": "#digits",
    "owner": "#digits",
    "ali_uid": "#digits",
    "uid": "#digits",
    "site": "#digits",
}
# ``instance_id`` of a product's data source: the product's own instance prefix.
INSTANCE_PREFIXES = {
    "ecs": "i",
    "rds": "rm",
    "polardb": "pc",
    "mongodb": "dds",
    "kvstore": "r",
    "redis": "r",
    "adb": "am",
    "hbase": "hb",
    "elasticsearch": "es-cn",
    "cr": "cri",
    "bastionhost": "bastionhost-cn",
    "gpdb": "gp",
    "clickhouse": "cc",
    "alikafka": "alikafka_post-cn",
    "eci": "eci",
}


# The caller's own account: one placeholder account for every call, so ARNs built from it agree.
FIXED: dict[str, dict[str, str]] = {
    "alicloud:index/getAccount:getAccount": {"id": ACCOUNT_ID},
    "alicloud:index/getCallerIdentity:getCallerIdentity": {
        "id": ACCOUNT_ID,
        "accountId": ACCOUNT_ID,
        "arn": f"acs:ram::{ACCOUNT_ID}:root",
        "identityType": "Account",
    },
}


@dataclass(frozen=True)
class Placeholder:
    """One value the preview invented for a data source answer."""

    value: Any  # as the program receives it (a string, number or boolean)
    token: str  # the data source, e.g. alicloud:vpc/getNetworks:getNetworks
    function: str  # as the program calls it, e.g. alicloud.vpc.get_networks
    args: Mapping[str, Any]  # the call's arguments, as sent (camelCase)
    field: str  # where in the result, in the program's (snake_case) names: "vpcs[0].id"

    def describe(self) -> str:
        return f"{self.function}(...).{self.field} = {json.dumps(self.value)}"


@dataclass
class _Shaper:
    token: str
    args: Mapping[str, Any]
    region: str
    zone: str
    recorded: list[Placeholder] = field(default_factory=list)
    _items: dict[str, list[_Item]] = field(default_factory=dict)

    @property
    def module(self) -> str:
        return shapes.function_name(self.token).split(".")[-2]

    @property
    def noun(self) -> str:
        """``alicloud.vpc.get_networks`` -> ``network``: what the data source's items are."""
        name = shapes.function_name(self.token).split(".")[-1]
        return singular(name[4:] if name.startswith("get_") else name)

    def hashed(self, path: str, length: int = 12) -> str:
        digest = hashlib.sha256(
            json.dumps([self.token, self.args, path], sort_keys=True, default=str).encode()
        ).hexdigest()
        return digest[:length]

    def invent(self, path: str, value: _V) -> _V:
        self.recorded.append(
            Placeholder(value, self.token, shapes.function_name(self.token), dict(self.args), path)
        )
        return value

    # ------------------------------------------------------------------ values

    def identifier(self, noun: str, path: str) -> str:
        prefix = ID_PREFIXES.get(noun)
        if noun == "instance":
            prefix = INSTANCE_PREFIXES.get(self.module, self.module)
        if prefix == "#digits":
            return str(int(self.hashed(path), 16) % 10**16).rjust(16, "1")
        if prefix is None:
            prefix = noun.replace("_", "")[:12] or "id"
        return f"{prefix}-placeholder{self.hashed(path, 10)}"

    def name(self, noun: str, path: str) -> str:
        return f"{noun.replace('_', '-')}-placeholder{self.hashed(path, 6)}"

    def scalar(self, python: str, declared: Any, path: str, item: _Item | None) -> Any:
        """The value of one scalar property (None: leave it empty)."""
        wanted = self.args.get(shapes.camel(python))
        if isinstance(wanted, (str, int, float, bool)) and _fits(wanted, declared):
            return float(wanted) if declared is float else wanted  # the filter the program gave
        if (declared is int and python.endswith("_id")) or (declared is int and python == "id"):
            # Numeric IDs (ESA sites, ...): the item's own when it is numeric, else one of its shape.
            if item is not None and python in ("id", f"{item.noun}_id") and item.id.isdigit():
                return int(item.id)
            if item is not None or not self.main_list:
                return self.invent(path, int(self.identifier("account", path)))
            return None
        if declared is str and (item is not None or not self.main_list):
            # The result's own top-level properties only echo the call; its items are what was found
            # (or, for a data source without items, the result itself is).
            return self._string(python, path, item)
        return None

    def _string(self, python: str, path: str, item: _Item | None) -> str | None:
        if item is not None and python in ("id", f"{item.noun}_id"):
            return item.id
        if item is not None and python in ("name", "display_name", f"{item.noun}_name"):
            return item.name
        if python in ("region_id", "region"):
            return self.region
        if python == "zone_id" or python.endswith(("_zone_id", "availability_zone")) or python == "zone":
            return self.invent(path, self.zone)
        if python in ("account_id", "owner_id", "ali_uid", "uid"):
            return self.invent(path, ACCOUNT_ID)  # the caller's account, as get_account answers it
        if python.endswith("_id") and python != "id":
            return self.invent(path, self.identifier(_id_noun(python), path))
        if python.endswith("_name"):
            return self.invent(path, self.name(python[: -len("_name")], path))
        if python == "arn" or python.endswith("_arn"):
            noun = item.noun if item is not None else self.noun
            return self.invent(path, f"acs:{self.module}::{ACCOUNT_ID}:{noun}/{item.name if item else noun}")
        if "ipv6" in python:
            return None
        if "cidr" in python:
            return self.invent(path, "172.16.0.0/24" if "switch" in self.noun else "172.16.0.0/16")
        if python.endswith(("_ip", "ip_address")) or python in ("ip", "address"):
            return self.invent(path, "172.16.0.1")
        return None

    # ------------------------------------------------------------------ shapes

    def fill(self, output_type: type, path: str, depth: int, item: _Item | None) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for pulumi_name, (python, declared) in shapes.properties(output_type).items():
            declared = shapes.unwrap_optional(declared)
            where = f"{path}.{python}" if path else python
            out[pulumi_name] = self.value(python, declared, where, depth, item)
        return out

    def value(self, python: str, declared: Any, path: str, depth: int, item: _Item | None) -> Any:
        if shapes.is_list(declared):
            inner = shapes.element(declared)
            if shapes.is_output_type(inner):
                if depth >= _MAX_DEPTH:
                    return []
                return [
                    self.fill(inner, f"{path}[{index}]", depth + 1, child)
                    for index, child in enumerate(self.items(python, path, depth))
                ]
            given = self.args.get(shapes.camel(python))
            if isinstance(given, list):
                return given
            if item is None and python == "ids":
                return [child.id for child in self.items(self.main_list, self.main_list, 0)]
            if item is None and python == "names":
                return [child.name for child in self.items(self.main_list, self.main_list, 0)]
            if (
                inner is str
                and python.endswith(("_ids", "_names"))
                and (item is not None or not self.main_list)
            ):
                one = self._string(singular(python), f"{path}[0]", None)
                return [one] if one is not None else []
            return []
        if shapes.is_output_type(declared):
            return (
                self.fill(declared, path, depth + 1, item) if depth < _MAX_DEPTH else shapes.empty(declared)
            )
        if shapes.is_mapping(declared):
            given = self.args.get(shapes.camel(python))
            return dict(given) if isinstance(given, Mapping) else {}
        found = self.scalar(python, declared, path, item)
        return found if found is not None else shapes.empty(declared)

    @functools.cached_property
    def main_list(self) -> str:
        """The result's list of items (``vpcs``), whose IDs and names are ``ids`` and ``names``."""
        result = shapes.result_type(self.token)
        lists = [
            python
            for python, declared in ((result and shapes.properties(result)) or {}).values()
            if shapes.is_list(shapes.unwrap_optional(declared))
            and shapes.is_output_type(shapes.element(shapes.unwrap_optional(declared)))
        ]
        return lists[0] if lists else ""

    def items(self, python: str, path: str, depth: int) -> list[_Item]:
        """The items of the list ``python`` at ``path``, made once (``ids`` and ``names`` repeat them)."""
        key = f"{path}/{python}"
        if key not in self._items:
            self._items[key] = self._make_items(python, path, depth)
        return self._items[key]

    def _make_items(self, python: str, path: str, depth: int) -> list[_Item]:
        noun = singular(python)
        if depth > 0 or python != self.main_list:
            where = f"{path}[0]"
            return [_Item(noun, self.identifier(noun, where), self.name(noun, where))]
        if noun not in ID_PREFIXES:
            noun = self.noun
        ids = [i for i in self.args.get("ids") or [] if isinstance(i, str)]
        names = [n for n in self.args.get("names") or [] if isinstance(n, str)]
        count = max(len(ids), len(names)) or ITEMS
        found: list[_Item] = []
        for index in range(count):
            where = f"{python}[{index}]"
            identifier = (
                ids[index] if index < len(ids) else self.invent(f"{where}.id", self.identifier(noun, where))
            )
            if index < len(names):
                name = names[index]
            elif self.args.get("nameRegex"):
                name = self.invent(
                    f"{where}.name", matching(str(self.args["nameRegex"])) or self.name(noun, where)
                )
            else:
                name = self.invent(f"{where}.name", self.name(noun, where))
            found.append(_Item(noun, identifier, name))
        return found


@dataclass(frozen=True)
class _Item:
    noun: str
    id: str
    name: str


def _fits(value: Any, declared: Any) -> bool:
    if declared is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return declared in (str, int, bool) and type(value) is declared


def _id_noun(python: str) -> str:
    noun = python[: -len("_id")]
    return (
        noun if noun in ID_PREFIXES else noun.split("_")[-1] if noun.split("_")[-1] in ID_PREFIXES else noun
    )


def singular(name: str) -> str:
    """``vswitches`` -> ``vswitch``, ``policies`` -> ``policy``, ``vpcs`` -> ``vpc`` (the SDK's plurals)."""
    if name.endswith("ies"):
        return name[:-3] + "y"
    if name.endswith(("ches", "shes", "sses", "xes")):
        return name[:-2]
    if name.endswith("s") and not name.endswith("ss"):
        return name[:-1]
    return name


def shaped(
    token: str,
    args: Mapping[str, Any],
    region: str,
    zone: str,
    given: Mapping[str, Any] | None = None,
) -> tuple[dict[str, Any], list[Placeholder]]:
    """An answer for ``token`` called with ``args`` (camelCase) shaped by the SDK's result type, and every
    value it invented. ``given``: properties already known (a catalogue's facts), kept as they are and
    completed with empty values, never invented ones."""
    result = shapes.result_type(token)
    known = dict(given or {})
    if result is None:
        return known, []
    shaper = _Shaper(token, dict(args), region, zone)
    answer: dict[str, Any] = {}
    for name, (python, declared) in shapes.properties(result).items():
        declared = shapes.unwrap_optional(declared)
        if name in known:
            answer[name] = shapes.complete_value(known[name], declared)
        elif name in ("ids", "names") and any(isinstance(v, list) for v in known.values()):
            # The items are given facts: their IDs and names are theirs, or none.
            rows = next(v for v in known.values() if isinstance(v, list))
            key = "id" if name == "ids" else "name"
            answer[name] = [row[key] for row in rows if isinstance(row, Mapping) and key in row]
        elif name == "id":
            answer[name] = shaper.invent("id", str(int(shaper.hashed("id", 8), 16)))
        else:
            answer[name] = shaper.value(python, declared, python, 0, None)
    for name, value in FIXED.get(token, {}).items():
        shaper.recorded = [p for p in shaper.recorded if p.field != shapes.snake(name)]
        answer[name] = shaper.invent(shapes.snake(name), value)
    return answer, shaper.recorded


# --------------------------------------------------------------------------- a name a regex matches


def matching(pattern: str) -> str | None:
    """The shortest plain string ``pattern`` matches (``^tf-testacc`` -> ``tf-testacc``), or None."""
    try:
        parser = importlib.import_module("re._parser")
    except ImportError:  # Python 3.10
        parser = importlib.import_module("sre_parse")
    try:
        parsed = parser.parse(pattern)
        text = "".join(_example(parsed, parser))
    except (re.error, ValueError, TypeError, KeyError, IndexError, RecursionError):
        return None
    try:
        return text if re.search(pattern, text) else None
    except re.error:
        return None


def _example(parsed: Sequence[Any], parser: Any) -> list[str]:
    out: list[str] = []
    for op, av in parsed:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(av))
        elif name in ("NOT_LITERAL", "ANY"):
            out.append("b" if name == "NOT_LITERAL" and chr(av) == "a" else "a")
        elif name == "IN":
            out.append(_one_of(av))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, _, sub = av
            out.extend(_example(sub, parser) * low)
        elif name == "SUBPATTERN":
            out.extend(_example(av[-1], parser))
        elif name == "BRANCH":
            out.extend(_example(av[1][0], parser))
        elif name == "CATEGORY":
            out.append(_category(str(av)))
        elif name in ("AT", "ASSERT", "ASSERT_NOT", "GROUPREF"):
            continue
        else:
            raise ValueError(f"{name} not generated")
    return out


def _one_of(items: Sequence[Any]) -> str:
    first_op, first_av = items[0]
    if str(first_op) == "NEGATE":
        excluded = {chr(av) for op, av in items[1:] if str(op) == "LITERAL"}
        return next(c for c in "a0x_" if c not in excluded)
    if str(first_op) == "LITERAL":
        return chr(first_av)
    if str(first_op) == "RANGE":
        return chr(first_av[0])
    if str(first_op) == "CATEGORY":
        return _category(str(first_av))
    raise ValueError(f"{first_op} not generated")


def _category(name: str) -> str:
    if "DIGIT" in name and "NOT" not in name:
        return "0"
    if "SPACE" in name and "NOT" not in name:
        return " "
    return "a"
