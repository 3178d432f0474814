"""Intranet-only cases: every row of inventory/intranet.yaml, failing and passing.

Inputs follow the provider's docs and examples (the SDK docstrings of each resource: value sets, list or
comma-string shapes, named groups). A failing case names the property its message must mention. The compliant
set-ups the platform relies on (intranet load balancers, NAT egress, private endpoints, VPC-only whitelists)
are passing cases here too.
"""

from __future__ import annotations

import json
from typing import Any

from _harness import UNKNOWN, Case, StackCase, t, urn

SG = "ecs-security-group-no-internet-ingress"
PL = "ecs-security-group-prefix-list-no-internet"
IP = "ecs-instance-no-public-ip"
EIP = "ecs-eip-nat-gateway-only"
DNAT = "vpc-nat-internet-dnat-denied"
LB = "slb-load-balancer-intranet-only"
API = "ack-cluster-api-server-private"
WL = "db-ip-whitelist-no-internet"
DB_PUB = "db-instance-public-endpoint-denied"
MQ_PUB = "mq-instance-public-endpoint-denied"
FC_PUB = "fc-function-internet-endpoint-denied"
GW_PUB = "app-gateway-internet-ingress-denied"
BASTION_PUB = "bastionhost-instance-public-access-denied"
NODE_PUB = "vpc-node-public-address-denied"
CR_PUB = "cr-registry-internet-endpoint-denied"
WEB = "sls-logstore-no-web-tracking"
EAS = "pai-eas-service-intranet-only"


def bad(id: str, policy: str, type: str, props: dict[str, Any], prop: str, **kw: Any) -> Case:
    return Case(id, policy, type, props, True, prop, **kw)


def ok(id: str, policy: str, type: str, props: dict[str, Any], **kw: Any) -> Case:
    return Case(id, policy, type, props, False, **kw)


# --- whitelists, in every shape ------------------------------------------------------------------------------
# (type, property, shape, other props). Shapes from the SDK: "list" (a list of strings), "string" (one
# comma-separated string), "groups:<name key>:<ip key>" (named groups or IP arrays; "+list" when the group's
# addresses are a list), "object" (MaxCompute's {ipList, vpcIpList}).
WHITELISTS: list[tuple[str, str, str, dict[str, Any]]] = [
    (t("adb/cluster"), "securityIps", "list", {"dbClusterVersion": "3.0"}),
    (t("adb/dBCluster"), "securityIps", "list", {"dbClusterCategory": "Cluster"}),
    (t("adb/dBClusterLakeVersion"), "securityIps", "string", {"dbClusterVersion": "5.0"}),
    (t("bastionhost/instance"), "publicWhiteLists", "list", {"enablePublicAccess": False}),
    (t("yundun/bastionHostInstance"), "publicWhiteLists", "list", {"enablePublicAccess": False}),
    (t("cassandra/cluster"), "ipWhite", "string", {"majorVersion": "3.11"}),
    (
        t("clickhouse/dbCluster"),
        "dbClusterAccessWhiteLists",
        "groups:dbClusterIpArrayName:securityIpList",
        {},
    ),
    (t("clickhouseenterprisedbcluster/securityIp"), "securityIpList", "string", {"groupName": "app"}),
    (t("elasticsearch/instance"), "publicWhitelists", "list", {"esVersion": "7.10_with_X-Pack"}),
    (t("elasticsearch/instance"), "kibanaWhitelists", "list", {"esVersion": "7.10_with_X-Pack"}),
    (t("gpdb/dbInstanceIpArray"), "securityIpLists", "list", {"dbInstanceIpArrayName": "app"}),
    (t("gpdb/elasticInstance"), "securityIpLists", "list", {"engine": "gpdb"}),
    (t("gpdb/instance"), "ipWhitelists", "groups:ipGroupName:securityIpList", {"engine": "gpdb"}),
    (t("gpdb/instance"), "securityIpLists", "list", {"engine": "gpdb"}),
    (t("gpdb/supabaseProject"), "securityIpLists", "list", {"projectName": "retail"}),
    (t("graphdatabase/dbInstance"), "dbInstanceIpArrays", "groups:dbInstanceIpArrayName:securityIps", {}),
    (t("hbase/instance"), "ipWhite", "string", {"engine": "hbaseue"}),
    (t("eventbridge/eventSourceV2"), "sourceHttpEventParameters", "http", {"eventBusName": "retail"}),
    (t("kvstore/instance"), "securityIps", "list", {"instanceType": "Redis"}),
    (t("lindorm/instance"), "ipWhiteLists", "list", {"diskCategory": "cloud_efficiency"}),
    (t("lindorm/instanceV2"), "whiteIpLists", "groups:groupName:ipList", {}),
    (t("maxcompute/project"), "ipWhiteList", "object", {"projectName": "retail"}),
    (t("mongodb/globalSecurityIpGroup"), "globalSecurityIpList", "string", {"globalIgName": "retail"}),
    (t("mongodb/instance"), "securityIpGroups", "groups:securityIpGroupName:securityIpList", {}),
    (t("mongodb/instance"), "securityIpLists", "list", {}),
    (t("mongodb/serverlessInstance"), "securityIpGroups", "groups:securityIpGroupName:securityIpList", {}),
    (t("mongodb/shardingInstance"), "securityIpGroups", "groups:securityIpGroupName:securityIpList", {}),
    (t("mongodb/shardingInstance"), "securityIpLists", "list", {}),
    (t("mse/cluster"), "aclEntryLists", "list", {"netType": "privatenet"}),
    (t("nas/accessRule"), "sourceCidrIp", "cidr", {"accessGroupName": "retail", "rwAccessType": "RDWR"}),
    (
        t("nas/accessRule"),
        "ipv6SourceCidrIp",
        "cidr6",
        {"accessGroupName": "retail", "fileSystemType": "extreme"},
    ),
    (t("message/serviceEndpointAcl"), "cidr", "cidr", {"endpointType": "public", "aclStrategy": "allow"}),
    (t("polardb/application"), "securityIpLists", "list", {"applicationType": "supabase"}),
    (t("polardb/cluster"), "dbClusterIpArrays", "groups:dbClusterIpArrayName:securityIps+list", {}),
    (t("polardb/cluster"), "securityIps", "list", {"dbType": "MySQL"}),
    (t("polardb/globalSecurityIpGroup"), "globalIpList", "string", {"globalIpGroupName": "retail"}),
    (t("rds/ddrInstance"), "securityIps", "list", {"engine": "MySQL"}),
    (t("rds/instance"), "securityIps", "list", {"engine": "MySQL"}),
    (t("rds/rdsCloneDbInstance"), "securityIps", "list", {"engine": "MySQL"}),
    (t("rds/rdsUpgradeDbInstance"), "securityIps", "list", {"engine": "PostgreSQL"}),
    (t("rds/readOnlyInstance"), "securityIps", "list", {"engineVersion": "8.0"}),
    (t("rds/whitelistTemplate"), "ipWhiteList", "string", {"templateName": "retail"}),
    (t("redis/globalSecurityIpGroup"), "globalIpList", "string", {"globalIpGroupName": "retail"}),
    (t("redis/tairInstance"), "securityIps", "string", {"instanceType": "tair_rdb"}),
    (t("rocketmq/acl"), "ipWhitelists", "list", {"username": "retail"}),
    (t("rocketmq/rocketMQInstance"), "ipWhitelists", "list", {"seriesCode": "standard"}),
    (t("selectdb/dbInstance"), "desiredSecurityIpLists", "groups:groupName:securityIpList", {}),
    (
        t("alikafka/instanceAllowedIpAttachment"),
        "allowedIp",
        "cidr",
        {"allowedType": "internet", "portRange": "9093/9093", "instanceId": "alikafka_post-cn-1"},
    ),
]


