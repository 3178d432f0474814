"""Generate inventory/candidates.json: every input of the pulumi_alicloud SDK that may expose data.

Walks every resource module of the installed pulumi_alicloud package as source text (no imports: the
package has ~1,000 resource modules and importing them all takes a minute), reads each resource's ``*Args``
class (the input properties, camelCase as the engine sends them, and their docstrings) and one level of the
nested input types it refers to (``_inputs.py``), and lists the properties whose name or docstring matches
a pattern of one of the three mandatory families:

* ``intranet-only``: internet/public address types, public endpoints and switches, network ACLs, EIPs and
  every whitelist-like property (security IPs, IP arrays and groups, global IP lists, prefix lists);
* ``private-acl``: canned ACLs, public-access blocks and access-point network origins of object storage;
* ``single-region``: properties and resources that copy, back up, sync, replicate, export, cache or send
  data to another region.

A candidate is a lead for review, not a verdict: each is then either a row of the family's inventory
(``inventory/<family>.yaml``, judged by a named policy) or listed there as reviewed with its reason.

    python scripts/generate_exposure_candidates.py [--sdk PULUMI_ALICLOUD_DIR] [--check]

Deterministic: sorted by family, type and property; the SDK version comes from its pulumi-plugin.json.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "inventory" / "candidates.json"

INTRANET = "intranet-only"
PRIVATE_ACL = "private-acl"
SOVEREIGNTY = "single-region"

# (family, pattern name, regex on the camelCase property name). Order matters: the first match names the
# candidate's pattern and family (object-storage public-access blocks before the intranet "public" names).
NAME_PATTERNS: list[tuple[str, str, re.Pattern[str]]] = [
    (PRIVATE_ACL, "canned acl", re.compile(r"^acl$|^cannedAcl$|objectAcl", re.I)),
    (PRIVATE_ACL, "public access block", re.compile(r"publicAccessBlock|blockPublicAccess", re.I)),
    (PRIVATE_ACL, "network origin", re.compile(r"^networkOrigin$", re.I)),
    (
        INTRANET,
        "whitelist",
        re.compile(
            r"^(?!.*(?:Name|Attribute|Names|Type|Enable|Id)$).*(?:white|securityIp|ipArray|ipGroup|globalIpList)",
            re.I,
        ),
    ),
    (INTRANET, "prefix list", re.compile(r"prefixList", re.I)),
    (
        INTRANET,
        "network acl",
        re.compile(
            r"networkAcl|networkTypeAcl|networkSourceAcl|aclStatus|aclEntr|aclId|aclType|aclConfig", re.I
        ),
    ),
    (INTRANET, "internet", re.compile(r"internet(?!ChargeType|Ip$)", re.I)),
    (
        INTRANET,
        "public endpoint",
        re.compile(
            r"^(?:enable|allocate|open|isOpen|is|with|support)?public(?:$|Network|Access|Connection|Ip|Endpoint)"
            r"|[a-z]Public(?:Network|Access(?!Block)|Connection|Endpoint|Eip|WebHook)",
            re.I,
        ),
    ),
    (
        INTRANET,
        "eip",
        re.compile(
            r"^(?:eip|autoCreateEip|isBondEip|supportEip|bindEip|allocateEip|eipInstanceId|eipType|allocationId)$"
            r"|EipType$"
        ),
    ),
    (
        INTRANET,
        "address type",
        re.compile(r"^(ipv6)?addressType$|netType$|networkType$|^deployType$|^networkAccessConfig$", re.I),
    ),
    (INTRANET, "source cidr", re.compile(r"sourceCidr|^cidrIp$|^ipv6CidrIp$|^sourceIp$", re.I)),
    (SOVEREIGNTY, "cross-region", re.compile(r"crossRegion|anotherRegion|destRegion|targetRegion", re.I)),
    (SOVEREIGNTY, "region", re.compile(r"region", re.I)),
    (
        SOVEREIGNTY,
        "copy",
        re.compile(r"replicat|backupRegion|syncRegion|destination|export|ship|copy|sinkRegion", re.I),
    ),
]

# (family, pattern name, regex on the docstring), tried when no name pattern matched.
DOC_PATTERNS: list[tuple[str, str, re.Pattern[str]]] = [
    (
        INTRANET,
        "doc: whitelist",
        re.compile(r"\bip (?:address )?white ?list|white ?list of ip|allowed ip", re.I),
    ),
    (
        INTRANET,
        "doc: internet",
        re.compile(
            r"(?:internet|public network) (?:access|endpoint|connection|address)|public endpoint|0\.0\.0\.0/0",
            re.I,
        ),
    ),
    (INTRANET, "doc: internet value", re.compile(r"`(?:internet|public|pubnet|publicnetwork)`", re.I)),
    (PRIVATE_ACL, "doc: public read", re.compile(r"public-read", re.I)),
    (
        SOVEREIGNTY,
        "doc: cross-region",
        re.compile(r"cross[- ]region|another region|destination region|target region", re.I),
    ),
]

# Resource types whose token alone makes them a candidate (the whole resource is an exposure or a copy).
TYPE_PATTERNS: list[tuple[str, str, re.Pattern[str]]] = [
    (
        INTRANET,
        "type: public/internet",
        re.compile(r"public(?!AccessBlock)|internet|eip|whitelist|prefixList|dnatEntry|forwardEntry", re.I),
    ),
    (SOVEREIGNTY, "type: copy", re.compile(r"replicat|copy|crossRegion|sync|export|shipper|backup", re.I)),
]

_RESOURCE = re.compile(r"super\(\s*(\w+),\s*__self__\s*\)\.__init__\(\s*'(alicloud:[^']+)'", re.S)
_CLASS = re.compile(r"^class (\w+)(?:\([^)]*\))?:", re.M)
_GETTER = re.compile(
    r"@pulumi\.getter(?:\(name=\"(\w+)\"\))?\s*\n(?:\s*@[^\n]*\n)*\s*def (\w+)\(self\)\s*->\s*([^:]+):\s*\n"
    r"(?:\s*\"\"\"(.*?)\"\"\")?",
    re.S,
)
_NESTED = re.compile(r"'(\w+Args)'")


def camel(snake: str) -> str:
    head, *rest = snake.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def classes(source: str) -> dict[str, str]:
    """Each top-level class of a module and its body text."""
    found = list(_CLASS.finditer(source))
    return {
        match.group(1): source[match.end() : found[i + 1].start() if i + 1 < len(found) else len(source)]
        for i, match in enumerate(found)
    }


def properties(body: str) -> Iterator[tuple[str, str, str]]:
    """(camelCase name, annotation, first docstring paragraph) of each getter of an input class."""
    for match in _GETTER.finditer(body):
        name = match.group(1) or camel(match.group(2))
        doc = " ".join((match.group(4) or "").split())
        yield name, match.group(3), doc


def excerpt(doc: str, limit: int = 160) -> str:
    doc = re.sub(r"\s+", " ", doc).strip()
    return doc if len(doc) <= limit else doc[: limit - 1].rstrip() + "…"


def classify(name: str, doc: str) -> tuple[str, str] | None:
    for family, label, pattern in NAME_PATTERNS:
        if pattern.search(name):
            return family, label
    for family, label, pattern in DOC_PATTERNS:
        if pattern.search(doc):
            return family, label
    return None


@dataclass(frozen=True)
class Resource:
    """One resource of the SDK, read as source text."""

    token: str
    """Its engine type token (``alicloud:oss/bucket:Bucket``)."""
    body: str
    """The resource class's body (its docstring first)."""
    args: str
    """The body of its ``*Args`` class: the input properties."""
    nested: dict[str, str]
    """The nested input classes of its module (``_inputs.py``), by name."""


