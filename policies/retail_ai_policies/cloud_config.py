"""The Cloud Config managed rules that re-check the pack's three promises after deploy: plain data, standard
library only, shared by the Guardrails component (which creates the rules) and the catalog (which shows, per
policy, the managed rule that keeps its promise after deploy).

The pack judges what a program declares; a console change made after deploy never reaches it. These managed
rules evaluate the live resources instead. Each row names the Cloud Config managed-rule identifier (the
``source_identifier`` of a ``cfg.Rule`` with ``source_owner = "ALIYUN"``), the family it mirrors, the resource types it
evaluates (a policy that judges one of those types is mirrored by it), and where the identifier is documented.

Each row also carries the rule's trigger type as its Cloud Config page documents it (a change of a resource's
configuration, or a periodic evaluation every 24 hours); where the page could not be read, the row says so and
docs/first-deploy.md has the check that reads the template's trigger from Cloud Config itself.

A first deploy confirms that each identifier is offered in the stack's region: Cloud Config refuses an unknown
identifier, so the stack fails at ``pulumi up`` rather than silently checking less.
"""

from __future__ import annotations

from dataclasses import dataclass

RULE_TEMPLATES_DOC = "https://www.alibabacloud.com/help/en/cloud-config/latest/list-of-managed-rules"
"""Alibaba's list of Cloud Config rule templates; each managed rule's page is ``.../latest/<identifier>``."""


CONFIGURATION_CHANGE = "ConfigurationItemChangeNotification"
"""``config_rule_trigger_types`` of a rule evaluated when a resource's configuration changes."""
PERIODIC = "ScheduledNotification"
"""``config_rule_trigger_types`` of a rule evaluated on a schedule."""
PERIODIC_FREQUENCY = "TwentyFour_Hours"
"""``maximum_execution_frequency`` of the periodic rules: the 24 hours their pages document."""

# The data-bearing resources the platform creates, as Cloud Config types and as Pulumi types.
_DATA_CONFIG_TYPES = (
    "ACS::OSS::Bucket",
    "ACS::ECS::Instance",
    "ACS::RDS::DBInstance",
    "ACS::Redis::DBInstance",
    "ACS::PolarDB::DBCluster",
    "ACS::MongoDB::DBInstance",
    "ACS::ACK::Cluster",
)
_DATA_RESOURCE_TYPES = (
    "alicloud:oss/bucket:Bucket",
    "alicloud:ecs/instance:Instance",
    "alicloud:rds/instance:Instance",
    "alicloud:kvstore/instance:Instance",
    "alicloud:redis/tairInstance:TairInstance",
    "alicloud:polardb/cluster:Cluster",
    "alicloud:mongodb/instance:Instance",
    "alicloud:cs/managedKubernetes:ManagedKubernetes",
)


@dataclass(frozen=True)
class ManagedRule:
    identifier: str
    family: str
    """``intranet-only``, ``private-acl`` or ``single-region``: the pack family it mirrors."""
    checks: str
    """What the managed rule reports as non-compliant, in a sentence."""
    resource_types: tuple[str, ...]
    """The Pulumi types of the resources it evaluates."""
    source: str
    config_types: tuple[str, ...]
    """The Cloud Config resource types the rule is scoped to (``resource_types_scope``)."""
    risk_level: int = 1
    """Cloud Config risk level: 1 high, 2 medium, 3 low."""
    trigger: str = CONFIGURATION_CHANGE
    """``CONFIGURATION_CHANGE`` or ``PERIODIC``, as the rule's page documents it."""
    trigger_documented: bool = True
    """False where the rule's page was not read: a first deploy checks the template's trigger."""
    regions_parameter: str | None = None
    """The input parameter that takes the allowed regions (the stack's): such a rule judges resources of
    every region, so it is not scoped to the stack's region."""