def _addresses(shape: str, extra: str) -> Any:
    ips = ["10.0.0.0/8", extra]
    if shape == "list":
        return ips
    if shape == "string":
        return ",".join(ips)
    if shape == "cidr":
        return extra
    if shape == "cidr6":
        return "::/0" if extra == "0.0.0.0/0" else "fd00::/8"
    if shape == "http":
        return {"type": "HTTPS", "methods": ["POST"], "securityConfig": "ip", "ips": ips}
    if shape == "object":
        return {"ipList": extra, "vpcIpList": "10.0.0.0/8"}
    _, name_key, ip_key = shape.split(":")
    as_list = ip_key.endswith("+list")
    ip_key = ip_key.removesuffix("+list")
    return [{name_key: "app", ip_key: ips if as_list else ",".join(ips)}]


def whitelist_case_ids(type_: str, prop: str) -> tuple[str, str]:
    short = type_.split(":")[1].replace("/", "-")
    return f"wl-{short}-{prop}-internet", f"wl-{short}-{prop}-vpc"


def _whitelist_cases() -> list[Case]:
    cases = []
    for type_, prop, shape, others in WHITELISTS:
        failing, passing = whitelist_case_ids(type_, prop)
        cases.append(bad(failing, WL, type_, {**others, prop: _addresses(shape, "0.0.0.0/0")}, prop))
        cases.append(ok(passing, WL, type_, {**others, prop: _addresses(shape, "192.168.0.0/16")}))
    return cases


KAFKA_ALLOWED = t("alikafka/instanceAllowedIpAttachment")
WHITELIST_EXTRAS = [
    # A VPC whitelist entry admits addresses of the instance's VPC only.
    ok(
        "wl-kafka-vpc-list-open",
        WL,
        KAFKA_ALLOWED,
        {"allowedType": "vpc", "allowedIp": "0.0.0.0/0", "portRange": "9092/9092", "instanceId": "k"},
    ),
    # modifyMode Delete removes the addresses: it closes, it does not open.
    ok(
        "wl-polardb-array-delete",
        WL,
        t("polardb/cluster"),
        {
            "dbClusterIpArrays": [
                {"dbClusterIpArrayName": "old", "securityIps": ["0.0.0.0/0"], "modifyMode": "Delete"}
            ]
        },
    ),
    ok("wl-rds-delete-mode", WL, t("rds/instance"), {"securityIps": ["0.0.0.0/0"], "modifyMode": "Delete"}),
    bad(
        "wl-polardb-array-append",
        WL,
        t("polardb/cluster"),
        {
            "dbClusterIpArrays": [
                {"dbClusterIpArrayName": "app", "securityIps": ["0.0.0.0/0"], "modifyMode": "Append"}
            ]
        },
        "dbClusterIpArrays",
    ),
    # Elasticsearch's private whitelists apply to VPC access only.
    ok("wl-es-private-whitelist", WL, t("elasticsearch/instance"), {"privateWhitelists": ["0.0.0.0/0"]}),
    bad(
        "wl-mongo-group-bare-zero",
        WL,
        t("mongodb/instance"),
        {"securityIpGroups": [{"securityIpGroupName": "a", "securityIpList": "0.0.0.0"}]},
        "securityIpGroups",
    ),
]


