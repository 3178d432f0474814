"""Guardrails: after deploy, Cloud Config re-checks the pack's three promises and ActionTrail records who
changed what, so a console change that breaks them is noticed instead of lasting until the next preview."""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeAlias

import pulumi
import pulumi_alicloud as alicloud
import pydantic
from retail_ai_policies.cloud_config import MANAGED_RULES, PERIODIC, PERIODIC_FREQUENCY, ManagedRule
from typing_extensions import NotRequired, TypedDict

from . import _kube, _naming, _oss_policy
from ._options import ROTATE_OLDEST_VERSION, child_options
from ._refs import InputKmsKey, input_bucket_name, resolved_bucket_name
from ._region import check_regions, stack_region
from ._validation import args_type, checked_by_hand, component_owner, listed_once, rule, validate_args
from .errors import InvalidArgumentError
from .secure_bucket import SecureBucket

TYPE_TOKEN = "retailai:index:Guardrails"
ACTIONTRAIL_SERVICE = "actiontrail.aliyuncs.com"
# What ActionTrail's own delivery policy (AliyunActionTrailDeliveryPolicy) allows for OSS, narrowed to one bucket:
# writing the trail's objects, and reading the bucket's settings it checks before it delivers.
TRAIL_OBJECT_ACTIONS = ("oss:PutObject",)
TRAIL_BUCKET_ACTIONS = ("oss:GetBucketInfo", "oss:GetBucketLocation", "oss:GetBucketLifecycle")
TRAIL_KMS_ACTIONS = ("kms:DescribeKey", "kms:GenerateDataKey", "kms:Decrypt")
Family = Literal["intranet-only", "private-acl", "single-region"]
FAMILIES: tuple[Family, ...] = ("intranet-only", "private-acl", "single-region")


def _trail_bucket(value: Any) -> Any:
    """A SecureBucket, judged in Guardrails once the stack's region is known, or a bucket name (an Output's
    value checked once known for wildcards, which would become a grant on every bucket)."""
    return value if isinstance(value, SecureBucket) else input_bucket_name(value)


# Type checkers see what callers may pass; programs in other languages (Pulumi's schema) pass a name.
if TYPE_CHECKING:
    TrailBucket: TypeAlias = SecureBucket | pulumi.Input[str]
else:
    TrailBucket = Annotated[pulumi.Input[str], checked_by_hand(_trail_bucket, resolved_bucket_name)]


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
    trail_bucket_kms_key_id: NotRequired[InputKmsKey]
    """The KMS key that encrypts ``trail_bucket`` when it is given by name. Optional. Defaults to the
    SecureBucket's own key, or to none (a bucket without SSE-KMS)."""
    region: NotRequired[str]
    """The region the rules are scoped to and the bucket must be in. Optional. Defaults to the SecureBucket's
    region when the children use an explicit alicloud provider, else the stack's ``alicloud:region``."""


def trail_delivery_policy(bucket: str, prefix: str, kms_key_id: str | None, region: str) -> str:
    """The RAM policy of the role ActionTrail writes the trail with: new objects under ``prefix`` only, the
    bucket's settings it reads, and the bucket's KMS key (an SSE-KMS write needs GenerateDataKey)."""
    statements: list[dict[str, object]] = [
        {
            "Effect": "Allow",
            "Action": list(TRAIL_OBJECT_ACTIONS),
            "Resource": [f"acs:oss:*:*:{bucket}/{prefix}*"],
        },
        {"Effect": "Allow", "Action": list(TRAIL_BUCKET_ACTIONS), "Resource": [f"acs:oss:*:*:{bucket}"]},
    ]
    if kms_key_id:
        statements.append(
            {
                "Effect": "Allow",
                "Action": list(TRAIL_KMS_ACTIONS),
                "Resource": [_oss_policy.kms_key_resource(kms_key_id, region)],
            }
        )
    return _oss_policy.to_json({"Version": _oss_policy.POLICY_VERSION, "Statement": statements})


def rules_for(families: list[Family]) -> list[ManagedRule]:
    """The managed rules that mirror ``families``, in catalogue order."""
    return [managed for managed in MANAGED_RULES if managed.family in families]


@dataclass(frozen=True)
class _Trail:
    """Where the trail goes, as the rules that relate the arguments decided."""

    region: str
    bucket_name: pulumi.Input[str]
    kms_key_id: pulumi.Input[str] | None
    name: str

    @property
    def ram_name(self) -> str:
        """The trail's name in its RAM role's and policy's names, which take letters, digits and hyphens only."""
        return self.name.replace("_", "-")


def _check(spec: GuardrailsArgs, name: str, owner: str, opts: pulumi.ResourceOptions | None) -> _Trail:
    """Rules that span fields: the bucket's region and key, and the trail's name."""
    bucket = spec["trail_bucket"]
    placed_in = bucket.region if isinstance(bucket, SecureBucket) else None
    region = stack_region(spec.get("region"), owner=owner, opts=opts, placed_in=placed_in)
    check_regions(GuardrailsArgs, spec, region, owner=owner)
    bucket_name: pulumi.Input[str]
    kms_key_id: pulumi.Input[str] | None = spec.get("trail_bucket_kms_key_id")
    if isinstance(bucket, SecureBucket):
        if bucket.region != region:
            raise InvalidArgumentError(
                "trail_bucket",
                f"the bucket is in {bucket.region!r}, the stack in {region!r}",
                owner=owner,
            )
        if kms_key_id is not None:
            raise InvalidArgumentError(
                "trail_bucket_kms_key_id",
                "applies to a bucket given by name; a SecureBucket brings its key",
                owner=owner,
            )
        bucket_name = bucket.bucket_name
        kms_key_id = bucket.kms_key_id
    else:
        bucket_name = bucket
    trail_name = spec.get("trail_name") or _naming.fitted_name(_naming.in_stack(name, pulumi.get_stack()), 36)
    return _Trail(region, bucket_name, kms_key_id, trail_name.ljust(6, "_"))


