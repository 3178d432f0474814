"""Every policy's cases: compliant resources and one failing case per way of breaking it.

A case is a resource (type, props, options) sent alone through the pack, with the policy that must fire (or
None for compliant). The same table drives the in-process tests and the real-analyzer tests.
"""

from __future__ import annotations

import json
from typing import Any

from _harness import UNKNOWN, Case, StackCase, secret, urn

SG_RULE = "alicloud:ecs/securityGroupRule:SecurityGroupRule"
INSTANCE = "alicloud:ecs/instance:Instance"
LAUNCH_TEMPLATE = "alicloud:ecs/ecsLaunchTemplate:EcsLaunchTemplate"
LEGACY_TEMPLATE = "alicloud:ecs/launchTemplate:LaunchTemplate"
SCALING_CONFIG = "alicloud:ess/scalingConfiguration:ScalingConfiguration"
NODE_POOL = "alicloud:cs/nodePool:NodePool"
CONTAINER_GROUP = "alicloud:eci/containerGroup:ContainerGroup"
EIP_ASSOC = "alicloud:ecs/eipAssociation:EipAssociation"
ANYCAST = "alicloud:eipanycast/anycastEipAddressAttachment:AnycastEipAddressAttachment"
CLB = "alicloud:slb/loadBalancer:LoadBalancer"
CLB_APP = "alicloud:slb/applicationLoadBalancer:ApplicationLoadBalancer"
ALB = "alicloud:alb/loadBalancer:LoadBalancer"
NLB = "alicloud:nlb/loadBalancer:LoadBalancer"
ACK = "alicloud:cs/managedKubernetes:ManagedKubernetes"
ACK_DEDICATED = "alicloud:cs/kubernetes:Kubernetes"
ACK_SERVERLESS = "alicloud:cs/serverlessKubernetes:ServerlessKubernetes"
RDS = "alicloud:rds/instance:Instance"
TAIR = "alicloud:redis/tairInstance:TairInstance"
KVSTORE = "alicloud:kvstore/instance:Instance"
POLARDB = "alicloud:polardb/cluster:Cluster"
MONGO = "alicloud:mongodb/instance:Instance"
GPDB = "alicloud:gpdb/instance:Instance"
RDS_TEMPLATE = "alicloud:rds/whitelistTemplate:WhitelistTemplate"
RDS_CONN = "alicloud:rds/connection:Connection"
KV_CONN = "alicloud:kvstore/connection:Connection"
POLAR_ADDR = "alicloud:polardb/endpointAddress:EndpointAddress"
PROXY_PUBLIC = "alicloud:rds/dbProxyPublic:DbProxyPublic"
LOGSTORE = "alicloud:log/store:Store"
BUCKET = "alicloud:oss/bucket:Bucket"
BUCKET_ACL = "alicloud:oss/bucketAcl:BucketAcl"
BUCKET_OBJECT = "alicloud:oss/bucketObject:BucketObject"
BUCKET_POLICY = "alicloud:oss/bucketPolicy:BucketPolicy"
BUCKET_PAB = "alicloud:oss/bucketPublicAccessBlock:BucketPublicAccessBlock"
ACCOUNT_PAB = "alicloud:oss/accountPublicAccessBlock:AccountPublicAccessBlock"
REPLICATION = "alicloud:oss/bucketReplication:BucketReplication"
PROVIDER = "pulumi:providers:alicloud"
VSWITCH = "alicloud:vpc/switch:Switch"
PEER = "alicloud:vpc/peerConnection:PeerConnection"
ROUTER_IF = "alicloud:vpc/routerInterface:RouterInterface"
CEN = "alicloud:cen/instance:Instance"
CEN_ATTACH = "alicloud:cen/instanceAttachment:InstanceAttachment"
GA = "alicloud:ga/accelerator:Accelerator"
GDN = "alicloud:polardb/globalDatabaseNetwork:GlobalDatabaseNetwork"
TRAIL_REGION = "alicloud:actiontrail/globalEventsStorageRegion:GlobalEventsStorageRegion"
DISK = "alicloud:ecs/ecsDisk:EcsDisk"
LEGACY_DISK = "alicloud:ecs/disk:Disk"
KMS_KEY = "alicloud:kms/key:Key"
PASSWORD_POLICY = "alicloud:ram/accountPasswordPolicy:AccountPasswordPolicy"
SECURITY_PREF = "alicloud:ram/securityPreference:SecurityPreference"
TRAIL = "alicloud:actiontrail/trail:Trail"
TLS_POLICY = "alicloud:slb/tlsCipherPolicy:TlsCipherPolicy"
ALB_ACL_ENTRY = "alicloud:alb/aclEntryAttachment:AclEntryAttachment"
LOG_AUDIT = "alicloud:log/audit:Audit"


def ok(id: str, policy: str, type: str, props: dict[str, Any], **kw: Any) -> Case:
    return Case(id, policy, type, props, False, **kw)


def bad(id: str, policy: str, type: str, props: dict[str, Any], **kw: Any) -> Case:
    return Case(id, policy, type, props, True, **kw)


SG = "ecs-security-group-no-internet-ingress"
SG_BASE = {
    "securityGroupId": "sg-app",
    "type": "ingress",
    "ipProtocol": "tcp",
    "portRange": "22/22",
    "nicType": "intranet",
    "policy": "accept",
    "priority": 1.0,
}

PUBLIC_IP = "ecs-instance-no-public-ip"
EIP = "ecs-eip-nat-gateway-only"
LB = "slb-load-balancer-intranet-only"
API = "ack-cluster-api-server-private"
WL = "db-ip-whitelist-no-internet"
PUB = "db-instance-public-endpoint-denied"
WEB = "sls-logstore-no-web-tracking"
EAS_PUBLIC = "pai-eas-service-intranet-only"
EAS = "alicloud:pai/service:Service"


def _eas(gateway: str | None = None, nlb: list[dict[str, str]] | None = None) -> dict[str, Any]:
    config: dict[str, Any] = {
        "metadata": {"name": "ranker", "instance": 2},
        "cloud": {"networking": {"vpc_id": "vpc-1", "vswitch_id": "vsw-1", "security_group_id": "sg-1"}},
    }
    networking: dict[str, Any] = {}
    if gateway:
        networking["gateway"] = gateway
    if nlb:
        networking["nlb"] = nlb
    if networking:
        config["networking"] = networking
    return config


ACL = "oss-bucket-acl-private"
OBJ = "oss-object-acl-private"
PAB = "oss-public-access-block-enabled"
BP = "oss-bucket-policy-no-public-principal"
PROV = "alicloud-provider-region-allowed"
ZONE = "alicloud-zone-in-allowed-region"
COPY = "alicloud-data-copy-in-allowed-region"
GLOBAL_DB = "db-global-database-denied"
GA_REGION = "ga-accelerator-in-allowed-region"
CEN_PATH = "cen-network-path-in-allowed-region"


