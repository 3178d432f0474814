"""EAS traffic that pulumi-alicloud does not manage: service-group weights and traffic mirroring.

Both are Pulumi dynamic resources whose providers call the EAS OpenAPI through Alibaba's official
SDK (``alibabacloud-eas20210701``):

* :class:`EasTrafficSplit` sets each member's weight in its service group with ReleaseService
  (``PUT /api/v2/services/{ClusterId}/{ServiceName}/release``: ``TrafficState`` ``grouping`` and
  ``Weight`` in [-1, 1000]). A member dropped from the split goes back to ``standalone`` traffic.
* :class:`EasTrafficMirror` copies a ratio of a service's requests to shadow services with
  CreateServiceMirror / UpdateServiceMirror / DeleteServiceMirror (``Ratio`` 0-100, ``Target``
  service names). The mirror's answers are discarded by EAS; callers only ever see the source's.

``ClusterId`` is the region ID. Credentials come from Alibaba's default credential chain
(``alibabacloud_credentials``), as the CLI and the provider find them when the provider runs: the
``ALIBABA_CLOUD_ACCESS_KEY_ID``/``ALIBABA_CLOUD_ACCESS_KEY_SECRET`` (and ``ALIBABA_CLOUD_SECURITY_TOKEN``)
environment variables, an OIDC role (RRSA), a CLI or credentials-file profile, then the ECS RAM role of the
machine. They are never inputs, so they never reach state. The provider object itself is pickled into state
by Pulumi, which is why it holds only a module-level client factory and no client, key or token.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

import pulumi
import pulumi.dynamic

SPLIT_TYPE = "pulumi-python:dynamic/eas:TrafficSplit"
MIRROR_TYPE = "pulumi-python:dynamic/eas:TrafficMirror"
EVEN_WEIGHT = 100


class EasClient(Protocol):
    """The part of ``alibabacloud_eas20210701.client.Client`` the providers use."""

    def release_service(self, cluster_id: str, service_name: str, request: Any) -> Any: ...
    def create_service_mirror(self, cluster_id: str, service_name: str, request: Any) -> Any: ...
    def update_service_mirror(self, cluster_id: str, service_name: str, request: Any) -> Any: ...
    def delete_service_mirror(self, cluster_id: str, service_name: str) -> Any: ...
    def describe_service_mirror(self, cluster_id: str, service_name: str) -> Any: ...


ClientFactory = Callable[[str], EasClient]


class MissingCredentialsError(RuntimeError):
    """The EAS OpenAPI needs credentials that the environment does not provide."""


def default_client_factory(region: str) -> EasClient:
    """An EAS client for ``region`` with credentials from the default chain, resolved right now so that a
    missing credential is one clear error before any call."""
    from alibabacloud_credentials.client import Client as CredentialClient
    from alibabacloud_eas20210701.client import Client
    from alibabacloud_tea_openapi import models as open_api_models

    credential = CredentialClient()
    try:
        credential.get_credential()
    except Exception as exc:  # the chain's own error may quote a profile's contents: name only its type
        raise MissingCredentialsError(
            "no Alibaba Cloud credentials for the EAS OpenAPI: set ALIBABA_CLOUD_ACCESS_KEY_ID and "
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET, use an OIDC role (RRSA), a CLI or credentials-file profile, or "
            f"run on ECS with a RAM role ({type(exc).__name__})"
        ) from None
    client: EasClient = Client(open_api_models.Config(credential=credential, region_id=region))
    return client


def _models() -> Any:
    from alibabacloud_eas20210701 import models

    return models


def _is_not_found(exc: Exception) -> bool:
    code = str(getattr(exc, "code", "") or "")
    status = getattr(exc, "status_code", None) or getattr(exc, "statusCode", None)
    return status == 404 or "NotFound" in code or "NotExist" in code


class TrafficSplitProvider(pulumi.dynamic.ResourceProvider):
    """Weights of services inside one EAS service group (blue-green, canary)."""

    def __init__(self, client_factory: ClientFactory = default_client_factory) -> None:
        super().__init__()
        self._client_factory = client_factory

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> pulumi.dynamic.CheckResult:
        failures = []
        weights = news.get("weights") or {}
        if not weights:
            failures.append(pulumi.dynamic.CheckFailure("weights", "give at least one member"))
        for name, weight in weights.items():
            if not 0 <= int(weight) <= 1000:
                failures.append(pulumi.dynamic.CheckFailure("weights", f"{name}: weight must be 0-1000"))
        return pulumi.dynamic.CheckResult(news, failures)

    def create(self, props: dict[str, Any]) -> pulumi.dynamic.CreateResult:
        client = self._client_factory(props["region"])
        for service, weight in sorted(props["weights"].items()):
            self._release(client, props["region"], service, "grouping", int(weight))
        return pulumi.dynamic.CreateResult(f"{props['region']}/{props['groupName']}", _outs(props))

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> pulumi.dynamic.DiffResult:
        replaces = [key for key in ("region", "groupName") if olds.get(key) != news.get(key)]
        changes = bool(replaces) or _weights(olds) != _weights(news)
        return pulumi.dynamic.DiffResult(changes=changes, replaces=replaces, delete_before_replace=False)

    def update(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> pulumi.dynamic.UpdateResult:
        client = self._client_factory(news["region"])
        old, new = _weights(olds), _weights(news)
        # Raise weights before lowering others, so the group never has less total weight than needed.
        for service in sorted(new, key=lambda s: new[s] - old.get(s, 0), reverse=True):
            if old.get(service) != new[service]:
                self._release(client, news["region"], service, "grouping", new[service])
        for service in sorted(set(old) - set(new)):
            self._release(client, news["region"], service, "standalone", None, missing_ok=True)
        return pulumi.dynamic.UpdateResult(_outs(news))

    def delete(self, _id: str, props: dict[str, Any]) -> None:
        """Leaves every member that still exists in the group with an even share, never at zero."""
        client = self._client_factory(props["region"])
        for service in sorted(_weights(props)):
            self._release(client, props["region"], service, "grouping", EVEN_WEIGHT, missing_ok=True)

    @staticmethod
    def _release(
        client: EasClient, region: str, service: str, state: str, weight: int | None, missing_ok: bool = False
    ) -> None:
        request = _models().ReleaseServiceRequest(traffic_state=state, weight=weight)
        try:
            client.release_service(region, service, request)
        except Exception as exc:
            if not (missing_ok and _is_not_found(exc)):
                raise


class TrafficMirrorProvider(pulumi.dynamic.ResourceProvider):
    """Shadow traffic: a ratio of one service's requests, copied to target services."""

    def __init__(self, client_factory: ClientFactory = default_client_factory) -> None:
        super().__init__()
        self._client_factory = client_factory

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> pulumi.dynamic.CheckResult:
        failures = []
        ratio = news.get("ratio", -1)
        if not (isinstance(ratio, (int, float)) and float(ratio).is_integer() and 0 <= ratio <= 100):
            failures.append(pulumi.dynamic.CheckFailure("ratio", "ratio must be a whole percentage, 0-100"))
        if not news.get("targets"):
            failures.append(pulumi.dynamic.CheckFailure("targets", "give at least one target service"))
        if news.get("sourceService") in (news.get("targets") or []):
            failures.append(pulumi.dynamic.CheckFailure("targets", "a service cannot mirror to itself"))
        return pulumi.dynamic.CheckResult(news, failures)

    def create(self, props: dict[str, Any]) -> pulumi.dynamic.CreateResult:
        client = self._client_factory(props["region"])
        request = _models().CreateServiceMirrorRequest(
            ratio=int(props["ratio"]), target=list(props["targets"])
        )
        client.create_service_mirror(props["region"], props["sourceService"], request)
        return pulumi.dynamic.CreateResult(f"{props['region']}/{props['sourceService']}", _outs(props))

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> pulumi.dynamic.DiffResult:
        replaces = [key for key in ("region", "sourceService") if olds.get(key) != news.get(key)]
        changes = (
            bool(replaces)
            or float(olds.get("ratio", -1)) != float(news.get("ratio", -1))
            or sorted(olds.get("targets") or []) != sorted(news.get("targets") or [])
        )
        return pulumi.dynamic.DiffResult(changes=changes, replaces=replaces, delete_before_replace=True)

    def update(self, _id: str, _olds: dict[str, Any], news: dict[str, Any]) -> pulumi.dynamic.UpdateResult:
        client = self._client_factory(news["region"])
        request = _models().UpdateServiceMirrorRequest(ratio=int(news["ratio"]), target=list(news["targets"]))
        client.update_service_mirror(news["region"], news["sourceService"], request)
        return pulumi.dynamic.UpdateResult(_outs(news))

    def delete(self, _id: str, props: dict[str, Any]) -> None:
        client = self._client_factory(props["region"])
        try:
            client.delete_service_mirror(props["region"], props["sourceService"])
        except Exception as exc:
            if not _is_not_found(exc):
                raise

    def read(self, id_: str, props: dict[str, Any]) -> pulumi.dynamic.ReadResult:
        client = self._client_factory(props["region"])
        body = client.describe_service_mirror(props["region"], props["sourceService"]).body
        targets = [t for t in str(body.target or "").split(",") if t]
        ratio = int(float(body.ratio)) if body.ratio not in (None, "") else 0
        return pulumi.dynamic.ReadResult(id_, {**props, "ratio": ratio, "targets": targets})


