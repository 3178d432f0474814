"""SecureBucket: a private, KMS-encrypted, versioned OSS bucket that archives cold data and denies deletes."""

from enum import Enum
from typing import Annotated, Any, Literal

import pulumi
import pulumi_alicloud as alicloud
import pydantic
from retail_ai_policies.rules import oss_internal_endpoint
from typing_extensions import NotRequired, TypedDict

from . import _naming, _oss_policy
from ._kms import adopted_or_rotating_key
from ._options import ROTATE_OLDEST_VERSION, child_options, stateful_child_options
from ._refs import InputBucketName, InputKmsKey, InputStr
from ._region import check_regions, stack_region
from ._relaxation import RELAXATION_TAG, relaxed_tags, unprotected
from ._validation import args_type, as_enum, component_owner, listed_once, rule, validate_args
from .errors import InvalidArgumentError

TYPE_TOKEN = "retailai:index:SecureBucket"

DEFAULT_ARCHIVE_AFTER_DAYS = 90
DEFAULT_NONCURRENT_ARCHIVE_AFTER_DAYS = 30
DEFAULT_NONCURRENT_EXPIRE_AFTER_DAYS = 365
DEFAULT_ABORT_MULTIPART_AFTER_DAYS = 7
DEFAULT_KEY_ROTATION_DAYS = 365
DEFAULT_KEY_PENDING_WINDOW_DAYS = 30
MAX_BUCKET_TAGS = 10
SELF_LOG_PREFIX = "access-log/"


class Redundancy(str, Enum):
    """How OSS stores the bucket's data inside the region. Both stay in the one region."""

    LRS = "LRS"
    """Locally redundant: copies in one zone. Cheapest; a zone outage makes data unavailable."""
    ZRS = "ZRS"
    """Zone-redundant: copies across three zones of the region; survives a zone outage. Not every
    region offers it, and it cannot be changed after creation."""


RedundancyName = Literal["LRS", "ZRS"]
"""The values of :class:`Redundancy` as plain strings, which the args accept as well."""


class ColdStorageClass(str, Enum):
    """The class objects move to after ``archive_after_days``."""

    IA = "IA"
    """Infrequent Access: still readable at once. For data that training jobs read back."""
    ARCHIVE = "Archive"
    """Archive: must be restored (minutes) before reading. The default for catalog images."""
    COLD_ARCHIVE = "ColdArchive"
    """Cold Archive: restore takes hours."""


ColdStorageClassName = Literal["IA", "Archive", "ColdArchive"]
"""The values of :class:`ColdStorageClass` as plain strings, which the args accept as well."""


Days = Annotated[int, pydantic.Field(ge=1, le=36500)]
RoleName = Annotated[str, rule(_naming.ram_role_name_problem)]
RoleNames = Annotated[list[RoleName], rule(listed_once("role"))]


def _account_or_any(value: str) -> str | None:
    return None if value == "*" else _naming.account_id_problem(value)


@args_type
class ArchiveRuleArgs(TypedDict):
    """A per-prefix archive rule."""

    prefix: Annotated[str, pydantic.Field(min_length=1, max_length=1023)]
    """Object key prefix, e.g. ``"raw/"``. Prefixes of different rules must not overlap."""
    archive_after_days: NotRequired[Days]
    """Days after an object's last modification that it moves to the cold class. Optional.
    Defaults to the bucket's ``archive_after_days``."""
    expire_after_days: NotRequired[Days]
    """Days after an object's last modification that OSS expires it (in a versioned bucket: a delete marker,
    the data kept as a non-current version until ``noncurrent_expire_after_days``). Lifecycle deletes are
    OSS's own, not a RAM identity's, so they work under the delete deny: the way old data under a prefix
    is removed. More than the rule's ``archive_after_days``. Optional. Defaults to never."""


