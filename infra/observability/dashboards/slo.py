"""The SLOs of rules.yml: compliance, error budget left and burn rates, for availability and
the task listing's latency."""

from __future__ import annotations

from grafana_foundation_sdk.builders.dashboard import Dashboard, Row

from dashboards.panels import DATASOURCE_VARIABLE, graph, query, single

# The objectives of infra/observability/prometheus/rules.yml.
AVAILABILITY_BUDGET = 0.001  # 99.9 % of requests without a 5xx
LATENCY_BUDGET = 0.01  # 99 % of task listings within 250 ms
_REQUESTS = 'http_requests_total{job="api", route!~"/healthz|/readyz"}'
_ERRORS = 'http_requests_total{job="api", route!~"/healthz|/readyz", status=~"5.."}'


def slo() -> Dashboard:
    """Taskboard SLOs over 30 days, and how fast their budgets burn now."""
    ratio_30d = f"(sum(increase({_ERRORS}[30d])) or vector(0)) / sum(increase({_REQUESTS}[30d]))"
    return (
        Dashboard("Taskboard SLOs")
        .uid("taskboard-slo")
        .description("Availability (99.9 %) and task-listing latency (99 % within 250 ms) SLOs.")
        .tags(["taskboard", "slo"])
        .refresh("1m")
        .time("now-7d", "now")
        .with_variable(DATASOURCE_VARIABLE)
        .with_row(Row("Availability: 99.9 % of requests without a 5xx, 30 days"))
        .with_panel(single("Availability, 30 days", "percentunit", f"1 - ({ratio_30d})"))
        .with_panel(
            single(
                "Error budget left, 30 days",
                "percentunit",
                f"1 - ({ratio_30d}) / {AVAILABILITY_BUDGET}",
                description="1 is untouched, 0 spent, below 0 overspent.",
            )
        )
        .with_panel(
            graph(
                "Burn rate",
                "short",
                *(
                    query(
                        f"taskboard:api_request_errors:ratio_rate{window} / {AVAILABILITY_BUDGET}",
                        window,
                    )
                    for window in ("5m", "1h", "6h", "3d")
                ),
                description="1 spends the budget in exactly 30 days; the fast alert pages at 14.4.",
            )
        )
        .with_row(Row("Latency: 99 % of task listings within 250 ms"))
        .with_panel(
            graph(
                "Task listing p99",
                "s",
                query("taskboard:api_list_tasks_duration_seconds:p99_5m", "p99"),
            )
        )
        .with_panel(
            graph(
                "Latency burn rate",
                "short",
                *(
                    query(
                        f"taskboard:api_list_tasks_slow:ratio_rate{window} / {LATENCY_BUDGET}",
                        window,
                    )
                    for window in ("5m", "1h", "6h")
                ),
            )
        )
    )
