"""Observability under mocks: Prometheus on the cluster, Grafana, per-service alerts paging the on-call group."""

from __future__ import annotations

import pytest
import yaml

from retail_ai_components import BurstCluster, InvalidArgumentError, Network, Observability
from retail_ai_components.observability import TYPE_TOKEN

ZONES = ["cn-hangzhou-i", "cn-hangzhou-j"]
RULE = "alicloud:arms/prometheusAlertRule:PrometheusAlertRule"
MONITORING = "alicloud:arms/prometheusMonitoring:PrometheusMonitoring"
ONCALL = [{"name": "ranking-oncall", "email": "oncall@example.com", "phone": "+8613800000000"}]
SCRAPE = {"pod_labels": {"app": "inference-proxy"}}


def program(**extra):
    def run() -> None:
        network = Network("core", {"zone_ids": ZONES})
        cluster = BurstCluster("bc", {"network": network.ref()})
        args = {
            "cluster": cluster,
            "services": [{"service": "ranking_prod", "max_qps": 60000}],
            "scrape": SCRAPE,
            "oncall": ONCALL,
        }
        Observability("obs", {**args, **extra})  # type: ignore[typeddict-item]

    return run


def test_prometheus_watches_the_cluster_with_grafana(record):
    run = record(program())
    [prometheus] = run.of_type("alicloud:arms/prometheus:Prometheus")
    assert prometheus.inputs["clusterType"] == "aliyun-cs"
    assert prometheus.inputs["clusterId"] == run.named("bc-cluster").id
    assert prometheus.inputs["grafanaInstanceId"] == run.named("obs-grafana").id


def test_p99_over_80_ms_from_the_histogram_errors_and_throughput_page_oncall(record):
    run = record(program())
    rules = {r.name: r.inputs for r in run.of_type(RULE)}
    assert set(rules) == {"obs-ranking_prod-p99", "obs-ranking_prod-errors", "obs-ranking_prod-qps"}
    p99 = rules["obs-ranking_prod-p99"]["expression"]
    assert p99.startswith("histogram_quantile(0.99,") and p99.endswith("> 0.08")
    assert 'service="ranking_prod"' in p99
    dispatch = run.named("obs-dispatch")
    group = run.named("obs-oncall")
    for rule in rules.values():
        assert rule["notifyType"] == "DISPATCH_RULE" and rule["dispatchRuleId"] == dispatch.id
    [notify] = dispatch.inputs["notifyRules"]
    assert notify["notifyObjects"][0]["notifyObjectId"] == group.id
    [contact] = run.of_type("alicloud:arms/alertContact:AlertContact")
    assert group.inputs["contactIds"] == [contact.id]
    assert run.of_type(TYPE_TOKEN)[0].inputs["alertExpressions"]["ranking_prod-p99"] == p99


def test_the_grafana_version_is_sent_so_the_apis_answer_never_diffs(record):
    # Create sends GrafanaVersion whether given or not, and Read stores the API's: an empty one diffs forever.
    assert record(program()).named("obs-grafana").inputs["grafanaVersion"] == "10.0.x"
    run = record(program(grafana_version="11.4.x"))
    assert run.named("obs-grafana").inputs["grafanaVersion"] == "11.4.x"


def test_the_serving_pods_are_scraped_with_their_own_labels_kept(record):
    run = record(program(scrape={**SCRAPE, "namespace": "serving", "port": "http-metrics"}))
    [scrape] = run.of_type(MONITORING)
    assert scrape.inputs["clusterId"] == run.named("obs-prometheus").inputs["clusterId"]
    assert (scrape.inputs["type"], scrape.inputs["status"]) == ("podMonitor", "run")
    monitor = yaml.safe_load(scrape.inputs["configYaml"])
    assert monitor["kind"] == "PodMonitor"
    assert monitor["metadata"] == {"name": "obs-serving", "namespace": "serving"}
    assert monitor["spec"]["selector"] == {"matchLabels": {"app": "inference-proxy"}}
    assert monitor["spec"]["namespaceSelector"] == {"matchNames": ["serving"]}
    [endpoint] = monitor["spec"]["podMetricsEndpoints"]
    assert endpoint == {"port": "http-metrics", "path": "/metrics", "interval": "30s", "honorLabels": True}


def test_promql_selects_the_labels_that_are_scraped(record):
    rules = {r.name: r.inputs["expression"] for r in record(program()).of_type(RULE)}
    # The pods' own `service` label survives the scrape (honorLabels), so no exported_service.
    assert all('service="ranking_prod"' in e and "exported_service" not in e for e in rules.values())
    assert 'code=~"5.."' in rules["obs-ranking_prod-errors"]
    run = record(program(service_label="eas_service", status_code_label="http_response_status_code"))
    rules = {r.name: r.inputs["expression"] for r in run.of_type(RULE)}
    assert all('eas_service="ranking_prod"' in e for e in rules.values())
    errors = rules["obs-ranking_prod-errors"]
    assert 'http_response_status_code=~"5.."' in errors and 'code=~"5.."' not in errors.replace("_code=~", "")


def test_no_throughput_alert_without_a_capacity(record):
    run = record(program(services=[{"service": "ranking_dev"}]))
    assert {r.name for r in run.of_type(RULE)} == {"obs-ranking_dev-p99", "obs-ranking_dev-errors"}


@pytest.mark.parametrize(
    "extra,field",
    [
        ({"services": []}, "services"),
        ({"services": [{"service": "Ranking"}]}, "services[0].service"),
        ({"services": [{"service": "a_b"}, {"service": "a_b"}]}, "services"),
        ({"oncall": [{"name": "x"}]}, "oncall[0]"),
        ({"oncall": [{"name": "x", "email": "not-an-email"}]}, "oncall[0].email"),
        ({"latency_histogram": "bad-name"}, "latency_histogram"),
        ({"grafana_edition": "standard"}, "grafana_edition"),
        ({"for_minutes": 61}, "for_minutes"),
        ({"scrape": {}}, "scrape.pod_labels"),
        ({"scrape": {"pod_labels": {"app": "a b"}}}, "scrape.pod_labels"),
        ({"scrape": {**SCRAPE, "namespace": "Serving"}}, "scrape.namespace"),
        ({"status_code_label": "status-code"}, "status_code_label"),
        ({"grafana_version": "latest"}, "grafana_version"),
        ({"services": [{"service": "ranking", "max_error_ratio": 1.5}]}, "services[0].max_error_ratio"),
    ],
)
def test_bad_args_are_one_error_naming_the_field(record, extra, field):
    with pytest.raises(InvalidArgumentError) as caught:
        record(program(**extra))
    assert caught.value.field == field


def test_defaults_come_from_the_args_declaration(record):
    run = record(program(services=[{"service": "ranking_dev"}]))
    rules = {r.name: r.inputs for r in run.of_type(RULE)}
    assert {r["duration"] for r in rules.values()} == {"2"}
    assert rules["obs-ranking_dev-p99"]["expression"].endswith("> 0.08")  # 80 ms
    assert "http_server_requests_total" in rules["obs-ranking_dev-errors"]["expression"]
    assert run.named("obs-grafana").inputs["grafanaWorkspaceEdition"] == "experts_edition"