# --- services' own internet switches and public endpoint resources -------------------------------------------
# (type, property path, exposing props, private props)
SWITCHES: list[tuple[str, str, dict[str, Any], dict[str, Any]]] = [
    (t("kvstore/instance"), "enablePublic", {"enablePublic": True}, {"enablePublic": False}),
    (
        t("alikafka/instance"),
        "deployType",
        {"deployType": 4, "diskSize": 500},
        {"deployType": 5, "diskSize": 500},
    ),
    (
        t("amqp/instance"),
        "supportEip",
        {"supportEip": True, "instanceType": "professional"},
        {"supportEip": False},
    ),
    (
        t("bastionhost/instance"),
        "enablePublicAccess",
        {"enablePublicAccess": True},
        {"enablePublicAccess": False},
    ),
    (
        t("yundun/bastionHostInstance"),
        "enablePublicAccess",
        {"enablePublicAccess": True},
        {"enablePublicAccess": False},
    ),
    (t("cassandra/cluster"), "enablePublic", {"enablePublic": True}, {"enablePublic": False}),
    (t("cassandra/dataCenter"), "enablePublic", {"enablePublic": True}, {"enablePublic": False}),
    (
        t("clickhouse/dbCluster"),
        "allocatePublicConnection",
        {"allocatePublicConnection": True},
        {"allocatePublicConnection": False},
    ),
    (t("elasticsearch/instance"), "enablePublic", {"enablePublic": True}, {"enablePublic": False}),
    (
        t("elasticsearch/instance"),
        "enableKibanaPublicNetwork",
        {"enableKibanaPublicNetwork": True},
        {"enableKibanaPublicNetwork": False, "enableKibanaPrivateNetwork": True},
    ),
    (
        t("selectdb/dbInstance"),
        "enablePublicNetwork",
        {"enablePublicNetwork": True},
        {"enablePublicNetwork": False},
    ),
    (
        t("mse/cluster"),
        "netType",
        {"netType": "pubnet", "pubNetworkFlow": "1"},
        {"netType": "privatenet", "pubNetworkFlow": "0"},
    ),
    (
        t("mse/gateway"),
        "internetSlbSpec",
        {"internetSlbSpec": "slb.s2.small", "slbSpec": "slb.s2.small"},
        {"slbSpec": "slb.s2.small"},
    ),
    (
        t("rocketmq/rocketMQInstance"),
        "networkInfo.internetInfo.internetSpec",
        {
            "networkInfo": {
                "internetInfo": {
                    "internetSpec": "enable",
                    "flowOutType": "payByBandwidth",
                    "flowOutBandwidth": 5,
                }
            }
        },
        {"networkInfo": {"internetInfo": {"internetSpec": "disable", "flowOutType": "uninvolved"}}},
    ),
    (
        t("rds/aiInstance"),
        "publicEndpointEnabled",
        {"publicEndpointEnabled": True},
        {"publicEndpointEnabled": False, "publicNetworkAccessEnabled": True},
    ),
    (
        t("eci/virtualNode"),
        "enablePublicNetwork",
        {"enablePublicNetwork": True},
        {"enablePublicNetwork": False},
    ),
    (t("eci/virtualNode"), "eipInstanceId", {"eipInstanceId": "eip-1"}, {"vswitchId": "vsw-1"}),
    (t("emr/cluster"), "isOpenPublicIp", {"isOpenPublicIp": True}, {"isOpenPublicIp": False}),
    (
        t("emrv2/cluster"),
        "nodeGroups[].withPublicIp",
        {"nodeGroups": [{"nodeGroupType": "MASTER", "withPublicIp": True}]},
        {"nodeGroups": [{"nodeGroupType": "MASTER", "withPublicIp": False}]},
    ),
    (
        t("edas/k8sApplication"),
        "internetSlbId",
        {"internetSlbId": "lb-1", "internetSlbProtocol": "TCP"},
        {"intranetSlbId": "lb-2", "intranetSlbPort": 80},
    ),
    (
        t("edas/k8sApplication"),
        "internetSlbPort",
        {"internetSlbPort": 80, "internetTargetPort": 8080},
        {"intranetSlbPort": 80, "intranetTargetPort": 8080},
    ),
    (
        t("edas/k8sSlbAttachment"),
        "slbConfigs[].type",
        {"appId": "a", "slbConfigs": [{"type": "internet", "scheduler": "rr"}]},
        {"appId": "a", "slbConfigs": [{"type": "intranet", "scheduler": "rr"}]},
    ),
    (
        t("servicemesh/serviceMesh"),
        "loadBalancer.apiServerPublicEip",
        {
            "network": {"vpcId": "vpc-1", "vswitcheList": ["vsw-1"]},
            "loadBalancer": {"apiServerPublicEip": True},
        },
        {
            "network": {"vpcId": "vpc-1", "vswitcheList": ["vsw-1"]},
            "loadBalancer": {"apiServerPublicEip": False},
        },
    ),
    (
        t("servicemesh/serviceMesh"),
        "loadBalancer.pilotPublicEipId",
        {
            "network": {"vpcId": "vpc-1", "vswitcheList": ["vsw-1"]},
            "loadBalancer": {"pilotPublicEipId": "eip-1"},
        },
        {
            "network": {"vpcId": "vpc-1", "vswitcheList": ["vsw-1"]},
            "loadBalancer": {"apiServerPublicEip": False},
        },
    ),
    (
        t("eventbridge/eventSourceV2"),
        "sourceHttpEventParameters.securityConfig",
        {
            "eventBusName": "retail",
            "sourceHttpEventParameters": {"type": "HTTPS", "methods": ["POST"], "securityConfig": "none"},
        },
        {
            "eventBusName": "retail",
            "sourceHttpEventParameters": {
                "type": "HTTPS",
                "methods": ["POST"],
                "securityConfig": "referer",
                "referers": ["www.example.com"],
            },
        },
    ),
    (
        t("apig/gateway"),
        "networkAccessConfig.type",
        {"gatewayType": "API", "networkAccessConfig": {"type": "InternetAndIntranet"}},
        {"gatewayType": "API", "networkAccessConfig": {"type": "Intranet"}},
    ),
    (
        t("hologram/instance"),
        "endpoints[].type",
        {"instanceType": "Standard", "endpoints": [{"type": "Intranet"}, {"type": "Internet"}]},
        {
            "instanceType": "Standard",
            "endpoints": [
                {"type": "Intranet"},
                {"type": "VPCSingleTunnel", "vpcId": "vpc-1", "vswitchId": "vsw-1"},
            ],
        },
    ),
    (
        "alicloud:index/openApiExplorerApiMcpServer:OpenApiExplorerApiMcpServer",
        "publicAccess",
        {"name": "ops", "publicAccess": "on"},
        {"name": "ops", "publicAccess": "off", "enableCustomVpcWhitelist": True, "vpcWhitelists": ["vpc-1"]},
    ),
    (
        t("message/serviceEndpoint"),
        "endpointEnabled",
        {"endpointType": "public", "endpointEnabled": True},
        {"endpointType": "public", "endpointEnabled": False},
    ),
    (
        t("ots/instance"),
        "networkTypeAcls",
        {"networkTypeAcls": ["VPC", "INTERNET"]},
        {"networkTypeAcls": ["VPC"], "networkSourceAcls": ["TRUST_PROXY"]},
    ),
    # Endpoint resources that say they are private.
    (
        t("rds/dbProxyPublic"),
        "dbProxyConnectionStringNetType",
        {"dbInstanceId": "rm-1", "dbProxyConnectionStringNetType": "Public"},
        {"dbInstanceId": "rm-1", "dbProxyConnectionStringNetType": "Private"},
    ),
    (
        t("polardb/endpointAddress"),
        "netType",
        {"dbClusterId": "pc-1", "netType": "Public"},
        {"dbClusterId": "pc-1", "netType": "Private"},
    ),
    (
        t("polardb/applicationEndpoint"),
        "netType",
        {"applicationId": "pa-1", "netType": "Public"},
        {"applicationId": "pa-1", "netType": "Private"},
    ),
    (
        t("lindorm/publicNetwork"),
        "enablePublicNetwork",
        {"instanceId": "ld-1", "engineType": "lindorm", "enablePublicNetwork": 1},
        {"instanceId": "ld-1", "engineType": "lindorm", "enablePublicNetwork": 0},
    ),
]
# The whole resource is the public endpoint: (type, props from the provider's example, a private resource of
# the same service that passes).
ENDPOINTS: list[tuple[str, dict[str, Any], tuple[str, dict[str, Any]]]] = [
    # The provider's Create always sends Enable true: the resource is the registry's internet endpoint.
    (
        t("cr/internetEndpoint"),
        {"instanceId": "cri-1", "entries": [{"entry": "203.0.113.0/24", "comment": "office"}]},
        (
            t("cr/vpcEndpointLinkedVpc"),
            {"instanceId": "cri-1", "vpcId": "vpc-1", "vswitchId": "vsw-1", "moduleName": "Registry"},
        ),
    ),
    (
        t("rds/connection"),
        {"instanceId": "rm-1", "connectionPrefix": "retail"},
        (t("rds/instance"), {"engine": "MySQL"}),
    ),
    (
        t("kvstore/connection"),
        {"instanceId": "r-1", "connectionStringPrefix": "retail", "port": "6379"},
        (t("kvstore/instance"), {"instanceType": "Redis"}),
    ),
    (
        t("gpdb/connection"),
        {"instanceId": "gp-1", "connectionPrefix": "retail"},
        (t("gpdb/instance"), {"engine": "gpdb"}),
    ),
    (
        t("adb/connection"),
        {"dbClusterId": "am-1", "connectionPrefix": "retail"},
        (t("adb/dBCluster"), {"dbClusterCategory": "Cluster"}),
    ),
    (
        t("mongodb/publicNetworkAddress"),
        {"dbInstanceId": "dds-1"},
        (t("mongodb/instance"), {"engineVersion": "4.4"}),
    ),
    (
        t("mongodb/shardingNetworkPublicAddress"),
        {"dbInstanceId": "dds-1", "nodeId": "s-1"},
        (t("mongodb/shardingInstance"), {"engineVersion": "4.4"}),
    ),
    (
        t("clickhouseenterprisedbcluster/publicEndpoint"),
        {"dbInstanceId": "cc-1", "netType": "Public", "connectionStringPrefix": "retail"},
        (t("clickhouseenterprisedbcluster/securityIp"), {"groupName": "g", "securityIpList": "10.0.0.0/8"}),
    ),
    (
        t("sae/loadBalancerInternet"),
        {"appId": "a", "internets": [{"protocol": "TCP", "port": 80, "targetPort": 8080}]},
        (
            t("sae/loadBalancerIntranet"),
            {"appId": "a", "intranets": [{"protocol": "TCP", "port": 80, "targetPort": 8080}]},
        ),
    ),
    (
        t("rds/dbInstanceEndpointAddress"),
        {
            "dbInstanceId": "rm-1",
            "dbInstanceEndpointId": "ep-1",
            "connectionStringPrefix": "retail",
            "port": "3306",
        },
        (
            t("rds/dbInstanceEndpoint"),
            {"dbInstanceId": "rm-1", "connectionStringPrefix": "retail-private", "port": "3306"},
        ),
    ),
    (
        t("vpc/ipv6InternetBandwidth"),
        {"ipv6AddressId": "ipv6-1", "ipv6GatewayId": "ipv6gw-1", "bandwidth": 20},
        (t("vpc/ipv6Address"), {"vswitchId": "vsw-1"}),
    ),
]


