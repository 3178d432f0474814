"""Intranet-only: nothing that serves or stores data can be reached from the internet."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pulumi_policy import PolicyResource, ResourceValidationArgs, StackValidationArgs
from pulumi_policy.policy import Policy, Severity
from pulumi_policy.proxy import UnknownValueError

from ._documents import policy_document
from ._factory import (
    INTRANET,
    MANDATORY,
    UnknownFinding,
    each_resource,
    renamed_policy,
    resource_policy,
    stack_policy,
)
from ._networks import is_internet_wide, parse_cidr
from ._values import flag, items, mapping, number, present, shown, split_list, text
from .rules import is_private

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
    def judge(resource: PolicyResource) -> list[str]:
        problem = _eip_problem(resource)
        return [problem] if problem else []

    yield from each_resource(args, EIP_BINDINGS, judge)


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


EIP_ADDRESSES = {"alicloud:ecs/eipAddress:EipAddress", "alicloud:ecs/eip:Eip"}
NAT_IP = "alicloud:vpc/natIp:NatIp"


def _nat_side(entry: PolicyResource) -> str | None:
    """Where a DNAT entry's external side is, as its references say: "internet" (an internet NAT gateway, an
    EIP), "intranet" (a VPC NAT gateway, one of its NAT IPs), or None when no reference of the stack says."""
    deps = entry.property_dependencies
    for gateway in deps.get("forwardTableId", []):
        if gateway.resource_type == NAT_GATEWAY:
            # The API creates an internet NAT gateway when networkType is left out.
            return text(gateway.props, "networkType") or "internet"
    for source in deps.get("externalIp", []):
        if source.resource_type in EIP_ADDRESSES:
            return "internet"
        if source.resource_type == NAT_IP:
            return "intranet"
    return None


def _dnat_entry(entry: PolicyResource) -> Iterator[str]:
    props = entry.props
    if entry.resource_type in SAG_DNAT:
        if text(props, "type") == "internet":
            yield (
                f"DNAT must not publish internal services to the internet: this Smart Access Gateway entry of "
                f"type Internet forwards {shown(props, 'externalIp')} to {shown(props, 'internalIp')}"
            )
        return
    side = _nat_side(entry)
    if side is None:
        # A NAT gateway outside the stack: the external address says which kind it is (a VPC NAT gateway's
        # NAT IPs are private addresses of its vSwitch; an internet NAT gateway's are EIPs).
        external = text(props, "externalIp") or ""
        address = parse_cidr(external) if external and external != "any" else None
        if address is None:
            yield (
                f"a DNAT entry must show it is not internet-facing: externalIp {external or 'is not set'} is "
                f"not an address, and forwardTableId comes from no NAT gateway of this stack; pass the NAT "
                f"gateway's forwardTableIds or exempt the entry"
            )
            return
        side = "intranet" if is_private(address) else "internet"
    if side != "intranet":
        yield (
            f"DNAT must not publish internal services to the internet: this entry on an internet NAT gateway "
            f"forwards {shown(props, 'externalIp')} to {shown(props, 'internalIp')}"
        )


def _dnat(args: StackValidationArgs, _config: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    yield from each_resource(args, {FORWARD_ENTRY, *SAG_DNAT}, _dnat_entry)


# A stack policy: the entry's NAT gateway (or EIP) is known only through AnalyzeStack's property dependencies
# when the program creates it (its forwardTableIds and addresses are unknown during a real preview).
vpc_nat_internet_dnat = stack_policy(
    name="vpc-nat-internet-dnat-denied",
    family=INTRANET,
    description="Checks whether a DNAT (forward) entry publishes an internal address to the internet: an entry "
    "on an internet NAT gateway or with an EIP or other public external address, or a Smart Access Gateway "
    "DNAT entry of type Internet. Entries of a VPC (intranet) NAT gateway map private addresses to private "
    "addresses and pass.",
    severity=Severity.HIGH,
    level=MANDATORY,
    remediation="Remove the forward entry from the internet NAT gateway (it is for SNAT egress only); publish "
    "services through a private load balancer or PrivateLink. Private-to-private DNAT belongs on a VPC NAT "
    "gateway (networkType intranet).",
    check=_dnat,
    types={FORWARD_ENTRY, *SAG_DNAT},
)
vpc_nat_no_dnat_renamed = renamed_policy(
    name="vpc-nat-gateway-no-dnat", family=INTRANET, successors=[vpc_nat_internet_dnat]
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
        # CLB's default: intranet inside a VPC (vswitchId set, if only as the ID of a vSwitch the stack
        # creates, unknown during a real preview), internet otherwise.
        if not present(props, "vswitchId"):
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


EAS_SERVICE = "alicloud:pai/service:Service"
EAS_COMPONENT = "retailai:index:EasService"


def _eas_gateway(args: ResourceValidationArgs, _config: Mapping[str, Any]) -> Iterator[str]:
    if args.resource_type == EAS_COMPONENT:
        # The component's own inputs, known in any preview: it renders networking.gateway from this ID and
        # never adds an NLB.
        if not text(args.props, "dedicatedGateway"):
            yield (
                "EAS services must not be reachable from the internet: dedicatedGateway must name a dedicated "
                "gateway with internet access off"
            )
        return
    try:
        document = args.props.get("serviceConfig")
    except UnknownValueError:
        # service_config embeds the IDs of the VPC, vSwitches, security group and workspace, so it is unknown
        # in a real preview whenever the stack creates them. Rendered by EasService, its gateway and NLBs
        # come from the component's inputs, which this policy judges on the component itself.
        if f"{EAS_COMPONENT}$" in args.urn.split("::")[2]:
            return
        raise
    config = policy_document(document, "serviceConfig") or {}
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
    types=[EAS_SERVICE, EAS_COMPONENT],
    check=_eas_gateway,
)


POLICIES: list[Policy] = [
    ecs_security_group_no_internet_ingress,
    ecs_security_group_prefix_list,
    ecs_instance_no_public_ip,
    ecs_eip_nat_only,
    vpc_nat_internet_dnat,
    vpc_nat_no_dnat_renamed,
    slb_load_balancer_intranet,
    ack_api_server_private,
    db_whitelist_no_internet,
    sls_logstore_no_web_tracking,
    pai_eas_service_intranet_only,
]
