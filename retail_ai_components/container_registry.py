"""ContainerRegistry: a private ACR Enterprise Edition instance, pulled over the VPC, pushed to by CI only."""

import json
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import pulumi
import pulumi_alicloud as alicloud
import pydantic
from retail_ai_policies.rules import is_registry_vpc_endpoint
from typing_extensions import NotRequired, TypedDict

from . import _kube, _naming
from ._options import ROTATE_OLDEST_VERSION, child_options, stateful_child_options
from ._refs import InputStr, NetworkInput, NetworkRef, network_ref, placed_region
from ._region import stack_region
from ._relaxation import relaxed_tags, unprotected
from ._validation import args_type, as_enum, component_owner, listed_once, matches, rule, validate_args
from .errors import InvalidArgumentError
from .network import Tier, TierName

TYPE_TOKEN = "retailai:index:ContainerRegistry"

InstanceType = Literal["Basic", "Standard", "Advanced"]
# ACR EE names: lowercase letters and digits, hyphens inside (instances 3-30 characters, namespaces 2-30).
_INSTANCE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{1,28}[a-z0-9]$")
_NAMESPACE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,28}[a-z0-9]$")
# Push (creating a repository on its first push) and pull in the given namespaces, and the login token docker
# needs, which RAM authorizes on no resource at all.
PUSH_ACTIONS = (
    "cr:CreateRepository",
    "cr:GetRepository",
    "cr:ListRepositoryTag",
    "cr:PullRepository",
    "cr:PushRepository",
)
TOKEN_ACTION = "cr:GetAuthorizationToken"
DEFAULT_INSTANCE_TYPE: InstanceType = "Standard"
DEFAULT_PERIOD_MONTHS = 1
# Terms ACR EE sells, in months: monthly terms below a year; a yearly one is a whole number of years.
MAX_MONTHLY_PERIOD = 11
YEARLY_PERIODS = (12, 24, 36)
DEFAULT_AUDIENCE = "sts.aliyuncs.com"


_namespace_problem = matches(
    _NAMESPACE_NAME,
    "be 2 to 30 lowercase letters, digits, '-' or '_', starting and ending with a letter or digit",
)
_instance_name_problem = matches(
    _INSTANCE_NAME,
    "be 3 to 30 lowercase letters, digits and hyphens, starting and ending with a letter or digit",
)


def _period_problem(months: int) -> str | None:
    # The provider documents `period` as months, "an integer multiple of 12 for annual paid products".
    if 1 <= months <= MAX_MONTHLY_PERIOD or months in YEARLY_PERIODS:
        return None
    return (
        f"{months} is not a term ACR sells: 1 to {MAX_MONTHLY_PERIOD} months, or 12, 24 or 36 (whole years)"
    )


def _one_subject(value: str) -> str | None:
    # The trust policy matches StringEquals, but a subject with * reads as "any" to a reviewer.
    return "must name one subject, without *" if "*" in value else None


@args_type
class CiOidcArgs(TypedDict):
    """The CI system that pushes images, as a RAM OIDC identity provider already registered in the account."""

    provider_arn: Annotated[
        str, pydantic.Field(pattern=r"^acs:ram::[0-9]{16}:oidc-provider/[A-Za-z0-9._-]+$")
    ]
    """``acs:ram::<account>:oidc-provider/<name>``, e.g. the provider for GitHub Actions or GitLab."""
    issuer_url: Annotated[str, pydantic.Field(pattern=r"^https://\S+$")]
    """The issuer the provider trusts, e.g. ``https://token.actions.githubusercontent.com``."""
    subject: Annotated[str, pydantic.Field(min_length=1, max_length=512), rule(_one_subject)]
    """The only subject allowed to push, e.g. ``repo:acme/shop-ranking:ref:refs/heads/main``."""
    audience: NotRequired[Annotated[str, pydantic.Field(default=DEFAULT_AUDIENCE, min_length=1)]]
    """The audience (client ID) registered on the provider. Optional. Defaults to ``sts.aliyuncs.com``."""


