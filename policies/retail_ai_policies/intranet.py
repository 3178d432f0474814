"""Intranet-only: nothing that serves or stores data can be reached from the internet."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sized
from typing import Any

from pulumi_policy import PolicyResource, ResourceValidationArgs, StackValidationArgs
from pulumi_policy.policy import Policy, Severity
from pulumi_policy.proxy import UnknownValueError

from ._documents import policy_document
from ._factory import INTRANET, MANDATORY, UnknownFinding, resource_policy, stack_policy
from ._networks import is_internet_wide
from ._values import flag, items, mapping, number, split_list, text

SECURITY_GROUP_RULE = "alicloud:ecs/securityGroupRule:SecurityGroupRule"


ENS_SECURITY_GROUP = "alicloud:ens/securityGroup:SecurityGroup"


def _ingress_findings(props: Mapping[str, Any], keys: tuple[str, ...], where: str) -> Iterator[str]:
    # The source decides first: a rule sourced from a security group or a prefix list never admits the
    # internet, whatever its other values (which may still be unknown during preview).
    for key in keys:
        cidr = props.get(key)
        if not is_internet_wide(cidr):
            continue
        direction = text(props, "type" if "type" in props or "direction" not in props else "direction")
        if direction is not None and direction != "ingress":
            return  # egress to the internet goes out through the NAT gateway; not this policy's concern
        if text(props, "policy") == "drop":
            return  # a drop rule from 0.0.0.0/0 closes, it does not open
        protocol = text(props, "ipProtocol") or "all"
        ports = text(props, "portRange") or "-1/-1"
        yield (
            f"security group ingress must not admit the internet: {where}{key} {cidr} allows {protocol} "
            f"{ports}; use the VPC CIDR, a source security group or a prefix list"
        )


def _security_group_ingress(args: ResourceValidationArgs, _config: Mapping[str, Any]) -> Iterator[str]:
    if args.resource_type == ENS_SECURITY_GROUP:
        # ENS security groups carry their rules inline.
        for index, rule in enumerate(items(args.props.get("permissions"))):
            keys = ("sourceCidrIp", "ipv6SourceCidrIp")
            yield from _ingress_findings(mapping(rule), keys, f"permissions[{index}].")
        return
    yield from _ingress_findings(args.props, ("cidrIp", "ipv6CidrIp"), "")


ecs_security_group_no_internet_ingress = resource_policy(
    name="ecs-security-group-no-internet-ingress",
    family=INTRANET,
    description="Checks whether a security group rule admits ingress from the whole internet "
    "(0.0.0.0/0, ::/0 or any /0), on any protocol and port range; ENS security groups' inline permissions "
    "too.",
    severity=Severity.CRITICAL,
    level=MANDATORY,
    remediation="Set cidrIp to the VPC CIDR (or a narrower private range), or use sourceSecurityGroupId or "
    "prefixListId. Publish services through a private load balancer or PrivateLink, never an open rule.",
    types=[SECURITY_GROUP_RULE, ENS_SECURITY_GROUP],
    check=_security_group_ingress,
)


# --- Prefix lists: a rule's source given through another object ---------------------------------------------

PREFIX_LISTS = {
    "alicloud:vpc/prefixList:PrefixList": "entrys",
    "alicloud:ecs/ecsPrefixList:EcsPrefixList": "entries",
}


def _prefix_list_findings(rule: PolicyResource, lists: list[PolicyResource]) -> Iterator[str]:
    props = rule.props
    if text(props, "type") not in (None, "ingress") or text(props, "policy") == "drop":
        return
    for source in lists:
        key = PREFIX_LISTS[source.resource_type]
        for index, entry in enumerate(items(source.props.get(key))):
            cidr = mapping(entry).get("cidr")
            if is_internet_wide(cidr):
                yield (
                    f"security group ingress must not admit the internet: prefixListId names {source.name}, "
                    f"whose {key}[{index}].cidr is {cidr}; list VPC CIDRs in the prefix list"
                )


def _prefix_list_sources(args: StackValidationArgs, _config: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    for rule in args.resources:
        if rule.resource_type != SECURITY_GROUP_RULE:
            continue
        # Only a prefix list of this stack can be read; one passed as a literal ID is outside the stack.
        deps = rule.property_dependencies.get("prefixListId", [])
        lists = [d for d in deps if d.resource_type in PREFIX_LISTS]
        if not lists:
            continue
        try:
            findings = list(_prefix_list_findings(rule, lists))
        except UnknownValueError as error:
            path = ".".join(str(p) for p in error.props) or "a property"
            findings = [
                UnknownFinding(
                    f"cannot be verified during preview: {path} of the rule or its prefix list is unknown; it "
                    f"must be known or the rule exempted (exemptUrns or exemptions)"
                )
            ]
        for message in findings:
            yield rule.urn, message


ecs_security_group_prefix_list = stack_policy(
    name="ecs-security-group-prefix-list-no-internet",
    family=INTRANET,
    description="Checks whether a security group ingress rule admits the internet through a prefix list of "
    "the stack (vpc.PrefixList or ecs.EcsPrefixList) whose entries include 0.0.0.0/0, ::/0 or another "
    "internet-wide range.",
    severity=Severity.CRITICAL,
    level=MANDATORY,
    remediation="List only VPC or partner CIDRs in prefix lists that security group ingress rules reference; "
    "keep a 0.0.0.0/0 prefix list (routing, egress) out of ingress rules.",
    check=_prefix_list_sources,
)


# --- ECS instances, launch templates, scaling configurations and node pools ---------------------------------

PUBLIC_IP_TYPES = {
    "alicloud:ecs/instance:Instance",
    "alicloud:ecs/ecsLaunchTemplate:EcsLaunchTemplate",
    "alicloud:ecs/launchTemplate:LaunchTemplate",
    "alicloud:ess/scalingConfiguration:ScalingConfiguration",
    "alicloud:cs/nodePool:NodePool",
    "alicloud:eci/containerGroup:ContainerGroup",
    "alicloud:ecs/ecsInstanceSet:EcsInstanceSet",
    "alicloud:ecs/ecsImagePipeline:EcsImagePipeline",
    "alicloud:rds/custom:Custom",
    "alicloud:cddc/dedicatedPropreHost:DedicatedPropreHost",
    "alicloud:ens/instance:Instance",
    "alicloud:ess/eciScalingConfiguration:EciScalingConfiguration",
}
ENS_INSTANCE = "alicloud:ens/instance:Instance"
EIP_OF_THEIR_OWN = {
    "alicloud:eci/containerGroup:ContainerGroup",
    "alicloud:ess/eciScalingConfiguration:EciScalingConfiguration",
}


def _compute_public_ip(args: ResourceValidationArgs, _config: Mapping[str, Any]) -> Iterator[str]:
    props = args.props
    # internetMaxBandwidthOut > 0 is what allocates a public IP on ECS, templates, ESS and node pools.
    bandwidth = number(props, "internetMaxBandwidthOut")
    if bandwidth is not None and bandwidth > 0:
        yield (
            f"instances must not get a public IP: internetMaxBandwidthOut is {bandwidth:g}; it must be 0 "
            f"(reach the internet through the NAT gateway)"
        )
    if args.resource_type == "alicloud:cs/nodePool:NodePool" and flag(
        mapping(props.get("scalingConfig")), "isBondEip"
    ):
        yield "node pool instances must not be bound to EIPs: scalingConfig.isBondEip must be false"
    if args.resource_type in EIP_OF_THEIR_OWN:
        if flag(props, "autoCreateEip"):
            yield "container groups must not get a public IP: autoCreateEip must be false"
        if props.get("eipInstanceId"):
            yield "container groups must not be bound to an EIP: remove eipInstanceId"
    if args.resource_type == "alicloud:ecs/instance:Instance" and flag(props, "allocatePublicIp"):
        yield "instances must not get a public IP: allocatePublicIp must be false"
    if args.resource_type == ENS_INSTANCE and flag(props, "publicIpIdentification") is not False:
        # ENS assigns a public IP unless told not to (the API's default is true; the provider sends the
        # field only when set).
        yield (
            "ENS instances must not get a public IP: publicIpIdentification must be false (unset, ENS assigns "
            "one)"
        )


ecs_instance_no_public_ip = resource_policy(
    name="ecs-instance-no-public-ip",
    family=INTRANET,
    description="Checks whether ECS instances (and instance sets, image-pipeline builders), launch "
    "templates, scaling configurations, ACK node pools, ECI container groups, RDS Custom, CDDC hosts or ENS "
    "instances get a public IP (internet bandwidth, allocatePublicIp, publicIpIdentification or an EIP of "
    "their own).",
    severity=Severity.HIGH,
    level=MANDATORY,
    remediation="Set internetMaxBandwidthOut to 0 (or leave it out), scalingConfig.isBondEip to false, "
    "publicIpIdentification to false (ENS) and drop autoCreateEip/eipInstanceId/allocatePublicIp. Egress goes "
    "through the VPC's NAT gateway; ingress through a private load balancer.",
    types=PUBLIC_IP_TYPES,
    check=_compute_public_ip,
)


# --- EIPs
# -----------------------------------------------------------------------------------------------------

EIP_ASSOCIATION = "alicloud:ecs/eipAssociation:EipAssociation"
ANYCAST_ATTACHMENT = "alicloud:eipanycast/anycastEipAddressAttachment:AnycastEipAddressAttachment"
ENS_EIP_ATTACHMENT = "alicloud:ens/eipInstanceAttachment:EipInstanceAttachment"
EIP_BINDINGS = (EIP_ASSOCIATION, ANYCAST_ATTACHMENT, ENS_EIP_ATTACHMENT)


NAT_GATEWAY = "alicloud:vpc/natGateway:NatGateway"


def _eip_problem(resource: PolicyResource) -> str | None:
    if resource.resource_type == ANYCAST_ATTACHMENT:
        return "anycast EIPs publish a resource to the internet; they must not be attached"
    props = resource.props
    kind = text(props, "instanceType")
    if kind is not None:
        if kind != "nat":
            return f"an EIP may only be bound to a NAT gateway: instanceType is {kind}, it must be Nat"
        return None
    if resource.resource_type == ENS_EIP_ATTACHMENT:
        return (
            "an ENS EIP may only be bound to a NAT gateway: instanceType must be Nat (unset, ENS binds it to an "
            "instance)"
        )
    # Without instanceType the provider infers the kind from the ID. The canonical egress set-up passes the
    # stack's own NAT gateway (nat.id): unknown during preview, but the engine's property dependencies say
    # where it comes from.
    if any(d.resource_type == NAT_GATEWAY for d in resource.property_dependencies.get("instanceId", [])):
        return None
    try:
        instance_id = text(props, "instanceId") or ""
    except UnknownValueError:
        return UnknownFinding(
            "cannot be verified during preview: instanceId is unknown and comes from no NAT gateway of this "
            "stack; set instanceType to Nat, pass the NAT gateway's id, or exempt the resource (exemptUrns or "
            "exemptions)"
        )
    if instance_id.startswith("ngw-"):
        return None
    return (
        f"an EIP may only be bound to a NAT gateway: instanceType must be Nat "
        f"(instanceId {instance_id or 'is not set'})"
    )


def _eip_binding(args: StackValidationArgs, _config: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    for resource in args.resources:
        if resource.resource_type not in EIP_BINDINGS:
            continue
        try:
            problem = _eip_problem(resource)
        except UnknownValueError as error:
            path = ".".join(str(p) for p in error.props) or "a property"
            problem = UnknownFinding(
                f"cannot be verified during preview: {path} is unknown; it must be known (a literal, config, "
                f"or an existing resource's value) or the resource exempted (exemptUrns or exemptions)"
            )
        if problem:
            yield resource.urn, problem


# A stack policy, not a resource policy: when instanceType is left out the verdict may rest on where
# instanceId comes from, which only AnalyzeStack's property dependencies tell.
ecs_eip_nat_only = stack_policy(
    name="ecs-eip-nat-gateway-only",
    family=INTRANET,
    description="Checks whether an EIP (or an ENS EIP) is bound to anything other than a NAT gateway (an "
    "ECS or ENS instance, a load balancer, an ENI, a HaVip), or an anycast EIP is attached at all, which "
    "would publish it to the internet.",
    severity=Severity.HIGH,
    level=MANDATORY,
    remediation='Associate EIPs only with the VPC\'s NAT gateway (instanceType "Nat", or instanceId from the '
    "stack's NAT gateway) for SNAT egress. Serve traffic through a private load balancer instead of a public "
    "address.",
    check=_eip_binding,
    types=[EIP_ASSOCIATION, ANYCAST_ATTACHMENT],
)


# --- DNAT
# -----------------------------------------------------------------------------------------------------


FORWARD_ENTRY = "alicloud:vpc/forwardEntry:ForwardEntry"
# Smart Access Gateway DNAT (also published under the rocketmq module): type Intranet maps private addresses,
# type Internet publishes a branch's internal address on a public IP.
SAG_DNAT = {"alicloud:sag/dnatEntry:DnatEntry", "alicloud:rocketmq/dnatEntry:DnatEntry"}


def _dnat(args: ResourceValidationArgs, _config: Mapping[str, Any]) -> Iterator[str]:
    props = args.props
    if args.resource_type in SAG_DNAT and text(props, "type") != "internet":
        return
    external = props.get("externalIp") or "the NAT's public IP"
    internal = props.get("internalIp") or "an internal address"
    kind = " of type Internet" if args.resource_type in SAG_DNAT else ""
    yield (
        f"DNAT must not publish internal services: this entry{kind} forwards externalIp {external} to "
        f"internalIp {internal}"
    )


vpc_nat_no_dnat = resource_policy(
    name="vpc-nat-gateway-no-dnat",
    family=INTRANET,
    description="Checks whether a NAT gateway has DNAT (forward) entries, or a Smart Access Gateway an "
    "Internet DNAT entry, which publish internal addresses and ports to the internet.",
    severity=Severity.HIGH,
    level=MANDATORY,
    remediation="Remove the forward entry. NAT gateways are for SNAT egress only; publish services through a "
    "private load balancer or PrivateLink. A DNAT entry on a VPC (intranet) NAT gateway may be exempted "
    "by URN.",
    types={FORWARD_ENTRY, *SAG_DNAT},
    check=_dnat,
)


# --- Load balancers
# -------------------------------------------------------------------------------------------

CLB_TYPES = {
    "alicloud:slb/loadBalancer:LoadBalancer",
    "alicloud:slb/applicationLoadBalancer:ApplicationLoadBalancer",
}
ALB_NLB_TYPES = {"alicloud:alb/loadBalancer:LoadBalancer", "alicloud:nlb/loadBalancer:LoadBalancer"}


def _load_balancer(args: ResourceValidationArgs, _config: Mapping[str, Any]) -> Iterator[str]:
    props = args.props
    address_type = text(props, "addressType")
    if args.resource_type in CLB_TYPES and address_type is None:
        # CLB's default: intranet inside a VPC (vswitchId set), internet otherwise.
        if props.get("vswitchId") is None:
            yield (
                "a CLB without vswitchId defaults to the internet address type; addressType must be intranet"
            )
        return
    if address_type == "internet":
        yield "load balancers must be private: addressType must be intranet, not internet"
    if args.resource_type in ALB_NLB_TYPES and text(props, "ipv6AddressType") == "internet":
        yield "load balancers must be private: ipv6AddressType must be Intranet, not Internet"
    if args.resource_type in ALB_NLB_TYPES:
        for index, zone in enumerate(items(props.get("zoneMappings"))):
            if mapping(zone).get("eipType") or mapping(zone).get("allocationId"):
                yield f"load balancers must be private: zoneMappings[{index}] must not bind an EIP"


slb_load_balancer_intranet = resource_policy(
    name="slb-load-balancer-intranet-only",
    family=INTRANET,
    description="Checks whether a CLB, ALB or NLB load balancer is of the internet address type (including a "
    "CLB that defaults to internet because it has no vSwitch) or binds an EIP.",
    severity=Severity.CRITICAL,
    level=MANDATORY,
    remediation="Set addressType to intranet/Intranet (and ipv6AddressType to Intranet), place the load "
    "balancer in the VPC's vSwitches and drop EIP bindings in zoneMappings.",
    types=CLB_TYPES | ALB_NLB_TYPES,
    check=_load_balancer,
)


# --- ACK API server
# -------------------------------------------------------------------------------------------

ACK_CLUSTER_TYPES = {
    "alicloud:cs/managedKubernetes:ManagedKubernetes",
    "alicloud:cs/kubernetes:Kubernetes",
    "alicloud:cs/edgeKubernetes:EdgeKubernetes",
}
ACK_SERVERLESS = "alicloud:cs/serverlessKubernetes:ServerlessKubernetes"


def _ack_api_server(args: ResourceValidationArgs, _config: Mapping[str, Any]) -> Iterator[str]:
    props = args.props
    # slbInternetEnabled defaults to true in the provider: leaving it out publishes the API server. Serverless
    # clusters' endpointPublicAccessEnabled defaults to false (and the provider always sends it).
    key = "endpointPublicAccessEnabled" if args.resource_type == ACK_SERVERLESS else "slbInternetEnabled"
    value = flag(props, key)
    if value is None and args.resource_type != ACK_SERVERLESS:
        yield (
            f"the API server must be private: {key} is not set and the provider's default is true; set it "
            f"to false"
        )
    elif value:
        yield f"the API server must be private: {key} must be false"


ack_api_server_private = resource_policy(
    name="ack-cluster-api-server-private",
    family=INTRANET,
    description="Checks whether an ACK cluster's API server gets an internet endpoint, including when "
    "slbInternetEnabled is left out and the provider's default (public) applies; serverless clusters by "
    "endpointPublicAccessEnabled.",
    severity=Severity.CRITICAL,
    level=MANDATORY,
    remediation="Set slbInternetEnabled: false (endpointPublicAccessEnabled: false on serverless "
    "clusters) and "
    "reach the API server from the VPC, a bastion or a VPN.",
    types=ACK_CLUSTER_TYPES | {ACK_SERVERLESS},
    check=_ack_api_server,
)


# --- Database whitelists and public endpoints
# -----------------------------------------------------------------

# Whitelist-like props across RDS, PolarDB, Redis/Tair (kvstore, redis), MongoDB, AnalyticDB, GPDB, ClickHouse,
# SelectDB, Lindorm, HBase, Cassandra, GraphDatabase, MaxCompute, RocketMQ, MSE, Elasticsearch (public and
# Kibana public access), Bastionhost and the global whitelist templates, in every shape the provider takes: a
# list, a comma-separated string, named groups or IP arrays of entries that hold the list. Matching by name
# rather than by type keeps the check working for services and provider versions not listed here.
WHITELIST_KEYS = {
    "securityIps",
    "securityIpList",
    "securityIpLists",
    "globalSecurityIpList",
    "globalIpList",
    "desiredSecurityIpLists",
    "ipWhitelists",
    "ipWhiteList",
    "ipWhiteLists",
    "whiteIpLists",
    "publicWhitelists",
    "publicWhiteLists",
    "kibanaWhitelists",
    "dbClusterAccessWhiteLists",
    "ipWhite",
    "dbClusterIpArrays",
    "dbInstanceIpArrays",
    "securityIpGroups",
    "aclEntryLists",
}
# Keys that hold the addresses inside a named group or IP array entry.
ENTRY_KEYS = {"securityIpList", "securityIps", "ips", "ipList", "vpcIpList"}
# Whitelists under names too generic to match on every type: type -> its whitelist properties.
TYPE_WHITELISTS: dict[str, tuple[str, ...]] = {
    "alicloud:nas/accessRule:AccessRule": ("sourceCidrIp", "ipv6SourceCidrIp"),
    "alicloud:alikafka/instanceAllowedIpAttachment:InstanceAllowedIpAttachment": ("allowedIp",),
    "alicloud:message/serviceEndpointAcl:ServiceEndpointAcl": ("cidr",),
    "alicloud:eventbridge/eventSourceV2:EventSourceV2": ("sourceHttpEventParameters",),
}
KAFKA_ALLOWED_IP = "alicloud:alikafka/instanceAllowedIpAttachment:InstanceAllowedIpAttachment"


def _removes(entry: Mapping[str, Any]) -> bool:
    # modifyMode Delete removes the listed addresses from the whitelist: it closes, it does not open.
    return text(entry, "modifyMode") == "delete"


def _open_entries(value: Any, path: str) -> Iterator[tuple[str, str]]:
    for index, entry in enumerate(items(value)):
        if isinstance(entry, Mapping):
            if _removes(entry):
                continue
            for key in entry:
                if key in WHITELIST_KEYS or key in ENTRY_KEYS:
                    yield from _open_entries(entry[key], f"{path}[{index}].{key}")
        elif isinstance(entry, str):
            for cidr in split_list(entry):
                if is_internet_wide(cidr):
                    yield path, cidr


def _whitelists(args: ResourceValidationArgs, _config: Mapping[str, Any]) -> Iterator[str]:
    props = args.props
    keys = [key for key in props if key in WHITELIST_KEYS]
    if args.resource_type == KAFKA_ALLOWED_IP:
        # A VPC whitelist entry admits addresses of the instance's VPC only; the internet list is the exposure.
        if text(props, "allowedType") == "internet":
            keys.append("allowedIp")
    else:
        keys += [key for key in TYPE_WHITELISTS.get(args.resource_type, ()) if key in props]
    if keys and _removes(props):
        return
    for key in keys:
        for path, cidr in _open_entries(props.get(key), key):
            yield f"IP whitelists must not admit the internet: {path} contains {cidr}; list VPC CIDRs only"


db_whitelist_no_internet = resource_policy(
    name="db-ip-whitelist-no-internet",
    family=INTRANET,
    description="Checks whether an IP whitelist of a database, cache, message queue or other service (RDS, "
    "PolarDB, Redis/Tair, MongoDB, AnalyticDB, GPDB, ClickHouse, GraphDatabase, Kafka, NAS access rules, "
    "whitelist templates and IP arrays, ...) admits 0.0.0.0/0, 0.0.0.0 or another internet-wide range.",
    severity=Severity.CRITICAL,
    level=MANDATORY,
    remediation="List only the VPC or vSwitch CIDRs (or security groups) that need access; never 0.0.0.0/0.",
    types=None,  # any alicloud resource: whitelists are matched by property name
    check=_whitelists,
)

PUBLIC_ENDPOINT_TYPES = {
    "alicloud:rds/connection:Connection": "an RDS internet connection string",
    "alicloud:rds/dbProxyPublic:DbProxyPublic": "a public RDS database proxy endpoint",
    "alicloud:kvstore/connection:Connection": "a Redis/Tair internet connection string",
    "alicloud:gpdb/connection:Connection": "an AnalyticDB for PostgreSQL internet connection string",
    "alicloud:adb/connection:Connection": "an AnalyticDB for MySQL internet connection string",
    "alicloud:polardb/endpointAddress:EndpointAddress": "a PolarDB public endpoint address",
    "alicloud:mongodb/publicNetworkAddress:PublicNetworkAddress": "a MongoDB public network address",
    "alicloud:mongodb/shardingNetworkPublicAddress:ShardingNetworkPublicAddress": "a MongoDB public address",
    "alicloud:lindorm/publicNetwork:PublicNetwork": "a Lindorm public endpoint",
    "alicloud:clickhouseenterprisedbcluster/publicEndpoint:PublicEndpoint": "a ClickHouse public endpoint",
    "alicloud:cr/internetEndpoint:InternetEndpoint": "a container registry internet endpoint",
    "alicloud:sae/loadBalancerInternet:LoadBalancerInternet": "an SAE internet load balancer",
    "alicloud:rds/dbInstanceEndpointAddress:DbInstanceEndpointAddress": "an RDS public endpoint address",
    "alicloud:polardb/applicationEndpoint:ApplicationEndpoint": "a PolarDB application public endpoint",
    "alicloud:vpc/ipv6InternetBandwidth:Ipv6InternetBandwidth": "internet bandwidth for an IPv6 address",
}
# A public-endpoint resource that says it is not public: (property, the values that keep it private).
NOT_PUBLIC_WHEN: dict[str, tuple[str, tuple[Any, ...]]] = {
    "alicloud:rds/dbProxyPublic:DbProxyPublic": ("dbProxyConnectionStringNetType", ("private",)),
    "alicloud:polardb/endpointAddress:EndpointAddress": ("netType", ("private",)),
    "alicloud:polardb/applicationEndpoint:ApplicationEndpoint": ("netType", ("private",)),
    "alicloud:lindorm/publicNetwork:PublicNetwork": ("enablePublicNetwork", (0,)),
}

ANY = "any value"
# Services with their own internet switch: type -> [(property path, the values that open it)]. A path
# "a.b" reads a nested object, "a[].b" every entry of a list. True matches true/"true"; ANY, any value set.
PUBLIC_SWITCHES: dict[str, list[tuple[str, tuple[Any, ...]]]] = {
    "alicloud:kvstore/instance:Instance": [("enablePublic", (True,))],
    "alicloud:alikafka/instance:Instance": [("deployType", (4,))],
    "alicloud:amqp/instance:Instance": [("supportEip", (True,))],
    "alicloud:bastionhost/instance:Instance": [("enablePublicAccess", (True,))],
    "alicloud:yundun/bastionHostInstance:BastionHostInstance": [("enablePublicAccess", (True,))],
    "alicloud:cassandra/cluster:Cluster": [("enablePublic", (True,))],
    "alicloud:cassandra/dataCenter:DataCenter": [("enablePublic", (True,))],
    "alicloud:clickhouse/dbCluster:DbCluster": [("allocatePublicConnection", (True,))],
    "alicloud:elasticsearch/instance:Instance": [
        ("enablePublic", (True,)),
        ("enableKibanaPublicNetwork", (True,)),
    ],
    "alicloud:selectdb/dbInstance:DbInstance": [("enablePublicNetwork", (True,))],
    "alicloud:mse/cluster:Cluster": [("netType", ("pubnet", "both"))],
    "alicloud:mse/gateway:Gateway": [("internetSlbSpec", (ANY,))],
    "alicloud:rocketmq/rocketMQInstance:RocketMQInstance": [
        ("networkInfo.internetInfo.internetSpec", ("enable",))
    ],
    "alicloud:rds/aiInstance:AiInstance": [("publicEndpointEnabled", (True,))],
    "alicloud:eci/virtualNode:VirtualNode": [("enablePublicNetwork", (True,)), ("eipInstanceId", (ANY,))],
    "alicloud:emr/cluster:Cluster": [("isOpenPublicIp", (True,))],
    "alicloud:emrv2/cluster:Cluster": [("nodeGroups[].withPublicIp", (True,))],
    "alicloud:edas/k8sApplication:K8sApplication": [("internetSlbId", (ANY,)), ("internetSlbPort", (ANY,))],
    "alicloud:edas/k8sSlbAttachment:K8sSlbAttachment": [("slbConfigs[].type", ("internet",))],
    "alicloud:hologram/instance:Instance": [("endpoints[].type", ("internet",))],
    "alicloud:servicemesh/serviceMesh:ServiceMesh": [
        ("loadBalancer.apiServerPublicEip", (True,)),
        ("loadBalancer.pilotPublicEipId", (ANY,)),
    ],
    # An HTTP event source always has a public webhook; securityConfig none lets anyone post events.
    "alicloud:eventbridge/eventSourceV2:EventSourceV2": [
        ("sourceHttpEventParameters.securityConfig", ("none",))
    ],
    "alicloud:apig/gateway:Gateway": [("networkAccessConfig.type", ("internet", "internetandintranet"))],
    "alicloud:index/openApiExplorerApiMcpServer:OpenApiExplorerApiMcpServer": [("publicAccess", ("on",))],
    # MNS: the endpoint resource only knows the public access point.
    "alicloud:message/serviceEndpoint:ServiceEndpoint": [("endpointEnabled", (True,))],
    # Public repositories and namespaces answer anonymous pulls.
    "alicloud:cr/namespace:Namespace": [("defaultVisibility", ("public",))],
    "alicloud:cr/repo:Repo": [("repoType", ("public",))],
    "alicloud:cs/registryEnterpriseNamespace:RegistryEnterpriseNamespace": [
        ("defaultVisibility", ("public",))
    ],
    "alicloud:cs/registryEnterpriseRepo:RegistryEnterpriseRepo": [("repoType", ("public",))],
    "alicloud:cr/chartNamespace:ChartNamespace": [("defaultRepoType", ("public",))],
    "alicloud:cr/chartRepository:ChartRepository": [("repoType", ("public",))],
}
OTS_INSTANCE = "alicloud:ots/instance:Instance"


def _values_at(props: Mapping[str, Any], path: str) -> Iterator[tuple[str, Any]]:
    """(concrete path, value) for each value a switch path names; nothing when absent."""
    head, _, rest = path.partition(".")
    if head.endswith("[]"):
        key = head[:-2]
        for index, entry in enumerate(items(props.get(key))):
            if rest:
                for sub, value in _values_at(mapping(entry), rest):
                    yield f"{key}[{index}].{sub}", value
            else:
                yield f"{key}[{index}]", entry
        return
    value = props.get(head)
    if value is None:
        return
    if rest:
        for sub, inner in _values_at(mapping(value), rest):
            yield f"{head}.{sub}", inner
    else:
        yield head, value


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


def _public_switches(args: ResourceValidationArgs) -> Iterator[str]:
    for path, opening in PUBLIC_SWITCHES.get(args.resource_type, []):
        for where, value in _values_at(args.props, path):
            if _opens(value, opening):
                shown = "set" if opening == (ANY,) else repr(value)
                yield f"data services must not be reachable from the internet: {where} is {shown}"


def _tablestore(args: ResourceValidationArgs) -> Iterator[str]:
    props = args.props
    # The provider sends NetworkTypeACL [VPC, CLASSIC, INTERNET] when networkTypeAcls is left out.
    acls = props.get("networkTypeAcls")
    if acls is None:
        if text(props, "accessedBy") in ("vpc", "consoleorvpc"):
            return
        yield (
            "data services must not be reachable from the internet: networkTypeAcls is not set and the "
            "provider then allows INTERNET; list VPC only"
        )
        return
    if any(str(a).strip().upper() == "INTERNET" for a in items(acls)):
        yield "data services must not be reachable from the internet: networkTypeAcls must not include INTERNET"


def _public_endpoint(args: ResourceValidationArgs, _config: Mapping[str, Any]) -> Iterator[str]:
    props = args.props
    kind = args.resource_type
    private = NOT_PUBLIC_WHEN.get(kind)
    if private is not None:
        key, values = private
        value = props.get(key)
        if value is not None and _opens(value, values):
            return  # an explicitly private (or switched off) endpoint
        shown = "not set" if value is None else repr(value)
        yield (
            f"data services must not have internet endpoints: this creates {PUBLIC_ENDPOINT_TYPES[kind]} "
            f"({key} is {shown})"
        )
        return
    yield f"data services must not have internet endpoints: this creates {PUBLIC_ENDPOINT_TYPES[kind]}"


FC_V3_TRIGGER = "alicloud:fc/v3Trigger:V3Trigger"
FC_TRIGGER = "alicloud:fc/trigger:Trigger"
# The property whose value decides, for each Function Compute trigger type.
FC_TRIGGERS = {FC_V3_TRIGGER: "triggerConfig", FC_TRIGGER: "type"}


def _function_triggers(args: ResourceValidationArgs) -> Iterator[str]:
    props = args.props
    if args.resource_type == FC_TRIGGER:
        if text(props, "type") == "http":
            yield (
                "functions must not be reachable from the internet: type http gives an FC 2.0 function an "
                "internet URL; use an FC 3.0 trigger with disableURLInternet true"
            )
        return
    if text(props, "triggerType") != "http":
        return
    config = policy_document(props.get("triggerConfig"), "triggerConfig") or {}
    if flag(config, "disableURLInternet") is not True:
        yield (
            "functions must not be reachable from the internet: triggerConfig disableURLInternet must be true "
            "for an HTTP trigger (the function's internet URL is on otherwise)"
        )


def _public_endpoints(args: ResourceValidationArgs, config: Mapping[str, Any]) -> Iterator[str]:
    if args.resource_type == OTS_INSTANCE:
        yield from _tablestore(args)
    elif args.resource_type in FC_TRIGGERS:
        yield from _function_triggers(args)
    elif args.resource_type in PUBLIC_SWITCHES:
        yield from _public_switches(args)
    else:
        yield from _public_endpoint(args, config)


db_no_public_endpoint = resource_policy(
    name="db-public-endpoint-denied",
    family=INTRANET,
    description="Checks whether a database, cache, registry, message queue, search or wide-column store or "
    "other service gets an internet endpoint: a public connection resource (rds.Connection, "
    "kvstore.Connection, polardb.EndpointAddress, DbProxyPublic, IPv6 internet bandwidth, ...) or the "
    "service's own internet switch (Kafka deployType 4, RocketMQ internetSpec, Elasticsearch enablePublic, "
    "Tablestore networkTypeAcls, ...).",
    severity=Severity.CRITICAL,
    level=MANDATORY,
    remediation="Remove the public connection resource and turn the service's internet switch off "
    "(enablePublic false, deployType 5, internetSpec disable, networkTypeAcls [VPC], ...); connect from inside "
    "the VPC through the private endpoint, or through PrivateLink from another VPC.",
    types=set(PUBLIC_ENDPOINT_TYPES) | set(PUBLIC_SWITCHES) | set(FC_TRIGGERS) | {OTS_INSTANCE},
    check=_public_endpoints,
)


def _web_tracking(args: ResourceValidationArgs, _config: Mapping[str, Any]) -> Iterator[str]:
    if flag(args.props, "enableWebTracking"):
        yield "logstores must not accept anonymous internet writes: enableWebTracking must be false"


sls_logstore_no_web_tracking = resource_policy(
    name="sls-logstore-no-web-tracking",
    family=INTRANET,
    description="Checks whether an SLS logstore enables web tracking, which accepts anonymous writes from "
    "the "
    "internet.",
    severity=Severity.MEDIUM,
    level=MANDATORY,
    remediation="Set enableWebTracking to false and ingest clickstream through a server-side collector in "
    "the "
    "VPC (Logtail, Kafka, the SLS SDK with a RAM role).",
    types=["alicloud:log/store:Store"],
    check=_web_tracking,
)


def _eas_gateway(args: ResourceValidationArgs, _config: Mapping[str, Any]) -> Iterator[str]:
    config = policy_document(args.props.get("serviceConfig"), "serviceConfig") or {}
    networking = mapping(config.get("networking"))
    if not text(networking, "gateway"):
        # The shared gateway always publishes an internet endpoint, guarded only by a token.
        yield (
            "EAS services must not be reachable from the internet: serviceConfig networking.gateway must name "
            "a dedicated gateway with internet access off (the shared gateway gives every service an internet "
            "endpoint)"
        )
    for i, nlb in enumerate(items(networking.get("nlb"))):
        net_type = text(mapping(nlb), "netType") or text(mapping(nlb), "net_type")
        if net_type is not None and net_type.lower() == "internet":
            yield f"EAS services must not be reachable from the internet: serviceConfig networking.nlb[{i}] is internet"


pai_eas_service_intranet_only = resource_policy(
    name="pai-eas-service-intranet-only",
    family=INTRANET,
    description="Checks whether a PAI-EAS service can be called from the internet: through the shared gateway "
    "(which always publishes an internet endpoint) or an internet-facing NLB.",
    severity=Severity.HIGH,
    level=MANDATORY,
    remediation="Buy a dedicated EAS gateway with internet access disabled and set serviceConfig networking.gateway "
    "to its ID; keep VPC direct connection (cloud.networking) for callers inside the VPC; use only intranet NLBs.",
    types=["alicloud:pai/service:Service"],
    check=_eas_gateway,
)


POLICIES: list[Policy] = [
    ecs_security_group_no_internet_ingress,
    ecs_security_group_prefix_list,
    ecs_instance_no_public_ip,
    ecs_eip_nat_only,
    vpc_nat_no_dnat,
    slb_load_balancer_intranet,
    ack_api_server_private,
    db_whitelist_no_internet,
    db_no_public_endpoint,
    sls_logstore_no_web_tracking,
    pai_eas_service_intranet_only,
]
