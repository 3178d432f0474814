"""The PAI-DLC ``CreateJob`` request for a training run on what :class:`GpuTraining` built.

Plain functions over plain values: :func:`create_job_request` takes the resolved ``jobSettings`` output of a
GpuTraining stack (``pulumi stack output --json``) and the run's own settings, and returns the request body of
PAI-DLC ``CreateJob`` (API version 2020-12-03), keyed exactly as the official SDK's
``CreateJobRequest.from_map`` expects. ``examples/dlc/submit_training_job.py`` sends it with that SDK, using
the default credential chain.

How a reclaimed spot job resumes: the checkpoint dataset is mounted at the same path on every attempt and its
path is passed as ``CHECKPOINT_DIR``; the training script saves there and, on start, loads the newest
checkpoint it finds (``RESUME_FROM=latest``). DLC restarts workers that fail (``RestartPolicy: OnFailure``)
and reschedules a job whose spot capacity was reclaimed up to ``max_restarts_on_reclaim`` times. A first real
submission should confirm that ``Settings.ElasticSpotJobMaxRestartTimes`` governs reclaim restarts for this
job type (the SDK exposes the field without documenting it).

What the job may touch: PAI assumes GpuTraining's ``dlc_role_arn`` for the job (``CredentialConfig``, credential
injection), a role trusted by PAI with the same access as the RRSA role of the cluster's training pods (which a
DLC job, running on PAI's nodes, cannot assume). The Alibaba Cloud SDKs inside the job pick the credentials up
from the environment. Old checkpoints are never deleted by the job, whose deletes are denied: they expire by the
bucket's lifecycle after ``CHECKPOINT_RETENTION_DAYS``.

Pulling the image: PAI's own images (``dsw-registry-vpc.<region>.cr.aliyuncs.com``) need nothing; any other
registry (the platform's ACR Enterprise Edition instance) is private and the request carries its login in
``ImageConfig``, e.g. the temporary user and token that ACR's GetAuthorizationToken returns. The password is a
secret: :func:`redacted` is what to print or log, never the request itself.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Any, Literal

import pydantic
from retail_ai_policies.rules import image_host, is_registry_vpc_endpoint

from ._fields import field_path
from ._gpu import GPU_INSTANCE_TYPES
from .errors import InvalidArgumentError

_DISPLAY_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,256}$", re.ASCII)
REDACTED = "[secret]"
# CredentialConfig of one role that PAI assumes for the job and injects as the job's default credentials.
_ROLE_KEY = "0"


def pai_image_registry(region: str) -> str:
    """The VPC endpoint of PAI's own image registry, whose images every job may pull without a login."""
    return f"dsw-registry-vpc.{region}.cr.aliyuncs.com"


class RegistryAuth(pydantic.BaseModel):
    """The login of a private registry: for ACR Enterprise Edition, the temporary user and token of
    GetAuthorizationToken (an hour long), so that no long-lived password is handed to a job."""

    model_config = pydantic.ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    username: Annotated[str, pydantic.Field(min_length=1)]
    password: pydantic.SecretStr


class DlcTrainingRun(pydantic.BaseModel):
    """One training run. Every field but ``display_name``, ``image``, ``command`` and ``gpus`` has a default."""

    model_config = pydantic.ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    display_name: Annotated[str, pydantic.Field(pattern=_DISPLAY_NAME.pattern)]
    """The job's name in PAI: up to 256 letters, digits, ``_``, ``.`` and ``-``."""
    image: str
    """Training image, pulled over the registry's VPC endpoint in the stack's region (a PAI image such as
    ``dsw-registry-vpc.<region>.cr.aliyuncs.com/pai/...`` qualifies)."""
    command: Annotated[str, pydantic.Field(min_length=1)]
    """The workers' start command; it must resume from ``$CHECKPOINT_DIR`` when a checkpoint is there."""
    gpus: Annotated[int, pydantic.Field(ge=1, le=1024)]
    """GPUs for the whole job; a multiple of the instance type's GPU count (8 for the 8 x 80 GB types)."""
    instance_type: str = "ecs.gn7e-c16g1.32xlarge"
    """Optional. Defaults to ``ecs.gn7e-c16g1.32xlarge`` (8 x A100 80 GB)."""
    spot: bool = True
    """Optional. Defaults to spot capacity; training tolerates reclaims because it checkpoints."""
    spot_discount_limit: Annotated[float, pydantic.Field(gt=0, le=1)] = 0.5
    """Optional. The highest spot price accepted, as a share of on-demand. Defaults to 0.5."""
    max_restarts_on_reclaim: Annotated[int, pydantic.Field(ge=0, le=100)] = 10
    """Optional. How many times a reclaimed job is rescheduled. Defaults to 10."""
    max_running_minutes: Annotated[int, pydantic.Field(ge=1)] = 7 * 24 * 60
    """Optional. Upper bound on the job's run time. Defaults to 7 days."""
    job_type: Literal["PyTorchJob", "TFJob", "MPIJob"] = "PyTorchJob"
    """Optional. Defaults to ``PyTorchJob``."""
    envs: dict[str, str] = {}
    """Optional. Extra environment variables (never secrets: use the RRSA role for credentials)."""


def _fail(field: str, rule: str) -> InvalidArgumentError:
    return InvalidArgumentError(field, rule, owner="create_job_request")


