"""The API's service overview: RED per route, SSE streams, the database pool, errors, processes."""

from __future__ import annotations

from grafana_foundation_sdk.builders.dashboard import Dashboard, Row

from dashboards.panels import DATASOURCE_VARIABLE, RATE, graph, query

API = 'job="api"'


def service_overview() -> Dashboard:
    """Taskboard API: what each route serves, how fast, how often it fails, and what it holds."""
    return (
        Dashboard("Taskboard API")
        .uid("taskboard-api")
        .description("RED per route, SSE streams, the database pool and the API's processes.")
        .tags(["taskboard", "api"])
        .refresh("30s")
        .time("now-3h", "now")
        .with_variable(DATASOURCE_VARIABLE)
        .with_row(Row("Requests, errors, duration (per route)"))
        .with_panel(
            graph(
                "Requests",
                "reqps",
                query(f"sum by (route) (rate(http_requests_total{{{API}}}[{RATE}]))", "{{route}}"),
            )
        )
        .with_panel(
            graph(
                "5xx ratio",
                "percentunit",
                query(
                    f'sum by (route) (rate(http_requests_total{{{API}, status=~"5.."}}[{RATE}]))'
                    f" / sum by (route) (rate(http_requests_total{{{API}}}[{RATE}]))",
                    "{{route}}",
                ),
                description="Share of each route's requests answered with a 5xx.",
            )
        )
        .with_panel(
            graph(
                "Duration p99",
                "s",
                query(
                    "histogram_quantile(0.99, sum by (route, le) "
                    f"(rate(http_request_duration_seconds_bucket{{{API}}}[{RATE}])))",
                    "{{route}}",
                ),
                description="For SSE routes: the time to open the stream.",
            )
        )
        .with_panel(
            graph(
                "Duration p50",
                "s",
                query(
                    "histogram_quantile(0.5, sum by (route, le) "
                    f"(rate(http_request_duration_seconds_bucket{{{API}}}[{RATE}])))",
                    "{{route}}",
                ),
            )
        )
        .with_panel(
            graph(
                "Client and server errors by status",
                "reqps",
                query(
                    "sum by (status) "
                    f'(rate(http_requests_total{{{API}, status=~"[45].."}}[{RATE}]))',
                    "{{status}}",
                ),
                description="Problem responses (RFC 9457) by HTTP status.",
            )
        )
        .with_panel(
            graph(
                "Errors by problem code",
                "reqps",
                query(
                    f"sum by (status, code) (rate(http_problems_total{{{API}}}[{RATE}]))",
                    "{{code}} ({{status}})",
                ),
                description="The `code` of each problem+json body, the one clients switch on.",
            )
        )
        .with_panel(
            graph(
                "In progress",
                "short",
                query(f"sum by (instance) (http_requests_in_progress{{{API}}})", "{{instance}}"),
            )
        )
        .with_row(Row("Streams and database"))
        .with_panel(
            graph(
                "Open SSE streams",
                "short",
                query(f"sum by (instance) (sse_connections_active{{{API}}})", "open {{instance}}"),
                query(f"sum by (instance) (sse_connections_limit{{{API}}})", "cap {{instance}}"),
                description="Open streams against the replica's cap (SSE_MAX_STREAMS); "
                "ApiStreamsNearCapacity opens a ticket past 80 %.",
            )
        )
        .with_panel(
            graph(
                "Database pool",
                "short",
                query(f"sum by (instance) (db_pool_checked_out{{{API}}})", "lent {{instance}}"),
                query(f"sum by (instance) (db_pool_size{{{API}}})", "size {{instance}}"),
                description="Connections lent to requests against the pool's size, per replica.",
            )
        )
        .with_row(Row("Processes"))
        .with_panel(
            graph(
                "Resident memory",
                "bytes",
                query(f"process_resident_memory_bytes{{{API}}}", "{{instance}}"),
            )
        )
        .with_panel(
            graph(
                "CPU",
                "percentunit",
                query(f"rate(process_cpu_seconds_total{{{API}}}[{RATE}])", "{{instance}}"),
                description="Share of one core each replica uses.",
            )
        )
    )
