"""DataWarehouse: the MaxCompute project of the nightly batch that training learns from, in the region."""

import json
import re
from typing import Annotated

import pulumi
import pulumi_alicloud as alicloud
import pydantic
from typing_extensions import NotRequired, TypedDict

from . import _naming
from ._options import child_options, stateful_child_options
from ._refs import NetworkInput, network_ref, placed_region
from ._region import stack_region
from ._relaxation import relaxed_tags, unprotected
from ._validation import args_type, component_owner, matches, rule, validate_args
from .errors import InvalidArgumentError

TYPE_TOKEN = "retailai:index:DataWarehouse"

_PROJECT_NAME = re.compile(r"^[a-z][a-z0-9_]{2,27}$")
_ROLE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,63}$")
# MaxCompute policy actions: the training pipeline reads tables; the Flink job writes into them and never
# drops them. INSERT INTO (which creates a partition it names) needs Update on the table; Alter is what adds and
# DROPS partitions and changes a table, so the writer is denied it, and Drop, outright. MaxCompute grants
# INSERT OVERWRITE with the same Update: an overwrite cannot be refused, only restored from the project's
# table backups (backup_retention_days).
READ_ACTIONS = ("odps:Describe", "odps:List", "odps:Select")
WRITE_ACTIONS = ("odps:Describe", "odps:List", "odps:Select", "odps:Update")
WRITER_DENIED_ACTIONS = ("odps:Alter", "odps:Drop")
JOB_ACTIONS = ("odps:CreateInstance", "odps:List")
DEFAULT_READER_ROLE_NAME = "training_reader"
DEFAULT_WRITER_ROLE_NAME = "flink_writer"
DEFAULT_BACKUP_RETENTION_DAYS = 7


_project_name_problem = matches(
    _PROJECT_NAME, "be 3 to 28 lowercase letters, digits and '_', starting with a letter"
)
_role_name_problem = matches(_ROLE_NAME, "be letters, digits and '_', starting with a letter")


@args_type
class DataWarehouseArgs(TypedDict):
    """Arguments of :class:`DataWarehouse`."""

    network: NetworkInput
    """The :class:`~retail_ai_components.network.Network`, or its ref (``Network.ref()``, or a
    :class:`~retail_ai_components.network.NetworkRef` written by hand), whose VPC may reach the project;
    nothing else is on its IP whitelist."""
    project_name: NotRequired[Annotated[str, rule(_project_name_problem)]]
    """3 to 28 lowercase letters, digits and ``_``, starting with a letter; unique across all accounts.
    Optional. Defaults to the component name plus the stack, after ``global_name_prefix``."""
    global_name_prefix: NotRequired[_naming.GlobalNamePrefix]
    """Your organisation or account alias, e.g. ``acme``, starting the derived project name (``-`` becomes
    ``_``), since MaxCompute project names are unique across all accounts. 2 to 16 lowercase letters, digits and
    hyphens, a letter first. Optional. Defaults to none (the component name plus the stack)."""
    reader_role_name: NotRequired[
        Annotated[str, rule(_role_name_problem), pydantic.Field(default=DEFAULT_READER_ROLE_NAME)]
    ]
    """The MaxCompute role the training pipeline is granted: read tables. Optional. Defaults to
    ``training_reader``."""
    writer_role_name: NotRequired[
        Annotated[str, rule(_role_name_problem), pydantic.Field(default=DEFAULT_WRITER_ROLE_NAME)]
    ]
    """The MaxCompute role the Flink job is granted: write into tables, never drop them. Optional. Defaults
    to ``flink_writer``."""
    backup_retention_days: NotRequired[
        Annotated[int, pydantic.Field(default=DEFAULT_BACKUP_RETENTION_DAYS, ge=1, le=30)]
    ]
    """Days of table versions kept for restore, 1 to 30 (what restores a table the writer overwrote).
    Optional. Defaults to 7."""
    default_quota: NotRequired[Annotated[str, pydantic.Field(min_length=1, max_length=128)]]
    """The computing quota (its nickname) the project's jobs use, e.g. a subscription quota. Optional.
    Defaults to the account's default (pay-as-you-go) quota. How the project is billed is the account's
    MaxCompute activation and this quota: the provider's ``product_type`` is never sent."""
    tags: NotRequired[Annotated[dict[str, str], pydantic.Field(default={})]]
    """Tags for the project. Optional. Defaults to none."""
    protect: NotRequired[Annotated[bool, pydantic.Field(default=True)]]
    """Protect the project from deletion. Optional. Defaults to True."""


