// Runs once when the server starts: configuration errors stop it here, not on the first request.
// Node.js-only code is imported inside the runtime check, so the Edge build never compiles it.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { serverEnv } = await import("./lib/env/server");
    const { logger } = await import("./lib/logger");
    const { exitCleanlyAfterDrain } = await import("./lib/shutdown");
    const { tracingPlan } = await import("./lib/telemetry");
    const { serveMetrics } = await import("./lib/metrics-server");
    const { trustForwardedHeaders } = await import("./lib/http/forwarded");
    const env = serverEnv();
    trustForwardedHeaders(env.FORWARDED_ALLOW_IPS);
    const plan = tracingPlan(process.env, env.API_URL);
    if (plan) {
      const { registerOTel } = await import("@vercel/otel");
      registerOTel(plan.config);
      for (const name of plan.ignored) {
        logger.warn({ exporter: name }, "OTEL_TRACES_EXPORTER value not supported; ignored");
      }
    }
    // Beside the app's own address (HOSTNAME), on a port the edge does not route to.
    if (env.METRICS_PORT > 0) await serveMetrics(env.METRICS_PORT, process.env.HOSTNAME);
    logger.info(
      {
        apiUrl: env.API_URL,
        tracing: plan ? (plan.exporting ? "otlp" : "ids only") : "off",
        metricsPort: env.METRICS_PORT || "off",
        trustedProxies: process.env.FORWARDED_ALLOW_IPS || "none",
      },
      "web server configured",
    );
    exitCleanlyAfterDrain();
  }
}