MANAGED_RULES: tuple[ManagedRule, ...] = (
    ManagedRule(
        "sg-public-access-check",
        "intranet-only",
        "a security group ingress rule that allows all ports from 0.0.0.0/0",
        ("alicloud:ecs/securityGroup:SecurityGroup", "alicloud:ecs/securityGroupRule:SecurityGroupRule"),
        f"{RULE_TEMPLATES_DOC} (ECS: Inbound rules of security groups are valid)",
        ("ACS::ECS::SecurityGroup",),
        trigger_documented=False,
    ),
    ManagedRule(
        "ecs-security-group-not-internet-cidr-access",
        "intranet-only",
        "a security group ingress rule whose source includes a public IP address",
        ("alicloud:ecs/securityGroup:SecurityGroup", "alicloud:ecs/securityGroupRule:SecurityGroupRule"),
        f"{RULE_TEMPLATES_DOC} (ECS: source IP addresses of inbound rules include no public IP addresses)",
        ("ACS::ECS::SecurityGroup",),
        trigger_documented=False,
    ),
    ManagedRule(
        "sg-risky-ports-check",
        "intranet-only",
        "a security group that opens high-risk ports (22, 3389, ...) to all CIDR blocks",
        ("alicloud:ecs/securityGroup:SecurityGroup", "alicloud:ecs/securityGroupRule:SecurityGroupRule"),
        f"{RULE_TEMPLATES_DOC} (ECS: Security groups do not open high-risk ports to all CIDR blocks)",
        ("ACS::ECS::SecurityGroup",),
        trigger_documented=False,
    ),
    ManagedRule(
        "ecs-running-instance-no-public-ip",
        "intranet-only",
        "a running ECS instance with a public IP address",
        ("alicloud:ecs/instance:Instance", "alicloud:ecs/eipAssociation:EipAssociation"),
        f"{RULE_TEMPLATES_DOC} (ECS: Running ECS instances are not associated with public IP addresses)",
        ("ACS::ECS::Instance",),
        trigger_documented=False,
    ),
    ManagedRule(
        "rds-public-access-check",
        "intranet-only",
        "an RDS instance whose whitelist admits 0.0.0.0/0",
        ("alicloud:rds/instance:Instance",),
        "Alibaba Cloud InfraGuard compliance packs (rule rds-public-access-check), which mirror Cloud Config",
        ("ACS::RDS::DBInstance",),
        trigger_documented=False,
    ),
    ManagedRule(
        "redis-public-and-any-ip-access-check",
        "intranet-only",
        "a Redis/Tair instance with a public endpoint and a whitelist that admits any IP",
        ("alicloud:kvstore/instance:Instance", "alicloud:redis/tairInstance:TairInstance"),
        "Alibaba Cloud InfraGuard compliance packs (rule redis-public-and-any-ip-access-check)",
        ("ACS::Redis::DBInstance",),
        trigger_documented=False,
    ),
    ManagedRule(
        "polardb-public-and-any-ip-access-check",
        "intranet-only",
        "a PolarDB cluster with a public endpoint and a whitelist that admits any IP",
        ("alicloud:polardb/cluster:Cluster",),
        f"{RULE_TEMPLATES_DOC} (polardb-public-and-any-ip-access-check: trigger type periodic, every 24 hours)",
        ("ACS::PolarDB::DBCluster",),
        trigger=PERIODIC,
    ),
    ManagedRule(
        "mongodb-public-and-any-ip-access-check",
        "intranet-only",
        "a MongoDB instance with a public endpoint and a whitelist that admits any IP",
        ("alicloud:mongodb/instance:Instance", "alicloud:mongodb/shardingInstance:ShardingInstance"),
        "Alibaba Cloud InfraGuard compliance packs (rule mongodb-public-and-any-ip-access-check)",
        ("ACS::MongoDB::DBInstance",),
        trigger_documented=False,
    ),
    ManagedRule(
        "ack-cluster-public-endpoint-check",
        "intranet-only",
        "an ACK cluster whose API server has a public endpoint",
        ("alicloud:cs/managedKubernetes:ManagedKubernetes", "alicloud:cs/kubernetes:Kubernetes"),
        f"{RULE_TEMPLATES_DOC} (ack-cluster-public-endpoint-check: trigger type periodic, every 24 hours)",
        ("ACS::ACK::Cluster",),
        trigger=PERIODIC,
    ),
    ManagedRule(
        "oss-bucket-public-read-prohibited",
        "private-acl",
        "an OSS bucket whose ACL or policy allows public read",
        (
            "alicloud:oss/bucket:Bucket",
            "alicloud:oss/bucketAcl:BucketAcl",
            "alicloud:oss/bucketPolicy:BucketPolicy",
        ),
        "terraform-provider-alicloud alicloud_config_rule example (source_identifier oss-bucket-public-read-prohibited)",
        ("ACS::OSS::Bucket",),
        trigger_documented=False,
    ),
    ManagedRule(
        "oss-bucket-public-write-prohibited",
        "private-acl",
        "an OSS bucket whose ACL or policy allows public write",
        (
            "alicloud:oss/bucket:Bucket",
            "alicloud:oss/bucketAcl:BucketAcl",
            "alicloud:oss/bucketPolicy:BucketPolicy",
        ),
        "Cloud Config API reference, ListRemediationTemplates (example identifier oss-bucket-public-write-prohibited)",
        ("ACS::OSS::Bucket",),
        trigger_documented=False,
    ),
    ManagedRule(
        "oss-bucket-policy-no-any-anonymous",
        "private-acl",
        "an OSS bucket policy that grants access to anonymous principals",
        ("alicloud:oss/bucketPolicy:BucketPolicy", "alicloud:oss/bucket:Bucket"),
        f"{RULE_TEMPLATES_DOC} (oss-bucket-policy-no-any-anonymous: trigger type configuration change)",
        ("ACS::OSS::Bucket",),
    ),
    ManagedRule(
        "resource-region-limit",
        "single-region",
        "a resource (a bucket, an instance, a database, a cluster) in a region other than the stack's",
        _DATA_RESOURCE_TYPES,
        f"{RULE_TEMPLATES_DOC} (resource-region-limit: each resource is in one of the regions given; "
        "input parameter regions, trigger type configuration change)",
        _DATA_CONFIG_TYPES,
        regions_parameter="regions",
    ),
)


def rules_for_type(resource_type: str) -> tuple[ManagedRule, ...]:
    """The managed rules that evaluate resources of ``resource_type`` after deploy."""
    return tuple(rule for rule in MANAGED_RULES if resource_type in rule.resource_types)
