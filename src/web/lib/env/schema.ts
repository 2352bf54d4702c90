import { z } from "zod";

import { parseProxyTrust } from "@/lib/http/forwarded";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export const logLevelSchema = z.enum(LOG_LEVELS).default("info");

/** Server-only configuration: read at start (instrumentation.ts) and never sent to the browser. */
export const serverEnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    // Where the Next server reaches FastAPI; the browser never sees it (one origin).
    API_URL: z.url({ protocol: /^https?$/ }).optional(),
    LOG_LEVEL: logLevelSchema,
    // Prometheus metrics on their own port (lib/metrics-server.ts); 0 turns them off.
    METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
    // Peers whose X-Forwarded-* the server believes (lib/http/forwarded.ts); nobody by default.
    FORWARDED_ALLOW_IPS: z
      .string()
      .default("")
      .transform((spec, ctx) => {
        try {
          return parseProxyTrust(spec);
        } catch (error) {
          ctx.addIssue({ code: "custom", message: (error as Error).message });
          return z.NEVER;
        }
      }),
  })
  .transform((env, ctx) => {
    if (env.API_URL === undefined && env.NODE_ENV === "production") {
      ctx.addIssue({
        code: "custom",
        path: ["API_URL"],
        message: "API_URL is required in production (e.g. http://api:8000)",
      });
      return z.NEVER;
    }
    return {
      ...env,
      // Development and tests default to the API's own default address.
      API_URL: (env.API_URL ?? "http://127.0.0.1:8000").replace(/\/+$/, ""),
    };
  });

export type ServerEnv = z.output<typeof serverEnvSchema>;

/** Parse `source` or throw one error naming every bad variable (fail fast at start). */
export function parseEnv<S extends z.ZodType>(schema: S, source: unknown): z.output<S> {
  const result = schema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map(
      (issue) => `  ${issue.path.join(".") || "(root)"}: ${issue.message}`,
    );
    throw new Error(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  return result.data;
}
