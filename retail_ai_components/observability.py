"""Observability: Managed Prometheus (ARMS) on the BurstCluster, Grafana, and the alerts that page on-call."""

import re
from typing import Annotated, Any, Literal

import pulumi
import pulumi_alicloud as alicloud
import pydantic
import yaml
from typing_extensions import NotRequired, TypedDict

from . import _alert_rules, _naming
from ._eas_config import SERVICE_NAME_PATTERN
from ._options import child_options
from ._refs import ClusterInput, ClusterRef, InputStr, cluster_ref, placed_region
from ._region import stack_region
from ._validation import args_type, component_owner, rule, validate_args
from .errors import InvalidArgumentError

TYPE_TOKEN = "retailai:index:Observability"
GrafanaEdition = Literal["personal_edition", "experts_edition"]
# CreateGrafanaWorkspace's GrafanaVersion, as its API reference writes it ("10.0.x"). Sent explicitly: the
# provider sends an empty version when none is given and then stores the one the API reports, so every
# later `up` would diff (and call UpdateGrafanaWorkspaceVersion).
DEFAULT_GRAFANA_VERSION = "10.0.x"
DEFAULT_P99_MS = 80  # the architecture's hard line for ranking latency
NOTIFY_CHANNELS = ("email", "sms")
# Kubernetes names (a namespace, a named container port) and label keys and values.
_K8S_NAME = r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"
_LABEL_KEY = re.compile(
    r"^([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$"
)
_LABEL_VALUE = re.compile(r"^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$")


def _metric_name(value: str) -> str | None:
    return None if _alert_rules.is_metric_name(value) else f"{value!r} is not a Prometheus metric name"


def _label_name(value: str) -> str | None:
    return None if _alert_rules.is_label_name(value) else f"{value!r} is not a Prometheus label name"


def _pod_labels(labels: dict[str, str]) -> str | None:
    for key, value in labels.items():
        if not _LABEL_KEY.match(key):
            return f"{key!r} is not a Kubernetes label key"
        if not _LABEL_VALUE.match(value):
            return f"{value!r} (of {key!r}) is not a Kubernetes label value"
    return None


MetricName = Annotated[str, rule(_metric_name)]
LabelName = Annotated[str, rule(_label_name)]


@args_type
class ScrapeArgs(TypedDict):
    """Where Managed Prometheus scrapes the serving path's metrics: the pods in the cluster that export the
    latency histogram and the request counter (an inference gateway or proxy in front of the EAS services).
    The component creates the scrape config (a PodMonitor) itself: without one nothing is scraped and no
    alert can fire."""

    pod_labels: Annotated[dict[str, str], pydantic.Field(min_length=1), rule(_pod_labels)]
    """Labels that select the serving pods, e.g. ``{"app": "inference-proxy"}``."""
    namespace: NotRequired[Annotated[str, pydantic.Field(default="default", pattern=_K8S_NAME)]]
    """Their namespace. Optional. Defaults to ``default``."""
    port: NotRequired[Annotated[str, pydantic.Field(default="metrics", pattern=_K8S_NAME)]]
    """The name of the container port that serves the metrics. Optional. Defaults to ``metrics``."""
    path: NotRequired[Annotated[str, pydantic.Field(default="/metrics", pattern=r"^/[A-Za-z0-9_./-]*$")]]
    """The metrics path. Optional. Defaults to ``/metrics``."""
    interval_seconds: NotRequired[Annotated[int, pydantic.Field(default=30, ge=5, le=300)]]
    """Scrape interval, 5 to 300 seconds. Optional. Defaults to 30."""


@args_type
class ServiceAlertArgs(TypedDict):
    """The alerts of one EAS service, from the metrics its serving path exports to Prometheus."""

    service: Annotated[str, pydantic.Field(pattern=SERVICE_NAME_PATTERN)]
    """The EAS service name, as the metrics' ``service`` label carries it."""
    p99_latency_ms: NotRequired[Annotated[int, pydantic.Field(default=DEFAULT_P99_MS, ge=1, le=60_000)]]
    """Page when the P99 latency stays above this. Optional. Defaults to 80."""
    max_qps: NotRequired[Annotated[int, pydantic.Field(ge=1)]]
    """Page when requests per second stay above this (capacity). Optional. Defaults to no throughput alert."""
    max_error_ratio: NotRequired[Annotated[float, pydantic.Field(default=0.01, gt=0, lt=1)]]
    """Page when the share of 5xx responses stays above this. Optional. Defaults to 0.01."""


@args_type
class OnCallContactArgs(TypedDict):
    """One on-call contact: an email, a phone, or both."""

    name: Annotated[str, pydantic.Field(min_length=1, max_length=64)]
    """The person or rota, as ARMS shows it."""
    email: NotRequired[Annotated[str, pydantic.Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]]
    """Email address for email notifications."""
    phone: NotRequired[Annotated[str, pydantic.Field(pattern=r"^\+?[0-9]{6,20}$")]]
    """Mobile number for SMS."""


