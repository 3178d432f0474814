"""The policy factory: enforcement levels, families, and the uniform handling of exemptions and unknowns.

Every policy in the pack is built with :func:`resource_policy` (or :func:`stack_policy`), so they all behave the
same way on the three things that make policies unreliable on real input:

* **Exemptions.** Each policy has two config properties: ``exemptUrns`` (exact URNs, as pulumi-policy users
  know them) and ``exemptions`` (``{resource, reason}`` entries whose ``resource`` is a glob tried on the URN and
  on the resource's name, so one file serves dev, staging and prod, whose URNs differ by stack). An exempt
  resource is not judged; the policy reports ``not_applicable`` with a reason that names the exemption, its
  stated reason and what it would have reported, so the exemption shows up in the analyzer response and the
  preview report instead of silently vanishing.
* **Unknowns.** During preview pulumi-policy raises ``UnknownValueError`` when a policy reads a value that is
  not known yet. pulumi-policy's own handling turns that into an *advisory* note, which would silently pass a
  resource that may violate once known. Here the factory catches it and reports a violation at the policy's own
  level: "cannot be verified during preview: <prop> is unknown". A team that prefers pulumi-policy's advisory
  behaviour for one policy sets ``treatUnknownAsViolation: false`` in its config. Checks read the deciding
  properties first, so an unknown that cannot change the verdict is never read.
* **Shape.** Props are read-only Mapping/Sequence proxies, numbers arrive as floats, JSON may be a string or an
  object. The readers in ``_values`` accept all of those.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    PolicyConfigSchema,
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)
from pulumi_policy.policy import Policy, Severity
from pulumi_policy.proxy import UnknownValueError

from ._renames import CONFIGURED_LEVEL, REPLACED_BY, renamed_warning
from ._values import strings
from .rules import resource_matches, urn_name

MANDATORY = EnforcementLevel.MANDATORY
ADVISORY = EnforcementLevel.ADVISORY

# Families. The family is also the policy's first tag, which is how the catalog groups policies.
INTRANET = "intranet-only"
PRIVATE_ACL = "private-acl"
SOVEREIGNTY = "single-region"
ENCRYPTION = "encryption"
RESILIENCE = "resilience"
COST_PERF = "workload-fit"
HARDENING = "hardening"

# A check gets the validation args and the policy's effective config, and yields one message per violation.
Check = Callable[[ResourceValidationArgs, Mapping[str, Any]], Iterable[str]]

EXEMPT_SCHEMA: dict[str, Any] = {
    "exemptUrns": {
        "type": "array",
        "items": {"type": "string"},
        "default": [],
        "description": "URNs of resources this policy does not judge (a justified, reviewed exception).",
    },
    "exemptions": {
        "type": "array",
        "default": [],
        "items": {
            "type": "object",
            "properties": {
                "resource": {
                    "type": "string",
                    "minLength": 1,
                    "description": "A glob tried on the URN and on the resource name, e.g. '*-bastion'.",
                },
                "reason": {"type": "string", "description": "Why; shown in the report."},
            },
            "required": ["resource"],
            "additionalProperties": False,
        },
        "description": "Resources this policy does not judge, by name or URN pattern, each with its reason; "
        "unlike exemptUrns, one entry serves every stack.",
    },
    "treatUnknownAsViolation": {
        "type": "boolean",
        "default": True,
        "description": "Report a value that is unknown during preview as a violation (true) or leave it to "
        "pulumi-policy's advisory note (false).",
    },
}


class Unverifiable(Exception):
    """Raised by a check when a deciding value cannot be read (a JSON document that does not parse)."""


def config_with_defaults(schema: Mapping[str, Any], config: Mapping[str, Any]) -> dict[str, Any]:
    """The engine fills schema defaults before Configure; in-process runs do not, so fill them here too."""
    merged = {key: spec.get("default") for key, spec in schema.items() if "default" in spec}
    merged.update(config)
    return merged


def exemption_for(urn: str, name: str, config: Mapping[str, Any]) -> str | None:
    """How ``urn`` is exempt under ``config`` ("by exemptUrns", "by exemptions 'glob' (reason)"), or None."""
    if urn in strings(config.get("exemptUrns")):
        return "by exemptUrns"
    entries = config.get("exemptions")
    if isinstance(entries, Sequence) and not isinstance(entries, str):
        for entry in entries:
            if not isinstance(entry, Mapping):
                continue
            pattern = entry.get("resource")
            if isinstance(pattern, str) and resource_matches(pattern, urn, name):
                reason = entry.get("reason")
                because = f" ({reason})" if isinstance(reason, str) and reason else ""
                return f"by exemptions {pattern!r}{because}"
    return None


def _unknown_path(error: UnknownValueError) -> str:
    return ".".join(str(p) for p in error.props) or "a property"


def judges_type(types: frozenset[str] | None, also: frozenset[str], resource_type: str) -> bool:
    """Whether a policy of ``types`` (None: every ``alicloud:`` resource, and the exact types ``also``) looks at
    a resource of ``resource_type``."""
    if types is None:
        return resource_type.startswith("alicloud:") or resource_type in also
    return resource_type in types


def resource_policy(
    *,
    name: str,
    family: str,
    description: str,
    severity: Severity,
    level: EnforcementLevel,
    remediation: str,
    types: Iterable[str] | None,
    check: Check,
    schema: Mapping[str, Any] | None = None,
    also: Iterable[str] = (),
) -> ResourceValidationPolicy:
    """Build a resource policy that only looks at ``types`` (None: every ``alicloud:`` resource) and handles
    exemptions and unknowns uniformly. ``also`` adds exact types to the any-``alicloud:``
    match (providers)."""
    type_set = frozenset(types) if types is not None else None
    extra = frozenset(also)
    properties: dict[str, Any] = {**EXEMPT_SCHEMA, **(schema or {})}

    def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
        if not judges_type(type_set, extra, args.resource_type):
            return
        config = config_with_defaults(properties, args.get_config())
        messages: list[str] = []
        unknown: UnknownValueError | None = None
        try:
            for message in check(args, config):
                messages.append(message)
        except UnknownValueError as error:
            unknown = error
        except Unverifiable as error:
            messages.append(str(error))
        except (
            Exception
        ) as error:  # a shape no provider version we know sends: report it, never crash the pack
            messages.append(
                f"could not be evaluated ({type(error).__name__}: {error}); the resource's inputs must "
                f"have the documented shape, or the resource must be exempted (exemptUrns or exemptions)"
            )
        if unknown is not None:
            if not config.get("treatUnknownAsViolation", True) and not messages:
                raise unknown  # pulumi-policy reports it as an advisory note
            messages.append(
                f"cannot be verified during preview: {_unknown_path(unknown)} is unknown; it must be known "
                f"(a literal, config, or an existing resource's value) or the resource exempted (exemptUrns or exemptions)"
            )
        exempt = exemption_for(args.urn, args.name, config)
        if exempt is not None:
            detail = f"; it would otherwise report: {' | '.join(messages)}" if messages else ""
            args.not_applicable(f"{args.urn} is exempt from {name} {exempt}{detail}")
        for message in messages:
            report_violation(message, args.urn)

    policy = ResourceValidationPolicy(
        name=name,
        description=description,
        enforcement_level=level,
        validate=validate,
        config_schema=PolicyConfigSchema(properties=properties),
        severity=severity,
        tags=[family],
        remediation_steps=remediation,
    )
    # Read by the catalog and by the server, which runs a policy only on the types it judges (never by a verdict).
    policy.judged_types = type_set  # type: ignore[attr-defined]
    policy.judged_also = extra  # type: ignore[attr-defined]
    return policy


StackCheck = Callable[[StackValidationArgs, Mapping[str, Any]], Iterable[tuple[str, str]]]


class UnknownFinding(str):
    """A stack check's message for a resource whose deciding value is unknown during preview.

    The factory, not the check, decides what it becomes: a violation (treatUnknownAsViolation, the default)
    or pulumi-policy's advisory "can't run policy during preview" note."""