@args_type
class SecureBucketArgs(TypedDict):
    """Arguments of :class:`SecureBucket`."""

    bucket_name: Annotated[str, rule(_naming.bucket_name_problem)]
    """The OSS bucket name: 3-63 lowercase letters, digits and hyphens, starting and ending with a
    letter or digit. Bucket names are unique across ALL of OSS (every account, every region);
    choosing one nobody else holds is the caller's job (a company prefix helps)."""
    kms_key_id: NotRequired[InputKmsKey]
    """An existing KMS key to encrypt with (adopt). Optional. Defaults to creating one:
    ``{name}-kms-key``, rotating automatically, with deletion protection."""
    archive_after_days: NotRequired[Annotated[Days, pydantic.Field(default=DEFAULT_ARCHIVE_AFTER_DAYS)]]
    """Days after last modification that objects move to ``archive_storage_class``. Optional.
    Defaults to 90."""
    archive_storage_class: NotRequired[
        Annotated[
            ColdStorageClass | ColdStorageClassName,
            as_enum(ColdStorageClass),
            pydantic.Field(default=ColdStorageClass.ARCHIVE),
        ]
    ]
    """The class cold objects move to. Optional. Defaults to ``Archive`` (which must be restored
    before reading; use ``IA`` for data that is read back, such as training data)."""
    archive_rules: NotRequired[Annotated[list[ArchiveRuleArgs], pydantic.Field(min_length=1)]]
    """Per-prefix archive rules instead of one rule for the whole bucket. Optional. Defaults to
    one rule for every object after ``archive_after_days``."""
    noncurrent_archive_after_days: NotRequired[
        Annotated[Days, pydantic.Field(default=DEFAULT_NONCURRENT_ARCHIVE_AFTER_DAYS)]
    ]
    """Days after an object version becomes non-current (overwritten or deleted) that it moves to
    ``archive_storage_class``. Optional. Defaults to 30."""
    noncurrent_expire_after_days: NotRequired[
        Annotated[Days, pydantic.Field(default=DEFAULT_NONCURRENT_EXPIRE_AFTER_DAYS)]
    ]
    """Days after an object version becomes non-current that OSS deletes it; greater than
    ``noncurrent_archive_after_days``. Optional. Defaults to 365."""
    reader_role_names: NotRequired[Annotated[RoleNames, pydantic.Field(default=[])]]
    """RAM roles that may read (Get and List actions only, plus kms:Decrypt on the bucket's key),
    e.g. training containers. Optional. Defaults to none."""
    writer_role_names: NotRequired[Annotated[RoleNames, pydantic.Field(default=[])]]
    """RAM roles that may read and write (no deletes). Optional. Defaults to none."""
    break_glass_role_name: NotRequired[RoleName]
    """The only RAM role that may delete objects, versions or the bucket. Optional. Defaults to
    none: deletes are denied to every RAM identity (the account owner stays exempt, as OSS rules)."""
    deleter_role_names: NotRequired[Annotated[RoleNames, pydantic.Field(default=[])]]
    """RAM roles exempt from the delete deny besides the break-glass role: services that clean up
    their own data, such as the Flink service role discarding old (incremental) checkpoints. Being
    exempt grants nothing; the role's own RAM policy must allow the delete. Optional. Defaults to none."""
    account_id: NotRequired[Annotated[str, rule(_account_or_any), pydantic.Field(default="*")]]
    """The Alibaba Cloud account ID (16 digits) to pin ARNs in the policies to. Optional. Defaults
    to ``*`` (any account; only this account's identities can reach a private bucket anyway)."""
    access_log_bucket: NotRequired[InputBucketName]
    """A bucket in the same region that receives access logs. Optional. Defaults to this bucket itself
    (OSS allows a bucket to log to itself), so access is always logged."""
    access_log_prefix: NotRequired[Annotated[str, pydantic.Field(max_length=1023)]]
    """Key prefix of the access logs. Optional. Defaults to ``{bucket_name}/`` in another bucket and
    ``access-log/`` in this one."""
    redundancy: NotRequired[
        Annotated[
            Redundancy | RedundancyName,
            as_enum(Redundancy),
            pydantic.Field(default=Redundancy.LRS),
        ]
    ]
    """``LRS`` or ``ZRS``. Optional. Defaults to ``LRS``. Fixed at creation."""
    kms_instance_id: NotRequired[InputStr]
    """A dedicated KMS instance to create the key in. Optional. Defaults to a default (region) key.
    Ignored when ``kms_key_id`` is given."""
    key_rotation_days: NotRequired[
        Annotated[int, pydantic.Field(default=DEFAULT_KEY_ROTATION_DAYS, ge=7, le=365)]
    ]
    """Rotation interval of a created key, in days: 7-365 in a KMS instance, exactly 365 for a
    default key. Optional. Defaults to 365."""
    key_pending_window_days: NotRequired[
        Annotated[int, pydantic.Field(default=DEFAULT_KEY_PENDING_WINDOW_DAYS, ge=7, le=366)]
    ]
    """Days a created key waits in PendingDeletion before it is gone (7-366). Optional. Defaults
    to 30."""
    allow_insecure_transport: NotRequired[Annotated[bool, pydantic.Field(default=False)]]
    """Allow plain-HTTP requests. Optional. Defaults to False: the bucket policy denies any request
    without TLS."""
    protect: NotRequired[Annotated[bool, pydantic.Field(default=True)]]
    """Pulumi ``protect`` on the bucket and a created key, unless the component's own ``protect`` option is
    set, which then holds for every child. Optional. Defaults to True."""
    region: NotRequired[str]
    """The bucket's region. Optional. Defaults to the stack's ``alicloud:region``; required with an explicit
    alicloud provider in ``opts`` (that provider's region)."""
    resource_group_id: NotRequired[InputStr]
    """Resource group of the bucket. Optional. Defaults to the account's default group."""
    tags: NotRequired[Annotated[dict[str, str], pydantic.Field(default={}, max_length=MAX_BUCKET_TAGS)]]
    """Tags for the bucket and the created key (at most 10, an OSS limit). Optional. Defaults to none."""


