"""PromQL of the per-service alerts (retail_ai_components._alert_rules)."""

import pytest

from retail_ai_components._alert_rules import error_ratio_over, p99_latency_over, selector, throughput_over


def test_p99_latency_is_the_99th_percentile_of_the_histogram_in_seconds() -> None:
    expr = p99_latency_over("http_server_request_duration_seconds", {"service": "ranking"}, 80)
    assert expr == (
        'histogram_quantile(0.99, sum by (le) (rate(http_server_request_duration_seconds_bucket{service="ranking"}[5m])))'
        " > 0.08"
    )


def test_a_millisecond_histogram_keeps_the_threshold_in_milliseconds() -> None:
    assert p99_latency_over("latency_ms", {}, 80, unit_seconds=False).endswith("> 80")


def test_throughput_and_error_ratio() -> None:
    assert throughput_over("h", {"service": "r"}, 48000) == 'sum(rate(h_count{service="r"}[5m])) > 48000'
    assert error_ratio_over("requests_total", {"service": "r"}, 0.01) == (
        'sum(rate(requests_total{service="r",code=~"5.."}[5m])) / sum(rate(requests_total{service="r"}[5m])) > 0.01'
    )


def test_label_values_cannot_break_out_of_the_selector() -> None:
    assert selector({"service": 'a"} or vector(1) #'}) == '{service="a\\"} or vector(1) #"}'
    with pytest.raises(ValueError, match="not a Prometheus label name"):
        selector({"bad-label": "x"})
