import type { Role, TaskPublic, TaskStatus } from "@/lib/api/generated/types.gen";

import type { BoardEvent, BoardMember } from "./events";

export const STATUSES: readonly TaskStatus[] = ["todo", "doing", "done"];
export const STATUS_LABEL: Record<TaskStatus, string> = {
  todo: "To do",
  doing: "Doing",
  done: "Done",
};

export interface BoardState {
  name: string;
  role: Role;
  meId: string;
  tasks: Record<string, TaskPublic>;
  /** Ids of deleted tasks, so a late, older copy (a resync, a replay) cannot bring one back. */
  deleted: Record<string, true>;
  members: BoardMember[];
  /** Why the board can no longer be shown live, if it cannot. */
  ended?: "deleted" | "removed";
}

export type BoardAction =
  | { type: "event"; event: BoardEvent }
  | { type: "task.saved"; task: TaskPublic }
  | { type: "task.removed"; taskId: string }
  /** A full listing fetched after `knownBefore` (the ids held when the request was sent). */
  | { type: "tasks.synced"; tasks: TaskPublic[]; knownBefore: string[] };

/** Keep the newest version of a task: every path (event, response, resync) is idempotent. */
function upsert(state: BoardState, task: TaskPublic): BoardState {
  if (state.deleted[task.id]) return state;
  const current = state.tasks[task.id];
  if (current && current.version >= task.version) return state;
  return { ...state, tasks: { ...state.tasks, [task.id]: task } };
}

function remove(state: BoardState, taskId: string): BoardState {
  const { [taskId]: _gone, ...tasks } = state.tasks;
  return { ...state, tasks, deleted: { ...state.deleted, [taskId]: true } };
}

function applyEvent(state: BoardState, event: BoardEvent): BoardState {
  switch (event.type) {
    case "task.created":
    case "task.updated":
      return upsert(state, event.task);
    case "task.deleted":
      return remove(state, event.taskId);
    case "member.added":
    case "member.updated": {
      const others = state.members.filter((m) => m.user_id !== event.member.user_id);
      const role = event.member.user_id === state.meId ? event.member.role : state.role;
      return { ...state, role, members: [...others, event.member] };
    }
    case "member.removed": {
      const members = state.members.filter((m) => m.user_id !== event.member.user_id);
      return event.member.user_id === state.meId
        ? { ...state, members, ended: "removed" }
        : { ...state, members };
    }
    case "board.updated":
      return { ...state, name: event.name };
    case "board.deleted":
      return { ...state, ended: "deleted" };
  }
}

export function boardReducer(state: BoardState, action: BoardAction): BoardState {
  switch (action.type) {
    case "event":
      return applyEvent(state, action.event);
    case "task.saved":
      return upsert(state, action.task);
    case "task.removed":
      return remove(state, action.taskId);
    case "tasks.synced": {
      // Newer versions win. A task held before the request but missing from the listing was
      // deleted meanwhile; one that arrived by event during the request is newer than it.
      const listed = new Set(action.tasks.map((t) => t.id));
      let next = state;
      for (const id of action.knownBefore) if (!listed.has(id)) next = remove(next, id);
      for (const task of action.tasks) next = upsert(next, task);
      return next;
    }
  }
}

/** Tasks of one column in board order (position, then id, as the API orders them). */
export function tasksIn(state: Pick<BoardState, "tasks">, status: TaskStatus): TaskPublic[] {
  return Object.values(state.tasks)
    .filter((task) => task.status === status)
    .sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));
}

// The API spaces new tasks this far apart; moved tasks follow the same spacing.
const POSITION_STEP = 1024;

/** A position after the last task of a column, for a task moved there. */
export function positionAtEnd(
  state: Pick<BoardState, "tasks">,
  status: TaskStatus,
  movingId?: string,
): number {
  const last = tasksIn(state, status)
    .filter((task) => task.id !== movingId)
    .at(-1);
  return last ? last.position + POSITION_STEP : POSITION_STEP;
}

export function canEdit(role: Role): boolean {
  return role === "editor" || role === "owner";
}
