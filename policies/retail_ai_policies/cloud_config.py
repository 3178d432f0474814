"""The Cloud Config managed rules that re-check the pack's three promises after deploy: plain data, standard
library only, shared by the Guardrails component (which creates the rules) and the catalog (which shows, per
policy, the managed rule that keeps its promise after deploy).

The pack judges what a program declares; a console change made after deploy never reaches it. These managed
rules evaluate the live resources instead. Each row names the Cloud Config managed-rule identifier (the
``source_identifier`` of a ``cfg.Rule`` with ``source_owner = "ALIYUN"``), the family it mirrors, the resource types it
evaluates (a policy that judges one of those types is mirrored by it), and where the identifier is documented.

A first deploy confirms that each identifier is offered in the stack's region: Cloud Config refuses an unknown
identifier, so the stack fails at ``pulumi up`` rather than silently checking less.
"""

from __future__ import annotations

from dataclasses import dataclass

RULE_TEMPLATES_DOC = "https://www.alibabacloud.com/help/en/cloud-config/latest/list-of-managed-rules"
"""Alibaba's list of Cloud Config rule templates; each managed rule's page is ``.../latest/<identifier>``."""


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


MANAGED_RULES: tuple[ManagedRule, ...] = (
    ManagedRule(
        "sg-public-access-check",
        "intranet-only",
        "a security group ingress rule that allows all ports from 0.0.0.0/0",
        ("alicloud:ecs/securityGroup:SecurityGroup", "alicloud:ecs/securityGroupRule:SecurityGroupRule"),
        f"{RULE_TEMPLATES_DOC} (ECS: Inbound rules of security groups are valid)",
        ("ACS::ECS::SecurityGroup",),
    ),
    ManagedRule(
        "ecs-security-group-not-internet-cidr-access",
        "intranet-only",
        "a security group ingress rule whose source includes a public IP address",
        ("alicloud:ecs/securityGroup:SecurityGroup", "alicloud:ecs/securityGroupRule:SecurityGroupRule"),
        f"{RULE_TEMPLATES_DOC} (ECS: source IP addresses of inbound rules include no public IP addresses)",
        ("ACS::ECS::SecurityGroup",),
    ),
    ManagedRule(
        "sg-risky-ports-check",
        "intranet-only",
        "a security group that opens high-risk ports (22, 3389, ...) to all CIDR blocks",
        ("alicloud:ecs/securityGroup:SecurityGroup", "alicloud:ecs/securityGroupRule:SecurityGroupRule"),
        f"{RULE_TEMPLATES_DOC} (ECS: Security groups do not open high-risk ports to all CIDR blocks)",
        ("ACS::ECS::SecurityGroup",),
    ),
    ManagedRule(
        "ecs-running-instance-no-public-ip",
        "intranet-only",
        "a running ECS instance with a public IP address",
        ("alicloud:ecs/instance:Instance", "alicloud:ecs/eipAssociation:EipAssociation"),
        f"{RULE_TEMPLATES_DOC} (ECS: Running ECS instances are not associated with public IP addresses)",
        ("ACS::ECS::Instance",),
    ),
    ManagedRule(
        "rds-public-access-check",
        "intranet-only",
        "an RDS instance whose whitelist admits 0.0.0.0/0",
        ("alicloud:rds/instance:Instance",),
        "Alibaba Cloud InfraGuard compliance packs (rule rds-public-access-check), which mirror Cloud Config",
        ("ACS::RDS::DBInstance",),
    ),
    ManagedRule(
        "redis-public-and-any-ip-access-check",
        "intranet-only",
        "a Redis/Tair instance with a public endpoint and a whitelist that admits any IP",
        ("alicloud:kvstore/instance:Instance", "alicloud:redis/tairInstance:TairInstance"),
        "Alibaba Cloud InfraGuard compliance packs (rule redis-public-and-any-ip-access-check)",
        ("ACS::Redis::DBInstance",),
    ),
    ManagedRule(
        "polardb-public-and-any-ip-access-check",
        "intranet-only",
        "a PolarDB cluster with a public endpoint and a whitelist that admits any IP",
        ("alicloud:polardb/cluster:Cluster",),
        "Alibaba Cloud InfraGuard compliance packs (rule polardb-public-and-any-ip-access-check)",
        ("ACS::PolarDB::DBCluster",),
    ),
    ManagedRule(
        "mongodb-public-and-any-ip-access-check",
        "intranet-only",
        "a MongoDB instance with a public endpoint and a whitelist that admits any IP",
        ("alicloud:mongodb/instance:Instance", "alicloud:mongodb/shardingInstance:ShardingInstance"),
        "Alibaba Cloud InfraGuard compliance packs (rule mongodb-public-and-any-ip-access-check)",
        ("ACS::MongoDB::DBInstance",),
    ),
    ManagedRule(
        "ack-cluster-public-endpoint-check",
        "intranet-only",
        "an ACK cluster whose API server has a public endpoint",
        ("alicloud:cs/managedKubernetes:ManagedKubernetes", "alicloud:cs/kubernetes:Kubernetes"),
        "Alibaba Cloud InfraGuard compliance packs (rule ack-cluster-public-endpoint-check)",
        ("ACS::ACK::Cluster",),
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
    ),
    ManagedRule(
        "oss-bucket-policy-no-any-anonymous",
        "private-acl",
        "an OSS bucket policy that grants access to anonymous principals",
        ("alicloud:oss/bucketPolicy:BucketPolicy", "alicloud:oss/bucket:Bucket"),
        "Alibaba Cloud InfraGuard compliance packs (rule oss-bucket-policy-no-any-anonymous)",
        ("ACS::OSS::Bucket",),
    ),
    ManagedRule(
        "cen-cross-region-bandwidth-check",
        "single-region",
        "a CEN instance whose inter-region bandwidth is outside the allowed values (set to none: no path out)",
        (
            "alicloud:cen/instance:Instance",
            "alicloud:cen/bandwidthPackageAttachment:BandwidthPackageAttachment",
            "alicloud:cen/bandwidthLimit:BandwidthLimit",
        ),
        f"{RULE_TEMPLATES_DOC} (CEN: bandwidth for inter-region connections meets requirements)",
        ("ACS::CEN::CenInstance",),
        risk_level=2,
    ),
)


def rules_for_type(resource_type: str) -> tuple[ManagedRule, ...]:
    """The managed rules that evaluate resources of ``resource_type`` after deploy."""
    return tuple(rule for rule in MANAGED_RULES if resource_type in rule.resource_types)