def _weights(props: Mapping[str, Any]) -> dict[str, int]:
    return {name: int(weight) for name, weight in (props.get("weights") or {}).items()}


def _outs(props: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if k != "__provider"}


class EasTrafficSplit(pulumi.dynamic.Resource, module="eas", name="TrafficSplit"):
    """Weights of the services in one EAS service group (type ``pulumi-python:dynamic/eas:TrafficSplit``)."""

    region: pulumi.Output[str]
    weights: pulumi.Output[dict[str, int]]

    def __init__(
        self,
        name: str,
        *,
        region: str,
        group_name: str,
        weights: Mapping[str, pulumi.Input[str] | int] | pulumi.Input[dict[str, int]],
        opts: pulumi.ResourceOptions | None = None,
        client_factory: ClientFactory = default_client_factory,
    ) -> None:
        props = {"region": region, "groupName": group_name, "weights": weights}
        super().__init__(TrafficSplitProvider(client_factory), name, props, opts)


class EasTrafficMirror(pulumi.dynamic.Resource, module="eas", name="TrafficMirror"):
    """Shadow traffic from one EAS service (type ``pulumi-python:dynamic/eas:TrafficMirror``)."""

    region: pulumi.Output[str]
    targets: pulumi.Output[list[str]]
    ratio: pulumi.Output[int]

    def __init__(
        self,
        name: str,
        *,
        region: str,
        source_service: pulumi.Input[str],
        targets: list[pulumi.Input[str]],
        ratio: int,
        opts: pulumi.ResourceOptions | None = None,
        client_factory: ClientFactory = default_client_factory,
    ) -> None:
        props = {"region": region, "sourceService": source_service, "targets": targets, "ratio": ratio}
        super().__init__(TrafficMirrorProvider(client_factory), name, props, opts)