# The policy that judges each type's public endpoint: one per kind of service.
PUBLIC_POLICY: dict[str, str] = {
    t("kvstore/instance"): DB_PUB,
    t("cassandra/cluster"): DB_PUB,
    t("cassandra/dataCenter"): DB_PUB,
    t("clickhouse/dbCluster"): DB_PUB,
    t("elasticsearch/instance"): DB_PUB,
    t("selectdb/dbInstance"): DB_PUB,
    t("rds/aiInstance"): DB_PUB,
    t("hologram/instance"): DB_PUB,
    t("ots/instance"): DB_PUB,
    t("rds/dbProxyPublic"): DB_PUB,
    t("polardb/endpointAddress"): DB_PUB,
    t("polardb/applicationEndpoint"): DB_PUB,
    t("lindorm/publicNetwork"): DB_PUB,
    t("rds/connection"): DB_PUB,
    t("kvstore/connection"): DB_PUB,
    t("gpdb/connection"): DB_PUB,
    t("adb/connection"): DB_PUB,
    t("mongodb/publicNetworkAddress"): DB_PUB,
    t("mongodb/shardingNetworkPublicAddress"): DB_PUB,
    t("clickhouseenterprisedbcluster/publicEndpoint"): DB_PUB,
    t("rds/dbInstanceEndpointAddress"): DB_PUB,
    t("alikafka/instance"): MQ_PUB,
    t("amqp/instance"): MQ_PUB,
    t("rocketmq/rocketMQInstance"): MQ_PUB,
    t("message/serviceEndpoint"): MQ_PUB,
    t("eventbridge/eventSourceV2"): MQ_PUB,
    t("bastionhost/instance"): BASTION_PUB,
    t("yundun/bastionHostInstance"): BASTION_PUB,
    t("mse/cluster"): GW_PUB,
    t("mse/gateway"): GW_PUB,
    t("edas/k8sApplication"): GW_PUB,
    t("edas/k8sSlbAttachment"): GW_PUB,
    t("servicemesh/serviceMesh"): GW_PUB,
    t("apig/gateway"): GW_PUB,
    "alicloud:index/openApiExplorerApiMcpServer:OpenApiExplorerApiMcpServer": GW_PUB,
    t("sae/loadBalancerInternet"): GW_PUB,
    t("eci/virtualNode"): NODE_PUB,
    t("emr/cluster"): NODE_PUB,
    t("emrv2/cluster"): NODE_PUB,
    t("vpc/ipv6InternetBandwidth"): NODE_PUB,
    t("cr/internetEndpoint"): CR_PUB,
}


def endpoint_case_ids(type_: str) -> tuple[str, str]:
    short = type_.split(":")[1].replace("/", "-")
    return f"pub-{short}", f"pub-{short}-private-peer"


def switch_case_ids(type_: str, prop: str) -> tuple[str, str]:
    short = type_.split(":")[1].replace("/", "-")
    return f"pub-{short}-{prop}-open", f"pub-{short}-{prop}-closed"


def _public_cases() -> list[Case]:
    cases = []
    for type_, prop, exposing, private in SWITCHES:
        failing, passing = switch_case_ids(type_, prop)
        named = prop.split("[]")[0] if "[]" in prop else prop
        cases.append(bad(failing, PUBLIC_POLICY[type_], type_, exposing, named))
        cases.append(ok(passing, PUBLIC_POLICY[type_], type_, private))
    for type_, props, (peer_type, peer_props) in ENDPOINTS:
        failing, passing = endpoint_case_ids(type_)
        cases.append(bad(failing, PUBLIC_POLICY[type_], type_, props, "this creates"))
        cases.append(ok(passing, PUBLIC_POLICY[type_], peer_type, peer_props))
    return cases


FC_V3 = t("fc/v3Trigger")
HTTP_CONFIG = {"methods": ["GET", "POST", "PUT", "DELETE"], "authType": "anonymous"}
FUNCTION_TRIGGERS = [
    # The provider's own test trigger config (anonymous, disableURLInternet false).
    bad(
        "fc-v3-http-internet",
        FC_PUB,
        FC_V3,
        {
            "functionName": "f",
            "triggerType": "http",
            "triggerName": "h",
            "triggerConfig": json.dumps({**HTTP_CONFIG, "disableURLInternet": False}),
        },
        "disableURLInternet",
    ),
    bad(
        "fc-v3-http-default",
        FC_PUB,
        FC_V3,
        {
            "functionName": "f",
            "triggerType": "http",
            "triggerName": "h",
            "triggerConfig": json.dumps({**HTTP_CONFIG, "authType": "function"}),
        },
        "disableURLInternet",
    ),
    ok(
        "fc-v3-http-intranet",
        FC_PUB,
        FC_V3,
        {
            "functionName": "f",
            "triggerType": "http",
            "triggerName": "h",
            "triggerConfig": json.dumps({**HTTP_CONFIG, "disableURLInternet": True}),
        },
    ),
    ok(
        "fc-v3-timer",
        FC_PUB,
        FC_V3,
        {
            "functionName": "f",
            "triggerType": "timer",
            "triggerName": "t",
            "triggerConfig": json.dumps({"cronExpression": "@every 5m", "enable": True}),
        },
    ),
    bad(
        "fc-v2-http",
        FC_PUB,
        t("fc/trigger"),
        {
            "service": "s",
            "function": "f",
            "type": "http",
            "config": json.dumps({"authType": "function", "methods": ["GET"]}),
        },
        "type http",
    ),
    ok(
        "fc-v2-timer",
        FC_PUB,
        t("fc/trigger"),
        {
            "service": "s",
            "function": "f",
            "type": "timer",
            "config": json.dumps({"payload": "", "cronExpression": "0 */5 * * * *", "enable": True}),
        },
    ),
]

# Custom domains publish functions on an internet hostname (the provider's examples); the safe twin is the FC
# 3.0 HTTP trigger with disableURLInternet above, called from the VPC.
FUNCTION_TRIGGERS += [
    bad(
        "fc-v3-custom-domain",
        FC_PUB,
        t("fc/v3CustomDomain"),
        {
            "customDomainName": "api.example.com",
            "protocol": "HTTP",
            "authConfig": {"authType": "anonymous"},
            "routeConfig": {"routes": [{"functionName": "f", "path": "/*", "methods": ["GET"]}]},
        },
        "custom domain",
    ),
    bad(
        "fc-v2-custom-domain",
        FC_PUB,
        t("fc/customDomain"),
        {
            "domainName": "api.example.com",
            "protocol": "HTTP",
            "routeConfigs": [{"path": "/login/*", "serviceName": "s", "functionName": "f"}],
        },
        "custom domain",
    ),
]

PUBLIC_EXTRAS = [
    ok(
        "pub-eci-virtual-node-empty-eip",
        NODE_PUB,
        t("eci/virtualNode"),
        {"eipInstanceId": "", "vswitchId": "vsw-1"},
    ),
    # Tablestore: the provider sends NetworkTypeACL [VPC, CLASSIC, INTERNET] when networkTypeAcls is left out.
    bad("pub-ots-default-acls", DB_PUB, t("ots/instance"), {"instanceType": "Capacity"}, "networkTypeAcls"),
    ok("pub-ots-vpc-only-legacy", DB_PUB, t("ots/instance"), {"accessedBy": "Vpc"}),
    bad(
        "pub-rocketmq-internet-uppercase",
        MQ_PUB,
        t("rocketmq/rocketMQInstance"),
        {"networkInfo": {"internetInfo": {"internetSpec": "ENABLE"}}},
        "networkInfo.internetInfo.internetSpec",
    ),
    ok("pub-kafka-vpc-string", MQ_PUB, t("alikafka/instance"), {"deployType": "5"}),
    ok("pub-mse-private-default-flow", GW_PUB, t("mse/cluster"), {"netType": "privatenet"}),
]

