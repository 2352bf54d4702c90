import "server-only";

import { isSpanContextValid, trace } from "@opentelemetry/api";
import pino from "pino";
import { z } from "zod";

import { logLevelSchema, parseEnv } from "./env/schema";

/**
 * JSON logs on stdout; `forRequest` adds the request id every line of a request carries, and
 * every line written inside a traced request carries its `trace_id` and `span_id` (the API's
 * field names), so a trace leads to its log lines in both services.
 */
// Only LOG_LEVEL is read here: `next build` imports this module without the runtime config,
// which instrumentation.ts validates as a whole when the server starts.
const { LOG_LEVEL } = parseEnv(z.object({ LOG_LEVEL: logLevelSchema }), process.env);

export const logger = pino({
  level: LOG_LEVEL,
  base: { service: "taskboard-web" },
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
  mixin: traceFields,
  redact: { paths: ["req.headers.cookie", "req.headers.authorization"], remove: true },
});

export function forRequest(requestId: string | null | undefined) {
  return requestId ? logger.child({ request_id: requestId }) : logger;
}

function traceFields(): { trace_id?: string; span_id?: string } {
  const context = trace.getActiveSpan()?.spanContext();
  if (!context || !isSpanContextValid(context)) return {};
  return { trace_id: context.traceId, span_id: context.spanId };
}
