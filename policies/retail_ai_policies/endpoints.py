"""Public endpoints of managed services: a connection resource that is the internet endpoint, or the service's
own internet switch, judged by one policy per kind of service so that each name and message fits what it found.

Until round 3 one policy (``db-public-endpoint-denied``) judged them all, and told a Function Compute trigger
that "data services must not ..."; that name still works in policy config (see ``_renames``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sized
from dataclasses import dataclass
from typing import Any

from pulumi_policy import ResourceValidationArgs
from pulumi_policy.policy import Policy, Severity

from ._documents import policy_document
from ._factory import INTRANET, MANDATORY, PRIVATE_ACL, renamed_policy, resource_policy
from ._values import flag, items, number, text, values_at

ANY = "any value"


@dataclass(frozen=True)
class Kind:
    """One kind of service and the policy that judges its public endpoints."""

    policy: str
    family: str
    lead: str
    """How every message starts: the rule, in the words of the kind."""
    description: str
    remediation: str
    severity: Severity = Severity.CRITICAL


DATA = Kind(
    "db-instance-public-endpoint-denied",
    INTRANET,
    "databases and data stores must not be reachable from the internet",
    "Checks whether a database, cache, search, analytics or wide-column store gets an internet endpoint: a "
    "public connection resource (rds.Connection, kvstore.Connection, polardb.EndpointAddress, DbProxyPublic, "
    "...) or the service's own internet switch (Redis enablePublic, Elasticsearch enablePublic, Tablestore "
    "networkTypeAcls, ...).",
    "Remove the public connection resource and turn the service's internet switch off (enablePublic false, "
    "netType Private, networkTypeAcls [VPC], ...); connect from inside the VPC through the private endpoint, "
    "or through PrivateLink from another VPC.",
)
QUEUES = Kind(
    "mq-instance-public-endpoint-denied",
    INTRANET,
    "message queues and event sources must not be reachable from the internet",
    "Checks whether a message queue or event source takes messages from the internet: Kafka deployType 4, "
    "RocketMQ internetSpec enable, RabbitMQ supportEip, the MNS public endpoint, an EventBridge HTTP source "
    "without a security config.",
    "Use VPC-only deployments (Kafka deployType 5, RocketMQ internetSpec disable, supportEip false), leave the "
    "MNS public endpoint off, and give HTTP event sources a security config (ip or referer) or a private source.",
)
FUNCTIONS = Kind(
    "fc-function-internet-endpoint-denied",
    INTRANET,
    "functions must not be reachable from the internet",
    "Checks whether a Function Compute function gets an internet URL: an FC 2.0 HTTP trigger, an FC 3.0 HTTP "
    "trigger without disableURLInternet, or a custom domain (FC 2.0 or 3.0), which serves functions on an "
    "internet hostname.",
    "Use FC 3.0 HTTP triggers with triggerConfig disableURLInternet true and call functions from the VPC "
    "(internal endpoint); drop custom domains, or serve them through a private load balancer.",
    Severity.HIGH,
)
GATEWAYS = Kind(
    "app-gateway-internet-ingress-denied",
    INTRANET,
    "application gateways and platforms must not take traffic from the internet",
    "Checks whether an application platform or gateway takes traffic from the internet: an SAE internet load "
    "balancer, EDAS internet SLBs, MSE gateways and registries on the public network, Service Mesh public "
    "EIPs, API gateways (APIG) with internet access, a public OpenAPI Explorer MCP server.",
    "Use intranet load balancers and the private network type (MSE netType privatenet, APIG "
    "networkAccessConfig intranet); publish APIs to other VPCs through PrivateLink.",
)
BASTIONS = Kind(
    "bastionhost-instance-public-access-denied",
    INTRANET,
    "bastion hosts must not be reachable from the internet",
    "Checks whether a bastion host (bastionhost.Instance, or the older yundun.BastionHostInstance) turns "
    "enablePublicAccess on.",
    "Set enablePublicAccess false and reach the bastion from the VPC, a VPN or Express Connect.",
    Severity.HIGH,
)
NODES = Kind(
    "vpc-node-public-address-denied",
    INTRANET,
    "nodes of managed services must not get public addresses",
    "Checks whether nodes of a managed service get a public address: EMR cluster nodes (isOpenPublicIp, node "
    "groups withPublicIp), ECI virtual nodes (enablePublicNetwork, an EIP), and IPv6 addresses given internet "
    "bandwidth.",
    "Turn the public IP switches off (isOpenPublicIp false, withPublicIp false, enablePublicNetwork false, no "
    "eipInstanceId) and drop IPv6 internet bandwidth; egress goes through the NAT gateway.",
    Severity.HIGH,
)
REGISTRY_ENDPOINTS = Kind(
    "cr-registry-internet-endpoint-denied",
    INTRANET,
    "registries must not be reachable from the internet",
    "Checks whether a Container Registry Enterprise instance gets its internet endpoint (cr.InternetEndpoint).",
    "Remove the internet endpoint; pull and push through the registry's VPC endpoint "
    "(cr.VpcEndpointLinkedVpc), from CI runners inside the VPC.",
    Severity.HIGH,
)
REPOSITORIES = Kind(
    "cr-repository-private",
    PRIVATE_ACL,
    "repositories must be private",
    "Checks whether a container image or Helm chart repository (or a namespace's default for new ones) is "
    "public, which lets anyone pull its images or charts without credentials.",
    "Set repoType (defaultVisibility, defaultRepoType) to PRIVATE and grant pulls through RAM.",
    Severity.HIGH,
)
KINDS = (DATA, QUEUES, FUNCTIONS, GATEWAYS, BASTIONS, NODES, REGISTRY_ENDPOINTS, REPOSITORIES)

# The whole resource is the public endpoint: type -> (its kind, what it creates).
PUBLIC_ENDPOINT_TYPES: dict[str, tuple[Kind, str]] = {
    "alicloud:rds/connection:Connection": (DATA, "an RDS internet connection string"),
    "alicloud:rds/dbProxyPublic:DbProxyPublic": (DATA, "a public RDS database proxy endpoint"),
    "alicloud:kvstore/connection:Connection": (DATA, "a Redis/Tair internet connection string"),
    "alicloud:gpdb/connection:Connection": (DATA, "an AnalyticDB for PostgreSQL internet connection string"),
    "alicloud:adb/connection:Connection": (DATA, "an AnalyticDB for MySQL internet connection string"),
    "alicloud:polardb/endpointAddress:EndpointAddress": (DATA, "a PolarDB public endpoint address"),
    "alicloud:mongodb/publicNetworkAddress:PublicNetworkAddress": (DATA, "a MongoDB public network address"),
    "alicloud:mongodb/shardingNetworkPublicAddress:ShardingNetworkPublicAddress": (
        DATA,
        "a MongoDB public address",
    ),
    "alicloud:lindorm/publicNetwork:PublicNetwork": (DATA, "a Lindorm public endpoint"),
    "alicloud:clickhouseenterprisedbcluster/publicEndpoint:PublicEndpoint": (
        DATA,
        "a ClickHouse public endpoint",
    ),
    "alicloud:rds/dbInstanceEndpointAddress:DbInstanceEndpointAddress": (
        DATA,
        "an RDS public endpoint address",
    ),
    "alicloud:polardb/applicationEndpoint:ApplicationEndpoint": (
        DATA,
        "a PolarDB application public endpoint",
    ),
    "alicloud:cr/internetEndpoint:InternetEndpoint": (
        REGISTRY_ENDPOINTS,
        "a container registry internet endpoint",
    ),
    "alicloud:sae/loadBalancerInternet:LoadBalancerInternet": (GATEWAYS, "an SAE internet load balancer"),
    "alicloud:vpc/ipv6InternetBandwidth:Ipv6InternetBandwidth": (
        NODES,
        "internet bandwidth for an IPv6 address",
    ),
    # A custom domain is an internet hostname for the functions its routes name (FC 2.0 and 3.0).
    "alicloud:fc/customDomain:CustomDomain": (
        FUNCTIONS,
        "an internet hostname (custom domain) for functions",
    ),
    "alicloud:fc/v3CustomDomain:V3CustomDomain": (
        FUNCTIONS,
        "an internet hostname (custom domain) for functions",
    ),
}
# A public-endpoint resource that says it is not public: (property, the values that keep it private).
NOT_PUBLIC_WHEN: dict[str, tuple[str, tuple[Any, ...]]] = {
    "alicloud:rds/dbProxyPublic:DbProxyPublic": ("dbProxyConnectionStringNetType", ("private",)),
    "alicloud:polardb/endpointAddress:EndpointAddress": ("netType", ("private",)),
    "alicloud:polardb/applicationEndpoint:ApplicationEndpoint": ("netType", ("private",)),
    "alicloud:lindorm/publicNetwork:PublicNetwork": ("enablePublicNetwork", (0,)),
}

# Services with their own internet switch: type -> (its kind, [(property path, the values that open it)]). A
# path "a.b" reads a nested object, "a[].b" every entry of a list. True matches true/"true"; ANY, any value set.
PUBLIC_SWITCHES: dict[str, tuple[Kind, list[tuple[str, tuple[Any, ...]]]]] = {
    "alicloud:kvstore/instance:Instance": (DATA, [("enablePublic", (True,))]),
    "alicloud:cassandra/cluster:Cluster": (DATA, [("enablePublic", (True,))]),
    "alicloud:cassandra/dataCenter:DataCenter": (DATA, [("enablePublic", (True,))]),
    "alicloud:clickhouse/dbCluster:DbCluster": (DATA, [("allocatePublicConnection", (True,))]),
    "alicloud:elasticsearch/instance:Instance": (
        DATA,
        [("enablePublic", (True,)), ("enableKibanaPublicNetwork", (True,))],
    ),
    "alicloud:selectdb/dbInstance:DbInstance": (DATA, [("enablePublicNetwork", (True,))]),
    "alicloud:rds/aiInstance:AiInstance": (DATA, [("publicEndpointEnabled", (True,))]),
    "alicloud:hologram/instance:Instance": (DATA, [("endpoints[].type", ("internet",))]),
    "alicloud:alikafka/instance:Instance": (QUEUES, [("deployType", (4,))]),
    "alicloud:amqp/instance:Instance": (QUEUES, [("supportEip", (True,))]),
    "alicloud:rocketmq/rocketMQInstance:RocketMQInstance": (
        QUEUES,
        [("networkInfo.internetInfo.internetSpec", ("enable",))],
    ),
    # MNS: the endpoint resource only knows the public access point.
    "alicloud:message/serviceEndpoint:ServiceEndpoint": (QUEUES, [("endpointEnabled", (True,))]),
    # An HTTP event source always has a public webhook; securityConfig none lets anyone post events.
    "alicloud:eventbridge/eventSourceV2:EventSourceV2": (
        QUEUES,
        [("sourceHttpEventParameters.securityConfig", ("none",))],
    ),
    "alicloud:bastionhost/instance:Instance": (BASTIONS, [("enablePublicAccess", (True,))]),
    "alicloud:yundun/bastionHostInstance:BastionHostInstance": (BASTIONS, [("enablePublicAccess", (True,))]),
    "alicloud:mse/cluster:Cluster": (GATEWAYS, [("netType", ("pubnet", "both"))]),
    "alicloud:mse/gateway:Gateway": (GATEWAYS, [("internetSlbSpec", (ANY,))]),
    "alicloud:edas/k8sApplication:K8sApplication": (
        GATEWAYS,
        [("internetSlbId", (ANY,)), ("internetSlbPort", (ANY,))],
    ),
    "alicloud:edas/k8sSlbAttachment:K8sSlbAttachment": (GATEWAYS, [("slbConfigs[].type", ("internet",))]),
    "alicloud:servicemesh/serviceMesh:ServiceMesh": (
        GATEWAYS,
        [("loadBalancer.apiServerPublicEip", (True,)), ("loadBalancer.pilotPublicEipId", (ANY,))],
    ),
    "alicloud:apig/gateway:Gateway": (
        GATEWAYS,
        [("networkAccessConfig.type", ("internet", "internetandintranet"))],
    ),
    "alicloud:index/openApiExplorerApiMcpServer:OpenApiExplorerApiMcpServer": (
        GATEWAYS,
        [("publicAccess", ("on",))],
    ),
    "alicloud:emr/cluster:Cluster": (NODES, [("isOpenPublicIp", (True,))]),
    "alicloud:emrv2/cluster:Cluster": (NODES, [("nodeGroups[].withPublicIp", (True,))]),
    "alicloud:eci/virtualNode:VirtualNode": (
        NODES,
        [("enablePublicNetwork", (True,)), ("eipInstanceId", (ANY,))],
    ),
    # Public repositories and namespaces answer anonymous pulls.
    "alicloud:cr/namespace:Namespace": (REPOSITORIES, [("defaultVisibility", ("public",))]),
    "alicloud:cr/repo:Repo": (REPOSITORIES, [("repoType", ("public",))]),
    "alicloud:cs/registryEnterpriseNamespace:RegistryEnterpriseNamespace": (
        REPOSITORIES,
        [("defaultVisibility", ("public",))],
    ),
    "alicloud:cs/registryEnterpriseRepo:RegistryEnterpriseRepo": (REPOSITORIES, [("repoType", ("public",))]),
    "alicloud:cr/chartNamespace:ChartNamespace": (REPOSITORIES, [("defaultRepoType", ("public",))]),
    "alicloud:cr/chartRepository:ChartRepository": (REPOSITORIES, [("repoType", ("public",))]),
}
OTS_INSTANCE = "alicloud:ots/instance:Instance"
FC_V3_TRIGGER = "alicloud:fc/v3Trigger:V3Trigger"
FC_TRIGGER = "alicloud:fc/trigger:Trigger"
# The property whose value decides, for each Function Compute trigger type.
FC_TRIGGERS = {FC_V3_TRIGGER: "triggerConfig", FC_TRIGGER: "type"}


def kind_of(resource_type: str) -> Kind:
    if resource_type == OTS_INSTANCE:
        return DATA
    if resource_type in FC_TRIGGERS:
        return FUNCTIONS
    if resource_type in PUBLIC_SWITCHES:
        return PUBLIC_SWITCHES[resource_type][0]
    return PUBLIC_ENDPOINT_TYPES[resource_type][0]


def types_of(kind: Kind) -> set[str]:
    """Every resource type the kind's policy judges."""
    found = {t for t, (k, _) in PUBLIC_ENDPOINT_TYPES.items() if k is kind}
    found |= {t for t, (k, _) in PUBLIC_SWITCHES.items() if k is kind}
    if kind is DATA:
        found.add(OTS_INSTANCE)
    if kind is FUNCTIONS:
        found |= set(FC_TRIGGERS)
    return found


