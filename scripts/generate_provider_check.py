"""Generate retail_ai_components/preview/data/alicloud_check.json from the upstream Terraform provider.

Reads each ``alicloud/resource_alicloud_*.go`` at a tag of terraform-provider-alicloud (a git directory,
read with ``git show``), extracts per argument the literal ``Default:`` and the validators expressible as
data, and maps Terraform names to Pulumi tokens and camelCase names with pulumi-alicloud's
bridge-metadata.json (``renames``), keeping only tokens the installed pulumi_alicloud SDK defines.

    python scripts/generate_provider_check.py --provider-source TF_GIT_DIR --ref v1.289.0 \
        --bridge-metadata BRIDGE_METADATA_JSON [--sdk PULUMI_ALICLOUD_DIR] [--date YYYY-MM-DD]

Deterministic: sorted keys; the date is an argument (default today).
"""

from __future__ import annotations

import argparse
import collections
import datetime
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parents[1] / "retail_ai_components/preview/data/alicloud_check.json"
_ENTRY = re.compile(r'"([a-z0-9_]+)"\s*:\s*(?:&schema\.Schema\s*)?\{')
_STR = r'"(?:[^"\\]|\\.)*"'
Stats = collections.Counter[str]


def _block(text: str, start: int) -> int:
    """Index just past the brace block opening at text[start] == '{' (Go strings and comments skipped)."""
    depth, i = 0, start
    while i < len(text):
        c = text[i]
        if c == '"':
            i += 1
            while text[i] != '"':
                i += 2 if text[i] == "\\" else 1
        elif c == "`":
            i = text.index("`", i + 1)
        elif text.startswith("//", i):
            i = text.index("\n", i)
        elif c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise ValueError("unbalanced braces")


def _top_level(body: str) -> str:
    """The body with nested brace blocks blanked, so field matches see only this level."""
    out, i = [], 0
    while i < len(body):
        if body[i] == "{":
            end = _block(body, i)
            out.append("{" + " " * (end - i - 2) + "}")
            i = end
        else:
            out.append(body[i])
            i += 1
    return "".join(out)


def _go_literal(raw: str) -> Any:
    raw = raw.strip()
    if raw in ("true", "false"):
        return raw == "true"
    if re.fullmatch(_STR, raw):
        return json.loads(raw)
    if re.fullmatch(r"-?\d+", raw):
        return int(raw)
    if re.fullmatch(r"-?\d+\.\d*", raw):
        return float(raw)
    raise ValueError(raw)


def _go_regexp(pattern: str) -> str | None:
    if re.search(r"\\[pPzC]|\(\?[a-zA-Z]*[Us]|\[\[:", pattern):
        return None
    try:
        re.compile(pattern)
    except re.error:
        return None
    return pattern


def _validators(expr: str, stats: Stats) -> list[dict[str, Any]] | None:
    """Validators from one ValidateFunc/ValidateDiagFunc expression, or None when not expressible."""
    expr = re.sub(r"\s+", " ", expr.strip())
    expr = re.sub(r"^validation\.ToDiagFunc\((.*)\)$", r"\1", expr)
    expr = re.sub(r"^(?:validation|schema)\.", "", expr)
    num = r"(-?\d+(?:\.\d+)?)"
    if m := re.fullmatch(r"StringInSlice\(\[\]string\{(.*?)\},? ?(true|false)\)", expr):
        items = [s.strip() for s in m.group(1).split(",") if s.strip()]
        if not all(re.fullmatch(_STR, s) for s in items):
            return None
        rule: dict[str, Any] = {"kind": "one_of", "values": [json.loads(s) for s in items]}
        if m.group(2) == "true":
            rule["ignoreCase"] = True
        return [rule]
    if m := re.fullmatch(r"IntInSlice\(\[\]int\{(.*?)\}\)", expr):
        items = [s.strip() for s in m.group(1).split(",") if s.strip()]
        if not all(re.fullmatch(r"-?\d+", s) for s in items):
            return None
        return [{"kind": "one_of", "values": [int(s) for s in items]}]
    if m := re.fullmatch(rf"(Int|Float)Between\({num}, ?{num}\)", expr):
        kind = "int_between" if m.group(1) == "Int" else "float_between"
        return [{"kind": kind, "min": _go_literal(m.group(2)), "max": _go_literal(m.group(3))}]
    if m := re.fullmatch(rf"(Int|Float)AtLeast\({num}\)", expr):
        return [{"kind": "int_between", "min": _go_literal(m.group(2)), "max": None}]
    if m := re.fullmatch(rf"(Int|Float)AtMost\({num}\)", expr):
        return [{"kind": "int_between", "min": None, "max": _go_literal(m.group(2))}]
    if m := re.fullmatch(r"StringLenBetween\((\d+), ?(\d+)\)", expr):
        return [{"kind": "len_between", "min": int(m.group(1)), "max": int(m.group(2))}]
    if m := re.fullmatch(
        r"StringMatch\(regexp\.MustCompile\((`[^`]*`|" + _STR + r")\), ?(" + _STR + r")\)", expr
    ):
        lit = m.group(1)
        pattern = lit[1:-1] if lit.startswith("`") else json.loads(lit)
        py = _go_regexp(pattern)
        if py is None:
            stats["regexp not Python-compatible"] += 1
            return None
        return [{"kind": "match", "pattern": py}]
    if expr in ("StringIsJSON", "ValidateJsonString", "validateJsonString"):
        return [{"kind": "json"}]
    if m := re.fullmatch(r"All\((.*)\)", expr):
        parts = _split_args(m.group(1))
        rules: list[dict[str, Any]] = []
        for part in parts:
            sub = _validators(part, stats)
            if sub is None:
                return None
            rules += sub
        return rules
    return None


