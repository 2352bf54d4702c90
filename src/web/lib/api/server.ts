import "server-only";

import { cookies, headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";

import { CSRF_COOKIE } from "@/lib/auth/cookies";
import { serverEnv } from "@/lib/env/server";
import { PATH_HEADER, REQUEST_ID_HEADER } from "@/lib/http/request-id";
import { forRequest } from "@/lib/logger";

import { createClient, createConfig, type Client } from "./generated/client";
import { authMe, boardsGet, boardsList, membersList, tasksList } from "./generated/sdk.gen";
import type { TaskPublic } from "./generated/types.gen";

// A render's reads have this long in all: a stuck API ends in the error page, not in a page
// that never finishes rendering.
export const API_READS_TIMEOUT_MS = 10_000;

/**
 * The API client of one server render: talks to API_URL directly with the visitor's cookies
 * and the request id, so the API authorises and logs it as the visitor's own request.
 * `cache` makes it once per request.
 */
const serverClient = cache(async (): Promise<Client> => {
  const [cookieStore, headerStore] = await Promise.all([cookies(), headers()]);
  const requestId = headerStore.get(REQUEST_ID_HEADER);
  return createClient(
    createConfig({
      baseUrl: serverEnv().API_URL,
      cache: "no-store",
      signal: AbortSignal.timeout(API_READS_TIMEOUT_MS),
      headers: {
        cookie: cookieStore.toString(),
        ...(requestId ? { [REQUEST_ID_HEADER]: requestId } : {}),
      },
    }),
  );
});

interface Outcome<T> {
  data?: T;
  error?: unknown;
  response?: Response;
}

/** The data of a read, or the page a failure leads to (sign-in, 404, error boundary). */
async function expect200<T>(call: Promise<Outcome<T>>, what: string): Promise<T> {
  let outcome: Outcome<T>;
  try {
    outcome = await call;
  } catch (failure) {
    // No answer at all: refused, reset, or past API_READS_TIMEOUT_MS.
    const requestId = (await headers()).get(REQUEST_ID_HEADER);
    forRequest(requestId).error({ err: failure, what }, "API read failed");
    throw new Error(`Could not load ${what} (the API did not answer)`);
  }
  const { data, error, response } = outcome;
  if (response?.ok && data !== undefined) return data;
  const status = response?.status ?? 0;
  if (status === 401) {
    const [cookieStore, headerStore] = await Promise.all([cookies(), headers()]);
    const next = encodeURIComponent(headerStore.get(PATH_HEADER) ?? "/boards");
    redirect(cookieStore.has(CSRF_COOKIE) ? `/resume?next=${next}` : `/sign-in?next=${next}`);
  }
  // Non-members get 404 from the API (no existence leak); show the same to the visitor.
  if (status === 404 || status === 422) notFound();
  const requestId = (await headers()).get(REQUEST_ID_HEADER);
  forRequest(requestId).error({ status, error, what }, "API read failed");
  throw new Error(`Could not load ${what} (status ${status || "network error"})`);
}

export const getMe = cache(async () => expect200(authMe({ client: await serverClient() }), "you"));

export async function listBoards() {
  return expect200(boardsList({ client: await serverClient() }), "boards");
}

export const getBoard = cache(async (boardId: string) =>
  expect200(boardsGet({ client: await serverClient(), path: { board_id: boardId } }), "board"),
);

export async function listMembers(boardId: string) {
  return expect200(
    membersList({ client: await serverClient(), path: { board_id: boardId } }),
    "members",
  );
}

/** Every task of a board, following the cursor (a board is small enough to show whole). */
export async function listAllTasks(boardId: string): Promise<TaskPublic[]> {
  const client = await serverClient();
  const tasks: TaskPublic[] = [];
  let cursor: string | undefined;
  do {
    const page = await expect200(
      tasksList({ client, path: { board_id: boardId }, query: { limit: 100, cursor } }),
      "tasks",
    );
    tasks.push(...page.items);
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return tasks;
}
