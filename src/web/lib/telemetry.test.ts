/** @jest-environment node */
import { ROOT_CONTEXT, SpanKind, TraceFlags, trace } from "@opentelemetry/api";
import { SamplingDecision, type Sampler } from "@opentelemetry/sdk-trace-base";

import { RequestMetricsProcessor } from "./metrics";
import { tracingPlan } from "./telemetry";

const API = "http://api:8000";
const TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

function decision(sampler: unknown, context = ROOT_CONTEXT): SamplingDecision {
  return (sampler as Sampler).shouldSample(context, TRACE_ID, "GET", SpanKind.SERVER, {}, [])
    .decision;
}

function parent(sampled: boolean) {
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: TRACE_ID,
    spanId: "b7ad6b7169203331",
    traceFlags: sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
    isRemote: true,
  });
}

function exporters(plan: ReturnType<typeof tracingPlan>) {
  return plan!.config.spanProcessors!.filter((p) => !(p instanceof RequestMetricsProcessor));
}

describe("tracingPlan", () => {
  it("is off when OTEL_SDK_DISABLED is true", () => {
    expect(tracingPlan({ OTEL_SDK_DISABLED: "TRUE" }, API)).toBeNull();
  });

  it("without an exporter records spans for the metrics but samples them all out", () => {
    const plan = tracingPlan({}, API)!;
    expect(plan.exporting).toBe(false);
    expect(exporters(plan)).toEqual([]);
    expect(plan.config.spanProcessors![0]).toBeInstanceOf(RequestMetricsProcessor);
    expect(decision(plan.config.traceSampler)).toBe(SamplingDecision.RECORD);
    expect(decision(plan.config.traceSampler, parent(true))).toBe(SamplingDecision.RECORD);
  });

  it("exports over OTLP once an endpoint is set, following the caller's sampling", () => {
    for (const variable of ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"]) {
      const plan = tracingPlan({ [variable]: "http://collector:4318" }, API)!;
      expect(plan.exporting).toBe(true);
      expect(exporters(plan)).toEqual(["auto"]);
      const sampler = plan.config.traceSampler;
      expect(decision(sampler)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
      expect(decision(sampler, parent(true))).toBe(SamplingDecision.RECORD_AND_SAMPLED);
      expect(decision(sampler, parent(false))).toBe(SamplingDecision.RECORD);
    }
  });

  it("exports nothing for OTEL_TRACES_EXPORTER=none, even with an endpoint", () => {
    const plan = tracingPlan(
      { OTEL_TRACES_EXPORTER: "none", OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" },
      API,
    )!;
    expect(plan.exporting).toBe(false);
    expect(exporters(plan)).toEqual([]);
  });

  it("names the exporters it ignores", () => {
    const plan = tracingPlan({ OTEL_TRACES_EXPORTER: "otlp, zipkin,console" }, API)!;
    expect(plan.exporting).toBe(true);
    expect(plan.ignored).toEqual(["zipkin", "console"]);
  });

  it("honours the spec's samplers and refuses what it cannot honour", () => {
    const never = tracingPlan(
      { OTEL_TRACES_SAMPLER: "traceidratio", OTEL_TRACES_SAMPLER_ARG: "0" },
      API,
    )!;
    expect(decision(never.config.traceSampler)).toBe(SamplingDecision.RECORD);
    const always = tracingPlan({ OTEL_TRACES_SAMPLER: "always_on" }, API)!;
    expect(decision(always.config.traceSampler)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(() => tracingPlan({ OTEL_TRACES_SAMPLER: "sometimes" }, API)).toThrow(
      /OTEL_TRACES_SAMPLER=sometimes is not one of/,
    );
    expect(() =>
      tracingPlan({ OTEL_TRACES_SAMPLER: "traceidratio", OTEL_TRACES_SAMPLER_ARG: "2" }, API),
    ).toThrow(/OTEL_TRACES_SAMPLER_ARG=2 is not a ratio/);
  });

  it("propagates the trace context to the API's origin only", () => {
    const plan = tracingPlan({}, "http://API:8000/")!;
    expect(plan.config.instrumentationConfig?.fetch?.propagateContextUrls).toEqual([
      "http://api:8000/",
    ]);
  });
});