def _opens(value: Any, opening: tuple[Any, ...]) -> bool:
    for expected in opening:
        if expected is ANY:
            # Props arrive as read-only proxies: test emptiness by length, not by comparing with [] or {}.
            if isinstance(value, str):
                return bool(value.strip())
            return len(value) > 0 if isinstance(value, Sized) else True
        if isinstance(expected, bool):
            if flag({"v": value}, "v") is expected:
                return True
        elif isinstance(expected, int | float):
            if number({"v": value}, "v") == float(expected):
                return True
        elif str(value).strip().lower() == expected:
            return True
    return False


def _public_switches(args: ResourceValidationArgs, lead: str) -> Iterator[str]:
    for path, opening in PUBLIC_SWITCHES[args.resource_type][1]:
        for where, value in values_at(args.props, path):
            if _opens(value, opening):
                shown = "set" if opening == (ANY,) else repr(value)
                yield f"{lead}: {where} is {shown}"


def _tablestore(args: ResourceValidationArgs, lead: str) -> Iterator[str]:
    props = args.props
    # The provider sends NetworkTypeACL [VPC, CLASSIC, INTERNET] when networkTypeAcls is left out.
    acls = props.get("networkTypeAcls")
    if acls is None:
        if text(props, "accessedBy") in ("vpc", "consoleorvpc"):
            return
        yield f"{lead}: networkTypeAcls is not set and the provider then allows INTERNET; list VPC only"
        return
    if any(str(a).strip().upper() == "INTERNET" for a in items(acls)):
        yield f"{lead}: networkTypeAcls must not include INTERNET"