def _doc(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "1", "Statement": list(statements)}


DENY_DELETES = {
    "Effect": "Deny",
    "Principal": ["*"],
    "Action": ["oss:DeleteObject", "oss:DeleteBucket"],
    "Resource": ["acs:oss:*:*:retail-catalog", "acs:oss:*:*:retail-catalog/*"],
}
ROLE_READS = {
    "Effect": "Allow",
    "Principal": ["acs:ram::1234567890:role/trainer"],
    "Action": ["oss:GetObject"],
    "Resource": ["acs:oss:*:*:retail-catalog/*"],
}
VPC_PINNED = {
    "Effect": "Allow",
    "Principal": ["*"],
    "Action": ["oss:GetObject"],
    "Resource": ["acs:oss:*:*:retail-catalog/*"],
    "Condition": {"StringEquals": {"acs:SourceVpc": ["vpc-retail"]}},
}
PUBLIC_READ = {
    "Effect": "Allow",
    "Principal": ["*"],
    "Action": ["oss:GetObject"],
    "Resource": ["acs:oss:*:*:retail-catalog/*"],
}

MANDATORY_CASES: list[Case] = [
    # --- security group ingress -----------------------------------------------------------------------------
    ok("vpc-cidr", SG, SG_RULE, {**SG_BASE, "cidrIp": "10.0.0.0/8", "portRange": "1/65535"}),
    ok("source-group", SG, SG_RULE, {**SG_BASE, "sourceSecurityGroupId": "sg-web"}),
    ok("prefix-list", SG, SG_RULE, {**SG_BASE, "prefixListId": "pl-office"}),
    ok("egress-world", SG, SG_RULE, {**SG_BASE, "type": "egress", "cidrIp": "0.0.0.0/0"}),
    ok("drop-world", SG, SG_RULE, {**SG_BASE, "cidrIp": "0.0.0.0/0", "policy": "drop"}),
    ok("office-ip", SG, SG_RULE, {**SG_BASE, "cidrIp": "203.0.113.10/32"}),
    ok(
        "unknown-group-source",
        SG,
        SG_RULE,
        {**SG_BASE, "securityGroupId": UNKNOWN, "sourceSecurityGroupId": UNKNOWN},
    ),
    bad("ssh-world", SG, SG_RULE, {**SG_BASE, "cidrIp": "0.0.0.0/0"}, property="cidrIp"),
    bad(
        "all-protocols",
        SG,
        SG_RULE,
        {**SG_BASE, "ipProtocol": "all", "portRange": "-1/-1", "cidrIp": "0.0.0.0/0"},
        property="cidrIp",
    ),
    bad(
        "https-world",
        SG,
        SG_RULE,
        {**SG_BASE, "portRange": "443/443", "cidrIp": "0.0.0.0/0"},
        property="cidrIp",
    ),
    bad("ipv6-world", SG, SG_RULE, {**SG_BASE, "ipv6CidrIp": "::/0"}, property="ipv6CidrIp"),
    bad("host-bits-slash-zero", SG, SG_RULE, {**SG_BASE, "cidrIp": "1.2.3.4/0"}, property="cidrIp"),
    bad("half-internet", SG, SG_RULE, {**SG_BASE, "cidrIp": "0.0.0.0/1"}, property="cidrIp"),
    bad(
        "no-port-range",
        SG,
        SG_RULE,
        {"securityGroupId": "sg", "type": "ingress", "ipProtocol": "udp", "cidrIp": "0.0.0.0/0"},
        property="cidrIp",
    ),
    bad(
        "policy-unset",
        SG,
        SG_RULE,
        {k: v for k, v in {**SG_BASE, "cidrIp": "0.0.0.0/0"}.items() if k != "policy"},
        property="cidrIp",
    ),
    bad("type-unknown", SG, SG_RULE, {**SG_BASE, "type": UNKNOWN, "cidrIp": "0.0.0.0/0"}, property="type"),
    bad("cidr-unknown", SG, SG_RULE, {**SG_BASE, "cidrIp": UNKNOWN}, property="cidrIp"),
    bad("cidr-secret", SG, SG_RULE, {**SG_BASE, "cidrIp": secret("0.0.0.0/0")}, property="cidrIp"),
    # --- public IPs on compute ------------------------------------------------------------------------------
    ok(
        "instance-private",
        PUBLIC_IP,
        INSTANCE,
        {"instanceType": "ecs.g7.large", "vswitchId": "vsw-1", "internetMaxBandwidthOut": 0.0},
    ),
    ok("template-private", PUBLIC_IP, LAUNCH_TEMPLATE, {"launchTemplateName": "t"}),
    ok("pool-private", PUBLIC_IP, NODE_POOL, {"clusterId": "c", "scalingConfig": {"isBondEip": False}}),
    bad(
        "instance-bandwidth",
        PUBLIC_IP,
        INSTANCE,
        {"instanceType": "ecs.g7.large", "internetMaxBandwidthOut": 10.0},
        property="internetMaxBandwidthOut",
    ),
    bad(
        "instance-bandwidth-string",
        PUBLIC_IP,
        INSTANCE,
        {"internetMaxBandwidthOut": "5"},
        property="internetMaxBandwidthOut",
    ),
    bad(
        "template-bandwidth",
        PUBLIC_IP,
        LAUNCH_TEMPLATE,
        {"internetMaxBandwidthOut": 1.0},
        property="internetMaxBandwidthOut",
    ),
    bad(
        "legacy-template-bandwidth",
        PUBLIC_IP,
        LEGACY_TEMPLATE,
        {"internetMaxBandwidthOut": 1.0},
        property="internetMaxBandwidthOut",
    ),
    bad(
        "scaling-config-bandwidth",
        PUBLIC_IP,
        SCALING_CONFIG,
        {"internetMaxBandwidthOut": 100.0},
        property="internetMaxBandwidthOut",
    ),
    bad(
        "pool-bandwidth",
        PUBLIC_IP,
        NODE_POOL,
        {"clusterId": "c", "internetMaxBandwidthOut": 5.0},
        property="internetMaxBandwidthOut",
    ),
    bad(
        "pool-bond-eip",
        PUBLIC_IP,
        NODE_POOL,
        {"clusterId": "c", "scalingConfig": {"isBondEip": True}},
        property="scalingConfig.isBondEip",
    ),
    bad("eci-auto-eip", PUBLIC_IP, CONTAINER_GROUP, {"autoCreateEip": True}, property="autoCreateEip"),
    bad("eci-eip", PUBLIC_IP, CONTAINER_GROUP, {"eipInstanceId": "eip-1"}, property="eipInstanceId"),
    bad(
        "bandwidth-unknown",
        PUBLIC_IP,
        INSTANCE,
        {"internetMaxBandwidthOut": UNKNOWN},
        property="internetMaxBandwidthOut",
    ),
    # --- EIPs
    # ------------------------------------------------------------------------------------------------
    # (ecs-eip-nat-gateway-only is a stack policy: its cases are in STACK_CASES)
    # (DNAT is judged by a stack policy: its cases are in cases_intranet's STACK_CASES)
    # --- load balancers
    # --------------------------------------------------------------------------------------
    ok("clb-intranet", LB, CLB, {"addressType": "intranet", "vswitchId": "vsw-1"}),
    ok("clb-vpc-default", LB, CLB, {"vswitchId": "vsw-1"}),
    ok(
        "alb-intranet",
        LB,
        ALB,
        {
            "addressType": "Intranet",
            "vpcId": "vpc",
            "zoneMappings": [{"zoneId": "cn-hangzhou-h", "vswitchId": "vsw-1"}],
        },
    ),
    ok("nlb-intranet", LB, NLB, {"addressType": "Intranet", "vpcId": "vpc"}),
    bad("clb-internet", LB, CLB, {"addressType": "internet"}, property="addressType"),
    bad(
        "clb-app-internet",
        LB,
        CLB_APP,
        {"addressType": "internet", "vswitchId": "vsw-1"},
        property="addressType",
    ),
    bad("clb-classic-default", LB, CLB, {"loadBalancerSpec": "slb.s1.small"}, property="vswitchId"),
    bad("alb-internet", LB, ALB, {"addressType": "Internet", "vpcId": "vpc"}, property="addressType"),
    bad(
        "alb-ipv6-internet",
        LB,
        ALB,
        {"addressType": "Intranet", "ipv6AddressType": "Internet"},
        property="ipv6AddressType",
    ),
    bad("nlb-internet", LB, NLB, {"addressType": "Internet", "vpcId": "vpc"}, property="addressType"),
    bad(
        "nlb-zone-eip",
        LB,
        NLB,
        {"addressType": "Intranet", "zoneMappings": [{"zoneId": "cn-hangzhou-h", "allocationId": "eip-1"}]},
        property="zoneMappings[0]",
    ),
    # --- ACK API server
    # --------------------------------------------------------------------------------------
    ok("ack-private", API, ACK, {"slbInternetEnabled": False, "vswitchIds": ["vsw-1"]}),
    ok("serverless-private", API, ACK_SERVERLESS, {"endpointPublicAccessEnabled": False}),
    bad("ack-public", API, ACK, {"slbInternetEnabled": True}, property="slbInternetEnabled"),
    bad("ack-default-public", API, ACK, {"vswitchIds": ["vsw-1"]}, property="slbInternetEnabled"),
    bad(
        "ack-dedicated-default",
        API,
        ACK_DEDICATED,
        {"masterVswitchIds": ["vsw-1"]},
        property="slbInternetEnabled",
    ),
    # The provider's default for endpointPublicAccessEnabled is false, and it always sends the field.
    ok("serverless-default", API, ACK_SERVERLESS, {"vpcId": "vpc"}),
    # --- whitelists
    # ------------------------------------------------------------------------------------------
    ok("rds-vpc", WL, RDS, {"engine": "MySQL", "securityIps": ["10.0.0.0/8", "192.168.1.0/24"]}),
    ok("tair-vpc", WL, TAIR, {"instanceType": "tair_rdb", "securityIps": "10.0.0.0/8,172.16.0.0/12"}),
    ok(
        "unrelated-unknown", WL, RDS, {"engine": "MySQL", "vswitchId": UNKNOWN, "securityIps": ["10.0.0.0/8"]}
    ),
    bad(
        "rds-world",
        WL,
        RDS,
        {"engine": "MySQL", "securityIps": ["10.0.0.0/8", "0.0.0.0/0"]},
        property="securityIps",
    ),
    bad("rds-bare-zero", WL, RDS, {"engine": "MySQL", "securityIps": ["0.0.0.0"]}, property="securityIps"),
    bad("tair-comma-string", WL, TAIR, {"securityIps": "10.0.0.0/8,0.0.0.0/0"}, property="securityIps"),
    bad("kvstore-world", WL, KVSTORE, {"securityIps": ["0.0.0.0/0"]}, property="securityIps"),
    bad("polardb-world", WL, POLARDB, {"securityIps": ["0.0.0.0/0"]}, property="securityIps"),
    bad("mongo-world", WL, MONGO, {"securityIpLists": ["0.0.0.0/0"]}, property="securityIpLists"),
    bad(
        "gpdb-nested",
        WL,
        GPDB,
        {"ipWhitelists": [{"securityIpList": "127.0.0.1,0.0.0.0/0"}]},
        property="ipWhitelists[0].securityIpList",
    ),
    bad(
        "template-world",
        WL,
        RDS_TEMPLATE,
        {"ipWhiteList": "0.0.0.0/0", "templateName": "t"},
        property="ipWhiteList",
    ),
    bad("whitelist-unknown", WL, RDS, {"securityIps": UNKNOWN}, property="securityIps"),
    # --- public endpoints
    # ------------------------------------------------------------------------------------
    ok("kvstore-no-public", PUB, KVSTORE, {"securityIps": ["10.0.0.0/8"]}),
    ok(
        "proxy-private",
        PUB,
        PROXY_PUBLIC,
        {"dbInstanceId": "rm-1", "dbProxyConnectionStringNetType": "Private"},
    ),
    bad(
        "rds-connection",
        PUB,
        RDS_CONN,
        {"instanceId": "rm-1", "connectionPrefix": "retail"},
        property="internet connection string",
    ),
    bad(
        "kv-connection",
        PUB,
        KV_CONN,
        {"instanceId": "r-1", "connectionStringPrefix": "x", "port": "6379"},
        property="internet connection string",
    ),
    bad("polar-public", PUB, POLAR_ADDR, {"dbClusterId": "pc-1", "dbEndpointId": "pe-1"}, property="netType"),
    bad(
        "proxy-public",
        PUB,
        PROXY_PUBLIC,
        {"dbInstanceId": "rm-1", "dbProxyConnectionStringNetType": "Public"},
        property="dbProxyConnectionStringNetType",
    ),
    bad("kvstore-enable-public", PUB, KVSTORE, {"enablePublic": True}, property="enablePublic"),
    # --- web tracking
    # ----------------------------------------------------------------------------------------
    ok(
        "logstore-private",
        WEB,
        LOGSTORE,
        {"projectName": "p", "logstoreName": "clicks", "retentionPeriod": 30.0},
    ),
    bad(
        "logstore-web-tracking",
        WEB,
        LOGSTORE,
        {"projectName": "p", "logstoreName": "c", "enableWebTracking": True},
        property="enableWebTracking",
    ),
    # --- EAS services
    # ----------------------------------------------------------------------------------------
    ok("eas-dedicated-gateway", EAS_PUBLIC, EAS, {"serviceConfig": json.dumps(_eas(gateway="gw-intranet"))}),
    ok("eas-config-as-object", EAS_PUBLIC, EAS, {"serviceConfig": _eas(gateway="gw-intranet")}),
    ok(
        "eas-intranet-nlb",
        EAS_PUBLIC,
        EAS,
        {"serviceConfig": json.dumps(_eas(gateway="gw-1", nlb=[{"id": "nlb-1", "netType": "intranet"}]))},
    ),
    bad(
        "eas-shared-gateway",
        EAS_PUBLIC,
        EAS,
        {"serviceConfig": json.dumps(_eas())},
        property="networking.gateway",
    ),
    bad(
        "eas-internet-nlb",
        EAS_PUBLIC,
        EAS,
        {"serviceConfig": json.dumps(_eas(gateway="gw-1", nlb=[{"id": "nlb-1", "netType": "internet"}]))},
        property="networking.nlb[0]",
    ),
    bad("eas-config-not-json", EAS_PUBLIC, EAS, {"serviceConfig": "{not json"}, property="serviceConfig"),
    bad("eas-config-unknown", EAS_PUBLIC, EAS, {"serviceConfig": UNKNOWN}, property="serviceConfig"),
    # --- bucket ACLs
    # -----------------------------------------------------------------------------------------
    ok("acl-private", ACL, BUCKET_ACL, {"bucket": "retail-catalog", "acl": "private"}),
    ok("bucket-no-acl", ACL, BUCKET, {"bucket": "retail-catalog"}),
    bad(
        "acl-public-read", ACL, BUCKET_ACL, {"bucket": "retail-catalog", "acl": "public-read"}, property="acl"
    ),
    bad(
        "acl-public-read-write",
        ACL,
        BUCKET_ACL,
        {"bucket": "retail-catalog", "acl": "public-read-write"},
        property="acl",
    ),
    bad(
        "inline-public-read", ACL, BUCKET, {"bucket": "retail-catalog", "acl": "public-read"}, property="acl"
    ),
    bad("acl-unknown", ACL, BUCKET_ACL, {"bucket": "retail-catalog", "acl": UNKNOWN}, property="acl"),
    ok("object-private", OBJ, BUCKET_OBJECT, {"bucket": "b", "key": "k", "acl": "private"}),
    ok("object-default", OBJ, BUCKET_OBJECT, {"bucket": "b", "key": "k"}),
    bad(
        "object-public", OBJ, BUCKET_OBJECT, {"bucket": "b", "key": "k", "acl": "public-read"}, property="acl"
    ),
    bad(
        "object-public-write",
        OBJ,
        BUCKET_OBJECT,
        {"bucket": "b", "key": "k", "acl": "public-read-write"},
        property="acl",
    ),
    ok("pab-on", PAB, BUCKET_PAB, {"bucket": "retail-catalog", "blockPublicAccess": True}),
    ok("account-pab-on", PAB, ACCOUNT_PAB, {"blockPublicAccess": True}),
    bad(
        "pab-off",
        PAB,
        BUCKET_PAB,
        {"bucket": "retail-catalog", "blockPublicAccess": False},
        property="blockPublicAccess",
    ),
    bad("account-pab-off", PAB, ACCOUNT_PAB, {"blockPublicAccess": False}, property="blockPublicAccess"),
    # --- bucket policies
    # -------------------------------------------------------------------------------------
    ok(
        "deny-star-json",
        BP,
        BUCKET_POLICY,
        {"bucket": "retail-catalog", "policy": json.dumps(_doc(DENY_DELETES, ROLE_READS))},
    ),
    ok(
        "deny-star-object",
        BP,
        BUCKET_POLICY,
        {"bucket": "retail-catalog", "policy": _doc(DENY_DELETES, ROLE_READS)},
    ),
    ok("vpc-pinned", BP, BUCKET_POLICY, {"bucket": "retail-catalog", "policy": json.dumps(_doc(VPC_PINNED))}),
    ok(
        "ip-pinned",
        BP,
        BUCKET_POLICY,
        {
            "bucket": "b",
            "policy": json.dumps(
                _doc({**PUBLIC_READ, "Condition": {"IpAddress": {"acs:SourceIp": ["10.0.0.0/8"]}}})
            ),
        },
    ),
    bad(
        "public-read-json",
        BP,
        BUCKET_POLICY,
        {"bucket": "b", "policy": json.dumps(_doc(PUBLIC_READ))},
        property="Statement[0]",
    ),
    bad(
        "public-read-object",
        BP,
        BUCKET_POLICY,
        {"bucket": "b", "policy": _doc(PUBLIC_READ)},
        property="Statement[0]",
    ),
    bad(
        "principal-string",
        BP,
        BUCKET_POLICY,
        {"bucket": "b", "policy": json.dumps(_doc({**PUBLIC_READ, "Principal": "*"}))},
        property="Statement[0]",
    ),
    bad(
        "principal-ram-map",
        BP,
        BUCKET_POLICY,
        {"bucket": "b", "policy": json.dumps(_doc({**PUBLIC_READ, "Principal": {"RAM": ["*"]}}))},
        property="Statement[0]",
    ),
    bad(
        "ip-condition-world",
        BP,
        BUCKET_POLICY,
        {
            "bucket": "b",
            "policy": json.dumps(
                _doc({**PUBLIC_READ, "Condition": {"IpAddress": {"acs:SourceIp": ["0.0.0.0/0"]}}})
            ),
        },
        property="Statement[0]",
    ),
    bad(
        "unrelated-condition",
        BP,
        BUCKET_POLICY,
        {
            "bucket": "b",
            "policy": json.dumps(
                _doc({**PUBLIC_READ, "Condition": {"Bool": {"acs:SecureTransport": ["true"]}}})
            ),
        },
        property="Statement[0]",
    ),
    bad(
        "not-equals-vpc",
        BP,
        BUCKET_POLICY,
        {
            "bucket": "b",
            "policy": json.dumps(
                _doc({**PUBLIC_READ, "Condition": {"StringNotEquals": {"acs:SourceVpc": ["vpc-x"]}}})
            ),
        },
        property="Statement[0]",
    ),
    bad(
        "inline-bucket-policy",
        BP,
        BUCKET,
        {"bucket": "b", "policy": json.dumps(_doc(PUBLIC_READ))},
        property="Statement[0]",
    ),
    bad("policy-not-json", BP, BUCKET_POLICY, {"bucket": "b", "policy": "{not json"}, property="policy"),
    bad("policy-unknown", BP, BUCKET_POLICY, {"bucket": "b", "policy": UNKNOWN}, property="policy"),
    # --- providers and regions
    # -------------------------------------------------------------------------------
    ok("provider-home", PROV, PROVIDER, {"region": "cn-hangzhou", "version": "4.0.0"}),
    ok(
        "resource-home-provider",
        PROV,
        VSWITCH,
        {"zoneId": "cn-hangzhou-h"},
        provider={"region": "cn-hangzhou"},
    ),
    bad(
        "provider-abroad", PROV, PROVIDER, {"region": "ap-southeast-1", "version": "4.0.0"}, property="region"
    ),
    bad("provider-no-region", PROV, PROVIDER, {"version": "4.0.0"}, property="region"),
    bad(
        "resource-abroad-provider",
        PROV,
        "alicloud:kms/key:Key",
        {"description": "k"},
        provider={"region": "us-west-1"},
        property="provider",
    ),
    bad(
        "allowed-region-config",
        PROV,
        PROVIDER,
        {"region": "cn-hangzhou"},
        pack_config={PROV: {"allowedRegion": "cn-shanghai"}},
        property="region",
    ),
    ok("zone-home", ZONE, VSWITCH, {"zoneId": "cn-hangzhou-h", "cidrBlock": "10.0.0.0/24"}),
    ok("zones-home", ZONE, "alicloud:realtimecompute/vvpInstance:VvpInstance", {"zoneId": "cn-hangzhou-k"}),
    ok("timezone-ignored", ZONE, ACK, {"timezone": "Asia/Shanghai", "slbInternetEnabled": False}),
    bad(
        "vswitch-abroad",
        ZONE,
        VSWITCH,
        {"zoneId": "cn-shanghai-b", "cidrBlock": "10.0.0.0/24"},
        property="zoneId",
    ),
    bad(
        "legacy-availability-zone",
        ZONE,
        VSWITCH,
        {"availabilityZone": "cn-beijing-a"},
        property="availabilityZone",
    ),
    bad(
        "secondary-zone",
        ZONE,
        TAIR,
        {"zoneId": "cn-hangzhou-h", "secondaryZoneId": "cn-shanghai-l"},
        property="secondaryZoneId",
    ),
    bad(
        "zone-list",
        ZONE,
        ACK,
        {"zoneIds": ["cn-hangzhou-h", "cn-shenzhen-a"], "slbInternetEnabled": False},
        property="zoneIds",
    ),
    bad(
        "alb-zone-mapping",
        ZONE,
        ALB,
        {"addressType": "Intranet", "zoneMappings": [{"zoneId": "cn-beijing-a", "vswitchId": "v"}]},
        property="zoneMappings[0].zoneId",
    ),
    bad("lookalike-region", ZONE, VSWITCH, {"zoneId": "cn-hangzhou-finance-1a"}, property="zoneId"),
    bad("zone-unknown", ZONE, VSWITCH, {"zoneId": UNKNOWN}, property="zoneId"),
    ok(
        "replication-home",
        COPY,
        REPLICATION,
        {"bucket": "b", "action": "ALL", "destination": {"bucket": "b2", "location": "oss-cn-hangzhou"}},
    ),
    ok(
        "peer-home",
        COPY,
        PEER,
        {"vpcId": "vpc-a", "acceptingVpcId": "vpc-b", "acceptingRegionId": "cn-hangzhou"},
    ),
    bad(
        "replication-abroad",
        COPY,
        REPLICATION,
        {"bucket": "b", "destination": {"bucket": "b2", "location": "oss-cn-beijing"}},
        property="destination.location",
    ),
    bad(
        "peer-abroad",
        COPY,
        PEER,
        {"vpcId": "vpc-a", "acceptingVpcId": "vpc-b", "acceptingRegionId": "eu-central-1"},
        property="acceptingRegionId",
    ),
    bad(
        "router-interface",
        COPY,
        ROUTER_IF,
        {"oppositeRegion": "cn-beijing", "role": "InitiatingSide"},
        property="oppositeRegion",
    ),
    bad(
        "trail-global-storage", COPY, TRAIL_REGION, {"storageRegion": "cn-shanghai"}, property="storageRegion"
    ),
    ok("no-global", GLOBAL_DB, TAIR, {"instanceType": "tair_rdb", "zoneId": "cn-hangzhou-h"}),
    # An accelerator alone spans no region (its areas and endpoint groups are judged where they are declared).
    ok("global-accelerator-alone", GA_REGION, GA, {"spec": "1"}),
    bad("polardb-gdn", GLOBAL_DB, GDN, {"dbClusterId": "pc-1"}, property="global database network"),
    bad(
        "tair-global",
        GLOBAL_DB,
        TAIR,
        {"instanceType": "tair_rdb", "globalInstanceId": "gr-1"},
        property="globalInstanceId",
    ),
    bad("kvstore-global", GLOBAL_DB, KVSTORE, {"globalInstance": True}, property="globalInstance"),
    bad("polardb-member", GLOBAL_DB, POLARDB, {"gdnId": "gdn-1"}, property="gdnId"),
]

