import { toProblem, type Problem } from "./problem";

export type ApiResult<T> =
  { ok: true; data: T; response: Response } | { ok: false; problem: Problem };

interface ClientOutcome<T> {
  data?: T;
  error?: unknown;
  response?: Response;
}

/** Fold a generated SDK call's outcome into success or a parsed problem. */
export async function settle<T>(call: Promise<ClientOutcome<T>>): Promise<ApiResult<T>> {
  const { data, error, response } = await call;
  if (response?.ok) return { ok: true, data: data as T, response };
  return { ok: false, problem: toProblem(error, response) };
}