# --- compute public IPs ---------------------------------------------------------------------------------------
COMPUTE = [
    (
        t("ecs/instance"),
        "internetMaxBandwidthOut",
        {"internetMaxBandwidthOut": 10},
        {"internetMaxBandwidthOut": 0, "vswitchId": "vsw-1"},
    ),
    (t("ecs/instance"), "allocatePublicIp", {"allocatePublicIp": True}, {"allocatePublicIp": False}),
    (
        t("ecs/ecsLaunchTemplate"),
        "internetMaxBandwidthOut",
        {"internetMaxBandwidthOut": 5},
        {"internetMaxBandwidthOut": 0},
    ),
    (
        t("ecs/launchTemplate"),
        "internetMaxBandwidthOut",
        {"internetMaxBandwidthOut": 5},
        {"internetMaxBandwidthIn": 10},
    ),
    (
        t("ess/scalingConfiguration"),
        "internetMaxBandwidthOut",
        {"scalingGroupId": "asg-1", "internetMaxBandwidthOut": 1},
        {"scalingGroupId": "asg-1", "internetMaxBandwidthOut": 0},
    ),
    (
        t("cs/nodePool"),
        "internetMaxBandwidthOut",
        {"clusterId": "c", "internetMaxBandwidthOut": 5},
        {"clusterId": "c"},
    ),
    (
        t("cs/nodePool"),
        "scalingConfig.isBondEip",
        {"clusterId": "c", "scalingConfig": {"isBondEip": True, "eipBandwidth": 5}},
        {"clusterId": "c", "scalingConfig": {"isBondEip": False}},
    ),
    (
        t("eci/containerGroup"),
        "autoCreateEip",
        {"autoCreateEip": True, "eipBandwidth": 5},
        {"autoCreateEip": False},
    ),
    (t("eci/containerGroup"), "eipInstanceId", {"eipInstanceId": "eip-1"}, {"vswitchId": "vsw-1"}),
    (
        t("ess/eciScalingConfiguration"),
        "autoCreateEip",
        {"scalingGroupId": "asg-1", "autoCreateEip": True},
        {"scalingGroupId": "asg-1", "autoCreateEip": False},
    ),
    (
        t("ecs/ecsInstanceSet"),
        "internetMaxBandwidthOut",
        {"amount": 2, "internetMaxBandwidthOut": 10},
        {"amount": 2, "internetMaxBandwidthOut": 0},
    ),
    (
        t("ecs/ecsImagePipeline"),
        "internetMaxBandwidthOut",
        {"baseImageType": "IMAGE", "internetMaxBandwidthOut": 20},
        {"baseImageType": "IMAGE", "vswitchId": "vsw-1"},
    ),
    (
        t("rds/custom"),
        "internetMaxBandwidthOut",
        {"instanceType": "mysql.x2.xlarge.6cm", "internetMaxBandwidthOut": 5},
        {"instanceType": "mysql.x2.xlarge.6cm"},
    ),
    (
        t("cddc/dedicatedPropreHost"),
        "internetMaxBandwidthOut",
        {"engine": "mysql", "internetMaxBandwidthOut": 5},
        {"engine": "mysql", "internetMaxBandwidthOut": 0},
    ),
    (
        t("ens/instance"),
        "internetMaxBandwidthOut",
        {"publicIpIdentification": False, "internetMaxBandwidthOut": 10},
        {"publicIpIdentification": False, "internetMaxBandwidthOut": 0},
    ),
    (
        t("ens/instance"),
        "publicIpIdentification",
        {"publicIpIdentification": True},
        {"publicIpIdentification": False},
    ),
]


def compute_case_ids(type_: str, prop: str) -> tuple[str, str]:
    short = type_.split(":")[1].replace("/", "-")
    return f"ip-{short}-{prop}", f"ip-{short}-{prop}-private"


def _compute_cases() -> list[Case]:
    cases = []
    for type_, prop, exposing, private in COMPUTE:
        failing, passing = compute_case_ids(type_, prop)
        cases.append(bad(failing, IP, type_, exposing, prop.split(".")[-1]))
        cases.append(ok(passing, IP, type_, private))
    return cases


COMPUTE_EXTRAS = [
    bad(
        "ip-ens-default-public",
        IP,
        t("ens/instance"),
        {"instanceType": "ens.sn1.stiny"},
        "publicIpIdentification",
    )
]

# --- security groups ------------------------------------------------------------------------------------------
SG_RULE = t("ecs/securityGroupRule")
ENS_SG = t("ens/securityGroup")
RULE = {
    "securityGroupId": "sg-1",
    "type": "ingress",
    "ipProtocol": "tcp",
    "portRange": "443/443",
    "policy": "accept",
}
SECURITY_GROUPS = [
    bad("sg-cidr-world", SG, SG_RULE, {**RULE, "cidrIp": "0.0.0.0/0"}, "cidrIp"),
    ok("sg-cidr-vpc", SG, SG_RULE, {**RULE, "cidrIp": "10.0.0.0/8"}),
    bad("sg-ipv6-world", SG, SG_RULE, {**RULE, "ipv6CidrIp": "::/0"}, "ipv6CidrIp"),
    ok("sg-ipv6-private", SG, SG_RULE, {**RULE, "ipv6CidrIp": "fd00::/8"}),
    bad(
        "sg-ens-permission-world",
        SG,
        ENS_SG,
        {
            "permissions": [
                {
                    "direction": "ingress",
                    "ipProtocol": "TCP",
                    "portRange": "22/22",
                    "policy": "accept",
                    "sourceCidrIp": "0.0.0.0/0",
                    "priority": 1,
                }
            ]
        },
        "permissions[0].sourceCidrIp",
    ),
    ok(
        "sg-ens-permission-egress",
        SG,
        ENS_SG,
        {
            "permissions": [
                {
                    "direction": "egress",
                    "ipProtocol": "ALL",
                    "portRange": "-1/-1",
                    "policy": "accept",
                    "destCidrIp": "0.0.0.0/0",
                    "sourceCidrIp": "0.0.0.0/0",
                }
            ]
        },
    ),
    bad(
        "sg-ens-permission-ipv6-world",
        SG,
        ENS_SG,
        {
            "permissions": [
                {
                    "direction": "ingress",
                    "ipProtocol": "TCP",
                    "portRange": "443/443",
                    "policy": "accept",
                    "ipv6SourceCidrIp": "::/0",
                }
            ]
        },
        "permissions[0].ipv6SourceCidrIp",
    ),
    ok(
        "sg-ens-permission-vpc",
        SG,
        ENS_SG,
        {
            "permissions": [
                {
                    "direction": "ingress",
                    "ipProtocol": "TCP",
                    "portRange": "443/443",
                    "policy": "accept",
                    "sourceCidrIp": "10.0.0.0/8",
                    "ipv6SourceCidrIp": "fd00::/8",
                }
            ]
        },
    ),
]