ENC = "oss-bucket-kms-encrypted"
DISKS = "ecs-disk-encrypted"
KMS = "kms-key-rotation-enabled"
VER = "oss-bucket-versioning-enabled"
DEL = "db-cluster-deletion-protection-enabled"
PROT = "pulumi-stateful-resource-protected"
REPAIR = "ack-node-pool-auto-repair-enabled"
SPOT = "ack-node-pool-no-spot-for-serving"
PL3 = "ecs-feature-store-disk-essd-pl3"
ARCH = "oss-catalog-bucket-archive-lifecycle"
RDSH = "rds-instance-hardened"
PWD = "ram-password-policy-strong"
MFA = "ram-login-mfa-required"
TRAILS = "actiontrail-trail-all-events"
TLS = "slb-tls-cipher-policy-modern"
LBACL = "alb-acl-no-open-entry"
AUDIT = "sls-log-audit-rds-enabled"
LOGGING = "oss-bucket-access-logging"

TRAINING_TAINT = [{"key": "workload", "value": "training", "effect": "NoSchedule"}]
GOOD_RDS = {
    "engine": "MySQL",
    "sslAction": "Open",
    "tdeStatus": "Enabled",
    "autoUpgradeMinorVersion": "Auto",
    "sqlCollectorStatus": "Enabled",
    "sqlCollectorConfigValue": 365.0,
    "deletionProtection": True,
}
GOOD_PG = {
    **GOOD_RDS,
    "engine": "PostgreSQL",
    "parameters": [
        {"name": "log_connections", "value": "on"},
        {"name": "log_disconnections", "value": "ON"},
        {"name": "log_duration", "value": "on"},
    ],
}
GOOD_PASSWORDS = {
    "minimumPasswordLength": 16.0,
    "maxPasswordAge": 60.0,
    "passwordReusePrevention": 24.0,
    "maxLoginAttempts": 5.0,
}