class _StackUnknown(UnknownValueError):
    """UnknownValueError carrying the resources that could not be verified, for pulumi-policy's note."""

    # The base __init__ needs an unknown-type sentinel, which a list of unverified resources does not have.
    def __init__(self, message: str) -> None:
        Exception.__init__(self, message)
        self.unknown_type_sentinel = ""
        self.props = []
        self.message = message


def unknown_finding(error: UnknownValueError, whose: str = "") -> UnknownFinding:
    """The message for a stack check's deciding value that is unknown during preview (``whose``: where the
    value was read when not on the reported resource itself)."""
    where = f" of {whose}" if whose else ""
    return UnknownFinding(
        f"cannot be verified during preview: {_unknown_path(error)}{where} is unknown; it must be known (a "
        f"literal, config, or an existing resource's value) or the resource exempted (exemptUrns or exemptions)"
    )


def each_resource(
    args: StackValidationArgs, types: Iterable[str], judge: Callable[[PolicyResource], Iterable[str]]
) -> Iterator[tuple[str, str]]:
    """(urn, message) for each message ``judge`` finds on each resource of ``types``; a judge that reads an
    unknown value reports it as an :class:`UnknownFinding` on that resource."""
    wanted = frozenset(types)
    for resource in args.resources:
        if resource.resource_type not in wanted:
            continue
        try:
            messages = list(judge(resource))
        except UnknownValueError as error:
            messages = [unknown_finding(error)]
        for message in messages:
            yield resource.urn, message