# --- load balancers, API servers, DNAT, logstores, EAS ---------------------------------------------------------
CLB = t("slb/loadBalancer")
ALB = t("alb/loadBalancer")
NLB = t("nlb/loadBalancer")
ZONES = [{"zoneId": "cn-hangzhou-h", "vswitchId": "vsw-1"}, {"zoneId": "cn-hangzhou-i", "vswitchId": "vsw-2"}]
OTHERS = [
    bad("lb-clb-internet", LB, CLB, {"addressType": "internet"}, "addressType"),
    ok("lb-clb-intranet", LB, CLB, {"addressType": "intranet", "vswitchId": "vsw-1"}),
    bad(
        "lb-clb-app-internet",
        LB,
        t("slb/applicationLoadBalancer"),
        {"addressType": "internet"},
        "addressType",
    ),
    ok(
        "lb-clb-app-intranet",
        LB,
        t("slb/applicationLoadBalancer"),
        {"addressType": "intranet", "vswitchId": "vsw-1"},
    ),
    bad(
        "lb-alb-internet",
        LB,
        ALB,
        {"addressType": "Internet", "vpcId": "vpc-1", "zoneMappings": ZONES},
        "addressType",
    ),
    ok("lb-alb-intranet", LB, ALB, {"addressType": "Intranet", "vpcId": "vpc-1", "zoneMappings": ZONES}),
    bad(
        "lb-alb-ipv6-internet",
        LB,
        ALB,
        {"addressType": "Intranet", "addressIpVersion": "DualStack", "ipv6AddressType": "Internet"},
        "ipv6AddressType",
    ),
    ok(
        "lb-alb-ipv6-intranet",
        LB,
        ALB,
        {"addressType": "Intranet", "addressIpVersion": "DualStack", "ipv6AddressType": "Intranet"},
    ),
    bad(
        "lb-alb-zone-eip",
        LB,
        ALB,
        {"addressType": "Intranet", "zoneMappings": [{**ZONES[0], "eipType": "Common"}]},
        "zoneMappings[0]",
    ),
    bad(
        "lb-alb-zone-allocation",
        LB,
        ALB,
        {"addressType": "Intranet", "zoneMappings": [{**ZONES[0], "allocationId": "eip-1"}]},
        "zoneMappings[0]",
    ),
    bad(
        "lb-nlb-internet",
        LB,
        NLB,
        {"addressType": "Internet", "vpcId": "vpc-1", "zoneMappings": ZONES},
        "addressType",
    ),
    ok("lb-nlb-intranet", LB, NLB, {"addressType": "Intranet", "vpcId": "vpc-1", "zoneMappings": ZONES}),
    bad(
        "lb-nlb-ipv6-internet",
        LB,
        NLB,
        {"addressType": "Intranet", "addressIpVersion": "DualStack", "ipv6AddressType": "Internet"},
        "ipv6AddressType",
    ),
    ok(
        "lb-nlb-ipv6-intranet",
        LB,
        NLB,
        {"addressType": "Intranet", "addressIpVersion": "DualStack", "ipv6AddressType": "Intranet"},
    ),
    bad(
        "lb-nlb-zone-allocation",
        LB,
        NLB,
        {"addressType": "Intranet", "zoneMappings": [{**ZONES[0], "allocationId": "eip-1"}]},
        "zoneMappings[0]",
    ),
    bad(
        "api-managed-public",
        API,
        t("cs/managedKubernetes"),
        {"slbInternetEnabled": True},
        "slbInternetEnabled",
    ),
    ok("api-managed-private", API, t("cs/managedKubernetes"), {"slbInternetEnabled": False}),
    bad(
        "api-dedicated-default",
        API,
        t("cs/kubernetes"),
        {"masterVswitchIds": ["vsw-1"]},
        "slbInternetEnabled",
    ),
    ok(
        "api-dedicated-private", API, t("cs/kubernetes"), {"slbInternetEnabled": False, "newNatGateway": True}
    ),
    bad(
        "api-edge-default", API, t("cs/edgeKubernetes"), {"workerVswitchIds": ["vsw-1"]}, "slbInternetEnabled"
    ),
    ok("api-edge-private", API, t("cs/edgeKubernetes"), {"slbInternetEnabled": False}),
    bad(
        "api-serverless-public",
        API,
        t("cs/serverlessKubernetes"),
        {"endpointPublicAccessEnabled": True},
        "endpointPublicAccessEnabled",
    ),
    ok("api-serverless-private", API, t("cs/serverlessKubernetes"), {"endpointPublicAccessEnabled": False}),
    ok("api-serverless-default", API, t("cs/serverlessKubernetes"), {"vpcId": "vpc-1"}),
    bad(
        "web-tracking-on",
        WEB,
        t("log/store"),
        {"projectName": "p", "name": "clicks", "enableWebTracking": True},
        "enableWebTracking",
    ),
    ok(
        "web-tracking-off",
        WEB,
        t("log/store"),
        {"projectName": "p", "name": "clicks", "enableWebTracking": False},
    ),
    bad(
        "eas-shared-gateway",
        EAS,
        t("pai/service"),
        {"serviceConfig": {"metadata": {"name": "ranker", "instance": 1}}},
        "networking.gateway",
    ),
    ok(
        "eas-dedicated-gateway",
        EAS,
        t("pai/service"),
        {"serviceConfig": {"metadata": {"name": "ranker", "instance": 1}, "networking": {"gateway": "gw-1"}}},
    ),
]

CASES: list[Case] = [
    *_whitelist_cases(),
    *WHITELIST_EXTRAS,
    *_public_cases(),
    *PUBLIC_EXTRAS,
    *FUNCTION_TRIGGERS,
    *_compute_cases(),
    *COMPUTE_EXTRAS,
    *SECURITY_GROUPS,
    *OTHERS,
]

# --- stack policies: (id, policy, resources, offending resource names) and the property each message names ----
VPC_PREFIX = t("vpc/prefixList")
ECS_PREFIX = t("ecs/ecsPrefixList")
ENS_EIP = t("ens/eipInstanceAttachment")
ASSOC = t("ecs/eipAssociation")


def _prefix(kind: str, name: str, cidr: str) -> dict[str, Any]:
    key = "entrys" if kind == VPC_PREFIX else "entries"
    return {
        "type": kind,
        "name": name,
        "props": {"prefixListName": name, "ipVersion": "IPV4", key: [{"cidr": "10.0.0.0/8"}, {"cidr": cidr}]},
    }


def _rule(name: str, prefix: str, **props: Any) -> dict[str, Any]:
    base = {
        "securityGroupId": "sg-1",
        "type": "ingress",
        "ipProtocol": "tcp",
        "portRange": "443/443",
        "policy": "accept",
    }
    return {
        "type": SG_RULE,
        "name": name,
        "props": {**base, "prefixListId": "pl-unknown", **props},
        "deps": {"prefixListId": [urn(_kind(prefix), prefix)]},
    }


def _kind(name: str) -> str:
    return VPC_PREFIX if name.startswith("vpc") else ECS_PREFIX


NAT = t("vpc/natGateway")
FORWARD = t("vpc/forwardEntry")
DNAT_ENTRY = {"externalPort": "443", "internalIp": "10.0.0.5", "internalPort": "443", "ipProtocol": "tcp"}


def _nat(name: str, **props: Any) -> dict[str, Any]:
    return {"type": NAT, "name": name, "props": {"vpcId": "vpc-1", "natType": "Enhanced", **props}}


def _forward(name: str, deps: dict[str, list[str]] | None = None, **props: Any) -> dict[str, Any]:
    """A DNAT entry; ``deps`` maps a property to the names of the stack's resources it was built from."""
    found = {"forwardTableId": UNKNOWN, "externalIp": UNKNOWN, **DNAT_ENTRY, **props}
    return {"type": FORWARD, "name": name, "props": found, "deps": deps or {}}


def _deps(**by_prop: tuple[str, str]) -> dict[str, list[str]]:
    return {key: [urn(kind, name)] for key, (kind, name) in by_prop.items()}


def _sag(name: str, kind: str, module: str = "sag") -> dict[str, Any]:
    props = {"sagId": "sag-1", "type": kind, "ipProtocol": "tcp", "externalIp": "1.1.1.1"}
    props |= {"externalPort": "1", "internalIp": "192.168.7.1", "internalPort": "20"}
    return {"type": t(f"{module}/dnatEntry"), "name": name, "props": props}


