"""Observability: Managed Prometheus (ARMS) on the BurstCluster, Grafana, and the alerts that page on-call."""

from __future__ import annotations

from typing import Annotated, Literal

import pulumi
import pulumi_alicloud as alicloud
import pydantic
from typing_extensions import NotRequired, TypedDict

from . import _alert_rules
from ._eas_config import SERVICE_NAME_PATTERN
from ._options import child_options
from ._refs import ClusterInput, InputStr, cluster_ref
from ._region import stack_region
from ._validation import args_type, rule, validate_args
from .errors import InvalidArgumentError

TYPE_TOKEN = "retailai:index:Observability"
GrafanaEdition = Literal["personal_edition", "experts_edition"]
DEFAULT_P99_MS = 80  # the architecture's hard line for ranking latency
NOTIFY_CHANNELS = ("email", "sms")


def _metric_name(value: str) -> str | None:
    return None if _alert_rules.is_metric_name(value) else f"{value!r} is not a Prometheus metric name"


MetricName = Annotated[str, rule(_metric_name)]


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
    oncall: Annotated[list[OnCallContactArgs], pydantic.Field(min_length=1, max_length=20)]
    """The on-call contacts every alert is dispatched to, 1 to 20 (personal data: keep it in stack config)."""
    latency_histogram: NotRequired[
        Annotated[MetricName, pydantic.Field(default="http_server_request_duration_seconds")]
    ]
    """The request-latency histogram (seconds) the serving path exports, labelled ``service``. Optional.
    Defaults to ``http_server_request_duration_seconds``."""
    requests_counter: NotRequired[Annotated[MetricName, pydantic.Field(default="http_server_requests_total")]]
    """The request counter with a ``code`` label. Optional. Defaults to ``http_server_requests_total``."""
    for_minutes: NotRequired[Annotated[int, pydantic.Field(default=2, ge=1, le=60)]]
    """How long a condition must hold before it pages, 1 to 60. Optional. Defaults to 2."""
    grafana_edition: NotRequired[Annotated[GrafanaEdition, pydantic.Field(default="experts_edition")]]
    """``personal_edition`` or ``experts_edition`` (Pro). Optional. Defaults to ``experts_edition``."""
    resource_group_id: NotRequired[InputStr]
    """Resource group of the Grafana workspace and the Prometheus instance. Optional. Defaults to the
    account's default group."""
    tags: NotRequired[Annotated[dict[str, str], pydantic.Field(default={})]]
    """Tags for every child that takes tags. Optional. Defaults to none."""


def service_alerts(spec: ServiceAlertArgs, histogram: str, counter: str) -> list[tuple[str, str, str]]:
    """``(kind, PromQL, message)`` for one service: P99 latency always, error ratio always, throughput when
    a capacity is given."""
    labels = {"service": spec["service"]}
    alerts = [
        (
            "p99",
            _alert_rules.p99_latency_over(histogram, labels, spec["p99_latency_ms"]),
            f"{spec['service']}: P99 latency above {spec['p99_latency_ms']} ms",
        ),
        (
            "errors",
            _alert_rules.error_ratio_over(counter, labels, spec["max_error_ratio"]),
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


class Observability(pulumi.ComponentResource):
    """Managed Prometheus for the BurstCluster with a Grafana workspace, and per-EAS-service alert rules
    (P99 latency over the architecture's 80 ms from the latency histogram, error ratio, throughput) that a
    dispatch rule sends to the on-call contact group. This is the one source of truth that pages: give the
    EasServices it watches no ``alerts`` (their CloudMonitor alarms), so nothing pages twice.

    Children: ``{name}-grafana`` (arms.GrafanaWorkspace), ``{name}-prometheus`` (arms.Prometheus,
    ``aliyun-cs``), ``{name}-contact-{i}`` (arms.AlertContact), ``{name}-oncall`` (arms.AlertContactGroup),
    ``{name}-dispatch`` (arms.DispatchRule) and ``{name}-{service}-{kind}`` (arms.PrometheusAlertRule).
    """

    prometheus_cluster_id: pulumi.Output[str]
    grafana_workspace_id: pulumi.Output[str]
    alert_expressions: dict[str, str]
    """``{"<service>-<kind>": PromQL}`` of every alert rule."""

    def __init__(
        self, name: str, args: ObservabilityArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        owner = f"Observability {name!r}"
        spec = validate_args(ObservabilityArgs, args, owner=owner)
        region = stack_region(owner=owner)
        cluster = cluster_ref(spec["cluster"], region=region, owner=owner)
        services = [s["service"] for s in spec["services"]]
        if len(set(services)) != len(services):
            raise InvalidArgumentError("services", "lists a service more than once", owner=owner)
        for i, contact in enumerate(spec["oncall"]):
            if "email" not in contact and "phone" not in contact:
                raise InvalidArgumentError(f"oncall[{i}]", "give an email, a phone, or both", owner=owner)
        alerts = {
            f"{s['service']}-{kind}": (expression, message)
            for s in spec["services"]
            for kind, expression, message in service_alerts(
                s, spec["latency_histogram"], spec["requests_counter"]
            )
        }
        self.alert_expressions = {key: expression for key, (expression, _) in alerts.items()}

        super().__init__(
            TYPE_TOKEN,
            name,
            {"region": region, "services": services, "alertExpressions": self.alert_expressions},
            opts,
        )
        tags = spec["tags"] or None
        grafana = alicloud.arms.GrafanaWorkspace(
            f"{name}-grafana",
            grafana_workspace_name=f"{name}-grafana"[:64],
            grafana_workspace_edition=spec["grafana_edition"],
            description=f"Dashboards of {name}",
            resource_group_id=spec.get("resource_group_id"),
            tags=tags,
            opts=child_options(self),
        )
        prometheus = alicloud.arms.Prometheus(
            f"{name}-prometheus",
            cluster_type="aliyun-cs",
            cluster_id=cluster["cluster_id"],
            grafana_instance_id=grafana.id,
            resource_group_id=spec.get("resource_group_id"),
            tags=tags,
            opts=child_options(self),
        )
        contacts = [
            alicloud.arms.AlertContact(
                f"{name}-contact-{i}",
                alert_contact_name=contact["name"],
                email=contact.get("email"),
                phone_num=contact.get("phone"),
                opts=child_options(self),
            )
            for i, contact in enumerate(spec["oncall"])
        ]
        group = alicloud.arms.AlertContactGroup(
            f"{name}-oncall",
            alert_contact_group_name=f"{name}-oncall"[:64],
            contact_ids=[c.id for c in contacts],
            opts=child_options(self),
        )
        dispatch = alicloud.arms.DispatchRule(
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
                            "notify_object_id": group.id,
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
        for key, (expression, message) in alerts.items():
            alicloud.arms.PrometheusAlertRule(
                f"{name}-{key}",
                cluster_id=prometheus.cluster_id,
                prometheus_alert_rule_name=f"{name}-{key}"[:64],
                expression=expression,
                duration=str(spec["for_minutes"]),
                message=message,
                notify_type="DISPATCH_RULE",
                dispatch_rule_id=dispatch.id,
                labels=[
                    {"name": "retail_ai_alerts", "value": name},
                    {"name": "severity", "value": "critical"},
                ],
                opts=child_options(self),
            )
        self.prometheus_cluster_id = prometheus.cluster_id
        self.grafana_workspace_id = grafana.id
        self.register_outputs(
            {
                "prometheusClusterId": self.prometheus_cluster_id,
                "grafanaWorkspaceId": self.grafana_workspace_id,
                "alertExpressions": self.alert_expressions,
            }
        )
