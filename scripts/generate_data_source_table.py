"""Generate the data source table: every function the pinned SDKs expose as an invoke, classified.

    python scripts/generate_data_source_table.py [--check]

Reads the installed ``pulumi_alicloud`` and ``pulumi_std`` as source text (no imports): every
``pulumi.runtime.invoke('<token>', ...)`` (a data source, ``get_*`` or one of the older unprefixed names) and
every ``pulumi.runtime.call('<token>', ...)`` (a provider function), with the Python function that makes it.
Each token gets one row of ``retail_ai_components/preview/data/datasources/table.json``:

* ``class``: ``pure`` (no cloud call: the provider computes the answer from the arguments),
  ``offering facts`` (the same for every account: zones, instance types, classes, engines, regions), or
  ``account state`` (what the account holds: VPCs, groups, keys, instances, ...);
* ``answer``: how the offline preview answers it: ``exact`` (computed as the provider computes it),
  ``catalogue: <facts>`` (the dated catalogue of sourced facts), ``catalogue: region zones`` (the product's
  own list is not knowable offline: the region's sourced zones, noted), or ``placeholder`` (shaped by the
  SDK's result type, listed in the report's notes);
* ``note``: the review of a row whose class is not obvious from its name.

Classes come from the reviewed lists below; everything not listed is account state. ``--check`` exits 1 when
the checked-in table differs from what the installed SDKs give (a test runs the same comparison).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "retail_ai_components" / "preview" / "data" / "datasources" / "table.json"
SDKS = {"alicloud": "pulumi_alicloud", "std": "pulumi_std"}
PURE = "pure"
OFFERING = "offering facts"
ACCOUNT = "account state"
PLACEHOLDER = "placeholder"

_INVOKE = re.compile(r"pulumi\.runtime\.(invoke|call)\('(?P<token>[^']+)'")
_DEF = re.compile(r"^(?:    )?def (?P<name>\w+)\(", re.M)

# Computed by the provider from the call's arguments alone (reviewed against the Terraform provider's Read).
PURE_ROWS = {
    "alicloud:ram/getPolicyDocument:getPolicyDocument": (
        "exact: policy document",
        "the provider assembles the JSON from the statements; rendered as it renders it",
    ),
    "alicloud:index/getFileCrc64Checksum:getFileCrc64Checksum": (
        "exact: CRC-64 of the file",
        "the provider reads the local file (relative to the program's folder) and computes its CRC-64/ECMA",
    ),
    "pulumi:providers:alicloud/terraformConfig": (
        "exact: provider configuration",
        "the provider's own configuration (alicloud:* stack config), in Terraform names",
    ),
}

# pulumi-std functions that are pure but not computed offline.
STD_PLACEHOLDERS = {
    "std:index:bcrypt": "salted at random by the provider, so any hash is as real as another: a placeholder hash",
    "std:index:rsadecrypt": "needs the private key's value, which an offline preview does not decrypt: a placeholder",
}

# (answer, note) of the facts that are the same for every account. "catalogue: region zones" means the
# product's own zone list is not in the catalogue: the region's sourced zones answer, and the note says so.
_REGION_ZONES = (
    "catalogue: region zones",
    "the product's own zone list is not knowable offline: the region's sourced zones, noted as such",
)
OFFERING_ROWS: dict[str, tuple[str, str]] = {
    "alicloud:index/getRegions:getRegions": ("catalogue: regions", ""),
    "alicloud:index/getZones:getZones": (
        "catalogue: zones",
        "the region's sourced zones; filters on stock (instance type, disk category) are not knowable "
        "offline and are named in the note",
    ),
    "alicloud:ecs/getInstanceTypes:getInstanceTypes": (
        "catalogue: instance types",
        "documented families (general, compute, memory, GPU); stock per zone is not knowable offline",
    ),
    "alicloud:ecs/getInstanceTypeFamilies:getInstanceTypeFamilies": ("catalogue: instance type families", ""),
    "alicloud:ecs/getImages:getImages": (
        "catalogue: images",
        "public (system) images; owners self/others/marketplace, image_id and snapshot filters are account "
        "state and answered with a placeholder",
    ),
    "alicloud:polardb/getNodeClasses:getNodeClasses": ("catalogue: classes", "PolarDB node classes"),
    "alicloud:rds/getInstanceClasses:getInstanceClasses": ("catalogue: classes", "RDS instance classes"),
    "alicloud:kvstore/getInstanceClasses:getInstanceClasses": ("catalogue: classes", "Tair (Redis) classes"),
    "alicloud:rds/getInstanceEngines:getInstanceEngines": ("catalogue: engines", "RDS engines and versions"),
    "alicloud:kvstore/getInstanceEngines:getInstanceEngines": (
        "catalogue: engines",
        "Tair (Redis) engines and versions",
    ),
    "alicloud:vpc/getEnhancedNatAvailableZones:getEnhancedNatAvailableZones": _REGION_ZONES,
    "alicloud:cen/getTransitRouterAvailableResources:getTransitRouterAvailableResources": (
        "catalogue: region zones",
        "the zones a transit router can use: the region's sourced zones (master and slave lists)",
    ),
    "alicloud:cs/getKubernetesVersion:getKubernetesVersion": (
        "catalogue: shaped",
        "ACK's Kubernetes versions change with every release: shaped answer, noted",
    ),
}
# Further data sources whose answer is the same for every account but not in the catalogue: answered by
# the SDK's result shape with the region's zones and region, and noted as not sourced.
_SHAPED_FACTS = (
    "clickhouse/getRegions",
    "ebs/getRegions",
    "ros/getRegions",
    "hbr/getReplicationVaultRegions",
    "rds/getCrossRegions",
    "rds/getCollationTimeZones",
    "rds/getClassDetails",
    "rds/getInstanceClassInfos",
    "ecp/getInstanceTypes",
    "emr/getInstanceTypes",
    "emr/getDiskTypes",
    "emr/getMainVersions",
    "hbase/getInstanceTypes",
    "sae/getInstanceSpecifications",
    "eds/getDesktopTypes",
    "simpleapplicationserver/getServerPlans",
    "simpleapplicationserver/getImages",
    "nas/getProtocols",
    "cddc/getHostEcsLevelInfos",
    "servicemesh/getVersions",
    "vpn/getGatewayZones",
    "pvtz/getResolverZones",
    "cloudcontrol/getProducts",
    "cloudcontrol/getResourceTypes",
    "cloudcontrol/getPrices",
    "bss/getOpenApiProducts",
    "marketplace/getProduct",
    "marketplace/getProducts",
    "threatdetection/getHoneypotImages",
    "apig/getPluginClasses",
)
# Named like offering facts, but what they read is the account's (reviewed).
ACCOUNT_NOTES = {
    "alicloud:pvtz/getZones:getZones": "private DNS zones of the account, not availability zones",
    "alicloud:cen/getPrivateZones:getPrivateZones": "the CEN's private zone bindings",
    "alicloud:privatelink/getVpcEndpointZones:getVpcEndpointZones": "the zones of one of the account's endpoints",
    "alicloud:index/getAccount:getAccount": "the caller's account: a catalogue placeholder account ID",
    "alicloud:index/getCallerIdentity:getCallerIdentity": "the caller: a catalogue placeholder identity",
    "alicloud:actiontrail/getGlobalEventsStorageRegion:getGlobalEventsStorageRegion": (
        "an account-level setting, not a list of regions"
    ),
    "alicloud:kms/getPlaintext:getPlaintext": "decrypts with the account's key: a placeholder, never a real secret",
    "alicloud:kms/getCiphertext:getCiphertext": "encrypts with the account's key: a placeholder ciphertext",
}


def _sdk_root(distribution: str) -> Path:
    import importlib.util

    spec = importlib.util.find_spec(distribution)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"{distribution} is not installed in this interpreter")
    return Path(next(iter(spec.submodule_search_locations)))


def _version(root: Path) -> str:
    plugin = root / "pulumi-plugin.json"
    return str(json.loads(plugin.read_text())["version"]) if plugin.exists() else "unknown"


def functions(root: Path, package: str) -> dict[str, str]:
    """token -> the Python function a program calls for it (``alicloud.vpc.get_networks``)."""
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if "pulumi.runtime.invoke(" not in text and "pulumi.runtime.call(" not in text:
            continue
        module = ".".join(path.relative_to(root).with_suffix("").parts[:-1])
        definitions = [(m.start(), m["name"]) for m in _DEF.finditer(text)]
        for call in _INVOKE.finditer(text):
            token = call["token"]
            if token.startswith("pulumi:providers:"):
                method = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", token.rsplit("/", 1)[1]).lower()
                name = f"{package}.Provider.{method}"
            else:
                enclosing = [n for start, n in definitions if start < call.start()]
                if not enclosing or enclosing[-1] == "_utilities":
                    continue
                function = enclosing[-1].removesuffix("_output")
                name = ".".join(part for part in (package, module, function) if part)
            found.setdefault(token, name)
    return found


def classify(token: str, function: str) -> dict[str, Any]:
    row: dict[str, Any] = {"token": token, "function": function}
    if token in STD_PLACEHOLDERS:
        row.update({"class": PURE, "answer": PLACEHOLDER, "note": STD_PLACEHOLDERS[token]})
    elif token == "std:index:base64gzip":
        row.update(
            {
                "class": PURE,
                "answer": "computed: pulumi-std",
                "note": "the same gzip content, but Go's deflate and zlib's may choose different bytes",
            }
        )
    elif token.startswith("std:"):
        row.update({"class": PURE, "answer": "exact: pulumi-std", "note": ""})
    elif token in PURE_ROWS:
        answer, note = PURE_ROWS[token]
        row.update({"class": PURE, "answer": answer, "note": note})
    elif token in OFFERING_ROWS:
        answer, note = OFFERING_ROWS[token]
        row.update({"class": OFFERING, "answer": answer, "note": note})
    elif token.endswith("/getZones:getZones") and token not in ACCOUNT_NOTES:
        answer, note = _REGION_ZONES
        row.update({"class": OFFERING, "answer": answer, "note": note})
    elif any(token.startswith(f"alicloud:{name}:") for name in _SHAPED_FACTS):
        row.update(
            {
                "class": OFFERING,
                "answer": "catalogue: shaped",
                "note": "the same for every account but not in the catalogue: the result's shape with the "
                "region and its zones, noted as not sourced",
            }
        )
    else:
        row.update({"class": ACCOUNT, "answer": PLACEHOLDER, "note": ACCOUNT_NOTES.get(token, "")})
    return row


def generate() -> dict[str, Any]:
    roots = {package: _sdk_root(distribution) for package, distribution in SDKS.items()}
    rows = [
        classify(token, function)
        for package, root in roots.items()
        for token, function in functions(root, package).items()
    ]
    return {
        "about": "Every function the pinned SDKs expose as an invoke, its class and how the offline preview "
        "answers it. Generated by scripts/generate_data_source_table.py; review notes live in that script.",
        "sdks": {SDKS[package]: _version(root) for package, root in roots.items()},
        "rows": sorted(rows, key=lambda row: row["token"]),
    }


def render(table: dict[str, Any]) -> str:
    # One row a line: a new SDK's change reads as a diff of rows.
    rows = ",\n".join("  " + json.dumps(row, ensure_ascii=False, sort_keys=True) for row in table["rows"])
    head = {k: v for k, v in table.items() if k != "rows"}
    opening = json.dumps(head, ensure_ascii=False, sort_keys=True, indent=1)[:-2]
    return f'{opening},\n "rows": [\n{rows}\n ]\n}}\n'


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="exit 1 if the checked-in table is stale")
    args = parser.parse_args(argv)
    text = render(generate())
    if args.check:
        if TABLE.read_text(encoding="utf-8") != text:
            print(
                f"{TABLE.relative_to(ROOT)} is stale: run scripts/generate_data_source_table.py",
                file=sys.stderr,
            )
            return 1
        return 0
    TABLE.write_text(text, encoding="utf-8")
    table = json.loads(text)
    counts: dict[str, int] = {}
    for row in table["rows"]:
        counts[row["class"]] = counts.get(row["class"], 0) + 1
    print(f"{len(table['rows'])} functions: " + ", ".join(f"{n} {c}" for c, n in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
