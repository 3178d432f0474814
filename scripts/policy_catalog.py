"""Generate docs/policies.md from the policies themselves, plus the Checkov coverage table.

A docs generator, not part of the pack: it lives beside the other generators and reads the pack the way a
user's tool would. Run from the repository root: ``python scripts/policy_catalog.py > docs/policies.md``
(``make policy-docs``). A test keeps the committed file equal to ``render()``.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "policies") not in sys.path:  # the pack as the engine runs it: its folder first on sys.path
    sys.path.insert(0, str(ROOT / "policies"))

from pulumi_policy import EnforcementLevel  # noqa: E402
from pulumi_policy.policy import Policy  # noqa: E402
from retail_ai_policies import PACK_NAME, POLICIES  # noqa: E402
from retail_ai_policies._renames import successors  # noqa: E402
from retail_ai_policies.cloud_config import MANAGED_RULES, PERIODIC  # noqa: E402

FAMILY_ORDER = [
    "intranet-only",
    "private-acl",
    "single-region",
    "encryption",
    "resilience",
    "workload-fit",
    "hardening",
]

# (Checkov ID, what it checks, status, our policy, how/why)
CHECKOV = [
    (
        "CKV_ALI_1",
        "OSS bucket not public (ACL)",
        "covered",
        "oss-bucket-acl-private",
        "Inline acl and oss.BucketAcl judged on their own, so no join by bucket name is needed; also "
        "oss-public-access-block-enabled, oss-bucket-policy-no-public-principal and "
        "oss-object-acl-private, which "
        "Checkov lacks.",
    ),
    (
        "CKV_ALI_2",
        "SG ingress 0.0.0.0/0 to port 22",
        "differently",
        "ecs-security-group-no-internet-ingress",
        "Any port and protocol (Checkov passes `all` with `-1/-1`), IPv6 ::/0, any /0 CIDR; rules sourced "
        "from a "
        "security group or prefix list pass (Checkov fails a missing cidrIp); drop rules pass.",
    ),
    (
        "CKV_ALI_3",
        "SG ingress 0.0.0.0/0 to port 3389",
        "differently",
        "ecs-security-group-no-internet-ingress",
        "Same policy as CKV_ALI_2: every port, not two.",
    ),
    (
        "CKV_ALI_4",
        "ActionTrail all regions",
        "covered",
        "actiontrail-trail-all-events",
        "Absent passes (provider default All).",
    ),
    (
        "CKV_ALI_5",
        "ActionTrail all events",
        "differently",
        "actiontrail-trail-all-events",
        "Absent eventRw passes: the provider default is All (Checkov fails it).",
    ),
    (
        "CKV_ALI_6",
        "OSS encrypted with a CMK",
        "differently",
        "oss-bucket-kms-encrypted",
        "Stack policy: accepts oss.BucketServerSideEncryption (matched by bucket name or property "
        "dependency), "
        "which Checkov cannot see; requireCustomerKey config.",
    ),
    (
        "CKV_ALI_7",
        "Disk encrypted",
        "differently",
        "ecs-disk-encrypted",
        "Also ecs.EcsDisk, instance/scaling-configuration system and data disks, launch templates and node "
        "pools; "
        "snapshot-based disks are judged too.",
    ),
    (
        "CKV_ALI_8",
        "Disk encrypted with a CMK",
        "differently",
        "ecs-disk-encrypted",
        "Same policy with requireCustomerKey: true.",
    ),
    (
        "CKV_ALI_9",
        "RDS not public (whitelist)",
        "differently",
        "db-ip-whitelist-no-internet",
        "Every whitelist-like property of every service (RDS, PolarDB, Redis/Tair, MongoDB, GPDB, templates, "
        "nested lists, comma strings), any /0 or bare 0.0.0.0; plus db-instance-public-endpoint-denied for public "
        "connection resources.",
    ),
    (
        "CKV_ALI_10",
        "OSS versioning",
        "differently",
        "oss-bucket-versioning-enabled",
        "Stack policy: accepts oss.BucketVersioning.",
    ),
    (
        "CKV_ALI_11",
        "OSS transfer acceleration",
        "not covered",
        "",
        "Inverted for us: acceleration serves the bucket through a global public endpoint, against "
        "intranet-only "
        "and single-region; we do not require it.",
    ),
    (
        "CKV_ALI_12",
        "OSS access logging",
        "differently",
        "oss-bucket-access-logging",
        "Stack policy: accepts oss.BucketLogging.",
    ),
    (
        "CKV_ALI_13",
        "RAM password length >= 14",
        "covered",
        "ram-password-policy-strong",
        "Absent uses the provider default 12 and fails.",
    ),
    (
        "CKV_ALI_14",
        "RAM password needs a number",
        "differently",
        "ram-password-policy-strong",
        "Absent passes (provider default true).",
    ),
    (
        "CKV_ALI_15",
        "RAM password needs a symbol",
        "differently",
        "ram-password-policy-strong",
        "Absent passes (provider default true).",
    ),
    ("CKV_ALI_16", "RAM password expires <= 90 days", "covered", "ram-password-policy-strong", ""),
    (
        "CKV_ALI_17",
        "RAM password needs lowercase",
        "differently",
        "ram-password-policy-strong",
        "Absent passes (provider default true).",
    ),
    ("CKV_ALI_18", "RAM password reuse prevention", "covered", "ram-password-policy-strong", ""),
    (
        "CKV_ALI_19",
        "RAM password needs uppercase",
        "differently",
        "ram-password-policy-strong",
        "Absent passes (provider default true).",
    ),
    ("CKV_ALI_20", "RDS uses SSL", "covered", "rds-instance-hardened", ""),
    ("CKV_ALI_21", "API Gateway HTTPS", "not covered", "", "API Gateway is not part of the platform."),
    ("CKV_ALI_22", "RDS TDE", "covered", "rds-instance-hardened", "MySQL and SQL Server, case-insensitive."),
    ("CKV_ALI_23", "RAM max login attempts <= 5", "covered", "ram-password-policy-strong", ""),
    (
        "CKV_ALI_24",
        "RAM enforces MFA",
        "differently",
        "ram-login-mfa-required",
        "Accepts the 4.0 field mfaOperationForLogin = mandatory as well as the deprecated "
        "enforceMfaForLogin.",
    ),
    (
        "CKV_ALI_25",
        "RDS SQL audit retention >= 180",
        "covered",
        "rds-instance-hardened",
        "Threshold is config (minSqlAuditDays).",
    ),
    (
        "CKV_ALI_26",
        "ACK uses Terway or Flannel",
        "not covered",
        "",
        "Targets ACK dedicated clusters, which can no longer be created, and fails every Terway cluster "
        "under "
        "4.0; the CNI is not a security boundary we enforce.",
    ),
    ("CKV_ALI_27", "KMS key rotation", "covered", "kms-key-rotation-enabled", ""),
    (
        "CKV_ALI_28",
        "KMS key enabled",
        "covered",
        "kms-key-rotation-enabled",
        "Same policy reports a disabled key.",
    ),
    (
        "CKV_ALI_29",
        "ALB ACL not 0.0.0.0/0",
        "differently",
        "alb-acl-no-open-entry",
        "Reads the deprecated entry, the new entries[] and inline aclEntries, on ALB and CLB ACLs.",
    ),
    ("CKV_ALI_30", "RDS auto minor upgrades", "covered", "rds-instance-hardened", ""),
    (
        "CKV_ALI_31",
        "Node pool auto repair",
        "differently",
        "ack-node-pool-auto-repair-enabled",
        "Also requires management.enable, without which the provider ignores autoRepair.",
    ),
    (
        "CKV_ALI_32",
        "Launch template data disks encrypted",
        "differently",
        "ecs-disk-encrypted",
        "System disk too, and the legacy ecs.LaunchTemplate.",
    ),
    ("CKV_ALI_33", "SLB TLS cipher policy modern", "covered", "slb-tls-cipher-policy-modern", ""),
    (
        "CKV_ALI_35",
        "RDS log_duration",
        "differently",
        "rds-instance-hardened",
        "PostgreSQL instances only (the parameter does not exist on MySQL).",
    ),
    ("CKV_ALI_36", "RDS log_disconnections", "differently", "rds-instance-hardened", "PostgreSQL only."),
    ("CKV_ALI_37", "RDS log_connections", "differently", "rds-instance-hardened", "PostgreSQL only."),
    ("CKV_ALI_38", "Log audit collects RDS", "covered", "sls-log-audit-rds-enabled", ""),
    (
        "CKV_ALI_41",
        "MongoDB in a VPC",
        "not covered",
        "",
        "MongoDB is out of scope; 4.0 only allows VPC anyway.",
    ),
    ("CKV_ALI_42", "MongoDB SSL", "not covered", "", "MongoDB is out of scope."),
    (
        "CKV_ALI_43",
        "MongoDB not public",
        "covered",
        "db-ip-whitelist-no-internet",
        "The generic whitelist policy reads securityIpLists.",
    ),
    ("CKV_ALI_44", "MongoDB TDE", "not covered", "", "MongoDB is out of scope."),
]


def _level(policy: Policy) -> str:
    level = policy.enforcement_level
    return "mandatory" if level == EnforcementLevel.MANDATORY else "advisory"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def render() -> str:
    lines = [
        f"# Policy pack `{PACK_NAME}`",
        "",
        "<!-- Generated by scripts/policy_catalog.py; do not edit. Regenerate: make policy-docs -->",
        "",
        "Mandatory by default: intranet-only, private-acl, single-region. Everything else is advisory; "
        "raise any "
        'policy with `--policy-pack-config` (`{"all": "mandatory"}` or `{"<policy>": "mandatory"}`).',
        "",
        "Every policy takes `exemptUrns` (list of URNs it does not judge; an exempt resource is reported as "
        "not applicable with the reason) and `treatUnknownAsViolation` (default true: a deciding value "
        "that is "
        'unknown during preview is reported as "cannot be verified during preview: <prop> is unknown" at the '
        "policy's level; false leaves it to pulumi-policy's advisory note). Single-region policies take "
        "`allowedRegion` (default: the stack's `alicloud:region`).",
        "",
    ]
    by_family: dict[str, list[Policy]] = {}
    for policy in POLICIES:
        if not successors(policy):
            by_family.setdefault((policy.tags or ["other"])[0], []).append(policy)
    for family in FAMILY_ORDER + sorted(set(by_family) - set(FAMILY_ORDER)):
        if family not in by_family:
            continue
        lines += [
            f"## {family}",
            "",
            "| policy | severity | level | checks | remediation | config |",
            "|---|---|---|---|---|---|",
        ]
        for policy in by_family[family]:
            schema = policy.config_schema.properties if policy.config_schema else {}
            extra = [k for k in schema if k not in ("exemptUrns", "treatUnknownAsViolation")]
            severity = policy.severity.value if policy.severity else ""
            lines.append(
                f"| `{policy.name}` | {severity} | {_level(policy)} | "
                f"{_cell(policy.description)} | {_cell(policy.remediation_steps or '')} | "
                f"{', '.join(f'`{k}`' for k in extra)} |"
            )
        lines.append("")
    lines += _renamed_section()
    lines += [
        "## Checkov (CKV_ALI_*) coverage",
        "",
        "Checkov's alicloud checks are the floor. *covered*: same rule. *differently*: same intent, mended "
        "blind spot (why given). *not covered*: deliberately left out (why given).",
        "",
        "| Checkov | checks | status | our policy | how / why |",
        "|---|---|---|---|---|",
    ]
    for check_id, what, status, policy_name, why in CHECKOV:
        name = f"`{policy_name}`" if policy_name else ""
        lines.append(f"| {check_id} | {what} | {status} | {name} | {_cell(why)} |")
    lines.append("")
    lines += _inventory_coverage()
    lines += _cloud_config_section()
    return "\n".join(lines)


def _renamed_section() -> list[str]:
    """Old names that still work in policy config, and the policies they now stand for."""
    lines = [
        "## Renamed and split policies",
        "",
        "These names still work in `--policy-pack-config`: what an entry sets (its level, exemptions and other "
        "settings) is applied to each policy that replaced it, unless the config sets that policy itself, and "
        "the old name then reports one advisory violation naming the new ones until the entry is renamed. The "
        "old name judges nothing itself.",
        "",
        "| old name | now |",
        "|---|---|",
    ]
    for policy in POLICIES:
        names = successors(policy)
        if names:
            lines.append(f"| `{policy.name}` | {', '.join(f'`{n}`' for n in names)} |")
    return [*lines, ""]


def _inventory_coverage() -> list[str]:
    """The exposure inventories (inventory/*.yaml) against the SDK candidates (inventory/candidates.json):
    how much of the provider surface each mandatory family judges, and every row with its policy."""
    import json

    import yaml

    root = ROOT / "inventory"
    generated = json.loads((root / "candidates.json").read_text(encoding="utf-8"))
    families = [("intranet.yaml", "intranet-only"), ("private_acl.yaml", "private-acl")]
    families.append(("sovereignty.yaml", "single-region"))
    lines = [
        "## Exposure inventory coverage",
        "",
        f"`inventory/candidates.json` lists every input of {generated['sdk']} {generated['version']} whose name "
        "or documentation suggests an internet path, a public object or a copy to another region "
        "(`scripts/generate_exposure_candidates.py`). Each family's inventory makes a candidate a *row* (a "
        "named policy judges it, with a failing and a passing case) or *reviewed* (why it does not expose); "
        "a row may also cover a path no pattern found. A candidate of a type with a whole-type (`*`) row, "
        "or whose items or nested fields a row names, counts as covered.",
        "",
        "| family | rows | resource types | policies | SDK candidates | covered by a row | reviewed | open |",
        "|---|---|---|---|---|---|---|---|",
    ]
    details: list[str] = []
    for file_name, family in families:
        data = yaml.safe_load((root / file_name).read_text(encoding="utf-8"))
        rows, reviewed = data["rows"], data.get("reviewed", [])
        row_keys = {(r["type"], r["property"]) for r in rows}
        review_keys = {(r["type"], r["property"]) for r in reviewed}

        def covers(keys: set[tuple[str, str]], kind: str, prop: str) -> bool:
            if (kind, prop) in keys or (kind, "*") in keys:
                return True
            same = [p for t, p in keys if t == kind or (t.endswith("/*") and kind.startswith(t[:-1]))]
            if prop == "*":
                return bool(same)
            return any(p == f"{prop}[]" or p.startswith((f"{prop}.", f"{prop}[].")) for p in same)

        found = [(c["type"], c["property"]) for c in generated["candidates"] if c["family"] == family]
        as_row = [c for c in found if covers(row_keys, *c)]
        as_review = [c for c in found if c not in as_row and covers(review_keys, *c)]
        lines.append(
            f"| {family} | {len(rows)} | {len({r['type'] for r in rows})} | {len({r['policy'] for r in rows})} "
            f"| {len(found)} | {len(as_row)} | {len(as_review)} | {len(found) - len(as_row) - len(as_review)} |"
        )
        details += [
            f"### {family} rows (`inventory/{file_name}`)",
            "",
            "| resource type | property | exposes | policy | cases |",
            "|---|---|---|---|---|",
        ]
        for r in rows:
            details.append(
                f"| `{r['type']}` | `{r['property']}` | {_cell(str(r['exposes']))} | `{r['policy']}` "
                f"| {len(r['cases'])} |"
            )
        details.append("")
    lines += ["", *_document_coverage()]
    return [*lines, "", *details]


def _document_coverage() -> list[str]:
    """Who may act: every document-typed input (inventory/documents.json) against inventory/principals.yaml."""
    import json

    import yaml

    root = ROOT / "inventory"
    generated = json.loads((root / "documents.json").read_text(encoding="utf-8"))
    data = yaml.safe_load((root / "principals.yaml").read_text(encoding="utf-8"))
    rows = {(r["type"], r["property"]) for r in data["rows"]}
    found = [(d["type"], d["property"]) for d in generated["documents"]]
    judged = [d for d in found if d in rows]
    policies = ", ".join(f"`{name}`" for name in sorted({r["policy"] for r in data["rows"]}))
    lines = [
        f"`inventory/documents.json` lists every document-typed input of {generated['sdk']} "
        f"{generated['version']} (trust and resource policies, identity and endpoint policies, principal lists; "
        "`scripts/generate_document_inventory.py`); `inventory/principals.yaml` makes each a row or reviewed.",
        "",
        "| document inputs | judged by a row | reviewed | policies |",
        "|---|---|---|---|",
        f"| {len(found)} | {len(judged)} | {len(found) - len(judged)} | {policies} |",
    ]
    return lines


def _cloud_config_section() -> list[str]:
    """Which Cloud Config managed rule (created by the Guardrails component) keeps each promise after deploy."""
    lines = [
        "## After deploy: Cloud Config managed rules",
        "",
        "The pack judges what a program declares; a console change made after deploy never reaches it. The "
        "Guardrails component creates these Cloud Config managed rules, which evaluate the live resources. "
        "*Mirrors*: the policies of the same family that judge the resource types the rule evaluates (or, for "
        "a policy matched by property name on any resource, that judges the property).",
        "",
        "| Cloud Config rule | family | reports | evaluated | mirrors | documented in |",
        "|---|---|---|---|---|---|",
    ]
    for rule in MANAGED_RULES:
        family = [p for p in POLICIES if p.tags and p.tags[0] == rule.family]
        mirrored = [
            p.name for p in family if set(rule.resource_types) & set(getattr(p, "judged_types", None) or ())
        ]
        if not mirrored:
            mirrored = [p.name for p in family if getattr(p, "judged_types", ()) is None]
        evaluated = "every 24 hours" if rule.trigger == PERIODIC else "on a configuration change"
        if not rule.trigger_documented:
            evaluated += " (to confirm at the first deploy)"
        lines.append(
            f"| `{rule.identifier}` | {rule.family} | {_cell(rule.checks)} | {evaluated} | "
            f"{', '.join(f'`{n}`' for n in mirrored)} | {_cell(rule.source)} |"
        )
    lines.append("")
    return lines


def main(argv: list[str]) -> int:
    text = render()
    if len(argv) > 1:
        Path(argv[1]).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
