/** @jest-environment node */
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";

import { recordProxyOutcome, RequestMetricsProcessor, webMetrics } from "./metrics";
import { serveMetrics } from "./metrics-server";

function requestSpan(attributes: Record<string, string | number>): ReadableSpan {
  return { attributes, duration: [0, 250_000_000] } as unknown as ReadableSpan;
}

async function value(name: string, labels: Record<string, string>): Promise<number | undefined> {
  const metric = await webMetrics().registry.getSingleMetric(name)!.get();
  const found = metric.values.find((v) =>
    Object.entries(labels).every(([key, label]) => v.labels[key] === label),
  );
  return found?.value;
}

describe("web metrics", () => {
  beforeEach(() => webMetrics().registry.resetMetrics());

  it("counts and times a request span by its route", async () => {
    const processor = new RequestMetricsProcessor();
    const attributes = {
      "next.span_type": "BaseServer.handleRequest",
      "http.method": "GET",
      "http.route": "/boards/[boardId]",
      "http.status_code": 200,
    };
    processor.onEnd(requestSpan(attributes));
    processor.onEnd(requestSpan(attributes));

    const labels = { method: "GET", route: "/boards/[boardId]", status: "200" };
    expect(await value("http_requests_total", labels)).toBe(2);
    const text = await webMetrics().registry.metrics();
    expect(text).toContain(
      'http_request_duration_seconds_sum{method="GET",route="/boards/[boardId]"} 0.5',
    );
  });

  it("skips the proxy's pass (no route) and spans that are not requests", async () => {
    const processor = new RequestMetricsProcessor();
    processor.onEnd(requestSpan({ "next.span_type": "BaseServer.handleRequest" }));
    processor.onEnd(requestSpan({ "next.span_type": "AppRender.fetch", "http.route": "/x" }));
    expect(
      (await webMetrics().registry.getSingleMetric("http_requests_total")!.get()).values,
    ).toEqual([]);
  });

  it("counts proxy failures by reason, and nothing for other answers", async () => {
    recordProxyOutcome(502, true);
    recordProxyOutcome(503, false);
    recordProxyOutcome(404, false);
    recordProxyOutcome(200, false);
    expect(await value("api_proxy_errors_total", { reason: "unreachable" })).toBe(1);
    expect(await value("api_proxy_errors_total", { reason: "upstream_error" })).toBe(1);
  });

  it("is served on its own port, and the port in use is one clear error", async () => {
    recordProxyOutcome(502, true);
    const server = await serveMetrics(0, "127.0.0.1");
    try {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      const response = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("text/plain");
      const body = await response.text();
      expect(body).toContain('api_proxy_errors_total{reason="unreachable"} 1');
      expect(body).toContain("process_cpu_seconds_total");
      expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
      await expect(serveMetrics(port, "127.0.0.1")).rejects.toThrow(
        `metrics: cannot listen on 127.0.0.1:${port} (EADDRINUSE)`,
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