# The NAT gateway and the EIP are the program's own: their IDs and addresses are unknown during a real preview,
# so the entry's side is read from what its inputs were built from.
DNAT_STACK_CASES = [
    StackCase(
        "dnat-internet-nat-by-reference",
        DNAT,
        [_nat("egress", networkType="internet"), _forward("web", _deps(forwardTableId=(NAT, "egress")))],
        ["web"],
        "internet NAT gateway",
    ),
    StackCase(
        "dnat-default-nat-by-reference",
        DNAT,
        [_nat("egress"), _forward("web", _deps(forwardTableId=(NAT, "egress")))],
        ["web"],
        "internet NAT gateway",
    ),
    StackCase(
        "dnat-intranet-nat-by-reference",
        DNAT,
        [_nat("transit", networkType="intranet"), _forward("db", _deps(forwardTableId=(NAT, "transit")))],
        [],
    ),
    StackCase(
        "dnat-eip-by-reference",
        DNAT,
        [
            {"type": t("ecs/eipAddress"), "name": "ip", "props": {"bandwidth": "5"}},
            _forward("web", _deps(externalIp=(t("ecs/eipAddress"), "ip")), forwardTableId="ftb-1"),
        ],
        ["web"],
        "externalIp",
    ),
    StackCase(
        "dnat-nat-ip-by-reference",
        DNAT,
        [
            {
                "type": t("vpc/natIp"),
                "name": "nat-ip",
                "props": {"natGatewayId": UNKNOWN, "natIpCidr": "10.1.0.0/24"},
            },
            _forward("db", _deps(externalIp=(t("vpc/natIp"), "nat-ip")), forwardTableId="ftb-1"),
        ],
        [],
    ),
    # A NAT gateway outside the stack: the external address says which kind it is.
    StackCase(
        "dnat-public-address",
        DNAT,
        [_forward("web", forwardTableId="ftb-1", externalIp="47.1.1.1")],
        ["web"],
        "47.1.1.1",
    ),
    StackCase(
        "dnat-private-address", DNAT, [_forward("db", forwardTableId="ftb-1", externalIp="10.1.0.10")], []
    ),
    StackCase(
        "dnat-unknown-address",
        DNAT,
        [_forward("web", forwardTableId="ftb-1")],
        ["web"],
        "externalIp",
    ),
    StackCase(
        "dnat-nat-type-unknown",
        DNAT,
        [_nat("egress", networkType=UNKNOWN), _forward("web", _deps(forwardTableId=(NAT, "egress")))],
        ["web"],
        "networkType",
    ),
    StackCase("dnat-sag-internet", DNAT, [_sag("a", "Internet")], ["a"], "externalIp"),
    StackCase("dnat-sag-intranet", DNAT, [_sag("a", "Intranet")], []),
    StackCase("dnat-sag-legacy-internet", DNAT, [_sag("a", "Internet", "rocketmq")], ["a"], "externalIp"),
    StackCase("dnat-sag-legacy-intranet", DNAT, [_sag("a", "Intranet", "rocketmq")], []),
    StackCase(
        "dnat-snat-egress",
        DNAT,
        [
            {
                "type": t("vpc/snatEntry"),
                "name": "out",
                "props": {"snatTableId": "stb-1", "snatIp": "47.1.1.1"},
            }
        ],
        [],
    ),
]

STACK_CASES: list[StackCase] = [
    StackCase(
        "pl-vpc-world",
        PL,
        [_prefix(VPC_PREFIX, "vpc-list", "0.0.0.0/0"), _rule("https", "vpc-list")],
        ["https"],
        property="entrys[1].cidr",
    ),
    StackCase(
        "pl-vpc-private",
        PL,
        [_prefix(VPC_PREFIX, "vpc-list", "192.168.0.0/16"), _rule("https", "vpc-list")],
        [],
    ),
    StackCase(
        "pl-ecs-world",
        PL,
        [_prefix(ECS_PREFIX, "ecs-list", "0.0.0.0/0"), _rule("https", "ecs-list")],
        ["https"],
        property="entries[1].cidr",
    ),
    StackCase(
        "pl-ecs-private",
        PL,
        [_prefix(ECS_PREFIX, "ecs-list", "172.16.0.0/12"), _rule("https", "ecs-list")],
        [],
    ),
    # A 0.0.0.0/0 prefix list used for egress (or not used by any rule) opens nothing.
    StackCase(
        "pl-world-egress",
        PL,
        [_prefix(VPC_PREFIX, "vpc-list", "0.0.0.0/0"), _rule("out", "vpc-list", type="egress")],
        [],
    ),
    StackCase(
        "pl-vpc-unknown-entries",
        PL,
        [
            {
                "type": VPC_PREFIX,
                "name": "vpc-list",
                "props": {"prefixListName": "vpc-list", "entrys": UNKNOWN},
            },
            _rule("https", "vpc-list"),
        ],
        ["https"],
        property="entrys",
    ),
    StackCase("pl-world-unused", PL, [_prefix(VPC_PREFIX, "vpc-list", "0.0.0.0/0")], []),
    StackCase(
        "eip-ens-instance",
        EIP,
        [
            {
                "type": ENS_EIP,
                "name": "a",
                "props": {"allocationId": "eip-1", "instanceId": "i-1", "instanceType": "EnsInstance"},
            }
        ],
        ["a"],
        property="instanceType",
    ),
    StackCase(
        "eip-ens-default",
        EIP,
        [{"type": ENS_EIP, "name": "a", "props": {"allocationId": "eip-1", "instanceId": "i-1"}}],
        ["a"],
        property="instanceType",
    ),
    StackCase(
        "eip-ens-nat",
        EIP,
        [
            {
                "type": ENS_EIP,
                "name": "a",
                "props": {"allocationId": "eip-1", "instanceId": "nat-1", "instanceType": "Nat"},
            }
        ],
        [],
    ),
    StackCase(
        "eip-assoc-ecs",
        EIP,
        [
            {
                "type": ASSOC,
                "name": "a",
                "props": {"allocationId": "eip-1", "instanceId": "i-1", "instanceType": "EcsInstance"},
            }
        ],
        ["a"],
        property="instanceType",
    ),
    StackCase(
        "eip-assoc-nat",
        EIP,
        [
            {
                "type": ASSOC,
                "name": "a",
                "props": {"allocationId": "eip-1", "instanceId": "ngw-1", "instanceType": "Nat"},
            }
        ],
        [],
    ),
    StackCase(
        "eip-assoc-ngw-id",
        EIP,
        [{"type": ASSOC, "name": "a", "props": {"allocationId": "eip-1", "instanceId": "ngw-1"}}],
        [],
    ),
    StackCase(
        "eip-assoc-eni-id",
        EIP,
        [{"type": ASSOC, "name": "a", "props": {"allocationId": "eip-1", "instanceId": "eni-1"}}],
        ["a"],
        property="instanceId",
    ),
    StackCase(
        "eip-anycast",
        EIP,
        [
            {
                "type": t("eipanycast/anycastEipAddressAttachment"),
                "name": "a",
                "props": {"anycastId": "aeip-1", "bindInstanceId": "lb-1", "bindInstanceType": "SlbInstance"},
            }
        ],
        ["a"],
        property="anycast",
    ),
]
STACK_CASES += DNAT_STACK_CASES


# --- paths into the VPC that are not a public IP ----------------------------------------------------------------
SSL = "vpn-gateway-ssl-vpn-denied"
GA = "ga-accelerator-internet-entry-denied"
APIGW = "apigateway-api-anonymous-vpc-backend-denied"
PRODUCT = "alicloud-internet-facing-product-denied"
VPN_GATEWAY = {"vpcId": "vpc-1", "bandwidth": 10, "vpnType": "Normal", "paymentType": "PayAsYouGo"}


def _ga_group(endpoint: dict[str, Any]) -> dict[str, Any]:
    return {
        "acceleratorId": "ga-1",
        "listenerId": "lsr-1",
        "endpointGroupRegion": "cn-hangzhou",
        "endpointConfigurations": [{"weight": 100, **endpoint}],
    }