def _validate(args: SecureBucketArgs, owner: str) -> SecureBucketArgs:
    """Field rules through pydantic, then the rules that relate fields, each naming one field."""
    spec = validate_args(SecureBucketArgs, args, owner=owner)

    def fail(field: str, rule: str) -> InvalidArgumentError:
        return InvalidArgumentError(field, rule, owner=owner)

    if spec["allow_insecure_transport"] and len(spec["tags"]) >= MAX_BUCKET_TAGS:
        raise fail(
            "tags",
            f"at most {MAX_BUCKET_TAGS - 1} tags with allow_insecure_transport: the bucket carries the "
            f"{RELAXATION_TAG} tag too, and OSS allows {MAX_BUCKET_TAGS}",
        )
    if spec["noncurrent_expire_after_days"] <= spec["noncurrent_archive_after_days"]:
        raise fail(
            "noncurrent_expire_after_days",
            f"{spec['noncurrent_expire_after_days']} must be greater than noncurrent_archive_after_days "
            f"({spec['noncurrent_archive_after_days']}): a version moves to the cold class before it expires",
        )
    both = sorted(set(spec["reader_role_names"]) & set(spec["writer_role_names"]))
    if both:
        raise fail(
            "writer_role_names", f"role {both[0]!r} is also a reader; list it once, as a reader or a writer"
        )
    if (
        spec.get("kms_key_id") is None
        and spec.get("kms_instance_id") is None
        and spec["key_rotation_days"] != 365
    ):
        raise fail(
            "key_rotation_days",
            f"{spec['key_rotation_days']}: a default KMS key rotates every 365 days only; give kms_instance_id "
            "to choose another interval",
        )
    for i, archive_rule in enumerate(spec.get("archive_rules", [])):
        archive_days = archive_rule.get("archive_after_days", spec["archive_after_days"])
        if "expire_after_days" in archive_rule and archive_rule["expire_after_days"] <= archive_days:
            raise fail(
                f"archive_rules[{i}].expire_after_days",
                f"{archive_rule['expire_after_days']} must be greater than the rule's archive_after_days "
                f"({archive_days}): OSS moves an object to the cold class before it expires it",
            )
    prefixes = [r["prefix"] for r in spec.get("archive_rules", [])]
    for i, prefix in enumerate(prefixes):
        for j, other in enumerate(prefixes[:i]):
            if prefix.startswith(other) or other.startswith(prefix):
                raise fail(
                    f"archive_rules[{i}].prefix",
                    f"{prefix!r} overlaps archive_rules[{j}].prefix {other!r}; OSS rejects overlapping "
                    "transition rules",
                )
    return spec


