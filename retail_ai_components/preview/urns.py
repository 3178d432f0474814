"""Resource URNs and the names derived from types, as the engine builds them.

``urn:pulumi:<stack>::<project>::<qualified type>::<name>``, where the qualified type is the parent's whole
type chain joined with ``$`` (``Deployment.generateURN``), never including the root stack's type.
"""

from __future__ import annotations

from retail_ai_policies.rules import urn_parts

STACK_TYPE = "pulumi:pulumi:Stack"
PROVIDER_PREFIX = "pulumi:providers:"


def stack_urn(stack: str, project: str) -> str:
    return f"urn:pulumi:{stack}::{project}::{STACK_TYPE}::{project}-{stack}"


def qualified_type(urn: str) -> str:
    """``urn:pulumi:s::p::a:b:C$x:y:Z::name`` -> ``a:b:C$x:y:Z`` (a name may itself contain ``::``)."""
    return urn_parts(urn)[2]


def make_urn(stack: str, project: str, parent: str, type_: str, name: str) -> str:
    """``Deployment.generateURN``: the parent's qualified type chain, except the root stack's."""
    if parent:
        parent_type = qualified_type(parent)
        if parent_type != STACK_TYPE:
            type_ = f"{parent_type}${type_}"
    return f"urn:pulumi:{stack}::{project}::{type_}::{name}"


def placeholder_id(type_: str, name: str) -> str:
    """``alicloud:vpc/network:Network`` named ``prod-vpc`` -> ``placeholder-vpc-network-prod-vpc``."""
    module = type_.split(":")[1] if type_.count(":") >= 2 else type_
    return f"placeholder-{module.replace('/', '-').lower()}-{name}"


def package_of(type_: str) -> str:
    """The package of a resource type, or of a provider type (``pulumi:providers:alicloud``)."""
    if type_.startswith(PROVIDER_PREFIX):
        return type_[len(PROVIDER_PREFIX) :]
    return type_.split(":", 1)[0]


def provider_urn(reference: str) -> str:
    """A provider reference is ``<provider urn>::<provider id>``."""
    return reference.rsplit("::", 1)[0]