def _split_args(text: str) -> list[str]:
    parts, depth, cur = [], 0, ""
    for c in text:
        depth += c in "({["
        depth -= c in ")}]"
        if c == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += c
    if cur.strip():
        parts.append(cur)
    return [p.strip() for p in parts]


def _field_expr(top: str, body: str, field: str) -> str | None:
    """The expression of `Field: ...,` at this level, taken from the unblanked body."""
    m = re.search(rf"(?m)^\s*{field}:\s*", top)
    if not m:
        return None
    i, depth = m.end(), 0
    start = i
    while i < len(body):
        c = body[i]
        if c in "({[":
            depth += 1
        elif c in ")}]":
            if depth == 0:
                break
            depth -= 1
        elif c == "," and depth == 0:
            break
        elif c == '"':
            i += 1
            while body[i] != '"':
                i += 2 if body[i] == "\\" else 1
        elif c == "`":
            i = body.index("`", i + 1)
        i += 1
    return body[start:i].strip()


def parse_schema(text: str, start: int, end: int, stats: Stats, depth: int = 0) -> dict[str, Any]:
    """Arguments of the schema map whose body spans text[start:end]."""
    props: dict[str, Any] = {}
    body = text[start:end]
    top = _top_level(body[1:-1])
    inner = body[1:-1]
    for m in _ENTRY.finditer(top):
        open_at = m.end() - 1
        close = _block(inner, open_at)
        entry = inner[open_at:close]
        etop = _top_level(entry[1:-1])
        ebody = entry[1:-1]
        spec: dict[str, Any] = {}
        if re.search(r"(?m)^\s*Removed:", etop):
            continue
        flags = {f: bool(re.search(rf"(?m)^\s*{f}:\s*true", etop)) for f in ("Required", "Computed")}
        deprecated = bool(re.search(r"(?m)^\s*Deprecated:", etop))
        default = _field_expr(etop, ebody, "Default")
        if default is not None:
            try:
                value = _go_literal(default)
            except ValueError:
                stats["default not a literal"] += 1
            else:
                if deprecated and not flags["Required"]:
                    stats["default on deprecated argument (bridge skips)"] += 1
                else:
                    spec["default"] = value
                    stats["defaults"] += 1
        for field in ("ValidateFunc", "ValidateDiagFunc"):
            expr = _field_expr(etop, ebody, field)
            if expr is None:
                continue
            rules = _validators(expr, stats)
            if rules is None:
                stats["validator not expressible"] += 1
            else:
                spec["validators"] = rules
                stats["validators"] += len(rules)
        for field, key in (("ConflictsWith", "conflictsWith"), ("ExactlyOneOf", "exactlyOneOf")):
            expr = _field_expr(etop, ebody, field)
            if expr and (names := re.findall(_STR, expr)):
                spec[key] = sorted(json.loads(n) for n in names)
        elem = re.search(r"(?m)^\s*Elem:\s*&schema\.Resource\{", etop)
        if elem and depth < 2:
            sm = re.search(r"Schema:\s*map\[string\]\*schema\.Schema\{", ebody[elem.start() :])
            if sm:
                s_open = elem.start() + sm.end() - 1
                nested = parse_schema(ebody, s_open, _block(ebody, s_open), stats, depth + 1)
                if nested:
                    spec["nested"] = nested
        elif elem:
            stats["nested blocks deeper than two levels"] += 1
        if spec:
            spec["_type"] = "list" if re.search(r"Type:\s*schema\.Type(List|Set)", etop) else "scalar"
            props[m.group(1)] = spec
    return props


def parse_resource_file(text: str, stats: Stats) -> dict[str, Any]:
    m = re.search(r"Schema:\s*map\[string\]\*schema\.Schema\{", text)
    if not m:
        stats["files without a schema map"] += 1
        return {}
    open_at = m.end() - 1
    return parse_schema(text, open_at, _block(text, open_at), stats)


def camel(snake: str) -> str:
    head, *rest = snake.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


def _resolve_conflicts(props: dict[str, Any], names: dict[str, str]) -> None:
    for spec in props.values():
        for key in ("conflictsWith", "exactlyOneOf"):
            if key in spec:
                spec[key] = sorted(names.get(n, camel(n)) for n in spec[key] if "." not in n)
                if not spec[key]:
                    del spec[key]


