import type { ReadableSpan, SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";

/**
 * The web server's Prometheus metrics, served on their own port (lib/metrics-server.ts) so the
 * edge, which routes every other path to this server, never exposes them.
 *
 * - `http_requests_total{method,route,status}` and `http_request_duration_seconds{method,route}`:
 *   the API's names and labels (src/python/taskboard/observability/metrics.py), told apart by
 *   Prometheus' `job` label. `route` is Next's route template (`/boards/[boardId]`), read from
 *   the request span Next.js itself makes (so tracing measures every request, sampled or not).
 * - `api_proxy_errors_total{reason}`: `/api/*` calls that failed at the proxy, `unreachable`
 *   (the web answered 502, or 503 when nothing listens at API_URL) or `upstream_error` (the API
 *   answered 5xx).
 * - Node's process and runtime metrics (prom-client's defaults).
 */
export interface WebMetrics {
  registry: Registry;
  requests: Counter<"method" | "route" | "status">;
  duration: Histogram<"method" | "route">;
  proxyErrors: Counter<"reason">;
}

// The API's buckets: the dashboards and alerts read both services' histograms the same way.
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

function create(): WebMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    requests: new Counter({
      name: "http_requests_total",
      help: "HTTP requests handled, by method, route template and status code.",
      labelNames: ["method", "route", "status"],
      registers: [registry],
    }),
    duration: new Histogram({
      name: "http_request_duration_seconds",
      help: "Time to answer an HTTP request (to its last byte).",
      labelNames: ["method", "route"],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    proxyErrors: new Counter({
      name: "api_proxy_errors_total",
      help: "Proxied /api/* calls that failed: the API unreachable, or answering 5xx.",
      labelNames: ["reason"],
      registers: [registry],
    }),
  };
}

// One set per process: Next bundles instrumentation.ts and the route handlers apart, and each
// bundle would otherwise hold its own copy of this module and its own registry.
const KEY = Symbol.for("taskboard.web.metrics");
const holder = globalThis as typeof globalThis & { [KEY]?: WebMetrics };

export function webMetrics(): WebMetrics {
  holder[KEY] ??= create();
  return holder[KEY];
}

/** Counts one proxied call by its outcome (nothing for a success or a 4xx). */
export function recordProxyOutcome(status: number, upstreamUnreachable: boolean): void {
  if (upstreamUnreachable) webMetrics().proxyErrors.inc({ reason: "unreachable" });
  else if (status >= 500) webMetrics().proxyErrors.inc({ reason: "upstream_error" });
}

const REQUEST_SPAN = "BaseServer.handleRequest";

/**
 * Turns each request span Next.js ends into the request metrics. A request that passes the
 * proxy (proxy.ts) makes two such spans, the proxy's pass and the render; only the render
 * knows its route, and only it is counted.
 */
export class RequestMetricsProcessor implements SpanProcessor {
  onStart(): void {}

  onEnd(span: ReadableSpan): void {
    const attributes = span.attributes;
    const route = attributes["http.route"];
    if (attributes["next.span_type"] !== REQUEST_SPAN || typeof route !== "string") return;
    const method = String(attributes["http.method"] ?? "GET");
    const status = String(attributes["http.status_code"] ?? "");
    const [seconds, nanos] = span.duration;
    const metrics = webMetrics();
    metrics.requests.inc({ method, route, status });
    metrics.duration.observe({ method, route }, seconds + nanos / 1e9);
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