@args_type
class ObservabilityArgs(TypedDict):
    """Arguments of :class:`Observability`."""

    cluster: ClusterInput
    """The BurstCluster (or its :class:`~retail_ai_components.burst_cluster.ClusterRef`) Prometheus watches."""
    services: Annotated[list[ServiceAlertArgs], pydantic.Field(min_length=1)]
    """One entry per EAS service to alert on."""
    scrape: ScrapeArgs
    """The serving pods Managed Prometheus scrapes for the metrics the alerts read."""
    oncall: Annotated[list[OnCallContactArgs], pydantic.Field(min_length=1, max_length=20)]
    """The on-call contacts every alert is dispatched to, 1 to 20 (personal data: keep it in stack config)."""
    latency_histogram: NotRequired[
        Annotated[MetricName, pydantic.Field(default="http_server_request_duration_seconds")]
    ]
    """The request-latency histogram (seconds) the serving path exports, labelled ``service``. Optional.
    Defaults to ``http_server_request_duration_seconds``."""
    requests_counter: NotRequired[Annotated[MetricName, pydantic.Field(default="http_server_requests_total")]]
    """The request counter, labelled with the response status code. Optional. Defaults to
    ``http_server_requests_total``."""
    service_label: NotRequired[Annotated[LabelName, pydantic.Field(default="service")]]
    """The label that carries the EAS service name on both metrics. Optional. Defaults to ``service``: the
    scrape config honours the pods' own labels, so Prometheus never renames it to ``exported_service``."""
    status_code_label: NotRequired[Annotated[LabelName, pydantic.Field(default="code")]]
    """The label of ``requests_counter`` with the HTTP status code (``code`` in the Prometheus client
    libraries, ``http_response_status_code`` in OpenTelemetry). Optional. Defaults to ``code``."""
    for_minutes: NotRequired[Annotated[int, pydantic.Field(default=2, ge=1, le=60)]]
    """How long a condition must hold before it pages, 1 to 60. Optional. Defaults to 2."""
    grafana_edition: NotRequired[Annotated[GrafanaEdition, pydantic.Field(default="experts_edition")]]
    """``personal_edition`` or ``experts_edition`` (Pro). Optional. Defaults to ``experts_edition``. Both are
    paid editions: the account needs real-name verification."""
    grafana_version: NotRequired[
        Annotated[str, pydantic.Field(default=DEFAULT_GRAFANA_VERSION, pattern=r"^[0-9]{1,2}\.[0-9]\.x$")]
    ]
    """The Grafana major line, as the ARMS API names it (``10.0.x``). Optional. Defaults to ``10.0.x``."""
    resource_group_id: NotRequired[InputStr]
    """Resource group of the Grafana workspace and the Prometheus instance. Optional. Defaults to the
    account's default group."""
    tags: NotRequired[Annotated[dict[str, str], pydantic.Field(default={})]]
    """Tags for every child that takes tags. Optional. Defaults to none."""


def service_alerts(
    spec: ServiceAlertArgs,
    histogram: str,
    counter: str,
    *,
    service_label: str = "service",
    status_code_label: str = "code",
) -> list[tuple[str, str, str]]:
    """``(kind, PromQL, message)`` for one service: P99 latency always, error ratio always, throughput when
    a capacity is given."""
    labels = {service_label: spec["service"]}
    alerts = [
        (
            "p99",
            _alert_rules.p99_latency_over(histogram, labels, spec["p99_latency_ms"]),
            f"{spec['service']}: P99 latency above {spec['p99_latency_ms']} ms",
        ),
        (
            "errors",
            _alert_rules.error_ratio_over(
                counter, labels, spec["max_error_ratio"], code_label=status_code_label
            ),
            f"{spec['service']}: more than {spec['max_error_ratio']:.0%} of requests fail with 5xx",
        ),
    ]
    if "max_qps" in spec:
        alerts.append(
            (
                "qps",
                _alert_rules.throughput_over(histogram, labels, spec["max_qps"]),
                f"{spec['service']}: above {spec['max_qps']} requests per second, near capacity",
            )
        )
    return alerts


def pod_monitor(name: str, scrape: ScrapeArgs) -> dict[str, Any]:
    """The PodMonitor (prometheus-operator CRD, as ARMS takes it) that scrapes the serving pods.

    ``honorLabels`` keeps the labels the pods export as they are: a ServiceMonitor adds the Kubernetes
    Service's name as ``service`` and, on a clash, renames the pods' own ``service`` label (the EAS service
    name the alerts select on) to ``exported_service``. ``scrape`` is validated: every field present."""
    return {
        "apiVersion": "monitoring.coreos.com/v1",
        "kind": "PodMonitor",
        "metadata": {"name": name, "namespace": scrape["namespace"]},
        "spec": {
            "selector": {"matchLabels": dict(sorted(scrape["pod_labels"].items()))},
            "namespaceSelector": {"matchNames": [scrape["namespace"]]},
            "podMetricsEndpoints": [
                {
                    "port": scrape["port"],
                    "path": scrape["path"],
                    "interval": f"{scrape['interval_seconds']}s",
                    "honorLabels": True,
                }
            ],
        },
    }


