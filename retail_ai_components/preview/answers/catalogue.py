"""Offering facts (the same for every account) answered from the dated catalogue of sourced facts.

``data/datasources/alicloud.json`` holds regions and their zones, public images, instance types (general,
compute, memory, previous-generation and GPU families), PolarDB node classes, RDS and Tair classes and
engines, each with its sources and the date they were read. What varies with stock (which zone sells which
class today) is not knowable offline: every catalogued answer is given for every sourced zone of the region,
and the note says which filters could not be applied.

Each answer is ``(result, detail, rows)``: the result's own properties, the note's text, and the items of its
main list (the shaper of :mod:`.placeholders` fills their remaining properties by the SDK's type).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

CATALOGUE = "alicloud.json"


class Refuse(Exception):
    """The catalogue cannot answer this call; the reason ends up in the refusal or the placeholder note."""


@dataclass(frozen=True)
class Fact:
    """A catalogue answer: the result's own properties, the note's text, and whether it is sourced."""

    result: dict[str, Any]
    detail: str
    sourced: bool = True


@cache
def catalogue() -> dict[str, Any]:
    data = resources.files("retail_ai_components.preview").joinpath("data").joinpath("datasources")
    loaded: dict[str, Any] = json.loads(data.joinpath(CATALOGUE).read_text("utf-8"))
    return loaded


def zones_of(region: str) -> list[str]:
    """The region's sourced zone IDs (empty when the catalogue has none for it)."""
    entry = catalogue()["regions"].get(region) or {}
    return list(entry.get("zones") or [])


def result_id(*parts: Any) -> str:
    """A stable id for a data source result (the provider hashes its answer; its value means nothing)."""
    digest = hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()
    return str(int(digest[:8], 16))


def _ignored(args: Mapping[str, Any], names: Sequence[str]) -> list[str]:
    return [f"{name}={args[name]!r}" for name in names if args.get(name) not in (None, "", False, [])]


def _zone_name(region_name: str, zone: str) -> str:
    city = region_name.split("(")[-1].rstrip(")") if "(" in region_name else region_name
    return f"{city} Zone {zone[-1].upper()}"


def _region_zones(region: str) -> list[dict[str, str]]:
    entry = catalogue()["regions"].get(region)
    if entry is None:
        raise Refuse(f"region {region!r} is not in the catalogue")
    if entry["zones"] is None:
        raise Refuse(f"the zones of {region} are not in the catalogue ({entry['zonesNote']})")
    return [{"id": zone, "localName": _zone_name(entry["localName"], zone)} for zone in entry["zones"]]


# --------------------------------------------------------------------------- the answers


def regions(region: str, args: Mapping[str, Any]) -> Fact:
    known = catalogue()["regions"]
    wanted = args.get("name") or (region if args.get("current") else None)
    if wanted and wanted not in known:
        raise Refuse(f"region {wanted!r} is not in the catalogue")
    chosen = [wanted] if wanted else sorted(known)
    items = [{"id": r, "regionId": r, "localName": known[r]["localName"]} for r in chosen]
    return Fact(
        {"regions": items, "ids": chosen, "id": result_id("regions", chosen)},
        "catalogue (dated regions list)",
    )


_STOCK_FILTERS = (
    "availableResourceCreation",
    "availableInstanceType",
    "availableDiskCategory",
    "availableSlbAddressType",
    "availableSlbAddressIpVersion",
    "instanceChargeType",
    "networkType",
    "spotStrategy",
    "enableDetails",
    "engine",
    "engineVersion",
    "category",
    "dbInstanceStorageType",
    "instanceType",
    "productType",
)


def zones(region: str, args: Mapping[str, Any]) -> Fact:
    """``alicloud.get_zones``: the region's sourced zones; stock filters named in the note."""
    found = _region_zones(region)
    detail = "catalogue (sourced zone list)"
    if args.get("multi"):
        detail += "; multi=true: single zones given, multi-zone combinations are stock"
    ignored = _ignored(args, _STOCK_FILTERS)
    if ignored:
        detail += f"; all sourced zones returned, filters not knowable offline: {', '.join(ignored)}"
    ids = [z["id"] for z in found]
    return Fact({"zones": found, "ids": ids, "id": result_id("zones", region, ids)}, detail)


def region_zones(main_list: str, zone_field: str) -> Callable[[str, Mapping[str, Any]], Fact]:
    """A product's zones (``rds.get_zones``, ``nlb.get_zones``, ...): the region's sourced zones, noted."""

    def answer(region: str, args: Mapping[str, Any]) -> Fact:
        found = _region_zones(region)
        rows = [{zone_field: z["id"], "id": z["id"], "localName": z["localName"]} for z in found]
        detail = "catalogue: the region's sourced zones (the product's own zone list is not knowable offline)"
        ignored = _ignored(args, _STOCK_FILTERS)
        if ignored:
            detail += f"; filters not knowable offline: {', '.join(ignored)}"
        ids = [z["id"] for z in found]
        return Fact({main_list: rows, "ids": ids, "id": result_id(main_list, region, ids)}, detail)

    return answer