class Guardrails(pulumi.ComponentResource):
    """Cloud Config managed rules mirroring the pack's mandatory families, scoped to the stack's region, and
    an ActionTrail trail of every region's events (a resource created in another region is exactly what the
    single-region promise must notice) delivered to an in-region bucket.

    Children: ``{name}-{identifier}`` (cfg.Rule, one per managed rule, evaluated on a configuration change or
    every 24 hours, as its Cloud Config page documents); ``{name}-trail-writer`` (ram.Role that ActionTrail
    assumes), ``{name}-trail-delivery`` (ram.Policy: new objects under the prefix, the bucket's KMS key) and
    its attachment; ``{name}-trail`` (actiontrail.Trail). Cloud Config itself (its delivery channel and resource
    recording) must be enabled once per account; Pulumi cannot enable it, and a first deploy fails clearly
    when it is off. The policy each rule mirrors is listed in docs/policies.md.
    """

    rule_identifiers: list[str]
    trail_name: str

    def __init__(self, name: str, args: GuardrailsArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        owner = component_owner("Guardrails", name)
        spec = validate_args(GuardrailsArgs, args, owner=owner)
        trail = _check(spec, name, owner, opts)
        rules = rules_for(spec["families"])
        self.rule_identifiers = [managed.identifier for managed in rules]
        self.trail_name = trail.name
        super().__init__(
            TYPE_TOKEN,
            name,
            {
                "region": trail.region,
                "families": list(spec["families"]),
                "ruleIdentifiers": self.rule_identifiers,
            },
            opts,
        )

        self._config_rules(name, rules, trail.region)
        writer = self._trail_writer(name, trail)
        delivery = self._trail_delivery(name, trail, spec["trail_prefix"], writer)
        self._trail(name, trail, spec["trail_prefix"], writer, delivery)
        self.register_outputs({"ruleIdentifiers": self.rule_identifiers, "trailName": trail.name})

    def _config_rules(self, name: str, rules: list[ManagedRule], region: str) -> None:
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
                config_rule_trigger_types=managed.trigger,
                maximum_execution_frequency=PERIODIC_FREQUENCY if managed.trigger == PERIODIC else None,
                resource_types_scopes=list(managed.config_types),
                # A rule that judges where resources are must see every region; the others stay in this one.
                region_ids_scope=None if managed.regions_parameter else region,
                input_parameters={managed.regions_parameter: region} if managed.regions_parameter else None,
                opts=child_options(self),
            )

    def _trail_writer(self, name: str, trail: _Trail) -> alicloud.ram.Role:
        """ActionTrail delivers with a role of ours: its service-linked role cannot be granted the bucket's
        KMS key, and without a working identity StartLogging retries until its timeout."""
        return alicloud.ram.Role(
            f"{name}-trail-writer",
            role_name=f"{trail.ram_name}-writer"[:64],
            assume_role_policy_document=_kube.service_trust_policy(ACTIONTRAIL_SERVICE),
            description=f"ActionTrail delivers trail {trail.name} to its bucket"[:1024],
            max_session_duration=3600,
            opts=child_options(self),
        )

    def _trail_delivery(
        self, name: str, trail: _Trail, prefix: str, writer: alicloud.ram.Role
    ) -> alicloud.ram.RolePolicyAttachment:
        """The writer's policy (new objects under the prefix, the bucket's key), attached to it."""
        region = trail.region
        delivery = alicloud.ram.Policy(
            f"{name}-trail-delivery",
            policy_name=f"{trail.ram_name}-delivery"[:128],
            policy_document=pulumi.Output.all(trail.bucket_name, trail.kms_key_id).apply(
                lambda v: trail_delivery_policy(v[0], prefix, v[1], region)
            ),
            description=f"Write trail {trail.name} into its bucket and use the bucket's KMS key"[:1024],
            rotate_strategy=ROTATE_OLDEST_VERSION,
            opts=child_options(self),
        )
        return alicloud.ram.RolePolicyAttachment(
            f"{name}-trail-delivery-attachment",
            role_name=writer.role_name,
            policy_name=delivery.policy_name,
            policy_type="Custom",
            opts=child_options(self),
        )

    def _trail(
        self,
        name: str,
        trail: _Trail,
        prefix: str,
        writer: alicloud.ram.Role,
        delivery: alicloud.ram.RolePolicyAttachment,
    ) -> None:
        """Every region's events, read and write, into the bucket."""
        alicloud.actiontrail.Trail(
            f"{name}-trail",
            trail_name=trail.name,
            event_rw="All",
            trail_region="All",
            oss_bucket_name=trail.bucket_name,
            oss_key_prefix=prefix,
            oss_write_role_arn=writer.arn,
            status="Enable",
            # StartLogging checks the role's access at once: the policy must be attached first.
            opts=child_options(self, depends_on=[delivery]),
        )