def _public_endpoint(args: ResourceValidationArgs, lead: str) -> Iterator[str]:
    props = args.props
    kind = args.resource_type
    what = PUBLIC_ENDPOINT_TYPES[kind][1]
    private = NOT_PUBLIC_WHEN.get(kind)
    if private is not None:
        key, values = private
        value = props.get(key)
        if value is not None and _opens(value, values):
            return  # an explicitly private (or switched off) endpoint
        shown = "not set" if value is None else repr(value)
        yield f"{lead}: this creates {what} ({key} is {shown})"
        return
    yield f"{lead}: this creates {what}"


def _function_triggers(args: ResourceValidationArgs, lead: str) -> Iterator[str]:
    props = args.props
    if args.resource_type == FC_TRIGGER:
        if text(props, "type") == "http":
            yield (
                f"{lead}: type http gives an FC 2.0 function an internet URL; use an FC 3.0 trigger with "
                f"disableURLInternet true"
            )
        return
    if text(props, "triggerType") != "http":
        return
    config = policy_document(props.get("triggerConfig"), "triggerConfig") or {}
    if flag(config, "disableURLInternet") is not True:
        yield (
            f"{lead}: triggerConfig disableURLInternet must be true for an HTTP trigger (the function's internet "
            f"URL is on otherwise)"
        )


def _public_endpoints(args: ResourceValidationArgs, _config: Mapping[str, Any]) -> Iterator[str]:
    lead = kind_of(args.resource_type).lead
    if args.resource_type == OTS_INSTANCE:
        yield from _tablestore(args, lead)
    elif args.resource_type in FC_TRIGGERS:
        yield from _function_triggers(args, lead)
    elif args.resource_type in PUBLIC_SWITCHES:
        yield from _public_switches(args, lead)
    else:
        yield from _public_endpoint(args, lead)


def _policy(kind: Kind) -> Policy:
    return resource_policy(
        name=kind.policy,
        family=kind.family,
        description=kind.description,
        severity=kind.severity,
        level=MANDATORY,
        remediation=kind.remediation,
        types=types_of(kind),
        check=_public_endpoints,
    )


BY_KIND: dict[Kind, Policy] = {kind: _policy(kind) for kind in KINDS}

# The catch-all these replace: its name still works in policy config, carried to each of them.
db_public_endpoint_renamed = renamed_policy(
    name="db-public-endpoint-denied", family=INTRANET, successors=list(BY_KIND.values())
)

POLICIES: list[Policy] = [*BY_KIND.values(), db_public_endpoint_renamed]