CASES += [
    # SSL-VPN admits remote clients into the VPC; IPsec site-to-site tunnels are the reviewed company network.
    bad(
        "ssl-vpn-gateway",
        SSL,
        t("vpn/gateway"),
        {**VPN_GATEWAY, "enableSsl": True, "enableIpsec": True},
        "enableSsl",
    ),
    ok(
        "ssl-vpn-gateway-ipsec-only",
        SSL,
        t("vpn/gateway"),
        {**VPN_GATEWAY, "enableSsl": False, "enableIpsec": True},
    ),
    bad(
        "ssl-vpn-server",
        SSL,
        t("vpn/sslVpnServer"),
        {
            "vpnGatewayId": "vpn-1",
            "clientIpPool": "192.168.0.0/16",
            "localSubnet": "10.0.0.0/8",
            "protocol": "UDP",
        },
        "localSubnet",
    ),
    bad("ssl-vpn-client-cert", SSL, t("vpn/sslVpnClientCert"), {"sslVpnServerId": "vss-1"}, "sslVpnServerId"),
    ok(
        "ssl-vpn-ipsec-connection",
        SSL,
        t("vpn/connection"),
        {"vpnGatewayId": "vpn-1", "customerGatewayId": "cgw-1", "localSubnets": ["10.0.0.0/8"]},
    ),
    # Global Accelerator: every acceleration address is on the internet; a private endpoint behind it is published.
    bad(
        "ga-endpoint-group-slb",
        GA,
        t("ga/endpointGroup"),
        _ga_group({"type": "SLB", "endpoint": "lb-1"}),
        "endpointConfigurations[0]",
    ),
    bad(
        "ga-endpoint-group-private-ip",
        GA,
        t("ga/endpointGroup"),
        _ga_group({"type": "Ip", "endpoint": "10.0.0.5"}),
        "endpointConfigurations[0]",
    ),
    ok(
        "ga-endpoint-group-weight-zero",
        GA,
        t("ga/endpointGroup"),
        _ga_group({"type": "SLB", "endpoint": "lb-1", "weight": 0}),
    ),
    ok(
        "ga-endpoint-group-public-domain",
        GA,
        t("ga/endpointGroup"),
        _ga_group({"type": "Domain", "endpoint": "www.example.com"}),
    ),
    bad(
        "ga-basic-endpoint-eni",
        GA,
        t("ga/basicEndpoint"),
        {
            "acceleratorId": "ga-1",
            "endpointGroupId": "epg-1",
            "endpointType": "ENI",
            "endpointAddress": "eni-1",
        },
        "endpointType",
    ),
    bad(
        "ga-basic-endpoint-group-ecs",
        GA,
        t("ga/basicEndpointGroup"),
        {
            "acceleratorId": "ga-1",
            "endpointGroupRegion": "cn-hangzhou",
            "endpointType": "ECS",
            "endpointAddress": "i-1",
        },
        "endpointType",
    ),
    ok(
        "ga-basic-endpoint-group-empty",
        GA,
        t("ga/basicEndpointGroup"),
        {"acceleratorId": "ga-1", "endpointGroupRegion": "cn-hangzhou"},
    ),
    bad(
        "ga-custom-routing-allow-all",
        GA,
        t("ga/customRoutingEndpoint"),
        {
            "endpointGroupId": "epg-1",
            "endpoint": "vsw-1",
            "type": "PrivateSubNet",
            "trafficToEndpointPolicy": "AllowAll",
        },
        "trafficToEndpointPolicy",
    ),
    ok(
        "ga-custom-routing-deny-all",
        GA,
        t("ga/customRoutingEndpoint"),
        {"endpointGroupId": "epg-1", "endpoint": "vsw-1", "type": "PrivateSubNet"},
    ),
    # Products that are internet-facing by design, refused by type; an ECS instance without a public IP passes.
    bad(
        "simple-application-server",
        PRODUCT,
        t("simpleapplicationserver/instance"),
        {"planId": "swas.s.c2m1s30b1.linux", "imageId": "e1c02f3d-c1ef-4b2b-a4e4-0c1e3e3bb3d0", "period": 1},
        "Simple Application Server",
    ),
    ok(
        "ecs-instance-in-vpc",
        PRODUCT,
        t("ecs/instance"),
        {"vswitchId": "vsw-1", "instanceType": "ecs.g7.large"},
    ),
]

API = t("apigateway/api")
BACKEND = t("apigateway/backend")


def _api(name: str, auth: str, deps: dict[str, list[str]] | None = None, **props: Any) -> dict[str, Any]:
    base = {"groupId": "grp-1", "name": name, "description": "d", "authType": auth}
    base["requestConfig"] = {"protocol": "HTTPS", "method": "GET", "path": "/items", "mode": "MAPPING"}
    return {"type": API, "name": name, "props": {**base, **props}, "deps": deps or {}}


VPC_SERVICE = {
    "serviceType": "HTTP-VPC",
    "httpVpcServiceConfig": {"name": "vpc-access", "method": "GET", "path": "/items", "timeout": 10},
}
STACK_CASES += [
    StackCase(
        "api-anonymous-vpc",
        APIGW,
        [_api("items", "ANONYMOUS", **VPC_SERVICE)],
        ["items"],
        "authType is ANONYMOUS",
    ),
    StackCase("api-app-vpc", APIGW, [_api("items", "APP", **VPC_SERVICE)], []),
    StackCase(
        "api-anonymous-documented-vpc",
        APIGW,
        [_api("items", "ANONYMOUS", serviceType="VPC")],
        ["items"],
        "serviceType VPC",
    ),
    StackCase(
        "api-anonymous-private-address",
        APIGW,
        [
            _api(
                "items",
                "ANONYMOUS",
                serviceType="HTTP",
                httpServiceConfig={"address": "http://10.0.0.5:8080", "method": "GET", "path": "/"},
            )
        ],
        ["items"],
        "httpServiceConfig.address",
    ),
    StackCase(
        "api-anonymous-public-address",
        APIGW,
        [
            _api(
                "items",
                "ANONYMOUS",
                serviceType="HTTP",
                httpServiceConfig={"address": "https://api.example.com", "method": "GET", "path": "/"},
            )
        ],
        [],
    ),
    StackCase(
        "api-anonymous-mock",
        APIGW,
        [_api("items", "ANONYMOUS", serviceType="MOCK", mockServiceConfig={"result": "ok"})],
        [],
    ),
    # The backend is the program's own: its ID is unknown during a real preview, its type is read by reference.
    StackCase(
        "api-anonymous-vpc-backend-by-reference",
        APIGW,
        [
            {"type": BACKEND, "name": "vpc-backend", "props": {"backendName": "b", "backendType": "VPC"}},
            _api(
                "items",
                "ANONYMOUS",
                {"backendId": [urn(BACKEND, "vpc-backend")]},
                serviceType="MOCK",
                backendEnabled=True,
                backendId=UNKNOWN,
            ),
        ],
        ["items"],
        "backendId",
    ),
    StackCase(
        "api-anonymous-http-backend-by-reference",
        APIGW,
        [
            {"type": BACKEND, "name": "http-backend", "props": {"backendName": "b", "backendType": "HTTP"}},
            _api(
                "items",
                "ANONYMOUS",
                {"backendId": [urn(BACKEND, "http-backend")]},
                serviceType="MOCK",
                backendEnabled=True,
                backendId=UNKNOWN,
            ),
        ],
        [],
    ),
    StackCase(
        "api-anonymous-backend-outside-stack",
        APIGW,
        [_api("items", "ANONYMOUS", serviceType="MOCK", backendEnabled=True, backendId="bk-123")],
        ["items"],
        "backendId",
    ),
    StackCase("api-auth-unknown-vpc", APIGW, [_api("items", UNKNOWN, **VPC_SERVICE)], ["items"], "authType"),
]
