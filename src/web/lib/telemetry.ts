import type { Attributes, Context, Link, SpanKind } from "@opentelemetry/api";
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  SamplingDecision,
  TraceIdRatioBasedSampler,
  type Sampler,
  type SamplingResult,
} from "@opentelemetry/sdk-trace-base";
import type { Configuration } from "@vercel/otel";

import { RequestMetricsProcessor } from "./metrics";

/**
 * OpenTelemetry for the Next.js server (@vercel/otel), configured by the same `OTEL_*`
 * variables and the same rules as the API (src/python/taskboard/observability/tracing.py):
 *
 * - `OTEL_SDK_DISABLED=true`: no tracing at all.
 * - `OTEL_TRACES_EXPORTER` (`otlp` or `none`); unset, OTLP is used only when an endpoint is set
 *   (`OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`). The spec's default
 *   (OTLP to localhost:4318) would make every laptop and CI run try to reach a collector.
 * - Without an exporter (and no `OTEL_TRACES_SAMPLER`) spans are sampled out: they keep valid
 *   ids for the logs, are never exported, and the API is not told to drop its own traces (an
 *   unsampled span does not propagate its context).
 * - `OTEL_TRACES_SAMPLER[_ARG]` as the spec names them. A span sampled out is still recorded
 *   (not exported): the request metrics (lib/metrics.ts) are read from Next's request spans and
 *   must count every request.
 * - The rest (`OTEL_SERVICE_NAME`, `OTEL_EXPORTER_OTLP_*` headers and protocol,
 *   `OTEL_PROPAGATORS`) is read by @vercel/otel itself.
 *
 * W3C `traceparent` goes with every fetch to the API (the `/api/*` proxy and the server
 * components' reads), and only there: other hosts do not learn our trace ids.
 */
export const DEFAULT_SERVICE_NAME = "taskboard-web";

type Env = Record<string, string | undefined>;

export interface TracingPlan {
  config: Configuration;
  exporting: boolean;
  /** Values of OTEL_TRACES_EXPORTER this server does not support, ignored. */
  ignored: string[];
}

const SUPPORTED = new Set(["otlp", "none"]);

function exporterNames(env: Env): { names: string[]; ignored: string[] } {
  const configured = env.OTEL_TRACES_EXPORTER?.trim();
  if (!configured) {
    const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT;
    return { names: endpoint ? ["otlp"] : [], ignored: [] };
  }
  const names = configured
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  return {
    names: names.filter((name) => name === "otlp"),
    ignored: names.filter((name) => !SUPPORTED.has(name)),
  };
}

function ratio(env: Env): number {
  const raw = env.OTEL_TRACES_SAMPLER_ARG?.trim();
  if (!raw) return 1;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw new Error(`OTEL_TRACES_SAMPLER_ARG=${raw} is not a ratio between 0 and 1`);
  }
  return value;
}

function configuredSampler(env: Env, exporting: boolean): Sampler {
  const name = env.OTEL_TRACES_SAMPLER?.trim().toLowerCase();
  switch (name) {
    case undefined:
    case "":
      return exporting
        ? new ParentBasedSampler({ root: new AlwaysOnSampler() })
        : new AlwaysOffSampler();
    case "always_on":
      return new AlwaysOnSampler();
    case "always_off":
      return new AlwaysOffSampler();
    case "traceidratio":
      return new TraceIdRatioBasedSampler(ratio(env));
    case "parentbased_always_on":
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case "parentbased_always_off":
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case "parentbased_traceidratio":
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio(env)) });
    default:
      throw new Error(
        `OTEL_TRACES_SAMPLER=${name} is not one of always_on, always_off, traceidratio, ` +
          "parentbased_always_on, parentbased_always_off, parentbased_traceidratio",
      );
  }
}

/** `inner`'s decision, except that a span it drops is still recorded, never exported. */
export class RecordingSampler implements Sampler {
  constructor(private readonly inner: Sampler) {}

  shouldSample(
    context: Context,
    traceId: string,
    spanName: string,
    spanKind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): SamplingResult {
    const result = this.inner.shouldSample(context, traceId, spanName, spanKind, attributes, links);
    return result.decision === SamplingDecision.NOT_RECORD
      ? { ...result, decision: SamplingDecision.RECORD }
      : result;
  }

  toString(): string {
    return `RecordingSampler{${this.inner.toString()}}`;
  }
}

/**
 * What to register for `env`, or null when `OTEL_SDK_DISABLED` turns tracing (and with it the
 * request metrics) off. Throws one clear error for a sampler setting it cannot honour.
 */
export function tracingPlan(env: Env, apiUrl: string): TracingPlan | null {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === "true") return null;
  const { names, ignored } = exporterNames(env);
  const exporting = names.includes("otlp");
  const config: Configuration = {
    serviceName: DEFAULT_SERVICE_NAME,
    // "auto" is the OTLP exporter @vercel/otel builds from the OTEL_EXPORTER_OTLP_* variables;
    // it exports sampled spans only.
    spanProcessors: [new RequestMetricsProcessor(), ...(exporting ? (["auto"] as const) : [])],
    traceSampler: new RecordingSampler(configuredSampler(env, exporting)),
    instrumentationConfig: { fetch: { propagateContextUrls: [`${new URL(apiUrl).origin}/`] } },
  };
  return { config, exporting, ignored };
}