class SecureBucket(pulumi.ComponentResource):
    """A private OSS bucket for platform data (catalog images, training data, models, checkpoints).

    Secure by default: private ACL (``oss.BucketAcl``), public access blocked
    (``oss.BucketPublicAccessBlock``), SSE-KMS with a customer key (created, rotating, or adopted),
    versioning Enabled, lifecycle rules that move objects to a cold class after N days and
    archive then expire non-current versions, TLS-only access, and a bucket policy that denies
    deletes to everyone but a named break-glass role. ``protect`` is on for the bucket and key.

    Access is granted to RAM roles, not in the bucket policy: one custom ``ram.Policy`` per access
    level (``{bucket_name}-read``: Get/List on the bucket and kms:Decrypt on its key;
    ``{bucket_name}-write``: that plus PutObject and multipart, kms:GenerateDataKey) attached to
    each named role with ``ram.RolePolicyAttachment``. The RAM policy can also grant the KMS
    permissions that SSE-KMS needs, which a bucket policy cannot.

    The bucket name must be globally unique across OSS: that is the caller's job.

    Children: ``{name}-bucket`` (oss.Bucket), ``{name}-acl`` (oss.BucketAcl),
    ``{name}-public-access-block``, ``{name}-policy`` (oss.BucketPolicy), ``{name}-kms-key``
    (kms.Key, unless adopted), ``{name}-logging`` (oss.BucketLogging),
    ``{name}-read-policy`` / ``{name}-write-policy`` (ram.Policy) and
    ``{name}-read-{role}`` / ``{name}-write-{role}`` (ram.RolePolicyAttachment).
    """

    bucket_name: pulumi.Output[str]
    """The bucket's name."""
    internal_endpoint: pulumi.Output[str]
    """The bucket's VPC (internal) endpoint: ``<bucket>.oss-<region>-internal.aliyuncs.com``."""
    kms_key_id: pulumi.Output[str]
    """The ID of the KMS key that encrypts the bucket (created or adopted)."""
    arn: pulumi.Output[str]
    """The bucket's RAM resource ARN, ``acs:oss:*:<account>:<bucket>``."""

    def __init__(self, name: str, args: SecureBucketArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        owner = component_owner("SecureBucket", name)
        spec = _validate(args, owner)
        region = stack_region(spec.get("region"), owner=owner, opts=opts)
        check_regions(SecureBucketArgs, spec, region, owner=owner)

        super().__init__(TYPE_TOKEN, name, _public_props(spec, region), opts)
        self.region = region
        tags = spec["tags"] or None

        self.kms_key, key_id = adopted_or_rotating_key(
            self,
            f"{name}-kms-key",
            spec.get("kms_key_id"),
            description=f"Encrypts OSS bucket {spec['bucket_name']}",
            protect=spec["protect"],
            tags=tags,
            rotation_days=spec["key_rotation_days"],
            pending_window_days=spec["key_pending_window_days"],
            deletion_protection_description=f"Encrypts OSS bucket {spec['bucket_name']}; deleting it loses data",
            kms_instance_id=spec.get("kms_instance_id"),
        )
        self.bucket = self._bucket(name, spec, key_id, tags)
        public_access_block = self._public_access_block(name)
        self._acl(name, public_access_block)
        self._bucket_policy(name, spec, public_access_block)
        self._access_logging(name, spec)
        self._grant(name, "read", spec["reader_role_names"], spec, key_id, region)
        self._grant(name, "write", spec["writer_role_names"], spec, key_id, region)
        self._publish_outputs(spec, region, key_id)

    def _bucket(
        self, name: str, spec: SecureBucketArgs, key_id: pulumi.Input[str], tags: dict[str, str] | None
    ) -> alicloud.oss.Bucket:
        return alicloud.oss.Bucket(
            f"{name}-bucket",
            bucket=spec["bucket_name"],
            storage_class="Standard",
            redundancy_type=Redundancy(spec["redundancy"]).value,
            server_side_encryption_rule={"sse_algorithm": "KMS", "kms_master_key_id": key_id},
            versioning={"status": "Enabled"},
            lifecycle_rules=_lifecycle_rules(spec),
            force_destroy=False,
            resource_group_id=spec.get("resource_group_id"),
            tags=relaxed_tags(
                tags,
                {
                    **unprotected(self, spec["protect"]),
                    "allow_insecure_transport": spec["allow_insecure_transport"],
                },
            ),
            opts=stateful_child_options(self, spec["protect"]),
        )

    # The children that configure the bucket take its name from the bucket resource (self.bucket.bucket),
    # so the engine orders them after it and policies can match them to it through property dependencies.

    def _public_access_block(self, name: str) -> alicloud.oss.BucketPublicAccessBlock:
        return alicloud.oss.BucketPublicAccessBlock(
            f"{name}-public-access-block",
            bucket=self.bucket.bucket,
            block_public_access=True,
            opts=child_options(self),
        )

    def _acl(self, name: str, public_access_block: alicloud.oss.BucketPublicAccessBlock) -> None:
        alicloud.oss.BucketAcl(
            f"{name}-acl",
            bucket=self.bucket.bucket,
            acl="private",
            opts=child_options(self, depends_on=[public_access_block]),
        )

    def _bucket_policy(
        self, name: str, spec: SecureBucketArgs, public_access_block: alicloud.oss.BucketPublicAccessBlock
    ) -> None:
        """Deletes denied to all but the break-glass and deleter roles; TLS only unless relaxed."""
        alicloud.oss.BucketPolicy(
            f"{name}-policy",
            bucket=self.bucket.bucket,
            policy=_oss_policy.to_json(
                _oss_policy.bucket_policy(
                    spec["bucket_name"],
                    break_glass_role_name=spec.get("break_glass_role_name"),
                    deleter_role_names=spec["deleter_role_names"],
                    account_id=spec["account_id"],
                    deny_insecure_transport=not spec["allow_insecure_transport"],
                )
            ),
            opts=child_options(self, depends_on=[public_access_block]),
        )

    def _access_logging(self, name: str, spec: SecureBucketArgs) -> None:
        """Access logs to the log bucket given, else to the bucket itself under its own prefix."""
        bucket_name = spec["bucket_name"]
        if spec.get("access_log_bucket") is not None:
            log_bucket, log_prefix = (
                spec.get("access_log_bucket"),
                spec.get("access_log_prefix") or f"{bucket_name}/",
            )
        else:
            log_bucket, log_prefix = self.bucket.bucket, spec.get("access_log_prefix") or SELF_LOG_PREFIX
        alicloud.oss.BucketLogging(
            f"{name}-logging",
            bucket=self.bucket.bucket,
            target_bucket=log_bucket,
            target_prefix=log_prefix,
            opts=child_options(self),
        )

    def _publish_outputs(self, spec: SecureBucketArgs, region: str, key_id: pulumi.Input[str]) -> None:
        bucket_name = spec["bucket_name"]
        self.bucket_name = self.bucket.bucket.apply(lambda b: b or bucket_name)
        # OSS's own intranet_endpoint output is the region's endpoint without the bucket, and
        # unknown during preview; the bucket's VPC endpoint is fully determined by name and region.
        self.internal_endpoint = pulumi.Output.from_input(f"{bucket_name}.{oss_internal_endpoint(region)}")
        self.kms_key_id = pulumi.Output.from_input(key_id)
        self.arn = pulumi.Output.from_input(_oss_policy.bucket_resources(bucket_name, spec["account_id"])[0])
        self.register_outputs(
            {
                "bucketName": self.bucket_name,
                "internalEndpoint": self.internal_endpoint,
                "kmsKeyId": self.kms_key_id,
                "arn": self.arn,
            }
        )

    def _grant(
        self,
        name: str,
        level: str,
        roles: list[str],
        spec: SecureBucketArgs,
        key_id: pulumi.Input[str],
        region: str,
    ) -> None:
        if not roles:
            return
        oss_actions = _oss_policy.READ_ACTIONS if level == "read" else _oss_policy.WRITE_ACTIONS
        kms_actions = _oss_policy.KMS_READ_ACTIONS if level == "read" else _oss_policy.KMS_WRITE_ACTIONS
        document = pulumi.Output.from_input(key_id).apply(
            lambda kid: _oss_policy.to_json(
                _oss_policy.role_grant_policy(
                    spec["bucket_name"],
                    oss_actions=oss_actions,
                    kms_actions=kms_actions,
                    kms_key_id=kid,
                    region=region,
                    account_id=spec["account_id"],
                )
            )
        )
        policy = alicloud.ram.Policy(
            f"{name}-{level}-policy",
            policy_name=f"{spec['bucket_name']}-{level}",
            policy_document=document,
            description=f"{'Read-only' if level == 'read' else 'Read-write (no delete)'} access to "
            f"OSS bucket {spec['bucket_name']} and its KMS key",
            force=False,
            rotate_strategy=ROTATE_OLDEST_VERSION,
            opts=child_options(self),
        )
        for role in roles:
            alicloud.ram.RolePolicyAttachment(
                f"{name}-{level}-{role}",
                policy_name=policy.policy_name,
                policy_type="Custom",
                role_name=role,
                opts=child_options(self),
            )


def _lifecycle_rules(spec: SecureBucketArgs) -> list[dict[str, Any]]:
    """Current objects move to the cold class after N days (one rule, or one per prefix); a
    separate bucket-wide rule archives, then expires, non-current versions and aborts stale
    multipart uploads. The rules carry different action types, so they may overlap."""
    cold = ColdStorageClass(spec["archive_storage_class"]).value
    if "archive_rules" in spec:
        targets = [
            (
                f"archive-{i}",
                r["prefix"],
                r.get("archive_after_days", spec["archive_after_days"]),
                r.get("expire_after_days"),
            )
            for i, r in enumerate(spec["archive_rules"])
        ]
    else:
        targets = [("archive", "", spec["archive_after_days"], None)]
    rules: list[dict[str, Any]] = []
    for rule_id, prefix, days, expire_days in targets:
        lifecycle_rule: dict[str, Any] = {
            "id": rule_id,
            "enabled": True,
            "prefix": prefix,
            "transitions": [{"days": days, "storage_class": cold}],
        }
        if expire_days is not None:
            lifecycle_rule["expirations"] = [{"days": expire_days}]
        rules.append(lifecycle_rule)
    rules.append(
        {
            "id": "noncurrent-versions",
            "enabled": True,
            "prefix": "",
            "noncurrent_version_transitions": [
                {"days": spec["noncurrent_archive_after_days"], "storage_class": cold}
            ],
            "noncurrent_version_expirations": [{"days": spec["noncurrent_expire_after_days"]}],
            "abort_multipart_uploads": [{"days": DEFAULT_ABORT_MULTIPART_AFTER_DAYS}],
        }
    )
    return rules


def _public_props(spec: SecureBucketArgs, region: str) -> dict[str, Any]:
    """The component's own inputs as policies see them: plain, validated values only."""
    return {
        "bucketName": spec["bucket_name"],
        "region": region,
        "redundancy": Redundancy(spec["redundancy"]).value,
        "archiveAfterDays": spec["archive_after_days"],
        "archiveStorageClass": ColdStorageClass(spec["archive_storage_class"]).value,
        "kmsKeyAdopted": spec.get("kms_key_id") is not None,
        "readerRoleNames": list(spec["reader_role_names"]),
        "writerRoleNames": list(spec["writer_role_names"]),
        "breakGlassRoleName": spec.get("break_glass_role_name"),
        "deleterRoleNames": list(spec["deleter_role_names"]),
        "allowInsecureTransport": spec["allow_insecure_transport"],
        "protect": spec["protect"],
    }