@args_type
class ContainerRegistryArgs(TypedDict):
    """Arguments of :class:`ContainerRegistry`."""

    network: NetworkInput
    """The :class:`~retail_ai_components.network.Network`, or its ref (``Network.ref()``, or a
    :class:`~retail_ai_components.network.NetworkRef` written by hand), whose VPC pulls images; the registry's
    VPC endpoint is linked to it."""
    namespaces: Annotated[
        list[Annotated[str, rule(_namespace_problem)]],
        pydantic.Field(min_length=1, max_length=50),
        rule(listed_once("namespace")),
    ]
    """The namespaces to create, private: 2 to 30 lowercase letters, digits, ``-`` or ``_``. Repositories
    are created by the first push of CI, private too."""
    instance_name: NotRequired[Annotated[str, rule(_instance_name_problem)]]
    """The Enterprise Edition instance name: 3 to 30 lowercase letters, digits and hyphens. It is part of
    the VPC endpoint's host. Optional. Defaults to the component name plus the stack, after
    ``global_name_prefix``."""
    global_name_prefix: NotRequired[_naming.GlobalNamePrefix]
    """Your organisation or account alias, e.g. ``acme``, starting the derived instance name: the name is part of
    the VPC endpoint's DNS name, so it is unique in the region across all accounts. 2 to 16 lowercase letters,
    digits and hyphens, a letter first. Optional. Defaults to none (the component name plus the stack)."""
    instance_type: NotRequired[Annotated[InstanceType, pydantic.Field(default=DEFAULT_INSTANCE_TYPE)]]
    """``Basic``, ``Standard`` or ``Advanced`` (quotas and throughput). Optional. Defaults to ``Standard``."""
    period_months: NotRequired[
        Annotated[int, pydantic.Field(default=DEFAULT_PERIOD_MONTHS), rule(_period_problem)]
    ]
    """Enterprise Edition is a subscription: months per term, renewed automatically for the same term. 1 to 11
    months, or 12, 24 or 36 (whole years). Optional. Defaults to 1. Fixed when the instance is created:
    the provider replaces the instance when the renewal term changes, so a later change is ignored here
    and made in the console instead (see docs/first-deploy.md)."""
    endpoint_tier: NotRequired[
        Annotated[Tier | TierName, as_enum(Tier), pydantic.Field(default=Tier.INFERENCE)]
    ]
    """The tier whose vSwitch (first zone) holds the VPC endpoint. Optional. Defaults to ``inference``."""
    ci: NotRequired[CiOidcArgs]
    """CI as an OIDC identity: a RAM role only that subject can assume. Optional. Defaults to a RAM user
    with no access key; create its AccessKey out of band and keep it in the CI's secret store."""
    resource_group_id: NotRequired[InputStr]
    """Resource group of the instance. Optional. Defaults to the account's default group."""
    tags: NotRequired[Annotated[dict[str, str], pydantic.Field(default={})]]
    """Tags for every child that takes tags. Optional. Defaults to none."""
    protect: NotRequired[Annotated[bool, pydantic.Field(default=True)]]
    """Protect the instance (its images) from deletion. Optional. Defaults to True."""


def vpc_endpoint_host(instance_name: str, region: str) -> str:
    """The registry's VPC endpoint host, as Alibaba names an Enterprise Edition instance's VPC domain."""
    return f"{instance_name}-registry-vpc.{region}.cr.aliyuncs.com"


def default_instance_name(name: str, stack: str, prefix: str | None = None) -> str:
    """The component name plus the stack, after the organisation's prefix, in the instance name's characters
    (instance names are unique per region across accounts, so dev and prod, and two companies, need
    different ones)."""
    base = _naming.with_global_prefix(prefix, _naming.in_stack(name, stack))
    fitted = _naming.fitted_name(base, 30).replace("_", "-").strip("-")
    return fitted if len(fitted) >= 3 else f"{fitted}-cr"


def push_policy(region: str, instance_id: str, namespaces: list[str], account_id: str = "*") -> str:
    """Push and pull on the repositories of ``namespaces`` in one instance, and the login token."""
    repositories = [f"acs:cr:{region}:{account_id}:repository/{instance_id}/{ns}/*" for ns in namespaces]
    return json.dumps(
        {
            "Version": "1",
            "Statement": [
                {"Effect": "Allow", "Action": list(PUSH_ACTIONS), "Resource": repositories},
                {"Effect": "Allow", "Action": [TOKEN_ACTION], "Resource": ["*"]},
            ],
        },
        sort_keys=True,
    )


@dataclass(frozen=True)
class _Plan:
    """What the rules that relate the arguments decided: the region, the network, the vSwitch of the VPC
    endpoint, the instance's name and its VPC endpoint host."""

    region: str
    network: NetworkRef
    endpoint_vswitch_id: InputStr
    instance_name: str
    host: str