def resources(sdk: Path) -> Iterator[Resource]:
    """Every resource of the SDK that has an ``*Args`` class, in module and file order."""
    # The package root holds the index module's resources (alicloud:index/...), the subpackages the others.
    subpackages = sorted(p for p in sdk.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))
    for module in [sdk, *subpackages]:
        inputs_path = module / "_inputs.py"
        nested = classes(inputs_path.read_text(encoding="utf-8")) if inputs_path.exists() else {}
        for path in sorted(module.glob("*.py")):
            if path.name.startswith(("_", "get_")) or path.name == "outputs.py":
                continue
            source = path.read_text(encoding="utf-8")
            resource = _RESOURCE.search(source)
            if resource is None:
                continue
            cls, token = resource.groups()
            bodies = classes(source)
            args = bodies.get(f"{cls}Args")
            if args is not None:
                yield Resource(token, bodies.get(cls, ""), args, nested)


def candidates(sdk: Path) -> list[dict[str, str]]:
    rows: dict[tuple[str, str, str], dict[str, str]] = {}
    for resource in resources(sdk):
        token = resource.token
        for family, label, pattern in TYPE_PATTERNS:
            if pattern.search(token.split(":")[-1]):
                summary = re.search(r'"""(.*?)"""', resource.body, re.S)
                rows[(family, token, "*")] = _row(
                    token, "*", label, family, summary.group(1) if summary else ""
                )
                break
        for name, annotation, doc in properties(resource.args):
            if _add(rows, token, name, doc):
                continue  # the property's row covers its nested fields
            for nested_cls in _NESTED.findall(annotation):
                repeated = "Sequence[" in annotation
                for child, _, child_doc in properties(resource.nested.get(nested_cls, "")):
                    path_name = f"{name}[].{child}" if repeated else f"{name}.{child}"
                    _add(rows, token, path_name, child_doc, leaf=child)
    return [rows[k] for k in sorted(rows)]


