"""Paths into the VPC from the internet that are not a public IP of the resource itself: remote-access VPN,
an accelerator's anycast entry, an API without authentication in front of a VPC backend, and products that are
internet-facing by design. Each is judged by what it connects, not by the product's name: an IPsec site-to-site
tunnel, a custom-routing accelerator that admits no traffic, or an authenticated API pass.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pulumi_policy import PolicyResource, ResourceValidationArgs, StackValidationArgs
from pulumi_policy.policy import Policy, Severity

from ._factory import INTRANET, MANDATORY, each_resource, resource_policy, stack_policy
from ._networks import parse_cidr
from ._values import flag, items, mapping, number, present, shown, text
from .rules import is_private

# --- SSL-VPN --------------------------------------------------------------------------------------------------

VPN_GATEWAY = "alicloud:vpn/gateway:Gateway"
SSL_VPN_SERVER = "alicloud:vpn/sslVpnServer:SslVpnServer"
SSL_VPN_CLIENT_CERT = "alicloud:vpn/sslVpnClientCert:SslVpnClientCert"


def _ssl_vpn(args: ResourceValidationArgs, _config: Mapping[str, Any]) -> Iterator[str]:
    props = args.props
    if args.resource_type == VPN_GATEWAY:
        # SSL-VPN admits remote clients, not sites; IPsec site-to-site tunnels are not judged.
        if flag(props, "enableSsl"):
            yield (
                "remote access into the VPC must not be open to the internet: enableSsl turns on SSL-VPN, which "
                "admits any client holding a certificate, from any address, into the VPC"
            )
        return
    if args.resource_type == SSL_VPN_SERVER:
        yield (
            f"remote access into the VPC must not be open to the internet: this SSL-VPN server admits clients "
            f"from the internet to its {shown(props, 'localSubnet')}"
        )
        return
    yield (
        "remote access into the VPC must not be open to the internet: this is an SSL-VPN client certificate "
        "(sslVpnServerId), a key to the VPC from any internet address"
    )


vpn_ssl_vpn_denied = resource_policy(
    name="vpn-gateway-ssl-vpn-denied",
    family=INTRANET,
    description="Checks whether a VPN gateway serves SSL-VPN (enableSsl on a public gateway, an SSL-VPN server or "
    "client certificate), which lets any internet client with a certificate into the VPC. IPsec site-to-site "
    "connections are not judged.",
    severity=Severity.HIGH,
    level=MANDATORY,
    remediation="Set enableSsl false and remove SSL-VPN servers and client certificates; connect people through "
    "a bastion host or a zero-trust access service, and sites through IPsec or Express Connect.",
    types=[VPN_GATEWAY, SSL_VPN_SERVER, SSL_VPN_CLIENT_CERT],
    check=_ssl_vpn,
)


# --- Global Accelerator -----------------------------------------------------------------------------------------

GA_ENDPOINT_GROUP = "alicloud:ga/endpointGroup:EndpointGroup"
GA_BASIC_ENDPOINT = "alicloud:ga/basicEndpoint:BasicEndpoint"
GA_BASIC_ENDPOINT_GROUP = "alicloud:ga/basicEndpointGroup:BasicEndpointGroup"
GA_CUSTOM_ROUTING_ENDPOINT = "alicloud:ga/customRoutingEndpoint:CustomRoutingEndpoint"
# Endpoint types that are resources inside a VPC (or a private bucket): GA gives them an internet entry. Domain,
# Ip, PublicIp and IpTarget name addresses that are already public, judged (when in the stack) by their own
# resource's policies.
PRIVATE_ENDPOINT_TYPES = {"ecs", "slb", "alb", "nlb", "eni", "oss"}


def _private_endpoint(kind: str | None, address: str | None) -> bool:
    if kind in PRIVATE_ENDPOINT_TYPES:
        return True
    network = parse_cidr(address) if kind == "ip" and address else None
    return network is not None and is_private(network)


def _ga_entry(args: ResourceValidationArgs, _config: Mapping[str, Any]) -> Iterator[str]:
    props = args.props
    lead = "private endpoints must not be published to the internet"
    if args.resource_type == GA_ENDPOINT_GROUP:
        for index, endpoint in enumerate(items(props.get("endpointConfigurations"))):
            endpoint = mapping(endpoint)
            if number(endpoint, "weight") == 0:
                continue  # weight 0: the accelerator sends it no traffic
            # Only an Ip endpoint's address decides; the others are IDs, unknown while the stack creates them.
            kind = text(endpoint, "type")
            address = endpoint.get("endpoint") if kind == "ip" else None
            if _private_endpoint(kind, address if isinstance(address, str) else None):
                yield (
                    f"{lead}: endpointConfigurations[{index}] (type {endpoint.get('type')}) is reached through "
                    f"the accelerator's internet addresses"
                )
        return
    if args.resource_type == GA_CUSTOM_ROUTING_ENDPOINT:
        policy = text(props, "trafficToEndpointPolicy") or "denyall"
        if policy != "denyall":
            yield (
                f"{lead}: trafficToEndpointPolicy {props.get('trafficToEndpointPolicy')} lets the accelerator's "
                f"internet traffic into the endpoint's vSwitch; keep DenyAll"
            )
        return
    if args.resource_type == GA_BASIC_ENDPOINT_GROUP and not present(props, "endpointAddress"):
        return  # a group without an endpoint of its own publishes nothing
    kind = text(props, "endpointType")
    address = props.get("endpointAddress") if kind == "ip" else None
    if _private_endpoint(kind, address if isinstance(address, str) else None):
        yield (
            f"{lead}: endpointType {props.get('endpointType')} is reached through the basic accelerator's "
            f"internet addresses"
        )


ga_internet_entry = resource_policy(
    name="ga-accelerator-internet-entry-denied",
    family=INTRANET,
    description="Checks whether a Global Accelerator endpoint group or endpoint gives a private endpoint (ECS, "
    "CLB, ALB, NLB, ENI, OSS, a private IP) an entry on the accelerator's internet addresses, or a "
    "custom-routing endpoint admits traffic into a vSwitch.",
    severity=Severity.HIGH,
    level=MANDATORY,
    remediation="Remove the endpoint (or set its weight to 0, trafficToEndpointPolicy DenyAll); serve users "
    "through an in-region private load balancer reached over the company network.",
    types=[GA_ENDPOINT_GROUP, GA_BASIC_ENDPOINT, GA_BASIC_ENDPOINT_GROUP, GA_CUSTOM_ROUTING_ENDPOINT],
    check=_ga_entry,
)


# --- API Gateway ------------------------------------------------------------------------------------------------

API = "alicloud:apigateway/api:Api"
API_BACKEND = "alicloud:apigateway/backend:Backend"
VPC_SERVICE_TYPES = {"http-vpc", "vpc"}


def _vpc_backend(api: PolicyResource) -> str | None:
    """Which of the API's inputs sends its calls into a VPC, or None."""
    props = api.props
    if text(props, "serviceType") in VPC_SERVICE_TYPES:
        return f"serviceType {props.get('serviceType')}"
    if props.get("httpVpcServiceConfig") is not None:
        return "httpVpcServiceConfig"
    address = text(mapping(props.get("httpServiceConfig")), "address") or ""
    host = address.split("://", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0]
    network = parse_cidr(host) if host else None
    if network is not None and is_private(network):
        return f"httpServiceConfig.address {address}"
    if not flag(props, "backendEnabled"):
        return None
    # A backend of the stack is known by reference (its ID is unknown during a real preview).
    for backend in api.property_dependencies.get("backendId", []):
        if backend.resource_type == API_BACKEND:
            return "backendId (a VPC backend)" if text(backend.props, "backendType") == "vpc" else None
    if props.get("backendId"):
        raise _OutsideBackend(str(props.get("backendId")))
    return None