ADVISORY_CASES: list[Case] = [
    ok("disk-encrypted", DISKS, DISK, {"zoneId": "cn-hangzhou-h", "encrypted": True, "kmsKeyId": "key-1"}),
    ok(
        "instance-encrypted",
        DISKS,
        INSTANCE,
        {
            "systemDiskEncrypted": True,
            "systemDiskKmsKeyId": "key-1",
            "dataDisks": [{"encrypted": True, "kmsKeyId": "key-1"}],
        },
    ),
    ok(
        "pool-encrypted",
        DISKS,
        NODE_POOL,
        {
            "systemDiskEncrypted": True,
            "systemDiskKmsKey": "key-1",
            "dataDisks": [{"encrypted": "true", "kmsKeyId": "key-1"}],
        },
    ),
    ok(
        "template-encrypted",
        DISKS,
        LAUNCH_TEMPLATE,
        {
            "systemDisk": {"encrypted": True, "kmsKeyId": "key-1"},
            "dataDisks": [{"encrypted": True, "kmsKeyId": "key-1"}],
        },
    ),
    bad("disk-plain", DISKS, DISK, {"zoneId": "cn-hangzhou-h", "encrypted": False}, property="encrypted"),
    bad("legacy-disk-plain", DISKS, LEGACY_DISK, {"size": 100.0}, property="encrypted"),
    bad(
        "instance-system-plain",
        DISKS,
        INSTANCE,
        {"systemDiskCategory": "cloud_essd"},
        property="systemDiskEncrypted",
    ),
    bad(
        "instance-data-plain",
        DISKS,
        INSTANCE,
        {"systemDiskEncrypted": True, "systemDiskKmsKeyId": "key-1", "dataDisks": [{"size": 100.0}]},
        property="dataDisks[0].encrypted",
    ),
    bad(
        "template-system-plain",
        DISKS,
        LAUNCH_TEMPLATE,
        {"systemDisk": {"category": "cloud_essd"}},
        property="systemDisk.encrypted",
    ),
    bad(
        "template-data-plain",
        DISKS,
        LAUNCH_TEMPLATE,
        {"dataDisks": [{"encrypted": True, "kmsKeyId": "key-1"}, {"size": 500.0}]},
        property="dataDisks[1].encrypted",
    ),
    bad(
        "pool-plain",
        DISKS,
        NODE_POOL,
        {"systemDiskEncrypted": True, "systemDiskKmsKey": "key-1", "dataDisks": [{"encrypted": "false"}]},
        property="dataDisks[0].encrypted",
    ),
    bad(
        "disk-no-cmk",
        DISKS,
        DISK,
        {"encrypted": True},
        pack_config={DISKS: {"requireCustomerKey": True}},
        property="kmsKeyId",
    ),
    ok("key-rotating", KMS, KMS_KEY, {"automaticRotation": "Enabled", "rotationInterval": "365d"}),
    bad("key-default-rotation", KMS, KMS_KEY, {"description": "k"}, property="automaticRotation"),
    bad(
        "key-disabled",
        KMS,
        KMS_KEY,
        {"automaticRotation": "Enabled", "status": "Disabled"},
        property="status",
    ),
    ok("ack-protected", DEL, ACK, {"slbInternetEnabled": False, "deletionProtection": True}),
    ok("polardb-locked", DEL, POLARDB, {"deletionLock": 1.0}),
    bad("ack-unprotected", DEL, ACK, {"slbInternetEnabled": False}, property="deletionProtection"),
    bad(
        "rds-unprotected",
        DEL,
        RDS,
        {"engine": "MySQL", "deletionProtection": False},
        property="deletionProtection",
    ),
    bad("polardb-unlocked", DEL, POLARDB, {"deletionLock": 0.0}, property="deletionLock"),
    bad("kvstore-unprotected", DEL, KVSTORE, {"instanceType": "Redis"}, property="instanceReleaseProtection"),
    ok("bucket-protected", PROT, BUCKET, {"bucket": "b"}, protect=True),
    ok("vpc-not-stateful", PROT, "alicloud:vpc/network:Network", {"cidrBlock": "10.0.0.0/8"}),
    bad("bucket-unprotected", PROT, BUCKET, {"bucket": "b"}, property="protect"),
    bad(
        "tair-unprotected",
        PROT,
        TAIR,
        {"instanceType": "tair_rdb", "zoneId": "cn-hangzhou-h"},
        property="protect",
    ),
    ok("pool-auto-repair", REPAIR, NODE_POOL, {"management": {"enable": True, "autoRepair": True}}),
    bad("pool-no-management", REPAIR, NODE_POOL, {"clusterId": "c"}, property="management"),
    bad(
        "pool-repair-not-enabled",
        REPAIR,
        NODE_POOL,
        {"management": {"enable": False, "autoRepair": True}},
        property="management.enable",
    ),
    bad(
        "pool-repair-off",
        REPAIR,
        NODE_POOL,
        {"management": {"enable": True, "autoRepair": False}},
        property="management.autoRepair",
    ),
    ok("on-demand-pool", SPOT, NODE_POOL, {"spotStrategy": "NoSpot"}),
    ok("spot-training-pool", SPOT, NODE_POOL, {"spotStrategy": "SpotAsPriceGo", "taints": TRAINING_TAINT}),
    bad("spot-untainted", SPOT, NODE_POOL, {"spotStrategy": "SpotWithPriceLimit"}, property="taints"),
    bad("spot-scaling-type", SPOT, NODE_POOL, {"scalingConfig": {"type": "spot"}}, property="taints"),
    bad(
        "spot-prefer-no-schedule",
        SPOT,
        NODE_POOL,
        {
            "spotStrategy": "SpotAsPriceGo",
            "taints": [{"key": "workload", "value": "training", "effect": "PreferNoSchedule"}],
        },
        property="taints",
    ),
    ok(
        "feature-store-pl3",
        PL3,
        INSTANCE,
        {
            "tags": {"workload": "feature-store"},
            "systemDiskEncrypted": True,
            "dataDisks": [
                {"category": "cloud_essd", "performanceLevel": "PL3", "size": 1261.0, "encrypted": True}
            ],
        },
    ),
    ok("not-feature-store", PL3, DISK, {"category": "cloud_efficiency", "encrypted": True}),
    bad(
        "feature-store-pl1",
        PL3,
        DISK,
        {"category": "cloud_essd", "performanceLevel": "PL1", "encrypted": True},
        name="feature-store-disk",
        property="performanceLevel",
    ),
    bad(
        "feature-store-no-data-disk",
        PL3,
        INSTANCE,
        {"tags": {"role": "featurestore"}, "systemDiskEncrypted": True},
        property="dataDisks",
    ),
    ok(
        "catalog-archived",
        ARCH,
        BUCKET,
        {
            "bucket": "retail-catalog",
            "lifecycleRules": [{"enabled": True, "transitions": [{"days": 90.0, "storageClass": "Archive"}]}],
        },
        protect=True,
    ),
    ok("not-catalog", ARCH, BUCKET, {"bucket": "retail-models"}, protect=True),
    bad(
        "catalog-no-lifecycle",
        ARCH,
        BUCKET,
        {"bucket": "retail-catalog"},
        protect=True,
        property="lifecycleRules",
    ),
    bad(
        "catalog-ia-only",
        ARCH,
        BUCKET,
        {
            "bucket": "x",
            "tags": {"data": "catalog"},
            "lifecycleRules": [{"enabled": True, "transitions": [{"days": 30.0, "storageClass": "IA"}]}],
        },
        protect=True,
        property="lifecycleRules",
    ),
    bad(
        "catalog-rule-disabled",
        ARCH,
        BUCKET,
        {
            "bucket": "retail-catalog",
            "lifecycleRules": [
                {"enabled": False, "transitions": [{"days": 90.0, "storageClass": "Archive"}]}
            ],
        },
        protect=True,
        property="lifecycleRules",
    ),
    ok("rds-hardened", RDSH, RDS, GOOD_RDS, protect=True),
    ok("pg-hardened", RDSH, RDS, GOOD_PG, protect=True),
    bad("rds-no-ssl", RDSH, RDS, {**GOOD_RDS, "sslAction": "Close"}, protect=True, property="sslAction"),
    bad(
        "rds-no-tde",
        RDSH,
        RDS,
        {k: v for k, v in GOOD_RDS.items() if k != "tdeStatus"},
        protect=True,
        property="tdeStatus",
    ),
    bad(
        "rds-manual-upgrade",
        RDSH,
        RDS,
        {**GOOD_RDS, "autoUpgradeMinorVersion": "Manual"},
        protect=True,
        property="autoUpgradeMinorVersion",
    ),
    bad(
        "rds-short-audit",
        RDSH,
        RDS,
        {**GOOD_RDS, "sqlCollectorConfigValue": 30.0},
        protect=True,
        property="sqlCollectorConfigValue",
    ),
    bad(
        "pg-no-connection-log",
        RDSH,
        RDS,
        {**GOOD_PG, "parameters": GOOD_PG["parameters"][1:]},
        protect=True,
        property="log_connections",
    ),
    ok("passwords-strong", PWD, PASSWORD_POLICY, GOOD_PASSWORDS),
    bad(
        "passwords-short",
        PWD,
        PASSWORD_POLICY,
        {**GOOD_PASSWORDS, "minimumPasswordLength": 10.0},
        property="minimumPasswordLength",
    ),
    bad(
        "passwords-no-symbols",
        PWD,
        PASSWORD_POLICY,
        {**GOOD_PASSWORDS, "requireSymbols": False},
        property="requireSymbols",
    ),
    bad(
        "passwords-never-expire",
        PWD,
        PASSWORD_POLICY,
        {**GOOD_PASSWORDS, "maxPasswordAge": 0.0},
        property="maxPasswordAge",
    ),
    bad(
        "passwords-reuse",
        PWD,
        PASSWORD_POLICY,
        {**GOOD_PASSWORDS, "passwordReusePrevention": 6.0},
        property="passwordReusePrevention",
    ),
    bad(
        "passwords-lockout",
        PWD,
        PASSWORD_POLICY,
        {**GOOD_PASSWORDS, "maxLoginAttempts": 10.0},
        property="maxLoginAttempts",
    ),
    ok("mfa-mandatory", MFA, SECURITY_PREF, {"mfaOperationForLogin": "mandatory"}),
    ok("mfa-legacy", MFA, SECURITY_PREF, {"enforceMfaForLogin": True}),
    bad(
        "mfa-independent",
        MFA,
        SECURITY_PREF,
        {"mfaOperationForLogin": "independent"},
        property="mfaOperationForLogin",
    ),
    bad(
        "mfa-unset", MFA, SECURITY_PREF, {"allowUserToChangePassword": True}, property="mfaOperationForLogin"
    ),
    ok("trail-all", TRAILS, TRAIL, {"trailName": "audit", "eventRw": "All", "trailRegion": "All"}),
    ok("trail-defaults", TRAILS, TRAIL, {"trailName": "audit"}),
    bad("trail-writes-only", TRAILS, TRAIL, {"trailName": "audit", "eventRw": "Write"}, property="eventRw"),
    bad(
        "trail-one-region",
        TRAILS,
        TRAIL,
        {"trailName": "audit", "trailRegion": "cn-shanghai"},
        property="trailRegion",
    ),
    ok("tls-modern", TLS, TLS_POLICY, {"tlsVersions": ["TLSv1.2", "TLSv1.3"], "ciphers": ["x"]}),
    bad(
        "tls-legacy",
        TLS,
        TLS_POLICY,
        {"tlsVersions": ["TLSv1.0", "TLSv1.2"], "ciphers": ["x"]},
        property="tlsVersions",
    ),
    ok("acl-entry-narrow", LBACL, ALB_ACL_ENTRY, {"aclId": "a", "entries": [{"entry": "10.20.0.0/16"}]}),
    bad("acl-entry-world", LBACL, ALB_ACL_ENTRY, {"aclId": "a", "entry": "0.0.0.0/0"}, property="0.0.0.0/0"),
    bad(
        "acl-entries-world",
        LBACL,
        ALB_ACL_ENTRY,
        {"aclId": "a", "entries": [{"entry": "0.0.0.0/0"}]},
        property="0.0.0.0/0",
    ),
    ok(
        "audit-rds",
        AUDIT,
        LOG_AUDIT,
        {"displayName": "a", "aliuid": "1", "variableMap": {"rds_enabled": "true"}},
    ),
    bad(
        "audit-no-rds",
        AUDIT,
        LOG_AUDIT,
        {"displayName": "a", "aliuid": "1", "variableMap": {"rds_enabled": "false"}},
        property="variableMap.rds_enabled",
    ),
]

