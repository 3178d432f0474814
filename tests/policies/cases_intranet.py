"""Intranet-only cases: every row of inventory/intranet.yaml, failing and passing.

Inputs follow the provider's docs and examples (the SDK docstrings of each resource: value sets, list or
comma-string shapes, named groups). A failing case names the property its message must mention. The compliant
set-ups the platform relies on (intranet load balancers, NAT egress, private endpoints, VPC-only whitelists)
are passing cases here too.
"""

from __future__ import annotations

import json
from typing import Any

from _harness import UNKNOWN, Case, StackCase, urn

SG = "ecs-security-group-no-internet-ingress"
PL = "ecs-security-group-prefix-list-no-internet"
IP = "ecs-instance-no-public-ip"
EIP = "ecs-eip-nat-gateway-only"
DNAT = "vpc-nat-gateway-no-dnat"
LB = "slb-load-balancer-intranet-only"
API = "ack-cluster-api-server-private"
WL = "db-ip-whitelist-no-internet"
PUB = "db-public-endpoint-denied"
WEB = "sls-logstore-no-web-tracking"
EAS = "pai-eas-service-intranet-only"


def t(short: str) -> str:
    """The engine token of a short "module/resource" name (alicloud:module/resource:Resource)."""
    module, resource = short.split("/")
    return f"alicloud:{module}/{resource}:{resource[0].upper()}{resource[1:]}"


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
        t("cr/namespace"),
        "defaultVisibility",
        {"defaultVisibility": "PUBLIC", "autoCreate": False},
        {"defaultVisibility": "PRIVATE", "autoCreate": False},
    ),
    (
        t("cr/repo"),
        "repoType",
        {"namespace": "retail", "repoType": "PUBLIC"},
        {"namespace": "retail", "repoType": "PRIVATE"},
    ),
    (
        t("cs/registryEnterpriseNamespace"),
        "defaultVisibility",
        {"instanceId": "cri-1", "defaultVisibility": "PUBLIC"},
        {"instanceId": "cri-1", "defaultVisibility": "PRIVATE"},
    ),
    (
        t("cs/registryEnterpriseRepo"),
        "repoType",
        {"instanceId": "cri-1", "repoType": "PUBLIC"},
        {"instanceId": "cri-1", "repoType": "PRIVATE"},
    ),
    (
        t("cr/chartNamespace"),
        "defaultRepoType",
        {"instanceId": "cri-1", "defaultRepoType": "PUBLIC"},
        {"instanceId": "cri-1", "defaultRepoType": "PRIVATE"},
    ),
    (
        t("cr/chartRepository"),
        "repoType",
        {"instanceId": "cri-1", "repoType": "PUBLIC"},
        {"instanceId": "cri-1", "repoType": "PRIVATE"},
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
        cases.append(bad(failing, PUB, type_, exposing, named))
        cases.append(ok(passing, PUB, type_, private))
    for type_, props, (peer_type, peer_props) in ENDPOINTS:
        failing, passing = endpoint_case_ids(type_)
        cases.append(bad(failing, PUB, type_, props, "internet endpoint"))
        cases.append(ok(passing, PUB, peer_type, peer_props))
    return cases


FC_V3 = t("fc/v3Trigger")
HTTP_CONFIG = {"methods": ["GET", "POST", "PUT", "DELETE"], "authType": "anonymous"}
FUNCTION_TRIGGERS = [
    # The provider's own test trigger config (anonymous, disableURLInternet false).
    bad(
        "fc-v3-http-internet",
        PUB,
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
        PUB,
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
        PUB,
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
        PUB,
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
        PUB,
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
        PUB,
        t("fc/trigger"),
        {
            "service": "s",
            "function": "f",
            "type": "timer",
            "config": json.dumps({"payload": "", "cronExpression": "0 */5 * * * *", "enable": True}),
        },
    ),
]

PUBLIC_EXTRAS = [
    ok(
        "pub-eci-virtual-node-empty-eip",
        PUB,
        t("eci/virtualNode"),
        {"eipInstanceId": "", "vswitchId": "vsw-1"},
    ),
    # Tablestore: the provider sends NetworkTypeACL [VPC, CLASSIC, INTERNET] when networkTypeAcls is left out.
    bad("pub-ots-default-acls", PUB, t("ots/instance"), {"instanceType": "Capacity"}, "networkTypeAcls"),
    ok("pub-ots-vpc-only-legacy", PUB, t("ots/instance"), {"accessedBy": "Vpc"}),
    bad(
        "pub-rocketmq-internet-uppercase",
        PUB,
        t("rocketmq/rocketMQInstance"),
        {"networkInfo": {"internetInfo": {"internetSpec": "ENABLE"}}},
        "networkInfo.internetInfo.internetSpec",
    ),
    ok("pub-kafka-vpc-string", PUB, t("alikafka/instance"), {"deployType": "5"}),
    ok("pub-mse-private-default-flow", PUB, t("mse/cluster"), {"netType": "privatenet"}),
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
        "dnat-entry",
        DNAT,
        t("vpc/forwardEntry"),
        {
            "forwardTableId": "ftb-1",
            "externalIp": "47.1.1.1",
            "externalPort": "443",
            "internalIp": "10.0.0.5",
            "internalPort": "443",
            "ipProtocol": "tcp",
        },
        "externalIp",
    ),
    bad(
        "dnat-sag-internet",
        DNAT,
        t("sag/dnatEntry"),
        {
            "sagId": "sag-1",
            "type": "Internet",
            "ipProtocol": "tcp",
            "externalIp": "1.1.1.1",
            "externalPort": "1",
            "internalIp": "192.168.7.1",
            "internalPort": "20",
        },
        "externalIp",
    ),
    ok(
        "dnat-sag-intranet",
        DNAT,
        t("sag/dnatEntry"),
        {
            "sagId": "sag-1",
            "type": "Intranet",
            "ipProtocol": "tcp",
            "externalIp": "172.16.0.1",
            "externalPort": "1",
            "internalIp": "192.168.7.1",
            "internalPort": "20",
        },
    ),
    bad(
        "dnat-sag-legacy-internet",
        DNAT,
        t("rocketmq/dnatEntry"),
        {
            "sagId": "sag-1",
            "type": "Internet",
            "ipProtocol": "any",
            "externalPort": "any",
            "internalIp": "192.168.7.1",
            "internalPort": "any",
        },
        "externalIp",
    ),
    ok(
        "dnat-sag-legacy-intranet",
        DNAT,
        t("rocketmq/dnatEntry"),
        {
            "sagId": "sag-1",
            "type": "Intranet",
            "ipProtocol": "any",
            "externalIp": "172.16.0.1",
            "externalPort": "any",
            "internalIp": "192.168.7.1",
            "internalPort": "any",
        },
    ),
    ok(
        "dnat-snat-egress",
        DNAT,
        t("vpc/snatEntry"),
        {"snatTableId": "stb-1", "sourceVswitchId": "vsw-1", "snatIp": "47.1.1.1"},
    ),
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