class _OutsideBackend(Exception):
    pass


def _anonymous_api(api: PolicyResource) -> Iterator[str]:
    # The backend decides first: an API to a public or mock backend passes whatever its authType (which may
    # still be unknown during preview).
    try:
        backend = _vpc_backend(api)
    except _OutsideBackend as outside:
        if text(api.props, "authType") == "anonymous":
            yield (
                f"an API without authentication must show its backend is not in a VPC: backendId {outside} "
                f"names a backend outside this stack; set authType APP or exempt the API"
            )
        return
    if backend is not None and text(api.props, "authType") == "anonymous":
        yield (
            f"APIs into the VPC must authenticate their callers: authType is ANONYMOUS and {backend} sends "
            f"anyone's calls from the internet to a VPC resource"
        )


def _apis(args: StackValidationArgs, _config: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    yield from each_resource(args, [API], _anonymous_api)


# A stack policy: an API's backend may be a Backend resource of the same program, known during a real
# preview only through the property dependencies of backendId.
apigateway_anonymous_vpc_backend = stack_policy(
    name="apigateway-api-anonymous-vpc-backend-denied",
    family=INTRANET,
    description="Checks whether an API Gateway API without authentication (authType ANONYMOUS) reaches a VPC "
    "backend: serviceType HTTP-VPC, a VPC access (httpVpcServiceConfig), a private backend address, or a "
    "Backend of type VPC.",
    severity=Severity.HIGH,
    level=MANDATORY,
    remediation="Set authType APP (and give callers an app's key), or keep anonymous APIs to public or mock "
    "backends; reach VPC services from other VPCs through PrivateLink.",
    check=_apis,
    types=[API],
)


# --- Products that are internet-facing by design ----------------------------------------------------------------

INTERNET_FACING_PRODUCTS = {
    "alicloud:simpleapplicationserver/instance:Instance": (
        "a Simple Application Server, which always has a public IP (its firewall admits SSH or RDP, HTTP and "
        "HTTPS from anywhere by default) and sits outside the stack's VPC"
    ),
}


def _internet_facing(args: ResourceValidationArgs, _config: Mapping[str, Any]) -> Iterator[str]:
    yield (
        f"servers must not be internet-facing: this creates {INTERNET_FACING_PRODUCTS[args.resource_type]}; "
        f"use an ECS instance in the VPC behind a private load balancer"
    )


internet_facing_products = resource_policy(
    name="alicloud-internet-facing-product-denied",
    family=INTRANET,
    description="Checks whether the stack uses a product that is internet-facing by design and has no private "
    "mode: a Simple Application Server (always a public IP, outside the stack's VPC).",
    severity=Severity.HIGH,
    level=MANDATORY,
    remediation="Use ECS instances in the VPC (no public IP) behind a private load balancer instead.",
    types=set(INTERNET_FACING_PRODUCTS),
    check=_internet_facing,
)

POLICIES: list[Policy] = [
    vpn_ssl_vpn_denied,
    ga_internet_entry,
    apigateway_anonymous_vpc_backend,
    internet_facing_products,
]