CASES = MANDATORY_CASES + ADVISORY_CASES

# pack-B's family case tables (same fields plus `property`, the property a failing message must name).
from cases_advisory import CASES as _ADVISORY  # noqa: E402
from cases_intranet import CASES as _INTRANET  # noqa: E402
from cases_intranet import STACK_CASES as _INTRANET_STACK  # noqa: E402
from cases_private_acl import CASES as _PRIVATE_ACL  # noqa: E402
from cases_sovereignty import CASES as _SOVEREIGNTY  # noqa: E402
from cases_sovereignty import STACK_CASES as _SOVEREIGNTY_STACK  # noqa: E402

CASES += [*_SOVEREIGNTY, *_PRIVATE_ACL, *_ADVISORY, *_INTRANET]  # type: ignore[list-item]


# Stack-level cases: (id, policy, resources, offending resource names)
def _bucket(name: str, **props: Any) -> dict[str, Any]:
    return {"type": BUCKET, "name": name, "props": {"bucket": name, **props}}


def _separate(kind: str, name: str, bucket: str, **props: Any) -> dict[str, Any]:
    return {
        "type": f"alicloud:oss/{kind[0].lower() + kind[1:]}:{kind}",
        "name": name,
        "props": {"bucket": bucket, **props},
    }


def _eip(name: str, deps: dict[str, list[str]] | None = None, **props: Any) -> dict[str, Any]:
    return {"type": EIP_ASSOC, "name": name, "props": {"allocationId": "eip-1", **props}, "deps": deps or {}}


