"""PromQL for the alerts every EAS service gets: plain functions over plain values.

The latency alert is the seed's hard line: P99 above 80 ms, computed from the service's own latency histogram
(``<metric>_bucket`` series, as Prometheus client libraries export them), never from an average or a maximum.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_METRIC = re.compile(r"[a-zA-Z_:][a-zA-Z0-9_:]*", re.ASCII)
_LABEL = re.compile(r"[a-zA-Z_][a-zA-Z0-9_]*", re.ASCII)


def is_metric_name(name: str) -> bool:
    return _METRIC.fullmatch(name) is not None


def is_label_name(name: str) -> bool:
    return _LABEL.fullmatch(name) is not None and not name.startswith("__")


def selector(labels: Mapping[str, str], extra: str = "") -> str:
    """``{service="ranking",code=~"5.."}``: values are escaped, so a label value can never end the string."""
    parts = []
    for name in sorted(labels):
        if not is_label_name(name):
            raise ValueError(f"{name!r} is not a Prometheus label name")
        value = labels[name].replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        parts.append(f'{name}="{value}"')
    if extra:
        parts.append(extra)
    return "{" + ",".join(parts) + "}"


def p99_latency_over(
    histogram: str,
    labels: Mapping[str, str],
    threshold_ms: float,
    *,
    unit_seconds: bool = True,
    window: str = "5m",
) -> str:
    """True while the 99th percentile of ``histogram`` over ``window`` is above ``threshold_ms``."""
    threshold = threshold_ms / 1000 if unit_seconds else threshold_ms
    return (
        f"histogram_quantile(0.99, sum by (le) (rate({histogram}_bucket{selector(labels)}[{window}])))"
        f" > {threshold:g}"
    )


def throughput_over(histogram: str, labels: Mapping[str, str], qps: float, *, window: str = "5m") -> str:
    """True while requests per second (the histogram's ``_count``) are above ``qps``: nearing capacity."""
    return f"sum(rate({histogram}_count{selector(labels)}[{window}])) > {qps:g}"


def error_ratio_over(
    requests: str, labels: Mapping[str, str], ratio: float, *, code_label: str = "code", window: str = "5m"
) -> str:
    """True while the share of 5xx responses in ``requests`` (a counter with a status-code label) is above ``ratio``."""
    if not is_label_name(code_label):
        raise ValueError(f"{code_label!r} is not a Prometheus label name")
    errors = selector(labels, f'{code_label}=~"5.."')
    return f"sum(rate({requests}{errors}[{window}])) / sum(rate({requests}{selector(labels)}[{window}])) > {ratio:g}"
