import { browserSdk } from "@/lib/api/browser-sdk";
import type { TaskCreate, TaskPublic, TaskUpdate } from "@/lib/api/generated/types.gen";
import type { Problem } from "@/lib/api/problem";
import { settle } from "@/lib/api/result";

/** The strong ETag the API sends for a task version (taskboard/api/http.py). */
export const etagOf = (task: Pick<TaskPublic, "version">) => `"${task.version}"`;

export type MutationResult =
  | { ok: true; task: TaskPublic }
  | { ok: false; problem: Problem }
  /** Someone else changed the task first: `theirs` is the current version (null: deleted). */
  | { ok: false; conflict: TaskPublic | null; problem: Problem };

export async function createTask(boardId: string, body: TaskCreate): Promise<MutationResult> {
  const { sdk, client } = await browserSdk();
  const result = await settle(sdk.tasksCreate({ client, path: { board_id: boardId }, body }));
  return result.ok ? { ok: true, task: result.data } : result;
}

async function current(taskId: string): Promise<TaskPublic | null> {
  const { sdk, client } = await browserSdk();
  const result = await settle(sdk.tasksGet({ client, path: { task_id: taskId } }));
  return result.ok ? result.data : null;
}

/** PATCH the version the person saw; a 412 comes back as a conflict with the newer version. */
export async function updateTask(seen: TaskPublic, changes: TaskUpdate): Promise<MutationResult> {
  const { sdk, client } = await browserSdk();
  const result = await settle(
    sdk.tasksUpdate({
      client,
      path: { task_id: seen.id },
      headers: { "If-Match": etagOf(seen) },
      body: changes,
    }),
  );
  if (result.ok) return { ok: true, task: result.data };
  if (result.problem.status === 412 || result.problem.status === 404) {
    return { ok: false, conflict: await current(seen.id), problem: result.problem };
  }
  return result;
}

export async function deleteTask(
  seen: TaskPublic,
): Promise<{ ok: true } | { ok: false; problem: Problem; conflict?: TaskPublic | null }> {
  const { sdk, client } = await browserSdk();
  const result = await settle(
    sdk.tasksDelete({
      client,
      path: { task_id: seen.id },
      headers: { "If-Match": etagOf(seen) },
    }),
  );
  if (result.ok || result.problem.status === 404) return { ok: true };
  if (result.problem.status === 412) {
    return { ok: false, conflict: await current(seen.id), problem: result.problem };
  }
  return result;
}

/** Every task of the board (for a resync after connecting without a resume point). */
export async function fetchAllTasks(boardId: string): Promise<TaskPublic[] | undefined> {
  const { sdk, client } = await browserSdk();
  const tasks: TaskPublic[] = [];
  let cursor: string | undefined;
  do {
    const page = await settle(
      sdk.tasksList({
        client,
        path: { board_id: boardId },
        query: { limit: 100, cursor },
      }),
    );
    if (!page.ok) return undefined;
    tasks.push(...page.data.items);
    cursor = page.data.next_cursor ?? undefined;
  } while (cursor);
  return tasks;
}
