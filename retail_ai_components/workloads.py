"""What a Kubernetes workload needs to use the platform: plain functions that return the
annotations, labels and manifests, for Helm values, kustomize patches or a Pulumi Kubernetes program.

* :func:`eci_burst_pod_settings`: pod-template metadata that lets a serving Deployment burst onto ECI
  through the ``ack-virtual-node`` add-on, starting from the image caches :class:`BurstCluster` builds.
* :func:`intranet_load_balancer_annotations` / :func:`intranet_load_balancer_service`: a ``LoadBalancer``
  Service that gets an intranet-only CLB (the seed's ``eas-inference-gateway``).
* :func:`rrsa_service_account_annotations` / :data:`RRSA_NAMESPACE_LABELS`: bind a ServiceAccount to the
  RAM role :class:`GpuTraining` creates.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Any, Literal, TypedDict

from .errors import InvalidArgumentError

BURST_RESOURCE = "alibabacloud.com/burst-resource"
ECI_LABEL = "alibabacloud.com/eci"
AUTO_IMAGE_CACHE = "k8s.aliyun.com/eci-auto-imc"
IMAGE_CACHE_ID = "k8s.aliyun.com/eci-imc-id"
IMAGE_CACHE_PERFECT_MATCH = "k8s.aliyun.com/imc-perfect-match"
IMAGE_CACHE_MATCH_COUNT = "k8s.aliyun.com/imc-match-count-request"

LB_ADDRESS_TYPE = "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type"
LB_SPEC = "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-spec"
LB_VSWITCH = "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-vswitch-id"

RRSA_ROLE_ANNOTATION = "pod-identity.alibabacloud.com/role-name"
RRSA_NAMESPACE_LABELS: dict[str, str] = {"pod-identity.alibabacloud.com/injection": "on"}
"""Label for the namespace of pods that assume a RAM role through RRSA: the ack-pod-identity-webhook
then mounts the OIDC token and sets the ``ALIBABA_CLOUD_*`` variables the SDKs read."""


class BurstMode(str, Enum):
    """Where a pod may run."""

    BURST = "eci"
    """On the cluster's ECS nodes first; on ECI only when the nodes are full. For serving."""
    ECI_ONLY = "eci_only"
    """Always on ECI (ACK Pro, Kubernetes 1.18+). For spiky, short-lived work."""


BurstModeName = Literal["eci", "eci_only"]
"""The values of :class:`BurstMode` as plain strings, which the args accept as well."""


class EciPodSettings(TypedDict):
    """What a pod template needs for ECI burst."""

    annotations: dict[str, str]
    """For ``spec.template.metadata.annotations``; they act only when a pod is created."""
    labels: dict[str, str]
    """For ``spec.template.metadata.labels``."""
    image_pull_policy: str
    """For every container: ``IfNotPresent``, so layers already in the image cache are not pulled again."""


def eci_burst_pod_settings(
    mode: BurstMode | BurstModeName = BurstMode.BURST,
    *,
    image_cache_id: str | None = None,
    perfect_match: bool = False,
    match_count_request: int | None = None,
) -> EciPodSettings:
    """Pod-template annotations and labels for ECI burst with image-cache matching.

    By default the pod bursts to ECI when the ECS nodes are full and ECI picks the best-matching
    image cache automatically (match degree, then size, then age). ``perfect_match`` accepts only a
    cache holding every image of the pod; ``image_cache_id`` names one cache and wins over matching.
    """
    mode = BurstMode(mode)
    if match_count_request is not None and match_count_request < 1:
        raise InvalidArgumentError("match_count_request", "must be 1 or more")
    annotations = {BURST_RESOURCE: mode.value}
    if image_cache_id:
        annotations[IMAGE_CACHE_ID] = image_cache_id
    else:
        annotations[AUTO_IMAGE_CACHE] = "true"
        if perfect_match:
            annotations[IMAGE_CACHE_PERFECT_MATCH] = "true"
        if match_count_request is not None:
            annotations[IMAGE_CACHE_MATCH_COUNT] = str(match_count_request)
    # The label sends a pod to ECI through the eci-profile webhook; only wanted when every pod goes there.
    labels = {ECI_LABEL: "true"} if mode is BurstMode.ECI_ONLY else {}
    return EciPodSettings(annotations=annotations, labels=labels, image_pull_policy="IfNotPresent")


_SLB_SPEC = re.compile(r"^slb\.s[1-3]\.(small|medium|large|xlarge|2xlarge)$")


def intranet_load_balancer_annotations(
    spec: str | None = "slb.s1.small", vswitch_id: str | None = None
) -> dict[str, str]:
    """Service annotations for a CLB on the intranet only (never an internet address).

    ``spec`` is the pay-by-spec CLB size (``None`` for pay-by-CLCU); ``vswitch_id`` pins the CLB to a
    vSwitch, e.g. the Network's inference vSwitch, instead of the one the CCM picks.
    """
    annotations = {LB_ADDRESS_TYPE: "intranet"}
    if spec is not None:
        if not _SLB_SPEC.match(spec):
            raise InvalidArgumentError("spec", f"{spec!r} is not a CLB spec such as slb.s1.small")
        annotations[LB_SPEC] = spec
    if vswitch_id:
        annotations[LB_VSWITCH] = vswitch_id
    return annotations


def intranet_load_balancer_service(
    name: str,
    selector: dict[str, str],
    *,
    port: int = 80,
    target_port: int = 8080,
    namespace: str | None = None,
    spec: str | None = "slb.s1.small",
    vswitch_id: str | None = None,
) -> dict[str, Any]:
    """A ``v1/Service`` of type LoadBalancer that Alibaba's CCM backs with an intranet CLB."""
    if not selector:
        raise InvalidArgumentError("selector", "must select the pods behind the load balancer")
    for field, value in (("port", port), ("target_port", target_port)):
        if not 1 <= value <= 65535:
            raise InvalidArgumentError(field, f"{value} is not a port (1-65535)")
    metadata: dict[str, Any] = {
        "name": name,
        "annotations": intranet_load_balancer_annotations(spec, vswitch_id),
    }
    if namespace:
        metadata["namespace"] = namespace
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": metadata,
        "spec": {
            "type": "LoadBalancer",
            "selector": dict(selector),
            "ports": [{"protocol": "TCP", "port": port, "targetPort": target_port}],
        },
    }


def rrsa_service_account_annotations(role_name: str) -> dict[str, str]:
    """ServiceAccount annotations that let its pods assume ``role_name`` through RRSA."""
    if not role_name:
        raise InvalidArgumentError("role_name", "is required")
    return {RRSA_ROLE_ANNOTATION: role_name}
