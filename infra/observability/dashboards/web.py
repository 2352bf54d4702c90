"""The web server's dashboard: route latency and traffic, proxy errors, the Node.js process."""

from __future__ import annotations

from grafana_foundation_sdk.builders.dashboard import Dashboard, Row

from dashboards.panels import DATASOURCE_VARIABLE, RATE, graph, query

WEB = 'job="web"'


def web() -> Dashboard:
    """Taskboard web: how fast each page and the /api proxy answer, and what fails at the proxy."""
    return (
        Dashboard("Taskboard web")
        .uid("taskboard-web")
        .description("Next.js server: latency and traffic per route, proxy errors, Node.js.")
        .tags(["taskboard", "web"])
        .refresh("30s")
        .time("now-3h", "now")
        .with_variable(DATASOURCE_VARIABLE)
        .with_row(Row("Routes"))
        .with_panel(
            graph(
                "Duration p95",
                "s",
                query(
                    "histogram_quantile(0.95, sum by (route, le) "
                    f"(rate(http_request_duration_seconds_bucket{{{WEB}}}[{RATE}])))",
                    "{{route}}",
                ),
                description="Pages to their last byte; /api/[...path] is the proxy to the API.",
            )
        )
        .with_panel(
            graph(
                "Requests",
                "reqps",
                query(f"sum by (route) (rate(http_requests_total{{{WEB}}}[{RATE}]))", "{{route}}"),
            )
        )
        .with_panel(
            graph(
                "5xx ratio",
                "percentunit",
                query(
                    f'sum by (route) (rate(http_requests_total{{{WEB}, status=~"5.."}}[{RATE}]))'
                    f" / sum by (route) (rate(http_requests_total{{{WEB}}}[{RATE}]))",
                    "{{route}}",
                ),
            )
        )
        .with_row(Row("The /api proxy"))
        .with_panel(
            graph(
                "Proxy errors by reason",
                "reqps",
                query(
                    f"sum by (reason) (rate(api_proxy_errors_total{{{WEB}}}[{RATE}]))",
                    "{{reason}}",
                ),
                description="unreachable: the web answered 502 or 503 (API down or refusing); "
                "upstream_error: the API answered 5xx.",
            )
        )
        .with_row(Row("Node.js"))
        .with_panel(
            graph(
                "Event loop lag p99",
                "s",
                query(f"nodejs_eventloop_lag_p99_seconds{{{WEB}}}", "{{instance}}"),
                description="How long a callback waits for the event loop (CPU-bound renders).",
            )
        )
        .with_panel(
            graph(
                "Resident memory",
                "bytes",
                query(f"process_resident_memory_bytes{{{WEB}}}", "{{instance}}"),
            )
        )
    )
