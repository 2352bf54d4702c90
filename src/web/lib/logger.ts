import "server-only";

import pino from "pino";
import { z } from "zod";

import { logLevelSchema, parseEnv } from "./env/schema";

/** JSON logs on stdout; `forRequest` adds the request id every line of a request carries. */
// Only LOG_LEVEL is read here: `next build` imports this module without the runtime config,
// which instrumentation.ts validates as a whole when the server starts.
const { LOG_LEVEL } = parseEnv(z.object({ LOG_LEVEL: logLevelSchema }), process.env);

export const logger = pino({
  level: LOG_LEVEL,
  base: { service: "taskboard-web" },
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
  redact: { paths: ["req.headers.cookie", "req.headers.authorization"], remove: true },
});

export function forRequest(requestId: string | null | undefined) {
  return requestId ? logger.child({ request_id: requestId }) : logger;
}
