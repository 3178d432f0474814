"""Guardrails: after deploy, Cloud Config re-checks the pack's three promises and ActionTrail records who
changed what, so a console change that breaks them is noticed instead of lasting until the next preview."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeAlias

import pulumi
import pulumi_alicloud as alicloud
import pydantic
from retail_ai_policies.cloud_config import MANAGED_RULES, ManagedRule
from typing_extensions import NotRequired, TypedDict

from . import _naming
from ._options import child_options
from ._refs import input_bucket_name
from ._region import stack_region
from ._validation import args_type, listed_once, rule, validate_args
from .errors import InvalidArgumentError
from .secure_bucket import SecureBucket

TYPE_TOKEN = "retailai:index:Guardrails"
Family = Literal["intranet-only", "private-acl", "single-region"]
FAMILIES: tuple[Family, ...] = ("intranet-only", "private-acl", "single-region")


# Type checkers see what callers may pass; pydantic passes it through to the check in Guardrails, which
# needs the stack's region to judge a SecureBucket.
if TYPE_CHECKING:
    TrailBucket: TypeAlias = SecureBucket | pulumi.Input[str]
else:
    TrailBucket = Any


@args_type
class GuardrailsArgs(TypedDict):
    """Arguments of :class:`Guardrails`."""

    trail_bucket: TrailBucket
    """Where ActionTrail delivers the audit trail: a SecureBucket (or its name) in the stack's region, so the
    record of every change stays in the region too."""
    families: NotRequired[
        Annotated[
            list[Family], pydantic.Field(default=list(FAMILIES), min_length=1), rule(listed_once("family"))
        ]
    ]
    """The pack families whose Cloud Config managed rules to create. Optional. Defaults to all three."""
    trail_prefix: NotRequired[
        Annotated[str, pydantic.Field(default="actiontrail/", pattern=r"^[A-Za-z0-9][A-Za-z0-9/_-]{0,62}/$")]
    ]
    """Key prefix of the trail's objects in the bucket, ending in ``/``. Optional. Defaults to ``actiontrail/``."""
    trail_name: NotRequired[Annotated[str, pydantic.Field(pattern=r"^[a-z][a-z0-9_-]{5,35}$")]]
    """6 to 36 lowercase letters, digits, ``-`` or ``_``, starting with a letter. Optional. Defaults to the
    component name plus the stack."""


def rules_for(families: list[Family]) -> list[ManagedRule]:
    """The managed rules that mirror ``families``, in catalogue order."""
    return [managed for managed in MANAGED_RULES if managed.family in families]


class Guardrails(pulumi.ComponentResource):
    """Cloud Config managed rules mirroring the pack's mandatory families, scoped to the stack's region, and
    an ActionTrail trail of every region's events (a resource created in another region is exactly what the
    single-region promise must notice) delivered to an in-region bucket.

    Children: ``{name}-{identifier}`` (cfg.Rule, one per managed rule, evaluated on every configuration
    change) and ``{name}-trail`` (actiontrail.Trail). Cloud Config itself (its delivery channel and resource
    recording) must be enabled once per account; Pulumi cannot enable it, and a first deploy fails clearly
    when it is off. The policy each rule mirrors is listed in docs/policies.md.
    """

    rule_identifiers: list[str]
    trail_name: str

    def __init__(self, name: str, args: GuardrailsArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        owner = f"Guardrails {name!r}"
        spec = validate_args(GuardrailsArgs, args, owner=owner)
        region = stack_region(owner=owner)
        bucket = spec["trail_bucket"]
        bucket_name: pulumi.Input[str]
        if isinstance(bucket, SecureBucket):
            if bucket.region != region:
                raise InvalidArgumentError(
                    "trail_bucket",
                    f"the bucket is in {bucket.region!r}, the stack in {region!r}",
                    owner=owner,
                )
            bucket_name = bucket.bucket_name
        else:
            try:
                bucket_name = input_bucket_name(bucket)
            except ValueError as exc:
                raise InvalidArgumentError("trail_bucket", str(exc), owner=owner) from None
        trail_name = spec.get("trail_name") or _naming.fitted_name(
            _naming.in_stack(name, pulumi.get_stack()), 36
        )
        trail_name = trail_name.ljust(6, "_")
        rules = rules_for(spec["families"])
        self.rule_identifiers = [managed.identifier for managed in rules]
        self.trail_name = trail_name

        super().__init__(
            TYPE_TOKEN,
            name,
            {"region": region, "families": list(spec["families"]), "ruleIdentifiers": self.rule_identifiers},
            opts,
        )
        for managed in rules:
            alicloud.cfg.Rule(
                f"{name}-{managed.identifier}",
                rule_name=f"{name}-{managed.identifier}"[:128],
                description=f"Mirrors the {managed.family} family of retail-ai-policies: {managed.checks}"[
                    :512
                ],
                source_owner="ALIYUN",
                source_identifier=managed.identifier,
                risk_level=managed.risk_level,
                config_rule_trigger_types="ConfigurationItemChangeNotification",
                resource_types_scopes=list(managed.config_types),
                region_ids_scope=region,
                opts=child_options(self),
            )
        alicloud.actiontrail.Trail(
            f"{name}-trail",
            trail_name=trail_name,
            event_rw="All",
            trail_region="All",
            oss_bucket_name=bucket_name,
            oss_key_prefix=spec["trail_prefix"],
            status="Enable",
            opts=child_options(self),
        )
        self.register_outputs({"ruleIdentifiers": self.rule_identifiers, "trailName": trail_name})
