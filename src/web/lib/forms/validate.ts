import * as z from "zod/mini";
import type * as core from "zod/v4/core";

type Issue = core.$ZodRawIssue;

/** Messages a person can act on, for the constraints the API's schemas carry. */
export function friendlyMessage(issue: Issue): string | undefined {
  switch (issue.code) {
    case "too_small":
      if (issue.origin === "string") {
        return issue.minimum === 1
          ? "Required"
          : `Must be at least ${String(issue.minimum)} characters`;
      }
      return `Must be at least ${String(issue.minimum)}`;
    case "too_big":
      if (issue.origin === "string") return `Must be at most ${String(issue.maximum)} characters`;
      return `Must be at most ${String(issue.maximum)}`;
    case "invalid_format":
      if (issue.format === "email") return "Enter a valid email address";
      if (issue.format === "date") return "Enter a valid date";
      // Names and titles must keep a character once trimmed (the API strips them).
      if (issue.format === "regex" && typeof issue.input === "string" && !issue.input.trim()) {
        return "Required";
      }
      return "Invalid value";
    case "invalid_value":
      return "Choose one of the options";
    case "invalid_type":
      return issue.input === undefined || issue.input === "" ? "Required" : "Invalid value";
    default:
      return undefined;
  }
}

export type Validation<T> =
  { ok: true; data: T } | { ok: false; fieldErrors: Record<string, string> };

/** Parse form input with a generated zod schema; on failure, the first message per field. */
export function validate<S extends core.$ZodType>(
  schema: S,
  input: unknown,
): Validation<core.output<S>> {
  const result = z.safeParse(schema, input, { error: friendlyMessage });
  if (result.success) return { ok: true, data: result.data };
  const fieldErrors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    fieldErrors[issue.path.map(String).join(".")] ??= issue.message;
  }
  return { ok: false, fieldErrors };
}