def transit_router_resources(region: str, args: Mapping[str, Any]) -> Fact:
    ids = [z["id"] for z in _region_zones(region)]
    rotated = ids[1:] + ids[:1]
    resource = {"masterZones": ids, "slaveZones": rotated, "availableZones": ids, "supportMulticast": True}
    return Fact(
        {"resources": [resource], "id": result_id("tr-resources", region)},
        "catalogue: the region's sourced zones as master and slave zones (the product's list is not knowable offline)",
    )


def images(region: str, args: Mapping[str, Any]) -> Fact:
    owners = args.get("owners")
    if owners not in (None, "", "system"):
        raise Refuse(f"owners={owners!r}: the account's own and shared images are account state")
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
            raise Refuse(f"{name}={args[name]!r} selects images the catalogue cannot vouch for")
    items = catalogue()["images"]["items"]
    try:
        pattern = re.compile(args["nameRegex"]) if args.get("nameRegex") else None
    except re.error as exc:
        raise Refuse(
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
        raise Refuse("no public image in the catalogue matches; the real answer may be a custom image")
    if args.get("mostRecent"):
        matches = matches[:1]  # the catalogue lists each OS family newest first
    found = [
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
    ids = [image["id"] for image in found]
    placeholders = [image["id"] for image in matches if image["placeholder"]]
    detail = "catalogue (public system images)"
    if placeholders:
        detail += f"; PLACEHOLDER image IDs (shape of Alibaba's public image IDs, not real): {', '.join(placeholders)}"
    return Fact({"images": found, "ids": ids, "id": result_id("images", ids)}, detail)


def instance_types(region: str, args: Mapping[str, Any]) -> Fact:
    types = catalogue()["instanceTypes"]["items"]
    cpu, memory = args.get("cpuCoreCount"), args.get("memorySize")
    family, exact = args.get("instanceTypeFamily"), args.get("instanceType")
    gpu_amount, gpu_spec = args.get("gpuAmount"), args.get("gpuSpec")
    matches = [
        item
        for item in types
        if (cpu is None or item["cpuCoreCount"] == cpu)
        and (memory is None or float(item["memorySize"]) == float(memory))
        and (not family or item["family"] == family)
        and (not exact or item["id"] == exact)
        and (gpu_amount is None or item.get("gpuAmount", 0) == gpu_amount)
        and (not gpu_spec or gpu_spec.lower() in str(item.get("gpuSpec", "")).lower())
        and (not item.get("outdated") or args.get("isOutdated") or family or exact)
    ]
    if not matches:
        raise Refuse("no instance type in the catalogue's families matches these filters")
    zone_ids = zones_of(region)
    zone = args.get("availabilityZone")
    if zone and zone not in zone_ids:
        raise Refuse(f"availabilityZone {zone!r} is not a sourced zone of {region}")
    in_zones = [zone] if zone else zone_ids
    matches = sorted(matches, key=lambda item: (item["cpuCoreCount"], item["memorySize"], item["id"]))
    found = [
        {
            "id": item["id"],
            "family": item["family"],
            "cpuCoreCount": item["cpuCoreCount"],
            "memorySize": float(item["memorySize"]),
            "availabilityZones": in_zones,
            "gpus": [{"amount": str(item.get("gpuAmount", 0)), "category": item.get("gpuSpec", "")}],
            "burstableInstances": [{"initialCredit": "", "baselineCredit": ""}],
            "localStorages": [{"capacity": "", "amount": "", "category": ""}],
        }
        for item in matches
    ]
    ids = [t["id"] for t in found]
    ignored = _ignored(
        args,
        [
            "instanceChargeType",
            "networkType",
            "spotStrategy",
            "systemDiskCategory",
            "sortedBy",
            "kubernetesNodeRole",
            "imageId",
        ],
    )
    detail = "catalogue (documented instance families; stock per zone not knowable offline)"
    if ignored:
        detail += f"; not knowable offline, ignored: {', '.join(ignored)}"
    return Fact({"instanceTypes": found, "ids": ids, "id": result_id("types", ids)}, detail)


def instance_type_families(region: str, args: Mapping[str, Any]) -> Fact:
    families = sorted({item["family"] for item in catalogue()["instanceTypes"]["items"]})
    zone_ids = [args["zoneId"]] if args.get("zoneId") else zones_of(region)
    rows = [
        {"id": family, "generation": args.get("generation") or "", "zoneIds": zone_ids} for family in families
    ]
    return Fact(
        {"families": rows, "ids": families, "id": result_id("families", families)},
        "catalogue (the families of the documented instance types)",
    )


def polardb_node_classes(region: str, args: Mapping[str, Any]) -> Fact:
    entry = catalogue()["polardbNodeClasses"]
    engine = str(args.get("dbType") or "")
    wanted = args.get("dbNodeClass")
    classes = [
        item
        for item in entry["items"]
        if (not engine or item["engine"].lower() == engine.lower())
        and (not wanted or item["dbNodeClass"] == wanted)
    ]
    if not classes:
        raise Refuse("no PolarDB node class in the catalogue matches these filters")
    zone_ids = [args["zoneId"]] if args.get("zoneId") else zones_of(region)
    engines = sorted({item["engine"] for item in classes})
    rows = [
        {
            "zoneId": zone,
            "supportedEngines": [
                {
                    "engine": name,
                    "availableResources": [
                        {"dbNodeClass": item["dbNodeClass"], "category": args.get("category") or "Normal"}
                        for item in classes
                        if item["engine"] == name
                    ],
                }
                for name in engines
            ],
        }
        for zone in zone_ids
    ]
    return Fact(
        {"classes": rows, "id": result_id("polardb-classes", region, engine)},
        "catalogue (documented PolarDB node classes, every class for every sourced zone: stock not knowable offline)",
    )


def rds_instance_classes(region: str, args: Mapping[str, Any]) -> Fact:
    entry = catalogue()["rdsInstanceClasses"]
    engine = str(args.get("engine") or "")
    classes = [item for item in entry["items"] if not engine or item["engine"].lower() == engine.lower()]
    if not classes:
        raise Refuse(f"no RDS class for engine {engine!r} in the catalogue")
    zone_ids = [args["zoneId"]] if args.get("zoneId") else zones_of(region)
    rows = [
        {
            "instanceClass": item["instanceClass"],
            "zoneIds": [{"id": zone, "subZoneIds": [zone]} for zone in zone_ids],
            "storageRanges": [{"min": "20", "max": "2000", "step": "5"}],
        }
        for item in classes
    ]
    ids = [item["instanceClass"] for item in classes]
    return Fact(
        {"instanceClasses": rows, "ids": ids, "id": result_id("rds-classes", region, ids)},
        "catalogue (RDS classes named in the provider's documentation; stock per zone not knowable offline)",
    )


def kvstore_instance_classes(region: str, args: Mapping[str, Any]) -> Fact:
    names = [item["instanceClass"] for item in catalogue()["kvstoreClasses"]["items"]]
    return Fact(
        {
            "classes": [{"instanceClass": name, "price": ""} for name in names],
            "instanceClasses": names,
            "id": result_id("kvstore-classes", region, names),
        },
        "catalogue (Tair classes named in the provider's documentation; stock per zone not knowable offline)",
    )


def engines(key: str, per_zone: bool) -> Callable[[str, Mapping[str, Any]], Fact]:
    """``rds.get_instance_engines`` / ``kvstore.get_instance_engines`` from the catalogue's engine list."""

    def answer(region: str, args: Mapping[str, Any]) -> Fact:
        engine, version = str(args.get("engine") or ""), str(args.get("engineVersion") or "")
        found = [
            item
            for item in catalogue()[key]["items"]
            if (not engine or item["engine"].lower() == engine.lower())
            and (not version or item["engineVersion"] == version)
        ]
        if not found:
            raise Refuse("no engine in the catalogue matches these filters")
        zone_ids = [args["zoneId"]] if args.get("zoneId") else zones_of(region)
        rows: list[dict[str, Any]] = []
        for item in found:
            if per_zone:
                rows.append({**item, "zoneIds": [{"id": zone, "subZoneIds": [zone]} for zone in zone_ids]})
            else:
                rows.extend({**item, "zoneId": zone} for zone in zone_ids[:1])
        return Fact(
            {"instanceEngines": rows, "id": result_id(key, region, engine, version)},
            "catalogue (engine versions the provider documents; availability per zone not knowable offline)",
        )

    return answer


def shaped(region: str, args: Mapping[str, Any]) -> Fact:
    """Facts the catalogue does not hold: the result's shape with the region and its zones, unsourced."""
    return Fact({}, "not in the catalogue: PLACEHOLDER shaped by the SDK's result type", sourced=False)


ANSWERS: dict[str, Callable[[str, Mapping[str, Any]], Fact]] = {
    "catalogue: regions": regions,
    "catalogue: zones": zones,
    "catalogue: images": images,
    "catalogue: instance types": instance_types,
    "catalogue: instance type families": instance_type_families,
    "catalogue: shaped": shaped,
}
# Answers whose shape is particular to one data source.
BY_TOKEN: dict[str, Callable[[str, Mapping[str, Any]], Fact]] = {
    "alicloud:polardb/getNodeClasses:getNodeClasses": polardb_node_classes,
    "alicloud:rds/getInstanceClasses:getInstanceClasses": rds_instance_classes,
    "alicloud:kvstore/getInstanceClasses:getInstanceClasses": kvstore_instance_classes,
    "alicloud:rds/getInstanceEngines:getInstanceEngines": engines("rdsEngines", per_zone=True),
    "alicloud:kvstore/getInstanceEngines:getInstanceEngines": engines("kvstoreEngines", per_zone=False),
    "alicloud:cen/getTransitRouterAvailableResources:getTransitRouterAvailableResources": transit_router_resources,
}