def role_policy(
    project: str, table_actions: tuple[str, ...], denied_table_actions: tuple[str, ...] = ()
) -> str:
    """A MaxCompute role policy: ``table_actions`` on the project's tables, ``denied_table_actions`` denied on
    them (a Deny wins over any grant the role's members get elsewhere), and running jobs in it."""
    tables = [f"acs:odps:*:projects/{project}/tables/*"]
    statements: list[dict[str, object]] = [
        {"Effect": "Allow", "Action": list(table_actions), "Resource": tables},
        {"Effect": "Allow", "Action": list(JOB_ACTIONS), "Resource": [f"acs:odps:*:projects/{project}"]},
    ]
    if denied_table_actions:
        statements.append({"Effect": "Deny", "Action": list(denied_table_actions), "Resource": tables})
    return json.dumps({"Version": "1", "Statement": statements}, sort_keys=True)


def default_project_name(name: str, stack: str, prefix: str | None = None) -> str:
    fitted = _naming.fitted_name(_naming.with_global_prefix(prefix, _naming.in_stack(name, stack)), 28)
    return fitted if len(fitted) >= 3 else f"{fitted}_dw"


class DataWarehouse(pulumi.ComponentResource):
    """A MaxCompute project in the stack's region for the nightly batch: the VPC alone on its IP whitelist,
    storage encryption, project protection (no data leaves the project), download control, table backups,
    and two roles: the training pipeline reads, the Flink job writes.

    Children: ``{name}-project`` (maxcompute.Project), ``{name}-reader`` and ``{name}-writer``
    (maxcompute.Role). MaxCompute has no switch that turns its public endpoint off; with an IP whitelist,
    requests from any other address are refused, which a first deploy should confirm from outside the VPC.
    """

    project_name: pulumi.Output[str]
    reader_role_name: str
    writer_role_name: str

    def __init__(
        self, name: str, args: DataWarehouseArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        owner = component_owner("DataWarehouse", name)
        spec = validate_args(DataWarehouseArgs, args, owner=owner)
        region = stack_region(
            owner=owner, opts=opts, placed_in=placed_region(spec["network"]), field="network.region"
        )
        network = network_ref(spec["network"], region=region, owner=owner)
        if spec["reader_role_name"] == spec["writer_role_name"]:
            raise InvalidArgumentError("writer_role_name", "must differ from reader_role_name", owner=owner)
        prefix = spec.get("global_name_prefix")
        conflict = _naming.prefix_conflict(prefix, spec.get("project_name"), "project_name")
        if conflict:
            raise InvalidArgumentError("global_name_prefix", conflict, owner=owner)
        project = spec.get("project_name") or default_project_name(name, pulumi.get_stack(), prefix)

        super().__init__(
            TYPE_TOKEN,
            name,
            {
                "region": region,
                "projectName": project,
                "vpcCidr": network["cidr_block"],
                "readerRole": spec["reader_role_name"],
                "writerRole": spec["writer_role_name"],
            },
            opts,
        )
        self.project = alicloud.maxcompute.Project(
            f"{name}-project",
            project_name=project,
            comment=f"Nightly batch of {name}, {region} only"[:256],
            default_quota=spec.get("default_quota"),
            # Both lists hold only the VPC's private range: no internet or classic-network address matches.
            ip_white_list={"vpc_ip_list": network["cidr_block"], "ip_list": network["cidr_block"]},
            properties={
                "encryption": {"enable": True, "algorithm": "AES256"},
                "retention_days": spec["backup_retention_days"],
                "allow_full_scan": False,
            },
            security_properties={
                "using_acl": True,
                "using_policy": True,
                "enable_download_privilege": True,
                "project_protection": {"protected": True},
            },
            tags=relaxed_tags(spec["tags"] or None, unprotected(self, spec["protect"])),
            opts=stateful_child_options(self, spec["protect"]),
        )
        for suffix, role_name, actions, denied in (
            ("reader", spec["reader_role_name"], READ_ACTIONS, ()),
            ("writer", spec["writer_role_name"], WRITE_ACTIONS, WRITER_DENIED_ACTIONS),
        ):
            alicloud.maxcompute.Role(
                f"{name}-{suffix}",
                project_name=self.project.project_name,
                role_name=role_name,
                type="resource",
                policy=role_policy(project, actions, denied),
                opts=child_options(self),
            )
        self.project_name = self.project.project_name
        self.reader_role_name = spec["reader_role_name"]
        self.writer_role_name = spec["writer_role_name"]
        self.register_outputs(
            {
                "projectName": self.project_name,
                "readerRoleName": self.reader_role_name,
                "writerRoleName": self.writer_role_name,
            }
        )