def to_pulumi(
    props: dict[str, Any], names: dict[str, str], stats: Stats, nested_names: dict[str, str]
) -> dict[str, Any]:
    """Rename Terraform arguments to Pulumi properties; bridge rules for which defaults apply."""
    defaulted = {n for n, s in props.items() if "default" in s}
    out: dict[str, Any] = {}
    for tf_name, spec in sorted(props.items()):
        spec = dict(spec)
        spec.pop("_type")
        # The bridge skips a default when a conflicting or exactly-one-of sibling has a default of its own.
        others = set(spec.get("conflictsWith", [])) | (set(spec.get("exactlyOneOf", [])) - {tf_name})
        if "default" in spec and others & defaulted:
            del spec["default"]
            stats["defaults skipped: sibling default conflicts"] += 1
        if "nested" in spec:
            spec["nested"] = to_pulumi(spec["nested"], nested_names, stats, nested_names)
        # The bridge's metadata lists every name that is not the plain camelCase of the Terraform one.
        out[names.get(tf_name, camel(tf_name))] = spec
    _resolve_conflicts(out, names)
    return {k: v for k, v in out.items() if v}


def nested_renames(renamed: dict[str, dict[str, str]], token: str) -> dict[str, str]:
    """Renames of the resource's nested types (tokens `alicloud:<mod>/<Resource><Block>:...`)."""
    module, name = token.split(":")[1].split("/")[0], token.split(":")[2]
    merged: dict[str, str] = {}
    for type_token, fields in sorted(renamed.items()):
        if type_token.startswith(f"alicloud:{module}/{name}") and type_token != token:
            merged.update({tf: pulumi for pulumi, tf in fields.items()})
    return merged


def sdk_tokens(sdk: Path) -> set[str]:
    found: set[str] = set()
    for path in sdk.rglob("*.py"):
        found.update(re.findall(r"super\([^)]*\)\.__init__\(\s*'(alicloud:[^']+)'", path.read_text()))
    return found


def git(source: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(source), *args], check=True, capture_output=True, text=True
    ).stdout


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--provider-source", type=Path, required=True, help="terraform-provider-alicloud git dir")
    ap.add_argument("--ref", required=True, help="tag of terraform-provider-alicloud, e.g. v1.289.0")
    ap.add_argument(
        "--bridge-metadata", type=Path, required=True, help="pulumi-alicloud bridge-metadata.json"
    )
    ap.add_argument("--sdk", type=Path, help="pulumi_alicloud package dir (default: the installed one)")
    ap.add_argument("--pulumi-alicloud-version", default="4.0.0")
    ap.add_argument("--date", default=datetime.date.today().isoformat())
    ap.add_argument("--bridged-note", default="", help="how the TF version relates to the bridged one")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    if args.sdk is None:
        import pulumi_alicloud

        args.sdk = Path(pulumi_alicloud.__file__).parent
    tokens = sdk_tokens(args.sdk)
    renames = json.loads(args.bridge_metadata.read_text())["renames"]
    tf_to_token = {tf: tok for tok, tf in renames["resources"].items() if tok in tokens}
    stats: Stats = collections.Counter()
    resources: dict[str, Any] = {}
    files = [
        f
        for f in git(args.provider_source, "ls-tree", "--name-only", args.ref, "alicloud/").split()
        if re.fullmatch(r"alicloud/resource_alicloud_[a-z0-9_]+\.go", f) and not f.endswith("_test.go")
    ]
    for f in sorted(files):
        tf_name = f.removeprefix("alicloud/resource_").removesuffix(".go")
        token = tf_to_token.get(tf_name)
        if token is None:
            stats["files without a Pulumi 4.0 token"] += 1
            continue
        try:
            props = parse_resource_file(git(args.provider_source, "show", f"{args.ref}:{f}"), stats)
        except (ValueError, IndexError):
            stats["files not parsed"] += 1
            continue
        names = {v: k for k, v in renames["renamedProperties"].get(token, {}).items()}
        mapped = to_pulumi(props, names, stats, nested_renames(renames["renamedProperties"], token))
        if mapped:
            resources[token] = mapped
    table = {
        "pulumiAlicloud": args.pulumi_alicloud_version,
        "terraformProvider": args.ref,
        "terraformProviderNote": args.bridged_note,
        "generated": args.date,
        "command": f"python scripts/generate_provider_check.py --ref {args.ref} --date {args.date} "
        "--provider-source TF_GIT_DIR --bridge-metadata BRIDGE_METADATA_JSON",
        "resources": resources,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(table, indent=1, sort_keys=True) + "\n")
    stats["resources"] = len(resources)
    stats["properties"] = sum(_count(r) for r in resources.values())
    for key, value in sorted(stats.items()):
        print(f"{key}: {value}", file=sys.stderr)
    return 0


def _count(props: dict[str, Any]) -> int:
    return sum(1 + _count(s.get("nested", {})) for s in props.values())


if __name__ == "__main__":
    raise SystemExit(main())