def _k8s_name(name: str) -> str:
    """A Kubernetes object name from a component name: lowercase letters, digits and ``-``, at most 63."""
    return _naming.fitted_name(name, 63).replace("_", "-").strip("-")


def _check(
    spec: ObservabilityArgs, owner: str, opts: pulumi.ResourceOptions | None
) -> tuple[str, ClusterRef]:
    """Rules that span fields. Returns the region and the cluster."""
    region = stack_region(
        owner=owner, opts=opts, placed_in=placed_region(spec["cluster"]), field="cluster.network.region"
    )
    cluster = cluster_ref(spec["cluster"], region=region, owner=owner)
    services = [s["service"] for s in spec["services"]]
    if len(set(services)) != len(services):
        raise InvalidArgumentError("services", "lists a service more than once", owner=owner)
    for i, contact in enumerate(spec["oncall"]):
        if "email" not in contact and "phone" not in contact:
            raise InvalidArgumentError(f"oncall[{i}]", "give an email, a phone, or both", owner=owner)
    return region, cluster


def _alerts(spec: ObservabilityArgs) -> dict[str, tuple[str, str]]:
    """``{"<service>-<kind>": (PromQL, message)}`` of every service's alerts."""
    return {
        f"{s['service']}-{kind}": (expression, message)
        for s in spec["services"]
        for kind, expression, message in service_alerts(
            s,
            spec["latency_histogram"],
            spec["requests_counter"],
            service_label=spec["service_label"],
            status_code_label=spec["status_code_label"],
        )
    }