NAT = "alicloud:vpc/natGateway:NatGateway"
NAT_URN = urn(NAT, "egress")
NAT_GATEWAY = {"type": NAT, "name": "egress", "props": {"natType": "Enhanced", "vpcId": "vpc-1"}}
KMS_SSE = {"sseAlgorithm": "KMS", "kmsMasterKeyId": "key-1"}
STACK_CASES: list[StackCase] = [
    StackCase("eip-nat", EIP, [_eip("a", instanceId=UNKNOWN, instanceType="Nat", allocationId=UNKNOWN)], []),
    StackCase("eip-nat-by-id", EIP, [_eip("a", instanceId="ngw-123")], []),
    # The canonical egress set-up: instanceId=nat.id, no instanceType; the ID is unknown during preview.
    StackCase(
        "eip-nat-by-reference",
        EIP,
        [NAT_GATEWAY, _eip("a", {"instanceId": [NAT_URN]}, instanceId=UNKNOWN)],
        [],
    ),
    StackCase(
        "eip-ecs",
        EIP,
        [_eip("a", instanceId="i-123", instanceType="EcsInstance")],
        ["a"],
        property="instanceType",
    ),
    StackCase(
        "eip-slb",
        EIP,
        [_eip("a", instanceId="lb-1", instanceType="SlbInstance")],
        ["a"],
        property="instanceType",
    ),
    StackCase(
        "eip-eni",
        EIP,
        [_eip("a", instanceId="eni-1", instanceType="NetworkInterface")],
        ["a"],
        property="instanceType",
    ),
    StackCase("eip-default-type", EIP, [_eip("a", instanceId="i-123")], ["a"], property="instanceType"),
    StackCase("eip-unknown-target", EIP, [_eip("a", instanceId=UNKNOWN)], ["a"], property="instanceId"),
    StackCase(
        "eip-unknown-target-not-a-nat",
        EIP,
        [
            {"type": INSTANCE, "name": "web", "props": {}},
            _eip("a", {"instanceId": [urn(INSTANCE, "web")]}, instanceId=UNKNOWN),
        ],
        ["a"],
        property="instanceId",
    ),
    StackCase(
        "anycast",
        EIP,
        [{"type": ANYCAST, "name": "a", "props": {"anycastId": "aeip-1", "bindInstanceId": "lb-1"}}],
        ["a"],
        property="anycast",
    ),
    StackCase("inline-kms", ENC, [_bucket("b1", serverSideEncryptionRule=KMS_SSE)], []),
    StackCase(
        "separate-kms",
        ENC,
        [_bucket("b1"), _separate("BucketServerSideEncryption", "sse", "b1", **KMS_SSE)],
        [],
    ),
    StackCase(
        "separate-kms-by-dependency",
        ENC,
        [
            _bucket("b1", bucket=UNKNOWN),
            {
                **_separate("BucketServerSideEncryption", "sse", UNKNOWN, **KMS_SSE),
                "deps": {"bucket": ["b1"]},
            },
        ],
        [],
    ),
    StackCase("no-encryption", ENC, [_bucket("b1")], ["b1"], property="sseAlgorithm"),
    StackCase(
        "aes256",
        ENC,
        [_bucket("b1", serverSideEncryptionRule={"sseAlgorithm": "AES256"})],
        ["b1"],
        property="sseAlgorithm",
    ),
    StackCase(
        "kms-no-key",
        ENC,
        [_bucket("b1", serverSideEncryptionRule={"sseAlgorithm": "KMS"})],
        ["b1"],
        property="kmsMasterKeyId",
    ),
    StackCase(
        "separate-aes",
        ENC,
        [_bucket("b1"), _separate("BucketServerSideEncryption", "sse", "b1", sseAlgorithm="AES256")],
        ["sse"],
        property="sseAlgorithm",
    ),
    StackCase(
        "separate-other-bucket",
        ENC,
        [_bucket("b1"), _separate("BucketServerSideEncryption", "sse", "b2", **KMS_SSE)],
        ["b1"],
        property="sseAlgorithm",
    ),
    StackCase("inline-versioning", VER, [_bucket("b1", versioning={"status": "Enabled"})], []),
    StackCase(
        "separate-versioning",
        VER,
        [_bucket("b1"), _separate("BucketVersioning", "v", "b1", status="Enabled")],
        [],
    ),
    StackCase("no-versioning", VER, [_bucket("b1")], ["b1"], property="versioning"),
    StackCase(
        "suspended", VER, [_bucket("b1", versioning={"status": "Suspended"})], ["b1"], property="versioning"
    ),
    StackCase(
        "separate-suspended",
        VER,
        [_bucket("b1"), _separate("BucketVersioning", "v", "b1", status="Suspended")],
        ["v"],
        property="status",
    ),
    StackCase("inline-logging", LOGGING, [_bucket("b1", logging={"targetBucket": "logs"})], []),
    StackCase(
        "separate-logging",
        LOGGING,
        [_bucket("b1"), _separate("BucketLogging", "l", "b1", targetBucket="logs")],
        [],
    ),
    # CEN inside one region (an instance, a VPC of the stack's region attached) spans nothing.
    StackCase("cen-alone", CEN_PATH, [{"type": CEN, "name": "cen", "props": {"cenInstanceName": "x"}}], []),
    StackCase(
        "cen-attachment-same-region",
        CEN_PATH,
        [
            {"type": CEN, "name": "cen", "props": {"cenInstanceName": "x"}},
            {
                "type": CEN_ATTACH,
                "name": "vpc",
                "props": {
                    "instanceId": "cen-1",
                    "childInstanceId": "vpc-1",
                    "childInstanceRegionId": "cn-hangzhou",
                },
            },
        ],
        [],
    ),
    StackCase("no-logging", LOGGING, [_bucket("b1")], ["b1"], property="logging"),
]
STACK_CASES += [*_INTRANET_STACK, *_SOVEREIGNTY_STACK]
