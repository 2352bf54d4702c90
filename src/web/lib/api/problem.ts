import type { FieldError, Problem as ApiProblem } from "@/lib/api/generated/types.gen";

/**
 * RFC 9457 problem details as every API error is sent (the generated `Problem` type, so a
 * renamed member fails the type check). The body is still read defensively, member by member,
 * rather than trusted or parsed whole: a member of the wrong type is ignored, not the whole
 * problem, and a proxy's non-JSON error page still gives a usable result. Plain checks, no zod:
 * every page that calls the API loads this module.
 */
type ProblemBody = {
  [K in "title" | "status" | "detail" | "code"]?: NonNullable<ApiProblem[K]>;
} & { errors: Pick<FieldError, "field" | "message">[] };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const text = (value: unknown) => (typeof value === "string" ? value : undefined);

function readProblem(body: unknown): ProblemBody {
  if (!isRecord(body)) return { errors: [] };
  const errors = Array.isArray(body.errors) ? body.errors : [];
  return {
    title: text(body.title),
    status: Number.isInteger(body.status) ? (body.status as number) : undefined,
    detail: text(body.detail),
    code: text(body.code),
    errors: errors.flatMap((error: unknown) =>
      isRecord(error) && typeof error.field === "string" && typeof error.message === "string"
        ? [{ field: error.field, message: error.message }]
        : [],
    ),
  };
}

export interface Problem {
  status: number;
  title: string;
  detail?: string;
  code?: string;
  /** Messages keyed by the form field they belong to (`""` for the request as a whole). */
  fieldErrors: Record<string, string>;
  retryAfterSeconds?: number;
}

/** `body.title` -> `title`; `body.items.0.title` -> `items.0.title`; `body` -> `""`. */
export function fieldKey(path: string): string {
  const parts = path.split(".");
  if (parts[0] === "body") parts.shift();
  return parts.join(".");
}

/** Turn whatever an API call failed with into a `Problem` the UI can show. */
export function toProblem(body: unknown, response: Response | undefined): Problem {
  if (!response) {
    return {
      status: 0,
      title: "Network error",
      detail: "The server could not be reached. Check your connection and try again.",
      code: "network_error",
      fieldErrors: {},
    };
  }
  const problem = readProblem(body);
  const fieldErrors: Record<string, string> = {};
  for (const error of problem.errors) {
    const key = fieldKey(error.field);
    // The first message per field is the one a person can act on.
    fieldErrors[key] ??= error.message;
  }
  const retryAfter = Number(response.headers.get("retry-after"));
  return {
    status: problem.status ?? response.status,
    title: problem.title ?? (response.statusText || `HTTP ${response.status}`),
    detail: problem.detail,
    code: problem.code,
    fieldErrors,
    ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
  };
}

/** A sentence for a banner: the detail if the API gave one, else a generic one per status. */
export function problemMessage(problem: Problem): string {
  if (problem.status === 429 && problem.retryAfterSeconds) {
    return `Too many attempts. Try again in ${problem.retryAfterSeconds} seconds.`;
  }
  if (problem.detail) return problem.detail.charAt(0).toUpperCase() + problem.detail.slice(1);
  if (problem.status === 403) return "You do not have permission to do that.";
  if (problem.status === 404) return "It no longer exists.";
  if (problem.status >= 500) return "Something went wrong on our side. Try again.";
  return problem.title;
}