class Observability(pulumi.ComponentResource):
    """Managed Prometheus for the BurstCluster with a Grafana workspace, and per-EAS-service alert rules
    (P99 latency over the architecture's 80 ms from the latency histogram, error ratio, throughput) that a
    dispatch rule sends to the on-call contact group. This is the one source of truth that pages: give the
    EasServices it watches no ``alerts`` (their CloudMonitor alarms), so nothing pages twice.

    Children: ``{name}-grafana`` (arms.GrafanaWorkspace), ``{name}-prometheus`` (arms.Prometheus,
    ``aliyun-cs``), ``{name}-scrape`` (arms.PrometheusMonitoring: a PodMonitor for the serving pods),
    ``{name}-contact-{i}`` (arms.AlertContact), ``{name}-oncall`` (arms.AlertContactGroup),
    ``{name}-dispatch`` (arms.DispatchRule) and ``{name}-{service}-{kind}`` (arms.PrometheusAlertRule).
    """

    prometheus_cluster_id: pulumi.Output[str]
    grafana_workspace_id: pulumi.Output[str]
    alert_expressions: dict[str, str]
    """``{"<service>-<kind>": PromQL}`` of every alert rule."""

    def __init__(
        self, name: str, args: ObservabilityArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        owner = component_owner("Observability", name)
        spec = validate_args(ObservabilityArgs, args, owner=owner)
        region, cluster = _check(spec, owner, opts)
        alerts = _alerts(spec)
        self.alert_expressions = {key: expression for key, (expression, _) in alerts.items()}
        super().__init__(
            TYPE_TOKEN,
            name,
            {
                "region": region,
                "services": [s["service"] for s in spec["services"]],
                "alertExpressions": self.alert_expressions,
            },
            opts,
        )
        tags = spec["tags"] or None

        grafana = self._grafana(name, spec, tags)
        prometheus = self._prometheus(name, spec, cluster, grafana, tags)
        self.scrape = self._scrape(name, prometheus, spec["scrape"])
        oncall = self._oncall_group(name, spec["oncall"])
        dispatch = self._dispatch_rule(name, oncall)
        self._alert_rules(name, alerts, prometheus, dispatch, spec["for_minutes"])
        self._publish_outputs(prometheus, grafana)

    def _grafana(
        self, name: str, spec: ObservabilityArgs, tags: dict[str, str] | None
    ) -> alicloud.arms.GrafanaWorkspace:
        return alicloud.arms.GrafanaWorkspace(
            f"{name}-grafana",
            grafana_workspace_name=f"{name}-grafana"[:64],
            grafana_workspace_edition=spec["grafana_edition"],
            grafana_version=spec["grafana_version"],
            description=f"Dashboards of {name}",
            resource_group_id=spec.get("resource_group_id"),
            tags=tags,
            opts=child_options(self),
        )

    def _prometheus(
        self,
        name: str,
        spec: ObservabilityArgs,
        cluster: ClusterRef,
        grafana: alicloud.arms.GrafanaWorkspace,
        tags: dict[str, str] | None,
    ) -> alicloud.arms.Prometheus:
        """Managed Prometheus on the cluster, its dashboards in the Grafana workspace."""
        return alicloud.arms.Prometheus(
            f"{name}-prometheus",
            cluster_type="aliyun-cs",
            cluster_id=cluster["cluster_id"],
            grafana_instance_id=grafana.id,
            resource_group_id=spec.get("resource_group_id"),
            tags=tags,
            opts=child_options(self),
        )

    def _scrape(
        self, name: str, prometheus: alicloud.arms.Prometheus, scrape: ScrapeArgs
    ) -> alicloud.arms.PrometheusMonitoring:
        """The PodMonitor that scrapes the serving pods."""
        return alicloud.arms.PrometheusMonitoring(
            f"{name}-scrape",
            cluster_id=prometheus.cluster_id,
            type="podMonitor",
            status="run",
            config_yaml=yaml.safe_dump(pod_monitor(_k8s_name(f"{name}-serving"), scrape), sort_keys=False),
            opts=child_options(self),
        )

    def _oncall_group(self, name: str, oncall: list[OnCallContactArgs]) -> alicloud.arms.AlertContactGroup:
        """One alert contact per on-call person, and the group the dispatch rule notifies."""
        contacts = [
            alicloud.arms.AlertContact(
                f"{name}-contact-{i}",
                alert_contact_name=contact["name"],
                email=contact.get("email"),
                phone_num=contact.get("phone"),
                opts=child_options(self),
            )
            for i, contact in enumerate(oncall)
        ]
        return alicloud.arms.AlertContactGroup(
            f"{name}-oncall",
            alert_contact_group_name=f"{name}-oncall"[:64],
            contact_ids=[c.id for c in contacts],
            opts=child_options(self),
        )

    def _dispatch_rule(
        self, name: str, oncall: alicloud.arms.AlertContactGroup
    ) -> alicloud.arms.DispatchRule:
        """Sends this component's alerts, and only those, to the on-call group on every channel."""
        return alicloud.arms.DispatchRule(
            f"{name}-dispatch",
            dispatch_rule_name=f"{name}-to-oncall"[:64],
            dispatch_type="CREATE_ALERT",
            group_rules=[
                {
                    "group_wait_time": 5,
                    "group_interval": 15,
                    "repeat_interval": 100,
                    "grouping_fields": ["alertname"],
                }
            ],
            # Only this component's alerts, which all carry the label below.
            label_match_expression_grids=[
                {
                    "label_match_expression_groups": [
                        {
                            "label_match_expressions": [
                                {"key": "retail_ai_alerts", "value": name, "operator": "eq"}
                            ]
                        }
                    ]
                }
            ],
            notify_rules=[
                {
                    "notify_objects": [
                        {
                            "notify_object_id": oncall.id,
                            "notify_type": "ARMS_CONTACT_GROUP",
                            "name": f"{name}-oncall",
                        }
                    ],
                    "notify_channels": list(NOTIFY_CHANNELS),
                    "notify_start_time": "00:00",
                    "notify_end_time": "23:59",
                }
            ],
            opts=child_options(self),
        )

    def _alert_rules(
        self,
        name: str,
        alerts: dict[str, tuple[str, str]],
        prometheus: alicloud.arms.Prometheus,
        dispatch: alicloud.arms.DispatchRule,
        for_minutes: int,
    ) -> None:
        """One Prometheus alert rule per service and kind, labelled for the dispatch rule."""
        for key, (expression, message) in alerts.items():
            alicloud.arms.PrometheusAlertRule(
                f"{name}-{key}",
                cluster_id=prometheus.cluster_id,
                prometheus_alert_rule_name=f"{name}-{key}"[:64],
                expression=expression,
                duration=str(for_minutes),
                message=message,
                notify_type="DISPATCH_RULE",
                dispatch_rule_id=dispatch.id,
                labels=[
                    {"name": "retail_ai_alerts", "value": name},
                    {"name": "severity", "value": "critical"},
                ],
                opts=child_options(self),
            )

    def _publish_outputs(
        self, prometheus: alicloud.arms.Prometheus, grafana: alicloud.arms.GrafanaWorkspace
    ) -> None:
        self.prometheus_cluster_id = prometheus.cluster_id
        self.grafana_workspace_id = grafana.id
        self.register_outputs(
            {
                "prometheusClusterId": self.prometheus_cluster_id,
                "grafanaWorkspaceId": self.grafana_workspace_id,
                "alertExpressions": self.alert_expressions,
            }
        )