def _check(spec: ContainerRegistryArgs, name: str, owner: str, opts: pulumi.ResourceOptions | None) -> _Plan:
    """Rules that span fields."""
    region = stack_region(
        owner=owner, opts=opts, placed_in=placed_region(spec["network"]), field="network.region"
    )
    network = network_ref(spec["network"], region=region, owner=owner)
    tier = Tier(spec["endpoint_tier"]).value
    switches = network["vswitch_ids"].get(tier) or {}
    if not switches:
        raise InvalidArgumentError("endpoint_tier", f"the network has no {tier!r} vSwitches", owner=owner)
    endpoint_zone = next((z for z in network["zone_ids"] if z in switches), None)
    if endpoint_zone is None:
        raise InvalidArgumentError(
            "endpoint_tier", f"no {tier!r} vSwitch is in the network's zones", owner=owner
        )
    prefix = spec.get("global_name_prefix")
    conflict = _naming.prefix_conflict(prefix, spec.get("instance_name"), "instance_name")
    if conflict:
        raise InvalidArgumentError("global_name_prefix", conflict, owner=owner)
    instance_name = spec.get("instance_name") or default_instance_name(name, pulumi.get_stack(), prefix)
    host = vpc_endpoint_host(instance_name, region)
    if not is_registry_vpc_endpoint(host, region):  # the pack's rule; a name it would refuse is a bug here
        raise InvalidArgumentError(
            "instance_name", f"{instance_name!r} gives no valid VPC endpoint host", owner=owner
        )
    return _Plan(region, network, switches[endpoint_zone], instance_name, host)


def _public_props(spec: ContainerRegistryArgs, plan: _Plan) -> dict[str, Any]:
    """The component's own inputs as policies see them: plain, validated values only."""
    return {
        "region": plan.region,
        "instanceName": plan.instance_name,
        "instanceType": spec["instance_type"],
        "namespaces": list(spec["namespaces"]),
        "vpcEndpointHost": plan.host,
        "internetEndpoint": False,
        "ciIdentity": "oidc-role" if "ci" in spec else "ram-user-without-key",
    }