def _row(token: str, prop: str, label: str, family: str, doc: str) -> dict[str, str]:
    return {"type": token, "property": prop, "pattern": label, "family": family, "doc": excerpt(doc)}


def _add(
    rows: dict[tuple[str, str, str], dict[str, str]],
    token: str,
    prop: str,
    doc: str,
    leaf: str | None = None,
) -> bool:
    found = classify(leaf or prop, doc)
    if found is None:
        return False
    family, label = found
    rows[(family, token, prop)] = _row(token, prop, label, family, doc)
    return True


def input_paths(sdk: Path, depth: int = 2) -> dict[str, set[str]]:
    """Every resource token's input paths as inventories name them ("a", "a.b", "a[].b"), nested inputs
    followed ``depth`` levels down."""
    found: dict[str, set[str]] = {}
    for resource in resources(sdk):
        paths = found.setdefault(resource.token, set())
        level = [("", name, annotation) for name, annotation, _ in properties(resource.args)]
        for _ in range(depth + 1):
            following = []
            for prefix, name, annotation in level:
                full = prefix + name
                paths.add(full)
                joint = f"{full}[]." if "Sequence[" in annotation else f"{full}."
                for nested_cls in _NESTED.findall(annotation):
                    following += [
                        (joint, n, a) for n, a, _ in properties(resource.nested.get(nested_cls, ""))
                    ]
            level = following
    return found


def sdk_dir() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("pulumi_alicloud")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("pulumi_alicloud is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def sdk_version(sdk: Path) -> str:
    plugin: dict[str, str] = json.loads((sdk / "pulumi-plugin.json").read_text(encoding="utf-8"))
    return plugin["version"]


def generate(sdk: Path) -> dict[str, Any]:
    return {"sdk": "pulumi_alicloud", "version": sdk_version(sdk), "candidates": candidates(sdk)}


def render(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def run(argv: list[str] | None, description: str, out: Path, build: Callable[[Path], dict[str, Any]]) -> int:
    """The command line of a generator of checked-in data: write ``out``, or ``--check`` that it is current."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--sdk", type=Path, default=None, help="the pulumi_alicloud package directory")
    parser.add_argument("--check", action="store_true", help="fail if the checked-in file differs")
    options = parser.parse_args(argv)
    text = render(build(options.sdk or sdk_dir()))
    if options.check:
        if out.read_text(encoding="utf-8") != text:
            print(f"{out.relative_to(ROOT)} is out of date; run {Path(sys.argv[0]).name}", file=sys.stderr)
            return 1
        return 0
    out.write_text(text, encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    return run(argv, __doc__.split("\n", 1)[0], OUT, generate)


if __name__ == "__main__":
    sys.exit(main())