def stack_policy(
    *,
    name: str,
    family: str,
    description: str,
    severity: Severity,
    level: EnforcementLevel,
    remediation: str,
    check: StackCheck,
    schema: Mapping[str, Any] | None = None,
    types: Iterable[str] | None = None,
) -> StackValidationPolicy:
    """Build a stack policy; ``check`` yields ``(urn, message)`` pairs; ``types`` are the resource types it
    judges (for the catalog).

    Behaves like :func:`resource_policy` on the two things that matter: an exempt resource is not reported
    as a violation but named, with what it would have reported, in the policy's not-applicable reason; an
    unknown value is a violation unless treatUnknownAsViolation is false, when it becomes pulumi-policy's
    advisory note (raised after every known violation has been reported)."""
    properties: dict[str, Any] = {**EXEMPT_SCHEMA, **(schema or {})}

    def validate(args: StackValidationArgs, report_violation: ReportViolation) -> None:
        config = config_with_defaults(properties, args.get_config())
        unknown_is_violation = config.get("treatUnknownAsViolation", True) is not False
        exempted: list[str] = []
        unverified: list[str] = []
        for urn, message in check(args, config):
            exempt = exemption_for(urn, urn_name(urn), config)
            if exempt is not None:
                exempted.append(f"{urn} is exempt from {name} {exempt}; it would otherwise report: {message}")
            elif isinstance(message, UnknownFinding) and not unknown_is_violation:
                unverified.append(f"{urn}: {message}")
            else:
                report_violation(message, urn)
        if unverified:
            # pulumi-policy turns this into its advisory note; the violations above are already reported.
            raise _StackUnknown("; ".join(unverified + exempted))
        if exempted:
            args.not_applicable(" | ".join(exempted))

    policy = StackValidationPolicy(
        name=name,
        description=description,
        enforcement_level=level,
        validate=validate,
        config_schema=PolicyConfigSchema(properties=properties),
        severity=severity,
        tags=[family],
        remediation_steps=remediation,
    )
    policy.judged_types = frozenset(types) if types is not None else None  # type: ignore[attr-defined]
    return policy


def renamed_policy(*, name: str, family: str, successors: Sequence[Policy]) -> StackValidationPolicy:
    """The entry that keeps a renamed or split policy's name working in policy config (see ``_renames``): it
    takes every setting its successors take, judges nothing, and warns when the config names it."""
    properties: dict[str, Any] = dict(EXEMPT_SCHEMA)
    for successor in successors:
        properties.update(successor.config_schema.properties if successor.config_schema else {})
    names = tuple(s.name for s in successors)
    defaults = {key: spec["default"] for key, spec in properties.items() if "default" in spec}

    def validate(args: StackValidationArgs, report_violation: ReportViolation) -> None:
        config = config_with_defaults(properties, args.get_config())
        if config.get(CONFIGURED_LEVEL) or any(config.get(k) != v for k, v in defaults.items()):
            report_violation(renamed_warning(name, names, config, defaults), None)

    policy = StackValidationPolicy(
        name=name,
        description=f"Checks whether the policy config still names {name}, now {', '.join(names)}: what it "
        f"sets (level, exemptions, settings) is applied to each of them, and this warns until the entry is "
        f"renamed.",
        enforcement_level=MANDATORY,  # its former level, so that a config lowering it is seen and carried
        validate=validate,
        config_schema=PolicyConfigSchema(properties=properties),
        severity=Severity.LOW,
        tags=[family, *(f"{REPLACED_BY}{n}" for n in names)],
        remediation_steps=f"Rename the policy config entry {name} to the policies that replace it "
        f"({', '.join(names)}), with the exemptions each needs.",
    )
    policy.judged_types = frozenset()  # type: ignore[attr-defined]
    return policy