class ContainerRegistry(pulumi.ComponentResource):
    """A private container registry: ACR Enterprise Edition with private namespaces, linked to the Network's
    VPC, no internet endpoint, image scanning, and a CI identity that can push to its namespaces only.

    Children: ``{name}-instance`` (cr.RegistryEnterpriseInstance, subscription, image scanner ACR),
    ``{name}-ns-{namespace}`` (cs.RegistryEnterpriseNamespace, private, no auto-created repositories),
    ``{name}-vpc-endpoint`` (cr.VpcEndpointLinkedVpc, with the private DNS record), ``{name}-scan``
    (cr.ScanRule: every pushed image), ``{name}-ci`` (ram.Role for OIDC, or ram.User with no key),
    ``{name}-ci-push`` (ram.Policy) and its attachment. No internet endpoint and no sync rule are created:
    the instance's internet access stays off and images never leave the region through the component.
    """

    instance_id: pulumi.Output[str]
    vpc_endpoint_host: str
    """``<instance>-registry-vpc.<region>.cr.aliyuncs.com``, known before deploy, for image references."""
    namespaces: list[str]
    ci_identity: pulumi.Output[str]
    """The CI role's ARN, or the CI RAM user's name."""

    def __init__(
        self, name: str, args: ContainerRegistryArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        owner = component_owner("ContainerRegistry", name)
        spec = validate_args(ContainerRegistryArgs, args, owner=owner)
        plan = _check(spec, name, owner, opts)
        super().__init__(TYPE_TOKEN, name, _public_props(spec, plan), opts)
        tags = spec["tags"] or None

        self.instance = self._instance(name, spec, plan.instance_name, tags)
        self._namespaces(name, spec["namespaces"])
        self._vpc_endpoint(name, plan)
        self._scan_rule(name)
        push = self._push_policy(name, spec, plan, tags)
        ci = spec.get("ci")
        if ci is not None:
            self.ci_identity = self._ci_role(name, ci, plan.instance_name, push, tags)
        else:
            self.ci_identity = self._ci_user(name, plan.instance_name, push)
        self._publish_outputs(spec, plan.host)

    def _instance(
        self, name: str, spec: ContainerRegistryArgs, instance_name: str, tags: dict[str, str] | None
    ) -> alicloud.cr.RegistryEnterpriseInstance:
        return alicloud.cr.RegistryEnterpriseInstance(
            f"{name}-instance",
            instance_name=instance_name,
            instance_type=spec["instance_type"],
            payment_type="Subscription",
            period=spec["period_months"],
            renew_period=spec["period_months"],
            renewal_status="AutoRenewal",
            image_scanner="ACR",
            resource_group_id=spec.get("resource_group_id"),
            tags=relaxed_tags(tags, unprotected(self, spec["protect"])),
            # renew_period and renewal_status are ForceNew in the provider (and Read stores the renewal term
            # the API reports): a term change would replace the registry and every image in it. The term is
            # set at creation; `period` itself only applies to the purchase.
            opts=stateful_child_options(
                self, spec["protect"], ignore_changes=["period", "renewPeriod", "renewalStatus"]
            ),
        )

    def _namespaces(self, name: str, namespaces: list[str]) -> None:
        for namespace in namespaces:
            alicloud.cs.RegistryEnterpriseNamespace(
                f"{name}-ns-{namespace}",
                instance_id=self.instance.id,
                name=namespace,
                # Repositories appear on CI's first push, private; nobody can create a public one by pushing.
                auto_create=True,
                default_visibility="PRIVATE",
                opts=child_options(self),
            )

    def _vpc_endpoint(self, name: str, plan: _Plan) -> None:
        alicloud.cr.VpcEndpointLinkedVpc(
            f"{name}-vpc-endpoint",
            instance_id=self.instance.id,
            module_name="Registry",
            vpc_id=plan.network["vpc_id"],
            vswitch_id=plan.endpoint_vswitch_id,
            # Resolves the VPC endpoint host inside the VPC (Private Zone), so pulls never leave it.
            enable_create_dns_record_in_pvzt=True,
            opts=child_options(self),
        )

    def _scan_rule(self, name: str) -> None:
        """Every pushed image is scanned for vulnerabilities."""
        alicloud.cr.ScanRule(
            f"{name}-scan",
            instance_id=self.instance.id,
            rule_name=f"{name}-scan-every-push"[:64],
            scan_scope="INSTANCE",
            scan_type="VUL",
            trigger_type="AUTO",
            repo_tag_filter_pattern=".*",
            opts=child_options(self),
        )

    def _push_policy(
        self, name: str, spec: ContainerRegistryArgs, plan: _Plan, tags: dict[str, str] | None
    ) -> alicloud.ram.Policy:
        """CI's access: push and pull in the component's namespaces, nothing else."""
        region, namespaces = plan.region, list(spec["namespaces"])
        return alicloud.ram.Policy(
            f"{name}-ci-push",
            policy_name=f"{plan.instance_name}-ci-push",
            policy_document=self.instance.id.apply(lambda i: push_policy(region, i, namespaces)),
            description=f"Push and pull images in {', '.join(namespaces)} of ACR instance {plan.instance_name}"[
                :1024
            ],
            rotate_strategy=ROTATE_OLDEST_VERSION,
            tags=tags,
            opts=child_options(self),
        )

    def _ci_role(
        self,
        name: str,
        ci: CiOidcArgs,
        instance_name: str,
        push: alicloud.ram.Policy,
        tags: dict[str, str] | None,
    ) -> pulumi.Output[str]:
        """The CI's OIDC role, which only the one subject assumes, with the push policy. Returns its ARN."""
        role = alicloud.ram.Role(
            f"{name}-ci",
            role_name=f"{instance_name}-ci"[:64],
            assume_role_policy_document=_kube.oidc_trust_policy(
                ci["provider_arn"], ci["issuer_url"], ci["subject"], ci["audience"]
            ),
            description=f"CI that pushes to ACR instance {instance_name} ({ci['subject']})"[:1024],
            max_session_duration=3600,
            tags=tags,
            opts=child_options(self),
        )
        alicloud.ram.RolePolicyAttachment(
            f"{name}-ci-push-attachment",
            role_name=role.role_name,
            policy_name=push.policy_name,
            policy_type="Custom",
            opts=child_options(self),
        )
        arn: pulumi.Output[str] = role.arn
        return arn

    def _ci_user(self, name: str, instance_name: str, push: alicloud.ram.Policy) -> pulumi.Output[str]:
        """Without OIDC, a RAM user with the push policy and no key (its AccessKey is created out of band).
        Returns its name."""
        user = alicloud.ram.User(
            f"{name}-ci",
            name=f"{instance_name}-ci"[:64],
            comments=f"CI pushing to ACR instance {instance_name}; its AccessKey is created out of band",
            opts=child_options(self),
        )
        alicloud.ram.UserPolicyAttachment(
            f"{name}-ci-push-attachment",
            user_name=user.name,
            policy_name=push.policy_name,
            policy_type="Custom",
            opts=child_options(self),
        )
        user_name: pulumi.Output[str] = user.name
        return user_name

    def _publish_outputs(self, spec: ContainerRegistryArgs, host: str) -> None:
        self.instance_id = self.instance.id
        self.vpc_endpoint_host = host
        self.namespaces = list(spec["namespaces"])
        self.register_outputs(
            {
                "instanceId": self.instance_id,
                "vpcEndpointHost": host,
                "namespaces": list(spec["namespaces"]),
                "ciIdentity": self.ci_identity,
            }
        )

    def image(self, namespace: str, repository: str, tag: str) -> str:
        """``<vpc endpoint>/<namespace>/<repository>:<tag>``: an image reference BurstCluster and EasService
        accept as pulled over the VPC."""
        if namespace not in self.namespaces:
            raise InvalidArgumentError("namespace", f"{namespace!r} is not one of {self.namespaces}")
        return f"{self.vpc_endpoint_host}/{namespace}/{repository}:{tag}"
