import * as z from "zod/mini";

// Public configuration: only NEXT_PUBLIC_* values, inlined into the browser bundle at build
// (each named literally so Next can inline it). Zod Mini keeps this out of the big zod bundle.
const clientEnvSchema = z.object({
  NEXT_PUBLIC_APP_NAME: z._default(z.string().check(z.minLength(1)), "Taskboard"),
});

export const clientEnv = z.parse(clientEnvSchema, {
  NEXT_PUBLIC_APP_NAME: process.env.NEXT_PUBLIC_APP_NAME || undefined,
});