def create_job_request(
    run: DlcTrainingRun | Mapping[str, Any],
    job_settings: Mapping[str, Any],
    *,
    region: str,
    vpc_id: str,
    vswitch_id: str,
    security_group_id: str,
    role_arn: str,
    registry_auth: RegistryAuth | Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The CreateJob request body. Raises :class:`InvalidArgumentError` naming the field and the rule.

    ``job_settings`` is GpuTraining's ``jobSettings`` output (workspaceId, datasetIds, checkpointPath, and
    checkpointRetentionDays); ``role_arn`` its ``dlcRoleArn``, the role PAI assumes for the job; the VPC
    fields put the workers in the stack's network (``UserVpc``) so they reach OSS, the registry and the
    feature store over the VPC. ``registry_auth`` is required for an image from any registry but PAI's own.
    The body holds the registry password: print :func:`redacted` of it, not the body.
    """
    if not isinstance(run, DlcTrainingRun):
        try:
            run = DlcTrainingRun.model_validate(dict(run))
        except pydantic.ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            raise _fail(field_path(first["loc"], quote_keys=True) or "run", str(first["msg"])) from None
    host = image_host(run.image)
    if not is_registry_vpc_endpoint(host, region):
        raise _fail("image", f"{run.image!r} must be pulled from a registry VPC endpoint in {region}")
    if registry_auth is not None and not isinstance(registry_auth, RegistryAuth):
        try:
            registry_auth = RegistryAuth.model_validate(dict(registry_auth))
        except pydantic.ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            field = field_path(first["loc"], "registry_auth", quote_keys=True)
            raise _fail(field, str(first["msg"])) from None
    if registry_auth is None and host != pai_image_registry(region):
        raise _fail(
            "registry_auth",
            f"is required for {host}, a private registry (only PAI's {pai_image_registry(region)} needs none): "
            "give the registry's login, e.g. ACR's GetAuthorizationToken user and token",
        )
    if not role_arn:
        raise _fail("role_arn", "is required (GpuTraining's dlcRoleArn output)")
    instance = GPU_INSTANCE_TYPES.get(run.instance_type)
    if instance is None:
        raise _fail(
            "instance_type", f"{run.instance_type!r} is not a GPU instance type with a known GPU count"
        )
    if run.gpus % instance.gpus:
        raise _fail(
            "gpus", f"{run.gpus} is not a multiple of the {instance.gpus} GPUs of {run.instance_type}"
        )
    for key in ("workspaceId", "datasetIds", "checkpointPath"):
        if key not in job_settings:
            raise _fail(f"job_settings.{key}", "is required (GpuTraining's jobSettings output)")
    datasets = dict(job_settings["datasetIds"])
    for key in ("training-data", "checkpoints"):
        if key not in datasets:
            raise _fail(f"job_settings.datasetIds.{key}", "is required")

    worker: dict[str, Any] = {
        "Type": "Worker",
        "Image": run.image,
        "PodCount": run.gpus // instance.gpus,
        "EcsSpec": run.instance_type,
        "RestartPolicy": "OnFailure",
        "UseSpotInstance": run.spot,
    }
    if run.spot:
        # DLC's only spot strategy is a price limit; a discount limit keeps it relative to on-demand.
        worker["SpotSpec"] = {
            "SpotStrategy": "SpotWithPriceLimit",
            "SpotDiscountLimit": run.spot_discount_limit,
        }
    if registry_auth is not None:
        worker["ImageConfig"] = {
            "DockerRegistry": host,
            "Username": registry_auth.username,
            "Password": registry_auth.password.get_secret_value(),
        }
    envs = {
        **run.envs,
        "CHECKPOINT_DIR": "/mnt/checkpoints/",
        "CHECKPOINT_URI": str(job_settings["checkpointPath"]),
        "RESUME_FROM": "latest",
    }
    if "checkpointRetentionDays" in job_settings:
        # The job's deletes are denied: old checkpoints expire by the bucket's lifecycle, never by the job.
        envs["CHECKPOINT_RETENTION_DAYS"] = str(job_settings["checkpointRetentionDays"])
    return {
        "DisplayName": run.display_name,
        "JobType": run.job_type,
        "WorkspaceId": str(job_settings["workspaceId"]),
        "JobSpecs": [worker],
        "UserCommand": run.command,
        "DataSources": [
            {"DataSourceId": str(datasets["training-data"]), "MountPath": "/mnt/data/"},
            {"DataSourceId": str(datasets["checkpoints"]), "MountPath": "/mnt/checkpoints/"},
        ],
        "Envs": envs,
        "UserVpc": {"VpcId": vpc_id, "SwitchId": vswitch_id, "SecurityGroupId": security_group_id},
        "JobMaxRunningTimeMinutes": run.max_running_minutes,
        "Settings": {"ElasticSpotJobMaxRestartTimes": run.max_restarts_on_reclaim},
        "CredentialConfig": {
            "EnableCredentialInject": True,
            "AliyunEnvRoleKey": _ROLE_KEY,
            "CredentialConfigItems": [
                {"Key": _ROLE_KEY, "Type": "Role", "Roles": [{"RoleArn": role_arn, "RoleType": "service"}]}
            ],
        },
        "Accessibility": "PRIVATE",
    }


def redacted(request: Mapping[str, Any]) -> dict[str, Any]:
    """``request`` with every registry password replaced by ``[secret]``: what may be printed or logged."""
    copy = dict(request)
    copy["JobSpecs"] = [
        {**spec, "ImageConfig": {**spec["ImageConfig"], "Password": REDACTED}}
        if "ImageConfig" in spec
        else spec
        for spec in request.get("JobSpecs", [])
    ]
    return copy
